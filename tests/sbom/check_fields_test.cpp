// sbom check is itself checked: for every scored requirement (BSI TR-03183-2 v2.1 and NTIA), a
// hand-written document where it passes and one, differing only in that field, where it fails;
// exactly that requirement (and those defined on the same data) must fail. CycloneDX 1.6 JSON,
// plus the SPDX 2.3 probes (PackageFileName, actors with contacts).
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "bulwark/sbom/check.hpp"

namespace {

using bulwark::sbom::CheckProfile;
using bulwark::sbom::CheckReport;
using bulwark::sbom::Tier;
using nlohmann::json;

// One component meeting every requirement, in a document meeting every requirement.
json passing_document() {
  return json::parse(R"json({
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "metadata": {"timestamp": "2026-01-02T03:04:05Z",
               "tools": {"components": [{"type": "application", "name": "bulwark"}]},
               "manufacturer": {"name": "Acme", "contact": [{"email": "psirt@acme.example"}]},
               "component": {"type": "application", "bom-ref": "app", "name": "app", "version": "1"}},
  "components": [
    {"type": "library", "bom-ref": "c", "name": "zlib1g", "version": "1:1.2.13.dfsg-1",
     "supplier": {"name": "Mark Brown", "contact": [{"email": "broonie@debian.org"}]},
     "hashes": [{"alg": "SHA-512", "content": "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"}],
     "licenses": [{"expression": "Zlib AND (Zlib OR MIT)"}],
     "purl": "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64",
     "properties": [{"name": "bsi:component:filename", "value": "zlib1g_1.2.13.dfsg-1_amd64.deb"},
                    {"name": "bsi:component:executable", "value": "executable"},
                    {"name": "bsi:component:archive", "value": "archive"},
                    {"name": "bsi:component:structured", "value": "structured"}]
}
  ],
  "dependencies": [{"ref": "app", "dependsOn": ["c"]}, {"ref": "c", "dependsOn": []}]
  })json");
}

json& component(json& doc) { return doc["components"][0]; }

void drop_property(json& doc, const std::string& name) {
  auto& props = component(doc)["properties"];
  for (auto it = props.begin(); it != props.end(); ++it)
    if ((*it)["name"] == name) {
      props.erase(it);
      return;
    }
}

// The requirements that fail, as "profile/field" (required tier only).
std::set<std::string> failing(const json& doc) {
  auto r = bulwark::sbom::check(doc.dump(), "test.json", CheckProfile::kAll);
  if (!r) throw std::runtime_error(r.error().message);
  std::set<std::string> out;
  for (const auto& d : r->document)
    if (d.tier == Tier::kRequired && !d.pass) out.insert(d.profile + "/" + d.field);
  for (const auto& f : r->fields)
    if (f.tier == Tier::kRequired && !f.failing.empty()) out.insert(f.profile + "/" + f.field);
  return out;
}

struct Case {
  std::string name;
  std::function<void(json&)> mutate;
  std::set<std::string> fails;
};

TEST(SbomCheckFields, ThePassingDocumentPassesEverything) {
  EXPECT_EQ(failing(passing_document()), std::set<std::string>{});
  auto r = bulwark::sbom::check(passing_document().dump(), "t", CheckProfile::kAll);
  ASSERT_TRUE(r);
  for (const auto& s : r->scores) EXPECT_EQ(s.score, 100) << s.profile;
}

