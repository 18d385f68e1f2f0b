#include <gtest/gtest.h>

#include "bulwark/risk/policy.hpp"

namespace bulwark::risk {
namespace {

Assessment run(const Signals& s, const Policy& p = default_policy()) {
  auto a = assess(p, s, "2026-11-29");
  EXPECT_TRUE(a.has_value()) << (a ? "" : a.error().message);
  return a ? *a : Assessment{};
}

TEST(RiskPolicy, DefaultRules) {
  Signals kev;
  kev.kev = true;
  kev.cvss = 3.1;
  auto a = run(kev);
  EXPECT_EQ(a.priority, Priority::kP0);
  EXPECT_TRUE(a.article14_candidate);
  EXPECT_EQ(a.fix_by, "2026-12-06");

  Signals crit;
  crit.cvss = 9.8;
  EXPECT_EQ(run(crit).priority, Priority::kP1);
  EXPECT_EQ(run(crit).fix_by, "2026-12-13");
  EXPECT_FALSE(run(crit).article14_candidate);

  Signals likely;
  likely.cvss = 7.5;
  likely.epss = 0.2;
  EXPECT_EQ(run(likely).priority, Priority::kP1);
  likely.epss = 0.01;
  EXPECT_EQ(run(likely).priority, Priority::kP2);

  Signals medium;
  medium.cvss = 5.0;
  EXPECT_EQ(run(medium).priority, Priority::kP3);
  Signals unknown;
  EXPECT_EQ(run(unknown).priority, Priority::kP3);
  EXPECT_EQ(run(unknown).reason, "no CVSS score known");
  Signals low;
  low.cvss = 2.0;
  EXPECT_EQ(run(low).priority, Priority::kP4);
  EXPECT_EQ(run(low).fix_by, "2027-05-28");
}

TEST(RiskPolicy, ProductClassRaisesButNeverToP0) {
  Signals s;
  s.cvss = 9.8;
  s.product_class = ProductClass::kCritical;
  EXPECT_EQ(run(s).priority, Priority::kP1);  // already P1: floor without exploitation
  s.cvss = 7.5;
  auto a = run(s);
  EXPECT_EQ(a.priority, Priority::kP1);
  EXPECT_NE(a.reason.find("raised"), std::string::npos);
  s.product_class = ProductClass::kImportantI;
  EXPECT_EQ(run(s).priority, Priority::kP2);
}

TEST(RiskPolicy, DatesAcrossMonthAndLeapYear) {
  EXPECT_EQ(*add_days("2028-02-28", 1), "2028-02-29");
  EXPECT_EQ(*add_days("2027-02-28", 1), "2027-03-01");
  EXPECT_EQ(*add_days("2026-12-31", 1), "2027-01-01");
  EXPECT_FALSE(add_days("2026-02-30", 1).has_value());
  EXPECT_FALSE(add_days("yesterday", 1).has_value());
}

TEST(RiskPolicy, YamlPolicy) {
  auto p = parse_policy(R"(
deadlines: {P0: 2, P3: 60}
class_raise: {important-1: 1}
rules:
  - {name: ransomware, priority: P0, when: {ransomware: true}}
  - {name: hot, priority: P1, when: {epss_percentile_min: 0.95}}
  - {name: rest, priority: P3}
)",
                        "policy.yaml");
  ASSERT_TRUE(p.has_value()) << p.error().message;
  Signals s;
  s.ransomware = true;
  EXPECT_EQ(run(s, *p).priority, Priority::kP0);
  EXPECT_EQ(run(s, *p).fix_by, "2026-12-01");
  Signals hot;
  hot.epss_percentile = 0.97;
  EXPECT_EQ(run(hot, *p).reason, "hot");
  Signals rest;
  rest.cvss = 10.0;  // the user's rules replace the defaults entirely
  EXPECT_EQ(run(rest, *p).priority, Priority::kP3);
  EXPECT_EQ(run(rest, *p).fix_by, "2027-01-28");
}

TEST(RiskPolicy, YamlErrorsNameLineAndKey) {
  auto bad = parse_policy("rules:\n  - {priority: P9}\n", "p.yaml");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("p.yaml:2"), std::string::npos) << bad.error().message;
  auto unknown = parse_policy("rules:\n  - {priority: P1, when: {cvss_max: 3}}\n", "p.yaml");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message.find("cvss_max"), std::string::npos);
  auto syntax = parse_policy("rules: [\n", "p.yaml");
  EXPECT_FALSE(syntax.has_value());
  auto key = parse_policy("deadline: {P0: 1}\n", "p.yaml");
  ASSERT_FALSE(key.has_value());
  EXPECT_NE(key.error().message.find("unknown key"), std::string::npos);
}

