#include "bulwark/cra/lifecycle.hpp"

#include <gtest/gtest.h>

namespace bulwark::cra {
namespace {

TimePoint at(const char* s) { return parse_rfc3339(s).value(); }

SupportPeriod period(const char* start, const char* end, std::string rationale = "") {
  return SupportPeriod{"acme-router", "2.1", at(start), at(end), std::move(rationale)};
}

TEST(CraLifecycle, RationaleRequiredUnderFiveYears) {
  EXPECT_TRUE(validate(period("2027-01-15T00:00:00Z", "2032-01-15T00:00:00Z")));  // exactly 5 y
  auto r = validate(period("2027-01-15T00:00:00Z", "2032-01-14T23:59:59Z"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("acme-router 2.1: rationale"), std::string::npos);
  EXPECT_NE(r.error().message.find("A13.8.min"), std::string::npos);
  EXPECT_TRUE(validate(period("2027-01-15T00:00:00Z", "2029-01-15T00:00:00Z",
                              "expected time in use is two years (seasonal device)")));
  EXPECT_FALSE(validate(period("2027-01-15T00:00:00Z", "2027-01-15T00:00:00Z", "x")));
  // Leap-day start: five calendar years end on Feb 28.
  EXPECT_FALSE(shorter_than_five_years(period("2028-02-29T00:00:00Z", "2033-02-28T00:00:00Z")));
}

TEST(CraLifecycle, SupportStatusWindow) {
  auto p = period("2027-01-01T00:00:00Z", "2032-01-01T00:00:00Z");
  EXPECT_EQ(support_status(p, at("2031-07-01T00:00:00Z")), SupportStatus::kSupported);   // 184 days
  EXPECT_EQ(support_status(p, at("2031-07-05T00:00:00Z")), SupportStatus::kEndingSoon);  // 180 days
  EXPECT_EQ(support_status(p, at("2032-01-01T00:00:00Z")), SupportStatus::kEnded);
  EXPECT_EQ(support_status(p, at("2031-07-01T00:00:00Z"), std::chrono::days(200)),
            SupportStatus::kEndingSoon);
  EXPECT_EQ(to_string(SupportStatus::kEndingSoon), "ending_soon");
}

TEST(CraLifecycle, EndOfSupportNotice) {
  auto p = period("2027-01-01T00:00:00Z", "2032-03-31T00:00:00Z");
  const std::string t = end_of_support_notice(
      p,
      EndOfSupportNoticeFacts{"ACME GmbH", "psirt@acme.example", "3.0", "https://acme.example/up"});
  EXPECT_NE(t.find("March 2032"), std::string::npos);
  EXPECT_NE(t.find("2032-03-31"), std::string::npos);
  EXPECT_NE(t.find("no further security updates"), std::string::npos);
  EXPECT_NE(t.find("unsupported software is a security risk"), std::string::npos);
  EXPECT_NE(t.find("Upgrade to the supported release 3.0 (https://acme.example/up)"),
            std::string::npos);
  EXPECT_NE(t.find("psirt@acme.example"), std::string::npos);
  EXPECT_EQ(support_end_month(p.end), "2032-03");
}

TEST(CraLifecycle, RetentionIsTheLongerOfTenYearsAndSupport) {
  EXPECT_EQ(format_rfc3339(retain_until(at("2027-06-01T00:00:00Z"), at("2032-01-01T00:00:00Z"))),
            "2037-06-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(retain_until(at("2027-06-01T00:00:00Z"), at("2040-01-01T00:00:00Z"))),
            "2040-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(retain_until(at("2028-02-29T12:00:00Z"), at("2030-01-01T00:00:00Z"))),
            "2038-02-28T12:00:00Z");
  EXPECT_EQ(format_rfc3339(
                documentation_retain_until(at("2027-12-11T00:00:00Z"), at("2035-01-01T00:00:00Z"))),
            "2037-12-11T00:00:00Z");
}

// ---- the one support-period rule of releases (release add, product show, cra support) ----

std::string date_of(TimePoint t) { return format_rfc3339(t).substr(0, 10); }

TEST(CraLifecycle, DefaultSupportEndIsAValidDateClampedToTheMonthEnd) {
  EXPECT_EQ(date_of(default_support_end(at("2024-02-29T00:00:00Z"))), "2029-02-28");
  EXPECT_EQ(date_of(default_support_end(at("2025-01-31T00:00:00Z"))), "2030-01-31");
  EXPECT_EQ(date_of(default_support_end(at("2025-08-31T00:00:00Z"))), "2030-08-31");
  EXPECT_EQ(date_of(default_support_end(at("2027-02-28T00:00:00Z"), 1)), "2028-02-28");
  EXPECT_EQ(date_of(default_support_end(at("2028-02-29T00:00:00Z"), 4)),
            "2032-02-29");  // a leap year again
  EXPECT_EQ(date_of(default_support_end(at("2026-03-02T00:00:00Z"))), "2031-03-02");
}

TEST(CraLifecycle, ReleaseOnALeapDayGetsTheClampedDefaultEndWithoutRationale) {
  auto p = checked_release_support_period("acme", "1.0", "2024-02-29", "", "", 5);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_TRUE(*p);
  EXPECT_EQ(date_of((*p)->end), "2029-02-28");
  EXPECT_FALSE(shorter_than_five_years(**p));
}

TEST(CraLifecycle, ReleasePeriodOfExactlyFiveYearsNeedsNoRationale) {
  EXPECT_TRUE(checked_release_support_period("acme", "1.0", "2026-03-02", "2031-03-02", "", 5));
  EXPECT_TRUE(checked_release_support_period("acme", "1.0", "2025-01-31", "2030-01-31", "", 5));
  EXPECT_TRUE(checked_release_support_period("acme", "1.0", "2025-08-31", "2030-08-31", "", 5));
  EXPECT_TRUE(checked_release_support_period("acme", "1.0", "2024-02-29", "2029-02-28", "", 5));
}

TEST(CraLifecycle, ReleasePeriodOneDayUnderFiveYearsNeedsARationale) {
  // 1,825 days: 2026-03-02 .. 2031-03-01 is one day short of five calendar years.
  for (auto [from, to] :
       {std::pair{"2026-03-02", "2031-03-01"}, std::pair{"2025-01-31", "2030-01-30"},
        std::pair{"2025-08-31", "2030-08-30"}, std::pair{"2024-02-29", "2029-02-27"}}) {
    auto r = checked_release_support_period("acme", "1.0", from, to, "", 5);
    ASSERT_FALSE(r) << from << " .. " << to;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(r.error().message.find("under five years"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("rationale"), std::string::npos) << r.error().message;
    EXPECT_TRUE(checked_release_support_period("acme", "1.0", from, to, "two-year field trial", 5))
        << from;
  }
  // The product's declared years give the default end: three years need a rationale too.
  EXPECT_FALSE(checked_release_support_period("acme", "1.0", "2026-03-02", "", "", 3));
}

TEST(CraLifecycle, ReleasePeriodErrorsNameTheFieldNeverAnOption) {
  auto bad_end = checked_release_support_period("acme", "1.0", "2026-03-02", "2031-02-30", "", 5);
  ASSERT_FALSE(bad_end);
  EXPECT_NE(bad_end.error().message.find("acme@1.0: support_end"), std::string::npos)
      << bad_end.error().message;
  auto bad_start = checked_release_support_period("acme", "1.0", "March 2026", "", "", 5);
  ASSERT_FALSE(bad_start);
  EXPECT_NE(bad_start.error().message.find("acme@1.0: released_at"), std::string::npos)
      << bad_start.error().message;
  auto before = checked_release_support_period("acme", "1.0", "2026-03-02", "2025-03-02", "", 5);
  ASSERT_FALSE(before);
  for (const auto* e : {&bad_end, &bad_start, &before})
    EXPECT_EQ(e->error().message.find("--"), std::string::npos) << e->error().message;
  // No release date: nothing to check.
  auto none = checked_release_support_period("acme", "1.0", "", "", "", 5);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

}  // namespace
}  // namespace bulwark::cra
