// Fault tests (issue 14) of the built CLI on operations that write the database or a file:
// - KillTest: the CLI is SIGKILLed at points spread over the run;
// - DiskFullTest: the CLI runs in a directory on a tmpfs (in a private mount namespace) sized so
//   that the disk fills up at points spread over what the operation writes.
// Afterwards the previous state or the new one must be there, never a mix, and the database must
// pass PRAGMA integrity_check; a full disk must end in a non-zero exit whose message says the
// disk is full, never in a crash or a sanitizer report.
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
#include <sched.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
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
// In a forked child: runs the CLI in `dir` (its database is dir/bulwark.db) with stdout.txt and
// stderr.txt written into `out_dir`, the clock fixed. Never returns.
[[noreturn]] void exec_cli(const fs::path& dir, const fs::path& out_dir,
                           const std::vector<std::string>& args) {
  const std::string bin = cli_path();
  if (::chdir(dir.c_str()) != 0) ::_exit(126);
  const int out = ::open((out_dir / "stdout.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int err = ::open((out_dir / "stderr.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
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

Exit run_cli(const fs::path& dir, const std::vector<std::string>& args,
             std::optional<std::chrono::microseconds> kill_after = std::nullopt) {
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    exec_cli(dir, dir, args);
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

// What the files under `dir` take on a tmpfs (whole pages).
std::uintmax_t tmpfs_bytes(const fs::path& dir) {
  std::uintmax_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) n += (e.file_size() + 4095) / 4096 * 4096;
  return n;
}

bool says_disk_full(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text.find("no space left") != std::string::npos ||
         text.find("disk is full") != std::string::npos ||
         text.find("disk full") != std::string::npos;
}

// Enters a private mount namespace (a user namespace first when not privileged). "" or why not.
std::string private_mount_namespace() {
  if (::unshare(CLONE_NEWNS) != 0) {
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
      return std::string("unshare: ") + std::strerror(errno);
    std::ofstream("/proc/self/setgroups") << "deny";
    std::ofstream("/proc/self/uid_map") << "0 " << uid << " 1";
    std::ofstream("/proc/self/gid_map") << "0 " << gid << " 1";
  }
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return std::string("mount --make-rprivate /: ") + std::strerror(errno);
  return "";
}

// Runs the CLI like run_cli, but on a copy of `dir` on a tmpfs of `bytes` mounted in a private
// mount namespace; afterwards whatever the run left there replaces `dir`'s content. stdout.txt
// and stderr.txt stay in `dir` (outside the small file system). nullopt, with `why`, when no
// tmpfs could be mounted.
std::optional<Exit> run_cli_on_tmpfs(const fs::path& dir, const std::vector<std::string>& args,
                                     std::uintmax_t bytes, std::string& why) {
  const fs::path mnt = dir.string() + ".tmpfs";
  fs::create_directories(mnt);
  const fs::path reason = dir.string() + ".why";
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    auto give_up = [&](const std::string& text, int code = 125) {
      std::ofstream(reason) << text;
      ::_exit(code);  // 125: no tmpfs here (skip); 124: the harness failed
    };
    if (auto e = private_mount_namespace(); !e.empty()) give_up(e);
    const std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
    if (::mount("tmpfs", mnt.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0)
      give_up(std::string("mount -t tmpfs: ") + std::strerror(errno));
    std::error_code ec;
    fs::copy(dir, mnt, fs::copy_options::recursive, ec);
    if (ec) give_up("copying the template onto the tmpfs: " + ec.message());
    const pid_t cli = ::fork();
    if (cli == 0) {
      exec_cli(mnt, dir, args);
    }
    int status = 0;
    ::waitpid(cli, &status, 0);
    // Bring the result back (the mount goes away with this namespace).
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().filename() != "stdout.txt" && e.path().filename() != "stderr.txt")
        fs::remove_all(e.path(), ec);
    for (const auto& e : fs::directory_iterator(mnt))
      if (e.path().filename() != "stdout.txt" && e.path().filename() != "stderr.txt")
        fs::copy(e.path(), dir / e.path().filename(), fs::copy_options::recursive, ec);
    if (ec) give_up("copying the result back: " + ec.message(), 124);
    ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  Exit e;
  e.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  fs::remove(mnt);
  if ((code == 125 || code == 124) && fs::exists(reason)) {
    why = slurp(reason);
    if (code == 125) return std::nullopt;
  }
  e.code = code > 128 ? -(code - 128) : code;
  return e;
}

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
  std::string from;  // the template directory it starts from
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
    std::printf("\n%-16s %5s %5s %5s %5s %9s %8s\n", "operation", "runs", "old", "new", "mixed",
                "integrity", "run (s)");
    for (const auto& t : tallies())
      std::printf("%-16s %5d %5d %5d %5d %9s %8.2f\n", t.name.c_str(), t.kills, t.old_state,
                  t.new_state, t.mixed, t.integrity_failures ? "FAILED" : "ok", t.seconds);
  }

  void SetUp() override {
    if (!base_) GTEST_SKIP() << "the built CLI is not available (BULWARK_BIN)";
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
  }

  // A fresh copy of template `from` for `op`.
  fs::path fresh(const std::string& from, const Operation& op) {
    const fs::path d = base_->path() / (op.name + "-" + std::to_string(copies_++));
    fs::copy(base_->path() / from, d, fs::copy_options::recursive);
    return d;
  }

  // Two complete runs of `op` from template `from`: the previous state, the new one, the run's
  // exit code and time, and the directory of the first run.
  struct Baseline {
    fs::path before, after;
    std::string old_state, new_state;
    Exit complete;
  };
  Baseline baseline(const std::string& from, const Operation& op) {
    Baseline b;
    b.before = fresh(from, op);
    b.after = fresh(from, op);
    const fs::path r2 = fresh(from, op);
    b.complete = run_cli(b.after, op.args);
    EXPECT_LE(b.complete.code, 1) << op.name << ": " << cli_stderr(b.after);
    EXPECT_LE(run_cli(r2, op.args).code, 1) << op.name << ": " << cli_stderr(r2);
    volatile_ = volatile_between(b.after / "bulwark.db", r2 / "bulwark.db");
    b.old_state = op.state(b.before);
    b.new_state = op.state(b.after);
    EXPECT_EQ(b.new_state, op.state(r2)) << op.name << ": two complete runs differ";
    EXPECT_NE(b.new_state, b.old_state) << op.name << ": the operation changed nothing";
    fs::remove_all(r2);
    return b;
  }

  // Runs `op` from template `from`: two complete runs, then kills spread over the run time.
  void kill_run(const Operation& op) {
    const std::string& from = op.from;
    const Baseline b = baseline(from, op);
    if (::testing::Test::HasFailure()) return;
    Tally t{op.name};
    t.seconds = b.complete.seconds;
    for (int k = 0; k < kKillsPerOperation; ++k) {
      const fs::path d = fresh(from, op);
      const auto at = std::chrono::microseconds(static_cast<long>(
          b.complete.seconds * 1e6 * (0.4 + 0.6 * (k + 0.5) / kKillsPerOperation)));
      run_cli(d, op.args, at);
      const std::string got = op.state(d);
      ++t.kills;
      if (got.find("integrity=ok\n") == std::string::npos &&
          got.find("integrity=") != std::string::npos)
        ++t.integrity_failures;
      if (got == b.old_state)
        ++t.old_state;
      else if (got == b.new_state)
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

  // Runs `op` from template `from` on file systems too small for what it writes: the free space
  // is 0, 10, 25, 50, 75 and 100 % of what a complete run adds (at least 64 KiB), then enough.
  void full_disk_run(const Operation& op) {
    const std::string& from = op.from;
    const Baseline b = baseline(from, op);
    if (::testing::Test::HasFailure()) return;
    const std::uintmax_t used = tmpfs_bytes(b.before);
    const std::uintmax_t grows = std::max<std::uintmax_t>(
        tmpfs_bytes(b.after) > used ? tmpfs_bytes(b.after) - used : 0, 64 * 1024);
    Tally t{op.name};
    t.seconds = b.complete.seconds;
    std::vector<std::uintmax_t> free_space;
    for (const double f : {0.0, 0.1, 0.25, 0.5, 0.75, 1.0})
      free_space.push_back(static_cast<std::uintmax_t>(f * static_cast<double>(grows)));
    free_space.push_back(4 * grows + (4u << 20));  // enough: must complete
    for (std::size_t i = 0; i < free_space.size(); ++i) {
      const bool enough = i + 1 == free_space.size();
      const fs::path d = fresh(from, op);
      std::string why;
      const auto e = run_cli_on_tmpfs(d, op.args, used + free_space[i], why);
      if (!e) GTEST_SKIP() << "no tmpfs in a private mount namespace: " << why;
      ASSERT_TRUE(why.empty()) << why;
      const std::string got = op.state(d);
      const std::string err = cli_stderr(d);
      const std::string where = op.name + " with " + std::to_string(free_space[i]) +
                                " bytes free (exit " + std::to_string(e->code) + "): ";
      ++t.kills;
      if (got.find("integrity=ok\n") == std::string::npos &&
          got.find("integrity=") != std::string::npos)
        ++t.integrity_failures;
      EXPECT_GE(e->code, 0) << where << "killed by signal " << -e->code << "\n" << err;
      EXPECT_EQ(err.find("Sanitizer"), std::string::npos) << where << err;
      EXPECT_EQ(err.find("runtime error:"), std::string::npos) << where << err;
      if (got == b.new_state && e->code == b.complete.code) {
        ++t.new_state;  // completed
      } else if (got == b.old_state && e->code != b.complete.code && e->code > 0) {
        ++t.old_state;  // refused, nothing changed
        EXPECT_TRUE(says_disk_full(err)) << where << "the message does not say the disk is full:\n"
                                         << err;
      } else {
        ++t.mixed;
        ADD_FAILURE() << where << "left "
                      << (got == b.new_state ? "the new state with a failing exit"
                          : got == b.old_state
                              ? "the previous state with a successful exit"
                              : "a state that is neither the previous nor the new one")
                      << "\nstderr: " << err << "\n"
                      << got.substr(0, 2000);
      }
      if (enough) {
        EXPECT_EQ(got, b.new_state) << where << "did not complete with enough space\n" << err;
      }
      fs::remove_all(d);
    }
    EXPECT_EQ(t.integrity_failures, 0) << op.name;
    tallies().push_back(t);
  }

  Operation operation(std::string_view name);

  // The state of the database in `dir` (volatile tables by count).
  StateFn db() {
    return [this](const fs::path& dir) { return db_text(dir / "bulwark.db", volatile_); };
  }

  static inline TempDir* base_ = nullptr;
  static inline std::string setup_error_;
  std::set<std::string> volatile_;
  int copies_ = 0;
};

// The same operations on a full disk (the fixture's templates, its own table).
class DiskFullTest : public KillTest {};

// The operations under test, by name: the template each starts from, its arguments and how its
// state is read.
Operation KillTest::operation(std::string_view name) {
  const auto zip_state = [](const fs::path& dir) {
    const std::string z = slurp(dir / "evidence.zip");
    if (z == "OLD BUNDLE") return std::string("old bundle");
    // A complete zip ends with its end-of-central-directory record.
    const bool complete = z.size() > 22 && z.rfind("PK\x05\x06") == z.size() - 22;
    return complete ? "zip of " + std::to_string(z.size()) + " bytes"
                    : "incomplete file of " + std::to_string(z.size()) + " bytes";
  };
  const auto csaf_state = [](const fs::path& dir) {
    std::string out;
    for (const auto& [path, bytes] : tree_state(dir / "csaf"))
      out += path + " " + std::to_string(bytes.size()) + " " +
             std::to_string(std::hash<std::string>{}(bytes)) + "\n";
    return out;
  };
  const auto sbom_state = [](const fs::path& dir) {
    const std::string s = slurp(dir / "sbom.cdx.json");
    if (s == "OLD SBOM") return std::string("old sbom");
    auto doc = nlohmann::json::parse(s, nullptr, false);
    if (doc.is_discarded() || !doc.contains("components"))
      return "incomplete file of " + std::to_string(s.size()) + " bytes";
    return "sbom of " + std::to_string(doc["components"].size()) + " components";
  };
  const std::vector<Operation> all = {
      {"release-add",
       "template",
       {"release", "add", "acme", "9.0", "--sbom", "big.cdx.json", "--released", "2026-11-20"},
       db()},
      {"monitor", "template", {"monitor"}, db()},
      {"triage",
       "monitored",
       {"triage", "acme@1.0", "CVE-2021-44228", "--state", "not_affected", "--justification",
        "vulnerable_code_not_in_execute_path", "--detail", "JNDI lookups are disabled", "--author",
        "psirt@acme.example"},
       db()},
      {"vex-import", "monitored", {"vex", "import", "acme@1.0", "vex.json"}, db()},
      {"evidence-bundle",
       "monitored",
       {"cra", "docs", "acme@1.1", "-o", "docs", "--bundle", "evidence.zip"},
       zip_state},
      {"csaf-directory",
       "monitored",
       {"advisory", "publish", "csaf", "--product", "acme"},
       csaf_state},
      {"sbom-output", "monitored", {"sbom", "rootfs", "-o", "sbom.cdx.json"}, sbom_state},
      {"db-import",
       "template",
       {"db", "import", (source_dir() / "data/sample/feeds/kev-sample.json").string(),
        (source_dir() / "data/sample/feeds/epss-sample.csv").string()},
       db()},
  };
  for (const auto& op : all)
    if (op.name == name) return op;
  ADD_FAILURE() << "no operation " << name;
  return {};
}

TEST_F(KillTest, ReleaseAdd) { kill_run(operation("release-add")); }
TEST_F(KillTest, Monitor) { kill_run(operation("monitor")); }
TEST_F(KillTest, Triage) { kill_run(operation("triage")); }
TEST_F(KillTest, VexImport) { kill_run(operation("vex-import")); }
TEST_F(KillTest, EvidenceBundle) { kill_run(operation("evidence-bundle")); }
TEST_F(KillTest, CsafDirectory) { kill_run(operation("csaf-directory")); }
TEST_F(KillTest, SbomOutput) { kill_run(operation("sbom-output")); }

TEST_F(DiskFullTest, ReleaseAdd) { full_disk_run(operation("release-add")); }
TEST_F(DiskFullTest, Monitor) { full_disk_run(operation("monitor")); }
TEST_F(DiskFullTest, Triage) { full_disk_run(operation("triage")); }
TEST_F(DiskFullTest, VexImport) { full_disk_run(operation("vex-import")); }
TEST_F(DiskFullTest, DbImport) { full_disk_run(operation("db-import")); }
TEST_F(DiskFullTest, EvidenceBundle) { full_disk_run(operation("evidence-bundle")); }
TEST_F(DiskFullTest, CsafDirectory) { full_disk_run(operation("csaf-directory")); }
TEST_F(DiskFullTest, SbomOutput) { full_disk_run(operation("sbom-output")); }

}  // namespace
}  // namespace bulwark::test
