// sbom check: BSI TR-03183-2 v2.1 and NTIA coverage on hand-built documents and on real SBOMs
// from ../shared (exact expectations derived by reading the documents), scoring, JSON shape.
#include "bulwark/sbom/check.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bulwark/sbom/writer.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::sbom::CheckProfile;
using bulwark::sbom::CheckReport;
using nlohmann::json;

namespace {

const bulwark::sbom::FieldCoverage& field(const CheckReport& r, const std::string& profile,
                                          const std::string& name) {
  for (const auto& f : r.fields)
    if (f.profile == profile && f.field == name) return f;
  throw std::runtime_error("no field " + profile + "/" + name);
}

const bulwark::sbom::DocumentCheck& doc(const CheckReport& r, const std::string& profile,
                                        const std::string& name) {
  for (const auto& d : r.document)
    if (d.profile == profile && d.field == name) return d;
  throw std::runtime_error("no document check " + profile + "/" + name);
}

int score(const CheckReport& r, const std::string& profile) {
  for (const auto& s : r.scores)
    if (s.profile == profile) return s.score;
  return -1;
}

// Coverage as "have/total" per field of one profile, e.g. {"name": "2/3", ...}.
std::map<std::string, std::string> coverage(const CheckReport& r, const std::string& profile) {
  std::map<std::string, std::string> out;
  for (const auto& f : r.fields)
    if (f.profile == profile) out[f.field] = std::to_string(f.have) + "/" + std::to_string(f.total);
  return out;
}

// A CycloneDX 1.6 document meeting every BSI requirement for one of its two components.
const char* kGood = R"({
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "metadata": {"timestamp": "2026-01-02T03:04:05Z",
               "manufacturer": {"name": "Acme", "contact": [{"email": "psirt@acme.example"}]},
               "component": {"type": "application", "bom-ref": "app", "name": "app", "version": "1"}},
  "components": [
    {"type": "library", "bom-ref": "good", "name": "good", "version": "1.0",
     "supplier": {"name": "Good Inc", "url": ["https://good.example"]},
     "hashes": [{"alg": "SHA-512", "content": "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"}],
     "licenses": [{"license": {"id": "MIT"}}],
     "purl": "pkg:generic/good@1.0",
     "externalReferences": [{"type": "vcs", "url": "https://good.example/git"},
                            {"type": "distribution", "url": "https://good.example/good-1.0.tgz"}],
     "properties": [{"name": "bsi:component:filename", "value": "good-1.0.tgz"},
                    {"name": "bsi:component:executable", "value": "non-executable"},
                    {"name": "bsi:component:archive", "value": "archive"},
                    {"name": "bsi:component:structured", "value": "structured"}]},
    {"type": "library", "bom-ref": "bad", "name": "bad",
     "licenses": [{"license": {"name": "Some Licence Text"}}]}
  ],
  "dependencies": [{"ref": "app", "dependsOn": ["good", "bad"]}, {"ref": "good", "dependsOn": []}]
})";

TEST(SbomCheck, HandBuiltCycloneDx) {
  auto r = bulwark::sbom::check(kGood, "good.cdx.json", CheckProfile::kAll);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->components, 2u);
  EXPECT_EQ(r->spec_version, "1.6");
  for (const char* f : {"creator_contact", "timestamp", "format", "no_vulnerabilities", "sbom_uri"})
    EXPECT_TRUE(doc(*r, "bsi", f).pass) << f << ": " << doc(*r, "bsi", f).detail;
  EXPECT_TRUE(doc(*r, "ntia", "author").pass);
  std::map<std::string, std::string> bsi{
      {"creator_contact", "1/2"}, {"name", "2/2"},         {"version", "1/2"},
      {"filename", "1/2"},        {"dependencies", "1/2"}, {"license_spdx", "1/2"},
      {"sha512_hash", "1/2"},     {"executable", "1/2"},   {"archive", "1/2"},
      {"structured", "1/2"},      {"unique_id", "1/2"},    {"source_uri", "1/2"},
      {"deployable_uri", "1/2"}};
  EXPECT_EQ(coverage(*r, "bsi"), bsi);
  std::map<std::string, std::string> ntia{{"supplier", "1/2"},
                                          {"name", "2/2"},
                                          {"version", "1/2"},
                                          {"unique_id", "1/2"},
                                          {"dependency", "2/2"}};
  EXPECT_EQ(coverage(*r, "ntia"), ntia);
  EXPECT_EQ(field(*r, "bsi", "sha512_hash").failing, std::vector<std::string>{"bad (bad)"});
  EXPECT_TRUE(field(*r, "bsi", "name").fix.empty());
  EXPECT_NE(field(*r, "bsi", "sha512_hash").fix.find("SHA-512"), std::string::npos);
  // bsi: 4 document checks pass + (1 + 9 * 0.5) of 10 fields = 9.5 / 14; ntia: 2 + (2 + 3 * 0.5)
  // = 5.5 / 7.
  EXPECT_EQ(score(*r, "bsi"), 67);
  EXPECT_EQ(score(*r, "ntia"), 78);
  EXPECT_EQ(r->min_score(), 67);
}

