// SPDX reading on public data: the SPDX 2.3 / 2.2 specification examples (JSON and tag-value
// must give the same inventory) and spdx/spdx-examples (every 2.x document; 3.0 is refused).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "bulwark/sbom/reader.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::Component;
using bulwark::Sbom;

namespace {

void expect_same_packages(const Sbom& a, const Sbom& b) {
  ASSERT_EQ(a.components.size(), b.components.size());
  for (std::size_t i = 0; i < a.components.size(); ++i) {
    const Component& x = a.components[i];
    const Component& y = b.components[i];
    EXPECT_EQ(x.bom_ref, y.bom_ref);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.version, y.version);
    EXPECT_EQ(x.purl, y.purl);
    EXPECT_EQ(x.cpes, y.cpes);
    EXPECT_EQ(x.supplier, y.supplier);
    EXPECT_EQ(x.licenses, y.licenses);
    EXPECT_EQ(x.type, y.type);
    ASSERT_EQ(x.hashes.size(), y.hashes.size()) << x.name;
    for (std::size_t h = 0; h < x.hashes.size(); ++h) {
      EXPECT_EQ(x.hashes[h].algorithm, y.hashes[h].algorithm);
      EXPECT_EQ(x.hashes[h].value, y.hashes[h].value);
    }
  }
  ASSERT_EQ(a.dependencies.size(), b.dependencies.size());
  for (std::size_t i = 0; i < a.dependencies.size(); ++i) {
    EXPECT_EQ(a.dependencies[i].ref, b.dependencies[i].ref);
    EXPECT_EQ(a.dependencies[i].depends_on, b.dependencies[i].depends_on);
  }
}

const Component* find_ref(const Sbom& s, const std::string& ref) {
  for (const auto& c : s.components)
    if (c.bom_ref == ref) return &c;
  return nullptr;
}

}  // namespace

TEST(SpdxSpecExamples, JsonAndTagValueGiveTheSamePackagesV23) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/spdx-spec/v2.3/examples");
  auto json = bulwark::sbom::read_file((dir / "SPDXJSONExample-v2.3.spdx.json").string());
  auto tv = bulwark::sbom::read_file((dir / "SPDXTagExample-v2.3.spdx").string());
  ASSERT_TRUE(json.has_value()) << json.error().message;
  ASSERT_TRUE(tv.has_value()) << tv.error().message;
  EXPECT_EQ(json->format, bulwark::SbomFormat::kSpdxJson);
  EXPECT_EQ(tv->format, bulwark::SbomFormat::kSpdxTagValue);
  EXPECT_EQ(json->spec_version, "SPDX-2.3");
  EXPECT_EQ(tv->spec_version, "SPDX-2.3");
  EXPECT_EQ(json->serial_number, tv->serial_number);
  // The document DESCRIBES a file and one package: that package (glibc) is the subject.
  ASSERT_TRUE(json->subject.has_value());
  ASSERT_TRUE(tv->subject.has_value());
  EXPECT_EQ(json->subject->bom_ref, "SPDXRef-Package");
  EXPECT_EQ(json->subject->name, "glibc");
  EXPECT_EQ(json->subject->version, "2.11.1");
  EXPECT_EQ(json->subject->supplier, "Jane Doe");
  EXPECT_EQ(json->subject->type, "source");
  EXPECT_EQ(json->subject->licenses,
            (std::vector<std::string>{"(LGPL-2.0-only OR LicenseRef-3)",
                                      "(LGPL-2.0-only AND LicenseRef-3)"}));
  ASSERT_EQ(json->subject->hashes.size(), 4u);
  EXPECT_EQ(json->subject->hashes[1].algorithm, "SHA-1");
  EXPECT_EQ(json->subject->hashes[1].value, "85ed0817af83a24ad8da68c2b5094de69833983c");
  EXPECT_EQ(json->subject->hashes[2].algorithm, "SHA-256");
  EXPECT_EQ(json->subject->hashes[3].algorithm, "BLAKE2b-384");
  EXPECT_EQ(
      json->subject->cpes,
      std::vector<std::string>{"cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*"});
  EXPECT_EQ(tv->subject->hashes.size(), 4u);
  EXPECT_EQ(tv->subject->cpes, json->subject->cpes);
  EXPECT_EQ(tv->subject->licenses, json->subject->licenses);
  // The three other packages; the files are ignored.
  ASSERT_EQ(json->components.size(), 3u);
  const Component* jena = find_ref(*json, "SPDXRef-fromDoap-0");
  ASSERT_NE(jena, nullptr);
  EXPECT_EQ(jena->name, "Jena");
  EXPECT_EQ(jena->version, "3.12.0");
  EXPECT_EQ(jena->purl, "pkg:maven/org.apache.jena/apache-jena@3.12.0");
  const Component* lang = find_ref(*json, "SPDXRef-fromDoap-1");
  ASSERT_NE(lang, nullptr);
  EXPECT_TRUE(lang->licenses.empty());  // NOASSERTION is skipped
  EXPECT_EQ(lang->location, "/packages/1");
  // glibc DYNAMIC_LINKs Saxon: the only package-to-package dependency edge.
  ASSERT_EQ(json->dependencies.size(), 1u);
  EXPECT_EQ(json->dependencies[0].ref, "SPDXRef-Package");
  EXPECT_EQ(json->dependencies[0].depends_on, std::vector<std::string>{"SPDXRef-Saxon"});
  expect_same_packages(*json, *tv);
  const Component* tv_jena = find_ref(*tv, "SPDXRef-fromDoap-0");
  ASSERT_NE(tv_jena, nullptr);
  EXPECT_EQ(tv_jena->location, "line 180");
}

