// Hostile-input regression suite: documents generated here (deep nesting per format, a huge
// timestamp fraction, a YAML "- " storm, alias amplification...) go through the built CLI in a
// child process with RLIMIT_CPU (10 s) and a wall-clock kill; peak RSS is taken from wait4's
// rusage. Every case must end with exit 0, 1 or 2 (never a signal, never a sanitizer report),
// stay within 1 GiB, and say which input it refused. A table (case, exit, message, time, peak
// RSS) is printed at the end of the run so that it can be quoted.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "shared.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;

constexpr rlim_t kCpuSeconds = 10;
constexpr int kWallSeconds = 60;  // safety net only (a child stuck in I/O); nothing asserts on time
constexpr long kMaxRssKiB = 1024L * 1024L;  // 1 GiB

struct Outcome {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  bool wall_killed = false;
  std::string out, err;
  double seconds = 0;
  long peak_rss_kib = 0;
};

struct Row {
  std::string name;
  Outcome o;
};

std::vector<Row>& table() {
  static std::vector<Row> rows;
  return rows;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs the CLI with `args` under the limits; stdout/stderr go to files in `dir`.
Outcome run_limited(const std::vector<std::string>& args, const fs::path& dir) {
  const std::string bin = cli_path();
  const fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const rlimit cpu{kCpuSeconds, kCpuSeconds + 1};
    ::setrlimit(RLIMIT_CPU, &cpu);
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (o < 0 || e < 0) ::_exit(126);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::setenv("BULWARK_NOW", "2026-11-29T12:00:00Z", 1);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(bin.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  Outcome r;
  if (pid < 0) return r;
  int status = 0;
  rusage ru{};
  for (;;) {
    const pid_t w = ::wait4(pid, &status, WNOHANG, &ru);
    if (w == pid) break;
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(kWallSeconds)) {
      ::kill(pid, SIGKILL);
      r.wall_killed = true;
      ::wait4(pid, &status, 0, &ru);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.peak_rss_kib = ru.ru_maxrss;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  if (line.size() > 110) line = line.substr(0, 107) + "...";
  return line;
}

class TablePrinter : public ::testing::Environment {
 public:
  void TearDown() override {
    if (table().empty()) return;
    std::printf("\n[ hostile ] %-30s %-5s %8s %10s  %s\n", "case", "exit", "time s", "peak RSS",
                "message");
    for (const auto& [name, o] : table()) {
      std::string exit = o.signal ? "sig" + std::to_string(o.signal) : std::to_string(o.exit_code);
      std::printf("[ hostile ] %-30s %-5s %8.2f %7ld MiB  %s\n", name.c_str(), exit.c_str(),
                  o.seconds, o.peak_rss_kib / 1024,
                  first_line(o.err.empty() ? o.out : o.err).c_str());
    }
  }
};
[[maybe_unused]] const auto* const kPrinter = ::testing::AddGlobalTestEnvironment(new TablePrinter);

// ---- generated documents ----

std::string cdx_xml_nested(std::size_t depth) {
  std::string s =
      "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" "
      "version=\"1\"><components>";
  s.reserve(depth * 80);
  for (std::size_t i = 0; i < depth; ++i)
    s += "<component type=\"library\"><name>n</name><components>";
  for (std::size_t i = 0; i < depth; ++i) s += "</components></component>";
  return s + "</components></bom>\n";
}

std::string repeat(std::string_view piece, std::size_t n) {
  std::string s;
  s.reserve(piece.size() * n);
  for (std::size_t i = 0; i < n; ++i) s += piece;
  return s;
}

std::string cdx_json_nested_components(std::size_t depth) {
  return R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":)" +
         repeat(R"([{"type":"library","name":"n","components":)", depth) + "[]" +
         repeat("}]", depth) + "}";
}

std::string cdx_vex_nested_arrays(std::size_t depth) {
  return R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":)" +
         repeat("[", depth) + repeat("]", depth) + R"(,"vulnerabilities":[]})";
}

std::string csaf_vex_branches(std::size_t depth) {
  return R"({"document":{"csaf_version":"2.0","category":"csaf_vex","tracking":{"id":"X-1"}},"product_tree":{"branches":[)" +
         repeat(R"({"category":"vendor","name":"v","branches":[)", depth) +
         R"({"category":"product_version","name":"1","product":{"product_id":"P","name":"p"}})" +
         repeat("]}", depth) +
         R"(]},"vulnerabilities":[{"cve":"CVE-2099-0001","product_status":{"known_not_affected":["P"]}}]})";
}

std::string cdx_json_timestamp_fraction(std::size_t digits) {
  return R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"timestamp":"2026-01-01T00:00:00.)" +
         std::string(digits, '7') +
         R"(Z"},"components":[{"type":"library","name":"a","version":"1","purl":"pkg:npm/a@1"}]})";
}

