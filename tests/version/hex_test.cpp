#include <gtest/gtest.h>

#include "bulwark/version/version.hpp"
#include "vera_expect.hpp"

namespace bulwark::test::vera {
namespace {

TEST(HexScheme, SemVerPrecedence) {
  expect_order(scheme::hex, {"1.4.0", "1.10.0", -1});
  expect_order(scheme::hex, {"2.0.0-rc.0", "2.0.0", -1});
  expect_order(scheme::hex, {"2.0.0-rc.10", "2.0.0-rc.9", 1});
  expect_order(scheme::hex, {"1.0.0+build", "1.0.0", 0});
  EXPECT_EQ(version::compare("Hex", "0.9.1", "0.10.0").value(), -1);
}

TEST(HexScheme, RejectsNonSemVer) {
  for (const char* v : {"1.0", "v1.0.0", "1.0.0-", "1.0.0-01", "1.0.0.0", "1.0.0rc1"})
    expect_invalid(scheme::hex, v, "1.0.0");
}

}  // namespace
}  // namespace bulwark::test::vera
