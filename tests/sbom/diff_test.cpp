// sbom diff: matching by versionless purl (else type + group + name), added / removed / changed
// with exact expectations, and the same comparison across formats (CycloneDX vs SPDX).
#include "bulwark/sbom/diff.hpp"
#include "sbom_test_util.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "bulwark/sbom/reader.hpp"
#include "bulwark/sbom/writer.hpp"
#include "shared.hpp"

using bulwark::Component;
using bulwark::Sbom;
using bulwark::sbom::diff;
using bulwark::sbom::diff_key;
using bulwark::sbom::OutputFormat;
using nlohmann::json;

namespace {

constexpr auto make = &bulwark::sbom::test::make_component;

Sbom old_sbom() {
  Sbom s;
  s.source_path = "old.json";
  Component lodash = make("a1", "lodash", "4.17.20", "pkg:npm/lodash@4.17.20");
  lodash.licenses = {"MIT"};
  Component ssl = make("a2", "libssl3", "3.0.11", "pkg:deb/debian/libssl3@3.0.11?arch=amd64");
  ssl.supplier = "Debian";
  ssl.hashes = {{"SHA-256", "aa"}};
  Component gone = make("a3", "left-pad", "1.3.0", "pkg:npm/left-pad@1.3.0");
  Component blob = make("a4", "firmware-blob", "", "");
  blob.type = "firmware";
  Component same = make("a5", "zlib", "1.3", "pkg:generic/zlib@1.3");
  same.licenses = {"Zlib"};
  s.components = {lodash, ssl, gone, blob, same};
  return s;
}

Sbom new_sbom() {
  Sbom s;
  s.source_path = "new.json";
  Component lodash = make("b1", "lodash", "4.17.21", "pkg:npm/lodash@4.17.21");
  lodash.licenses = {"MIT"};
  Component ssl = make("b2", "libssl3", "3.0.11", "pkg:deb/debian/libssl3@3.0.11?arch=arm64");
  ssl.supplier = "Debian OpenSSL Team";
  ssl.hashes = {{"SHA-256", "bb"}};
  ssl.licenses = {"Apache-2.0"};
  Component added = make("b3", "minimist", "1.2.8", "pkg:npm/minimist@1.2.8");
  Component blob = make("b4", "firmware-blob", "", "");
  blob.type = "firmware";
  blob.hashes = {{"SHA-512", "cc"}};
  Component same = make("b5", "zlib", "1.3", "pkg:generic/zlib@1.3");
  same.licenses = {"zlib"};  // spelling differs: same licence
  s.components = {added, lodash, ssl, blob, same};
  return s;
}

TEST(SbomDiff, Keys) {
  EXPECT_EQ(diff_key(make("r", "x", "1", "pkg:NPM/%40scope/x@1.0?a=b#sub")), "pkg:npm/%40scope/x");
  EXPECT_EQ(diff_key(make("r", "log4j-core", "2", "pkg:maven/org.apache/log4j-core@2.14.1")),
            "pkg:maven/org.apache/log4j-core");
  Component c = make("r", "blob", "1", "");
  c.type = "OPERATING_SYSTEM";
  c.group = "acme";
  EXPECT_EQ(diff_key(c), "name:operating-system/acme/blob");
}

TEST(SbomDiff, AddedRemovedChanged) {
  auto d = diff(old_sbom(), new_sbom());
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].name, "minimist");
  EXPECT_EQ(d.added[0].new_version, "1.2.8");
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0].name, "left-pad");
  EXPECT_EQ(d.removed[0].old_version, "1.3.0");
  EXPECT_EQ(d.unchanged, 1u);       // zlib
  ASSERT_EQ(d.changed.size(), 3u);  // sorted by key
  const auto& ssl = d.changed[1];
  EXPECT_EQ(ssl.key, "pkg:deb/debian/libssl3");
  EXPECT_FALSE(ssl.version_changed);
  EXPECT_TRUE(ssl.licenses_changed);
  EXPECT_TRUE(ssl.hashes_changed);
  EXPECT_TRUE(ssl.supplier_changed);
  EXPECT_EQ(ssl.old_supplier, "Debian");
  EXPECT_EQ(ssl.new_supplier, "Debian OpenSSL Team");
  const auto& lodash = d.changed[2];
  EXPECT_EQ(lodash.key, "pkg:npm/lodash");
  EXPECT_TRUE(lodash.version_changed);
  EXPECT_FALSE(lodash.licenses_changed || lodash.hashes_changed || lodash.supplier_changed);
  EXPECT_EQ(lodash.old_version + "->" + lodash.new_version, "4.17.20->4.17.21");
  const auto& blob = d.changed[0];
  EXPECT_EQ(blob.key, "name:firmware//firmware-blob");
  EXPECT_TRUE(blob.hashes_changed);
  EXPECT_FALSE(blob.version_changed);
}

