#include <gtest/gtest.h>

#include "bulwark/version/version.hpp"
#include "vera_expect.hpp"

namespace bulwark::test::vera {
namespace {

TEST(DebScheme, DpkgOrdering) {
  expect_order(scheme::deb, {"1.0~rc1", "1.0", -1});
  expect_order(scheme::deb, {"1.0~~", "1.0~", -1});
  expect_order(scheme::deb, {"1.0", "1.0+b1", -1});
  expect_order(scheme::deb, {"1.0a", "1.0+", -1});  // letters before non-letters
  expect_order(scheme::deb, {"1.0", "1.0-0", 0});   // a missing revision is "0"
  expect_order(scheme::deb, {"1.0", "1.0-1", -1});
  expect_order(scheme::deb, {"1.0-0+deb12u1", "1.0", 1});
  expect_order(scheme::deb, {"0:1.0", "1.0", 0});
  expect_order(scheme::deb, {"1:0.1", "9.9", 1});
  expect_order(scheme::deb, {"1.009", "1.9", 0});
  expect_order(scheme::deb, {"1.2.3-1~deb7u1", "1.2.3-1", -1});
  expect_order(scheme::deb, {"2:1.0:1-1", "2:1.0-1", 1});  // upstream may contain ':'
  expect_order(scheme::deb, {"1.0-a-b", "1.0-a", 1});      // revision is after the last '-'
  expect_order(scheme::deb, {" 1.0 ", "1.0", 0});          // surrounding blanks trimmed
}

TEST(DebScheme, RejectsWhatDpkgCallsBadSyntax) {
  for (const char* v : {"", " ", "1.0 1", ":1.0", "a:1.0", "1a:1.0", "-1:1.0", "1:", "1.0-", "-1",
                        "1.0-1:2", "99999999999:1", "1:-1"})
    expect_invalid(scheme::deb, v, "1.0");
  auto r = scheme::deb("1.0", "x:1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "invalid Debian version 'x:1': epoch in version is empty");
}

// dpkg --compare-versions only warns about these ("version number does not start with digit",
// "invalid character in version/revision number") and compares them; the expected orders are
// dpkg 1.21's answers.
TEST(DebScheme, ComparesWhatDpkgOnlyWarnsAbout) {
  expect_order(scheme::deb, {"a1", "1.0", 1});
  expect_order(scheme::deb, {"a1", "a2", -1});
  expect_order(scheme::deb, {"~1", "a1", -1});
  expect_order(scheme::deb, {"a1.0", "b", -1});
  expect_order(scheme::deb, {"1.0-1", "a", -1});
  expect_order(scheme::deb, {"1.0_1", "1.0", 1});
  expect_order(scheme::deb, {"1.0_1", "1.0.1", 1});
  expect_order(scheme::deb, {"1.0@", "1.0a", 1});
  expect_order(scheme::deb, {"1.0-1_2", "1.0-1.2", 1});
  expect_order(scheme::deb, {"a1", "a1", 0});
  EXPECT_EQ(version::compare("Debian", "a1", "1.0").value(), 1);
}

TEST(DebScheme, RegistryNamesAndReleaseSuffix) {
  EXPECT_EQ(version::compare("Debian:12", "2.36-9+deb12u4", "2.36-9+deb12u10").value(), -1);
  EXPECT_EQ(version::compare("Ubuntu", "1.0-1ubuntu1", "1.0-1").value(), 1);
}

}  // namespace
}  // namespace bulwark::test::vera
