#include <gtest/gtest.h>

#include "bulwark/version/version.hpp"
#include "vera_expect.hpp"

namespace bulwark::test::vera {
namespace {

TEST(GoScheme, OrdersModuleVersionsWithOrWithoutV) {
  expect_order(scheme::go, {"v1.2.3", "1.2.3", 0});
  expect_order(scheme::go, {"1.2.3", "1.10.0", -1});
  expect_order(scheme::go, {"0.0.0-20210101000000-abcdefabcdef", "0.0.1", -1});
  // Pseudo-versions are ordinary pre-releases: timestamps order them.
  expect_order(scheme::go, {"v1.2.4-0.20210101000000-abcdefabcdef",
                            "v1.2.4-0.20220101000000-012345678901", -1});
  expect_order(scheme::go, {"v1.2.4-0.20210101000000-abcdefabcdef", "v1.2.3", 1});
  expect_order(scheme::go, {"v1.2.4-0.20210101000000-abcdefabcdef", "v1.2.4-pre", -1});
}

TEST(GoScheme, IncompatibleIsBuildMetadata) {
  expect_order(scheme::go, {"v2.0.0+incompatible", "v2.0.0", 0});
  expect_order(scheme::go, {"2.1.0+incompatible", "2.0.9+incompatible", 1});
}

TEST(GoScheme, ShorthandsMeanZeroes) {
  expect_order(scheme::go, {"v1", "v1.0.0", 0});
  expect_order(scheme::go, {"v1.2", "v1.2.0", 0});
  expect_order(scheme::go, {"v1.2", "v1.2.1", -1});
}

TEST(GoScheme, RejectsInvalid) {
  for (const char* v : {"", "v", "v1.2-pre", "v1+build", "v01.2.3", "v1.2.3-01", "v1.2.3.4",
                        "version1", "1.2.3-", "V1.2.3"})
    expect_invalid(scheme::go, v, "v1.0.0");
  EXPECT_EQ(version::compare("Go", "1.20.1", "1.3.0").value(), 1);
}

}  // namespace
}  // namespace bulwark::test::vera
