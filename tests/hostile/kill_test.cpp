// Kill tests (issue 14): the built CLI is SIGKILLed at points spread over the whole run of an
// operation that writes the database or a file, and afterwards the previous state or the new one
// must be there, never a mix, and the database must pass PRAGMA integrity_check.
//
// Each operation starts from a template directory made once (database, inputs, old outputs). A
// complete run on a copy gives the "new" state (twice: tables whose content differs between two
// complete runs are compared by row count only) and its duration T; then K copies are killed at
// T * (0.4 + 0.6 (k + 0.5) / K): the first 40 % of a run is start-up and reading, the writing comes
// last. The database state is the content of every table; a file's state is its bytes
// (or, for outputs with a random serial number, its completeness); a directory's state is every
// file in it. A table of kills and outcomes per operation is printed at the end.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "shared.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kKillsPerOperation = 10;
constexpr const char* kNow = "2026-11-29T12:00:00Z";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Runs the CLI in `dir` (its database is dir/bulwark.db); with kill_after, SIGKILLs it then.
// Returns the exit code, -SIGNAL when killed, and the wall time.
struct Exit {
  int code = 0;
  double seconds = 0;
};
Exit run_cli(const fs::path& dir, const std::vector<std::string>& args,
             std::optional<std::chrono::microseconds> kill_after = std::nullopt) {
  const std::string bin = cli_path();
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(126);
    const int out = ::open("stdout.txt", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open("stderr.txt", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || err < 0) ::_exit(126);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::setenv("BULWARK_NOW", kNow, 1);
    ::setenv("SOURCE_DATE_EPOCH", "1764417600", 1);
    ::setenv("BULWARK_DB", "bulwark.db", 1);
    std::vector<char*> argv{const_cast<char*>(bin.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  if (kill_after) {
    std::this_thread::sleep_for(*kill_after);
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  Exit e;
  e.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  e.code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  return e;
}

std::string cli_stderr(const fs::path& dir) { return slurp(dir / "stderr.txt"); }

// PRAGMA integrity_check and the content of every table (rows sorted), per table.
struct DbState {
  std::string integrity;
  std::map<std::string, std::string> tables;  // name -> rows, one a line
  std::map<std::string, std::size_t> counts;
};
DbState db_state(const fs::path& db) {
  DbState s;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    s.integrity = "cannot open: " + std::string(h ? sqlite3_errmsg(h) : "?");
    sqlite3_close(h);
    return s;
  }
  auto rows = [&](const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      out.push_back("error: " + std::string(sqlite3_errmsg(h)));
      return out;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* t = sqlite3_column_text(st, i);
        row += (t ? reinterpret_cast<const char*>(t) : "NULL");
        row += '\x1f';
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    return out;
  };
  auto check = rows("PRAGMA integrity_check");
  s.integrity = check.empty() ? "no answer" : check.front();
  if (!s.integrity.empty() && s.integrity.back() == '\x1f') s.integrity.pop_back();
  for (const auto& t : rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                            "LIKE 'sqlite_%' ORDER BY name")) {
    const std::string name = t.substr(0, t.size() - 1);
    auto content = rows("SELECT * FROM \"" + name + "\"");
    std::sort(content.begin(), content.end());
    std::string joined;
    for (const auto& r : content) joined += r + "\n";
    s.tables[name] = std::move(joined);
    s.counts[name] = content.size();
  }
  sqlite3_close(h);
  return s;
}

// Every regular file under `dir` (relative path -> bytes).
std::map<std::string, std::string> tree_state(const fs::path& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file()) out[fs::relative(it->path(), dir).string()] = slurp(it->path());
  return out;
}

// The state an operation leaves, as a comparable text, and a short description of it.
using StateFn = std::function<std::string(const fs::path& dir)>;

struct Operation {
  std::string name;
  std::vector<std::string> args;
  StateFn state;  // "" never: describes the state compactly enough to compare
};

struct Tally {
  std::string name;
  int kills = 0, old_state = 0, new_state = 0, mixed = 0, integrity_failures = 0;
  double seconds = 0;
};

std::vector<Tally>& tallies() {
  static std::vector<Tally> t;
  return t;
}

// The database part of a state: integrity first, then the tables (volatile ones by count).
std::string db_text(const fs::path& db, const std::set<std::string>& volatile_tables) {
  const DbState s = db_state(db);
  std::string out = "integrity=" + s.integrity + "\n";
  for (const auto& [name, rows] : s.tables)
    out += volatile_tables.contains(name)
               ? "[" + name + "] " + std::to_string(s.counts.at(name)) + " rows\n"
               : "[" + name + "]\n" + rows;
  return out;
}

// Tables whose content differs between two complete runs (random ids, wall-clock values).
std::set<std::string> volatile_between(const fs::path& a, const fs::path& b) {
  const DbState x = db_state(a), y = db_state(b);
  std::set<std::string> out;
  for (const auto& [name, rows] : x.tables)
    if (!y.tables.contains(name) || y.tables.at(name) != rows) out.insert(name);
  return out;
}

class KillTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (cli_path().empty() || !fs::exists(cli_path())) return;
    base_ = new TempDir();
    const fs::path t = base_->path() / "template";
    fs::create_directories(t);
    const fs::path src = source_dir();
    // Inputs written by the test: a 20,000-component SBOM, a dpkg status of 8,000 packages.
    std::string sbom =
        R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":)"
        R"({"type":"application","name":"big","version":"9.0","bom-ref":"root"}},"components":[)";
    for (int i = 0; i < 20000; ++i)
      sbom += (i ? "," : "") + std::string(R"({"type":"library","name":"kill-)") +
              std::to_string(i) + R"(","version":"1.0.)" + std::to_string(i % 7) +
              R"(","purl":"pkg:npm/kill-)" + std::to_string(i) + "@1.0." + std::to_string(i % 7) +
              R"(","bom-ref":"c)" + std::to_string(i) + "\"}";
    sbom += "]}";
    spit(t / "big.cdx.json", sbom);
    std::string status;
    for (int i = 0; i < 8000; ++i)
      status += "Package: killpkg" + std::to_string(i) +
                "\nStatus: install ok installed\nPriority: optional\nSection: misc\n"
                "Maintainer: Kill Test <kill@example.com>\nArchitecture: amd64\nVersion: 1." +
                std::to_string(i % 13) + "-" + std::to_string(i % 3 + 1) +
                "\nDescription: generated package\n\n";
    spit(t / "rootfs" / "var" / "lib" / "dpkg" / "status", status);
    spit(t / "rootfs" / "etc" / "os-release",
         "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12\"\n");
    for (const auto& f : {"sample-product.cdx.json", "sample-product-3.3.0.cdx.json"})
      fs::copy_file(src / "data/sample/sbom" / f, t / f);
    // The database: a product with two releases added before the vulnerability data (so that
    // monitor finds everything new), an advisory to publish.
    const std::vector<std::vector<std::string>> steps = {
        {"product", "add", "acme", "--vendor", "Acme", "--class", "important-1", "--website",
         "https://acme.example", "--contact", "security@acme.example"},
        {"release", "add", "acme", "1.0", "--sbom", "sample-product.cdx.json", "--released",
         "2026-03-02"},
        {"release", "add", "acme", "1.1", "--sbom", "sample-product-3.3.0.cdx.json", "--released",
         "2026-11-16"},
    };
    for (const auto& s : steps) {
      const Exit e = run_cli(t, s);
      if (e.code != 0) {
        setup_error_ = "setup step failed: " + cli_stderr(t);
        return;
      }
    }
    // A second template with the data imported and monitored (for triage, VEX, documents).
    const fs::path m = base_->path() / "monitored";
    fs::copy(t, m, fs::copy_options::recursive);
    for (const auto& s : std::vector<std::vector<std::string>>{
             {"db", "import", (src / "data/sample/osv").string(),
              (src / "data/sample/feeds/kev-sample.json").string(),
              (src / "data/sample/feeds/epss-sample.csv").string()},
             {"monitor"},
             {"advisory", "create", "acme", "CVE-2021-44228", "--fixed-in", "1.1", "--url",
              "https://acme.example/downloads/1.1", "-o", "advisory.json"}}) {
      const Exit e = run_cli(m, s);
      if (e.code != 0 && !(s[0] == "monitor" && e.code == 1)) {
        setup_error_ = "setup step " + s[0] + " failed: " + cli_stderr(m);
        return;
      }
    }
    // The template of `monitor` gets the data imported but not yet matched.
    const Exit imp = run_cli(t, {"db", "import", (src / "data/sample/osv").string()});
    if (imp.code != 0) setup_error_ = "setup import failed: " + cli_stderr(t);
    // A VEX document with a statement on every finding of 1.0.
    const Exit f = run_cli(m, {"findings", "acme@1.0", "--format", "json"});
    nlohmann::json findings = nlohmann::json::parse(slurp(m / "stdout.txt"), nullptr, false);
    if (f.code > 1 || findings.is_discarded()) {
      setup_error_ = "findings failed: " + cli_stderr(m);
      return;
    }
    nlohmann::json statements = nlohmann::json::array();
    for (const auto& x : findings["findings"])
      statements.push_back({{"vulnerability", {{"name", x["id"]}}},
                            {"products", {{{"@id", x["component"]["purl"]}}}},
                            {"status", "not_affected"},
                            {"justification", "component_not_present"}});
    spit(m / "vex.json", nlohmann::json{{"@context", "https://openvex.dev/ns/v0.2.0"},
                                        {"@id", "https://acme.example/vex/kill-test"},
                                        {"author", "kill test"},
                                        {"timestamp", kNow},
                                        {"version", 1},
                                        {"statements", statements}}
                             .dump());
    // Old outputs the file operations must either keep or replace whole.
    spit(m / "evidence.zip", "OLD BUNDLE");
    spit(m / "csaf" / "OLD-MARKER.txt", "old tree");
    spit(m / "sbom.cdx.json", "OLD SBOM");
  }
  static void TearDownTestSuite() {
    delete base_;
    base_ = nullptr;
    std::printf("\n%-14s %5s %5s %5s %5s %9s %8s\n", "operation", "kills", "old", "new", "mixed",
                "integrity", "run (s)");
    for (const auto& t : tallies())
      std::printf("%-14s %5d %5d %5d %5d %9s %8.2f\n", t.name.c_str(), t.kills, t.old_state,
                  t.new_state, t.mixed, t.integrity_failures ? "FAILED" : "ok", t.seconds);
  }

  void SetUp() override {
    if (!base_) GTEST_SKIP() << "the built CLI is not available (BULWARK_BIN)";
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
  }

  // Runs `op` from template `from`: two complete runs, then kills spread over the run time.
  void kill_run(const std::string& from, const Operation& op) {
    const fs::path tpl = base_->path() / from;
    int n = 0;
    auto fresh = [&] {
      const fs::path d = base_->path() / (op.name + "-" + std::to_string(n++));
      fs::copy(tpl, d, fs::copy_options::recursive);
      return d;
    };
    const fs::path before = fresh(), r1 = fresh(), r2 = fresh();
    const Exit e1 = run_cli(r1, op.args);
    ASSERT_LE(e1.code, 1) << op.name << ": " << cli_stderr(r1);
    ASSERT_LE(run_cli(r2, op.args).code, 1) << op.name << ": " << cli_stderr(r2);
    volatile_ = volatile_between(r1 / "bulwark.db", r2 / "bulwark.db");
    const std::string old_state = op.state(before);
    const std::string new_state = op.state(r1);
    ASSERT_EQ(new_state, op.state(r2)) << op.name << ": two complete runs differ";
    ASSERT_NE(new_state, old_state) << op.name << ": the operation changed nothing";
    Tally t{op.name};
    t.seconds = e1.seconds;
    for (int k = 0; k < kKillsPerOperation; ++k) {
      const fs::path d = fresh();
      const auto at = std::chrono::microseconds(
          static_cast<long>(e1.seconds * 1e6 * (0.4 + 0.6 * (k + 0.5) / kKillsPerOperation)));
      run_cli(d, op.args, at);
      const std::string got = op.state(d);
      ++t.kills;
      if (got.find("integrity=ok\n") == std::string::npos &&
          got.find("integrity=") != std::string::npos)
        ++t.integrity_failures;
      if (got == old_state)
        ++t.old_state;
      else if (got == new_state)
        ++t.new_state;
      else {
        ++t.mixed;
        ADD_FAILURE() << op.name << ": kill after " << at.count() << " us left a state that is "
                      << "neither the previous nor the new one:\n"
                      << got.substr(0, 2000);
      }
      fs::remove_all(d);
    }
    EXPECT_EQ(t.integrity_failures, 0) << op.name;
    tallies().push_back(t);
  }

  // The state of the database in `dir` (volatile tables by count).
  StateFn db() {
    return [this](const fs::path& dir) { return db_text(dir / "bulwark.db", volatile_); };
  }

  static inline TempDir* base_ = nullptr;
  static inline std::string setup_error_;
  std::set<std::string> volatile_;
};

