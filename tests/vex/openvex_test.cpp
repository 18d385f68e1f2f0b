// OpenVEX reader and writer: exact field mapping, errors naming file and JSON pointer, schema
// validity and round trips.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/vex/vex.hpp"
#include "test_util.hpp"

namespace {

using namespace bulwark;
using bulwark::vex::read_openvex;
using bulwark::vex::write_openvex;
using json = nlohmann::json;

constexpr const char* kDoc = R"({
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/1",
  "author": "Spring Builds",
  "timestamp": "2023-01-16T19:07:16.853479631-06:00",
  "version": 2,
  "statements": [
    {
      "vulnerability": {"@id": "https://example.com/v/CVE-2021-44228", "name": "CVE-2021-44228",
                        "aliases": ["GHSA-jfh8-c2jp-5v3q"]},
      "products": [{"@id": "https://example.com/p/boot",
                    "identifiers": {"purl": "pkg:maven/org.springframework.boot/spring-boot@2.6.0"}}],
      "status": "not_affected",
      "justification": "vulnerable_code_not_in_execute_path",
      "impact_statement": "log4j-core is not included"
    },
    {
      "timestamp": "2023-01-17T00:00:00Z",
      "vulnerability": {"name": "CVE-2023-1255"},
      "products": [
        {"@id": "pkg:oci/alpine@sha256%3A124c", "subcomponents": [{"@id": "pkg:apk/alpine/libssl3@3.0.8-r3"},
                                                                   {"identifiers": {"purl": "pkg:apk/alpine/libcrypto3@3.0.8-r3"}}]},
        {"identifiers": {"cpe23": "cpe:2.3:a:acme:tool:1.0:*:*:*:*:*:*:*"}},
        {"@id": "pkg:generic/other@1"}
      ],
      "status": "affected",
      "action_statement": "Update the image",
      "status_notes": "seen in scanning"
    }
  ]
})";

TEST(OpenVexRead, MapsEveryField) {
  auto doc = read_openvex(kDoc, "vex.json");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->format, VexFormat::kOpenVex);
  EXPECT_EQ(doc->id, "https://example.com/vex/1");
  EXPECT_EQ(doc->author, "Spring Builds");
  EXPECT_EQ(doc->timestamp, "2023-01-17T01:07:16Z");
  EXPECT_EQ(doc->version, "2");
  ASSERT_EQ(doc->statements.size(), 3u);
  const auto& a = doc->statements[0];
  EXPECT_EQ(a.vulnerability, "CVE-2021-44228");
  EXPECT_EQ(a.aliases, std::vector<std::string>{"GHSA-jfh8-c2jp-5v3q"});
  EXPECT_EQ(a.components,
            std::vector<std::string>{"pkg:maven/org.springframework.boot/spring-boot@2.6.0"});
  EXPECT_EQ(a.product, "");
  EXPECT_EQ(a.analysis.state, AnalysisState::kNotAffected);
  EXPECT_EQ(a.analysis.justification, Justification::kVulnerableCodeNotInExecutePath);
  EXPECT_EQ(a.analysis.detail, "log4j-core is not included");
  EXPECT_EQ(a.analysis.author, "Spring Builds");
  EXPECT_EQ(a.analysis.timestamp, "2023-01-17T01:07:16Z");  // document timestamp
  EXPECT_EQ(a.location, "/statements/0");
  // Plain products share one statement; the product with subcomponents gets its own.
  const auto& b = doc->statements[1];
  EXPECT_EQ(b.components, (std::vector<std::string>{"cpe:2.3:a:acme:tool:1.0:*:*:*:*:*:*:*",
                                                    "pkg:generic/other@1"}));
  EXPECT_EQ(b.product, "");
  EXPECT_EQ(b.analysis.state, AnalysisState::kAffected);
  EXPECT_EQ(b.analysis.action_statement, "Update the image");
  EXPECT_EQ(b.analysis.detail, "seen in scanning");
  EXPECT_EQ(b.analysis.timestamp, "2023-01-17T00:00:00Z");  // statement overrides
  const auto& c = doc->statements[2];
  EXPECT_EQ(c.product, "pkg:oci/alpine@sha256%3A124c");
  EXPECT_EQ(c.components, (std::vector<std::string>{"pkg:apk/alpine/libssl3@3.0.8-r3",
                                                    "pkg:apk/alpine/libcrypto3@3.0.8-r3"}));
  EXPECT_EQ(c.location, "/statements/1");
}