TEST(SbomCheck, ProfileSelectsRequirements) {
  auto r = bulwark::sbom::check(kGood, "good.cdx.json", CheckProfile::kNtia);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->scores.size(), 1u);
  EXPECT_EQ(r->scores[0].profile, "ntia");
  for (const auto& f : r->fields) EXPECT_EQ(f.profile, "ntia");
  EXPECT_EQ(r->fields.size(), 5u);
  EXPECT_EQ(r->document.size(), 2u);
  auto b = bulwark::sbom::check(kGood, "good.cdx.json", CheckProfile::kBsi);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->fields.size(), 13u);
  EXPECT_EQ(b->document.size(), 5u);
  EXPECT_FALSE(bulwark::sbom::parse_check_profile("cisa"));
}

TEST(SbomCheck, VulnerabilitiesOldFormatAndBadTimestamp) {
  const char* text = R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
    "metadata": {"timestamp": "yesterday", "tools": {"components": [{"type": "application", "name": "x"}]}},
    "components": [], "vulnerabilities": [{"id": "CVE-2021-44228"}]})";
  auto r = bulwark::sbom::check(text, "v.json", CheckProfile::kAll);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(doc(*r, "bsi", "no_vulnerabilities").pass);
  EXPECT_FALSE(doc(*r, "bsi", "format").pass);
  EXPECT_NE(doc(*r, "bsi", "format").fix.find("CycloneDX 1.6 or later"), std::string::npos);
  EXPECT_FALSE(doc(*r, "bsi", "timestamp").pass);
  EXPECT_EQ(doc(*r, "bsi", "timestamp").detail, "not RFC 3339: yesterday");
  EXPECT_FALSE(doc(*r, "bsi", "sbom_uri").pass);
  EXPECT_TRUE(doc(*r, "ntia", "author").pass);  // a tool is accepted as the author
  EXPECT_EQ(doc(*r, "ntia", "author").detail, "only a tool is named as author");
  EXPECT_EQ(score(*r, "bsi"), 0);    // no components: every field counts 0
  EXPECT_EQ(score(*r, "ntia"), 14);  // author only: 1 / 7
}

TEST(SbomCheck, UnreadableInputFails) {
  auto r = bulwark::sbom::check("{\"bomFormat\": 1", "broken.json", CheckProfile::kAll);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("broken.json"), std::string::npos);
  EXPECT_EQ(r.error().code, bulwark::ErrorCode::kInvalidInput);
}

