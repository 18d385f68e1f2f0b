#include "bulwark/cra/case.hpp"

#include <fmt/format.h>

#include "bulwark/core/text.hpp"

namespace bulwark::cra {

namespace {
constexpr std::array<std::string_view, 4> kStatusNames = {"proposed", "confirmed", "dismissed",
                                                          "closed"};

std::string who(const Case& c) { return c.id.empty() ? std::string("case") : "case " + c.id; }

Result<void> require_actor(const Case& c, const std::string& actor) {
  if (trim(actor).empty()) return invalid_input(who(c) + ": actor: must not be empty");
  return {};
}

Case with_event(Case c, TimePoint now, const std::string& actor, std::string action,
                std::string detail) {
  c.audit.push_back(AuditEvent{now, actor, std::move(action), std::move(detail)});
  return c;
}

bool any_submitted(const Case& c) {
  return c.early_warning.status == StageStatus::kSubmitted ||
         c.notification.status == StageStatus::kSubmitted ||
         c.final_report.status == StageStatus::kSubmitted;
}

Result<void> check_submission(const Case& c, Stage stage, TimePoint at, TimePoint now) {
  const std::string what = fmt::format("{}: {}", who(c), to_string(stage));
  if (c.status != CaseStatus::kConfirmed)
    return conflict(fmt::format("{}: cannot submit while the case is {} (confirm it first)", what,
                                to_string(c.status)));
  if (stage_record(c, stage).status == StageStatus::kSubmitted)
    return conflict(what + ": already submitted");
  if (stage == Stage::kFinalReport && c.notification.status != StageStatus::kSubmitted)
    return conflict(what + ": the notification must be submitted before the final report");
  if (at > now)
    return invalid_input(fmt::format("{}: submitted_at {} is in the future (now {})", what,
                                     format_rfc3339(at), format_rfc3339(now)));
  if (at < c.aware_at)
    return invalid_input(fmt::format("{}: submitted_at {} is before awareness {}", what,
                                     format_rfc3339(at), format_rfc3339(c.aware_at)));
  return {};
}
}  // namespace

std::string_view to_string(CaseStatus s) { return kStatusNames[static_cast<std::size_t>(s)]; }
std::string_view to_string(StageStatus s) {
  return s == StageStatus::kDraft ? "draft" : "submitted";
}
std::optional<CaseStatus> case_status_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == s) return static_cast<CaseStatus>(i);
  return std::nullopt;
}
std::optional<StageStatus> stage_status_from_string(std::string_view s) {
  if (s == "draft") return StageStatus::kDraft;
  if (s == "submitted") return StageStatus::kSubmitted;
  return std::nullopt;
}

const StageRecord& stage_record(const Case& c, Stage s) {
  switch (s) {
    case Stage::kEarlyWarning:
      return c.early_warning;
    case Stage::kNotification:
      return c.notification;
    case Stage::kFinalReport:
      break;
  }
  return c.final_report;
}
StageRecord& stage_record(Case& c, Stage s) {
  return const_cast<StageRecord&>(stage_record(static_cast<const Case&>(c), s));
}

ClockInput clock_input(const Case& c) {
  return ClockInput{c.kind, c.aware_at, c.corrective_measure_at, c.notification.submitted_at};
}

std::array<StageClock, 3> stage_clocks(const Case& c, TimePoint now,
                                       std::chrono::seconds due_soon_window) {
  const Submissions sub = {c.early_warning.submitted_at, c.notification.submitted_at,
                           c.final_report.submitted_at};
  return stage_clocks(clock_input(c), sub, now, due_soon_window);
}

Result<Case> confirm(Case c, const std::string& actor, TimePoint now) {
  if (auto ok = require_actor(c, actor); !ok) return std::unexpected(ok.error());
  if (c.status != CaseStatus::kProposed)
    return conflict(fmt::format("{}: cannot confirm a {} case", who(c), to_string(c.status)));
  if (c.aware_at > now)
    return invalid_input(fmt::format("{}: aware_at {} is in the future (now {})", who(c),
                                     format_rfc3339(c.aware_at), format_rfc3339(now)));
  c.status = CaseStatus::kConfirmed;
  c.confirmed_by = actor;
  c.confirmed_at = now;
  return with_event(std::move(c), now, actor, "confirm", "");
}

