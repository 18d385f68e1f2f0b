// bulwark vercmp ECOSYSTEM A B: runs the built binary.
#include <gtest/gtest.h>

#include <string>

#include "shared.hpp"

namespace bulwark::test {
namespace {

RunResult vercmp(const std::string& args) { return run(cli_path() + " vercmp " + args); }

TEST(CliVercmp, PrintsOrdering) {
  auto r = vercmp("Debian 1.0 1.0-1");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "-1\n");
  EXPECT_EQ(vercmp("Debian:12 1:1.0 2.0").out, "1\n");
  EXPECT_EQ(vercmp("npm v1.2.3 1.2.3").out, "0\n");
  EXPECT_EQ(vercmp("'Red Hat' 1.0~rc1 1.0").out, "-1\n");
  EXPECT_EQ(vercmp("Alpine 1.2.3-r1 1.2.3_rc1").out, "1\n");
  EXPECT_EQ(vercmp("SEMVER 1.0.0-alpha 1.0.0").out, "-1\n");
}

TEST(CliVercmp, InvalidVersionExits2WithReason) {
  auto r = vercmp("Debian 1.0 'a:1'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "bulwark: invalid Debian version 'a:1': epoch in version is empty\n");
}

TEST(CliVercmp, UnknownEcosystemExits2) {
  auto r = vercmp("NoSuchEcosystem 1 2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no version scheme for ecosystem 'NoSuchEcosystem'"), std::string::npos)
      << r.err;
}

TEST(CliVercmp, MissingArgumentIsUsageError) {
  auto r = vercmp("Debian 1.0");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace bulwark::test
