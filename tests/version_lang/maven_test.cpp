// Maven ordering (ComparableVersion 3.9): osv-scalibr fixtures, vers-spec tests and our facts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "bulwark/version/schemes.hpp"
#include "bulwark/version/version.hpp"
#include "compare_corpus.hpp"
#include "shared.hpp"

namespace {

using bulwark::version::scheme::maven;

int cmp(std::string_view a, std::string_view b) {
  auto r = maven(a, b);
  EXPECT_TRUE(r.has_value()) << a << " vs " << b;
  return r ? *r : 99;
}

// The Maven POM reference's prose says "1-ga-1" = "1-1", but ComparableVersion's normalisation
// drops only the null "ga" item, leaving [1, [[1]]] against [1, [1]]: 1-ga-1 < 1-1.
const std::map<std::string, std::string> kSpecDocOnly = {
    {"1-1 = 1-ga-1", "POM reference prose, not ComparableVersion"},
};

TEST(MavenScalibr, HandWrittenFixtures) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  auto stats = bulwark::test::check_compare_file(maven, dir / "maven-versions.txt", kSpecDocOnly);
  EXPECT_GE(stats.checked, 100u);
  EXPECT_EQ(stats.excluded, 1u);
  EXPECT_EQ(cmp("1-ga-1", "1-1"), -1);
  std::printf("maven-versions.txt: %zu checked, %zu excluded\n", stats.checked, stats.excluded);
}

TEST(MavenScalibr, GeneratedFixtures) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  auto stats = bulwark::test::check_compare_file(maven, dir / "maven-versions-generated.txt");
  EXPECT_GE(stats.checked, 14000u);
  RecordProperty("checked", static_cast<int>(stats.checked));
  std::printf("maven-versions-generated.txt: %zu checked\n", stats.checked);
}

TEST(MavenVersSpec, ComparisonAndEquality) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/vers-spec/tests");
  std::ifstream in(dir / "maven_version_cmp_test.json");
  auto doc = nlohmann::json::parse(in);
  std::size_t comparisons = 0, equalities = 0;
  for (const auto& t : doc.at("tests")) {
    const auto& v = t.at("input").at("versions");
    ASSERT_EQ(v.size(), 2u);
    std::string a = v.at(0), b = v.at(1);
    if (t.at("test_type") == "equality") {
      EXPECT_EQ(cmp(a, b) == 0, t.at("expected_output").get<bool>()) << a << " vs " << b;
      ++equalities;
    } else {
      std::string lo = t.at("expected_output").at(0), hi = t.at("expected_output").at(1);
      EXPECT_LE(cmp(lo, hi), 0) << lo << " vs " << hi;  // sorted order; equal versions may appear
      EXPECT_GE(cmp(hi, lo), 0) << hi << " vs " << lo;
      ++comparisons;
    }
  }
  EXPECT_GE(comparisons, 900u);
  EXPECT_GE(equalities, 50u);
  std::printf("vers-spec maven: %zu comparisons, %zu equalities\n", comparisons, equalities);
}

TEST(Maven, Facts) {
  EXPECT_EQ(cmp("1.0.0.RC1", "1.0.0-RC2"), 1);  // ".RC" stays in the main list: above any "-"
  EXPECT_EQ(cmp("1.0-RC3", "1.0.1"), -1);
  EXPECT_EQ(cmp("1-alpha", "1-beta"), -1);
  EXPECT_EQ(cmp("1-milestone", "1-rc"), -1);
  EXPECT_EQ(cmp("1-rc", "1-snapshot"), -1);
  EXPECT_EQ(cmp("1-snapshot", "1"), -1);
  EXPECT_EQ(cmp("1", "1-sp"), -1);
  EXPECT_EQ(cmp("1-sp", "1-abc"), -1);
  EXPECT_EQ(cmp("1-abc", "1-abd"), -1);
  EXPECT_EQ(cmp("1-RELEASE", "1.0.0"), 0);
  EXPECT_EQ(cmp("1.0-x-1", "1.0-x1"), 0);
  EXPECT_EQ(cmp("1-x1", "1-x"), 1);
  EXPECT_EQ(cmp("1.2147483648", "1.2147483647"), 1);
  EXPECT_EQ(cmp("1.9999999999999999999", "1.999999999999999999"), 1);
  EXPECT_EQ(cmp("1.0000000000.1", "1.5.1"), 1);  // Java keeps an all-zero run whole: a LongItem(0)
  EXPECT_FALSE(maven("", "1").has_value());
}

TEST(Maven, RegistryMapsMaven) {
  auto r = bulwark::version::compare("Maven", "2.0-SNAPSHOT", "2.0");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, -1);
}

}  // namespace