class Hostile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_dir_ = new TempDir();
    db_ = (db_dir_->path() / "vuln.db").string();
    auto r = run("BULWARK_NOW=2026-11-29T12:00:00Z '" + cli_path() + "' --db '" + db_ +
                 "' db import " + shell_quote(source_dir() / "data/sample/osv"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete db_dir_;
    db_dir_ = nullptr;
  }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = tmp_.path() / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  // Runs the case, records it in the table and checks the common contract.
  Outcome run_case(const std::string& name, std::vector<std::string> args,
                   const std::string& must_name) {
    args.insert(args.begin(), {"--db", db_});
    Outcome o = run_limited(args, tmp_.path());
    table().push_back({name, o});
    EXPECT_FALSE(o.wall_killed) << name << ": killed after " << kWallSeconds << " s";
    EXPECT_EQ(o.signal, 0) << name << ": ended by signal " << o.signal << "\n"
                           << o.err.substr(0, 2000);
    EXPECT_TRUE(o.exit_code == 0 || o.exit_code == 1 || o.exit_code == 2)
        << name << ": exit " << o.exit_code << "\n"
        << o.err.substr(0, 2000);
    for (const char* report :
         {"AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer", "runtime error:"})
      EXPECT_EQ(o.err.find(report), std::string::npos) << name << ": sanitizer report\n"
                                                       << o.err.substr(0, 4000);
    EXPECT_LE(o.peak_rss_kib, kMaxRssKiB) << name << ": peak RSS " << o.peak_rss_kib << " KiB";
    EXPECT_NE((o.err + o.out).find(must_name), std::string::npos)
        << name << ": the message does not name " << must_name << "\n"
        << first_line(o.err);
    return o;
  }

  std::string sample_sbom() const {
    return (source_dir() / "data/sample/sbom/sample-product.cdx.json").string();
  }

  TempDir tmp_;
  static TempDir* db_dir_;
  static std::string db_;
};
TempDir* Hostile::db_dir_ = nullptr;
std::string Hostile::db_;

constexpr const char* kNesting = "nesting deeper than 100";

TEST_F(Hostile, CycloneDxXml30000NestedComponentsSbomCheck) {
  const auto p = write("deep.cdx.xml", cdx_xml_nested(30000));
  auto o = run_case("sbom check xml 30k nested", {"sbom", "check", p.string()}, "deep.cdx.xml");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(kNesting), std::string::npos) << o.err;
}

TEST_F(Hostile, CycloneDxXml30000NestedComponentsScan) {
  const auto p = write("deep.cdx.xml", cdx_xml_nested(30000));
  auto o = run_case("scan xml 30k nested", {"scan", "--allow-stale", p.string()}, "deep.cdx.xml");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(kNesting), std::string::npos) << o.err;
}

TEST_F(Hostile, CycloneDxXml30000NestedComponentsConvert) {
  const auto p = write("deep.cdx.xml", cdx_xml_nested(30000));
  auto o = run_case(
      "sbom convert xml 30k nested",
      {"sbom", "convert", p.string(), "-f", "spdx-json", "-o", (tmp_.path() / "out.json").string()},
      "deep.cdx.xml");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(kNesting), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(tmp_.path() / "out.json"));
}

