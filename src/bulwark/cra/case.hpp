// The Article 14 case: one actively exploited vulnerability (A14.1) or severe incident (A14.3)
// in one product, its decision (confirm / dismiss), its three reporting stages and its audit trail.
// Transitions are pure functions: they validate, return the updated case, and append one
// AuditEvent to Case::audit (the event a store persists). No storage, no CLI. A transition the
// case's state does not allow (confirm twice, submit before confirming...) fails with kConflict;
// bad arguments (empty actor, a time in the future) with kInvalidInput.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/cra/clock.hpp"

namespace bulwark::cra {

enum class CaseStatus { kProposed, kConfirmed, kDismissed, kClosed };
enum class StageStatus { kDraft, kSubmitted };

// "proposed", "confirmed", "dismissed", "closed"; "draft", "submitted".
std::string_view to_string(CaseStatus s);
std::string_view to_string(StageStatus s);
std::optional<CaseStatus> case_status_from_string(std::string_view s);
std::optional<StageStatus> stage_status_from_string(std::string_view s);

// The dismiss reason recorded specially (Commission guidance, digest §3: a component
// vulnerability not exploitable in the product is not an AEV contained in it).
inline constexpr std::string_view kReasonNotExploitable = "not exploitable in the product";

struct StageRecord {
  StageStatus status = StageStatus::kDraft;
  std::optional<TimePoint> submitted_at;
  std::string reference;  // e.g. the platform's submission reference
  std::string submitted_by;
};

struct AuditEvent {
  TimePoint time;
  std::string actor;
  std::string action;  // "confirm", "dismiss", "dismiss_not_exploitable", "submit_early_warning",
                       // "submit_notification", "submit_final_report", "record_corrective_measure",
                       // "close"
  std::string detail;
};

struct Case {
  std::string id;
  std::string product;
  std::vector<std::string> releases;           // affected releases
  std::vector<std::string> vulnerability_ids;  // kVulnerability: CVE/GHSA/... ids
  std::string incident_description;            // kSevereIncident
  CaseKind kind = CaseKind::kVulnerability;
  TimePoint aware_at;            // awareness: starts the clocks
  std::string exploited_source;  // e.g. "CISA KEV", "user"
  CaseStatus status = CaseStatus::kProposed;

  std::string confirmed_by;
  std::optional<TimePoint> confirmed_at;
  std::string dismissed_by;
  std::optional<TimePoint> dismissed_at;
  std::string dismiss_reason;
  bool dismissed_not_exploitable = false;  // reason was kReasonNotExploitable
  std::string closed_by;
  std::optional<TimePoint> closed_at;

  StageRecord early_warning, notification, final_report;
  std::optional<TimePoint> corrective_measure_at;  // when a fix or mitigation became available
  std::string corrective_measure;                  // what it is

  std::vector<AuditEvent> audit;  // one event per successful transition, oldest first
};

const StageRecord& stage_record(const Case& c, Stage s);
StageRecord& stage_record(Case& c, Stage s);

// Clock input and per-stage clocks of a case (see clock.hpp).
ClockInput clock_input(const Case& c);
std::array<StageClock, 3> stage_clocks(
    const Case& c, TimePoint now, std::chrono::seconds due_soon_window = kDefaultDueSoonWindow);

// proposed -> confirmed. Fails when the case is not proposed, the actor is empty, or awareness
// lies in the future of now.
Result<Case> confirm(Case c, const std::string& actor, TimePoint now);

// proposed|confirmed (nothing submitted yet) -> dismissed. The reason is mandatory; the reason
// kReasonNotExploitable (case-insensitive) sets dismissed_not_exploitable and is audited as
// "dismiss_not_exploitable".
Result<Case> dismiss(Case c, const std::string& actor, const std::string& reason, TimePoint now);

// Records a stage submission. Only on a confirmed case; each stage once; the final report only
// after the notification; submitted_at must not be before awareness nor after now.
Result<Case> submit_stage(Case c, Stage stage, const std::string& actor, TimePoint submitted_at,
                          const std::string& reference, TimePoint now);

// Records that a corrective or mitigating measure is available (starts the vulnerability
// final-report clock). Not on dismissed or closed cases; `at` not after now; description required.
Result<Case> record_corrective_measure(Case c, const std::string& actor, TimePoint at,
                                       const std::string& description, TimePoint now);

// confirmed -> closed, once the final report is submitted.
Result<Case> close(Case c, const std::string& actor, TimePoint now);

}  // namespace bulwark::cra
