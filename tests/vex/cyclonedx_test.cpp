// CycloneDX VEX reader and writer: ref resolution, version statuses, notes, schema validity,
// round trip and the cross-format (OpenVEX -> CycloneDX -> model) mapping.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/vex/vex.hpp"
#include "test_util.hpp"

namespace {

using namespace bulwark;
using bulwark::vex::read_cyclonedx_vex;
using bulwark::vex::write_cyclonedx_vex;
using json = nlohmann::json;

constexpr const char* kBom = R"({
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 4,
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "metadata": {"timestamp": "2026-02-01T10:00:00+01:00", "authors": [{"name": "Acme PSIRT"}],
               "component": {"type": "application", "name": "fw", "bom-ref": "fw"}},
  "components": [
    {"type": "library", "name": "jackson-databind", "bom-ref": "jd",
     "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4",
     "components": [{"type": "library", "name": "inner", "bom-ref": "inner", "purl": "pkg:npm/inner@1.0.0"}]},
    {"type": "library", "name": "nopurl", "bom-ref": "np"}
  ],
  "vulnerabilities": [
    {"id": "SNYK-JAVA-1", "references": [{"id": "CVE-2018-7489", "source": {"name": "NVD"}},
                                          {"id": "GHSA-aaaa-bbbb-cccc", "source": {}}],
     "recommendation": "Upgrade to 2.9.5",
     "analysis": {"state": "not_affected", "justification": "code_not_reachable",
                  "response": ["will_not_fix", "update"], "detail": "not reachable",
                  "firstIssued": "2022-01-01T00:00:00.000Z", "lastUpdated": "2022-02-01T00:00:00.000Z"},
     "affects": [{"ref": "jd"}, {"ref": "inner"}, {"ref": "pkg:pypi/requests@2.0.0"},
                 {"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#jd"}, {"ref": "np"}, {"ref": "ghost"}]},
    {"id": "CVE-2021-44228",
     "analysis": {"state": "exploitable", "response": ["update"]},
     "affects": [{"ref": "fw", "versions": [{"version": "2.4", "status": "affected"},
                                              {"range": "vers:generic/>=2.9|<=4.1", "status": "affected"}]},
                 {"ref": "jd", "versions": [{"version": "2.9.5", "status": "unaffected"}]}]},
    {"id": "CVE-2020-1", "affects": [{"ref": "jd"}]}
  ]
})";

TEST(CycloneDxVexRead, ResolvesRefsAndMapsAnalysis) {
  std::vector<std::string> notes;
  auto doc = read_cyclonedx_vex(kBom, "bom.json", &notes);
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->format, VexFormat::kCycloneDx);
  EXPECT_EQ(doc->id, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  EXPECT_EQ(doc->version, "4");
  EXPECT_EQ(doc->author, "Acme PSIRT");
  EXPECT_EQ(doc->timestamp, "2026-02-01T09:00:00Z");
  ASSERT_EQ(doc->statements.size(), 3u);
  const auto& a = doc->statements[0];
  EXPECT_EQ(a.vulnerability, "SNYK-JAVA-1");
  EXPECT_EQ(a.aliases, (std::vector<std::string>{"CVE-2018-7489", "GHSA-aaaa-bbbb-cccc"}));
  EXPECT_EQ(a.components, (std::vector<std::string>{
                              "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4",
                              "pkg:npm/inner@1.0.0", "pkg:pypi/requests@2.0.0", "np", "ghost"}));
  EXPECT_EQ(a.analysis.state, AnalysisState::kNotAffected);
  EXPECT_EQ(a.analysis.justification, Justification::kVulnerableCodeNotInExecutePath);
  EXPECT_EQ(a.analysis.responses, (std::vector<std::string>{"will_not_fix", "update"}));
  EXPECT_EQ(a.analysis.detail, "not reachable");
  EXPECT_EQ(a.analysis.action_statement, "Upgrade to 2.9.5");
  EXPECT_EQ(a.analysis.timestamp, "2022-02-01T00:00:00Z");
  EXPECT_EQ(a.analysis.author, "Acme PSIRT");
  EXPECT_EQ(a.location, "/vulnerabilities/0");
  // Version statuses: one statement per exact version; the range is skipped with a note.
  const auto& b = doc->statements[1];
  EXPECT_EQ(b.components, std::vector<std::string>{"fw"});
  EXPECT_EQ(b.product, "fw");
  EXPECT_EQ(b.product_version, "2.4");
  EXPECT_EQ(b.analysis.state, AnalysisState::kAffected);
  EXPECT_EQ(b.analysis.responses, std::vector<std::string>{"update"});
  EXPECT_EQ(b.analysis.timestamp, "2026-02-01T09:00:00Z");  // document timestamp
  EXPECT_EQ(b.location, "/vulnerabilities/1/affects/0/versions/0");
  const auto& c = doc->statements[2];
  EXPECT_EQ(c.components, std::vector<std::string>{
                              "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.5"});
  EXPECT_EQ(c.analysis.state, AnalysisState::kNotAffected);
  EXPECT_EQ(c.location, "/vulnerabilities/1/affects/1/versions/0");
  ASSERT_EQ(notes.size(), 5u);
  EXPECT_EQ(notes[0],
            "bom.json: /vulnerabilities/0/affects/4/ref: 'np' names a component without purl or "
            "CPE; kept as written");
  EXPECT_EQ(notes[1],
            "bom.json: /vulnerabilities/0/affects/5/ref: 'ghost' does not resolve to a purl; kept "
            "as written");
  EXPECT_EQ(notes[2],
            "bom.json: /vulnerabilities/1/affects/0/ref: 'fw' names a component without purl or "
            "CPE; kept as written");
  EXPECT_EQ(notes[3],
            "bom.json: /vulnerabilities/1/affects/0/versions/1: version range with status "
            "'affected' not expressible as a component; skipped");
  EXPECT_EQ(notes[4],
            "bom.json: /vulnerabilities/2: no analysis and no version status: not a VEX statement; "
            "skipped");
}

