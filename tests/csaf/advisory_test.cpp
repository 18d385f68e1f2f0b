// write_advisory: the document structure, determinism, input validation errors, and conformance
// (CSAF 2.0 schema + mandatory tests via csaf_oracles.hpp).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bulwark/csaf/csaf.hpp"
#include "csaf_oracles.hpp"

namespace bulwark::csaf {
namespace {

using nlohmann::json;
using testing::sample_advisory;

json write_json(const AdvisoryInput& in) {
  auto r = write_advisory(in);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? json::parse(*r) : json();
}

std::string error_of(const AdvisoryInput& in) {
  auto r = write_advisory(in);
  EXPECT_FALSE(r) << "expected an error";
  if (r) return "";
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  return r.error().message;
}

TEST(CsafAdvisory, DocumentSection) {
  const json d = write_json(sample_advisory())["document"];
  EXPECT_EQ(d["category"], "csaf_security_advisory");
  EXPECT_EQ(d["csaf_version"], "2.0");
  EXPECT_EQ(d["lang"], "en");
  EXPECT_EQ(d["publisher"], (json{{"category", "vendor"},
                                  {"name", "ACME Corp PSIRT"},
                                  {"namespace", "https://acme.example"},
                                  {"contact_details", "psirt@acme.example"}}));
  const json& t = d["tracking"];
  EXPECT_EQ(t["id"], "ACME-SA-2026-0001");
  EXPECT_EQ(t["status"], "final");
  EXPECT_EQ(t["version"], "2");
  EXPECT_EQ(t["revision_history"].size(), 2u);
  EXPECT_EQ(t["revision_history"][1]["number"], "2");
  EXPECT_EQ(t["initial_release_date"], "2026-01-10T08:00:00Z");
  EXPECT_EQ(t["current_release_date"], "2026-02-01T09:30:00Z");
  EXPECT_EQ(t["generator"]["engine"]["name"], "Bulwark");
  EXPECT_EQ(t["generator"]["engine"]["version"], std::string(kGeneratorVersion));
  EXPECT_EQ(d["distribution"]["tlp"]["label"], "WHITE");
  ASSERT_EQ(d["notes"].size(), 2u);
  EXPECT_EQ(d["notes"][0]["category"], "summary");
  EXPECT_EQ(d["notes"][1]["category"], "legal_disclaimer");
  ASSERT_EQ(d["references"].size(), 1u);
  EXPECT_EQ(d["references"][0]["category"], "self");
}

TEST(CsafAdvisory, ProductTreeBranches) {
  const json tree = write_json(sample_advisory())["product_tree"];
  ASSERT_EQ(tree["branches"].size(), 1u);
  const json& vendor = tree["branches"][0];
  EXPECT_EQ(vendor["category"], "vendor");
  EXPECT_EQ(vendor["name"], "ACME");
  ASSERT_EQ(vendor["branches"].size(), 2u);  // Router (two versions), Switch (no version)
  const json& router = vendor["branches"][0];
  EXPECT_EQ(router["category"], "product_name");
  EXPECT_EQ(router["name"], "Router");
  ASSERT_EQ(router["branches"].size(), 2u);
  EXPECT_EQ(router["branches"][1]["category"], "product_version");
  EXPECT_EQ(router["branches"][1]["name"], "1.1");
  EXPECT_EQ(router["branches"][1]["product"],
            (json{{"name", "Router 1.1"},
                  {"product_id", "CSAFPID-0002"},
                  {"product_identification_helper",
                   {{"purl", "pkg:generic/acme/router@1.1"},
                    {"cpe", "cpe:2.3:h:acme:router:1.1:*:*:*:*:*:*:*"}}}}));
  EXPECT_EQ(vendor["branches"][1]["product"]["product_id"], "CSAFPID-0003");
}

TEST(CsafAdvisory, VulnerabilitySection) {
  const json v = write_json(sample_advisory())["vulnerabilities"][0];
  EXPECT_EQ(v["cve"], "CVE-2026-12345");
  EXPECT_EQ(v["ids"], (json::array({{{"system_name", "GitHub Security Advisory"},
                                     {"text", "GHSA-abcd-efgh-ijkl"}}})));
  EXPECT_EQ(v["cwe"]["id"], "CWE-79");
  EXPECT_EQ(v["product_status"], (json{{"known_affected", {"CSAFPID-0001"}},
                                       {"fixed", {"CSAFPID-0002"}},
                                       {"known_not_affected", {"CSAFPID-0003"}}}));
  ASSERT_EQ(v["scores"].size(), 1u);  // the v4.0 vector is a note: cvss_v4 is not in CSAF 2.0
  EXPECT_EQ(v["scores"][0]["products"], json::array({"CSAFPID-0001"}));
  EXPECT_EQ(v["scores"][0]["cvss_v3"],
            (json{{"version", "3.1"},
                  {"vectorString", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
                  {"baseScore", 9.8},
                  {"baseSeverity", "CRITICAL"}}));
  ASSERT_EQ(v["notes"].size(), 2u);
  EXPECT_EQ(v["notes"][0]["category"], "description");
  EXPECT_EQ(v["notes"][1]["title"], "CVSS v4.0");
  EXPECT_EQ(
      v["notes"][1]["text"],
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N (base score 9.3, CRITICAL)");
  EXPECT_EQ(v["remediations"][0], (json{{"category", "vendor_fix"},
                                        {"details", "Update to version 1.1."},
                                        {"product_ids", {"CSAFPID-0001"}},
                                        {"url", "https://acme.example/download"}}));
  ASSERT_EQ(v["threats"].size(), 2u);
  EXPECT_EQ(v["threats"][0]["category"], "impact");
  EXPECT_EQ(v["threats"][1]["category"], "exploit_status");
  EXPECT_EQ(v["references"][0]["category"], "external");
}

TEST(CsafAdvisory, Deterministic) {
  auto a = write_advisory(sample_advisory());
  auto b = write_advisory(sample_advisory());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
}

TEST(CsafAdvisory, ValidationErrorsNameTheField) {
  auto in = sample_advisory();
  in.tracking_id = "";
  EXPECT_EQ(error_of(in), "tracking_id is empty");
  in = sample_advisory();
  in.vulnerabilities[0].fixed = {"CSAFPID-0009"};
  EXPECT_EQ(error_of(in),
            "vulnerabilities[0].fixed[0]: product_id 'CSAFPID-0009' is not defined in products");
  in = sample_advisory();
  in.revisions[1].number = "2a";
  EXPECT_EQ(
      error_of(in),
      "revisions[1].number: '2a' is not a revision number (integer versioning as in revisions[0])");
  in = sample_advisory();
  in.revisions[1].number = "3";
  EXPECT_EQ(error_of(in), "revisions[1].number: '3' does not follow '1'");
  in = sample_advisory();
  in.current_release_date = "2026-02-01 09:30";
  EXPECT_EQ(error_of(in), "current_release_date: '2026-02-01 09:30' is not an RFC 3339 date-time");
  in = sample_advisory();
  in.vulnerabilities[0].remediations[0].url = "";
  EXPECT_EQ(error_of(in), "vulnerabilities[0].remediations[0]: a vendor_fix needs a url");
  in = sample_advisory();
  in.vulnerabilities[0].known_not_affected = {"CSAFPID-0001"};
  EXPECT_EQ(error_of(in),
            "vulnerabilities[0]: product_id 'CSAFPID-0001' is in both known_affected and "
            "known_not_affected");
  in = sample_advisory();
  in.vulnerabilities.push_back(in.vulnerabilities[0]);
  EXPECT_EQ(error_of(in), "vulnerabilities[1].cve: 'CVE-2026-12345' appears twice");
  in = sample_advisory();
  in.vulnerabilities[0].scores[0].base_score = 7.5;
  EXPECT_EQ(
      error_of(in),
      "vulnerabilities[0].scores[0].base_score: 7.5 does not match the vector's base score 9.8");
  in = sample_advisory();
  in.vulnerabilities[0].scores[0].vector = "CVSS:3.1/AV:N";
  EXPECT_TRUE(error_of(in).starts_with("vulnerabilities[0].scores[0].vector: "));
  in = sample_advisory();
  in.revisions = {{"0", "2026-01-10T08:00:00Z", "Draft."}};
  EXPECT_EQ(error_of(in), "revisions: version '0' is a pre-release; status must be draft");
  in.status = "draft";
  EXPECT_TRUE(write_advisory(in));
  in = sample_advisory();
  in.tlp = "PURPLE";
  EXPECT_TRUE(error_of(in).starts_with("tlp: 'PURPLE'"));
}

TEST(CsafAdvisory, VersionRangesAndCvss30AndTlpClear) {
  auto in = sample_advisory();
  in.products[0].version = "<= 1.0";
  in.vulnerabilities[0].scores = {{"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 0, ""}};
  in.tlp = "CLEAR";
  const json doc = write_json(in);
  EXPECT_EQ(doc["product_tree"]["branches"][0]["branches"][0]["branches"][0]["category"],
            "product_version_range");
  EXPECT_EQ(doc["vulnerabilities"][0]["scores"][0]["cvss_v3"]["version"], "3.0");
  EXPECT_EQ(doc["vulnerabilities"][0]["scores"][0]["cvss_v3"]["baseScore"], 6.1);
  EXPECT_EQ(doc["vulnerabilities"][0]["scores"][0]["cvss_v3"]["baseSeverity"], "MEDIUM");
  EXPECT_EQ(doc["document"]["distribution"]["tlp"]["label"], "WHITE");
}

// Every variant the writer produces passes the CSAF 2.0 schema and the mandatory tests.
TEST(CsafAdvisory, ConformsToSchemaAndMandatoryTests) {
  std::vector<std::string> docs;
  auto add = [&](const AdvisoryInput& in) {
    auto r = write_advisory(in);
    ASSERT_TRUE(r) << r.error().message;
    docs.push_back(*r);
  };
  add(sample_advisory());
  auto in = sample_advisory();
  in.products[0].version = "<= 1.0";
  in.vulnerabilities[0].scores = {{"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 0, ""},
                                  {"AV:N/AC:L/Au:N/C:P/I:P/A:P", 0, ""}};
  in.vulnerabilities[0].cwe_id.clear();
  add(in);
  in = sample_advisory();
  in.status = "draft";
  in.revisions = {{"0", "2026-01-10T08:00:00Z", "Draft."}};
  in.vulnerabilities[0].cve.clear();
  in.vulnerabilities[0].remediations.push_back(
      {"workaround", "Disable the web interface.", "", {}, "2026-01-11T00:00:00Z"});
  in.vulnerabilities[0].under_investigation = {"CSAFPID-0002"};
  in.vulnerabilities[0].fixed.clear();
  in.references.clear();
  add(in);
  ASSERT_EQ(docs.size(), 3u);
  const std::size_t n = testing::expect_csaf_valid(docs);
  RecordProperty("advisories_validated", static_cast<int>(n));
  std::printf("[ summary  ] CSAF advisories validated by csaf-validator-lib: %zu of %zu\n", n,
              docs.size());
}

}  // namespace
}  // namespace bulwark::csaf
