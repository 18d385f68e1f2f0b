// The CRA service helpers: times as RFC 3339 or dates, stage names in both spellings, support
// periods from a release's dates (default end: release date + the product's support years).
#include <gtest/gtest.h>

#include "bulwark/service/cra_common.hpp"

namespace bulwark::service {
namespace {

TEST(CraCommon, TimesAndDates) {
  auto d = parse_time_or_date("2026-12-01");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_rfc3339(*d), "2026-12-01T00:00:00Z");
  auto t = parse_time_or_date("2026-12-01T10:00:00+01:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339(*t), "2026-12-01T09:00:00Z");
  EXPECT_FALSE(parse_time_or_date("2026-13-01"));
  EXPECT_FALSE(parse_time_or_date("yesterday"));
}

TEST(CraCommon, StagesInBothSpellings) {
  EXPECT_EQ(parse_stage("early-warning"), cra::Stage::kEarlyWarning);
  EXPECT_EQ(parse_stage("final_report"), cra::Stage::kFinalReport);
  EXPECT_EQ(parse_stage("notification"), cra::Stage::kNotification);
  EXPECT_FALSE(parse_stage("all"));
  EXPECT_EQ(stage_slug(cra::Stage::kFinalReport), "final-report");
}

TEST(CraCommon, SupportPeriodOfARelease) {
  portfolio::Product p;
  p.name = "acme-gateway";
  p.support_years = 5;
  portfolio::Release r;
  r.version = "3.2.0";
  auto none = support_period(p, r);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);  // not released
  r.released_at = "2026-03-02";
  auto def = support_period(p, r);
  ASSERT_TRUE(def && *def);
  EXPECT_EQ(format_rfc3339((*def)->end), "2031-03-02T00:00:00Z");
  r.support_end = "2029-03-02";
  r.support_rationale = "expected use: three years";
  auto set = support_period(p, r);
  ASSERT_TRUE(set && *set);
  EXPECT_EQ(format_rfc3339((*set)->end), "2029-03-02T00:00:00Z");
  EXPECT_EQ((*set)->rationale, "expected use: three years");
  r.support_end = "soon";
  auto bad = support_period(p, r);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("acme-gateway@3.2.0: support_end"), std::string::npos);
}

TEST(CraCommon, CategoryFromItemElseProductClass) {
  portfolio::Product p;
  p.cra_class = "important-2";
  portfolio::CraProduct facts;
  EXPECT_EQ(category_of(p, facts), cra::ProductCategory::kImportantClassII);
  facts.category_item = "AIV.1";
  EXPECT_EQ(category_of(p, facts), cra::ProductCategory::kCritical);
  p.cra_class = "default";
  facts.category_item.clear();
  EXPECT_EQ(category_of(p, facts), cra::ProductCategory::kDefault);
}

}  // namespace
}  // namespace bulwark::service