std::string error_of(const std::string& vuln) {
  auto doc = read_cyclonedx_vex(
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","vulnerabilities":[)" + vuln + "]}",
      "bom.json");
  EXPECT_FALSE(doc);
  return doc ? std::string() : doc.error().message;
}

TEST(CycloneDxVexRead, ErrorsNameFileAndPointer) {
  EXPECT_EQ(error_of(R"({"id":"CVE-1","analysis":{"state":"maybe"}})"),
            "bom.json: /vulnerabilities/0/analysis/state: unknown state 'maybe'");
  EXPECT_EQ(
      error_of(R"({"id":"CVE-1","analysis":{"state":"not_affected","justification":"because"}})"),
      "bom.json: /vulnerabilities/0/analysis/justification: unknown justification 'because'");
  EXPECT_EQ(error_of(R"({"id":"CVE-1","analysis":{"state":"exploitable","response":["panic"]}})"),
            "bom.json: /vulnerabilities/0/analysis/response/0: unknown response \"panic\"");
  EXPECT_EQ(error_of(R"({"analysis":{"state":"exploitable"}})"),
            "bom.json: /vulnerabilities/0/id: missing");
  EXPECT_EQ(error_of(R"({"id":"CVE-1","analysis":{"state":"in_triage"},"affects":[{}]})"),
            "bom.json: /vulnerabilities/0/affects/0/ref: missing");
  auto bad = read_cyclonedx_vex(R"({"spdxVersion":"SPDX-2.3"})", "x.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "x.json: /bomFormat: not a CycloneDX BOM");
}

TEST(CycloneDxVexWrite, StandaloneBom) {
  auto j = json::parse(write_cyclonedx_vex(vex::test::sample_document()));
  EXPECT_EQ(j["bomFormat"], "CycloneDX");
  EXPECT_EQ(j["specVersion"], "1.6");
  EXPECT_EQ(j["version"], 3);
  EXPECT_TRUE(std::string(j["serialNumber"]).starts_with("urn:uuid:"));
  EXPECT_EQ(j["metadata"]["timestamp"], "2026-03-01T12:00:00Z");
  EXPECT_EQ(j["metadata"]["authors"][0]["name"], "Acme PSIRT");
  ASSERT_EQ(j["components"].size(), 5u);
  EXPECT_EQ(
      j["components"][0],
      json::parse(
          R"({"type":"library","bom-ref":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
      "group":"org.apache.logging.log4j","name":"log4j-core","version":"2.14.1","purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"})"));
  EXPECT_EQ(j["components"][4]["cpe"], "cpe:2.3:a:acme:widget:1.0:*:*:*:*:*:*:*");
  ASSERT_EQ(j["vulnerabilities"].size(), 4u);
  const auto& v = j["vulnerabilities"][0];
  EXPECT_EQ(v["id"], "CVE-2021-44228");
  EXPECT_EQ(v["source"]["name"], "NVD");
  EXPECT_EQ(v["references"],
            json::parse(R"([{"id":"GHSA-jfh8-c2jp-5v3q","source":{"name":"GitHub Advisories"}}])"));
  EXPECT_EQ(v["analysis"],
            json::parse(R"({"state":"not_affected","justification":"code_not_reachable",
      "detail":"JndiLookup.class was removed from the jar.","lastUpdated":"2026-03-01T10:00:00Z"})"));
  EXPECT_EQ(v["affects"],
            json::parse(R"([{"ref":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}])"));
  EXPECT_EQ(j["vulnerabilities"][1]["analysis"]["state"], "resolved");
  EXPECT_EQ(j["vulnerabilities"][2]["analysis"]["state"], "exploitable");
  EXPECT_EQ(j["vulnerabilities"][2]["recommendation"], "Update lodash to 4.17.21.");
  EXPECT_EQ(j["vulnerabilities"][3]["analysis"]["state"], "in_triage");
  // Deterministic: the same bytes twice.
  EXPECT_EQ(write_cyclonedx_vex(vex::test::sample_document()),
            write_cyclonedx_vex(vex::test::sample_document()));
}

TEST(CycloneDxVexWrite, ValidatesAgainstTheSchema) {
  auto d = vex::test::sample_document();
  d.statements[2].analysis.responses = {"update", "workaround_available"};
  d.statements.push_back(vex::test::make_statement("OSV-2020-1", {}, {"weird component"},
                                                   AnalysisState::kFalsePositive));
  vex::test::expect_schema_valid(write_cyclonedx_vex(d), "cdx");
}

void expect_same_analyses(const VexDocument& want, const VexDocument& got, bool product) {
  ASSERT_EQ(got.statements.size(), want.statements.size());
  for (std::size_t i = 0; i < want.statements.size(); ++i) {
    SCOPED_TRACE(i);
    const auto& w = want.statements[i];
    const auto& g = got.statements[i];
    EXPECT_EQ(g.vulnerability, w.vulnerability);
    EXPECT_EQ(g.aliases, w.aliases);
    EXPECT_EQ(g.components, w.components);
    if (product) {
      EXPECT_EQ(g.product, w.product);
    }
    EXPECT_EQ(g.analysis.state, w.analysis.state);
    EXPECT_EQ(g.analysis.justification, w.analysis.justification);
    EXPECT_EQ(g.analysis.responses, w.analysis.responses);
    EXPECT_EQ(g.analysis.detail, w.analysis.detail);
    EXPECT_EQ(g.analysis.action_statement, w.analysis.action_statement);
    EXPECT_EQ(g.analysis.timestamp, w.analysis.timestamp);
  }
}

TEST(CycloneDxVexRoundTrip, StatementsSurvive) {
  auto in = vex::test::sample_document();
  in.statements[2].analysis.responses = {"update"};
  in.statements.push_back(
      vex::test::make_statement("CVE-2025-1", {}, {"pkg:npm/x@1"}, AnalysisState::kFalsePositive));
  in.statements.back().analysis.responses = {"will_not_fix"};
  in.statements[1].product = "acme-fw";
  in.statements[1].product_version = "3.1";
  auto doc = read_cyclonedx_vex(write_cyclonedx_vex(in), "out.json");
  ASSERT_TRUE(doc) << doc.error().message;
  expect_same_analyses(in, *doc, true);
  EXPECT_EQ(doc->statements[1].product_version, "3.1");
  EXPECT_EQ(doc->author, in.author);
  EXPECT_EQ(doc->timestamp, in.timestamp);
}

TEST(CrossFormat, OpenVexToCycloneDxKeepsAnalyses) {
  auto in = vex::test::sample_document();
  auto openvex = vex::read_openvex(vex::write_openvex(in), "a.json");
  ASSERT_TRUE(openvex) << openvex.error().message;
  auto cdx = read_cyclonedx_vex(write_cyclonedx_vex(*openvex), "b.json");
  ASSERT_TRUE(cdx) << cdx.error().message;
  expect_same_analyses(*openvex, *cdx, true);
  // And back: CycloneDX -> OpenVEX maps false_positive to not_affected (documented loss).
  VexDocument fp;
  fp.statements = {
      vex::test::make_statement("CVE-9", {}, {"pkg:npm/y@2"}, AnalysisState::kFalsePositive)};
  auto back = vex::read_openvex(vex::write_openvex(fp), "c.json");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->statements[0].analysis.state, AnalysisState::kNotAffected);
  EXPECT_EQ(back->statements[0].analysis.justification, Justification::kVulnerableCodeNotPresent);
}

