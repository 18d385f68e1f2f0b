// Every OpenVEX @id we write is an IRI (the 0.2.0 schema's "format": "iri"): a plain name given as
// the document id or the product ("acme-gateway") becomes urn:bulwark:<kind>:<name> and reads
// back as the name; identifiers (GHSA ids) are written exactly as given, never re-cased.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/vex/internal.hpp"
#include "bulwark/vex/vex.hpp"
#include "test_util.hpp"

namespace bulwark::vex {
namespace {

using nlohmann::json;

VexDocument walkthrough_like() {
  VexDocument doc;
  doc.id = "acme-gateway-vex";
  doc.author = "Acme PSIRT";
  doc.timestamp = "2026-01-02T03:04:05Z";
  doc.version = "1";
  VexStatement s;
  s.vulnerability = "GHSA-35jh-r3h4-6jhm";
  s.aliases = {"CVE-2021-23337"};
  s.product = "acme-gateway";
  s.components = {"pkg:npm/lodash@4.17.20"};
  s.analysis.state = AnalysisState::kNotAffected;
  s.analysis.justification = Justification::kVulnerableCodeNotInExecutePath;
  doc.statements = {s};
  return doc;
}

TEST(OpenVexIri, PlainNamesBecomeIrisAndReadBack) {
  const std::string text = write_openvex(walkthrough_like());
  auto j = json::parse(text);
  EXPECT_EQ(j["@id"], "urn:bulwark:vex:acme-gateway-vex");
  EXPECT_EQ(j["statements"][0]["products"][0]["@id"], "urn:bulwark:product:acme-gateway");
  EXPECT_EQ(j["statements"][0]["products"][0]["subcomponents"][0]["@id"],
            "pkg:npm/lodash@4.17.20");  // a purl is an IRI already
  EXPECT_EQ(j["statements"][0]["vulnerability"]["name"], "GHSA-35jh-r3h4-6jhm");  // as published
  test::expect_schema_valid(text, "openvex");
  auto back = read_openvex(text, "vex.json");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->id, "acme-gateway-vex");
  ASSERT_EQ(back->statements.size(), 1u);
  EXPECT_EQ(back->statements[0].product, "acme-gateway");
  EXPECT_EQ(back->statements[0].vulnerability, "GHSA-35jh-r3h4-6jhm");
}

TEST(OpenVexIri, IrisAreKeptAndOddNamesAreEscapedReversibly) {
  EXPECT_TRUE(detail::is_iri("https://acme.example/vex/7"));
  EXPECT_TRUE(detail::is_iri("pkg:oci/acme-gateway@sha256%3Aabc"));
  EXPECT_TRUE(detail::is_iri("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"));
  EXPECT_FALSE(detail::is_iri("acme-gateway"));
  EXPECT_FALSE(detail::is_iri("my product:1"));  // a space is no IRI character
  EXPECT_FALSE(detail::is_iri("1abc:x"));        // a scheme starts with a letter
  EXPECT_FALSE(detail::is_iri("x:"));
  EXPECT_EQ(detail::to_iri("https://acme.example/vex/7", "vex"), "https://acme.example/vex/7");
  for (std::string name : {"acme gateway 2", "a:b", "100%", "ünïcode name", "x/y?z#w"}) {
    const std::string iri = detail::to_iri(name, "product");
    EXPECT_TRUE(detail::is_iri(iri)) << iri;
    EXPECT_EQ(detail::from_iri(iri), name) << iri;
  }
  EXPECT_EQ(detail::to_iri("acme gateway", "product"), "urn:bulwark:product:acme%20gateway");
  // Someone else's URN is not ours to decode.
  EXPECT_EQ(detail::from_iri("urn:other:product:a%20b"), "urn:other:product:a%20b");
}

TEST(CycloneDxVex, IdentifiersAreWrittenAsPublished) {
  const std::string text = write_cyclonedx_vex(walkthrough_like());
  auto j = json::parse(text);
  EXPECT_EQ(j["vulnerabilities"][0]["id"], "GHSA-35jh-r3h4-6jhm");
  test::expect_schema_valid(text, "cdx");
}

}  // namespace
}  // namespace bulwark::vex
