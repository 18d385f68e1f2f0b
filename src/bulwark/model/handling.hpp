// Vulnerability handling as plain data: the analysis a person records on a finding, VEX
// statements read from or written to documents (OpenVEX, CycloneDX VEX, CSAF VEX), and the input
// of a CSAF security advisory. Format modules (vex, csaf) translate these to and from documents;
// the portfolio module stores them. No behaviour beyond the name tables in handling.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark {

// The analysis state of a vulnerability in a component (CycloneDX impactAnalysisState names,
// with OpenVEX/CSAF equivalents in docs/vex.md).
enum class AnalysisState { kAffected, kNotAffected, kFixed, kUnderInvestigation, kFalsePositive };

// The five VEX justifications for not_affected (OpenVEX names; CycloneDX and CSAF map 1:1 but
// for spelling, see docs/vex.md). kNone when the state is not not_affected or none was given.
enum class Justification {
  kNone,
  kComponentNotPresent,
  kVulnerableCodeNotPresent,
  kVulnerableCodeNotInExecutePath,
  kVulnerableCodeCannotBeControlledByAdversary,
  kInlineMitigationsAlreadyExist,
};

// Canonical names: "affected", "not_affected", "fixed", "under_investigation", "false_positive";
// "component_not_present", ... (OpenVEX spelling). from_string accepts the canonical names and the
// CycloneDX spellings ("exploitable", "not_affected", "resolved", "in_triage", "false_positive",
// "code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency",
// "requires_environment", "protected_by_compiler", "protected_at_runtime",
// "protected_at_perimeter", "protected_by_mitigating_control") mapped onto the nearest canonical
// value.
std::string_view to_string(AnalysisState s);
std::string_view to_string(Justification j);
std::optional<AnalysisState> analysis_state_from_string(std::string_view s);
std::optional<Justification> justification_from_string(std::string_view s);

struct Analysis {
  AnalysisState state = AnalysisState::kUnderInvestigation;
  Justification justification = Justification::kNone;
  // CycloneDX analysis.response values: "can_not_fix", "will_not_fix", "update", "rollback",
  // "workaround_available".
  std::vector<std::string> responses;
  std::string detail;  // free text: why (impact statement for not_affected)
  std::string
      action_statement;  // what users should do (OpenVEX action_statement, CSAF remediation)
  std::string author;
  std::string timestamp;  // RFC 3339 UTC
};

// One VEX statement: one vulnerability, the components (by purl) it speaks about, and the analysis.
struct VexStatement {
  std::string vulnerability;            // id as written: "CVE-2021-44228", "GHSA-..."
  std::vector<std::string> aliases;     // further ids the document gives for the same vulnerability
  std::vector<std::string> components;  // purls (or CPEs) of the affected components
  // The product the statement is scoped to, when the document names one (OpenVEX product with
  // subcomponents, CSAF product tree branch): an identifier (purl, CPE or name) and a version.
  std::string product;
  std::string product_version;
  Analysis analysis;
  std::string location;  // where in the document: JSON pointer, e.g. "/statements/3"
};

enum class VexFormat { kOpenVex, kCycloneDx, kCsaf };

struct VexDocument {
  VexFormat format = VexFormat::kOpenVex;
  std::string id;         // @id / serialNumber / document.tracking.id
  std::string author;     // author / publisher name
  std::string timestamp;  // RFC 3339 UTC
  std::string version;    // document version / tracking.version
  std::vector<VexStatement> statements;
};

// ---- CSAF security advisory input (csaf module) ---------------------------------------------

struct AdvisoryProduct {
  std::string product_id;  // CSAF product_id, unique in the document, e.g. "CSAFPID-0001"
  std::string vendor;
  std::string name;
  std::string version;
  std::string purl;  // product_identification_helper.purl when known
  std::string cpe;   // product_identification_helper.cpe when known
};

struct AdvisoryScore {
  std::string vector;  // CVSS v3.x or v4.0 vector as given
  double base_score = 0;
  std::string severity;  // "LOW" ... "CRITICAL" (as computed by bulwark::cvss)
};

struct AdvisoryRemediation {
  std::string
      category;  // "vendor_fix", "workaround", "mitigation", "no_fix_planned", "none_available"
  std::string details;
  std::string url;
  std::vector<std::string> product_ids;
  std::string date;  // RFC 3339, optional
};

struct AdvisoryVulnerability {
  std::string cve;               // may be empty when only other ids exist
  std::vector<std::string> ids;  // further ids (GHSA, OSV): CSAF vulnerabilities[].ids
  std::string cwe_id, cwe_name;  // "CWE-79", "Improper Neutralization ..."; optional
  std::string title;
  std::string description;            // notes[] category "description"
  std::vector<AdvisoryScore> scores;  // v3.x and/or v4.0; applies to known_affected products
  std::vector<std::string> known_affected, fixed, known_not_affected,
      under_investigation;  // product_ids
  std::vector<AdvisoryRemediation> remediations;
  std::string
      exploitation;    // threats[] category "exploit_status" details, e.g. "Listed in CISA KEV"
  std::string impact;  // threats[] category "impact" details
  std::vector<std::string> references;  // URLs
};

struct AdvisoryRevision {
  std::string number;  // "1", "2", ... (integer versioning)
  std::string date;    // RFC 3339
  std::string summary;
};

struct AdvisoryInput {
  std::string tracking_id;  // e.g. "ACME-SA-2026-0001"
  std::string title;
  std::string publisher_name;       // manufacturer
  std::string publisher_namespace;  // https URL of the manufacturer
  std::string publisher_contact;    // contact_details
  std::string lang = "en";
  std::string status = "final";                            // "draft" | "interim" | "final"
  std::string summary;                                     // notes[] category "summary"
  std::string initial_release_date, current_release_date;  // RFC 3339
  std::vector<AdvisoryRevision> revisions;                 // oldest first; version = last number
  std::vector<AdvisoryProduct> products;
  std::vector<AdvisoryVulnerability> vulnerabilities;
  std::vector<std::string> references;  // URLs (self and external)
  std::string tlp = "WHITE";            // distribution.tlp.label: CLEAR/WHITE for public advisories
};

}  // namespace bulwark