TEST_F(KillTest, ReleaseAdd) {
  kill_run("template",
           {"release-add",
            {"release", "add", "acme", "9.0", "--sbom", "big.cdx.json", "--released", "2026-11-20"},
            db()});
}

TEST_F(KillTest, Monitor) { kill_run("template", {"monitor", {"monitor"}, db()}); }

TEST_F(KillTest, Triage) {
  kill_run("monitored", {"triage",
                         {"triage", "acme@1.0", "CVE-2021-44228", "--state", "not_affected",
                          "--justification", "vulnerable_code_not_in_execute_path", "--detail",
                          "JNDI lookups are disabled", "--author", "psirt@acme.example"},
                         db()});
}

TEST_F(KillTest, VexImport) {
  kill_run("monitored", {"vex-import", {"vex", "import", "acme@1.0", "vex.json"}, db()});
}

TEST_F(KillTest, EvidenceBundle) {
  kill_run("monitored",
           {"evidence-bundle",
            {"cra", "docs", "acme@1.1", "-o", "docs", "--bundle", "evidence.zip"},
            [](const fs::path& dir) {
              const std::string z = slurp(dir / "evidence.zip");
              if (z == "OLD BUNDLE") return std::string("old bundle");
              // A complete zip ends with its end-of-central-directory record.
              const bool complete = z.size() > 22 && z.rfind("PK\x05\x06") == z.size() - 22;
              return complete ? "zip of " + std::to_string(z.size()) + " bytes"
                              : "incomplete file of " + std::to_string(z.size()) + " bytes";
            }});
}

TEST_F(KillTest, CsafDirectory) {
  kill_run("monitored", {"csaf-directory",
                         {"advisory", "publish", "csaf", "--product", "acme"},
                         [](const fs::path& dir) {
                           std::string out;
                           for (const auto& [path, bytes] : tree_state(dir / "csaf"))
                             out += path + " " + std::to_string(bytes.size()) + " " +
                                    std::to_string(std::hash<std::string>{}(bytes)) + "\n";
                           return out;
                         }});
}

TEST_F(KillTest, SbomOutput) {
  kill_run("monitored",
           {"sbom-output", {"sbom", "rootfs", "-o", "sbom.cdx.json"}, [](const fs::path& dir) {
              const std::string s = slurp(dir / "sbom.cdx.json");
              if (s == "OLD SBOM") return std::string("old sbom");
              auto doc = nlohmann::json::parse(s, nullptr, false);
              if (doc.is_discarded() || !doc.contains("components"))
                return "incomplete file of " + std::to_string(s.size()) + " bytes";
              return "sbom of " + std::to_string(doc["components"].size()) + " components";
            }});
}

}  // namespace
}  // namespace bulwark::test
