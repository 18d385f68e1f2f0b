// Article 14 report drafts (early warning, notification, final report) with the minimum content
// the digest lists for each stage (A14.AEV.EW/VN/FR, A14.SI.EW/IN/FR), and the severe-incident
// questionnaire (A14.5, DEF.SEVERE). Every field is filled from ReportFacts or the Case, or marked
// as a gap "**[TO COMPLETE: <label>]**" (Markdown) and listed in "gaps" (JSON). Deterministic:
// no current time is read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bulwark/cra/case.hpp"

namespace bulwark::cra {

struct CvssFact {
  std::string vector;  // e.g. "CVSS:3.1/AV:N/..."
  double score = 0;
  std::string severity;  // "CRITICAL", ...
};

struct KevFact {
  std::string date_added;  // YYYY-MM-DD
  std::string required_action;
  std::string ransomware;  // "Known" / "Unknown"
};

// What is known when drafting. Empty strings / vectors and absent optionals are gaps.
struct ReportFacts {
  std::string product_name, product_version, vendor;
  std::vector<std::string> contacts;           // manufacturer contacts for the authority
  std::vector<std::string> member_states;      // where the product is made available (A14.*.EW)
  std::vector<std::string> vulnerability_ids;  // defaults to Case::vulnerability_ids
  std::string description;                     // of the vulnerability or incident
  std::vector<CvssFact> cvss;
  std::vector<std::string> cwe;  // "CWE-787"
  std::optional<KevFact> kev;
  std::optional<double> epss;  // probability 0..1
  std::optional<double> epss_percentile;
  std::vector<std::string> affected_releases;  // defaults to Case::releases
  std::vector<std::string> fixed_releases;
  std::string corrective_measure;  // measures taken; defaults to Case::corrective_measure
  std::string user_measures;       // what users can do
  std::string sensitivity;         // how sensitive the information is (A14.*.VN/IN)
  std::string exploit_nature;      // general nature of the exploit
  std::string impact;              // impact statement
  std::string malicious_actor;     // A14.AEV.FR (ii)
  // Severe incidents.
  std::optional<bool> suspected_unlawful_or_malicious;  // A14.SI.EW
  std::string initial_assessment;                       // A14.SI.IN
  std::string root_cause;                               // A14.SI.FR (ii): threat type / root cause
  std::string ongoing_mitigation;                       // A14.SI.FR (iii)
};

// One field of a draft: filled or a gap.
struct ReportField {
  std::string key;    // stable JSON key, e.g. "member_states"
  std::string label;  // e.g. "Member States where the product is made available"
  std::string value;  // empty when a gap
};

struct ReportDraft {
  std::string stage_id;  // e.g. "A14.AEV.EW"
  std::string title;     // e.g. "Early warning: actively exploited vulnerability"
  std::vector<ReportField> fields;
  std::vector<std::string> gaps;  // labels of the empty fields, in order
};

// The draft's content as plain data.
ReportDraft build_report(Stage stage, const Case& c, const ReportFacts& facts);

// Markdown: a title, the case header (case id, product, awareness, due time) and each field as
// "- **Label:** value" or "- **Label:** **[TO COMPLETE: Label]**".
std::string render_markdown(Stage stage, const Case& c, const ReportFacts& facts);

// JSON object (2-space indented): {"stage", "stage_id", "title", "case_id", "kind", "aware_at",
// "due", "fields": {key: value|null}, "labels": {key: label}, "gaps": [labels]}.
std::string render_json(Stage stage, const Case& c, const ReportFacts& facts);

// ---- Severe-incident questionnaire (A14.5 / DEF.SEVERE) --------------------------------------

// Answers: nullopt = not yet known.
struct SevereIncidentQuestionnaire {
  // DEF.44: the incident harms or can harm the product's ability to protect the availability,
  // authenticity, integrity or confidentiality of data or functions.
  std::optional<bool> affects_product_security;
  // A14.5(a): ... of sensitive or important data or functions.
  std::optional<bool> affects_sensitive_or_important_data_or_functions;
  // A14.5(b): has led or could lead to malicious code being introduced or executed in the
  // product or in a user's network and information systems.
  std::optional<bool> malicious_code_introduced_or_executed;
  // A14.SI.EW content (not a criterion): suspected to be caused by unlawful or malicious acts.
  std::optional<bool> suspected_unlawful_or_malicious;
};

enum class SevereDecision { kSevere, kNotSevere, kUndetermined };
std::string_view to_string(SevereDecision d);  // "severe", "not_severe", "undetermined"

struct SevereIncidentAssessment {
  SevereDecision decision = SevereDecision::kUndetermined;
  std::vector<std::string> reasons;  // each names the criterion ID it rests on
};

SevereIncidentAssessment assess(const SevereIncidentQuestionnaire& q);

}  // namespace bulwark::cra
