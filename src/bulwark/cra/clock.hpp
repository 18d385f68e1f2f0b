// Article 14 reporting clocks (digest IDs A14.AEV.* for actively exploited vulnerabilities,
// A14.SI.* for severe incidents). Pure functions over UTC time points; inputs given with offsets
// are converted by parse_rfc3339, so "24 h" is always 24 real (elapsed) hours, whatever daylight
// saving time does locally. See docs/cra.md for the edge cases.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string_view>

#include "bulwark/core/clock.hpp"

namespace bulwark::cra {

// What an Article 14 case is about: an actively exploited vulnerability (Art 14(1)) or a severe
// incident having an impact on the security of the product (Art 14(3), DEF.SEVERE).
enum class CaseKind { kVulnerability, kSevereIncident };

// The three reporting stages, in order.
enum class Stage { kEarlyWarning, kNotification, kFinalReport };
inline constexpr std::array<Stage, 3> kAllStages = {Stage::kEarlyWarning, Stage::kNotification,
                                                    Stage::kFinalReport};

// "vulnerability" / "severe_incident"; "early_warning" / "notification" / "final_report".
std::string_view to_string(CaseKind k);
std::string_view to_string(Stage s);
std::optional<CaseKind> case_kind_from_string(std::string_view s);
std::optional<Stage> stage_from_string(std::string_view s);

// The digest ID of a stage: A14.AEV.EW / A14.AEV.VN / A14.AEV.FR or A14.SI.EW / A14.SI.IN /
// A14.SI.FR.
std::string_view stage_id(CaseKind kind, Stage stage);

// The facts the clocks run on.
struct ClockInput {
  CaseKind kind = CaseKind::kVulnerability;
  TimePoint aware_at;                                  // when the manufacturer became aware
  std::optional<TimePoint> corrective_measure_at;      // vulnerability: measure available
  std::optional<TimePoint> notification_submitted_at;  // severe incident: notification submitted
};

// Due times. early warning = aware + 24 h; notification = aware + 72 h; final report =
// corrective measure + 14 days (vulnerability; absent until a measure exists) or notification
// submitted + 1 calendar month in UTC (severe incident; absent until submitted; the day is clamped
// to the month's last day: Jan 31 -> Feb 28/29).
struct Deadlines {
  TimePoint early_warning;
  TimePoint notification;
  std::optional<TimePoint> final_report;
};
Deadlines compute_deadlines(const ClockInput& in);

// Adds calendar months in UTC, keeping the time of day and clamping the day to the target
// month's last day (2026-01-31 + 1 -> 2026-02-28; 2028-01-31 + 1 -> 2028-02-29).
TimePoint add_calendar_months(TimePoint t, int months);

enum class StageState {
  kNotDue,         // due later than the warning window, or no due time yet
  kDueSoon,        // due within the warning window
  kOverdue,        // due time passed, not submitted
  kSubmitted,      // submitted on or before the due time (or no due time existed)
  kSubmittedLate,  // submitted after the due time
};
// "not_due", "due_soon", "overdue", "submitted", "submitted_late".
std::string_view to_string(StageState s);

struct StageClock {
  Stage stage = Stage::kEarlyWarning;
  std::string_view id;           // digest ID (stage_id)
  std::optional<TimePoint> due;  // absent: the final-report clock has not started
  std::optional<TimePoint> submitted_at;
  StageState state = StageState::kNotDue;
};

// Submission times per stage, indexed by Stage (early warning, notification, final report).
using Submissions = std::array<std::optional<TimePoint>, 3>;

inline constexpr std::chrono::seconds kDefaultDueSoonWindow = std::chrono::hours(12);

// Per stage: the due time and its state relative to `now`. A stage due exactly at `now` is due
// soon (not yet overdue); a submission exactly at the due time is on time. When the severe
// incident's notification is submitted, its time is taken from `submitted` if `in` lacks it.
std::array<StageClock, 3> stage_clocks(
    const ClockInput& in, const Submissions& submitted, TimePoint now,
    std::chrono::seconds due_soon_window = kDefaultDueSoonWindow);

}  // namespace bulwark::cra
