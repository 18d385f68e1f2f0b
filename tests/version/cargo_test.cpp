#include <gtest/gtest.h>

#include "bulwark/version/version.hpp"
#include "vera_expect.hpp"

namespace bulwark::test::vera {
namespace {

TEST(CargoScheme, SemVerPrecedence) {
  expect_order(scheme::cargo, {"0.3.0", "0.10.0", -1});
  expect_order(scheme::cargo, {"1.0.0-alpha.1", "1.0.0-alpha.beta", -1});
  expect_order(scheme::cargo, {"1.0.0+abc", "1.0.0+def", 0});
  expect_order(scheme::cargo, {"18446744073709551615.0.0", "18446744073709551614.0.0", 1});
  EXPECT_EQ(version::compare("crates.io", "0.2.5", "0.2.10").value(), -1);
}

TEST(CargoScheme, RejectsWhatTheSemverCrateRejects) {
  for (const char* v :
       {"v1.0.0", "1.0", "01.0.0", "1.0.0-01", "18446744073709551616.0.0", "1.0.0 ", "1.0.0-"})
    expect_invalid(scheme::cargo, v, "1.0.0");
  auto r = scheme::cargo("1.0.99999999999999999999", "1.0.0");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "invalid crates.io version '1.0.99999999999999999999': number does not fit in 64 bits");
}

}  // namespace
}  // namespace bulwark::test::vera