// ---- exposure (docs/risk-policy.md "Exposure") ----

Reach behind(std::string kind, std::string exposure, Need need) {
  Reach r;
  r.component = "express";
  r.revision = 3;
  r.interfaces.push_back(
      {"web-ui", std::move(kind), std::move(exposure), "credentials", "confidentiality", need});
  return r;
}

Reach unreachable() {
  Reach r;
  r.component = "zlib";
  r.revision = 3;
  r.unreachable = "stated unreachable in assessment revision 3: build-time only";
  return r;
}

TEST(RiskExposure, RaisedBehindAnExposedNetworkInterfaceCarryingAHighAsset) {
  Signals s;
  s.cvss = 7.5;  // P2
  const Reach r = behind("network", "internet", Need::kHigh);
  s.reach = &r;
  auto a = run(s);
  EXPECT_EQ(a.priority, Priority::kP1);
  EXPECT_EQ(a.reason,
            "CVSS >= 7.0; raised 1: express behind interface web-ui (network, internet) carrying "
            "asset credentials (confidentiality high)");
  EXPECT_EQ(a.fix_by, "2026-12-13");  // the deadline follows the adjusted priority
  const Reach lan = behind("api", "lan", Need::kHigh);
  s.reach = &lan;
  EXPECT_EQ(run(s).priority, Priority::kP1);
}

TEST(RiskExposure, UnchangedBehindAnInterfaceThatDoesNotQualify) {
  Signals s;
  s.cvss = 7.5;
  for (const Reach& r : {behind("network", "internet", Need::kMedium),   // need below high
                         behind("local", "local", Need::kHigh),          // not a network kind
                         behind("network", "physical", Need::kHigh)}) {  // not exposed
    s.reach = &r;
    auto a = run(s);
    EXPECT_EQ(a.priority, Priority::kP2) << r.interfaces[0].kind << r.interfaces[0].exposure;
    EXPECT_EQ(a.reason, "CVSS >= 7.0");
  }
  Reach no_asset = behind("network", "internet", Need::kHigh);
  no_asset.interfaces[0].asset.clear();
  no_asset.interfaces[0].need = Need::kNone;
  s.reach = &no_asset;
  EXPECT_EQ(run(s).priority, Priority::kP2);
}

TEST(RiskExposure, TheHighestNeedOfSeveralInterfacesIsNamed) {
  Signals s;
  s.cvss = 5.0;  // P3
  Reach r = behind("network", "lan", Need::kMedium);
  r.interfaces.push_back({"mqtt", "network", "internet", "telemetry", "integrity", Need::kHigh});
  s.reach = &r;
  auto a = run(s);
  EXPECT_EQ(a.priority, Priority::kP2);
  EXPECT_NE(a.reason.find("interface mqtt (network, internet) carrying asset telemetry "
                          "(integrity high)"),
            std::string::npos)
      << a.reason;
}

TEST(RiskExposure, LoweredWhenBehindNoInterface) {
  Signals s;
  s.cvss = 7.5;
  const Reach r = unreachable();
  s.reach = &r;
  auto a = run(s);
  EXPECT_EQ(a.priority, Priority::kP3);
  EXPECT_EQ(a.reason,
            "CVSS >= 7.0; lowered 1: stated unreachable in assessment revision 3: build-time only");
  EXPECT_EQ(a.fix_by, "2027-02-27");
}

TEST(RiskExposure, KnownExploitedIsNeverLowered) {
  Signals s;
  s.kev = true;
  s.cvss = 10.0;
  const Reach r = unreachable();
  s.reach = &r;
  auto a = run(s);
  EXPECT_EQ(a.priority, Priority::kP0);
  EXPECT_TRUE(a.article14_candidate);
  EXPECT_EQ(a.reason,
            "known exploited (CISA KEV); not lowered although stated unreachable in assessment "
            "revision 3: build-time only: known exploited");
}

