// CycloneDX reading on public data: the specification's conformance BOMs (1.4 - 1.6, JSON and
// XML) and real SBOMs from CycloneDX/bom-examples, with counts checked independently (python3).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "bulwark/sbom/reader.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::Component;
using bulwark::Sbom;

namespace {

std::vector<fs::path> files_with_prefix(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    const std::string ext = e.path().extension().string();
    if (name.starts_with(prefix) && (ext == ".json" || ext == ".xml")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const Component* find(const Sbom& sbom, const std::string& name, const std::string& version) {
  for (const auto& c : sbom.components)
    if (c.name == name && c.version == version) return &c;
  return nullptr;
}

std::size_t edge_count(const Sbom& sbom) {
  std::size_t n = 0;
  for (const auto& d : sbom.dependencies) n += d.depends_on.size();
  return n;
}

}  // namespace

TEST(CycloneDxSpecCorpus, EveryValidDocumentParses) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-spec/tools/src/test/resources");
  std::size_t json = 0, xml = 0;
  for (const std::string version : {"1.4", "1.5", "1.6"}) {
    for (const auto& path : files_with_prefix(dir / version, "valid-")) {
      auto sbom = bulwark::sbom::read_file(path.string());
      ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
      EXPECT_EQ(sbom->spec_version, version) << path;
      (path.extension() == ".json" ? json : xml)++;
    }
  }
  std::printf("[ summary  ] CycloneDX valid-*: %zu JSON + %zu XML documents parsed\n", json, xml);
  RecordProperty("valid_json", static_cast<int>(json));
  RecordProperty("valid_xml", static_cast<int>(xml));
  EXPECT_EQ(json, 29u + 36u + 45u);
  EXPECT_EQ(xml, 31u + 38u + 47u);
}

TEST(CycloneDxSpecCorpus, InvalidDocumentsThatAreStructurallyBrokenAreRejected) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-spec/tools/src/test/resources");
  std::size_t total = 0, rejected = 0;
  std::set<std::string> rejected_names;
  for (const std::string version : {"1.4", "1.5", "1.6"}) {
    for (const auto& path : files_with_prefix(dir / version, "invalid-")) {
      ++total;
      auto sbom = bulwark::sbom::read_file(path.string());
      if (sbom) continue;
      ++rejected;
      rejected_names.insert(path.filename().string());
      EXPECT_NE(sbom.error().message.find(path.filename().string()), std::string::npos)
          << sbom.error().message;
    }
  }
  std::printf(
      "[ summary  ] CycloneDX invalid-*: %zu of %zu rejected (the rest are schema-invalid only)\n",
      rejected, total);
  RecordProperty("invalid_total", static_cast<int>(total));
  RecordProperty("invalid_rejected", static_cast<int>(rejected));
  EXPECT_EQ(total, 144u);
  EXPECT_EQ(rejected, 50u);
  EXPECT_TRUE(rejected_names.contains("invalid-properties-1.6.json"));  // property without a name
  for (const std::string version : {"1.4", "1.5", "1.6"}) {
    for (const std::string name :
         {"invalid-empty-component-", "invalid-component-ref-", "invalid-dependency-",
          "invalid-bomformat-", "invalid-namespace-"}) {
      const std::string ext = name == "invalid-namespace-" ? ".xml" : ".json";
      EXPECT_TRUE(rejected_names.contains(name + version + ext)) << name + version + ext;
    }
    EXPECT_TRUE(rejected_names.contains("invalid-empty-component-" + version + ".xml"));
    EXPECT_TRUE(
        rejected_names.contains("invalid-hash-sha256-" + version + ".json"));  // not hexadecimal
    EXPECT_TRUE(rejected_names.contains("invalid-hash-md5-" + version + ".xml"));
    // Schema-only problems (bad enum values, timestamps, licence choice) are not rejected.
    EXPECT_FALSE(rejected_names.contains("invalid-component-type-" + version + ".json"));
    EXPECT_FALSE(rejected_names.contains("invalid-metadata-timestamp-" + version + ".xml"));
  }
}

