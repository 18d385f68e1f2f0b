// Hostile SBOM input at the library level: the one nesting limit (kMaxNestingDepth) in every
// reader and in `sbom check`, the timestamp shape check without std::regex, and SPDX tag-value
// output that a line break inside a value cannot forge lines into.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "bulwark/core/nesting.hpp"
#include "bulwark/sbom/check.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/sbom/writer.hpp"
#include "sbom_test_util.hpp"

namespace {

using bulwark::kMaxNestingDepth;
using bulwark::Sbom;

std::string repeat(std::string_view piece, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += piece;
  return s;
}

// `depth` levels of <component><components>, the innermost list empty.
std::string cdx_xml(std::size_t depth) {
  return "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" "
         "version=\"1\">\n<components>" +
         repeat("<component type=\"library\"><name>n</name><components>", depth) +
         repeat("</components></component>", depth) + "</components></bom>\n";
}

std::string cdx_json(std::size_t depth) {
  return R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":)" +
         repeat(R"([{"type":"library","name":"n","components":)", depth) + "[]" +
         repeat("}]", depth) + "}";
}

TEST(HostileSbom, XmlComponentsNestUpToTheLimit) {
  // A component at nesting level k lies at document depth 2k + 1 (bom, components, component...),
  // counted like JSON brackets: 49 levels fit in 100, 50 do not.
  auto ok = bulwark::sbom::read(cdx_xml(49), "ok.cdx.xml");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->components.size(), 49u);
  EXPECT_EQ(ok->components.back().parent, 47);
  auto deep = bulwark::sbom::read(cdx_xml(50), "deep.cdx.xml");
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code, bulwark::ErrorCode::kInvalidInput);
  EXPECT_EQ(deep.error().message, "deep.cdx.xml:3: <component> nesting deeper than 100");
}

TEST(HostileSbom, DeepestReadableNestingIsWrittenReadably) {
  auto in = bulwark::sbom::read(cdx_xml(49), "ok.cdx.xml");
  ASSERT_TRUE(in) << in.error().message;
  bulwark::sbom::WriteOptions o;
  o.timestamp = "2026-01-02T03:04:05Z";
  using bulwark::sbom::OutputFormat;
  for (OutputFormat f : {OutputFormat::kCycloneDxJson, OutputFormat::kCycloneDxXml,
                         OutputFormat::kSpdxJson, OutputFormat::kSpdxTagValue}) {
    std::ostringstream out;
    ASSERT_TRUE(bulwark::sbom::write(*in, f, out, o)) << bulwark::sbom::format_name(f);
    auto back = bulwark::sbom::read(out.str(), "written");
    ASSERT_TRUE(back) << bulwark::sbom::format_name(f) << ": " << back.error().message;
    EXPECT_EQ(back->components.size(), 49u) << bulwark::sbom::format_name(f);
  }
}

TEST(HostileSbom, XmlThirtyThousandLevelsAreRefusedNotRecursed) {
  auto r = bulwark::sbom::read(cdx_xml(30000), "deep.cdx.xml");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("nesting deeper than 100"), std::string::npos)
      << r.error().message;
  auto c = bulwark::sbom::check(cdx_xml(30000), "deep.cdx.xml", bulwark::sbom::CheckProfile::kAll);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("deep.cdx.xml:3: <component> nesting deeper than 100"),
            std::string::npos);
}

TEST(HostileSbom, JsonNestingIsBoundedBeforeParsing) {
  // 49 component levels are 99 levels of JSON arrays and objects (plus the document object).
  auto ok = bulwark::sbom::read(cdx_json(49), "ok.cdx.json");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->components.size(), 49u);
  auto deep = bulwark::sbom::read(cdx_json(300000), "deep.cdx.json");
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().message, "deep.cdx.json: nesting deeper than 100 at line 1, column 2179");
  // Brackets inside strings do not count.
  auto strings = bulwark::sbom::read(
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":")" +
          repeat("[{", 500) + R"(\"]"}]})",
      "strings.cdx.json");
  ASSERT_TRUE(strings) << strings.error().message;
  EXPECT_EQ(strings->components.at(0).name, repeat("[{", 500) + "\"]");
}

