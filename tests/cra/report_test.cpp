#include "bulwark/cra/report.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace bulwark::cra {
namespace {

TimePoint at(const char* s) { return parse_rfc3339(s).value(); }

Case vuln_case() {
  Case c;
  c.id = "CRA-7";
  c.product = "acme-router";
  c.releases = {"2.1.0", "2.0.3"};
  c.vulnerability_ids = {"CVE-2024-3094"};
  c.aware_at = at("2026-09-14T10:00:00Z");
  c.exploited_source = "CISA KEV";
  return c;
}

ReportFacts full_facts() {
  ReportFacts f;
  f.product_name = "ACME Router";
  f.product_version = "2.1.0";
  f.vendor = "ACME GmbH";
  f.contacts = {"psirt@acme.example"};
  f.member_states = {"DE", "FR"};
  f.description = "Backdoor in liblzma";
  f.cvss = {{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "CRITICAL"}};
  f.cwe = {"CWE-506"};
  f.kev = KevFact{"2024-03-29", "Downgrade xz", "Unknown"};
  f.epss = 0.85;
  f.fixed_releases = {"2.1.1"};
  f.corrective_measure = "Release 2.1.1 downgrades xz";
  f.user_measures = "Update to 2.1.1";
  f.sensitivity = "TLP:AMBER";
  f.exploit_nature = "Remote code execution via sshd";
  f.impact = "Full compromise";
  f.malicious_actor = "Unknown state actor";
  return f;
}

TEST(CraReport, EarlyWarningMarksMemberStatesGap) {
  ReportFacts f = full_facts();
  f.member_states.clear();
  const auto d = build_report(Stage::kEarlyWarning, vuln_case(), f);
  EXPECT_EQ(d.stage_id, "A14.AEV.EW");
  ASSERT_EQ(d.gaps.size(), 1u);
  EXPECT_EQ(d.gaps[0], "Member States where the product is made available");
  const std::string md = render_markdown(Stage::kEarlyWarning, vuln_case(), f);
  EXPECT_NE(md.find("**[TO COMPLETE: Member States where the product is made available]**"),
            std::string::npos);
  EXPECT_NE(md.find("A14.AEV.EW"), std::string::npos);
  EXPECT_NE(md.find("Due: 2026-09-15T10:00:00Z"), std::string::npos);
  EXPECT_NE(md.find("source: CISA KEV; listed in CISA KEV since 2024-03-29"), std::string::npos);
}

TEST(CraReport, NotificationFullyFilledHasNoGaps) {
  auto c = vuln_case();
  const auto d = build_report(Stage::kNotification, c, full_facts());
  EXPECT_EQ(d.stage_id, "A14.AEV.VN");
  EXPECT_TRUE(d.gaps.empty()) << d.gaps.front();
  auto j = nlohmann::json::parse(render_json(Stage::kNotification, c, full_facts()));
  EXPECT_EQ(j["stage"], "notification");
  EXPECT_EQ(j["stage_id"], "A14.AEV.VN");
  EXPECT_EQ(j["due"], "2026-09-17T10:00:00Z");
  EXPECT_TRUE(j["gaps"].empty());
  EXPECT_EQ(j["fields"]["sensitivity"], "TLP:AMBER");
  EXPECT_EQ(j["fields"]["product_information"],
            "ACME Router 2.1.0 by ACME GmbH; affected releases: 2.1.0, 2.0.3");
  const std::string nature = j["fields"]["vulnerability_nature"];
  EXPECT_NE(nature.find("CWE-506"), std::string::npos);
  EXPECT_NE(nature.find("(10.0 CRITICAL)"), std::string::npos);
  const std::string exploit = j["fields"]["exploit_nature"];
  EXPECT_NE(exploit.find("EPSS probability 0.85000"), std::string::npos);
}

TEST(CraReport, FinalReportGapsInJsonAndMarkdown) {
  auto c = vuln_case();
  ReportFacts f;  // nothing known
  auto j = nlohmann::json::parse(render_json(Stage::kFinalReport, c, f));
  EXPECT_EQ(j["stage_id"], "A14.AEV.FR");
  EXPECT_TRUE(j["due"].is_null());  // no corrective measure yet
  std::vector<std::string> gaps = j["gaps"];
  const std::vector<std::string> expected = {
      "Manufacturer and contact",
      "Description of the vulnerability",
      "Severity",
      "Impact",
      "Information on the malicious actor",
      "Details of the security update or other corrective measures"};
  EXPECT_EQ(gaps, expected);
  EXPECT_TRUE(j["fields"]["malicious_actor"].is_null());
  EXPECT_EQ(j["fields"]["product"], "acme-router");  // from the case
  const std::string md = render_markdown(Stage::kFinalReport, c, f);
  EXPECT_NE(md.find("**[TO COMPLETE: Information on the malicious actor]**"), std::string::npos);
  EXPECT_NE(md.find("not yet running"), std::string::npos);
}

TEST(CraReport, SevereIncidentStages) {
  Case c;
  c.id = "INC-1";
  c.kind = CaseKind::kSevereIncident;
  c.product = "acme-cloud";
  c.incident_description = "Build server compromised";
  c.aware_at = at("2026-10-01T00:00:00Z");
  ReportFacts f;
  f.vendor = "ACME";
  f.member_states = {"DE"};
  auto ew = build_report(Stage::kEarlyWarning, c, f);
  EXPECT_EQ(ew.stage_id, "A14.SI.EW");
  ASSERT_EQ(ew.gaps.size(), 1u);
  EXPECT_EQ(ew.gaps[0],
            "Whether the incident is suspected to be caused by unlawful or malicious acts");
  f.suspected_unlawful_or_malicious = true;
  EXPECT_TRUE(build_report(Stage::kEarlyWarning, c, f).gaps.empty());
  auto in = build_report(Stage::kNotification, c, f);
  EXPECT_EQ(in.stage_id, "A14.SI.IN");
  auto fr = build_report(Stage::kFinalReport, c, f);
  EXPECT_EQ(fr.stage_id, "A14.SI.FR");
  EXPECT_NE(std::find(fr.gaps.begin(), fr.gaps.end(),
                      "Type of threat or root cause likely to have triggered the incident"),
            fr.gaps.end());
}

TEST(CraQuestionnaire, SevereByEitherCriterion) {
  SevereIncidentQuestionnaire q;
  q.affects_product_security = true;
  q.affects_sensitive_or_important_data_or_functions = true;
  auto a = assess(q);
  EXPECT_EQ(a.decision, SevereDecision::kSevere);
  ASSERT_FALSE(a.reasons.empty());
  EXPECT_EQ(a.reasons[0].rfind("A14.5(a)", 0), 0u);

  SevereIncidentQuestionnaire b;
  b.malicious_code_introduced_or_executed = true;
  b.suspected_unlawful_or_malicious = true;
  a = assess(b);
  EXPECT_EQ(a.decision, SevereDecision::kSevere);
  EXPECT_EQ(a.reasons[0].rfind("A14.5(b)", 0), 0u);
  EXPECT_EQ(a.reasons.back(),
            "A14.SI.EW: suspected to be caused by unlawful or malicious acts: yes");
}

TEST(CraQuestionnaire, NotSevereAndUndetermined) {
  SevereIncidentQuestionnaire q;
  EXPECT_EQ(assess(q).decision, SevereDecision::kUndetermined);
  EXPECT_EQ(assess(q).reasons.size(), 2u);
  q.affects_sensitive_or_important_data_or_functions = false;
  EXPECT_EQ(assess(q).decision, SevereDecision::kUndetermined);
  q.malicious_code_introduced_or_executed = false;
  EXPECT_EQ(assess(q).decision, SevereDecision::kNotSevere);
  SevereIncidentQuestionnaire none;
  none.affects_product_security = false;
  none.malicious_code_introduced_or_executed = true;  // ignored: not a product-security incident
  auto a = assess(none);
  EXPECT_EQ(a.decision, SevereDecision::kNotSevere);
  EXPECT_EQ(a.reasons[0].rfind("DEF.44", 0), 0u);
  EXPECT_EQ(to_string(SevereDecision::kNotSevere), "not_severe");
}

}  // namespace
}  // namespace bulwark::cra