TEST(SbomCheck, JsonAndTableRendering) {
  auto r = bulwark::sbom::check(kGood, "good.cdx.json", CheckProfile::kAll);
  ASSERT_TRUE(r);
  auto j = json::parse(bulwark::sbom::render_check_json(*r, 10));
  EXPECT_EQ(j["scores"], json::parse(R"({"bsi": 67, "ntia": 78})"));
  EXPECT_EQ(j["components"], 2);
  EXPECT_EQ(j["format"], "cyclonedx-json");
  bool seen = false;
  for (const auto& f : j["fields"])
    if (f["profile"] == "bsi" && f["field"] == "sha512_hash") {
      seen = true;
      EXPECT_EQ(f["id"], "BSI2.COMP");
      EXPECT_EQ(f["tier"], "required");
      EXPECT_EQ(f["have"], 1);
      EXPECT_EQ(f["total"], 2);
      EXPECT_EQ(f["percent"], 50.0);
      EXPECT_EQ(f["failing_count"], 1);
      EXPECT_EQ(f["failing"], json::array({"bad (bad)"}));
    }
  EXPECT_TRUE(seen);
  auto t = bulwark::sbom::render_check_table(*r, 10);
  EXPECT_NE(t.find("score bsi: 67/100\nscore ntia: 78/100\n"), std::string::npos) << t;
  EXPECT_NE(t.find("FAIL  BSI2.COMP   sha512_hash        1/2 (50.0%)"), std::string::npos) << t;
  EXPECT_NE(t.find("        missing: bad (bad)\n"), std::string::npos) << t;
}

TEST(SbomCheck, OwnGeneratedSbom) {
  bulwark::Sbom s;
  s.serial_number = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
  bulwark::Component app;
  app.bom_ref = "app";
  app.name = "fw";
  app.version = "3.1";
  app.type = "application";
  app.supplier = "Acme GmbH";
  s.subject = app;
  bulwark::Component lib;
  lib.bom_ref = "npm:lodash@4.17.21";
  lib.type = "library";
  lib.name = "lodash";
  lib.version = "4.17.21";
  lib.purl = "pkg:npm/lodash@4.17.21";
  lib.licenses = {"MIT"};
  lib.supplier = "OpenJS";
  lib.hashes = {{"SHA-512", std::string(128, 'a')}};
  lib.properties = {{"bsi:component:filename", "lodash-4.17.21.tgz"},
                    {"bsi:component:executable", "non-executable"},
                    {"bsi:component:archive", "archive"},
                    {"bsi:component:structured", "structured"}};
  s.components = {lib};
  s.dependencies = {{"app", {"npm:lodash@4.17.21"}}, {"npm:lodash@4.17.21", {}}};
  std::ostringstream out;
  ASSERT_TRUE(bulwark::sbom::write(s, bulwark::sbom::OutputFormat::kCycloneDxJson, out,
                                   {"1.0", "2026-01-02T03:04:05Z", "psirt@acme.example"}));
  auto r = bulwark::sbom::check(out.str(), "own.cdx.json", CheckProfile::kAll);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(doc(*r, "bsi", "creator_contact").pass);
  EXPECT_TRUE(doc(*r, "bsi", "format").pass);
  // The writer records the component supplier by name only: no e-mail / URL for BSI.
  EXPECT_EQ(field(*r, "bsi", "creator_contact").have, 0u);
  EXPECT_EQ(score(*r, "bsi"), 92);  // 13 of 14
  EXPECT_EQ(score(*r, "ntia"), 100);
  // The same SBOM as SPDX 2.3 JSON loses the BSI format check and the SBOM creator contact.
  std::ostringstream spdx;
  ASSERT_TRUE(bulwark::sbom::write(s, bulwark::sbom::OutputFormat::kSpdxJson, spdx,
                                   {"1.0", "2026-01-02T03:04:05Z", ""}));
  auto rs = bulwark::sbom::check(spdx.str(), "own.spdx.json", CheckProfile::kAll);
  ASSERT_TRUE(rs) << rs.error().message;
  EXPECT_FALSE(doc(*rs, "bsi", "format").pass);
  EXPECT_EQ(score(*rs, "ntia"), 100);
}

// ---- real SBOMs from ../shared ----

