// NVD cpeMatch criteria against component CPEs, and NVD configuration nodes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bulwark/cpe/cpe.hpp"

namespace cpe = bulwark::cpe;

namespace {

cpe::Cpe must(std::string_view text) {
  auto r = cpe::parse(text);
  EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error().message);
  return r ? *r : cpe::Cpe{};
}

cpe::Criterion crit(std::string_view text, cpe::VersionBounds b = {}, bool vulnerable = true) {
  return cpe::Criterion{must(text), std::move(b), vulnerable};
}

bool has(const std::string& s, std::string_view needle) {
  return s.find(needle) != std::string::npos;
}

const char* kOpenSsl111n = "cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*";

}  // namespace

TEST(CpeCriterion, ConcreteVersionMustBeEqual) {
  auto c = crit("cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*");
  auto r = cpe::match(c, must(kOpenSsl111n));
  EXPECT_TRUE(r.matched) << r.explanation;
  EXPECT_DOUBLE_EQ(r.confidence, 1.0);
  auto other = cpe::match(c, must("cpe:2.3:a:openssl:openssl:1.1.1t:*:*:*:*:*:*:*"));
  EXPECT_FALSE(other.matched);
  EXPECT_DOUBLE_EQ(other.confidence, 0.0);
  EXPECT_TRUE(has(other.explanation, "version")) << other.explanation;
  EXPECT_TRUE(has(other.explanation, "DISJOINT")) << other.explanation;
  // Component version unknown: criterion is only a SUBSET of it, no match (IR 7696).
  EXPECT_FALSE(cpe::match(c, must("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*")).matched);
}

TEST(CpeCriterion, GuessedTargetLowersConfidence) {
  auto r = cpe::match(crit(kOpenSsl111n), must(kOpenSsl111n), /*target_guessed=*/true);
  EXPECT_TRUE(r.matched);
  EXPECT_DOUBLE_EQ(r.confidence, 0.7);
  EXPECT_TRUE(has(r.explanation, "guessed")) << r.explanation;
}

TEST(CpeCriterion, AnyVersionWithBounds) {
  auto c = crit("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*",
                {.start_including = "1.1.1", .end_excluding = "1.1.1t"});
  auto in = cpe::match(c, must(kOpenSsl111n));
  EXPECT_TRUE(in.matched) << in.explanation;
  EXPECT_DOUBLE_EQ(in.confidence, 0.9);
  EXPECT_TRUE(has(in.explanation, "within versionStartIncluding 1.1.1, versionEndExcluding 1.1.1t"))
      << in.explanation;
  auto out = cpe::match(c, must("cpe:2.3:a:openssl:openssl:3.0.0:*:*:*:*:*:*:*"));
  EXPECT_FALSE(out.matched);
  EXPECT_TRUE(has(out.explanation, "outside")) << out.explanation;
  // Unknown component version: matched, but with low confidence.
  auto unknown = cpe::match(c, must("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*"));
  EXPECT_TRUE(unknown.matched);
  EXPECT_DOUBLE_EQ(unknown.confidence, 0.3);
  // NA and wildcard component versions cannot lie in bounds.
  EXPECT_FALSE(cpe::match(c, must("cpe:2.3:a:openssl:openssl:-:*:*:*:*:*:*:*")).matched);
  EXPECT_FALSE(cpe::match(c, must("cpe:2.3:a:openssl:openssl:1.1.*:*:*:*:*:*:*:*")).matched);
  // Unparsable bound: not matched, the explanation names the bound.
  auto bad = cpe::match(crit("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", {.end_excluding = "-"}),
                        must(kOpenSsl111n));
  EXPECT_FALSE(bad.matched);
  EXPECT_TRUE(has(bad.explanation, "versionEndExcluding")) << bad.explanation;
}

TEST(CpeCriterion, AnyVersionWithoutBoundsIsLowConfidence) {
  auto r = cpe::match(crit("cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*"),
                      must("cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*"));
  EXPECT_TRUE(r.matched);
  EXPECT_DOUBLE_EQ(r.confidence, 0.3);
  EXPECT_TRUE(has(r.explanation, "every version")) << r.explanation;
}

TEST(CpeCriterion, NaVersion) {
  auto c = crit("cpe:2.3:h:acme:router:-:*:*:*:*:*:*:*");
  EXPECT_TRUE(cpe::match(c, must("cpe:2.3:h:acme:router:-:*:*:*:*:*:*:*")).matched);
  EXPECT_FALSE(cpe::match(c, must("cpe:2.3:h:acme:router:*:*:*:*:*:*:*:*")).matched);
  EXPECT_FALSE(cpe::match(c, must("cpe:2.3:h:acme:router:1.0:*:*:*:*:*:*:*")).matched);
}

TEST(CpeCriterion, OtherAttributesMustBeSupersetOrEqual) {
  auto c = crit("cpe:2.3:a:jenkins:git:*:*:*:*:*:jenkins:*:*", {.end_including = "4.11.3"});
  auto plugin = must("cpe:2.3:a:jenkins:git:4.11.0:*:*:*:*:jenkins:*:*");
  EXPECT_TRUE(cpe::match(c, plugin).matched);
  auto r = cpe::match(c, must("cpe:2.3:a:jenkins:git:4.11.0:*:*:*:*:*:*:*"));
  EXPECT_FALSE(r.matched);  // target_sw jenkins vs ANY is SUBSET
  EXPECT_TRUE(has(r.explanation, "target_sw")) << r.explanation;
  auto vendor = cpe::match(c, must("cpe:2.3:a:git-scm:git:2.40.0:*:*:*:*:*:*:*"));
  EXPECT_FALSE(vendor.matched);
  EXPECT_TRUE(has(vendor.explanation, "vendor")) << vendor.explanation;
}

