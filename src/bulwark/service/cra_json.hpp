// JSON documents of the CRA use cases, exactly as `bulwark cra ... --format json` prints them and
// the server returns them (2-space indented, no trailing newline). Field lists: docs/cra-cli.md.
#pragma once

#include <string>

#include "bulwark/cra/report.hpp"
#include "bulwark/service/cra_cases.hpp"
#include "bulwark/service/cra_product.hpp"

namespace bulwark::service {

// The stored detail of a severe-incident case (compact):
// {"questionnaire": {...four answers, null when unknown}, "assessment": {"decision", "reasons"}}.
std::string severe_detail_json(const cra::SevereIncidentQuestionnaire& q,
                               const cra::SevereIncidentAssessment& a);

// {"case": <case JSON>, "detail": {...}, "clocks": [...], "updated_at"}.
std::string case_show_json(const CaseDetail& d);

// [{"id", "product", "releases", "kind", "status", "vulnerabilities", "incident", "source",
//   "aware_at", "clocks"}...].
std::string case_list_json(const CaseList& l);

// {"schema": "bulwark-cra-deadlines/1", "now", "overdue", "deadlines": [...]}.
std::string deadlines_json(const Deadlines& d);

// {"now", "releases": [{"product", "release", "start", "end", "end_month", "status",
//   "shorter_than_five_years", "rationale", "retain_until", "warnings"}...]}.
std::string support_json(const SupportReport& s);

// {"product", "items": [{"id", "part", "title", "applicable", "justification", "status",
//   "owner", "evidence"}...], "hooks": [{"id", "status", "summary", "problems"}...]}.
std::string checklist_json(const Checklist& c);

}  // namespace bulwark::service
