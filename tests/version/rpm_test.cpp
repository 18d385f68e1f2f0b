#include <gtest/gtest.h>

#include "bulwark/version/version.hpp"
#include "vera_expect.hpp"

namespace bulwark::test::vera {
namespace {

TEST(RpmScheme, RpmvercmpSegments) {
  expect_order(scheme::rpm, {"1.0", "1.0.1", -1});
  expect_order(scheme::rpm, {"1.0a", "1.0", 1});
  expect_order(scheme::rpm, {"1.0a", "1.0.1", -1});  // digits newer than letters
  expect_order(scheme::rpm, {"2_0", "2.0", 0});      // separators only separate
  expect_order(scheme::rpm, {"1.010", "1.10", 0});
  expect_order(scheme::rpm, {"1.0~rc1", "1.0", -1});
  expect_order(scheme::rpm, {"1.0^git1", "1.0", 1});
  expect_order(scheme::rpm, {"1.0^git1", "1.0.1", -1});
  expect_order(scheme::rpm, {"1.0~rc1^git1", "1.0~rc1", 1});
}

TEST(RpmScheme, EpochVersionRelease) {
  expect_order(scheme::rpm, {"1:1.0", "2.0", 1});
  expect_order(scheme::rpm, {"0:1.0-1", "1.0-1", 0});  // a missing epoch is 0
  expect_order(scheme::rpm, {":1.0", "0:1.0", 0});     // so is an empty one
  expect_order(scheme::rpm, {"1.0", "1.0-1", -1});     // a missing release sorts first
  expect_order(scheme::rpm, {"1.0", "1.0-", -1});      // even before an empty one
  expect_order(scheme::rpm, {"1.0-1.el9", "1.0-1.el9_2", -1});
  expect_order(scheme::rpm, {"a:1", "b:1", -1});         // not an epoch: part of the version
  expect_order(scheme::rpm, {"1.0-1-2", "1.0-1-1", 1});  // release after the last '-'
  expect_order(scheme::rpm, {"1.1.\xCE\xB1", "1.1.\xCE\xB2", 0});  // non-ASCII separates
}

TEST(RpmScheme, Validity) {
  for (const char* v : {"", "1.0 1", "1.0\n", "\t1", "1:", "-1", "2:-1", ":"})
    expect_invalid(scheme::rpm, v, "1.0");
  EXPECT_EQ(version::compare("Red Hat", "0:4.18.0-477.el9", "4.18.0-513.el9").value(), -1);
  EXPECT_EQ(version::compare("SUSE:Linux Enterprise 15", "1.1", "1.1").value(), 0);
}

}  // namespace
}  // namespace bulwark::test::vera
