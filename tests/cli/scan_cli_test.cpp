// End-to-end: the built CLI imports the bundled sample records and scans the bundled sample
// SBOM; exact findings, every output format, gates and bad input.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "shared.hpp"

namespace bulwark::test {
namespace {

using nlohmann::json;

class ScanCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (tmp_.path() / "vuln.db").string();
    auto feeds = source_dir() / "data/sample/feeds";
    auto r =
        run(bulwark("db import " + quoted(source_dir() / "data/sample/osv") + " " +
                    quoted(feeds / "kev-sample.json") + " " + quoted(feeds / "epss-sample.csv") +
                    " " + quoted(feeds / "nvd-sample.json")));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string bulwark(const std::string& args) const {
    return "BULWARK_NOW=2026-11-29T12:00:00Z '" + cli_path() + "' --db '" + db_ + "' " + args;
  }
  static std::string quoted(const std::filesystem::path& p) { return shell_quote(p); }
  std::string sample() const {
    return quoted(source_dir() / "data/sample/sbom/sample-product.cdx.json");
  }

  TempDir tmp_;
  std::string db_;
};

TEST_F(ScanCli, SampleFindingsAreExact) {
  auto r = run(bulwark("scan --format json " + sample()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json doc = json::parse(r.out);
  std::set<std::pair<std::string, std::string>> got;
  for (const auto& f : doc["findings"])
    got.emplace(f["component"]["bom_ref"].get<std::string>(), f["id"].get<std::string>());
  std::set<std::pair<std::string, std::string>> want{
      {"deb-libssl1.1", "CVE-2022-4304"},  {"npm-lodash", "CVE-2021-23337"},
      {"npm-minimist", "CVE-2021-44906"},  {"mvn-log4j-core", "CVE-2021-44228"},
      {"pypi-requests", "CVE-2023-32681"}, {"go-x-net", "CVE-2023-39325"},
      {"cargo-time", "CVE-2020-26235"},    {"nuget-newtonsoft", "CVE-2024-21907"},
      {"apk-zlib", "CVE-2022-37434"},      {"bin-xz", "CVE-2024-3094"}};
  EXPECT_EQ(got, want);
  EXPECT_EQ(doc["summary"]["components"], 17);
  EXPECT_EQ(doc["summary"]["findings"], 10);
  // Not covered components are listed with a reason, never dropped.
  std::set<std::string> uncovered;
  for (const auto& u : doc["not_covered"]) uncovered.insert(u["bom_ref"].get<std::string>());
  EXPECT_EQ(uncovered.count("os-debian"), 1u);
  EXPECT_EQ(uncovered.count("fw-bootloader"), 0u);  // has a CPE: checked against NVD data
  EXPECT_EQ(uncovered.count("container-updater"), 1u);
}

TEST_F(ScanCli, AliasesMergedAndEvidenceExplained) {
  auto r = run(bulwark("scan --format json " + sample()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json doc = json::parse(r.out);
  for (const auto& f : doc["findings"]) {
    if (f["component"]["bom_ref"] == "pypi-requests") {
      EXPECT_EQ(f["records"], json({"GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"}));
      EXPECT_EQ(f["aliases"], json({"GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"}));
      EXPECT_EQ(f["fixed_versions"], json({"2.31.0"}));
      EXPECT_EQ(f["severity"], "MEDIUM");
      EXPECT_DOUBLE_EQ(f["cvss"]["score"].get<double>(), 6.1);
    }
    if (f["component"]["bom_ref"] == "bin-xz") {
      // No purl: matched by its CPE against NVD's configuration, with a confidence.
      EXPECT_EQ(f["match"]["kind"], "cpe");
      EXPECT_GT(f["match"]["confidence"].get<double>(), 0.5);
      EXPECT_NE(
          f["evidence"][0]["matched_by"].get<std::string>().find("cpe:2.3:a:tukaani:xz:5.6.1"),
          std::string::npos);
      EXPECT_EQ(f["priority"], "P1");
    }
    if (f["component"]["bom_ref"] == "go-x-net") {
      // No score in the OSV record: NVD's primary CVSS v3.1 is used and named as the source.
      EXPECT_DOUBLE_EQ(f["cvss"]["score"].get<double>(), 7.5);
      EXPECT_EQ(f["cvss"]["source"], "NVD nvd@nist.gov (Primary)");
      EXPECT_EQ(f["priority"], "P2");
      EXPECT_EQ(f["fix_by"], "2026-12-29");
      EXPECT_EQ(f["kev"]["listed"], false);
      EXPECT_TRUE(f["epss"].is_null());
    }
    if (f["component"]["bom_ref"] == "deb-libssl1.1") {
      ASSERT_EQ(f["evidence"].size(), 1u);
      EXPECT_EQ(f["evidence"][0]["ecosystem"], "Debian:11");
      EXPECT_EQ(f["evidence"][0]["package"], "openssl");
      EXPECT_NE(f["evidence"][0]["matched_by"].get<std::string>().find("source package"),
                std::string::npos);
    }
    if (f["component"]["bom_ref"] == "mvn-log4j-core") {
      EXPECT_EQ(f["severity"], "CRITICAL");
      // Known exploited: P0, a week to fix, a CRA Article 14 candidate; EPSS and KEV shown.
      EXPECT_EQ(f["priority"], "P0");
      EXPECT_EQ(f["fix_by"], "2026-12-06");
      EXPECT_EQ(f["article14_candidate"], true);
      EXPECT_EQ(f["kev"]["listed"], true);
      EXPECT_EQ(f["kev"]["date_added"], "2021-12-10");
      EXPECT_EQ(f["kev"]["ransomware"], true);
      EXPECT_DOUBLE_EQ(f["epss"]["percentile"].get<double>(), 1.0);
      EXPECT_EQ(f["cvss"]["version"], "3.1");
      EXPECT_DOUBLE_EQ(f["cvss"]["score"].get<double>(), 10.0);
      EXPECT_EQ(f["evidence"][0]["range"], "ECOSYSTEM {introduced: 2.13.0, fixed: 2.15.0}");
    }
  }
}

TEST_F(ScanCli, SarifAndCycloneDx) {
  auto s = run(bulwark("scan --format sarif " + sample()));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  json sarif = json::parse(s.out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_EQ(sarif["runs"][0]["results"].size(), 10u);
  for (const auto& res : sarif["runs"][0]["results"]) {
    if (res["ruleId"] == "CVE-2021-44228") {
      EXPECT_EQ(res["level"], "error");
    }
    if (res["ruleId"] == "CVE-2023-32681") {
      EXPECT_EQ(res["level"], "note");
    }  // P3
    if (res["ruleId"] == "CVE-2021-23337") {
      EXPECT_EQ(res["level"], "warning");
    }  // P2
  }
  auto c = run(bulwark("scan --format cyclonedx " + sample()));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  json cdx = json::parse(c.out);
  EXPECT_EQ(cdx["specVersion"], "1.6");
  ASSERT_EQ(cdx["vulnerabilities"].size(), 10u);
  for (const auto& v : cdx["vulnerabilities"]) {
    if (v["id"] != "CVE-2023-32681") continue;
    EXPECT_EQ(v["affects"][0]["ref"], "pypi-requests");
    std::set<std::string> refs;
    for (const auto& ref : v["references"]) refs.insert(ref["id"].get<std::string>());
    EXPECT_EQ(refs, (std::set<std::string>{"GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"}));
  }
}

TEST_F(ScanCli, CycloneDxReportValidatesAgainstOfficialSchema) {
  BULWARK_REQUIRE_SHARED(oracles, "oracles/schema-validate.py");
  auto schemas = oracles.parent_path().parent_path() / "schemas";
  auto out = tmp_.path() / "vdr.cdx.json";
  auto r = run(bulwark("scan --format cyclonedx --output " + quoted(out) + " " + sample()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto v = run("SCHEMAS=" + quoted(schemas) + " /usr/bin/python3 " + quoted(oracles) +
               " --kind cdx " + quoted(out));
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("\"valid\": true"), std::string::npos) << v.out;
}

TEST_F(ScanCli, TableAndOutputFile) {
  auto out = tmp_.path() / "report.json";
  auto r = run(bulwark("scan --format json --output " + quoted(out) + " " + sample()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  std::ifstream in(out);
  EXPECT_EQ(json::parse(in)["summary"]["findings"], 10);
  auto t = run(bulwark("scan " + sample()));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("CVE-2021-44228"), std::string::npos);
  EXPECT_NE(t.out.find("not covered"), std::string::npos);
}

TEST_F(ScanCli, FailOnGate) {
  EXPECT_EQ(run(bulwark("scan --fail-on critical " + sample())).exit_code, 1);
  EXPECT_EQ(run(bulwark("scan --fail-on HIGH --format json " + sample())).exit_code, 1);
  EXPECT_EQ(run(bulwark("scan --fail-on P0 --format json " + sample())).exit_code,
            1);  // log4j is KEV
  auto policy = tmp_.path() / "lenient.yaml";
  std::ofstream(policy) << "rules:\n  - {name: everything, priority: P4}\n";
  EXPECT_EQ(run(bulwark("scan --fail-on P3 --policy " + quoted(policy) + " " + sample())).exit_code,
            0);
  auto bad_policy =
      run(bulwark("scan --policy " + quoted(tmp_.path() / "none.yaml") + " " + sample()));
  EXPECT_EQ(bad_policy.exit_code, 2);
  EXPECT_EQ(run(bulwark("scan --product-class huge " + sample())).exit_code, 2);
  auto bad = run(bulwark("scan --fail-on severe " + sample()));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--fail-on"), std::string::npos);
}

TEST_F(ScanCli, MalformedSbomNamesFileAndLocation) {
  auto bad = tmp_.path() / "broken.cdx.json";
  std::ofstream(bad) << "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  "
                        "\"components\": [\n    {\"name\": \"x\",}\n  ]\n}\n";
  auto r = run(bulwark("scan " + quoted(bad)));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("broken.cdx.json:5:"), std::string::npos) << r.err;
  auto missing = run(bulwark("scan " + quoted(tmp_.path() / "nope.json")));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.json"), std::string::npos);
}

TEST_F(ScanCli, StaleDataWarnsThenRefuses) {
  auto base = "'" + cli_path() + "' --db '" + db_ + "' scan --format json " + sample();
  auto warn = run("BULWARK_NOW=2099-01-10T00:00:00Z " + base + " --max-age 100000");
  EXPECT_EQ(warn.exit_code, 0) << warn.err;
  EXPECT_NE(warn.err.find("warning: OSV data is"), std::string::npos) << warn.err;
  auto refuse = run("BULWARK_NOW=2099-01-10T00:00:00Z " + base);
  EXPECT_EQ(refuse.exit_code, 3);
  EXPECT_NE(refuse.err.find("--allow-stale"), std::string::npos) << refuse.err;
  EXPECT_TRUE(refuse.out.empty());
  auto allowed = run("BULWARK_NOW=2099-01-10T00:00:00Z " + base + " --allow-stale");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  auto fresh = run(bulwark("scan --format json " + sample()));
  EXPECT_EQ(fresh.err.find("old"), std::string::npos) << fresh.err;
}

TEST_F(ScanCli, ScansADirectoryAndALockfileByInventoryingThem) {
  auto project = tmp_.path() / "project";
  std::filesystem::create_directories(project);
  std::ofstream(project / "package-lock.json") << R"({
  "name": "demo", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
  "packages": {
    "": {"name": "demo", "version": "1.0.0", "dependencies": {"lodash": "^4.17.0"}},
    "node_modules/lodash": {"version": "4.17.20", "resolved": "https://registry.example/lodash-4.17.20.tgz"},
    "node_modules/minimist": {"version": "1.2.6", "dev": true}
  }
})";
  for (const auto& target : {project, project / "package-lock.json"}) {
    auto r = run(bulwark("scan --format json " + quoted(target)));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json doc = json::parse(r.out);
    EXPECT_EQ(doc["summary"]["components"], 2) << target;
    ASSERT_EQ(doc["findings"].size(), 1u) << target;  // minimist 1.2.6 is fixed
    EXPECT_EQ(doc["findings"][0]["id"], "CVE-2021-23337");
    EXPECT_EQ(doc["findings"][0]["component"]["purl"], "pkg:npm/lodash@4.17.20");
  }
  auto out = tmp_.path() / "demo.cdx.json";
  auto g =
      run(bulwark("sbom " + quoted(project) + " --name demo --version 1.0.0 -o " + quoted(out)));
  ASSERT_EQ(g.exit_code, 0) << g.err;
  auto again = run(bulwark("scan --format json " + quoted(out)));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out)["findings"].size(), 1u);
}

TEST_F(ScanCli, CpeGuessIsOptInAndMarked) {
  // A generic purl (no OSV ecosystem) and no CPE: matched only with --cpe-guess, which takes the
  // vendor from the purl namespace and the product from the name.
  auto sbom = tmp_.path() / "guess.cdx.json";
  std::ofstream(sbom) << R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
    {"type": "library", "bom-ref": "xz", "name": "xz", "version": "5.6.0",
     "purl": "pkg:generic/tukaani/xz@5.6.0"}]})";
  auto plain = run(bulwark("scan --format json " + quoted(sbom)));
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(json::parse(plain.out)["findings"].size(), 0u);
  auto guessed = run(bulwark("scan --cpe-guess --format json " + quoted(sbom)));
  ASSERT_EQ(guessed.exit_code, 0) << guessed.err;
  json doc = json::parse(guessed.out);
  ASSERT_EQ(doc["findings"].size(), 1u);
  EXPECT_EQ(doc["findings"][0]["id"], "CVE-2024-3094");
  EXPECT_EQ(doc["findings"][0]["match"]["kind"], "cpe");
  EXPECT_LT(doc["findings"][0]["match"]["confidence"].get<double>(), 1.0);
  EXPECT_NE(doc["findings"][0]["evidence"][0]["matched_by"].get<std::string>().find("guessed"),
            std::string::npos);
}

TEST(ScanCliEmptyDb, EmptyDatabaseIsAnError) {
  TempDir tmp;
  auto r = run("'" + cli_path() + "' --db '" + (tmp.path() / "empty.db").string() + "' scan '" +
               (source_dir() / "data/sample/sbom/sample-product.cdx.json").string() + "'");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("empty"), std::string::npos) << r.err;
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run("'" + cli_path() + "' no-such-command").exit_code, 2);
  EXPECT_EQ(run("'" + cli_path() + "' scan").exit_code, 2);
  EXPECT_EQ(run("'" + cli_path() + "' --help").exit_code, 0);
}

}  // namespace
}  // namespace bulwark::test