Result<Case> dismiss(Case c, const std::string& actor, const std::string& reason, TimePoint now) {
  if (auto ok = require_actor(c, actor); !ok) return std::unexpected(ok.error());
  if (c.status != CaseStatus::kProposed && c.status != CaseStatus::kConfirmed)
    return conflict(fmt::format("{}: cannot dismiss a {} case", who(c), to_string(c.status)));
  if (any_submitted(c))
    return conflict(who(c) + ": cannot dismiss: a report stage was already submitted");
  const std::string_view r = trim(reason);
  if (r.empty()) return invalid_input(who(c) + ": dismiss_reason: a reason is required");
  c.status = CaseStatus::kDismissed;
  c.dismissed_by = actor;
  c.dismissed_at = now;
  c.dismiss_reason = std::string(r);
  c.dismissed_not_exploitable = equals_icase(r, kReasonNotExploitable);
  const char* action = c.dismissed_not_exploitable ? "dismiss_not_exploitable" : "dismiss";
  return with_event(std::move(c), now, actor, action, std::string(r));
}

Result<Case> submit_stage(Case c, Stage stage, const std::string& actor, TimePoint submitted_at,
                          const std::string& reference, TimePoint now) {
  if (auto ok = require_actor(c, actor); !ok) return std::unexpected(ok.error());
  if (auto ok = check_submission(c, stage, submitted_at, now); !ok)
    return std::unexpected(ok.error());
  StageRecord& rec = stage_record(c, stage);
  rec.status = StageStatus::kSubmitted;
  rec.submitted_at = submitted_at;
  rec.reference = reference;
  rec.submitted_by = actor;
  std::string detail =
      fmt::format("{} submitted at {}", stage_id(c.kind, stage), format_rfc3339(submitted_at));
  if (!reference.empty()) detail += " (reference " + reference + ")";
  return with_event(std::move(c), now, actor, fmt::format("submit_{}", to_string(stage)),
                    std::move(detail));
}

Result<Case> record_corrective_measure(Case c, const std::string& actor, TimePoint at,
                                       const std::string& description, TimePoint now) {
  if (auto ok = require_actor(c, actor); !ok) return std::unexpected(ok.error());
  if (c.status == CaseStatus::kDismissed || c.status == CaseStatus::kClosed)
    return conflict(fmt::format("{}: cannot record a corrective measure on a {} case", who(c),
                                to_string(c.status)));
  if (trim(description).empty())
    return invalid_input(who(c) + ": corrective_measure: a description is required");
  if (at > now)
    return invalid_input(fmt::format("{}: corrective_measure_at {} is in the future (now {})",
                                     who(c), format_rfc3339(at), format_rfc3339(now)));
  c.corrective_measure_at = at;
  c.corrective_measure = std::string(trim(description));
  std::string detail = fmt::format("available at {}: {}", format_rfc3339(at), c.corrective_measure);
  return with_event(std::move(c), now, actor, "record_corrective_measure", std::move(detail));
}

Result<Case> close(Case c, const std::string& actor, TimePoint now) {
  if (auto ok = require_actor(c, actor); !ok) return std::unexpected(ok.error());
  if (c.status != CaseStatus::kConfirmed)
    return conflict(fmt::format("{}: cannot close a {} case", who(c), to_string(c.status)));
  if (c.final_report.status != StageStatus::kSubmitted)
    return conflict(who(c) + ": cannot close before the final report is submitted");
  c.status = CaseStatus::kClosed;
  c.closed_by = actor;
  c.closed_at = now;
  return with_event(std::move(c), now, actor, "close", "");
}

}  // namespace bulwark::cra
