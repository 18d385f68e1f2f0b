#include "bulwark/cra/docs.hpp"

#include <fmt/format.h>

#include <array>

#include "bulwark/cra/lifecycle.hpp"
#include "bulwark/cra/render_internal.hpp"

namespace bulwark::cra {

namespace {
using detail::Document;
using detail::Field;
using detail::join;
using detail::Section;

constexpr std::array<std::string_view, 4> kKindNames = {
    "technical_documentation", "declaration_of_conformity", "simplified_declaration",
    "user_information"};

std::string product_id(const DocFacts& f) {
  if (f.product_name.empty()) return "";
  std::string s = f.product_name;
  if (!f.product_version.empty()) s += " " + f.product_version;
  if (!f.product_type.empty()) s += " (" + f.product_type + ")";
  return s;
}

std::string manufacturer(const DocFacts& f) {
  if (f.manufacturer_name.empty() || f.manufacturer_address.empty()) return "";
  return f.manufacturer_name + ", " + f.manufacturer_address;
}

std::string support_end(const DocFacts& f) {
  if (!f.support_end) return "";
  return fmt::format("{} ({})", support_end_month_name(*f.support_end),
                     detail::format_date(*f.support_end));
}

std::string category_text(const DocFacts& f) {
  std::string s(to_string(f.category));
  if (auto item = find_category_item(f.category_item))
    s += fmt::format(": {} {}", item->id, item->title);
  return s;
}

std::string notified_body(const DocFacts& f) {
  if (!f.notified_body) return "";
  const auto& nb = *f.notified_body;
  return fmt::format("{} (number {}), procedure: {}, certificate: {}", nb.name, nb.number,
                     nb.procedure, nb.certificate);
}

std::string standards(const DocFacts& f) {
  if (!f.standards_applied.empty()) return join(f.standards_applied, "; ");
  if (!f.solutions_adopted.empty())
    return "No harmonised standard applied; solutions adopted: " + f.solutions_adopted;
  return "";
}

std::string titled(std::string base, const DocFacts& f) {
  const std::string id = product_id(f);
  return id.empty() ? base : base + ": " + id;
}

std::string date_text(const DocFacts& f) { return f.date ? detail::format_date(*f.date) : ""; }

detail::Table annex_i_table(const DocFacts& f) {
  detail::Table t{"Annex I requirements (Article 13(3), 13(4))",
                  {"Point", "Requirement", "Status", "Applicability", "Justification", "Evidence"},
                  {}};
  for (const auto& it : f.checklist) {
    const auto cat = find_catalogue_item(it.id);
    std::vector<std::string> ev;
    for (const auto& e : it.evidence)
      ev.push_back(e.uri.empty() ? e.description : e.description + " <" + e.uri + ">");
    t.rows.push_back({it.id, cat ? std::string(cat->title) : "",
                      it.applicable ? std::string(to_string(it.status)) : "-",
                      it.applicable ? "applicable" : "not applicable", it.justification,
                      join(ev, "; ")});
  }
  return t;
}

Section risk_section(const DocFacts& f) {
  Section s{"AVII.3", "Cybersecurity risk assessment", {}, {}, {}};
  if (f.risk_assessment) {
    const auto& r = *f.risk_assessment;
    s.fields = {{"risk_assessment_revision", "Approved risk assessment", r.revision},
                {"risk_method", "Method and scale", r.method},
                {"risk_intended_purpose", "Intended purpose", r.intended_purpose},
                {"risk_foreseeable_use", "Reasonably foreseeable use", r.foreseeable_use},
                {"risk_foreseeable_misuse", "Reasonably foreseeable misuse", r.foreseeable_misuse},
                {"risk_environment", "Operational environment", r.operational_environment},
                {"risk_time_in_use", "Expected time in use", r.expected_time_in_use}};
    for (const auto& t : r.tables) s.tables.push_back({t.caption, t.header, t.rows});
  } else {
    s.fields.push_back({"risk_assessment_revision", "Approved risk assessment", ""});
  }
  s.fields.push_back({"risk_assessment", "Risk assessment summary", f.risk_assessment_summary});
  s.fields.push_back({"findings", "Known vulnerabilities summary", f.findings_summary});
  if (f.checklist.empty())
    s.fields.push_back({"checklist", "Annex I requirements (applicability, status, evidence)", ""});
  else
    s.tables.push_back(annex_i_table(f));
  return s;
}

Document technical_documentation(const DocFacts& f) {
  Document d{titled("Technical documentation (Annex VII)", f), {}, {}};
  d.preamble.push_back(
      "Drawn up under Article 31 of Regulation (EU) 2024/2847 and kept up to date "
      "at least during the support period.");
  d.sections.push_back(
      Section{"AVII.1",
              "General description",
              {},
              {{"product", "Product", product_id(f)},
               {"manufacturer", "Manufacturer", manufacturer(f)},
               {"intended_purpose", "AVII.1a Intended purpose", f.intended_purpose},
               {"versions", "AVII.1b Software versions affecting compliance", f.product_version},
               {"hardware", "AVII.1c Photos or illustrations (hardware)",
                f.is_hardware ? f.hardware_description : "not applicable: software product"},
               {"user_information", "AVII.1d User information (Annex II)",
                "see the Annex II user information document"},
               {"category", "Product category", category_text(f)},
               {"conformity_route", "Conformity assessment procedure", f.conformity_route}}});
  d.sections.push_back(
      Section{"AVII.2",
              "Design, development, production and vulnerability handling",
              {},
              {{"architecture", "AVII.2a Design and system architecture", f.architecture},
               {"sbom", "AVII.2b SBOM", f.sbom_file},
               {"cvd_policy", "AVII.2b CVD policy", f.cvd_policy_url},
               {"contact", "AVII.2b Vulnerability reporting contact", f.single_point_of_contact},
               {"update_distribution", "AVII.2b Secure update distribution", f.update_distribution},
               {"production_monitoring", "AVII.2c Production and monitoring processes",
                f.production_monitoring}}});
  d.sections.push_back(risk_section(f));
  d.sections.push_back(Section{
      "AVII.4",
      "Support period",
      {},
      {{"support_end", "End of the support period", support_end(f)},
       {"support_rationale", "Information used to set the support period", f.support_rationale}}});
  d.sections.push_back(
      Section{"AVII.5",
              "Standards applied or solutions adopted",
              {},
              {{"standards", "Harmonised standards, common specifications or certification schemes",
                standards(f)}}});
  d.sections.push_back(Section{"AVII.6",
                               "Test reports",
                               {},
                               {{"test_reports", "Test reports", join(f.test_reports, "\n")}}});
  d.sections.push_back(
      Section{"AVII.7",
              "EU declaration of conformity",
              {},
              {{"declaration", "EU declaration of conformity", f.declaration_url}}});
  d.sections.push_back(Section{
      "AVII.8",
      "Software bill of materials",
      {},
      {{"sbom_on_request", "SBOM (provided to a market surveillance authority on reasoned request)",
        f.sbom_file}}});
  return d;
}

Document declaration(const DocFacts& f) {
  Document d{"EU declaration of conformity (Annex V)", {}, {}};
  d.sections.push_back(
      Section{"AV.1",
              "Product",
              {},
              {{"product", "Product name, type and identification", product_id(f)}}});
  d.sections.push_back(
      Section{"AV.2",
              "Manufacturer",
              {},
              {{"manufacturer", "Name and address of the manufacturer", manufacturer(f)}}});
  d.sections.push_back(Section{"AV.3",
                               "Responsibility",
                               {"This declaration of conformity is issued under the sole "
                                "responsibility of the manufacturer."},
                               {}});
  d.sections.push_back(Section{
      "AV.4",
      "Object of the declaration",
      {},
      {{"object", "Object of the declaration (traceable identification)",
        f.product_description.empty() ? "" : product_id(f) + ": " + f.product_description}}});
  d.sections.push_back(Section{"AV.5",
                               "Conformity",
                               {"The object of the declaration described above is in conformity "
                                "with Regulation (EU) 2024/2847."},
                               {}});
  d.sections.push_back(
      Section{"AV.6",
              "Standards and specifications",
              {},
              {{"standards",
                "Harmonised standards, common specifications or cybersecurity certifications used",
                standards(f)}}});
  Section nb{"AV.7", "Notified body", {}, {}};
  if (f.category == ProductCategory::kDefault && !f.notified_body)
    nb.paragraphs.push_back("Not applicable: internal control (module A).");
  else
    nb.fields.push_back(
        {"notified_body", "Notified body, procedure and certificate", notified_body(f)});
  d.sections.push_back(std::move(nb));
  d.sections.push_back(
      Section{"AV.8",
              "Additional information and signature",
              {},
              {{"additional_information", "Additional information",
                f.additional_information.empty() ? "none" : f.additional_information},
               {"signed_for", "Signed for and on behalf of", f.manufacturer_name},
               {"place", "Place", f.place},
               {"date", "Date", date_text(f)},
               {"signatory", "Name and function",
                f.signatory_name.empty() || f.signatory_function.empty()
                    ? ""
                    : f.signatory_name + ", " + f.signatory_function},
               {"signature", "Signature", "________________________"}}});
  return d;
}

Document simplified(const DocFacts& f) {
  Document d{"Simplified EU declaration of conformity (Annex VI)", {}, {}};
  Section s{"AVI", "Declaration", {}, {}};
  s.fields.push_back({"manufacturer", "Manufacturer", f.manufacturer_name});
  s.fields.push_back({"product", "Product type", product_id(f)});
  s.fields.push_back(
      {"declaration_url", "Internet address of the full declaration", f.declaration_url});
  if (!f.manufacturer_name.empty() && !product_id(f).empty() && !f.declaration_url.empty())
    s.paragraphs.push_back(fmt::format(
        "Hereby, {} declares that the product with digital elements type {} is in compliance with "
        "Regulation (EU) 2024/2847. The full text of the EU declaration of conformity is available "
        "at the following internet address: {}",
        f.manufacturer_name, product_id(f), f.declaration_url));
  d.sections.push_back(std::move(s));
  return d;
}

Document user_information(const DocFacts& f) {
  Document d{titled("Information and instructions to the user (Annex II)", f), {}, {}};
  d.sections.push_back(Section{
      "AII.1",
      "Manufacturer",
      {},
      {{"name", "Name", f.manufacturer_name},
       {"address", "Postal address", f.manufacturer_address},
       {"contact", "Email or other digital contact", f.manufacturer_contact},
       {"website", "Website", f.manufacturer_website.empty() ? "none" : f.manufacturer_website}}});
  d.sections.push_back(
      Section{"AII.2",
              "Vulnerability reporting",
              {},
              {{"spoc", "Single point of contact", f.single_point_of_contact},
               {"cvd_policy", "Coordinated vulnerability disclosure policy", f.cvd_policy_url}}});
  d.sections.push_back(Section{"AII.3",
                               "Product identification",
                               {},
                               {{"product", "Product name and type", product_id(f)}}});
  d.sections.push_back(Section{
      "AII.4",
      "Intended purpose",
      {},
      {{"intended_purpose", "Intended purpose and security environment", f.intended_purpose},
       {"essential_functions", "Essential functionalities", f.essential_functions},
       {"security_properties", "Security properties", f.security_properties}}});
  d.sections.push_back(Section{
      "AII.5",
      "Foreseeable cybersecurity risks",
      {},
      {{"foreseeable_risks", "Circumstances that may lead to significant cybersecurity risks",
        f.foreseeable_risks}}});
  d.sections.push_back(
      Section{"AII.6",
              "EU declaration of conformity",
              {},
              {{"declaration_url", "Internet address of the EU declaration of conformity",
                f.declaration_url}}});
  d.sections.push_back(
      Section{"AII.7",
              "Technical security support",
              {},
              {{"support_type", "Type of technical security support", f.support_type},
               {"support_end", "End of the support period", support_end(f)}}});
  d.sections.push_back(
      Section{"AII.8",
              "Instructions",
              {},
              {{"secure_use", "AII.8a Secure commissioning and use", f.secure_use},
               {"change_effects", "AII.8b How changes can affect data security", f.change_effects},
               {"update_instructions", "AII.8c Installing security updates", f.update_instructions},
               {"decommissioning", "AII.8d Secure decommissioning and removal of user data",
                f.decommissioning},
               {"disable_automatic_updates", "AII.8e Turning off automatic security updates",
                f.disable_automatic_updates},
               {"integrator_information", "AII.8f Information for integrators",
                f.integrator_information.empty() ? "not applicable: not intended for integration"
                                                 : f.integrator_information}}});
  d.sections.push_back(
      Section{"AII.9",
              "Software bill of materials",
              {},
              {{"sbom_url", "Where to find the SBOM",
                f.sbom_url.empty() ? "not made available to users" : f.sbom_url}}});
  return d;
}

Document build(DocumentKind kind, const DocFacts& f) {
  switch (kind) {
    case DocumentKind::kTechnicalDocumentation:
      return technical_documentation(f);
    case DocumentKind::kDeclarationOfConformity:
      return declaration(f);
    case DocumentKind::kSimplifiedDeclaration:
      return simplified(f);
    case DocumentKind::kUserInformation:
      break;
  }
  return user_information(f);
}
}  // namespace

std::string_view to_string(DocumentKind k) { return kKindNames[static_cast<std::size_t>(k)]; }

std::optional<DocumentKind> document_kind_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == s) return static_cast<DocumentKind>(i);
  return std::nullopt;
}

std::string render_document(DocumentKind kind, const DocFacts& facts, DocFormat format) {
  const Document d = build(kind, facts);
  return format == DocFormat::kHtml ? detail::render_html(d) : detail::render_markdown(d);
}

std::vector<std::string> document_gaps(DocumentKind kind, const DocFacts& facts) {
  return detail::gaps(build(kind, facts));
}

}  // namespace bulwark::cra
