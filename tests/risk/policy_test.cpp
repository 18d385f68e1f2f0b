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

}  // namespace
}  // namespace bulwark::risk
