// RubyGems ordering (Gem::Version): osv-scalibr fixtures and our facts.
#include <gtest/gtest.h>

#include <string>

#include "bulwark/version/schemes.hpp"
#include "bulwark/version/version.hpp"
#include "compare_corpus.hpp"
#include "shared.hpp"

namespace {

using bulwark::version::scheme::rubygems;

int cmp(std::string_view a, std::string_view b) {
  auto r = rubygems(a, b);
  EXPECT_TRUE(r.has_value()) << a << " vs " << b << ": " << (r ? "" : r.error().message);
  return r ? *r : 99;
}

// osv-scalibr accepts versions whose first segment has letters; Gem::Version's pattern requires
// the first segment to be digits ("1beta" raises "Malformed version number string").
const std::map<std::string, std::string> kScalibrLenient = {
    {"1 > 1beta", "Gem::Version rejects '1beta'"},
    {"1 > 1gamma", "Gem::Version rejects '1gamma'"},
};

TEST(RubyGemsScalibr, HandWrittenFixtures) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  auto stats =
      bulwark::test::check_compare_file(rubygems, dir / "rubygems-versions.txt", kScalibrLenient);
  EXPECT_GE(stats.checked, 20u);
  EXPECT_EQ(stats.excluded, kScalibrLenient.size());
  EXPECT_FALSE(rubygems("1beta", "1").has_value());
  EXPECT_FALSE(rubygems("1gamma", "1").has_value());
  std::printf("rubygems-versions.txt: %zu checked, %zu excluded\n", stats.checked, stats.excluded);
}

TEST(RubyGemsScalibr, GeneratedFixtures) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  auto stats = bulwark::test::check_compare_file(rubygems, dir / "rubygems-versions-generated.txt");
  EXPECT_GE(stats.checked, 4000u);
  RecordProperty("checked", static_cast<int>(stats.checked));
  std::printf("rubygems-versions-generated.txt: %zu checked\n", stats.checked);
}

TEST(RubyGems, Facts) {
  EXPECT_EQ(cmp("1.0.a", "1.0"), -1);
  EXPECT_EQ(cmp("1.0.0", "1"), 0);
  EXPECT_EQ(cmp("1.0.a.0", "1.0.a"), 0);
  EXPECT_EQ(cmp("1.0-rc1", "1.0.pre.rc1"), 0);  // '-' reads as ".pre."
  EXPECT_EQ(cmp("1.0.A", "1.0.a"), -1);         // string segments are case-sensitive
  EXPECT_EQ(cmp("1.0.b1", "1.0.a2"), 1);
  EXPECT_EQ(cmp("2.0.0.rc1", "2.0.0"), -1);
  EXPECT_EQ(cmp("1.a", "1.0.a"), 0);
  EXPECT_EQ(cmp("10", "9"), 1);
  EXPECT_EQ(cmp(" 1.2\n", "1.2"), 0);
}

TEST(RubyGems, InvalidVersions) {
  for (const char* bad : {"", "  ", "a", "1..2", "1.", "1a", "1-", "1.0-a_b", "v1.0", "1 0"}) {
    auto r = rubygems(bad, "1");
    ASSERT_FALSE(r.has_value()) << "accepted '" << bad << "'";
    EXPECT_NE(r.error().message.find("RubyGems version"), std::string::npos);
  }
}

TEST(RubyGems, RegistryMapsRubyGems) {
  auto r = bulwark::version::compare("RubyGems", "6.1.0.rc1", "6.1.0");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, -1);
}

}  // namespace
