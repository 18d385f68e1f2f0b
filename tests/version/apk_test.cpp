#include <gtest/gtest.h>

#include "bulwark/version/version.hpp"
#include "vera_expect.hpp"

namespace bulwark::test::vera {
namespace {

TEST(ApkScheme, ApkToolsOrdering) {
  expect_order(scheme::apk, {"1.2.3-r0", "1.2.3-r1", -1});
  expect_order(scheme::apk, {"1.2.3", "1.2.3-r0", -1});
  expect_order(scheme::apk, {"1.2.3_rc1", "1.2.3", -1});
  expect_order(scheme::apk, {"1.2.3_alpha", "1.2.3_beta", -1});
  expect_order(scheme::apk, {"1.2.3_pre2", "1.2.3_rc1", -1});
  expect_order(scheme::apk, {"1.2.3_p1", "1.2.3", 1});
  expect_order(scheme::apk, {"1.2.3_git20230101", "1.2.3_p0", -1});
  expect_order(scheme::apk, {"1.2.3a", "1.2.3", 1});
  expect_order(scheme::apk, {"1.2.3a", "1.2.3b", -1});
  expect_order(scheme::apk, {"1.2.3a", "1.2.4", -1});
  expect_order(scheme::apk, {"1.05", "1.5", -1});  // leading zeros count as negative
  expect_order(scheme::apk, {"1.0", "1.00", 1});
  expect_order(scheme::apk, {"1.0", "1.0.0", -1});
  expect_order(scheme::apk, {"1.2.3-r9", "1.2.3-r10", -1});
  expect_order(scheme::apk, {"99999999999999999999", "99999999999999999998", 1});
}

TEST(ApkScheme, RejectsMalformed) {
  for (const char* v : {"", "a", "1.2.3-1", "1.2.3_foo", "1.2.3-r1.2", "1.2.3-r1_p1", "1.2A",
                        "1.2ab", "1.2.3 ", "1.2.3_p1a", "-r1"})
    expect_invalid(scheme::apk, v, "1.0");
  EXPECT_EQ(version::compare("Alpine:v3.20", "3.1.4-r5", "3.1.4-r6").value(), -1);
  EXPECT_EQ(version::compare("Wolfi", "1.0-r1", "1.0-r1").value(), 0);
}

TEST(ApkScheme, AcceptsWhatApkTools2Accepts) {
  // apk_version_validate lets these through; they compare by its token rules.
  expect_order(scheme::apk, {"1-r", "1-r0", 0});
  expect_order(scheme::apk, {"1..2", "1.0.2", 1});
  expect_order(scheme::apk, {"1.2_", "1.2", 1});
  expect_order(scheme::apk, {"1.0-r1-r2", "1.0-r1", 1});
}

}  // namespace
}  // namespace bulwark::test::vera
