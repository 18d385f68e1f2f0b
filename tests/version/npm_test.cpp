#include <gtest/gtest.h>

#include <string>

#include "bulwark/version/version.hpp"
#include "vera_expect.hpp"

namespace bulwark::test::vera {
namespace {

TEST(NpmScheme, NodeSemverOrdering) {
  expect_order(scheme::npm, {"1.2.3", "1.2.3-asdf", 1});
  expect_order(scheme::npm, {"1.2.3-a.b.c.10.d.5", "1.2.3-a.b.c.5.d.100", 1});
  expect_order(scheme::npm, {"1.2.3-r100", "1.2.3-R2", 1});
  expect_order(scheme::npm, {"3.0.0", "2.7.2+asdf", 1});
  expect_order(scheme::npm, {"1.2.3+a", "1.2.3+b", 0});
}

TEST(NpmScheme, AcceptsLeadingVAndSurroundingWhitespace) {
  expect_order(scheme::npm, {"v1.2.3", "1.2.3", 0});
  expect_order(scheme::npm, {"  1.2.3\t\n", "1.2.3", 0});
  expect_order(scheme::npm, {"\xC2\xA0"
                             "1.2.3\xE3\x80\x80",
                             "1.2.3", 0});  // NBSP, U+3000
}

TEST(NpmScheme, NumbersBehaveLikeJavaScript) {
  // major/minor/patch up to Number.MAX_SAFE_INTEGER...
  expect_order(scheme::npm, {"9007199254740991.0.0", "9007199254740990.0.0", 1});
  expect_invalid(scheme::npm, "9007199254740992.0.0", "1.0.0");
  // ...and numeric pre-release identifiers compare as doubles: beyond 2^53 they collide.
  expect_order(scheme::npm, {"1.0.0-9007199254740993", "1.0.0-9007199254740992", 0});
  expect_order(scheme::npm, {"1.0.0-9007199254740994", "1.0.0-9007199254740992", 1});
}

TEST(NpmScheme, RejectsWhatStrictNodeSemverRejects) {
  for (const char* v : {"=1.2.3", "V1.2.3", "1.2", "01.2.3", "1.2.3-01", "1.2.3.4", "v 1.2.3",
                        "1.2.3 -a", "hello, world", ""})
    expect_invalid(scheme::npm, v, "1.0.0");
  std::string too_long = "1.0.0-" + std::string(251, 'a');  // 257 characters
  expect_invalid(scheme::npm, too_long, "1.0.0");
  EXPECT_TRUE(scheme::npm("1.0.0-" + std::string(250, 'a'), "1.0.0").has_value());
  EXPECT_EQ(version::compare("npm", "1.0.0", "1.0.1").value(), -1);
}

}  // namespace
}  // namespace bulwark::test::vera