TEST(CycloneDxSpecCorpus, MissingNameNamesTheComponent) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-spec/tools/src/test/resources");
  auto json = bulwark::sbom::read_file((dir / "1.6/invalid-empty-component-1.6.json").string());
  ASSERT_FALSE(json.has_value());
  EXPECT_NE(json.error().message.find(": /components/0/name: missing"), std::string::npos)
      << json.error().message;
  auto xml = bulwark::sbom::read_file((dir / "1.6/invalid-empty-component-1.6.xml").string());
  ASSERT_FALSE(xml.has_value());
  EXPECT_NE(xml.error().message.find("component has no <name>"), std::string::npos)
      << xml.error().message;
}

TEST(CycloneDxBomExamples, DropwizardJsonAndXmlAgree) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-bom-examples/SBOM/dropwizard-1.3.15");
  auto json = bulwark::sbom::read_file((dir / "bom.json").string());
  auto xml = bulwark::sbom::read_file((dir / "bom.xml").string());
  ASSERT_TRUE(json.has_value()) << json.error().message;
  ASSERT_TRUE(xml.has_value()) << xml.error().message;
  EXPECT_EQ(json->format, bulwark::SbomFormat::kCycloneDxJson);
  EXPECT_EQ(xml->format, bulwark::SbomFormat::kCycloneDxXml);
  EXPECT_EQ(json->spec_version, "1.2");
  EXPECT_EQ(json->components.size(), 167u);
  EXPECT_EQ(xml->components.size(), 167u);
  EXPECT_EQ(json->dependencies.size(), 167u);
  EXPECT_EQ(edge_count(*json), 170u);
  EXPECT_EQ(xml->dependencies.size(), 167u);
  ASSERT_TRUE(json->subject.has_value());
  EXPECT_EQ(json->subject->name, "dropwizard-parent");
  EXPECT_EQ(json->subject->version, "1.3.15");
  const Component* databind = find(*json, "jackson-databind", "2.9.10");
  ASSERT_NE(databind, nullptr);
  EXPECT_EQ(databind->group, "com.fasterxml.jackson.core");
  EXPECT_EQ(databind->purl,
            "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10?type=jar");
  EXPECT_EQ(databind->bom_ref, databind->purl);
  EXPECT_EQ(databind->location, "/components/10");
  ASSERT_EQ(databind->licenses, std::vector<std::string>{"Apache-2.0"});
  ASSERT_GE(databind->hashes.size(), 2u);
  EXPECT_EQ(databind->hashes[0].algorithm, "MD5");
  EXPECT_TRUE(databind->hashes[0].value.starts_with("ff43d79c624b"));
  const Component* jetty = find(*json, "jetty-server", "9.4.18.v20190429");
  ASSERT_NE(jetty, nullptr);
  EXPECT_EQ(jetty->licenses, (std::vector<std::string>{"Apache-2.0", "EPL-1.0"}));
  for (std::size_t i = 0; i < json->components.size(); ++i) {
    const Component& a = json->components[i];
    const Component& b = xml->components[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.version, b.version);
    EXPECT_EQ(a.purl, b.purl);
    EXPECT_EQ(a.bom_ref, b.bom_ref);
    EXPECT_EQ(a.hashes.size(), b.hashes.size());
  }
  EXPECT_TRUE(xml->components[10].location.starts_with("line ")) << xml->components[10].location;
}

TEST(CycloneDxBomExamples, KeycloakCounts) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-bom-examples/SBOM/keycloak-10.0.2");
  auto sbom = bulwark::sbom::read_file((dir / "bom.json").string());
  ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
  EXPECT_EQ(sbom->components.size(), 903u);
  EXPECT_EQ(sbom->dependencies.size(), 899u);
  EXPECT_EQ(edge_count(*sbom), 994u);
  const Component* core = find(*sbom, "keycloak-core", "10.0.2");
  ASSERT_NE(core, nullptr);
  EXPECT_EQ(core->purl, "pkg:maven/org.keycloak/keycloak-core@10.0.2?type=jar");
  const Component* undertow = find(*sbom, "undertow-core", "2.1.0.Final");
  ASSERT_NE(undertow, nullptr);
  EXPECT_EQ(undertow->group, "io.undertow");
}

