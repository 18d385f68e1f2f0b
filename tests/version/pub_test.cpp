#include <gtest/gtest.h>

#include "bulwark/version/version.hpp"
#include "vera_expect.hpp"

namespace bulwark::test::vera {
namespace {

TEST(PubScheme, BuildMetadataParticipates) {
  expect_order(scheme::pub, {"1.0.0", "1.0.0+build", -1});
  expect_order(scheme::pub, {"1.0.0-pre", "1.0.0-pre+build", -1});
  expect_order(scheme::pub, {"1.0.0-pre+build", "1.0.0", -1});
  expect_order(scheme::pub, {"1.2.3+1", "1.2.3+a", -1});  // numbers before strings
  expect_order(scheme::pub, {"1.2.3+900", "1.2.3+a", -1});
  expect_order(scheme::pub, {"1.2.3+a", "1.2.3+a.1", -1});
  expect_order(scheme::pub, {"1.2.3+9a", "1.2.3+1z", 1});
}

TEST(PubScheme, DartParsingQuirks) {
  expect_order(scheme::pub, {"01.02.03", "1.2.3", 0});       // leading zeros: int.parse
  expect_order(scheme::pub, {"1x2y3", "1.2.3", 0});          // unescaped '.' in the regex
  expect_order(scheme::pub, {"12345", "1.3.5", 0});          // backtracking splits digits
  expect_order(scheme::pub, {"1.0.0-01", "1.0.0-1", 0});     // int.tryParse("01") == 1
  expect_order(scheme::pub, {"1.0.0-0x10", "1.0.0-16", 0});  // int.tryParse accepts hex
  expect_order(scheme::pub, {"1.0.0--1", "1.0.0-0", -1});    // ...and a sign
}

TEST(PubScheme, RejectsNonVersions) {
  for (const char* v : {"", "1.2", "1.2.3.4", "v1.2.3", "1.2.3-", "1.2.3+", "1.2.3-a..b", "1.2.3 ",
                        "1\n2.3", "99999999999999999999.0.0"})
    expect_invalid(scheme::pub, v, "1.0.0");
  EXPECT_EQ(version::compare("Pub", "2.0.0-dev.1", "2.0.0").value(), -1);
}

}  // namespace
}  // namespace bulwark::test::vera