TEST(SbomCheckFields, EachRequirementFailsOnItsOwnFailingDocument) {
  const std::vector<Case> cases = {
      // Document level.
      {"creator contact",
       [](json& d) {
         d["metadata"]["manufacturer"] = {{"name", "Acme"}};
       },
       {"bsi/creator_contact"}},
      {"timestamp",
       [](json& d) { d["metadata"]["timestamp"] = "2 January 2026"; },
       {"bsi/timestamp", "ntia/timestamp"}},
      {"format", [](json& d) { d["specVersion"] = "1.5"; }, {"bsi/format"}},
      {"no vulnerabilities",
       [](json& d) { d["vulnerabilities"] = json::parse(R"([{"id": "CVE-2022-37434"}])"); },
       {"bsi/no_vulnerabilities"}},
      {"author",
       [](json& d) {
         d["metadata"].erase("manufacturer");
         d["metadata"].erase("tools");
       },
       {"ntia/author", "bsi/creator_contact"}},
      // Component level.
      {"component creator contact",
       [](json& d) {
         component(d)["supplier"] = {{"name", "Mark Brown"}};
       },
       {"bsi/creator_contact"}},
      {"supplier",
       [](json& d) { component(d).erase("supplier"); },
       {"bsi/creator_contact", "ntia/supplier"}},
      {"version", [](json& d) { component(d).erase("version"); }, {"bsi/version", "ntia/version"}},
      {"file name", [](json& d) { drop_property(d, "bsi:component:filename"); }, {"bsi/filename"}},
      {"own graph entry", [](json& d) { d["dependencies"].erase(1); }, {"bsi/dependencies"}},
      {"in the graph at all",
       [](json& d) { d["dependencies"] = json::array(); },
       {"bsi/dependencies", "ntia/dependency"}},
      {"licence is free text",
       [](json& d) {
         component(d)["licenses"] = json::parse(R"([{"license": {"name": "see copyright"}}])");
       },
       {"bsi/license_spdx"}},
      {"no licence", [](json& d) { component(d).erase("licenses"); }, {"bsi/license_spdx"}},
      {"SHA-256 only",
       [](json& d) {
         component(d)["hashes"] = json::parse(
             R"([{"alg": "SHA-256", "content": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}])");
       },
       {"bsi/sha512_hash"}},
      {"SHA-512 as a property only",
       [](json& d) {
         component(d).erase("hashes");
         component(d)["properties"].push_back(
             {{"name", "bulwark:file-sha512"}, {"value", std::string(128, 'a')}});
       },
       {"bsi/sha512_hash"}},
      {"executable",
       [](json& d) { drop_property(d, "bsi:component:executable"); },
       {"bsi/executable"}},
      {"archive", [](json& d) { drop_property(d, "bsi:component:archive"); }, {"bsi/archive"}},
      {"structured",
       [](json& d) { drop_property(d, "bsi:component:structured"); },
       {"bsi/structured"}},
      {"unique id", [](json& d) { component(d).erase("purl"); }, {"ntia/unique_id"}},
      {"name", [](json& d) { component(d)["name"] = " "; }, {"bsi/name", "ntia/name"}},
  };
  for (const auto& c : cases) {
    json d = passing_document();
    c.mutate(d);
    EXPECT_EQ(failing(d), c.fails) << c.name;
  }
}

TEST(SbomCheckFields, SpdxFileNameAndActorContacts) {
  json doc = json::parse(R"json({
  "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "x",
  "documentNamespace": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "creationInfo": {"created": "2026-01-02T03:04:05Z",
                   "creators": ["Tool: bulwark", "Organization: Acme (psirt@acme.example)"]},
  "packages": [{"SPDXID": "SPDXRef-app", "name": "app", "versionInfo": "1",
                "downloadLocation": "NOASSERTION"},
               {"SPDXID": "SPDXRef-c", "name": "zlib1g", "versionInfo": "1.2.13",
                "supplier": "Organization: Mark Brown (broonie@debian.org)",
                "packageFileName": "zlib1g_1.2.13.dfsg-1_amd64.deb",
                "downloadLocation": "NOASSERTION", "licenseDeclared": "Zlib",
                "checksums": [{"algorithm": "SHA512", "checksumValue": "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"}]}],
  "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
                     "relatedSpdxElement": "SPDXRef-app"},
                    {"spdxElementId": "SPDXRef-app", "relationshipType": "DEPENDS_ON",
                     "relatedSpdxElement": "SPDXRef-c"}]
})json");
  auto pass = failing(doc);
  EXPECT_FALSE(pass.count("bsi/filename"));
  EXPECT_FALSE(pass.count("bsi/creator_contact"));
  EXPECT_TRUE(pass.count("bsi/format"));  // SPDX 2.3 is below TR v2.1's SPDX 3.0.1
  doc["packages"][1].erase("packageFileName");
  doc["packages"][1]["supplier"] = "Organization: Mark Brown";
  doc["creationInfo"]["creators"] = json::array({"Tool: bulwark", "Organization: Acme"});
  auto fail = failing(doc);
  EXPECT_TRUE(fail.count("bsi/filename"));
  EXPECT_TRUE(fail.count("bsi/creator_contact"));
}

TEST(SbomCheckFields, HintsNameWhatToAddNeverACommandLineFlag) {
  json d = json::parse(R"({"bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1,
    "components": [{"type": "library", "name": "x"}]})");
  auto r = bulwark::sbom::check(d.dump(), "t", CheckProfile::kAll);
  ASSERT_TRUE(r);
  std::size_t hints = 0;
  for (const auto& doc : r->document) {
    EXPECT_EQ(doc.fix.find("--"), std::string::npos) << doc.fix;
    EXPECT_EQ(doc.fix.find("bulwark "), std::string::npos) << doc.fix;
    hints += !doc.fix.empty();
  }
  for (const auto& f : r->fields) {
    EXPECT_EQ(f.fix.find("--"), std::string::npos) << f.fix;
    EXPECT_EQ(f.fix.find("bulwark "), std::string::npos) << f.fix;
    hints += !f.fix.empty();
  }
  EXPECT_GT(hints, 10u);
  const std::string table = bulwark::sbom::render_check_table(*r, 1);
  EXPECT_EQ(table.find("--"), std::string::npos);
}

}  // namespace
