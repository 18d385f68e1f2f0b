// KEV (JSON == CSV, snapshot replacement) and EPSS (excerpt values, gzip, replacement,
// malformed rows, the KEV_EPSS join as an oracle) through vulndb::Store.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "bulwark/vulndb/csv.hpp"
#include "feeds_support.hpp"

namespace fs = std::filesystem;
using bulwark::test::dump_query;
using bulwark::test::FeedStore;
using bulwark::test::write_gzip;
using bulwark::test::write_text;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

constexpr std::size_t kKevEntries = 1404;

TEST_F(FeedStore, KevJsonAndCsvImportIdenticalRows) {
  BULWARK_REQUIRE_SHARED(kev, "corpora/cisa-kev");
  auto a = open("json.db");
  auto b = open("csv.db");
  auto rj = import(*a, {kev / "known_exploited_vulnerabilities.json"});
  auto rc = import(*b, {kev / "known_exploited_vulnerabilities.csv"});
  EXPECT_TRUE(rj.invalid.empty()) << rj.invalid[0].file << ": " << rj.invalid[0].reason;
  EXPECT_TRUE(rc.invalid.empty()) << rc.invalid[0].file << ": " << rc.invalid[0].reason;
  EXPECT_EQ(rj.feeds.kev, kKevEntries);
  EXPECT_EQ(rc.feeds.kev, kKevEntries);
  ASSERT_EQ(rj.inputs.size(), 1u);
  EXPECT_EQ(rj.inputs[0].kind, "CISA KEV JSON");
  EXPECT_EQ(rj.inputs[0].detail, "1404 entries, catalogVersion 2025.08.25");
  EXPECT_EQ(rc.inputs[0].kind, "CISA KEV CSV");
  EXPECT_EQ(rc.inputs[0].detail, "1404 entries");
  const std::string sql = "SELECT * FROM kev ORDER BY cve";
  const auto rows = dump_query(db_path("json.db"), sql);
  EXPECT_EQ(dump_query(db_path("json.db"), "SELECT count(*) FROM kev"),
            std::to_string(kKevEntries) + "|\n");
  EXPECT_EQ(dump_query(db_path("csv.db"), "SELECT count(*) FROM kev"),
            std::to_string(kKevEntries) + "|\n");
  EXPECT_GT(rows.size(), kKevEntries * 200);
  EXPECT_EQ(rows, dump_query(db_path("csv.db"), sql));
  RecordProperty("kev_entries", static_cast<int>(kKevEntries));

  auto git = a->kev("cve-2025-48384").value();
  ASSERT_TRUE(git.has_value());
  EXPECT_EQ(git->cve, "CVE-2025-48384");
  EXPECT_EQ(git->vendor, "Git");
  EXPECT_EQ(git->product, "Git");
  EXPECT_EQ(git->name, "Git Link Following Vulnerability");
  EXPECT_EQ(git->date_added, "2025-08-25");
  EXPECT_EQ(git->due_date, "2025-09-15");
  EXPECT_EQ(git->ransomware, "Unknown");
  EXPECT_EQ(git->cwes, (std::vector<std::string>{"CWE-59", "CWE-436"}));
  EXPECT_EQ(git->description.rfind("Git contains a link following vulnerability", 0), 0u);
  EXPECT_EQ(git->notes.substr(git->notes.size() - 47),
            "https://nvd.nist.gov/vuln/detail/CVE-2025-48384");
  EXPECT_EQ(git, b->kev("CVE-2025-48384").value());
  auto log4j = a->kev("CVE-2021-44228").value();  // a 5-digit CVE number
  ASSERT_TRUE(log4j.has_value());
  EXPECT_EQ(log4j->vendor, "Apache");
  EXPECT_EQ(log4j->ransomware, "Known");
  EXPECT_FALSE(a->kev("CVE-2000-0001").value().has_value());

  auto st = a->status().value();
  ASSERT_EQ(st.sources.size(), 4u);
  EXPECT_EQ(st.sources[2].name, "KEV");
  EXPECT_EQ(st.sources[2].records, kKevEntries);
  EXPECT_EQ(st.sources[2].version, "2025.08.25");
  EXPECT_EQ(st.sources[2].newest, "2025-08-25T17:04:19.9796Z");
  EXPECT_EQ(st.sources[2].imported_at.size(), 20u) << st.sources[2].imported_at;
}