TEST(OpenVexRead, AcceptsLegacySpellings) {
  auto doc = read_openvex(R"({"@context":"https://openvex.dev/ns","@id":"x","author":"a",
    "timestamp":"2022-12-22T16:36:43-05:00","version":"1",
    "statements":[{"vulnerability":"CVE-1234-5678","products":["pkg:apk/wolfi/bash@1.0.0"],
                   "subcomponents":["pkg:apk/wolfi/readline@8"],"status":"under_investigation"},
                  {"vulnerability":"CVE-1","status":"fixed"}]})",
                          "old.json");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->version, "1");
  ASSERT_EQ(doc->statements.size(), 2u);
  EXPECT_EQ(doc->statements[0].vulnerability, "CVE-1234-5678");
  EXPECT_EQ(doc->statements[0].product, "pkg:apk/wolfi/bash@1.0.0");
  EXPECT_EQ(doc->statements[0].components, std::vector<std::string>{"pkg:apk/wolfi/readline@8"});
  EXPECT_TRUE(doc->statements[1].components.empty());
  EXPECT_EQ(doc->statements[1].analysis.timestamp, "2022-12-22T21:36:43Z");
}

std::string error_of(const std::string& text) {
  auto doc = read_openvex(text, "vex.json");
  EXPECT_FALSE(doc);
  return doc ? std::string() : doc.error().message;
}

std::string with_statement(const std::string& st) {
  return R"({"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"a","version":1,
    "timestamp":"2023-01-01T00:00:00Z","statements":[{"vulnerability":{"name":"CVE-1"},"status":"fixed"},)" +
         st + "]}";
}

