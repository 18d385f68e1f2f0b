#include "bulwark/cra/clock.hpp"

#include <gtest/gtest.h>

namespace bulwark::cra {
namespace {

TimePoint at(const char* s) {
  auto t = parse_rfc3339(s);
  EXPECT_TRUE(t.has_value()) << s;
  return t.value_or(TimePoint{});
}
std::string fmt(TimePoint t) { return format_rfc3339(t); }

TEST(CraClock, VulnerabilityDeadlinesFromAwareness) {
  ClockInput in{CaseKind::kVulnerability, at("2026-09-14T10:15:00Z"), std::nullopt, std::nullopt};
  Deadlines d = compute_deadlines(in);
  EXPECT_EQ(fmt(d.early_warning), "2026-09-15T10:15:00Z");
  EXPECT_EQ(fmt(d.notification), "2026-09-17T10:15:00Z");
  EXPECT_FALSE(d.final_report.has_value());  // no corrective measure yet
  in.corrective_measure_at = at("2026-09-20T08:00:00Z");
  d = compute_deadlines(in);
  ASSERT_TRUE(d.final_report);
  EXPECT_EQ(fmt(*d.final_report), "2026-10-04T08:00:00Z");
}

TEST(CraClock, SevereIncidentFinalReportIsOneCalendarMonthAfterNotification) {
  ClockInput in{CaseKind::kSevereIncident, at("2027-01-28T09:00:00Z"), std::nullopt, std::nullopt};
  EXPECT_FALSE(compute_deadlines(in).final_report.has_value());
  in.notification_submitted_at = at("2027-01-31T23:30:00Z");
  EXPECT_EQ(fmt(*compute_deadlines(in).final_report), "2027-02-28T23:30:00Z");  // clamped
  in.notification_submitted_at = at("2027-03-15T12:00:00Z");
  EXPECT_EQ(fmt(*compute_deadlines(in).final_report), "2027-04-15T12:00:00Z");
}

TEST(CraClock, CalendarMonthClampsAndLeapYears) {
  EXPECT_EQ(fmt(add_calendar_months(at("2028-01-31T00:00:00Z"), 1)), "2028-02-29T00:00:00Z");
  EXPECT_EQ(fmt(add_calendar_months(at("2026-01-31T00:00:00Z"), 1)), "2026-02-28T00:00:00Z");
  EXPECT_EQ(fmt(add_calendar_months(at("2026-03-31T06:00:00Z"), 1)), "2026-04-30T06:00:00Z");
  EXPECT_EQ(fmt(add_calendar_months(at("2026-12-31T22:00:00Z"), 1)), "2027-01-31T22:00:00Z");
  EXPECT_EQ(fmt(add_calendar_months(at("2028-02-29T12:00:00Z"), 12)), "2029-02-28T12:00:00Z");
  EXPECT_EQ(fmt(add_calendar_months(at("2028-02-29T12:00:00Z"), 48)), "2032-02-29T12:00:00Z");
}

TEST(CraClock, LeapDayAndYearEnd) {
  ClockInput in{CaseKind::kVulnerability, at("2028-02-28T20:00:00Z"), std::nullopt, std::nullopt};
  Deadlines d = compute_deadlines(in);
  EXPECT_EQ(fmt(d.early_warning), "2028-02-29T20:00:00Z");
  EXPECT_EQ(fmt(d.notification), "2028-03-02T20:00:00Z");
  in.aware_at = at("2026-12-31T23:59:59Z");
  in.corrective_measure_at = at("2026-12-25T00:00:00Z");
  d = compute_deadlines(in);
  EXPECT_EQ(fmt(d.early_warning), "2027-01-01T23:59:59Z");
  EXPECT_EQ(fmt(d.notification), "2027-01-03T23:59:59Z");
  EXPECT_EQ(fmt(*d.final_report), "2027-01-08T00:00:00Z");
}

TEST(CraClock, OffsetsAreConvertedToUtc) {
  ClockInput in{CaseKind::kVulnerability, at("2026-09-14T10:00:00+05:30"), std::nullopt,
                std::nullopt};
  EXPECT_EQ(fmt(compute_deadlines(in).early_warning), "2026-09-15T04:30:00Z");
  in.aware_at = at("2026-09-14T20:00:00-08:00");
  EXPECT_EQ(fmt(compute_deadlines(in).early_warning), "2026-09-16T04:00:00Z");
  EXPECT_EQ(fmt(compute_deadlines(in).notification), "2026-09-18T04:00:00Z");
}

TEST(CraClock, DstChangeIs24RealHours) {
  // Europe/Berlin leaves summer time on 2026-10-25 at 03:00 CEST -> 02:00 CET: 02:30 occurs twice.
  const TimePoint summer = at("2026-10-25T02:30:00+02:00");
  const TimePoint winter = at("2026-10-25T02:30:00+01:00");
  EXPECT_EQ(winter - summer, std::chrono::hours(1));
  ClockInput in{CaseKind::kVulnerability, summer, std::nullopt, std::nullopt};
  EXPECT_EQ(fmt(compute_deadlines(in).early_warning), "2026-10-26T00:30:00Z");  // 01:30 CET
  in.aware_at = winter;
  EXPECT_EQ(fmt(compute_deadlines(in).early_warning), "2026-10-26T01:30:00Z");  // 02:30 CET
  // Spring forward 2027-03-28 02:00 CET -> 03:00 CEST.
  in.aware_at = at("2027-03-28T01:30:00+01:00");
  EXPECT_EQ(compute_deadlines(in).early_warning - in.aware_at, std::chrono::hours(24));
  EXPECT_EQ(fmt(compute_deadlines(in).early_warning), "2027-03-29T00:30:00Z");  // 02:30 CEST
}

TEST(CraClock, StageStatesRelativeToNow) {
  ClockInput in{CaseKind::kVulnerability, at("2026-09-14T10:00:00Z"), std::nullopt, std::nullopt};
  Submissions none{};
  auto c = stage_clocks(in, none, at("2026-09-14T12:00:00Z"));
  EXPECT_EQ(c[0].state, StageState::kNotDue);  // 22 h left > 12 h window
  EXPECT_EQ(c[0].id, "A14.AEV.EW");
  EXPECT_EQ(c[1].id, "A14.AEV.VN");
  EXPECT_EQ(c[2].id, "A14.AEV.FR");
  EXPECT_EQ(c[2].state, StageState::kNotDue);
  EXPECT_FALSE(c[2].due.has_value());
  c = stage_clocks(in, none, at("2026-09-14T22:00:00Z"));
  EXPECT_EQ(c[0].state, StageState::kDueSoon);  // exactly 12 h left
  c = stage_clocks(in, none, at("2026-09-15T10:00:00Z"));
  EXPECT_EQ(c[0].state, StageState::kDueSoon);  // due exactly now
  c = stage_clocks(in, none, at("2026-09-15T10:00:01Z"));
  EXPECT_EQ(c[0].state, StageState::kOverdue);
  EXPECT_EQ(c[1].state, StageState::kNotDue);
  c = stage_clocks(in, none, at("2026-09-15T10:00:01Z"), std::chrono::hours(72));
  EXPECT_EQ(c[1].state, StageState::kDueSoon);  // configurable window
}

TEST(CraClock, SubmittedOnTimeVersusLate) {
  ClockInput in{CaseKind::kVulnerability, at("2026-09-14T10:00:00Z"), at("2026-09-20T00:00:00Z"),
                std::nullopt};
  Submissions sub{at("2026-09-15T10:00:00Z"), at("2026-09-17T10:00:01Z"),
                  at("2026-10-04T00:00:00Z")};
  auto c = stage_clocks(in, sub, at("2026-11-01T00:00:00Z"));
  EXPECT_EQ(c[0].state, StageState::kSubmitted);      // exactly at the due time
  EXPECT_EQ(c[1].state, StageState::kSubmittedLate);  // one second late
  EXPECT_EQ(c[2].state, StageState::kSubmitted);
  sub[2] = at("2026-10-04T00:00:01Z");
  EXPECT_EQ(stage_clocks(in, sub, at("2026-11-01T00:00:00Z"))[2].state, StageState::kSubmittedLate);
}

TEST(CraClock, SevereIncidentUsesSubmittedNotificationTime) {
  ClockInput in{CaseKind::kSevereIncident, at("2027-01-29T09:00:00Z"), std::nullopt, std::nullopt};
  Submissions sub{at("2027-01-30T08:00:00Z"), at("2027-01-31T09:00:00Z"), std::nullopt};
  auto c = stage_clocks(in, sub, at("2027-02-28T00:00:00Z"));
  EXPECT_EQ(c[0].id, "A14.SI.EW");
  EXPECT_EQ(c[1].id, "A14.SI.IN");
  EXPECT_EQ(c[2].id, "A14.SI.FR");
  ASSERT_TRUE(c[2].due);
  EXPECT_EQ(fmt(*c[2].due), "2027-02-28T09:00:00Z");
  EXPECT_EQ(c[2].state, StageState::kDueSoon);
  EXPECT_EQ(stage_clocks(in, sub, at("2027-02-28T09:00:01Z"))[2].state, StageState::kOverdue);
}

TEST(CraClock, Names) {
  EXPECT_EQ(to_string(StageState::kSubmittedLate), "submitted_late");
  EXPECT_EQ(stage_from_string("final_report"), Stage::kFinalReport);
  EXPECT_EQ(case_kind_from_string("severe_incident"), CaseKind::kSevereIncident);
  EXPECT_FALSE(stage_from_string("bogus").has_value());
}

}  // namespace
}  // namespace bulwark::cra
