#include "bulwark/cra/report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/cra/render_internal.hpp"

namespace bulwark::cra {

namespace {
using detail::join;

std::string yes_no(const std::optional<bool>& b) {
  if (!b) return "";
  return *b ? "yes" : "no";
}

std::string or_default(const std::string& v, const std::string& fallback) {
  return v.empty() ? fallback : v;
}
std::vector<std::string> or_default(const std::vector<std::string>& v,
                                    const std::vector<std::string>& fallback) {
  return v.empty() ? fallback : v;
}

std::string manufacturer(const ReportFacts& f) {
  if (f.vendor.empty()) return "";
  if (f.contacts.empty()) return f.vendor;
  return fmt::format("{} (contact: {})", f.vendor, join(f.contacts, ", "));
}

std::string product_line(const ReportFacts& f, const Case& c) {
  const std::string name = or_default(f.product_name, c.product);
  if (name.empty()) return "";
  return f.product_version.empty() ? name : name + " " + f.product_version;
}

std::string product_information(const ReportFacts& f, const Case& c) {
  std::string p = product_line(f, c);
  if (p.empty()) return "";
  if (!f.vendor.empty()) p += " by " + f.vendor;
  const auto rel = or_default(f.affected_releases, c.releases);
  if (!rel.empty()) p += "; affected releases: " + join(rel, ", ");
  return p;
}

std::string severity(const ReportFacts& f) {
  std::vector<std::string> parts;
  for (const auto& s : f.cvss)
    parts.push_back(fmt::format("{} ({:.1f}{}{})", s.vector, s.score, s.severity.empty() ? "" : " ",
                                s.severity));
  return join(parts, "; ");
}

std::string kev_text(const ReportFacts& f) {
  if (!f.kev) return "";
  return fmt::format("listed in CISA KEV since {}; required action: {}; known ransomware use: {}",
                     or_default(f.kev->date_added, "unknown date"),
                     or_default(f.kev->required_action, "none given"),
                     or_default(f.kev->ransomware, "Unknown"));
}

std::string exploitation_evidence(const ReportFacts& f, const Case& c) {
  std::vector<std::string> parts;
  if (!c.exploited_source.empty()) parts.push_back("source: " + c.exploited_source);
  if (auto k = kev_text(f); !k.empty()) parts.push_back(k);
  return join(parts, "; ");
}

std::string vulnerability_nature(const ReportFacts& f) {
  std::vector<std::string> parts;
  if (!f.description.empty()) parts.push_back(f.description);
  if (!f.cwe.empty()) parts.push_back("weakness: " + join(f.cwe, ", "));
  if (auto s = severity(f); !s.empty()) parts.push_back("CVSS: " + s);
  return join(parts, "\n");
}

std::string exploit_nature(const ReportFacts& f) {
  std::vector<std::string> parts;
  if (!f.exploit_nature.empty()) parts.push_back(f.exploit_nature);
  if (auto k = kev_text(f); !k.empty()) parts.push_back(k);
  if (f.epss) {
    std::string e = fmt::format("EPSS probability {:.5f}", *f.epss);
    if (f.epss_percentile) e += fmt::format(" (percentile {:.5f})", *f.epss_percentile);
    parts.push_back(e);
  }
  return join(parts, "\n");
}

std::string measures_taken(const ReportFacts& f, const Case& c) {
  std::vector<std::string> parts;
  if (auto m = or_default(f.corrective_measure, c.corrective_measure); !m.empty())
    parts.push_back(m);
  if (!f.fixed_releases.empty()) parts.push_back("fixed in: " + join(f.fixed_releases, ", "));
  if (c.corrective_measure_at)
    parts.push_back("available since " + format_rfc3339(*c.corrective_measure_at));
  return join(parts, "; ");
}

using Fields = std::vector<ReportField>;

Fields common(const Case& c, const ReportFacts& f) {
  return {{"case_id", "Case", c.id},
          {"manufacturer", "Manufacturer and contact", manufacturer(f)},
          {"product", "Product", product_line(f, c)}};
}

Fields early_warning(const Case& c, const ReportFacts& f) {
  const std::string states = join(f.member_states, ", ");
  if (c.kind == CaseKind::kVulnerability)
    return {
        {"vulnerability_ids", "Actively exploited vulnerability",
         join(or_default(f.vulnerability_ids, c.vulnerability_ids), ", ")},
        {"exploitation_evidence", "Evidence of active exploitation", exploitation_evidence(f, c)},
        {"member_states", "Member States where the product is made available", states}};
  return {{"incident", "Incident", or_default(f.description, c.incident_description)},
          {"suspected_unlawful_or_malicious",
           "Whether the incident is suspected to be caused by unlawful or malicious acts",
           yes_no(f.suspected_unlawful_or_malicious)},
          {"member_states", "Member States where the product is made available", states}};
}

Fields notification(const Case& c, const ReportFacts& f) {
  if (c.kind == CaseKind::kVulnerability)
    return {
        {"product_information", "General information on the product", product_information(f, c)},
        {"vulnerability_ids", "Vulnerability identifiers",
         join(or_default(f.vulnerability_ids, c.vulnerability_ids), ", ")},
        {"vulnerability_nature", "General nature of the vulnerability", vulnerability_nature(f)},
        {"exploit_nature", "General nature of the exploit", exploit_nature(f)},
        {"measures_taken", "Corrective or mitigating measures taken", measures_taken(f, c)},
        {"user_measures", "Corrective or mitigating measures users can take", f.user_measures},
        {"sensitivity", "Sensitivity of the notified information", f.sensitivity}};
  return {{"product_information", "General information on the product", product_information(f, c)},
          {"incident_nature", "Nature of the incident",
           or_default(f.description, c.incident_description)},
          {"initial_assessment", "Initial assessment of the incident", f.initial_assessment},
          {"measures_taken", "Corrective or mitigating measures taken", measures_taken(f, c)},
          {"user_measures", "Corrective or mitigating measures users can take", f.user_measures},
          {"sensitivity", "Sensitivity of the notified information", f.sensitivity}};
}

Fields final_report(const Case& c, const ReportFacts& f) {
  if (c.kind == CaseKind::kVulnerability)
    return {{"vulnerability_ids", "Vulnerability identifiers",
             join(or_default(f.vulnerability_ids, c.vulnerability_ids), ", ")},
            {"description", "Description of the vulnerability", vulnerability_nature(f)},
            {"severity", "Severity", severity(f)},
            {"impact", "Impact", f.impact},
            {"malicious_actor", "Information on the malicious actor", f.malicious_actor},
            {"security_update", "Details of the security update or other corrective measures",
             measures_taken(f, c)}};
  return {{"description", "Detailed description of the incident",
           or_default(f.description, c.incident_description)},
          {"severity_impact", "Severity and impact", f.impact},
          {"root_cause", "Type of threat or root cause likely to have triggered the incident",
           f.root_cause},
          {"mitigation_applied", "Mitigation measures applied", measures_taken(f, c)},
          {"mitigation_ongoing", "Ongoing mitigation measures", f.ongoing_mitigation}};
}

std::string title_of(Stage stage, CaseKind kind) {
  const bool v = kind == CaseKind::kVulnerability;
  switch (stage) {
    case Stage::kEarlyWarning:
      return v ? "Early warning: actively exploited vulnerability"
               : "Early warning: severe incident";
    case Stage::kNotification:
      return v ? "Vulnerability notification" : "Incident notification";
    case Stage::kFinalReport:
      break;
  }
  return v ? "Final report: actively exploited vulnerability" : "Final report: severe incident";
}

std::optional<TimePoint> due_of(Stage stage, const Case& c) {
  // The due time does not depend on now; any now will do.
  return stage_clocks(c, c.aware_at)[static_cast<std::size_t>(stage)].due;
}
}  // namespace

ReportDraft build_report(Stage stage, const Case& c, const ReportFacts& facts) {
  ReportDraft d;
  d.stage_id = std::string(stage_id(c.kind, stage));
  d.title = title_of(stage, c.kind);
  d.fields = common(c, facts);
  Fields specific = stage == Stage::kEarlyWarning   ? early_warning(c, facts)
                    : stage == Stage::kNotification ? notification(c, facts)
                                                    : final_report(c, facts);
  d.fields.insert(d.fields.end(), specific.begin(), specific.end());
  for (const auto& f : d.fields)
    if (f.value.empty()) d.gaps.push_back(f.label);
  return d;
}

std::string render_markdown(Stage stage, const Case& c, const ReportFacts& facts) {
  const ReportDraft d = build_report(stage, c, facts);
  detail::Document doc;
  doc.title = d.title;
  const auto due = due_of(stage, c);
  doc.preamble.push_back(fmt::format("Article 14 ({}). Awareness: {}. Due: {}.", d.stage_id,
                                     format_rfc3339(c.aware_at),
                                     due ? format_rfc3339(*due) : std::string("not yet running")));
  detail::Section s{d.stage_id, "Content", {}, {}};
  for (const auto& f : d.fields) s.fields.push_back({f.key, f.label, f.value});
  doc.sections.push_back(std::move(s));
  return detail::render_markdown(doc);
}

std::string render_json(Stage stage, const Case& c, const ReportFacts& facts) {
  const ReportDraft d = build_report(stage, c, facts);
  nlohmann::ordered_json j;
  j["stage"] = std::string(to_string(stage));
  j["stage_id"] = d.stage_id;
  j["title"] = d.title;
  j["case_id"] = c.id;
  j["kind"] = std::string(to_string(c.kind));
  j["aware_at"] = format_rfc3339(c.aware_at);
  const auto due = due_of(stage, c);
  j["due"] = due ? nlohmann::ordered_json(format_rfc3339(*due)) : nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();
  nlohmann::ordered_json labels = nlohmann::ordered_json::object();
  for (const auto& f : d.fields) {
    fields[f.key] =
        f.value.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(f.value);
    labels[f.key] = f.label;
  }
  j["fields"] = std::move(fields);
  j["labels"] = std::move(labels);
  j["gaps"] = d.gaps;
  return j.dump(2) + "\n";
}

std::string_view to_string(SevereDecision d) {
  switch (d) {
    case SevereDecision::kSevere:
      return "severe";
    case SevereDecision::kNotSevere:
      return "not_severe";
    case SevereDecision::kUndetermined:
      break;
  }
  return "undetermined";
}

SevereIncidentAssessment assess(const SevereIncidentQuestionnaire& q) {
  SevereIncidentAssessment a;
  auto& r = a.reasons;
  if (q.affects_product_security == false) {
    a.decision = SevereDecision::kNotSevere;
    r.push_back(
        "DEF.44: the incident does not affect the product's ability to protect the "
        "availability, authenticity, integrity or confidentiality of data or functions");
    return a;
  }
  if (q.affects_sensitive_or_important_data_or_functions == true)
    r.push_back(
        "A14.5(a): it affects, or is capable of affecting, the protection of sensitive or "
        "important data or functions");
  if (q.malicious_code_introduced_or_executed == true)
    r.push_back(
        "A14.5(b): it has led, or is capable of leading, to the introduction or execution "
        "of malicious code in the product or in the user's network and information systems");
  if (!r.empty()) {
    a.decision = SevereDecision::kSevere;
  } else if (q.affects_sensitive_or_important_data_or_functions == false &&
             q.malicious_code_introduced_or_executed == false) {
    a.decision = SevereDecision::kNotSevere;
    r.push_back(
        "A14.5: neither criterion (a) sensitive or important data or functions, nor (b) "
        "malicious code, is met");
  } else {
    if (!q.affects_sensitive_or_important_data_or_functions)
      r.push_back("A14.5(a) is unanswered: sensitive or important data or functions affected?");
    if (!q.malicious_code_introduced_or_executed)
      r.push_back("A14.5(b) is unanswered: malicious code introduced or executed?");
  }
  if (a.decision == SevereDecision::kSevere && !q.affects_product_security)
    r.push_back("DEF.44 is unanswered but implied by the criteria met");
  if (q.suspected_unlawful_or_malicious)
    r.push_back(fmt::format("A14.SI.EW: suspected to be caused by unlawful or malicious acts: {}",
                            *q.suspected_unlawful_or_malicious ? "yes" : "no"));
  return a;
}

}  // namespace bulwark::cra