TEST(SbomCheckCorpus, SpdxWithDependency) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/spdx-examples/presentations/OSS-NA-2023/SPDXVersion2.3");
  auto r =
      bulwark::sbom::check_file((dir / "03-SBOMwDependency.json").string(), CheckProfile::kAll);
  ASSERT_TRUE(r) << r.error().message;
  // tools-java is the described subject; xlsx is the one component.
  EXPECT_EQ(r->components, 1u);
  EXPECT_TRUE(doc(*r, "bsi", "creator_contact").pass);  // Person: Gary O'Neall (gary@...)
  EXPECT_TRUE(doc(*r, "bsi", "timestamp").pass);
  EXPECT_FALSE(doc(*r, "bsi", "format").pass);  // SPDX 2.3 < 3.0.1
  std::map<std::string, std::string> bsi{
      {"creator_contact", "0/1"}, {"name", "1/1"},         {"version", "1/1"},
      {"filename", "1/1"},        {"dependencies", "0/1"}, {"license_spdx", "0/1"},
      {"sha512_hash", "0/1"},     {"executable", "0/1"},   {"archive", "0/1"},
      {"structured", "0/1"},      {"unique_id", "1/1"},    {"source_uri", "0/1"},
      {"deployable_uri", "1/1"}};
  EXPECT_EQ(coverage(*r, "bsi"), bsi);
  std::map<std::string, std::string> ntia{{"supplier", "1/1"},
                                          {"name", "1/1"},
                                          {"version", "1/1"},
                                          {"unique_id", "1/1"},
                                          {"dependency", "1/1"}};
  EXPECT_EQ(coverage(*r, "ntia"), ntia);
  EXPECT_EQ(score(*r, "bsi"), 42);  // (3 + 3) / 14
  EXPECT_EQ(score(*r, "ntia"), 100);
}

TEST(SbomCheckCorpus, CycloneDxWithoutComponents) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-bom-examples/VEX/Use-Cases/Case-9");
  auto r = bulwark::sbom::check_file((dir / "bom-1.json").string(), CheckProfile::kAll);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->components, 0u);
  EXPECT_FALSE(doc(*r, "bsi", "creator_contact").pass);
  EXPECT_TRUE(doc(*r, "bsi", "timestamp").pass);
  EXPECT_FALSE(doc(*r, "bsi", "format").pass);  // 1.4
  EXPECT_TRUE(doc(*r, "bsi", "sbom_uri").pass);
  EXPECT_FALSE(doc(*r, "ntia", "author").pass);
  EXPECT_EQ(score(*r, "bsi"), 14);   // timestamp + no vulnerabilities: 2 / 14
  EXPECT_EQ(score(*r, "ntia"), 14);  // timestamp: 1 / 7
}

// dropwizard 1.3.15, CycloneDX 1.2, 167 components; counts verified independently with a
// script over the JSON (SHA-512 on all, 113 with SPDX ids / expressions only, 131 with a vcs
// reference, 115 with a distribution reference, no supplier, a tool but no author).
TEST(SbomCheckCorpus, DropwizardJsonAndXml) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-bom-examples/SBOM/dropwizard-1.3.15");
  auto r = bulwark::sbom::check_file((dir / "bom.json").string(), CheckProfile::kAll);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->components, 167u);
  std::map<std::string, std::string> bsi{
      {"creator_contact", "0/167"}, {"name", "167/167"},         {"version", "167/167"},
      {"filename", "0/167"},        {"dependencies", "167/167"}, {"license_spdx", "113/167"},
      {"sha512_hash", "167/167"},   {"executable", "0/167"},     {"archive", "0/167"},
      {"structured", "0/167"},      {"unique_id", "167/167"},    {"source_uri", "131/167"},
      {"deployable_uri", "115/167"}};
  EXPECT_EQ(coverage(*r, "bsi"), bsi);
  std::map<std::string, std::string> ntia{{"supplier", "0/167"},
                                          {"name", "167/167"},
                                          {"version", "167/167"},
                                          {"unique_id", "167/167"},
                                          {"dependency", "167/167"}};
  EXPECT_EQ(coverage(*r, "ntia"), ntia);
  EXPECT_EQ(doc(*r, "ntia", "author").detail, "only a tool is named as author");
  EXPECT_EQ(score(*r, "bsi"), 47);   // (2 + 4 + 113/167) / 14
  EXPECT_EQ(score(*r, "ntia"), 85);  // (2 + 4) / 7
  // The XML edition of the same SBOM lacks one licence (osgi-resource-locator) and two vcs
  // references.
  auto x = bulwark::sbom::check_file((dir / "bom.xml").string(), CheckProfile::kAll);
  ASSERT_TRUE(x) << x.error().message;
  EXPECT_EQ(x->components, 167u);
  EXPECT_EQ(field(*x, "bsi", "license_spdx").have, 112u);
  EXPECT_EQ(field(*x, "bsi", "source_uri").have, 129u);
  EXPECT_EQ(field(*x, "bsi", "deployable_uri").have, 115u);
  EXPECT_EQ(field(*x, "bsi", "sha512_hash").have, 167u);
  EXPECT_EQ(score(*x, "bsi"), 47);
}