TEST(HostileSbom, SpdxJsonDeepValueIsRefused) {
  auto r = bulwark::sbom::read(R"({"spdxVersion":"SPDX-2.3","x":)" + repeat(R"({"a":)", 300000) +
                                   "1" + repeat("}", 300000) + "}",
                               "deep.spdx.json");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("deep.spdx.json: nesting deeper than 100 at line 1"),
            std::string::npos)
      << r.error().message;
}

TEST(HostileSbom, CheckReadsAHugeTimestampFractionWithoutRegex) {
  const std::string doc =
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"timestamp":"2026-01-01T00:00:00.)" +
      std::string(300000, '7') +
      R"(Z"},"components":[{"type":"library","name":"a","version":"1"}]})";
  auto r = bulwark::sbom::check(doc, "fraction.cdx.json", bulwark::sbom::CheckProfile::kAll);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_NE(bulwark::sbom::render_check_json(*r, 10).find("\"timestamp\""), std::string::npos);
  // The same shape, invalid: the check fails it instead of crashing.
  const std::string bad =
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"timestamp":"2026-01-01T00:00:00.)" +
      std::string(300000, '7') +
      R"(Q"},"components":[{"type":"library","name":"a","version":"1"}]})";
  auto b = bulwark::sbom::check(bad, "bad.cdx.json", bulwark::sbom::CheckProfile::kAll);
  ASSERT_TRUE(b) << b.error().message;
  bool timestamp_checked = false;
  for (const auto& d : r->document)
    if (d.field == std::string("timestamp")) {
      timestamp_checked = true;
      EXPECT_TRUE(d.pass) << d.detail;
    }
  for (const auto& d : b->document) {
    if (d.field == std::string("timestamp")) {
      EXPECT_FALSE(d.pass);
    }
  }
  EXPECT_TRUE(timestamp_checked);
}

Sbom forged() {
  Sbom s;
  s.serial_number = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
  auto evil = bulwark::sbom::test::make_component(
      "evil", "evil\nPackageName: forged",
      "1.0\nRelationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-forged",
      "pkg:npm/evil@1.0\nPackageName: forged-too\nSPDXID: SPDXRef-forged");
  evil.hashes = {{"SHA-256", "ab\nPackageName: forged-hash"}};
  evil.cpes = {"cpe:2.3:a:x:y:1:*:*:*:*:*:*:*\nPackageName: forged-cpe"};
  s.components.push_back(evil);
  s.components.push_back(
      bulwark::sbom::test::make_component("ok", "<text>ok", "2.0", "pkg:npm/ok@2.0"));
  return s;
}

TEST(HostileSbom, SpdxTagValueValuesCannotForgeLines) {
  bulwark::sbom::WriteOptions o;
  o.timestamp = "2026-01-02T03:04:05Z";
  std::ostringstream out;
  ASSERT_TRUE(bulwark::sbom::write_spdx_tag_value(forged(), out, o));
  const std::string tv = out.str();
  for (const char* forged_line : {"\nPackageName: forged", "\nSPDXID: SPDXRef-forged",
                                  "\nRelationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-forged"})
    EXPECT_EQ(tv.find(std::string(forged_line) + "\n"), std::string::npos) << forged_line << "\n"
                                                                           << tv;
  EXPECT_NE(tv.find("ExternalRef: PACKAGE-MANAGER purl "
                    "pkg:npm/evil@1.0%0APackageName:%20forged-too%0ASPDXID:%20SPDXRef-forged\n"),
            std::string::npos)
      << tv;
  // Round trip: the same two packages come back, the multi-line values intact.
  auto back = bulwark::sbom::read(tv, "forged.spdx");
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->components.size(), 2u);
  EXPECT_EQ(back->components[0].name, "evil\nPackageName: forged");
  EXPECT_EQ(back->components[0].version,
            "1.0\nRelationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-forged");
  EXPECT_EQ(back->components[0].purl,
            "pkg:npm/evil@1.0%0APackageName:%20forged-too%0ASPDXID:%20SPDXRef-forged");
  EXPECT_EQ(back->components[1].name, "<text>ok");
  EXPECT_EQ(back->components[1].purl, "pkg:npm/ok@2.0");
}

}  // namespace
