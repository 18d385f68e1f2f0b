// SBOM writers: CycloneDX 1.6 and SPDX 2.3 JSON from a hand-built Sbom shaped like the
// inventory's output: field mapping, licence forms, nesting, the dependency graph, a round trip
// through the reader, and validation against the official schemas (../shared oracle).
#include "bulwark/sbom/writer.hpp"
#include "sbom_test_util.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bulwark/sbom/reader.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::Component;
using bulwark::Sbom;
using bulwark::SbomFormat;
using bulwark::sbom::classify_license;
using bulwark::sbom::LicenseKind;
using bulwark::sbom::WriteOptions;
using nlohmann::json;

namespace {

const std::string kSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

constexpr auto make = &bulwark::sbom::test::make_component;

// What extract::inventory produces for a small Debian root with an npm app.
Sbom sample() {
  Sbom s;
  s.serial_number = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
  Component subject = make("product:fw@3.1", "fw", "3.1", "");
  subject.type = "application";
  subject.supplier = "Acme GmbH";
  s.subject = subject;
  Component os = make("os:debian@12", "debian", "12", "");
  os.type = "operating-system";
  os.location = "etc/os-release";
  os.properties = {{"bulwark:os:pretty-name", "Debian GNU/Linux 12 (bookworm)"}};
  Component ssl =
      make("deb:libssl3", "libssl3", "3.0.11-1~deb12u2",
           "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl");
  ssl.licenses = {"Apache-2.0"};
  ssl.source_name = "openssl";
  ssl.supplier = "Debian OpenSSL Team";
  ssl.location = "var/lib/dpkg/status";
  ssl.hashes = {{"SHA256", kSha256}, {"bogus", "zz"}};
  ssl.properties = {{"bulwark:extractor", "os/dpkg"}, {"bulwark:file-sha256", kSha256}};
  Component lodash = make("npm:lodash@4.17.21", "lodash", "4.17.21", "pkg:npm/lodash@4.17.21");
  lodash.licenses = {"mit OR Apache-2.0"};
  lodash.location = "srv/app/package-lock.json";
  Component inner = make("npm:inner@1.0.0", "inner", "1.0.0", "pkg:npm/inner@1.0.0");
  inner.parent = 3;  // nested in lodash
  inner.licenses = {"MIT", "Acme Proprietary Licence"};
  inner.cpes = {"cpe:2.3:a:acme:inner:1.0.0:*:*:*:*:*:*:*"};
  s.components = {
      os, ssl,
      make("deb:zlib1g", "zlib1g", "1:1.2.13.dfsg-1", "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1"),
      lodash, inner};
  s.dependencies = {{"product:fw@3.1", {"os:debian@12", "deb:libssl3", "npm:lodash@4.17.21"}},
                    {"deb:libssl3", {"deb:zlib1g", "deb:zlib1g"}},
                    {"npm:lodash@4.17.21", {"npm:inner@1.0.0"}}};
  return s;
}

std::string write_doc(const Sbom& s, SbomFormat f) {
  std::ostringstream out;
  auto r = bulwark::sbom::write(
      s, f, out, WriteOptions{"1.2.3", "2026-01-02T03:04:05Z", "psirt@acme.example"});
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return out.str();
}

// Runs the shared schema oracle on `doc`; skips when python3 or the oracle is absent.
void expect_schema_valid(const std::string& doc, const std::string& kind) {
  auto shared = bulwark::test::shared_dir();
  if (!shared || !fs::exists(*shared / "oracles/schema-validate.py") ||
      !fs::exists("/usr/bin/python3"))
    GTEST_SKIP()
        << "../shared/oracles/schema-validate.py or /usr/bin/python3 absent: schema not checked";
  bulwark::test::TempDir tmp;
  auto file = tmp.path() / ("doc." + kind + ".json");
  std::ofstream(file) << doc;
  auto r =
      bulwark::test::run("SCHEMAS='" + (*shared / "schemas").string() + "' /usr/bin/python3 '" +
                         (*shared / "oracles/schema-validate.py").string() + "' --kind " + kind +
                         " '" + file.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto line = json::parse(r.out);
  EXPECT_EQ(line["valid"], true) << r.out;
  EXPECT_EQ(line["kind"], kind);
}

TEST(CycloneDxWriter, MetadataComponentsAndGraph) {
  auto doc = json::parse(write_doc(sample(), SbomFormat::kCycloneDxJson));
  EXPECT_EQ(doc["bomFormat"], "CycloneDX");
  EXPECT_EQ(doc["specVersion"], "1.6");
  EXPECT_EQ(doc["serialNumber"], "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  EXPECT_EQ(doc["version"], 1);
  const auto& meta = doc["metadata"];
  EXPECT_EQ(meta["timestamp"], "2026-01-02T03:04:05Z");
  EXPECT_EQ(meta["tools"]["components"][0]["name"], "bulwark");
  EXPECT_EQ(meta["tools"]["components"][0]["version"], "1.2.3");
  EXPECT_EQ(meta["component"]["bom-ref"], "product:fw@3.1");
  EXPECT_EQ(meta["component"]["type"], "application");
  EXPECT_EQ(meta["supplier"], meta["manufacturer"]);
  EXPECT_EQ(meta["manufacturer"],
            json::parse(R"({"name":"Acme GmbH","contact":[{"email":"psirt@acme.example"}]})"));
  const auto& comps = doc["components"];
  ASSERT_EQ(comps.size(), 4u);  // inner is nested in lodash
  EXPECT_EQ(comps[0]["type"], "operating-system");
  EXPECT_EQ(comps[0]["evidence"]["occurrences"][0]["location"], "etc/os-release");
  const auto& ssl = comps[1];
  EXPECT_EQ(ssl["bom-ref"], "deb:libssl3");
  EXPECT_EQ(ssl["supplier"]["name"], "Debian OpenSSL Team");
  EXPECT_EQ(ssl["licenses"], json::parse(R"([{"license":{"id":"Apache-2.0"}}])"));
  EXPECT_EQ(ssl["hashes"], json::parse(R"([{"alg":"SHA-256","content":")" + kSha256 + R"("}])"));
  EXPECT_EQ(ssl["properties"].size(), 3u);
  EXPECT_EQ(ssl["properties"][2],
            json::parse(R"({"name":"bulwark:source-name","value":"openssl"})"));
  EXPECT_EQ(comps[3]["licenses"], json::parse(R"([{"expression":"MIT OR Apache-2.0"}])"));
  const auto& inner = comps[3]["components"][0];
  EXPECT_EQ(inner["name"], "inner");
  EXPECT_EQ(inner["cpe"], "cpe:2.3:a:acme:inner:1.0.0:*:*:*:*:*:*:*");
  EXPECT_EQ(
      inner["licenses"],
      json::parse(R"([{"license":{"id":"MIT"}},{"license":{"name":"Acme Proprietary Licence"}}])"));
  ASSERT_EQ(doc["dependencies"].size(), 3u);
  EXPECT_EQ(doc["dependencies"][1],
            json::parse(R"({"ref":"deb:libssl3","dependsOn":["deb:zlib1g"]})"));
}

TEST(CycloneDxWriter, RoundTripsThroughTheReader) {
  Sbom in = sample();
  auto text = write_doc(in, SbomFormat::kCycloneDxJson);
  auto out = bulwark::sbom::read(text, "written.cdx.json");
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->components.size(), in.components.size());
  std::set<std::string> names_in, names_out;
  for (const auto& c : in.components) names_in.insert(c.bom_ref + " " + c.purl + " " + c.version);
  for (const auto& c : out->components)
    names_out.insert(c.bom_ref + " " + c.purl + " " + c.version);
  EXPECT_EQ(names_in, names_out);
  ASSERT_TRUE(out->subject);
  EXPECT_EQ(out->subject->name, "fw");
  for (const auto& c : out->components)
    if (c.name == "inner") {
      ASSERT_GE(c.parent, 0);
      EXPECT_EQ(out->components[static_cast<std::size_t>(c.parent)].name, "lodash");
    }
  EXPECT_EQ(out->dependencies.size(), 3u);
}

TEST(CycloneDxWriter, ValidatesAgainstTheSchema) {
  expect_schema_valid(write_doc(sample(), SbomFormat::kCycloneDxJson), "cdx");
}

TEST(CycloneDxWriter, UrlContactWithoutSupplier) {
  Sbom s;
  std::ostringstream out;
  ASSERT_TRUE(bulwark::sbom::write(s, SbomFormat::kCycloneDxJson, out,
                                   WriteOptions{"1", "", "https://acme.example/psirt"}));
  auto doc = json::parse(out.str());
  EXPECT_EQ(doc["metadata"]["manufacturer"],
            json::parse(R"({"url":["https://acme.example/psirt"]})"));
  EXPECT_EQ(doc["metadata"]["supplier"], doc["metadata"]["manufacturer"]);
  EXPECT_EQ(doc["metadata"]["timestamp"].get<std::string>().size(), 20u);
  expect_schema_valid(out.str(), "cdx");
}

TEST(CycloneDxWriter, EmptySbomAndBadSerialStillValid) {
  Sbom s;
  s.serial_number = "not-a-urn";
  auto text = write_doc(s, SbomFormat::kCycloneDxJson);
  auto doc = json::parse(text);
  EXPECT_TRUE(doc["serialNumber"].get<std::string>().starts_with("urn:uuid:"));
  EXPECT_NE(doc["serialNumber"], "urn:uuid:not-a-urn");
  EXPECT_TRUE(doc["components"].empty());
  expect_schema_valid(text, "cdx");
}

TEST(SpdxWriter, PackagesRelationshipsAndLicenceRefs) {
  auto doc = json::parse(write_doc(sample(), SbomFormat::kSpdxJson));
  EXPECT_EQ(doc["spdxVersion"], "SPDX-2.3");
  EXPECT_EQ(doc["documentNamespace"], "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  EXPECT_EQ(doc["creationInfo"]["created"], "2026-01-02T03:04:05Z");
  EXPECT_EQ(doc["creationInfo"]["comment"], "Vulnerability contact: psirt@acme.example");
  EXPECT_EQ(
      doc["creationInfo"]["creators"],
      json::parse(R"j(["Tool: bulwark-1.2.3","Organization: Acme GmbH (psirt@acme.example)"])j"));
  ASSERT_EQ(doc["packages"].size(), 6u);
  EXPECT_EQ(doc["packages"][0]["SPDXID"], "SPDXRef-product-fw-3.1");
  const auto& inner = doc["packages"][5];
  EXPECT_EQ(inner["licenseDeclared"], "MIT AND LicenseRef-Acme-Proprietary-Licence");
  EXPECT_EQ(doc["hasExtractedLicensingInfos"][0]["licenseId"],
            "LicenseRef-Acme-Proprietary-Licence");
  EXPECT_EQ(doc["packages"][2]["sourceInfo"], "built package from: openssl");
  EXPECT_EQ(doc["packages"][2]["checksums"][0]["algorithm"], "SHA256");
  EXPECT_EQ(doc["packages"][1]["primaryPackagePurpose"], "OPERATING_SYSTEM");
  std::set<std::string> rels;
  for (const auto& r : doc["relationships"])
    rels.insert(r["spdxElementId"].get<std::string>() + " " +
                r["relationshipType"].get<std::string>() + " " +
                r["relatedSpdxElement"].get<std::string>());
  EXPECT_EQ(rels.size(), doc["relationships"].size());
  EXPECT_TRUE(rels.count("SPDXRef-DOCUMENT DESCRIBES SPDXRef-product-fw-3.1"));
  EXPECT_TRUE(rels.count("SPDXRef-deb-libssl3 DEPENDS_ON SPDXRef-deb-zlib1g"));
  EXPECT_TRUE(rels.count("SPDXRef-npm-lodash-4.17.21 CONTAINS SPDXRef-npm-inner-1.0.0"));
  EXPECT_EQ(rels.size(), 7u);  // describes + 3 + 1 + 1 depends + contains
}

TEST(SpdxWriter, RoundTripsAndValidates) {
  auto text = write_doc(sample(), SbomFormat::kSpdxJson);
  auto out = bulwark::sbom::read(text, "written.spdx.json");
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_TRUE(out->subject);
  EXPECT_EQ(out->subject->name, "fw");
  EXPECT_EQ(out->components.size(), 5u);
  for (const auto& c : out->components)
    if (c.name == "debian") EXPECT_EQ(c.type, "operating-system");
  expect_schema_valid(text, "spdx");
}

TEST(Writer, OtherFormatsAreUnsupported) {
  std::ostringstream out;
  auto r = bulwark::sbom::write(Sbom{}, SbomFormat::kCycloneDxXml, out, WriteOptions{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, bulwark::ErrorCode::kUnsupported);
}

TEST(Writer, TimestampHonoursSourceDateEpoch) {
  ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  EXPECT_EQ(bulwark::sbom::current_timestamp(), "2023-11-14T22:13:20Z");
  ::unsetenv("SOURCE_DATE_EPOCH");
  EXPECT_EQ(bulwark::sbom::current_timestamp().size(), 20u);
}

TEST(LicenseClassification, IdsExpressionsAndNames) {
  struct Case {
    const char* in;
    LicenseKind kind;
    const char* text;
  };
  const Case cases[] = {
      {"MIT", LicenseKind::kSpdxId, "MIT"},
      {" apache-2.0 ", LicenseKind::kSpdxId, "Apache-2.0"},
      {"MIT OR Apache-2.0", LicenseKind::kExpression, "MIT OR Apache-2.0"},
      {"(MIT or apache-2.0)", LicenseKind::kExpression, "(MIT OR Apache-2.0)"},
      {"GPL-2.0-or-later WITH Classpath-exception-2.0", LicenseKind::kExpression,
       "GPL-2.0-or-later WITH Classpath-exception-2.0"},
      {"Foo-1.0 AND MIT", LicenseKind::kExpression, "Foo-1.0 AND MIT"},
      {"LicenseRef-acme", LicenseKind::kExpression, "LicenseRef-acme"},
      {"GNU General Public License v2 or later", LicenseKind::kName,
       "GNU General Public License v2 or later"},
      {"Foo-1.0", LicenseKind::kName, "Foo-1.0"},
      {"BSD", LicenseKind::kName, "BSD"},
  };
  for (const auto& c : cases) {
    auto got = classify_license(c.in);
    EXPECT_EQ(got.kind, c.kind) << c.in;
    EXPECT_EQ(got.text, c.text) << c.in;
  }
}

// Every identifier the writer emits as {"license":{"id"}} must be in the schema's SPDX list.
TEST(LicenseClassification, KnownIdsAreInTheCycloneDxSpdxEnum) {
  BULWARK_REQUIRE_SHARED(dir, "schemas/cyclonedx/spdx.schema.json");
  std::ifstream in(dir);
  auto schema = json::parse(in);
  std::set<std::string> allowed;
  for (const auto& id : schema["enum"]) allowed.insert(id.get<std::string>());
  ASSERT_GT(allowed.size(), 500u);
  std::size_t checked = 0;
  for (auto id : bulwark::sbom::known_spdx_ids()) {
    EXPECT_TRUE(allowed.count(std::string(id))) << id;
    ++checked;
  }
  EXPECT_GE(checked, 90u);
}

}  // namespace