TEST(SbomDiff, JsonAndTable) {
  auto d = diff(old_sbom(), new_sbom());
  auto j = json::parse(bulwark::sbom::render_diff_json(d));
  EXPECT_EQ(j["summary"], json::parse(R"({"added":1,"removed":1,"changed":3,"unchanged":1})"));
  EXPECT_EQ(j["changed"][0]["changes"], json::parse(R"(["hashes"])"));
  EXPECT_EQ(j["changed"][1]["changes"], json::parse(R"(["licenses","hashes","supplier"])"));
  EXPECT_EQ(j["changed"][1]["old_licenses"], json::array());
  EXPECT_EQ(j["changed"][1]["new_licenses"], json::parse(R"(["Apache-2.0"])"));
  EXPECT_EQ(j["changed"][2]["changes"], json::parse(R"(["version"])"));
  EXPECT_EQ(j["added"][0]["new_purl"], "pkg:npm/minimist@1.2.8");
  auto t = bulwark::sbom::render_diff_table(d);
  EXPECT_NE(t.find("old.json -> new.json: 1 added, 1 removed, 3 changed, 1 unchanged\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("  + minimist 1.2.8\n"), std::string::npos) << t;
  EXPECT_NE(t.find("  - left-pad 1.3.0\n"), std::string::npos) << t;
  EXPECT_NE(t.find("  ~ lodash 4.17.20 -> 4.17.21\n"), std::string::npos) << t;
  EXPECT_NE(t.find("  ~ libssl3 3.0.11; licences (none) -> Apache-2.0; hashes changed; supplier "
                   "Debian -> Debian OpenSSL Team\n"),
            std::string::npos)
      << t;
}

TEST(SbomDiff, SeveralVersionsUnderOneKeyPairByEqualVersionFirst) {
  Sbom a, b;
  a.components = {make("1", "lodash", "4.17.20", "pkg:npm/lodash@4.17.20"),
                  make("2", "lodash", "3.10.1", "pkg:npm/lodash@3.10.1")};
  b.components = {make("1", "lodash", "3.10.1", "pkg:npm/lodash@3.10.1"),
                  make("2", "lodash", "4.17.21", "pkg:npm/lodash@4.17.21"),
                  make("3", "lodash", "5.0.0", "pkg:npm/lodash@5.0.0")};
  auto d = diff(a, b);
  EXPECT_EQ(d.unchanged, 1u);
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].old_version, "4.17.20");
  EXPECT_EQ(d.changed[0].new_version, "4.17.21");
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].new_version, "5.0.0");
  EXPECT_TRUE(d.removed.empty());
}

TEST(SbomDiff, IdenticalAcrossFormats) {
  Sbom s = new_sbom();
  s.components[1].hashes = {
      {"SHA-256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}};
  s.components[2].hashes.clear();
  s.components[3].hashes.clear();
  s.components[4].licenses = {"Zlib", "Acme Licence"};
  bulwark::sbom::WriteOptions w{"1", "2026-01-01T00:00:00Z", ""};
  std::ostringstream cdx, spdx;
  ASSERT_TRUE(bulwark::sbom::write(s, OutputFormat::kCycloneDxJson, cdx, w));
  ASSERT_TRUE(bulwark::sbom::write(s, OutputFormat::kSpdxTagValue, spdx, w));
  auto a = bulwark::sbom::read(cdx.str(), "a.cdx.json");
  auto b = bulwark::sbom::read(spdx.str(), "b.spdx");
  ASSERT_TRUE(a && b);
  auto d = diff(*a, *b);
  EXPECT_TRUE(d.empty()) << bulwark::sbom::render_diff_table(d);
  EXPECT_EQ(d.unchanged, 5u);
  // A version bump shows up across formats too.
  b->components[0].version = "1.2.9";
  d = diff(*a, *b);
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].name, "minimist");
  EXPECT_TRUE(d.changed[0].version_changed);
}

// The JSON and XML editions of the dropwizard example differ in one licence only.
TEST(SbomDiffCorpus, DropwizardJsonVersusXml) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-bom-examples/SBOM/dropwizard-1.3.15");
  auto d = bulwark::sbom::diff_files((dir / "bom.json").string(), (dir / "bom.xml").string());
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_TRUE(d->added.empty());
  EXPECT_TRUE(d->removed.empty());
  EXPECT_EQ(d->unchanged, 166u);
  ASSERT_EQ(d->changed.size(), 1u);
  const auto& c = d->changed[0];
  EXPECT_EQ(c.key, "pkg:maven/org.glassfish.hk2/osgi-resource-locator");
  EXPECT_TRUE(c.licenses_changed);
  EXPECT_FALSE(c.version_changed || c.hashes_changed || c.supplier_changed);
  EXPECT_EQ(c.old_licenses,
            std::vector<std::string>{"(CDDL-1.0 OR GPL-2.0-with-classpath-exception)"});
  EXPECT_TRUE(c.new_licenses.empty());
}

}  // namespace