TEST(SpdxSpecExamples, JsonAndTagValueGiveTheSamePackagesV22) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/spdx-spec/v2.2/examples");
  auto json = bulwark::sbom::read_file((dir / "SPDXJSONExample-v2.2.spdx.json").string());
  auto tv = bulwark::sbom::read_file((dir / "SPDXTagExample-v2.2.spdx").string());
  ASSERT_TRUE(json.has_value()) << json.error().message;
  ASSERT_TRUE(tv.has_value()) << tv.error().message;
  EXPECT_EQ(json->spec_version, "SPDX-2.2");
  EXPECT_EQ(json->components.size(), 3u);
  expect_same_packages(*json, *tv);
}

TEST(SpdxExamples, Every2xDocumentParsesAnd30IsRefused) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/spdx-examples");
  std::size_t json = 0, tag_value = 0, refused_v3 = 0, packages = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string path = e.path().string();
    const bool v3 = path.find("spdx3") != std::string::npos ||
                    path.find("/ai/") != std::string::npos ||
                    path.find("/dataset/") != std::string::npos;
    const bool is_json = e.path().extension() == ".json";
    const bool is_tv = e.path().extension() == ".spdx";
    if (!is_json && !is_tv) continue;
    auto sbom = bulwark::sbom::read_file(path);
    if (v3) {
      ASSERT_FALSE(sbom.has_value()) << path;
      EXPECT_EQ(sbom.error().code, bulwark::ErrorCode::kUnsupported) << path;
      EXPECT_NE(sbom.error().message.find("SPDX 3.0 JSON-LD is not supported"), std::string::npos)
          << sbom.error().message;
      ++refused_v3;
      continue;
    }
    ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
    packages += sbom->components.size() + (sbom->subject ? 1 : 0);
    (is_json ? json : tag_value)++;
  }
  std::printf(
      "[ summary  ] spdx-examples: %zu JSON + %zu tag-value 2.x documents (%zu packages), %zu 3.0 "
      "refused\n",
      json, tag_value, packages, refused_v3);
  RecordProperty("spdx2_json", static_cast<int>(json));
  RecordProperty("spdx2_tag_value", static_cast<int>(tag_value));
  EXPECT_EQ(tag_value, 12u);
  EXPECT_EQ(json, 18u);
  EXPECT_GE(refused_v3, 20u);
}

TEST(SpdxSpecExamples, Spdx30JsonLdIsRefusedClearly) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/spdx-spec/v3.0");
  auto sbom = bulwark::sbom::read_file((dir / "package_sbom.spdx3.jsonld.json").string());
  ASSERT_FALSE(sbom.has_value());
  EXPECT_EQ(sbom.error().code, bulwark::ErrorCode::kUnsupported);
  EXPECT_NE(sbom.error().message.find(
                "package_sbom.spdx3.jsonld.json: SPDX 3.0 JSON-LD is not supported"),
            std::string::npos)
      << sbom.error().message;
}
