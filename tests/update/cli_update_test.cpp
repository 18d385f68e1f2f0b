// `bulwark db update` through the built binary: the dry run of the out-of-the-box feeds, and an
// update from a BULWARK_MIRROR on the loopback server.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "../vulndb/fixtures.hpp"
#include "loopback_server.hpp"
#include "shared.hpp"

namespace bulwark::test {
using bulwark::test::shell_quote;

namespace {

namespace fs = std::filesystem;

#define REQUIRE_CLI() \
  if (!fs::exists(cli_path())) GTEST_SKIP() << "bulwark binary not built: " << cli_path()

TEST(CliUpdate, DryRunShowsTheOfficialFeedsOutOfTheBox) {
  REQUIRE_CLI();
  TempDir tmp;
  const auto db = tmp.path() / "v.db";
  auto r = run("env -u BULWARK_MIRROR XDG_CONFIG_HOME=" + shell_quote(tmp.path() / "cfg") + " " +
               shell_quote(cli_path()) + " --db " + shell_quote(db) +
               " db update --dry-run --ecosystem npm");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* line :
       {"osv npm: https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip [max 2048.0 "
        "MiB]\n",
        "kev: https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json "
        "[max 64.0 MiB]\n",
        "epss: https://epss.empiricalsecurity.com/epss_scores-current.csv.gz [max 256.0 MiB]\n",
        "nvd: https://services.nvd.nist.gov/rest/json/cves/2.0?startIndex=0&resultsPerPage=2000 "
        "(full download, paged) [max 512.0 MiB]\n",
        "dry run: nothing was downloaded\n"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
  EXPECT_FALSE(fs::exists(db)) << "a dry run creates no database";

  auto mirrored = run("BULWARK_MIRROR=http://mirror.lan:8080/feeds " + shell_quote(cli_path()) +
                      " --db " + shell_quote(db) + " db update --dry-run --source kev");
  ASSERT_EQ(mirrored.exit_code, 0) << mirrored.err;
  EXPECT_EQ(mirrored.out,
            "kev: "
            "http://mirror.lan:8080/feeds/sites/default/files/feeds/"
            "known_exploited_vulnerabilities.json [max 64.0 MiB]\n"
            "dry run: nothing was downloaded\n");
}

TEST(CliUpdate, EcosystemWithoutOsvIsAUsageError) {
  REQUIRE_CLI();
  TempDir tmp;
  auto r = run("BULWARK_MIRROR=http://127.0.0.1:9 " + shell_quote(cli_path()) + " --db " +
               shell_quote(tmp.path() / "v.db") + " db update --source kev --ecosystem npm");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--ecosystem selects OSV archives: add --source osv"), std::string::npos)
      << r.err;
}

TEST(CliUpdate, MirrorServesKevAndEpss) {
  REQUIRE_CLI();
  TempDir tmp;
  const std::string kev = nlohmann::json{
      {"catalogVersion", "2025.01.02"},
      {"dateReleased", "2025-01-02T12:00:00.000Z"},
      {"vulnerabilities",
       {{{"cveID", "CVE-2024-3094"},
         {"vendorProject", "Tukaani"},
         {"product", "xz"},
         {"vulnerabilityName", "xz backdoor"},
         {"dateAdded", "2024-04-01"},
         {"shortDescription", "Embedded malicious code."},
         {"requiredAction", "Downgrade."},
         {"dueDate", "2024-04-22"},
         {"knownRansomwareCampaignUse", "Unknown"},
         {"notes", ""}}}}}.dump();
  const std::string epss =
      "#model_version:v2025.03.14,score_date:2025-06-01T00:00:00Z\ncve,epss,percentile\n"
      "CVE-2024-3094,0.5,0.9\n";
  LoopbackServer server([&](const HttpRequest& req, HttpConnection& c) {
    const std::string stamp = "Sun, 01 Jun 2025 00:00:00 GMT";
    if (req.path == "/sites/default/files/feeds/known_exploited_vulnerabilities.json") {
      if (req.header("if-none-match") == "\"k1\"")
        return (void)c.respond(304, "Not Modified", {}, "");
      return (void)c.respond(200, "OK", {{"ETag", "\"k1\""}}, kev);
    }
    if (req.path == "/epss/data.csv") {
      if (req.header("if-modified-since") == stamp)
        return (void)c.respond(304, "Not Modified", {}, "");
      return (void)c.respond(200, "OK", {{"Last-Modified", stamp}}, epss);
    }
    c.respond(404, "Not Found", {}, "");
  });
  write_text(tmp.path() / "sources.conf",
             "# mirror paths\nepss.path = /epss/data.csv\nhttp.retries = 0\ninsecure = true\n");
  const std::string cmd = "env -u NVD_API_KEY BULWARK_MIRROR=" + server.base() + " " +
                          shell_quote(cli_path()) + " --db " + shell_quote(tmp.path() / "v.db") +
                          " db update --config " + shell_quote(tmp.path() / "sources.conf") +
                          " --source kev epss";
  auto r = run(cmd);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("kev: downloaded, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("epss: downloaded, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CISA KEV JSON, 1 entries"), std::string::npos) << r.out;
  EXPECT_EQ(server.requests().size(), 2u);

  auto status = run(shell_quote(cli_path()) + " --db " + shell_quote(tmp.path() / "v.db") +
                    " db status --format json");
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto j = nlohmann::json::parse(status.out);
  std::map<std::string, std::size_t> records;
  for (const auto& s : j["sources"])
    records[s["name"].get<std::string>()] = s["records"].get<std::size_t>();
  EXPECT_EQ(records["KEV"], 1u);
  EXPECT_EQ(records["EPSS"], 1u);

  auto again = run(cmd);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("nothing new: the database is up to date"), std::string::npos)
      << again.out;
}

}  // namespace
}  // namespace bulwark::test
