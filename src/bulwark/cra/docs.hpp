// Compliance documents generated from plain facts: Annex VII technical documentation, Annex V EU
// declaration of conformity, Annex VI simplified declaration and Annex II user information, as
// Markdown or simple self-contained HTML (escaped). Section headings carry the digest IDs; every
// missing fact is marked "**[TO COMPLETE: <label>]**" (HTML: a red bold marker) and listed by
// document_gaps. Deterministic: no current time is read (the date comes from DocFacts).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/cra/checklist.hpp"
#include "bulwark/cra/classification.hpp"

namespace bulwark::cra {

struct NotifiedBody {
  std::string name;
  std::string number;       // four-digit identification number
  std::string procedure;    // e.g. "EU-type examination (module B)"
  std::string certificate;  // certificate reference
};

// A table of the technical documentation (e.g. the risk assessment's threats).
struct DocTable {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// The approved cybersecurity risk assessment rendered into AVII.3 (Article 13(3), 13(4)).
struct RiskAssessmentFacts {
  std::string revision;  // names the approved revision, its approver and date
  std::string method;    // the likelihood x impact scale
  std::string intended_purpose, foreseeable_use, foreseeable_misuse, operational_environment,
      expected_time_in_use;
  std::vector<DocTable> tables;  // assets, interfaces, threats, mitigations, accepted risks
};

struct DocFacts {
  // Manufacturer (AII.1, AV.2, A13.16)
  std::string manufacturer_name, manufacturer_address, manufacturer_contact, manufacturer_website;
  std::string single_point_of_contact;  // A13.17, AII.2
  std::string cvd_policy_url;           // AII.2, AVII.2b
  // Product (AII.3, AV.1, AVII.1)
  std::string product_name, product_version, product_type, product_description;
  std::string intended_purpose;     // AII.4, AVII.1a
  std::string essential_functions;  // AII.4
  std::string security_properties;  // AII.4
  std::string foreseeable_risks;    // AII.5
  bool is_hardware = false;
  std::string hardware_description;  // AVII.1c (photos / illustrations), hardware only
  ProductCategory category = ProductCategory::kDefault;
  std::string category_item;     // e.g. "AIII.C1.2" (empty for default)
  std::string conformity_route;  // e.g. "Internal control (module A)"
  // Support (AII.7, AVII.4)
  std::optional<TimePoint> support_end;
  std::string support_rationale;
  std::string support_type;  // type of technical security support offered
  // SBOM (AVII.2b, AVII.8, AII.9)
  std::string sbom_file;
  std::string sbom_url;  // only when the SBOM is made available to users
  // Design and processes (AVII.2)
  std::string architecture, production_monitoring, update_distribution;
  // Conformity (AV.6, AV.7, AVII.5, AVII.6)
  std::vector<std::string> standards_applied;
  std::string solutions_adopted;  // when no harmonised standard was applied in full
  std::optional<NotifiedBody> notified_body;
  std::vector<std::string> test_reports;
  std::vector<ChecklistItem> checklist;
  std::string findings_summary;
  std::string risk_assessment_summary;
  std::optional<RiskAssessmentFacts> risk_assessment;  // the approved assessment, when there is one
  std::string declaration_url;                         // AII.6, AVI
  // User instructions (AII.8a..f): text or URL
  std::string secure_use, change_effects, update_instructions, decommissioning,
      disable_automatic_updates, integrator_information;
  // Signature (AV.8)
  std::string additional_information;
  std::string place;
  std::optional<TimePoint> date;
  std::string signatory_name, signatory_function;
};

enum class DocumentKind {
  kTechnicalDocumentation,   // Annex VII
  kDeclarationOfConformity,  // Annex V
  kSimplifiedDeclaration,    // Annex VI
  kUserInformation,          // Annex II
};
// "technical_documentation", "declaration_of_conformity", "simplified_declaration",
// "user_information".
std::string_view to_string(DocumentKind k);
std::optional<DocumentKind> document_kind_from_string(std::string_view s);

enum class DocFormat { kMarkdown, kHtml };

std::string render_document(DocumentKind kind, const DocFacts& facts, DocFormat format);

// Labels of the facts still missing, in document order.
std::vector<std::string> document_gaps(DocumentKind kind, const DocFacts& facts);

}  // namespace bulwark::cra
