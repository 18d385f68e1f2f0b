// vers-spec tests/alpine_version_cmp_test.json (derived from apk-tools' test/version.data):
// every "comparison" case gives two versions and their expected sorted order, every "equality"
// case two versions that must compare equal.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "bulwark/version/schemes.hpp"
#include "vera_expect.hpp"
#include "vera_util.hpp"

namespace bulwark::test::vera {
namespace {

TEST(CorpusVersSpec, AlpineComparisonAndEquality) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/vers-spec/tests");
  auto doc = nlohmann::json::parse(slurp(dir / "alpine_version_cmp_test.json"));
  // apk-tools' own data marks these "invalid" (its test falls back to a string sort);
  // apk_version_validate rejects them, and so does Bulwark.
  const std::set<std::string> invalid = {"23_foo", "1.0bc"};
  std::size_t comparisons = 0, equalities = 0, excluded = 0, index = 0;
  for (const auto& t : doc.at("tests")) {
    ++index;
    auto in = t.at("input").at("versions").get<std::vector<std::string>>();
    ASSERT_EQ(in.size(), 2u) << "case " << index;
    if (invalid.count(in[0]) || invalid.count(in[1])) {
      EXPECT_FALSE(scheme::apk(in[0], in[1]).has_value()) << in[0] << " vs " << in[1];
      ++excluded;
      continue;
    }
    if (t.at("test_type") == "equality") {
      auto r = scheme::apk(in[0], in[1]);
      ASSERT_TRUE(r.has_value()) << "case " << index << ": " << r.error().message;
      bool equal = t.at("expected_output").get<bool>();
      EXPECT_EQ(*r == 0, equal) << "case " << index << ": " << in[0] << " vs " << in[1];
      ++equalities;
      continue;
    }
    auto sorted = t.at("expected_output").get<std::vector<std::string>>();
    auto r = scheme::apk(sorted[0], sorted[1]);
    ASSERT_TRUE(r.has_value()) << "case " << index << ": " << r.error().message;
    EXPECT_EQ(*r, sorted[0] == sorted[1] ? 0 : -1)
        << "case " << index << ": expected " << sorted[0] << " < " << sorted[1];
    ++comparisons;
  }
  std::printf(
      "[ corpus   ] alpine_version_cmp_test.json: %zu comparisons, %zu equalities, "
      "%zu excluded (invalid apk versions)\n",
      comparisons, equalities, excluded);
  RecordProperty("comparisons", static_cast<int>(comparisons));
  EXPECT_GE(comparisons, 650u);
  EXPECT_GE(equalities, 15u);
  EXPECT_LE(excluded, 4u);
}

}  // namespace
}  // namespace bulwark::test::vera