std::string kev_json(const std::string& version, const std::vector<std::string>& cves) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : cves)
    list.push_back({{"cveID", c},
                    {"vendorProject", "V"},
                    {"product", "P"},
                    {"vulnerabilityName", "N " + c},
                    {"dateAdded", "2025-01-02"},
                    {"shortDescription", "D"},
                    {"requiredAction", "Patch"},
                    {"dueDate", "2025-01-23"},
                    {"knownRansomwareCampaignUse", "Known"},
                    {"notes", ""},
                    {"cwes", nlohmann::json::array({"CWE-79"})}});
  return nlohmann::json{{"title", "t"},
                        {"catalogVersion", version},
                        {"dateReleased", "2099-01-01T00:00:00Z"},
                        {"count", cves.size()},
                        {"vulnerabilities", list}}
      .dump();
}

TEST_F(FeedStore, KevReimportReplacesTheCatalogue) {
  write_text(file("kev1.json"),
             kev_json("2025.01.01", {"CVE-2024-1001", "CVE-2024-1002", "CVE-2024-1003"}));
  write_text(file("kev2.json"), kev_json("2025.02.01", {"CVE-2024-1003", "CVE-2024-10004"}));
  auto s = open();
  EXPECT_EQ(import(*s, {file("kev1.json")}).feeds.kev, 3u);
  EXPECT_TRUE(s->kev("CVE-2024-1001").value().has_value());
  EXPECT_EQ(import(*s, {file("kev2.json")}).feeds.kev, 2u);
  EXPECT_FALSE(s->kev("CVE-2024-1001").value().has_value());  // dropped from the catalogue
  EXPECT_FALSE(s->kev("CVE-2024-1002").value().has_value());
  auto e = s->kev("CVE-2024-10004").value();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->name, "N CVE-2024-10004");
  EXPECT_EQ(e->cwes, std::vector<std::string>{"CWE-79"});
  EXPECT_EQ(dump_query(db_path(), "SELECT count(*) FROM kev"), "2|\n");
  EXPECT_EQ(s->status().value().sources[2].version, "2025.02.01");
}

TEST_F(FeedStore, KevCsvRowsWithBadFieldsAreSkippedWithTheirLine) {
  write_text(file("kev.csv"),
             "cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,"
             "requiredAction,dueDate,"
             "knownRansomwareCampaignUse,notes,cwes\r\n"
             "CVE-2024-0001,A,B,\"Name, with comma\",2024-01-01,\"multi\nline "
             "\"\"quoted\"\"\",Act,2024-01-22,Unknown,,\r\n"
             "CVE-2024-0002,A,B,N,01/02/2024,D,Act,2024-01-22,Unknown,,\r\n"
             "CVE-2024-0003,A,B,N,2024-01-01,D,Act\r\n"
             "CVE-2024-0004,A,B,N,2024-01-01,D,Act,2024-01-22,Known,n,\"CWE-1, CWE-2\"\r\n");
  auto s = open();
  auto r = import(*s, {file("kev.csv")});
  EXPECT_EQ(r.feeds.kev, 2u);
  ASSERT_EQ(r.invalid.size(), 2u);
  EXPECT_EQ(r.invalid[0].file, file("kev.csv").string() + ":4");
  EXPECT_EQ(r.invalid[0].reason, "dateAdded: '01/02/2024' is not a YYYY-MM-DD date");
  EXPECT_EQ(r.invalid[1].file, file("kev.csv").string() + ":5");
  EXPECT_EQ(r.invalid[1].reason, "expected 11 fields, found 7");
  auto first = s->kev("CVE-2024-0001").value();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->name, "Name, with comma");
  EXPECT_EQ(first->description, "multi\nline \"quoted\"");
  EXPECT_TRUE(first->cwes.empty());
  EXPECT_EQ(s->kev("CVE-2024-0004").value()->cwes, (std::vector<std::string>{"CWE-1", "CWE-2"}));
}

