#include "bulwark/cra/clock.hpp"

namespace bulwark::cra {

namespace {
using std::chrono::days;
using std::chrono::hours;

constexpr std::array<std::string_view, 3> kStageNames = {"early_warning", "notification",
                                                         "final_report"};
constexpr std::array<std::string_view, 3> kAevIds = {"A14.AEV.EW", "A14.AEV.VN", "A14.AEV.FR"};
constexpr std::array<std::string_view, 3> kSiIds = {"A14.SI.EW", "A14.SI.IN", "A14.SI.FR"};

std::size_t index_of(Stage s) { return static_cast<std::size_t>(s); }

StageState state_of(const std::optional<TimePoint>& due, const std::optional<TimePoint>& submitted,
                    TimePoint now, std::chrono::seconds window) {
  if (submitted)
    return (due && *submitted > *due) ? StageState::kSubmittedLate : StageState::kSubmitted;
  if (!due) return StageState::kNotDue;
  if (now > *due) return StageState::kOverdue;
  if (*due - now <= window) return StageState::kDueSoon;
  return StageState::kNotDue;
}
}  // namespace

std::string_view to_string(CaseKind k) {
  return k == CaseKind::kVulnerability ? "vulnerability" : "severe_incident";
}
std::string_view to_string(Stage s) { return kStageNames[index_of(s)]; }

std::optional<CaseKind> case_kind_from_string(std::string_view s) {
  if (s == "vulnerability") return CaseKind::kVulnerability;
  if (s == "severe_incident") return CaseKind::kSevereIncident;
  return std::nullopt;
}
std::optional<Stage> stage_from_string(std::string_view s) {
  for (Stage st : kAllStages)
    if (to_string(st) == s) return st;
  return std::nullopt;
}

std::string_view stage_id(CaseKind kind, Stage stage) {
  return kind == CaseKind::kVulnerability ? kAevIds[index_of(stage)] : kSiIds[index_of(stage)];
}

std::string_view to_string(StageState s) {
  switch (s) {
    case StageState::kNotDue:
      return "not_due";
    case StageState::kDueSoon:
      return "due_soon";
    case StageState::kOverdue:
      return "overdue";
    case StageState::kSubmitted:
      return "submitted";
    case StageState::kSubmittedLate:
      return "submitted_late";
  }
  return "not_due";
}

TimePoint add_calendar_months(TimePoint t, int months) {
  using namespace std::chrono;
  const auto day_point = floor<days>(t);
  const auto time_of_day = t - day_point;
  year_month_day ymd{sys_days{day_point}};
  const year_month target = year_month{ymd.year(), ymd.month()} + std::chrono::months{months};
  const auto last = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
  const day d = ymd.day() > last ? last : ymd.day();
  return TimePoint{sys_days{target / d}} + time_of_day;
}

Deadlines compute_deadlines(const ClockInput& in) {
  Deadlines d;
  d.early_warning = in.aware_at + hours(24);
  d.notification = in.aware_at + hours(72);
  if (in.kind == CaseKind::kVulnerability) {
    if (in.corrective_measure_at) d.final_report = *in.corrective_measure_at + days(14);
  } else if (in.notification_submitted_at) {
    d.final_report = add_calendar_months(*in.notification_submitted_at, 1);
  }
  return d;
}

std::array<StageClock, 3> stage_clocks(const ClockInput& in, const Submissions& submitted,
                                       TimePoint now, std::chrono::seconds window) {
  ClockInput input = in;
  if (!input.notification_submitted_at) input.notification_submitted_at = submitted[1];
  const Deadlines d = compute_deadlines(input);
  const std::array<std::optional<TimePoint>, 3> dues = {d.early_warning, d.notification,
                                                        d.final_report};
  std::array<StageClock, 3> out;
  for (Stage s : kAllStages) {
    const std::size_t i = index_of(s);
    out[i] = StageClock{s, stage_id(in.kind, s), dues[i], submitted[i],
                        state_of(dues[i], submitted[i], now, window)};
  }
  return out;
}

}  // namespace bulwark::cra
