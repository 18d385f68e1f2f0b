// `bulwark db import` of feeds through the built binary: what each input was recognised as,
// exit codes, --strict, and `db status` per-source rows.
#include <gtest/gtest.h>

#include <regex>

#include "feeds_support.hpp"

namespace fs = std::filesystem;
using bulwark::test::cli_path;
using bulwark::test::dump_query;
using bulwark::test::feeds_data;
using bulwark::test::run;
using bulwark::test::shell_quote;
using bulwark::test::TempDir;
using bulwark::test::write_text;

namespace {

#define REQUIRE_CLI() \
  if (!fs::exists(cli_path())) GTEST_SKIP() << "bulwark binary not built: " << cli_path()

std::string db_cmd(const fs::path& db, const std::string& args) {
  return shell_quote(cli_path()) + " --db " + shell_quote(db) + " db " + args;
}

TEST(CliFeeds, ImportReportsWhatEachInputIs) {
  REQUIRE_CLI();
  BULWARK_REQUIRE_SHARED(kev, "corpora/cisa-kev");
  BULWARK_REQUIRE_SHARED(epss, "corpora/epss");
  TempDir tmp;
  const auto db = tmp.path() / "v.db";
  const auto kev_csv = kev / "known_exploited_vulnerabilities.csv";
  const auto epss_csv = epss / "epss_scores-current.excerpt.csv";
  const auto nvd = feeds_data("nvd_xz.json");
  auto r = run(db_cmd(
      db, "import " + shell_quote(kev_csv) + " " + shell_quote(epss_csv) + " " + shell_quote(nvd)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string num = R"( \([0-9.]+ s, [0-9]+/s\)\n)";
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(std::regex_replace(kev_csv.string(), std::regex(R"([.^$|()\[\]{}*+?\\])"),
                                           R"(\$&)") +
                        ": CISA KEV CSV, 1404 entries" + num)))
      << r.out;
  EXPECT_NE(r.out.find(
                ": FIRST EPSS CSV, 201 rows, model v2026.06.15, score date 2026-09-29T12:00:22Z ("),
            std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find(nvd.string() +
                 ": NVD CVE API 2.0 JSON, 1 CVEs (new 1, updated 0, unchanged 0, rejected 0) ("),
      std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("imported "), std::string::npos)
      << "no OSV summary without OSV inputs: " << r.out;

  auto st = run(db_cmd(db, "status"));
  ASSERT_EQ(st.exit_code, 0) << st.err;
  EXPECT_TRUE(
      std::regex_search(st.out, std::regex(R"(\nKEV +1404 +  +  +never|\nKEV +1404 +[^\n]*\n)")))
      << st.out;
  EXPECT_TRUE(std::regex_search(
      st.out,
      std::regex(
          R"(\nEPSS +201  2026-09-29T12:00:22Z +v2026\.06\.15  20[0-9-]+T[0-9:]+Z +[0-9.]+ [hd]\n)")))
      << st.out;
  EXPECT_TRUE(std::regex_search(
      st.out,
      std::regex(R"(\nNVD +1  2025-02-06T09:15:10\.820 +20[0-9-]+T[0-9:]+Z +[0-9.]+ [hd]\n)")))
      << st.out;
  EXPECT_TRUE(std::regex_search(st.out, std::regex(R"(\nOSV +0 +never +-\n)"))) << st.out;
  auto js = run(db_cmd(db, "status --format json"));
  ASSERT_EQ(js.exit_code, 0) << js.err;
  auto j = nlohmann::json::parse(js.out);
  ASSERT_EQ(j["sources"].size(), 4u);
  EXPECT_EQ(j["sources"][2]["name"], "KEV");
  EXPECT_EQ(j["sources"][2]["records"], 1404);
  EXPECT_EQ(j["sources"][3]["version"], "v2026.06.15");
  EXPECT_TRUE(j["sources"][0]["imported_at"].is_null());
}

TEST(CliFeeds, UnrecognisedAndStrictFailuresExit2WritingNothing) {
  REQUIRE_CLI();
  TempDir tmp;
  const auto db = tmp.path() / "v.db";
  write_text(tmp.path() / "scores.csv",
             "cve,epss,percentile\nCVE-2020-0001,0.1,0.2\nCVE-2020-0002,x,0.2\n");
  write_text(tmp.path() / "readme.txt", "hello\n");
  auto unknown = run(db_cmd(db, "import " + shell_quote(tmp.path() / "scores.csv") + " " +
                                    shell_quote(tmp.path() / "readme.txt")));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err.rfind(
                "bulwark: " + (tmp.path() / "readme.txt").string() + ": unrecognised content", 0),
            0u)
      << unknown.err;
  EXPECT_EQ(dump_query(db, "SELECT count(*) FROM epss"), "0|\n");

  auto strict = run(db_cmd(db, "import --strict " + shell_quote(tmp.path() / "scores.csv")));
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(
      strict.err.find((tmp.path() / "scores.csv").string() + ":3: epss is not a number in [0, 1]"),
      std::string::npos)
      << strict.err;
  EXPECT_EQ(dump_query(db, "SELECT count(*) FROM epss"), "0|\n");

  auto lenient = run(db_cmd(db, "import " + shell_quote(tmp.path() / "scores.csv")));
  EXPECT_EQ(lenient.exit_code, 0) << lenient.err;
  EXPECT_EQ(lenient.err, (tmp.path() / "scores.csv").string() +
                             ":3: epss is not a number in [0, 1]: 'CVE-2020-0002,x,0.2'\n");
  EXPECT_NE(lenient.out.find(": FIRST EPSS CSV, 1 rows, 1 invalid ("), std::string::npos)
      << lenient.out;
  EXPECT_EQ(dump_query(db, "SELECT cve, score FROM epss"), "CVE-2020-0001|0.1|\n");
}

}  // namespace