TEST_F(FeedStore, EpssExcerptValues) {
  BULWARK_REQUIRE_SHARED(epss, "corpora/epss");
  auto s = open();
  auto r = import(*s, {epss / "epss_scores-current.excerpt.csv"});
  EXPECT_TRUE(r.invalid.empty());
  EXPECT_EQ(r.feeds.epss, 201u);
  ASSERT_EQ(r.inputs.size(), 1u);
  EXPECT_EQ(r.inputs[0].kind, "FIRST EPSS CSV");
  EXPECT_EQ(r.inputs[0].detail, "201 rows, model v2026.06.15, score date 2026-09-29T12:00:22Z");
  RecordProperty("epss_rows", 201);
  auto first = s->epss("CVE-1999-0001").value();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(*first, (bulwark::vulndb::EpssEntry{"CVE-1999-0001", 0.03351, 0.88255, "v2026.06.15",
                                                "2026-09-29T12:00:22Z"}));
  auto last = s->epss("CVE-2026-9999").value();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->score, 0.00408);
  EXPECT_EQ(last->percentile, 0.32517);
  EXPECT_EQ(s->epss("CVE-1999-0101").value()->percentile, 0.9449);
  EXPECT_FALSE(s->epss("CVE-2021-44228").value().has_value());  // not in the excerpt
  auto st = s->status().value();
  EXPECT_EQ(st.sources[3].name, "EPSS");
  EXPECT_EQ(st.sources[3].records, 201u);
  EXPECT_EQ(st.sources[3].version, "v2026.06.15");
  EXPECT_EQ(st.sources[3].newest, "2026-09-29T12:00:22Z");
}

TEST_F(FeedStore, EpssGzipAndFiveDigitCves) {
  write_gzip(
      file("epss.csv.gz"),
      "#model_version:v2025.03.14,score_date:2025-05-01T00:00:00Z\ncve,epss,percentile\n"
      "CVE-2021-44228,0.94358,0.99958\nCVE-2023-0286,0.00523,0.77021\nCVE-2024-3094,0.84,0.992\n");
  auto s = open();
  auto r = import(*s, {file("epss.csv.gz")});
  EXPECT_EQ(r.feeds.epss, 3u);
  ASSERT_EQ(r.inputs.size(), 1u);
  EXPECT_EQ(r.inputs[0].kind, "FIRST EPSS CSV (gzip)");
  auto e = s->epss("CVE-2021-44228").value();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(*e, (bulwark::vulndb::EpssEntry{"CVE-2021-44228", 0.94358, 0.99958, "v2025.03.14",
                                            "2025-05-01T00:00:00Z"}));
}

TEST_F(FeedStore, EpssFileReplacesThePreviousScores) {
  write_text(file("day1.csv"),
             "#model_version:v1,score_date:2025-01-01T00:00:00Z\ncve,epss,percentile\n"
             "CVE-2020-0001,0.1,0.5\nCVE-2020-0002,0.2,0.6\n");
  write_text(file("day2.csv"),
             "#model_version:v2,score_date:2025-01-02T00:00:00Z\ncve,epss,percentile\n"
             "CVE-2020-0002,0.25,0.65\nCVE-2020-0003,0.3,0.7\n");
  auto s = open();
  import(*s, {file("day1.csv")});
  import(*s, {file("day2.csv")});
  EXPECT_FALSE(s->epss("CVE-2020-0001").value().has_value());
  EXPECT_EQ(
      *s->epss("CVE-2020-0002").value(),
      (bulwark::vulndb::EpssEntry{"CVE-2020-0002", 0.25, 0.65, "v2", "2025-01-02T00:00:00Z"}));
  EXPECT_EQ(dump_query(db_path(), "SELECT count(*) FROM epss"), "2|\n");
}

