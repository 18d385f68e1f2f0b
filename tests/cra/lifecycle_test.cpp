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
  EXPECT_EQ(support_status(p, at("2031-07-01T00:00:00Z")), SupportStatus::kSupported);  // 184 days
  EXPECT_EQ(support_status(p, at("2031-07-05T00:00:00Z")), SupportStatus::kEndingSoon);  // 180 days
  EXPECT_EQ(support_status(p, at("2032-01-01T00:00:00Z")), SupportStatus::kEnded);
  EXPECT_EQ(support_status(p, at("2031-07-01T00:00:00Z"), std::chrono::days(200)),
            SupportStatus::kEndingSoon);
  EXPECT_EQ(to_string(SupportStatus::kEndingSoon), "ending_soon");
}

TEST(CraLifecycle, EndOfSupportNotice) {
  auto p = period("2027-01-01T00:00:00Z", "2032-03-31T00:00:00Z");
  const std::string t = end_of_support_notice(
      p, EndOfSupportNoticeFacts{"ACME GmbH", "psirt@acme.example", "3.0", "https://acme.example/up"});
  EXPECT_NE(t.find("March 2032"), std::string::npos);
  EXPECT_NE(t.find("2032-03-31"), std::string::npos);
  EXPECT_NE(t.find("no further security updates"), std::string::npos);
  EXPECT_NE(t.find("unsupported software is a security risk"), std::string::npos);
  EXPECT_NE(t.find("Upgrade to the supported release 3.0 (https://acme.example/up)"), std::string::npos);
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
  EXPECT_EQ(format_rfc3339(documentation_retain_until(at("2027-12-11T00:00:00Z"),
                                                      at("2035-01-01T00:00:00Z"))),
            "2037-12-11T00:00:00Z");
}

}  // namespace
}  // namespace bulwark::cra
