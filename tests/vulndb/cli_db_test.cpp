// `bulwark db import` / `bulwark db status` through the built binary, including a kill -9 in
// the middle of a large import.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include "bulwark/vulndb/store.hpp"
#include "fixtures.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::test::cli_path;
using bulwark::test::dump_query;
using bulwark::test::dump_tables;
using bulwark::test::osv_record;
using bulwark::test::run;
using bulwark::test::shell_quote;
using bulwark::test::TempDir;
using bulwark::test::write_json;
using bulwark::test::write_text;

namespace {

#define REQUIRE_CLI() \
  if (!fs::exists(cli_path())) GTEST_SKIP() << "bulwark binary not built: " << cli_path()

std::string db_cmd(const fs::path& db, const std::string& args) {
  return shell_quote(cli_path()) + " --db " + shell_quote(db) + " db " + args;
}

TEST(CliDb, ImportSummaryAndStatus) {
  REQUIRE_CLI();
  TempDir tmp;
  const auto db = tmp.path() / "v.db";
  write_json(tmp.path() / "in/GHSA-c1.json",
             osv_record("GHSA-c1", "2024-01-01T00:00:00Z", "npm", "a", {"CVE-1"}));
  auto w = osv_record("GHSA-c2", "2024-02-01T00:00:00Z", "npm", "b");
  w["withdrawn"] = "2024-03-01T00:00:00Z";
  write_json(tmp.path() / "in/GHSA-c2.json", w);
  write_text(tmp.path() / "in/BAD.json", R"({"id": "BAD"})");

  auto r = run(db_cmd(db, "import " + shell_quote(tmp.path() / "in")));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_search(
      r.out,
      std::regex(
          R"(^imported 2 records \(new 2, updated 0, unchanged 0, withdrawn 1, invalid 1\) in [0-9.]+ s \([0-9]+ records/s\)\n$)")))
      << r.out;
  EXPECT_EQ(r.err, (tmp.path() / "in/BAD.json").string() + ": /modified: missing required field\n");

  auto again = run(db_cmd(db, "import " + shell_quote(tmp.path() / "in/GHSA-c1.json")));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(
      again.out.find("imported 1 records (new 0, updated 0, unchanged 1, withdrawn 0, invalid 0)"),
      std::string::npos)
      << again.out;

  auto table = run(db_cmd(db, "status"));
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("database:    " + db.string() + "\n"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("records:     2 (1 withdrawn)\n"), std::string::npos) << table.out;
  EXPECT_TRUE(std::regex_search(table.out, std::regex(R"(\nnpm +GHSA +2  2024-02-01T00:00:00Z\n)")))
      << table.out;

  auto js = run(db_cmd(db, "status --format json"));
  ASSERT_EQ(js.exit_code, 0) << js.err;
  auto j = nlohmann::json::parse(js.out);
  EXPECT_EQ(j["path"], db.string());
  EXPECT_EQ(j["records"], 2);
  EXPECT_EQ(j["withdrawn"], 1);
  EXPECT_EQ(j["last_import_sources"],
            nlohmann::json::array({(tmp.path() / "in/GHSA-c1.json").string()}));
  ASSERT_EQ(j["ecosystems"].size(), 1u);
  EXPECT_EQ(j["ecosystems"][0]["ecosystem"], "npm");
  EXPECT_EQ(j["ecosystems"][0]["records"], 2);
}

TEST(CliDb, ExitCodes) {
  REQUIRE_CLI();
  TempDir tmp;
  const auto db = tmp.path() / "v.db";
  write_json(tmp.path() / "in/E-1.json", osv_record("E-1", "2024-01-01T00:00:00Z", "npm", "a"));
  write_text(tmp.path() / "in/E-2.json",
             R"({"id": "E-2", "modified": "2024-01-01T00:00:00Z", "affected": [{}]})");

  auto strict = run(db_cmd(db, "import --strict " + shell_quote(tmp.path() / "in")));
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.err.find("1 invalid record(s); strict import: nothing imported"),
            std::string::npos)
      << strict.err;
  EXPECT_NE(
      strict.err.find((tmp.path() / "in/E-2.json").string() + ": /affected/0/package: missing"),
      std::string::npos)
      << strict.err;
  EXPECT_EQ(dump_query(db, "SELECT count(*) FROM records"), "0|\n");

  auto missing = run(db_cmd(db, "import " + shell_quote(tmp.path() / "nowhere")));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err,
            "bulwark: " + (tmp.path() / "nowhere").string() + ": no such file or directory\n");

  fs::create_directories(tmp.path() / "empty");
  EXPECT_EQ(run(db_cmd(db, "import " + shell_quote(tmp.path() / "empty"))).exit_code, 2);

  auto only_bad = run(db_cmd(db, "import " + shell_quote(tmp.path() / "in/E-2.json")));
  EXPECT_EQ(only_bad.exit_code, 2) << only_bad.out;

  auto ok = run(db_cmd(db, "import " + shell_quote(tmp.path() / "in")));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(dump_query(db, "SELECT count(*) FROM records"), "1|\n");

  EXPECT_EQ(run(db_cmd(db, "status --format xml")).exit_code, 2);
  EXPECT_EQ(run(db_cmd(db, "")).exit_code, 2);
}