TEST(CycloneDxBomExamples, JuiceShopNestedComponentsKeepTheirParent) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-bom-examples/SBOM/juice-shop");
  auto bare = bulwark::sbom::read_file((dir / "via_npm/bare/bom.1.4.json").string());
  auto flat = bulwark::sbom::read_file((dir / "via_npm/flat/bom.1.4.json").string());
  auto old = bulwark::sbom::read_file((dir / "v11.1.2/bom.json").string());
  ASSERT_TRUE(bare.has_value()) << bare.error().message;
  ASSERT_TRUE(flat.has_value()) << flat.error().message;
  ASSERT_TRUE(old.has_value()) << old.error().message;
  EXPECT_EQ(old->components.size(), 840u);
  EXPECT_EQ(bare->components.size(), 1115u);
  EXPECT_EQ(flat->components.size(), 1115u);
  EXPECT_EQ(bare->dependencies.size(), 1116u);
  EXPECT_EQ(edge_count(*bare), 1775u);
  EXPECT_EQ(bare->subject->name, "juice-shop");
  EXPECT_EQ(bare->subject->version, "14.1.1");
  std::size_t top = 0;
  for (const auto& c : bare->components) top += c.parent < 0 ? 1 : 0;
  EXPECT_EQ(top, 837u);
  const Component& qs = bare->components[856];
  EXPECT_EQ(qs.name, "qs");
  EXPECT_EQ(qs.version, "6.5.3");
  EXPECT_EQ(qs.bom_ref, "request@2.88.2|qs@6.5.3");
  ASSERT_EQ(qs.parent, 855);
  EXPECT_EQ(bare->components[855].name, "request");
  EXPECT_TRUE(qs.location.starts_with(bare->components[855].location + "/components/"))
      << qs.location;
  const Component& express = bare->components[360];
  EXPECT_EQ(express.purl, "pkg:npm/express@4.18.2");
  EXPECT_EQ(express.parent, -1);
  // The subject's dependencies are kept: juice-shop depends on body-parser first.
  auto it = std::find_if(bare->dependencies.begin(), bare->dependencies.end(),
                         [](const auto& d) { return d.ref == "juice-shop@14.1.1"; });
  ASSERT_NE(it, bare->dependencies.end());
  ASSERT_FALSE(it->depends_on.empty());
  EXPECT_EQ(it->depends_on[0], "body-parser@1.20.2");
}

TEST(CycloneDxBomExamples, LaravelEverySpecVersionGivesTheSameInventory) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-bom-examples/SBOM/laravel-7.12.0");
  std::size_t documents = 0;
  for (const std::string file : {"bom.1.1.xml", "bom.1.2.json", "bom.1.2.xml", "bom.1.3.json",
                                 "bom.1.3.xml", "bom.1.4.json", "bom.1.4.xml"}) {
    auto sbom = bulwark::sbom::read_file((dir / file).string());
    ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
    ++documents;
    EXPECT_EQ(sbom->components.size(), 62u) << file;
    EXPECT_EQ(sbom->dependencies.size(), file == "bom.1.1.xml" ? 0u : 63u) << file;
    const Component* fw = find(*sbom, "framework", "v7.30.6");
    ASSERT_NE(fw, nullptr) << file;
    EXPECT_EQ(fw->group, "laravel");
    EXPECT_EQ(fw->purl, "pkg:composer/laravel/framework@v7.30.6");
  }
  EXPECT_EQ(documents, 7u);
  auto v14 = bulwark::sbom::read_file((dir / "bom.1.4.json").string());
  ASSERT_TRUE(v14.has_value());
  EXPECT_EQ(edge_count(*v14), 113u);
  EXPECT_EQ(v14->subject->bom_ref, "cyclonedx/cyclonedx-php-composer-demo-dev-master");
}

TEST(CycloneDxBomExamples, EveryJsonAndXmlDocumentParses) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-bom-examples");
  std::size_t parsed = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string ext = e.path().extension().string();
    if (ext != ".json" && ext != ".xml") continue;
    auto sbom = bulwark::sbom::read_file(e.path().string());
    EXPECT_TRUE(sbom.has_value()) << e.path() << ": " << sbom.error().message;
    ++parsed;
  }
  std::printf("[ summary  ] cyclonedx-bom-examples: %zu documents parsed\n", parsed);
  EXPECT_GE(parsed, 50u);
}