TEST(RiskExposure, BoundsP0AndP4) {
  Signals top;
  top.kev = true;  // P0 already
  const Reach exposed = behind("network", "internet", Need::kHigh);
  top.reach = &exposed;
  auto a = run(top);
  EXPECT_EQ(a.priority, Priority::kP0);
  EXPECT_EQ(a.reason, "known exploited (CISA KEV)");  // nothing happened, nothing said
  Signals critical;
  critical.cvss = 9.8;  // P1: raised to P0, the ceiling
  critical.reach = &exposed;
  EXPECT_EQ(run(critical).priority, Priority::kP0);

  Signals bottom;
  bottom.cvss = 2.0;  // P4 already
  const Reach none = unreachable();
  bottom.reach = &none;
  EXPECT_EQ(run(bottom).priority, Priority::kP4);
  EXPECT_EQ(run(bottom).reason, "CVSS < 4.0");

  Policy p = default_policy();
  p.exposure.lower = 4;  // P3 + 4 stops at P4 and says by how much it moved
  Signals medium;
  medium.cvss = 5.0;
  medium.reach = &none;
  EXPECT_EQ(run(medium, p).priority, Priority::kP4);
  EXPECT_EQ(run(medium, p).reason,
            "CVSS >= 4.0; lowered 1: stated unreachable in assessment revision 3: build-time "
            "only");
  p.exposure.raise = 4;
  medium.reach = &exposed;
  EXPECT_EQ(run(medium, p).priority, Priority::kP0);
  EXPECT_NE(run(medium, p).reason.find("raised 3: "), std::string::npos);
}

TEST(RiskExposure, NoReachNoChange) {
  Signals s;
  s.cvss = 7.5;
  auto a = run(s);
  EXPECT_EQ(a.priority, Priority::kP2);
  EXPECT_EQ(a.reason, "CVSS >= 7.0");
}

TEST(RiskExposure, AfterTheClassRaise) {
  Signals s;
  s.cvss = 7.5;
  s.product_class = ProductClass::kImportantII;  // P2 -> P1
  const Reach r = unreachable();
  s.reach = &r;
  auto a = run(s);
  EXPECT_EQ(a.priority, Priority::kP2);
  EXPECT_EQ(a.reason,
            "CVSS >= 7.0; raised for the product's CRA class; lowered 1: stated unreachable in "
            "assessment revision 3: build-time only");
}

TEST(RiskExposure, YamlOverride) {
  auto p = parse_policy(R"(
exposure:
  raise: 2
  lower: 0
  exposures: [Internet]
  kinds: [network]
  min_need: medium
)",
                        "policy.yaml");
  ASSERT_TRUE(p.has_value()) << p.error().message;
  EXPECT_EQ(p->exposure.exposures, std::vector<std::string>{"internet"});
  Signals s;
  s.cvss = 5.0;  // P3
  const Reach medium = behind("network", "internet", Need::kMedium);
  s.reach = &medium;
  EXPECT_EQ(run(s, *p).priority, Priority::kP1);
  const Reach lan = behind("network", "lan", Need::kHigh);  // lan no longer counts
  s.reach = &lan;
  EXPECT_EQ(run(s, *p).priority, Priority::kP3);
  const Reach api = behind("api", "internet", Need::kHigh);  // nor api
  s.reach = &api;
  EXPECT_EQ(run(s, *p).priority, Priority::kP3);
  const Reach none = unreachable();  // lowering turned off
  s.reach = &none;
  EXPECT_EQ(run(s, *p).priority, Priority::kP3);
  EXPECT_EQ(run(s, *p).reason, "CVSS >= 4.0");
  // Omitted keys keep the defaults.
  auto partial = parse_policy("exposure: {lower: 2}\n", "p.yaml");
  ASSERT_TRUE(partial.has_value()) << partial.error().message;
  EXPECT_EQ(partial->exposure.raise, 1);
  EXPECT_EQ(partial->exposure.min_need, Need::kHigh);
  EXPECT_EQ(partial->exposure.lower, 2);
}

TEST(RiskExposure, YamlErrorsNameTheKey) {
  auto expect_error = [](std::string_view yaml, std::string_view want) {
    auto p = parse_policy(yaml, "p.yaml");
    ASSERT_FALSE(p.has_value()) << yaml;
    EXPECT_NE(p.error().message.find(want), std::string::npos) << p.error().message;
  };
  expect_error("exposure: {raise: 5}\n", "p.yaml:1: exposure.raise: levels must be 0..4");
  expect_error("exposure: {lower: -1}\n", "exposure.lower: levels must be 0..4");
  expect_error("exposure: {lower: many}\n", "exposure.lower: wrong type");
  expect_error("exposure:\n  exposures: [internet, cloud]\n",
               "p.yaml:2: exposure.exposures[1]: 'cloud' is not one of internet, lan, local, "
               "physical");
  expect_error("exposure: {kinds: network}\n", "exposure.kinds: expected a list");
  expect_error("exposure: {kinds: [bus]}\n", "exposure.kinds[0]: 'bus' is not one of");
  expect_error("exposure: {min_need: critical}\n",
               "exposure.min_need: 'critical' is not a need (none, low, medium, high)");
  expect_error("exposure:\n  raise: 1\n  reach: 2\n", "p.yaml:3: exposure.reach: unknown key");
  expect_error("exposure: [1]\n", "exposure: expected a mapping");
}

}  // namespace
}  // namespace bulwark::risk