TEST(CliDb, DefaultPathFromEnvironment) {
  REQUIRE_CLI();
  TempDir tmp;
  write_json(tmp.path() / "in/D-1.json", osv_record("D-1", "2024-01-01T00:00:00Z", "npm", "a"));
  const std::string env =
      "env -u BULWARK_DB XDG_DATA_HOME=" + shell_quote(tmp.path() / "xdg") + " ";
  auto r = run(env + shell_quote(cli_path()) + " db import " + shell_quote(tmp.path() / "in"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(tmp.path() / "xdg/bulwark/bulwark.db"));
  auto st = run(env + shell_quote(cli_path()) + " db status --format json");
  EXPECT_EQ(nlohmann::json::parse(st.out)["records"], 1);
}

// A large input: `files` JSON array files of `per_file` records each (written without a JSON
// library: it must be quick), all of them newer than the previous contents.
void write_large_input(const fs::path& dir, int files, int per_file) {
  for (int f = 0; f < files; ++f) {
    std::string text = "[";
    for (int k = 0; k < per_file; ++k) {
      const std::string n = std::to_string(f * per_file + k);
      if (k) text += ",";
      text += R"({"id":"BIG-)" + n + R"(","modified":"2025-01-01T00:00:00Z","aliases":["CVE-BIG-)" +
              n + R"("],"affected":[{"package":{"ecosystem":"npm","name":"pkg)" +
              std::to_string(k % 500) +
              R"("},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.)" + n +
              R"("}]}]}]})";
    }
    text += "]";
    write_text(dir / ("part-" + std::to_string(1000 + f) + ".json"), text);
  }
}

// True while another connection holds the database's write lock.
bool write_locked(const fs::path& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(db_path.string().c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return false;
  }
  bool busy = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_BUSY;
  if (!busy) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return busy;
}

TEST(CliDb, KillDuringImportKeepsPreviousDatabase) {
  REQUIRE_CLI();
  TempDir tmp;
  const auto db = tmp.path() / "v.db";
  for (int i = 0; i < 50; ++i)
    write_json(tmp.path() / ("small/BIG-" + std::to_string(i) + ".json"),
               osv_record("BIG-" + std::to_string(i), "2024-01-01T00:00:00Z", "npm",
                          "old" + std::to_string(i)));
  ASSERT_EQ(run(db_cmd(db, "import " + shell_quote(tmp.path() / "small"))).exit_code, 0);
  const std::string before = dump_tables(db);
  const std::string imports_before = dump_query(db, "SELECT * FROM imports");
  ASSERT_NE(before.find("BIG-49"), std::string::npos);

  const auto big = tmp.path() / "big";
  write_large_input(big, 20, 15000);
  const std::string cli = cli_path(), db_s = db.string(), big_s = big.string();
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl(cli.c_str(), cli.c_str(), "--db", db_s.c_str(), "db", "import", big_s.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until the import holds the write lock, let it write for a while, then kill it.
  int status = 0;
  bool locked = false;
  for (int i = 0; i < 1000 && !locked; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(waitpid(pid, &status, WNOHANG), 0) << "the import ended before it could be killed";
    locked = write_locked(db);
  }
  ASSERT_TRUE(locked) << "the import never started its transaction";
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  ASSERT_EQ(waitpid(pid, &status, WNOHANG), 0)
      << "the import finished before it could be killed: input too small";
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  EXPECT_EQ(dump_query(db, "PRAGMA integrity_check"), "ok|\n");
  EXPECT_EQ(dump_tables(db), before);
  EXPECT_EQ(dump_query(db, "SELECT * FROM imports"), imports_before);
  auto store = bulwark::vulndb::Store::open(db.string());
  ASSERT_TRUE(store.has_value()) << store.error().message;
  EXPECT_EQ((*store)->record_count().value(), 50u);
  EXPECT_EQ((*store)->find("npm", "old7").value().size(), 1u);
  EXPECT_TRUE((*store)->find("npm", "pkg7").value().empty());
}

}  // namespace
