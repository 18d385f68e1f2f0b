// Article 14 case use cases (bulwark cra case ..., cra deadlines; the server's case API): propose
// cases from KEV-listed findings, open a case by hand (an exploited vulnerability, or a severe
// incident with the Article 14(5) questionnaire), the transitions confirm / dismiss / fix /
// submit / close, show, list and the deadlines of open cases. Every write is one transaction of
// the CRA store: a refused request changes nothing. Errors: an unknown case is kNotFound; a
// transition the case's state refuses, or a case that exists already, kConflict.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/cra/case.hpp"
#include "bulwark/cra/report.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::service {

// ---- propose --------------------------------------------------------------------------------

struct ProposeRequest {
  std::string product;  // only this product; empty: every product
};

// For every released release, every open KEV-listed finding proposes a case (source "CISA KEV",
// awareness now, the alias group and every released release having it), unless the product has a
// case about the same vulnerability group already (whatever its status). Returns the new cases.
Result<std::vector<cra::Case>> propose_cases(portfolio::Store& store, portfolio::CraStore& cra,
                                             const ProposeRequest& request, const Clock& clock);

// ---- open -----------------------------------------------------------------------------------

// One Article 14(5) answer: "yes"/"y"/"true", "no"/"n"/"false", "unknown" or "" (not known).
// The error names the answer.
Result<std::optional<bool>> parse_answer(std::string_view text);

// The questionnaire from the four answers in the order affects-security, sensitive-data,
// malicious-code, unlawful (each as parse_answer takes it).
Result<cra::SevereIncidentQuestionnaire> questionnaire_from_answers(
    const std::array<std::string, 4>& answers);

struct OpenCaseRequest {
  std::string target;                              // "PRODUCT" or "PRODUCT@VERSION"
  std::vector<std::string> vulnerabilities;        // ids of one vulnerability, or
  std::string incident;                            // the description of a severe incident
  cra::SevereIncidentQuestionnaire questionnaire;  // severe incident only
  std::optional<TimePoint> aware_at;               // default: now; never after now
  std::string source = "user";                     // evidence of exploitation
  std::string actor;
};

struct OpenedCase {
  portfolio::StoredCase stored;
  std::optional<cra::SevereIncidentAssessment> assessment;  // severe incidents
};

// Opens a proposed case. A vulnerability case fails with kConflict when the product has a case
// for the same group; its releases are the given one, else every release with the finding. A
// severe incident assessed not severe is refused (kInvalidInput, nothing recorded); its releases
// are the given one, else every released release.
Result<OpenedCase> open_case(portfolio::Store& store, portfolio::CraStore& cra,
                             const OpenCaseRequest& request, const Clock& clock);

// ---- transitions ----------------------------------------------------------------------------

Result<portfolio::StoredCase> confirm_case(portfolio::CraStore& cra, const std::string& id,
                                           const std::string& actor, const Clock& clock);
Result<portfolio::StoredCase> dismiss_case(portfolio::CraStore& cra, const std::string& id,
                                           const std::string& actor, const std::string& reason,
                                           const Clock& clock);

struct FixRequest {
  std::string id, actor, description;
  std::optional<TimePoint> at;  // when the measure became available; default now
};
Result<portfolio::StoredCase> fix_case(portfolio::CraStore& cra, const FixRequest& request,
                                       const Clock& clock);

struct SubmitRequest {
  std::string id, actor, reference;
  cra::Stage stage = cra::Stage::kEarlyWarning;
  std::optional<TimePoint> at;  // when it was submitted; default now
};
Result<portfolio::StoredCase> submit_case(portfolio::CraStore& cra, const SubmitRequest& request,
                                          const Clock& clock);

Result<portfolio::StoredCase> close_case(portfolio::CraStore& cra, const std::string& id,
                                         const std::string& actor, const Clock& clock);

// ---- show, list, deadlines ------------------------------------------------------------------

struct CaseDetail {
  portfolio::StoredCase stored;
  std::vector<portfolio::CaseEvent> events;  // the append-only trail as stored
  TimePoint now;
};
Result<CaseDetail> show_case(portfolio::CraStore& cra, const std::string& id, const Clock& clock);

struct CaseList {
  std::vector<portfolio::StoredCase> cases;  // ordered by id
  TimePoint now;
};
// The cases of one product (PRODUCT; kNotFound when unknown), or of every product when empty.
Result<CaseList> list_cases(portfolio::Store& store, portfolio::CraStore& cra,
                            const std::string& product, const Clock& clock);

struct DeadlineRow {
  std::size_t case_index = 0;  // into Deadlines::cases
  cra::StageClock clock;
};
struct Deadlines {
  TimePoint now;
  std::vector<portfolio::StoredCase> cases;
  std::vector<DeadlineRow> rows;  // sorted by due (none last), then case id, then stage order
  std::size_t overdue = 0;        // rows in state overdue (the CLI's exit 1)
  const cra::Case& case_of(const DeadlineRow& r) const { return cases[r.case_index].value; }
};
// Every stage of every proposed or confirmed case (dismissed and closed cases have none).
Result<Deadlines> deadlines(portfolio::Store& store, portfolio::CraStore& cra,
                            const std::string& product, const Clock& clock);

// "CVE-1, GHSA-2" for a vulnerability case, the incident description for an incident.
std::string case_subject(const cra::Case& c);

}  // namespace bulwark::service