TEST(OpenVexRead, ErrorsNameFileAndPointer) {
  EXPECT_EQ(error_of(with_statement(R"({"vulnerability":{"name":"CVE-2"},"status":"maybe"})")),
            "vex.json: /statements/1/status: unknown status 'maybe'");
  EXPECT_EQ(
      error_of(with_statement(R"({"vulnerability":{"name":"CVE-2"},"status":"not_affected"})")),
      "vex.json: /statements/1: status not_affected needs a justification or an impact_statement");
  EXPECT_EQ(
      error_of(with_statement(
          R"({"vulnerability":{"name":"CVE-2"},"status":"not_affected","justification":"code_not_present"})")),
      "vex.json: /statements/1/justification: unknown justification 'code_not_present'");
  EXPECT_EQ(
      error_of(with_statement(R"({"vulnerability":{"name":"CVE-2"},"status":"false_positive"})")),
      "vex.json: /statements/1/status: unknown status 'false_positive'");
  EXPECT_EQ(error_of(with_statement(R"({"status":"fixed"})")),
            "vex.json: /statements/1/vulnerability: missing");
  EXPECT_EQ(
      error_of(with_statement(
          R"({"vulnerability":{"name":"CVE-2"},"status":"fixed","products":[{"hashes":{}}]})")),
      "vex.json: /statements/1/products/0: no @id and no identifiers (purl, cpe23, cpe22)");
  EXPECT_EQ(error_of(with_statement(
                R"({"vulnerability":{"name":"CVE-2"},"status":"fixed","timestamp":"yesterday"})")),
            "vex.json: /statements/1/timestamp: not an RFC 3339 date-time: 'yesterday'");
  EXPECT_EQ(error_of(R"({"@context":"https://example.com/ns","statements":[]})"),
            "vex.json: /@context: not an OpenVEX context: 'https://example.com/ns'");
  EXPECT_EQ(error_of(R"({"@context":"https://openvex.dev/ns"})"), "vex.json: /statements: missing");
  EXPECT_TRUE(error_of("{\n  \"a\": ,\n}").starts_with("vex.json:2:8: not valid JSON"))
      << error_of("{\n  \"a\": ,\n}");
}

TEST(OpenVexWrite, CanonicalDocument) {
  auto text = write_openvex(vex::test::sample_document());
  auto j = json::parse(text);
  EXPECT_EQ(j["@context"], "https://openvex.dev/ns/v0.2.0");
  std::string id = j["@id"];
  EXPECT_TRUE(id.starts_with("https://openvex.dev/docs/public/vex-")) << id;
  EXPECT_EQ(id.size(), std::string("https://openvex.dev/docs/public/vex-").size() + 64);
  EXPECT_EQ(j["author"], "Acme PSIRT");
  EXPECT_EQ(j["timestamp"], "2026-03-01T12:00:00Z");
  EXPECT_EQ(j["version"], 3);
  ASSERT_EQ(j["statements"].size(), 4u);
  const auto& a = j["statements"][0];
  EXPECT_EQ(a["vulnerability"],
            json::parse(R"({"name":"CVE-2021-44228","aliases":["GHSA-jfh8-c2jp-5v3q"]})"));
  EXPECT_EQ(a["products"], json::parse(R"([{"@id":"pkg:oci/acme-gateway@sha256%3Aabc123",
      "subcomponents":[{"@id":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}]}])"));
  EXPECT_EQ(a["status"], "not_affected");
  EXPECT_EQ(a["justification"], "vulnerable_code_not_in_execute_path");
  EXPECT_EQ(a["impact_statement"], "JndiLookup.class was removed from the jar.");
  EXPECT_EQ(j["statements"][1]["status_notes"], "Rebuilt against 3.0.9.");
  EXPECT_EQ(j["statements"][2]["action_statement"], "Update lodash to 4.17.21.");
  EXPECT_EQ(j["statements"][3]["products"][0],
            json::parse(R"({"identifiers":{"cpe23":"cpe:2.3:a:acme:widget:1.0:*:*:*:*:*:*:*"}})"));
  // Deterministic: same input, same bytes (and the same content-derived @id).
  EXPECT_EQ(text, write_openvex(vex::test::sample_document()));
  auto other = vex::test::sample_document();
  other.statements[0].analysis.detail = "changed";
  EXPECT_NE(json::parse(write_openvex(other))["@id"], j["@id"]);
}

TEST(OpenVexWrite, KeepsGivenIdAndFillsRequiredTexts) {
  VexDocument d;
  d.id = "https://acme.example/vex/7";
  d.timestamp = "2026-01-01T00:00:00Z";
  d.statements = {
      vex::test::make_statement("CVE-1", {}, {"pkg:npm/a@1"}, AnalysisState::kAffected),
      vex::test::make_statement("CVE-2", {}, {"pkg:npm/a@1"}, AnalysisState::kNotAffected),
      vex::test::make_statement("CVE-3", {}, {"pkg:npm/a@1"}, AnalysisState::kFalsePositive)};
  auto j = json::parse(write_openvex(d));
  EXPECT_EQ(j["@id"], "https://acme.example/vex/7");
  EXPECT_EQ(j["author"], "Unknown Author");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["statements"][0]["action_statement"], "No action statement was recorded.");
  EXPECT_EQ(j["statements"][1]["impact_statement"], "No impact statement was recorded.");
  EXPECT_FALSE(j["statements"][1].contains("justification"));
  EXPECT_EQ(j["statements"][2]["status"], "not_affected");
  EXPECT_EQ(j["statements"][2]["justification"], "vulnerable_code_not_present");
  vex::test::expect_schema_valid(j.dump(), "openvex");
}

TEST(OpenVexWrite, ValidatesAgainstTheSchema) {
  vex::test::expect_schema_valid(write_openvex(vex::test::sample_document()), "openvex");
}

TEST(OpenVexRoundTrip, StatementsSurvive) {
  auto in = vex::test::sample_document();
  auto doc = read_openvex(write_openvex(in), "out.json");
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_EQ(doc->statements.size(), in.statements.size());
  EXPECT_EQ(doc->timestamp, in.timestamp);
  EXPECT_EQ(doc->version, "3");
  for (std::size_t i = 0; i < in.statements.size(); ++i) {
    SCOPED_TRACE(i);
    const auto& want = in.statements[i];
    const auto& got = doc->statements[i];
    EXPECT_EQ(got.vulnerability, want.vulnerability);
    EXPECT_EQ(got.aliases, want.aliases);
    EXPECT_EQ(got.components, want.components);
    EXPECT_EQ(got.product, want.product);
    EXPECT_EQ(got.analysis.state, want.analysis.state);
    EXPECT_EQ(got.analysis.justification, want.analysis.justification);
    EXPECT_EQ(got.analysis.detail, want.analysis.detail);
    EXPECT_EQ(got.analysis.action_statement, want.analysis.action_statement);
    EXPECT_EQ(got.analysis.timestamp, want.analysis.timestamp);
    EXPECT_EQ(got.analysis.author, want.analysis.author);
    EXPECT_TRUE(got.analysis.responses.empty());  // OpenVEX has no responses (docs/vex.md)
  }
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(vex::sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(vex::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(vex::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(vex::sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sniff, RecognisesTheThreeFormats) {
  EXPECT_EQ(vex::sniff(R"({"@context":"https://openvex.dev/ns/v0.2.0"})"), VexFormat::kOpenVex);
  EXPECT_EQ(vex::sniff(R"({"bomFormat":"CycloneDX","vulnerabilities":[]})"), VexFormat::kCycloneDx);
  EXPECT_EQ(vex::sniff(R"({"document":{"csaf_version":"2.0"}})"), VexFormat::kCsaf);
  EXPECT_EQ(vex::sniff(R"({"bomFormat":"CycloneDX","components":[]})"), std::nullopt);
  EXPECT_EQ(vex::sniff(R"({"@context":"https://www.w3.org/ns"})"), std::nullopt);
  EXPECT_EQ(vex::sniff("not json"), std::nullopt);
  EXPECT_EQ(vex::sniff("[1,2]"), std::nullopt);
}

}  // namespace
