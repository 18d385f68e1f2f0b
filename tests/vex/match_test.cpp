// statement_applies: alias groups, purl normalisation, versions, qualifiers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bulwark/vex/vex.hpp"
#include "test_util.hpp"

namespace {

using namespace bulwark;
using bulwark::vex::statement_applies;
using Ids = std::vector<std::string>;

VexStatement st(std::vector<std::string> components, std::string vuln = "CVE-2021-44228",
                std::vector<std::string> aliases = {}) {
  return vex::test::make_statement(std::move(vuln), std::move(aliases), std::move(components),
                                   AnalysisState::kNotAffected,
                                   Justification::kComponentNotPresent);
}

TEST(StatementApplies, CveStatementAppliesToTheGhsaFindingOfTheSameVulnerability) {
  auto s = st({"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"});
  const std::string p = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  EXPECT_TRUE(statement_applies(s, p, Ids{"GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228"}));
  EXPECT_TRUE(statement_applies(s, p, Ids{"cve-2021-44228"}));  // case-insensitive
  EXPECT_FALSE(statement_applies(s, p, Ids{"GHSA-jfh8-c2jp-5v3q"}));
  EXPECT_FALSE(statement_applies(s, p, Ids{}));
  // A GHSA statement with a CVE alias applies to the CVE finding.
  auto g = st({p}, "GHSA-jfh8-c2jp-5v3q", {"CVE-2021-44228"});
  EXPECT_TRUE(statement_applies(g, p, Ids{"CVE-2021-44228"}));
  EXPECT_TRUE(statement_applies(g, p, Ids{"ghsa-JFH8-c2jp-5v3q"}));
  EXPECT_FALSE(statement_applies(g, p, Ids{"CVE-2021-45046"}));
}

TEST(StatementApplies, VersionlessPurlCoversAllVersions) {
  auto s = st({"pkg:npm/lodash"});
  EXPECT_TRUE(statement_applies(s, "pkg:npm/lodash@4.17.20", Ids{"CVE-2021-44228"}));
  EXPECT_TRUE(statement_applies(s, "pkg:npm/lodash", Ids{"CVE-2021-44228"}));
  EXPECT_FALSE(statement_applies(s, "pkg:npm/lodash-es@4.17.20", Ids{"CVE-2021-44228"}));
  EXPECT_FALSE(statement_applies(s, "pkg:pypi/lodash@4.17.20", Ids{"CVE-2021-44228"}));
  auto v = st({"pkg:npm/lodash@4.17.20"});
  EXPECT_TRUE(statement_applies(v, "pkg:npm/lodash@4.17.20", Ids{"CVE-2021-44228"}));
  EXPECT_FALSE(statement_applies(v, "pkg:npm/lodash@4.17.21", Ids{"CVE-2021-44228"}));
  EXPECT_FALSE(statement_applies(v, "pkg:npm/lodash", Ids{"CVE-2021-44228"}));
}

TEST(StatementApplies, QualifiersOfTheStatementMustBePresentAndEqual) {
  auto s = st({"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7"});
  EXPECT_TRUE(
      statement_applies(s, "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", Ids{"CVE-2021-44228"}));
  EXPECT_TRUE(statement_applies(s, "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7&distro=3.18",
                                Ids{"CVE-2021-44228"}));
  EXPECT_FALSE(
      statement_applies(s, "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64", Ids{"CVE-2021-44228"}));
  EXPECT_FALSE(statement_applies(s, "pkg:apk/wolfi/git@2.39.0-r1", Ids{"CVE-2021-44228"}));
  auto any = st({"pkg:apk/wolfi/git@2.39.0-r1"});
  EXPECT_TRUE(
      statement_applies(any, "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64", Ids{"CVE-2021-44228"}));
}

TEST(StatementApplies, ComparesNormalisedPurls) {
  // pypi names are PEP 503 normalised; namespace/name case folds for types that fold;
  // qualifier keys are lower-cased in lenient mode; percent-encoding is decoded.
  EXPECT_TRUE(statement_applies(st({"pkg:pypi/Django_Rest@3.0"}), "pkg:pypi/django-rest@3.0",
                                Ids{"CVE-2021-44228"}));
  EXPECT_TRUE(statement_applies(st({"pkg:github/Acme/Widget@1"}), "pkg:github/acme/widget@1",
                                Ids{"CVE-2021-44228"}));
  EXPECT_TRUE(statement_applies(st({"pkg:deb/debian/curl@7.0?Arch=amd64"}),
                                "pkg:deb/debian/curl@7.0?arch=amd64", Ids{"CVE-2021-44228"}));
  EXPECT_TRUE(statement_applies(st({"pkg:oci/alpine@sha256%3A124c"}), "pkg:oci/alpine@sha256:124c",
                                Ids{"CVE-2021-44228"}));
  // maven names are case-sensitive
  EXPECT_FALSE(statement_applies(st({"pkg:maven/org.acme/Lib@1"}), "pkg:maven/org.acme/lib@1",
                                 Ids{"CVE-2021-44228"}));
  // Go stdlib without namespace (permissive fallback)
  EXPECT_TRUE(statement_applies(st({"pkg:golang/stdlib"}), "pkg:golang/stdlib@1.21.0",
                                Ids{"CVE-2021-44228"}));
}

TEST(StatementApplies, SubpathNonPurlsAndEmptyComponents) {
  EXPECT_TRUE(statement_applies(st({"pkg:golang/github.com/acme/mono#cmd/tool"}),
                                "pkg:golang/github.com/acme/mono@v1.0.0#cmd/tool",
                                Ids{"CVE-2021-44228"}));
  EXPECT_FALSE(statement_applies(st({"pkg:golang/github.com/acme/mono#cmd/tool"}),
                                 "pkg:golang/github.com/acme/mono@v1.0.0#cmd/other",
                                 Ids{"CVE-2021-44228"}));
  EXPECT_TRUE(statement_applies(st({"cpe:2.3:a:acme:widget:1.0:*:*:*:*:*:*:*"}),
                                "cpe:2.3:a:acme:widget:1.0:*:*:*:*:*:*:*", Ids{"CVE-2021-44228"}));
  EXPECT_FALSE(statement_applies(st({"cpe:2.3:a:acme:widget:1.0:*:*:*:*:*:*:*"}),
                                 "pkg:generic/widget@1.0", Ids{"CVE-2021-44228"}));
  EXPECT_FALSE(statement_applies(st({}), "pkg:npm/lodash@1", Ids{"CVE-2021-44228"}));
  EXPECT_FALSE(statement_applies(st({"pkg:npm/lodash"}), "not a purl", Ids{"CVE-2021-44228"}));
  // Second component matches.
  EXPECT_TRUE(
      statement_applies(st({"pkg:npm/a", "pkg:npm/b@2"}), "pkg:npm/b@2", Ids{"CVE-2021-44228"}));
}

}  // namespace
