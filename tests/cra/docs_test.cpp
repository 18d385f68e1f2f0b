#include "bulwark/cra/docs.hpp"

#include <gtest/gtest.h>

namespace bulwark::cra {
namespace {

TimePoint at(const char* s) { return parse_rfc3339(s).value(); }

DocFacts facts() {
  DocFacts f;
  f.manufacturer_name = "ACME <Labs> & Co";
  f.manufacturer_address = "Hauptstr. 1, 10115 Berlin";
  f.manufacturer_contact = "info@acme.example";
  f.single_point_of_contact = "psirt@acme.example";
  f.cvd_policy_url = "https://acme.example/cvd";
  f.product_name = "ACME Router";
  f.product_version = "2.1.0";
  f.product_description = "Home router firmware";
  f.intended_purpose = "Home internet access";
  f.category = ProductCategory::kImportantClassI;
  f.category_item = "AIII.C1.12";
  f.conformity_route = "Internal control (module A)";
  f.support_end = at("2032-03-31T00:00:00Z");
  f.support_rationale = "Expected time in use 7 years";
  f.support_type = "security updates";
  f.sbom_file = "acme-router-2.1.0.cdx.json";
  f.standards_applied = {"EN 18031-1:2024"};
  f.declaration_url = "https://acme.example/doc";
  f.place = "Berlin";
  f.date = at("2027-11-01T00:00:00Z");
  f.signatory_name = "Jane Doe";
  f.signatory_function = "CEO";
  f.checklist = default_checklist();
  f.checklist[1].status = ItemStatus::kMet;
  f.checklist[1].evidence.push_back({"finding", "scan-42", "no KEV findings", true});
  f.checklist[6].applicable = false;
  f.checklist[6].justification = "no personal data";
  return f;
}

TEST(CraDocs, DeclarationOfConformityMarkdown) {
  const std::string md =
      render_document(DocumentKind::kDeclarationOfConformity, facts(), DocFormat::kMarkdown);
  for (const char* id : {"## AV.1 ", "## AV.2 ", "## AV.3 ", "## AV.4 ", "## AV.5 ", "## AV.6 ",
                         "## AV.7 ", "## AV.8 "})
    EXPECT_NE(md.find(id), std::string::npos) << id;
  EXPECT_NE(md.find("Regulation (EU) 2024/2847"), std::string::npos);
  EXPECT_NE(md.find("- **Date:** 2027-11-01"), std::string::npos);
  // Class I without a notified body: the notified body field is a gap.
  EXPECT_NE(md.find("**[TO COMPLETE: Notified body, procedure and certificate]**"),
            std::string::npos);
  auto f = facts();
  EXPECT_EQ(document_gaps(DocumentKind::kDeclarationOfConformity, f),
            std::vector<std::string>{"Notified body, procedure and certificate"});
  f.product_description.clear();
  f.notified_body = NotifiedBody{"TUV Example", "0123", "EU-type examination (module B)", "C-1"};
  EXPECT_EQ(document_gaps(DocumentKind::kDeclarationOfConformity, f),
            std::vector<std::string>{"Object of the declaration (traceable identification)"});
}

TEST(CraDocs, HtmlIsEscapedAndSelfContained) {
  const std::string html =
      render_document(DocumentKind::kUserInformation, facts(), DocFormat::kHtml);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("ACME &lt;Labs&gt; &amp; Co"), std::string::npos);
  EXPECT_EQ(html.find("ACME <Labs>"), std::string::npos);
  EXPECT_NE(html.find("<h2>AII.7 Technical security support</h2>"), std::string::npos);
  EXPECT_NE(html.find("March 2032 (2032-03-31)"), std::string::npos);
  EXPECT_NE(html.find("[TO COMPLETE: AII.8a Secure commissioning and use]"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);  // no external resources
}

TEST(CraDocs, TechnicalDocumentationSections) {
  const auto f = facts();
  const std::string md =
      render_document(DocumentKind::kTechnicalDocumentation, f, DocFormat::kMarkdown);
  for (int i = 1; i <= 8; ++i)
    EXPECT_NE(md.find("## AVII." + std::to_string(i) + " "), std::string::npos) << i;
  EXPECT_NE(md.find("important\\_class\\_i: AIII.C1.12 Routers"), std::string::npos);  // escaped
  // The Annex I checklist is a table: point, requirement, status, applicability, justification,
  // evidence (issue 17).
  EXPECT_NE(md.find("| Point | Requirement | Status | Applicability | Justification | Evidence |\n"
                    "|---|---|---|---|---|---|\n"),
            std::string::npos);
  EXPECT_NE(md.find("| AI.P1.2a | No known exploitable vulnerabilities | met | applicable | - | "
                    "no KEV findings &lt;scan-42&gt; |"),
            std::string::npos);
  EXPECT_NE(md.find("| AI.P1.2f | Integrity | \\- | not applicable | no personal data | - |"),
            std::string::npos);
  const std::string html =
      render_document(DocumentKind::kTechnicalDocumentation, f, DocFormat::kHtml);
  EXPECT_NE(html.find("<th>Applicability</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>AI.P1.2f</td><td>Integrity</td><td>-</td><td>not applicable</td>"),
            std::string::npos);
  // Without an approved risk assessment, AVII.3 says so.
  EXPECT_NE(md.find("**Approved risk assessment:** **[TO COMPLETE: Approved risk assessment]**"),
            std::string::npos);
  EXPECT_NE(md.find("Expected time in use 7 years"), std::string::npos);
  const auto gaps = document_gaps(DocumentKind::kTechnicalDocumentation, f);
  EXPECT_NE(std::find(gaps.begin(), gaps.end(), "Risk assessment summary"), gaps.end());
  EXPECT_NE(std::find(gaps.begin(), gaps.end(), "Test reports"), gaps.end());
  // Deterministic.
  EXPECT_EQ(md, render_document(DocumentKind::kTechnicalDocumentation, f, DocFormat::kMarkdown));
}

TEST(CraDocs, TechnicalDocumentationRendersTheApprovedRiskAssessment) {
  auto f = facts();
  RiskAssessmentFacts r;
  r.revision = "acme-router@2.1.0 revision 3 (approved, approved by cto on 2027-10-30)";
  r.method = "likelihood x impact";
  r.intended_purpose = "Home internet access";
  r.foreseeable_misuse = "Remote administration enabled on WAN";
  r.operational_environment = "Home networks";
  r.expected_time_in_use = "7 years";
  r.tables.push_back(
      {"Threats and risks", {"ID", "Threat", "Level"}, {{"T1", "WAN | admin", "high"}}});
  f.risk_assessment = r;
  const std::string md =
      render_document(DocumentKind::kTechnicalDocumentation, f, DocFormat::kMarkdown);
  EXPECT_NE(md.find("**Approved risk assessment:** acme-router@2.1.0 revision 3"),
            std::string::npos);
  EXPECT_NE(md.find("**Threats and risks**\n\n| ID | Threat | Level |\n|---|---|---|\n"
                    "| T1 | WAN \\| admin | high |"),
            std::string::npos);
  const auto gaps = document_gaps(DocumentKind::kTechnicalDocumentation, f);
  EXPECT_EQ(std::find(gaps.begin(), gaps.end(), "Approved risk assessment"), gaps.end());
}

TEST(CraDocs, SimplifiedDeclaration) {
  auto f = facts();
  const std::string md =
      render_document(DocumentKind::kSimplifiedDeclaration, f, DocFormat::kMarkdown);
  EXPECT_NE(md.find("## AVI "), std::string::npos);
  EXPECT_NE(
      md.find(
          "Hereby, ACME &lt;Labs&gt; &amp; Co declares that the product with digital elements type "
          "ACME Router 2.1.0 is in compliance with Regulation (EU) 2024/2847"),
      std::string::npos);
  EXPECT_TRUE(document_gaps(DocumentKind::kSimplifiedDeclaration, f).empty());
  f.declaration_url.clear();
  const auto gaps = document_gaps(DocumentKind::kSimplifiedDeclaration, f);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0], "Internet address of the full declaration");
  EXPECT_EQ(document_kind_from_string("user_information"), DocumentKind::kUserInformation);
}

}  // namespace
}  // namespace bulwark::cra
