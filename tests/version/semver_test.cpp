#include <gtest/gtest.h>

#include "bulwark/version/version.hpp"
#include "vera_expect.hpp"

namespace bulwark::test::vera {
namespace {

TEST(SemverScheme, PrecedenceFollowsSemVer2) {
  // The precedence chain from semver.org section 11.
  const char* chain[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                         "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                         "1.0.0-rc.1",  "1.0.0",         "1.0.1",
                         "1.1.0",       "2.0.0",         "10.0.0"};
  for (std::size_t i = 0; i + 1 < std::size(chain); ++i)
    for (std::size_t j = i + 1; j < std::size(chain); ++j)
      expect_order(scheme::semver, {chain[i], chain[j], -1});
}

TEST(SemverScheme, BuildMetadataIgnoredAndLeadingVTolerated) {
  expect_order(scheme::semver, {"1.2.3+build.7", "1.2.3", 0});
  expect_order(scheme::semver, {"1.2.3-rc.1+a", "1.2.3-rc.1+b", 0});
  expect_order(scheme::semver, {"v1.2.3", "1.2.3", 0});
  expect_order(scheme::semver, {"1.2.3-a-b", "1.2.3-a", 1});
  expect_order(scheme::semver, {"1.2.3-9", "1.2.3-10", -1});
  expect_order(scheme::semver, {"1.2.3-9a", "1.2.3-10", 1});  // alphanumeric > numeric
  expect_order(scheme::semver, {"1.2.3-Z", "1.2.3-a", -1});   // ASCII order
}

TEST(SemverScheme, HugeNumbersCompareExactly) {
  expect_order(scheme::semver, {"99999999999999999999999.0.0", "99999999999999999999998.0.0", 1});
  expect_order(scheme::semver, {"1.0.0-99999999999999999999", "1.0.0-99999999999999999998", 1});
}

TEST(SemverScheme, RejectsNonSemVer) {
  for (const char* v :
       {"",       "1",        "1.2",        "1.2.3.4",   "01.2.3",     "1.02.3",  "1.2.03",
        "1.2.3-", "1.2.3-01", "1.2.3-a..b", "1.2.3+",    "1.2.3+a..b", "1.2.3_4", " 1.2.3",
        "V1.2.3", "=1.2.3",   "vv1.2.3",    "1.2.3-a b", "1.2.3-é",    "a.b.c"})
    expect_invalid(scheme::semver, v, "1.0.0");
}

TEST(SemverScheme, ErrorNamesVersionAndReason) {
  auto r = scheme::semver("1.2", "1.0.0");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "invalid SemVer version '1.2': expected MAJOR.MINOR.PATCH");
  auto lz = scheme::semver("1.0.0", "1.0.0-01");
  ASSERT_FALSE(lz);
  EXPECT_EQ(lz.error().message,
            "invalid SemVer version '1.0.0-01': numeric pre-release identifier has a leading zero");
}

TEST(SemverScheme, ReachableThroughRegistry) {
  EXPECT_EQ(version::compare("SEMVER", "1.0.0", "1.0.1").value(), -1);
  EXPECT_TRUE(version::validate("SEMVER", "v2.0.0-rc.1+x").has_value());
  EXPECT_FALSE(version::validate("SEMVER", "2.0").has_value());
}

}  // namespace
}  // namespace bulwark::test::vera
