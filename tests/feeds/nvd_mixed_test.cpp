// NVD CVE API 2.0 import (round trip into NvdRecord, newer/older lastModified, Rejected),
// mixed imports of OSV + KEV + EPSS + NVD in one call, and atomic failure.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "feeds_support.hpp"

namespace fs = std::filesystem;
using bulwark::test::dump_query;
using bulwark::test::feeds_data;
using bulwark::test::FeedStore;
using bulwark::test::osv_record;
using bulwark::test::write_json;
using bulwark::test::write_text;
using bulwark::vulndb::CvssMetric;
using bulwark::vulndb::NvdCpeMatch;
using bulwark::vulndb::NvdRecord;

namespace {

nlohmann::json load(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

NvdRecord expected_log4shell() {
  NvdRecord r;
  r.cve = "CVE-2021-44228";
  r.description =
      "Apache Log4j2 2.0-beta9 through 2.15.0 (excluding security releases 2.12.2, 2.12.3, and "
      "2.3.1) JNDI features "
      "used in configuration, log messages, and parameters do not protect against attacker "
      "controlled LDAP and other "
      "JNDI related endpoints.";
  r.published = "2021-12-10T10:15:09.143";
  r.last_modified = "2025-02-04T15:15:13.773";
  r.status = "Analyzed";
  r.metrics = {CvssMetric{"3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "nvd@nist.gov",
                          "Primary", 10.0},
               CvssMetric{"2.0", "AV:N/AC:M/Au:N/C:C/I:C/A:C", "nvd@nist.gov", "Primary", 9.3}};
  r.cwes = {"CWE-917", "CWE-20", "CWE-400", "CWE-502"};
  r.references = {"https://logging.apache.org/log4j/2.x/security.html",
                  "http://www.openwall.com/lists/oss-security/2021/12/10/1"};
  const std::string any = "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*";
  r.matches = {
      NvdCpeMatch{0, 0, "OR", false, any, true, "2.0.1", "", "", "2.3.1"},
      NvdCpeMatch{0, 0, "OR", false, any, true, "2.4.0", "", "", "2.12.2"},
      NvdCpeMatch{0, 0, "OR", false, any, true, "2.13.0", "", "", "2.15.0"},
      NvdCpeMatch{0, 0, "OR", false, "cpe:2.3:a:apache:log4j:2.0:beta9:*:*:*:*:*:*", true, "", "",
                  "", ""},
      NvdCpeMatch{1, 0, "OR", false,
                  "cpe:2.3:o:siemens:sppa-t3000_ses3000_firmware:*:*:*:*:*:*:*:*", true, "", "", "",
                  ""},
      NvdCpeMatch{1, 1, "OR", false, "cpe:2.3:h:siemens:sppa-t3000_ses3000:-:*:*:*:*:*:*:*", false,
                  "", "", "", ""},
  };
  r.config_operators = {"", "AND"};
  return r;
}

TEST_F(FeedStore, NvdFixtureRoundTripsExactly) {
  auto s = open();
  auto r = import(*s, {feeds_data("nvd_log4j_openssl.json"), feeds_data("nvd_xz.json")});
  EXPECT_TRUE(r.invalid.empty());
  EXPECT_EQ(r.feeds.nvd_seen, 3u);
  EXPECT_EQ(r.feeds.nvd_inserted, 3u);
  ASSERT_EQ(r.inputs.size(), 2u);
  EXPECT_EQ(r.inputs[0].kind, "NVD CVE API 2.0 JSON");
  EXPECT_EQ(r.inputs[0].detail, "2 CVEs (new 2, updated 0, unchanged 0, rejected 0)");
  auto log4j = s->nvd("CVE-2021-44228").value();
  ASSERT_TRUE(log4j.has_value());
  const NvdRecord want = expected_log4shell();
  EXPECT_EQ(log4j->metrics, want.metrics);
  EXPECT_EQ(log4j->matches, want.matches);
  EXPECT_EQ(*log4j, want);

  auto openssl = s->nvd("cve-2023-0286").value();
  ASSERT_TRUE(openssl.has_value());
  EXPECT_EQ(openssl->status, "Modified");
  EXPECT_EQ(openssl->cwes, std::vector<std::string>{"CWE-843"});
  ASSERT_EQ(openssl->matches.size(), 3u);
  EXPECT_EQ(openssl->matches[0].end_excluding, "1.0.2zg");
  EXPECT_EQ(openssl->metrics.at(0).nvd_base_score, 7.4);
  EXPECT_EQ(openssl->config_operators, std::vector<std::string>{""});
  auto xz = s->nvd("CVE-2024-3094").value();
  ASSERT_TRUE(xz.has_value());
  EXPECT_EQ(xz->metrics.at(0).type, "Secondary");
  EXPECT_EQ(xz->metrics.at(0).source, "secalert@redhat.com");
  EXPECT_FALSE(s->nvd("CVE-2000-0001").value().has_value());

  auto by_product = s->nvd_by_product("Apache", "LOG4J").value();
  ASSERT_EQ(by_product.size(), 1u);
  EXPECT_EQ(by_product[0], want);
  auto siemens = s->nvd_by_product("siemens", "sppa-t3000_ses3000").value();
  ASSERT_EQ(siemens.size(), 1u);
  EXPECT_EQ(siemens[0].cve, "CVE-2021-44228");
  EXPECT_EQ(s->nvd_by_product("openssl", "openssl").value().size(), 1u);
  EXPECT_TRUE(s->nvd_by_product("apache", "tomcat").value().empty());
  auto st = s->status().value();
  EXPECT_EQ(st.sources[1].name, "NVD");
  EXPECT_EQ(st.sources[1].records, 3u);
  EXPECT_EQ(st.sources[1].newest, "2025-02-06T09:15:10.820");
}

// A directory of NVD pages is one input: its line counts every page (a directory of 5 pages once
// read "10000 CVEs (new 2000, ...)", the last page's new CVEs beside the input's total).
TEST_F(FeedStore, NvdPagesInOneDirectoryAreCountedTogether) {
  const fs::path dir = file("nvd-pages");
  fs::create_directories(dir);
  fs::copy_file(feeds_data("nvd_log4j_openssl.json"), dir / "page-0.json");
  fs::copy_file(feeds_data("nvd_xz.json"), dir / "page-1.json");
  auto s = open();
  auto r = import(*s, {dir});
  ASSERT_EQ(r.inputs.size(), 1u);
  EXPECT_EQ(r.inputs[0].records, 3u);
  EXPECT_EQ(r.inputs[0].detail, "3 CVEs (new 3, updated 0, unchanged 0, rejected 0)");
  auto again = import(*s, {dir});
  ASSERT_EQ(again.inputs.size(), 1u);
  EXPECT_EQ(again.inputs[0].detail, "3 CVEs (new 0, updated 0, unchanged 3, rejected 0)");
}

TEST_F(FeedStore, NewerLastModifiedReplacesOlderIsIgnored) {
  auto page = load(feeds_data("nvd_log4j_openssl.json"));
  auto& cve =
      page["vulnerabilities"][1]["cve"];  // CVE-2023-0286, lastModified 2024-02-04T09:15:09.113
  auto older = page;
  older["vulnerabilities"][1]["cve"]["lastModified"] = "2023-03-01T00:00:00.000";
  older["vulnerabilities"][1]["cve"]["descriptions"][0]["value"] = "older text";
  cve["lastModified"] = "2025-01-01T00:00:00.000";
  cve["descriptions"][0]["value"] = "newer text";
  cve["configurations"][0]["nodes"][0]["cpeMatch"].erase(0);
  write_json(file("older.json"), older);
  write_json(file("newer.json"), page);
  auto s = open();
  import(*s, {feeds_data("nvd_log4j_openssl.json")});
  auto o = import(*s, {file("older.json")});
  EXPECT_EQ(o.feeds.nvd_unchanged, 2u);
  EXPECT_EQ(o.feeds.nvd_updated, 0u);
  EXPECT_EQ(s->nvd("CVE-2023-0286").value()->description.rfind("There is a type confusion", 0), 0u);
  auto n = import(*s, {file("newer.json")});
  EXPECT_EQ(n.feeds.nvd_updated, 1u);
  EXPECT_EQ(n.feeds.nvd_unchanged, 1u);
  auto rec = s->nvd("CVE-2023-0286").value();
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(rec->description, "newer text");
  EXPECT_EQ(rec->last_modified, "2025-01-01T00:00:00.000");
  ASSERT_EQ(rec->matches.size(), 2u);  // the replaced record's rows went with it
  EXPECT_EQ(rec->matches[0].start_including, "1.1.1");
  EXPECT_EQ(dump_query(db_path(), "SELECT count(*) FROM nvd_matches"), "8|\n");
}

TEST_F(FeedStore, RejectedKeptButFlaggedAndV40Read) {
  nlohmann::json cve = {
      {"id", "CVE-2024-99999"},
      {"published", "2024-05-01T00:00:00.000"},
      {"lastModified", "2024-06-01T00:00:00.000"},
      {"vulnStatus", "Rejected"},
      {"descriptions", {{{"lang", "en"}, {"value", "Rejected reason: duplicate."}}}},
      {"metrics",
       {{"cvssMetricV40",
         {{{"source", "cna@example.org"},
           {"type", "Secondary"},
           {"cvssData",
            {{"version", "4.0"},
             {"vectorString", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"},
             {"baseScore", 9.3}}}}}}}},
      {"configurations",
       {{{"nodes",
          {{{"operator", "OR"},
            {"negate", false},
            {"cpeMatch",
             {{{"vulnerable", true},
               {"criteria", "cpe:2.3:a:example:widget:1.0:*:*:*:*:*:*:*"}}}}}}}}}}};
  write_json(file("rejected.json"),
             {{"format", "NVD_CVE"}, {"version", "2.0"}, {"vulnerabilities", {{{"cve", cve}}}}});
  auto s = open();
  auto r = import(*s, {file("rejected.json")});
  EXPECT_EQ(r.feeds.nvd_rejected, 1u);
  auto rec = s->nvd("CVE-2024-99999").value();
  ASSERT_TRUE(rec.has_value());
  EXPECT_TRUE(rec->rejected());
  ASSERT_EQ(rec->metrics.size(), 1u);
  EXPECT_EQ(rec->metrics[0].version, "4.0");
  EXPECT_EQ(rec->metrics[0].nvd_base_score, 9.3);
  EXPECT_TRUE(s->nvd_by_product("example", "widget").value().empty());
}

TEST_F(FeedStore, InvalidNvdRecordsAreSkippedWithTheirPointer) {
  write_json(file("page.json"),
             {{"format", "NVD_CVE"},
              {"vulnerabilities",
               {{{"cve", {{"id", "CVE-2024-0001"}, {"lastModified", "2024-01-01T00:00:00.000"}}}},
                {{"cve", {{"id", "GHSA-xxxx"}, {"lastModified", "2024-01-01T00:00:00.000"}}}},
                {{"cve", {{"id", "CVE-2024-0003"}}}}}}});
  auto s = open();
  auto r = import(*s, {file("page.json")});
  EXPECT_EQ(r.feeds.nvd_seen, 1u);
  ASSERT_EQ(r.invalid.size(), 2u);
  EXPECT_EQ(r.invalid[0].file, file("page.json").string());
  EXPECT_EQ(r.invalid[0].reason, "/vulnerabilities/1/cve/id: 'GHSA-xxxx' is not a CVE id");
  EXPECT_EQ(r.invalid[1].reason, "/vulnerabilities/2/cve/lastModified: missing");
}

void write_feeds(const FeedStore&, const fs::path& dir) {
  write_json(dir / "osv/GHSA-jfh8-c2jp-5v3q.json",
             osv_record("GHSA-jfh8-c2jp-5v3q", "2024-01-01T00:00:00Z", "Maven",
                        "org.apache.logging.log4j:log4j-core", {"CVE-2021-44228"}));
  write_text(dir / "kev.csv",
             "cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,"
             "requiredAction,dueDate,"
             "knownRansomwareCampaignUse,notes,cwes\n"
             "CVE-2021-44228,Apache,Log4j2,\"Apache Log4j2 Remote Code Execution "
             "Vulnerability\",2021-12-10,"
             "\"Apache Log4j2 contains a vulnerability where JNDI features do not protect against "
             "attacker-controlled "
             "JNDI-related endpoints, allowing for remote code execution.\",\"For all affected "
             "software assets for which "
             "updates exist, the only acceptable remediation actions are: 1) Apply updates; OR 2) "
             "remove affected assets "
             "from agency networks.\",2021-12-24,Known,,CWE-20\n");
  write_text(dir / "epss.csv",
             "#model_version:v2025.03.14,score_date:2025-05-01T00:00:00Z\ncve,epss,percentile\n"
             "CVE-2021-44228,0.94358,0.99958\n");
}

TEST_F(FeedStore, MixedImportInOneCall) {
  const fs::path dir = tmp.path() / "in";
  write_feeds(*this, dir);
  auto s = open();
  auto r = import(
      *s, {dir / "osv", dir / "kev.csv", dir / "epss.csv", feeds_data("nvd_log4j_openssl.json")});
  ASSERT_EQ(r.inputs.size(), 4u);
  EXPECT_EQ(r.inputs[0].kind, "OSV");
  EXPECT_EQ(r.inputs[0].detail, "1 records");
  EXPECT_EQ(r.inputs[1].kind, "CISA KEV CSV");
  EXPECT_EQ(r.inputs[1].detail, "1 entries");
  EXPECT_EQ(r.inputs[2].kind, "FIRST EPSS CSV");
  EXPECT_EQ(r.inputs[3].kind, "NVD CVE API 2.0 JSON");
  EXPECT_EQ(r.inserted, 1u);
  // What a matcher does: the CVE ids among a finding's ids lead to KEV, EPSS and NVD data.
  auto osv = s->lookup("CVE-2021-44228").value();
  ASSERT_EQ(osv.size(), 1u);
  const std::string cve = osv[0]->aliases.at(0);
  EXPECT_EQ(s->kev(cve).value()->ransomware, "Known");
  EXPECT_EQ(s->epss(cve).value()->score, 0.94358);
  EXPECT_EQ(s->nvd(cve).value()->cwes.front(), "CWE-917");
  auto st = s->status().value();
  ASSERT_EQ(st.sources.size(), 4u);
  for (const auto& src : st.sources) {
    EXPECT_FALSE(src.imported_at.empty()) << src.name;
    EXPECT_GT(src.records, 0u) << src.name;
  }
  EXPECT_EQ(st.sources[0].name, "OSV");
  EXPECT_EQ(st.sources[0].newest, "2024-01-01T00:00:00Z");
}

TEST_F(FeedStore, StrictFailureAndUnrecognisedInputsWriteNothing) {
  const fs::path dir = tmp.path() / "in";
  write_feeds(*this, dir);
  auto s = open();
  import(*s, {dir / "osv", dir / "kev.csv", dir / "epss.csv"});
  const std::string before = dump_feeds();
  write_text(dir / "epss2.csv", "cve,epss,percentile\nCVE-2022-0001,0.5,0.5\nCVE-2022-0002,0.5\n");
  bulwark::vulndb::ImportOptions strict;
  strict.strict = true;
  auto r = s->import({feeds_data("nvd_log4j_openssl.json").string(), (dir / "epss2.csv").string()},
                     strict);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, bulwark::ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().message,
            "1 invalid record(s); strict import: nothing imported\n  " +
                (dir / "epss2.csv").string() +
                ":3: expected 3 fields (cve,epss,percentile): 'CVE-2022-0002,0.5'");
  EXPECT_EQ(dump_feeds(), before);
  EXPECT_FALSE(s->nvd("CVE-2021-44228").value().has_value());

  write_text(dir / "notes.txt", "just some text\n");
  auto u = s->import(
      {(dir / "kev.csv").string(), (dir / "epss2.csv").string(), (dir / "notes.txt").string()}, {});
  ASSERT_FALSE(u.has_value());
  EXPECT_EQ(u.error().code, bulwark::ErrorCode::kUnsupported);
  EXPECT_EQ(u.error().message,
            (dir / "notes.txt").string() +
                ": unrecognised content: expected OSV JSON/YAML, CISA KEV JSON or CSV, FIRST EPSS "
                "CSV (optionally gzip-compressed) or NVD CVE API 2.0 JSON");
  EXPECT_EQ(dump_feeds(), before);

  write_text(dir / "broken_kev.json", R"({"catalogVersion": "x", "vulnerabilities": 7})");
  auto b = s->import({(dir / "broken_kev.json").string()}, {});
  ASSERT_FALSE(b.has_value());
  EXPECT_EQ(b.error().message,
            (dir / "broken_kev.json").string() + ": /vulnerabilities: missing or not an array");
  EXPECT_EQ(dump_feeds(), before);
}

}  // namespace

namespace {

// A version-1 database (OSV tables only) gains the feed tables on open and keeps its records.
TEST_F(FeedStore, SchemaOneMigratesToTwo) {
  write_json(file("osv/A-1.json"),
             osv_record("A-1", "2024-01-01T00:00:00Z", "npm", "a", {"CVE-2024-0001"}));
  {
    auto s = open();
    import(*s, {file("osv")});
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().string().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TABLE feeds; DROP TABLE kev; DROP TABLE epss; DROP TABLE "
                         "nvd_matches; DROP TABLE nvd_refs; "
                         "DROP TABLE nvd_cwes; DROP TABLE nvd_metrics; DROP TABLE nvd_cves; "
                         "UPDATE schema_migrations SET version = 1 WHERE component = 'vulndb'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto s = open();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(
      dump_query(db_path(), "SELECT version FROM schema_migrations WHERE component = 'vulndb'"),
      "2|\n");
  EXPECT_EQ(s->record_count().value(), 1u);
  EXPECT_FALSE(s->kev("CVE-2024-0001").value().has_value());
  auto st = s->status().value();
  ASSERT_EQ(st.sources.size(), 4u);
  EXPECT_EQ(st.sources[0].records, 1u);
  EXPECT_EQ(st.sources[0].imported_at, "");  // imported before sources were tracked
}

}  // namespace

namespace {

TEST_F(FeedStore, CompressedNvdAndEmptyFeedInputs) {
  std::ifstream in(feeds_data("nvd_xz.json"));
  std::stringstream text;
  text << in.rdbuf();
  bulwark::test::write_gzip(file("nvd.json.gz"), text.str());
  auto s = open();
  auto r = import(*s, {file("nvd.json.gz")});
  ASSERT_EQ(r.inputs.size(), 1u);
  EXPECT_EQ(r.inputs[0].kind, "NVD CVE API 2.0 JSON (gzip)");
  EXPECT_EQ(s->nvd("CVE-2024-3094").value()->references.size(), 1u);

  write_json(file("empty_page.json"),
             {{"format", "NVD_CVE"}, {"vulnerabilities", nlohmann::json::array()}});
  auto e = s->import({file("empty_page.json").string()}, {});
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().message,
            file("empty_page.json").string() + ": holds no NVD CVE API 2.0 JSON records");
  write_text(file("header_only.csv"),
             "#model_version:v1,score_date:2025-01-01T00:00:00Z\ncve,epss,percentile\n");
  auto h = s->import({file("header_only.csv").string()}, {});
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error().message, file("header_only.csv").string() + ": holds no valid EPSS rows");
  EXPECT_EQ(s->status().value().sources[1].records, 1u);
}

}  // namespace