// The SPDX 2.3 specification example in tag-value and JSON: the same facts, the same report.
// glibc (supplier with e-mail, packageFileName) is the described subject; of the 3 components
// one has a file name, two a download location; the document creators have empty "()" contacts.
TEST(SbomCheckCorpus, SpdxSpecExampleTagValueEqualsJson) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/spdx-spec/v2.3/examples");
  auto tv =
      bulwark::sbom::check_file((dir / "SPDXTagExample-v2.3.spdx").string(), CheckProfile::kAll);
  auto js = bulwark::sbom::check_file((dir / "SPDXJSONExample-v2.3.spdx.json").string(),
                                      CheckProfile::kAll);
  ASSERT_TRUE(tv) << tv.error().message;
  ASSERT_TRUE(js) << js.error().message;
  EXPECT_EQ(tv->components, 3u);
  EXPECT_EQ(coverage(*tv, "bsi"), coverage(*js, "bsi"));
  EXPECT_EQ(coverage(*tv, "ntia"), coverage(*js, "ntia"));
  EXPECT_EQ(field(*tv, "bsi", "filename").have, 1u);
  EXPECT_EQ(field(*tv, "bsi", "deployable_uri").have, 2u);
  EXPECT_EQ(field(*tv, "bsi", "creator_contact").have, 0u);
  EXPECT_FALSE(doc(*tv, "bsi", "creator_contact").pass);
  EXPECT_TRUE(doc(*tv, "ntia", "author").pass);
  EXPECT_EQ(score(*tv, "bsi"), 30);
  EXPECT_EQ(score(*tv, "ntia"), 61);
  EXPECT_EQ(score(*js, "bsi"), 30);
  EXPECT_EQ(score(*js, "ntia"), 61);
}

TEST(SbomCheckCorpus, EveryExampleIsChecked) {
  BULWARK_REQUIRE_SHARED(corpora, "corpora");
  std::size_t checked = 0, refused = 0;
  for (const char* sub : {"cyclonedx-bom-examples/SBOM", "spdx-examples"}) {
    for (const auto& e : fs::recursive_directory_iterator(corpora / sub)) {
      auto ext = e.path().extension();
      if (!e.is_regular_file() || (ext != ".json" && ext != ".xml" && ext != ".spdx")) continue;
      auto r = bulwark::sbom::check_file(e.path().string(), CheckProfile::kAll);
      if (!r) {
        ++refused;  // SPDX 3, 1.0-era XML etc.: refused by the reader with an error
        EXPECT_FALSE(r.error().message.empty());
        continue;
      }
      ++checked;
      for (const auto& s : r->scores) {
        EXPECT_GE(s.score, 0) << e.path();
        EXPECT_LE(s.score, 100) << e.path();
      }
      for (const auto& f : r->fields) {
        EXPECT_EQ(f.have + f.failing.size(), f.total) << e.path() << " " << f.field;
        EXPECT_EQ(f.total, r->components);
      }
      EXPECT_FALSE(bulwark::sbom::render_check_table(*r, 10).empty());
    }
  }
  RecordProperty("checked", static_cast<int>(checked));
  RecordProperty("refused", static_cast<int>(refused));
  std::printf("[ sbom check corpus ] %zu documents checked, %zu refused by the reader\n", checked,
              refused);
  EXPECT_GE(checked, 30u);
}

}  // namespace