TEST_F(FeedStore, MalformedEpssRowsAreReportedWithTheirLine) {
  write_text(file("epss.csv"),
             "#model_version:v1,score_date:2025-01-01T00:00:00Z\ncve,epss,percentile\n"
             "CVE-2020-0001,0.1,0.5\nCVE-2020-0002,zero,0.6\nCVE-20-1,0.1,0.1\n"
             "CVE-2020-0004,0.1\nCVE-2020-0005,1.5,0.2\nCVE-2020-0006,0.4,0.9\n");
  auto s = open();
  auto r = import(*s, {file("epss.csv")});
  EXPECT_EQ(r.feeds.epss, 2u);
  ASSERT_EQ(r.invalid.size(), 4u);
  const std::string f = file("epss.csv").string();
  EXPECT_EQ(r.invalid[0].file, f + ":4");
  EXPECT_EQ(r.invalid[0].reason, "epss is not a number in [0, 1]: 'CVE-2020-0002,zero,0.6'");
  EXPECT_EQ(r.invalid[1].file, f + ":5");
  EXPECT_EQ(r.invalid[1].reason, "not a CVE id: 'CVE-20-1,0.1,0.1'");
  EXPECT_EQ(r.invalid[2].file, f + ":6");
  EXPECT_EQ(r.invalid[2].reason, "expected 3 fields (cve,epss,percentile): 'CVE-2020-0004,0.1'");
  EXPECT_EQ(r.invalid[3].file, f + ":7");
  EXPECT_EQ(r.inputs[0].detail, "2 rows, model v1, score date 2025-01-01T00:00:00Z, 4 invalid");
  EXPECT_TRUE(s->epss("CVE-2020-0006").value().has_value());
}

// The KEV_EPSS join (jgamblin/KEV_EPSS) as an oracle: its EPSS score and percentile of every
// KEV CVE, written as a FIRST EPSS file and imported with the KEV catalogue, must come back
// from lookups. The join file itself is refused: it is not FIRST data (no model, no date).
TEST_F(FeedStore, KevEpssJoinAsOracle) {
  BULWARK_REQUIRE_SHARED(epss, "corpora/epss");
  BULWARK_REQUIRE_SHARED(kev, "corpora/cisa-kev");
  const std::string joined = slurp(epss / "epss_kev_nvd.csv");
  bulwark::vulndb::detail::CsvReader csv(joined);
  std::vector<std::string> row;
  ASSERT_TRUE(csv.next(row).value());
  ASSERT_EQ(row.at(0), "CVE");
  ASSERT_EQ(row.at(2), "EPSS");
  ASSERT_EQ(row.at(3), "EPSS Percentile");
  std::map<std::string, std::pair<std::string, std::string>> oracle;
  std::string first_csv = "#model_version:oracle,score_date:unknown\ncve,epss,percentile\n";
  while (csv.next(row).value()) {
    ASSERT_GE(row.size(), 4u) << "line " << csv.line();
    oracle[row[0]] = {row[2], row[3]};
    first_csv += row[0] + "," + row[2] + "," + row[3] + "\n";
  }
  ASSERT_GE(oracle.size(), 1500u);
  write_text(file("oracle.csv"), first_csv);
  auto s = open();
  auto r = import(*s, {kev / "known_exploited_vulnerabilities.json", file("oracle.csv")});
  EXPECT_EQ(r.feeds.epss, oracle.size());
  std::size_t checked = 0;
  for (const auto& [cve, values] : oracle) {
    if (!s->kev(cve).value()) continue;  // newer than the stored catalogue
    auto e = s->epss(cve).value();
    ASSERT_TRUE(e.has_value()) << cve;
    EXPECT_EQ(e->score, std::stod(values.first)) << cve;
    EXPECT_EQ(e->percentile, std::stod(values.second)) << cve;
    ++checked;
  }
  std::printf("[ oracle   ] %zu KEV CVEs checked against epss_kev_nvd.csv (%zu rows)\n", checked,
              oracle.size());
  RecordProperty("kev_epss_checked", static_cast<int>(checked));
  EXPECT_EQ(checked, kKevEntries);  // every catalogue entry is in the join

  auto refused = s->import({(epss / "epss_kev_nvd.csv").string()}, {});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, bulwark::ErrorCode::kUnsupported);
  EXPECT_EQ(
      refused.error().message.rfind((epss / "epss_kev_nvd.csv").string() + ": a KEV_EPSS join", 0),
      0u);
}

}  // namespace
