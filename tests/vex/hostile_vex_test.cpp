// Hostile VEX input: every reader bounds the nesting before nlohmann builds (and our walks
// recurse into) a tree; the limit is the one of kMaxNestingDepth.
#include <gtest/gtest.h>

#include <string>

#include "bulwark/vex/vex.hpp"

namespace bulwark::vex {
namespace {

std::string repeat(std::string_view piece, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += piece;
  return s;
}

std::string cdx_vex_with_components(const std::string& components) {
  return R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":)" + components +
         R"(,"vulnerabilities":[{"id":"CVE-2099-0001","analysis":{"state":"not_affected","justification":"code_not_present"},"affects":[{"ref":"c"}]}]})";
}

TEST(HostileVex, CycloneDxComponentsOf300000NestedArraysAreRefused) {
  auto r = read_cyclonedx_vex(cdx_vex_with_components(repeat("[", 300000) + repeat("]", 300000)),
                              "deep.vex.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().message, "deep.vex.json: nesting deeper than 100 at line 1, column 170");
  EXPECT_FALSE(sniff(repeat("[", 300000)));
  // Too deep to parse, still recognised (by its markers) so that its reader names the nesting.
  EXPECT_EQ(sniff(cdx_vex_with_components(repeat("[", 300000) + repeat("]", 300000))),
            VexFormat::kCycloneDx);
  EXPECT_EQ(sniff(R"({"document":{"csaf_version":"2.0"},"x":)" + repeat("[", 300000)),
            VexFormat::kCsaf);
  auto o = read_openvex(
      R"({"@context":"https://openvex.dev/ns/v0.2.0","statements":)" + repeat("[", 300000),
      "deep.openvex.json");
  ASSERT_FALSE(o);
  EXPECT_NE(o.error().message.find("deep.openvex.json: nesting deeper than 100"), std::string::npos)
      << o.error().message;
}

TEST(HostileVex, NestedComponentsWithinTheLimitStillResolve) {
  // 30 levels of nested components (61 JSON levels): the innermost bom-ref still resolves to its
  // purl.
  std::string comps = repeat(R"([{"type":"library","name":"n","components":)", 30) +
                      R"([{"type":"library","name":"c","bom-ref":"c","purl":"pkg:npm/c@1.0"}])" +
                      repeat("}]", 30);
  auto r = read_cyclonedx_vex(cdx_vex_with_components(comps), "ok.vex.json");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->statements.size(), 1u);
  ASSERT_EQ(r->statements[0].components.size(), 1u);
  EXPECT_EQ(r->statements[0].components[0], "pkg:npm/c@1.0");
}

}  // namespace
}  // namespace bulwark::vex