TEST(CrossFormat, CycloneDxOnlyJustificationsMapToTheNearestOpenVexName) {
  const std::pair<const char*, Justification> cases[] = {
      {"code_not_present", Justification::kVulnerableCodeNotPresent},
      {"code_not_reachable", Justification::kVulnerableCodeNotInExecutePath},
      {"requires_configuration", Justification::kVulnerableCodeCannotBeControlledByAdversary},
      {"requires_dependency", Justification::kComponentNotPresent},
      {"requires_environment", Justification::kVulnerableCodeCannotBeControlledByAdversary},
      {"protected_by_compiler", Justification::kInlineMitigationsAlreadyExist},
      {"protected_at_runtime", Justification::kInlineMitigationsAlreadyExist},
      {"protected_at_perimeter", Justification::kInlineMitigationsAlreadyExist},
      {"protected_by_mitigating_control", Justification::kInlineMitigationsAlreadyExist}};
  for (const auto& [name, want] : cases) {
    auto doc =
        read_cyclonedx_vex(std::string(R"({"bomFormat":"CycloneDX","vulnerabilities":[{"id":"CVE-1",
        "analysis":{"state":"not_affected","justification":")") +
                               name + R"("},"affects":[{"ref":"pkg:npm/a@1"}]}]})",
                           "j.json");
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_EQ(doc->statements[0].analysis.justification, want) << name;
    auto ov = json::parse(vex::write_openvex(*doc));
    EXPECT_EQ(ov["statements"][0]["justification"], std::string(to_string(want))) << name;
  }
}

}  // namespace