TEST(CpeConfiguration, SingleOrNode) {
  cpe::Node n{"OR",
              false,
              {crit("cpe:2.3:a:curl:curl:*:*:*:*:*:*:*:*", {.end_excluding = "8.0.0"}),
               crit("cpe:2.3:a:haxx:libcurl:*:*:*:*:*:*:*:*", {.end_excluding = "8.0.0"})}};
  EXPECT_TRUE(
      cpe::evaluate_configuration({n}, "", {must("cpe:2.3:a:curl:curl:7.88.1:*:*:*:*:*:*:*")}));
  EXPECT_FALSE(
      cpe::evaluate_configuration({n}, "", {must("cpe:2.3:a:curl:curl:8.0.0:*:*:*:*:*:*:*")}));
  EXPECT_FALSE(cpe::evaluate_configuration({n}, "OR", {}));
  EXPECT_FALSE(
      cpe::evaluate_configuration({}, "OR", {must("cpe:2.3:a:curl:curl:7.88.1:*:*:*:*:*:*:*")}));
}

TEST(CpeConfiguration, AndNodeNeedsEveryCriterion) {
  cpe::Node n{"AND",
              false,
              {crit("cpe:2.3:a:acme:server:1.0:*:*:*:*:*:*:*"),
               crit("cpe:2.3:a:acme:plugin:2.0:*:*:*:*:*:*:*")}};
  std::vector<cpe::Cpe> both{must("cpe:2.3:a:acme:server:1.0:*:*:*:*:*:*:*"),
                             must("cpe:2.3:a:acme:plugin:2.0:*:*:*:*:*:*:*")};
  EXPECT_TRUE(cpe::evaluate_configuration({n}, "OR", both));
  EXPECT_FALSE(cpe::evaluate_configuration({n}, "OR", {both[0]}));
}

TEST(CpeConfiguration, RunningOnPlatform) {
  // AND( OR(vulnerable app), OR(non-vulnerable platform "running on windows") )
  cpe::Node app{
      "OR", false, {crit("cpe:2.3:a:acme:agent:*:*:*:*:*:*:*:*", {.end_excluding = "3.2"})}};
  cpe::Node platform{"OR", false, {crit("cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*", {}, false)}};
  const std::vector<cpe::Node> nodes{app, platform};
  auto agent = must("cpe:2.3:a:acme:agent:3.1:*:*:*:*:*:*:*");

  // Component-only SBOM: the platform cannot be proven; assumed with lower confidence.
  auto assumed = cpe::evaluate_configuration_detailed(nodes, "AND", {agent});
  EXPECT_TRUE(assumed.satisfied) << assumed.explanation;
  EXPECT_DOUBLE_EQ(assumed.confidence, 0.9 * 0.6);
  EXPECT_TRUE(has(assumed.explanation, "assumed")) << assumed.explanation;

  // The product names its platform: Windows satisfies it outright ...
  auto windows = must("cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*");
  auto proven = cpe::evaluate_configuration_detailed(nodes, "AND", {agent, windows});
  EXPECT_TRUE(proven.satisfied) << proven.explanation;
  EXPECT_DOUBLE_EQ(proven.confidence, 0.9);
  // ... and Linux rules it out.
  auto linux_os = must("cpe:2.3:o:linux:linux_kernel:5.10.190:*:*:*:*:*:*:*");
  auto other = cpe::evaluate_configuration_detailed(nodes, "AND", {agent, linux_os});
  EXPECT_FALSE(other.satisfied) << other.explanation;
  // Vulnerable part absent: never satisfied, even with the platform present.
  auto fixed = must("cpe:2.3:a:acme:agent:3.2:*:*:*:*:*:*:*");
  EXPECT_FALSE(cpe::evaluate_configuration(nodes, "AND", {fixed, windows}));
  // A platform node alone proves nothing vulnerable.
  EXPECT_FALSE(cpe::evaluate_configuration({platform}, "OR", {windows}));
}

TEST(CpeConfiguration, NegateAndUnknownOperators) {
  cpe::Node app{"OR", false, {crit("cpe:2.3:a:acme:agent:3.1:*:*:*:*:*:*:*")}};
  cpe::Node not_beta{"OR", true, {crit("cpe:2.3:a:acme:beta_addon:*:*:*:*:*:*:*:*")}};
  auto agent = must("cpe:2.3:a:acme:agent:3.1:*:*:*:*:*:*:*");
  auto addon = must("cpe:2.3:a:acme:beta_addon:1:*:*:*:*:*:*:*");
  EXPECT_TRUE(cpe::evaluate_configuration({app, not_beta}, "AND", {agent}));
  EXPECT_FALSE(cpe::evaluate_configuration({app, not_beta}, "AND", {agent, addon}));
  auto bad = cpe::evaluate_configuration_detailed({app}, "XOR", {agent});
  EXPECT_FALSE(bad.satisfied);
  EXPECT_TRUE(has(bad.explanation, "XOR")) << bad.explanation;
  cpe::Node weird{"NAND", false, app.matches};
  EXPECT_FALSE(cpe::evaluate_configuration({weird}, "OR", {agent}));
}