TEST_F(Hostile, CycloneDxJson100000NestedComponentsSbomCheck) {
  const auto p = write("deep.cdx.json", cdx_json_nested_components(100000));
  auto o = run_case("sbom check json 100k nested", {"sbom", "check", p.string()}, "deep.cdx.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(kNesting), std::string::npos) << o.err;
}

TEST_F(Hostile, CycloneDxJsonDeepComponentsConvert) {
  const auto p = write("deep.cdx.json", cdx_json_nested_components(100000));
  auto o = run_case("sbom convert json 100k nested",
                    {"sbom", "convert", p.string(), "-f", "spdx-tv"}, "deep.cdx.json");
  EXPECT_EQ(o.exit_code, 2);
}

TEST_F(Hostile, CycloneDxVex300000NestedArraysScanVex) {
  const auto p = write("deep.vex.json", cdx_vex_nested_arrays(300000));
  auto o = run_case("scan --vex cdx 300k arrays",
                    {"scan", "--allow-stale", sample_sbom(), "--vex", p.string()}, "deep.vex.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(kNesting), std::string::npos) << o.err;
}

TEST_F(Hostile, CsafVex20000BranchesScanVex) {
  const auto p = write("deep.csaf.json", csaf_vex_branches(20000));
  auto o =
      run_case("scan --vex csaf 20k branches",
               {"scan", "--allow-stale", sample_sbom(), "--vex", p.string()}, "deep.csaf.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(kNesting), std::string::npos) << o.err;
}

TEST_F(Hostile, TimestampWith300000DigitFractionSbomCheck) {
  const auto p = write("fraction.cdx.json", cdx_json_timestamp_fraction(300000));
  auto o = run_case("sbom check 300k-digit fraction", {"sbom", "check", p.string()},
                    "fraction.cdx.json");
  EXPECT_TRUE(o.exit_code == 0 || o.exit_code == 1) << o.err;
}

TEST_F(Hostile, OsvYamlDashStormDbImport) {
  const auto p = write("osv/PYSEC-2099-1.yaml",
                       "id: PYSEC-2099-1\nmodified: \"2026-01-01T00:00:00Z\"\naffected:\n  " +
                           repeat("- ", 200000) + "x\n");
  auto o = run_case("db import yaml 200k '- '", {"db", "import", p.parent_path().string()},
                    "PYSEC-2099-1.yaml");
  EXPECT_NE((o.err + o.out).find(kNesting), std::string::npos) << o.err << o.out;
}

TEST_F(Hostile, OsvYamlDeepFlowDbImport) {
  const auto p =
      write("osv/PYSEC-2099-2.yaml",
            "id: PYSEC-2099-2\naffected: " + repeat("[", 200000) + repeat("]", 200000) + "\n");
  auto o = run_case("db import yaml 200k '['", {"db", "import", p.parent_path().string()},
                    "PYSEC-2099-2.yaml");
  EXPECT_NE((o.err + o.out).find(kNesting), std::string::npos) << o.err << o.out;
}

TEST_F(Hostile, OsvYamlAliasAmplificationDbImport) {
  std::string y = "id: PYSEC-2099-3\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    y += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) y += (k ? ", *a" : "*a") + std::to_string(i - 1);
    y += "]\n";
  }
  const auto p = write("osv/PYSEC-2099-3.yaml", y);
  run_case("db import yaml alias 10^10", {"db", "import", p.parent_path().string()},
           "PYSEC-2099-3.yaml");
}

TEST_F(Hostile, OsvJson300000NestedArraysDbImport) {
  const auto p = write("osv/OSV-2099-4.json", R"({"id":"OSV-2099-4","database_specific":)" +
                                                  repeat("[", 300000) + repeat("]", 300000) + "}");
  auto o = run_case("db import json 300k arrays", {"db", "import", p.parent_path().string()},
                    "OSV-2099-4.json");
  EXPECT_NE((o.err + o.out).find(kNesting), std::string::npos) << o.err << o.out;
}

TEST_F(Hostile, SpdxJson300000NestedObjectsSbomCheck) {
  const auto p =
      write("deep.spdx.json", R"({"spdxVersion":"SPDX-2.3","x":)" + repeat(R"({"a":)", 300000) +
                                  "1" + repeat("}", 300000) + "}");
  auto o =
      run_case("sbom check spdx 300k objects", {"sbom", "check", p.string()}, "deep.spdx.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(kNesting), std::string::npos) << o.err;
}

}  // namespace
}  // namespace bulwark::test
