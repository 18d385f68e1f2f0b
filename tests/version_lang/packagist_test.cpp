// Packagist ordering (PHP version_compare after Composer's 'v' strip): osv-scalibr fixtures and
// our facts.
#include <gtest/gtest.h>

#include <string>

#include "bulwark/version/schemes.hpp"
#include "bulwark/version/version.hpp"
#include "compare_corpus.hpp"
#include "shared.hpp"

namespace {

using bulwark::version::scheme::packagist;

int cmp(std::string_view a, std::string_view b) {
  auto r = packagist(a, b);
  EXPECT_TRUE(r.has_value()) << a << " vs " << b << ": " << (r ? "" : r.error().message);
  return r ? *r : 99;
}

// osv-scalibr's Go port keeps "#" as a version part that ranks like a number; PHP's
// canonicaliser turns any other non-alphanumeric into a separator, so "1.2.3.#" is "1.2.3." and
// version_compare ranks it below both "1.2.3" and "1.2.3.1".
const std::map<std::string, std::string> kScalibrHash = {
    {"1.2.3.# = 1.2.3", "PHP drops '#'"},
    {"1.2.3.# = 1.2.3.1", "PHP drops '#'"},
};

TEST(PackagistScalibr, HandWrittenFixtures) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  auto stats =
      bulwark::test::check_compare_file(packagist, dir / "packagist-versions.txt", kScalibrHash);
  EXPECT_GE(stats.checked, 90u);
  EXPECT_EQ(stats.excluded, 2u);
  EXPECT_EQ(cmp("1.2.3.#", "1.2.3"), -1);
  EXPECT_EQ(cmp("1.2.3.#", "1.2.3.1"), -1);
  std::printf("packagist-versions.txt: %zu checked, %zu excluded\n", stats.checked, stats.excluded);
}

TEST(PackagistScalibr, GeneratedFixtures) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  auto stats =
      bulwark::test::check_compare_file(packagist, dir / "packagist-versions-generated.txt");
  EXPECT_GE(stats.checked, 10000u);
  RecordProperty("checked", static_cast<int>(stats.checked));
  std::printf("packagist-versions-generated.txt: %zu checked\n", stats.checked);
}

TEST(Packagist, Facts) {
  EXPECT_EQ(cmp("1.0-dev", "1.0alpha"), -1);
  EXPECT_EQ(cmp("1.0alpha1", "1.0a1"), 0);
  EXPECT_EQ(cmp("1.0b1", "1.0beta1"), 0);
  EXPECT_EQ(cmp("1.0RC1", "1.0rc1"), 0);
  EXPECT_EQ(cmp("1.0rc1", "1.0"), -1);
  EXPECT_EQ(cmp("1.0", "1.0-patch1"), -1);
  EXPECT_EQ(cmp("1.0pl1", "1.0p1"), 0);
  EXPECT_EQ(cmp("1.0", "1.0.0"), -1);  // version_compare: a further number is greater
  EXPECT_EQ(cmp("1_0+1", "1.0.1"), 0);
  EXPECT_EQ(cmp("v2.0", "V2.0"), 0);
  EXPECT_EQ(cmp("1.0-foo", "1.0-dev"), -1);  // unknown words sort below dev
  EXPECT_EQ(cmp("1.", "1."), 0);
}

TEST(Packagist, EmptyIsInvalid) {
  for (const char* bad : {"", "v", "V"}) {
    auto r = packagist(bad, "1");
    ASSERT_FALSE(r.has_value()) << "accepted '" << bad << "'";
    EXPECT_NE(r.error().message.find("Packagist version"), std::string::npos);
  }
}

TEST(Packagist, RegistryMapsPackagist) {
  auto r = bulwark::version::compare("Packagist", "5.4.0-RC1", "5.4.0");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, -1);
}

}  // namespace
