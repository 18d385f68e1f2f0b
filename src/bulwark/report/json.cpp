// Bulwark's own JSON scan result ("bulwark-scan/1"): stable field names, every finding with
// the component, merged ids, severity, fixed versions and the evidence that produced it.
#include "bulwark/report/json_util.hpp"

#include <ostream>
#include "bulwark/report/report.hpp"

namespace bulwark::report {
namespace detail {

void write_component(JsonWriter& w, const Component& c, bool open) {
  w.begin_object();
  w.member("bom_ref", c.bom_ref);
  w.key("name");
  if (c.group.empty())
    w.value(c.name);
  else
    w.value(c.group + "/" + c.name);
  w.member("version", c.version);
  if (!c.purl.empty()) w.member("purl", c.purl);
  if (!c.source_name.empty()) w.member("source_name", c.source_name);
  if (!open) w.end_object();
}

void write_evidence(JsonWriter& w, const std::vector<match::Evidence>& evidence) {
  w.begin_array();
  for (const auto& e : evidence) {
    w.begin_object();
    w.member("record", e.record_id);
    w.member("ecosystem", e.ecosystem);
    w.member("package", e.package);
    w.member("matched_by", e.matched_by);
    w.member("range", e.range);
    w.end_object();
  }
  w.end_array();
}

void write_status(JsonWriter& w, const FindingStatus& st) {
  w.begin_object();
  if (st.analysis) {
    const Analysis& a = *st.analysis;
    w.member("state", to_string(a.state));
    if (a.justification != Justification::kNone)
      w.member("justification", to_string(a.justification));
    if (!a.responses.empty()) w.member_strings("responses", a.responses);
    if (!a.detail.empty()) w.member("detail", a.detail);
    if (!a.action_statement.empty()) w.member("action_statement", a.action_statement);
    if (!a.author.empty()) w.member("author", a.author);
    if (!a.timestamp.empty()) w.member("timestamp", a.timestamp);
  } else {
    w.key("state").null();
  }
  w.member("inherited", st.inherited);
  if (!st.origin.empty()) w.member("origin", st.origin);
  w.member("suppressed", st.suppressed);
  if (!st.first_seen.empty()) w.member("first_seen", st.first_seen);
  if (!st.last_seen.empty()) w.member("last_seen", st.last_seen);
  w.end_object();
}

void write_cdx_analysis(JsonWriter& w, const Analysis& a) {
  w.begin_object();
  switch (a.state) {
    case AnalysisState::kAffected:
      w.member("state", "exploitable");
      break;
    case AnalysisState::kNotAffected:
      w.member("state", "not_affected");
      break;
    case AnalysisState::kFixed:
      w.member("state", "resolved");
      break;
    case AnalysisState::kUnderInvestigation:
      w.member("state", "in_triage");
      break;
    case AnalysisState::kFalsePositive:
      w.member("state", "false_positive");
      break;
  }
  switch (a.justification) {
    case Justification::kNone:
      break;
    case Justification::kComponentNotPresent:
      w.member("justification", "requires_dependency");
      break;
    case Justification::kVulnerableCodeNotPresent:
      w.member("justification", "code_not_present");
      break;
    case Justification::kVulnerableCodeNotInExecutePath:
      w.member("justification", "code_not_reachable");
      break;
    case Justification::kVulnerableCodeCannotBeControlledByAdversary:
      w.member("justification", "requires_environment");
      break;
    case Justification::kInlineMitigationsAlreadyExist:
      w.member("justification", "protected_by_mitigating_control");
      break;
  }
  if (!a.responses.empty()) w.member_strings("response", a.responses);
  if (!a.detail.empty()) w.member("detail", a.detail);
  w.end_object();
}

std::string cdx_severity(const std::string& s) {
  if (s == "CRITICAL") return "critical";
  if (s == "HIGH") return "high";
  if (s == "MEDIUM") return "medium";
  if (s == "LOW") return "low";
  if (s == "NONE") return "none";
  return "unknown";
}

}  // namespace detail

void write_json(const ScanReport& r, std::ostream& out) {
  const auto& comps = r.sbom.components;
  JsonWriter w(out);
  w.begin_object();
  w.member("schema", "bulwark-scan/1");
  w.key("tool").begin_object().member("name", "bulwark").member("version", r.tool_version);
  w.end_object();
  w.member("timestamp", r.timestamp);
  w.key("sbom").begin_object();
  w.member("path", r.sbom.source_path);
  w.member("format", to_string(r.sbom.format));
  w.member("spec_version", r.sbom.spec_version);
  w.member("components", comps.size());
  w.end_object();
  w.member("database", r.database);
  const auto& s = r.result.summary;
  w.key("summary").begin_object();
  w.member("components", s.components);
  w.member("resolved", s.resolved);
  w.member("matched_components", s.matched_components);
  w.member("findings", s.findings);
  w.member("not_covered", s.uncovered.size());
  w.end_object();
  if (r.statuses) w.member("suppressed_hidden", r.suppressed_hidden);
  w.key("findings").begin_array();
  for (std::size_t i = 0; i < r.result.findings.size(); ++i) {
    const auto& f = r.result.findings[i];
    w.begin_object();
    w.key("component");
    detail::write_component(w, comps[f.component]);
    w.member("id", f->id);
    w.member_strings("aliases", f->aliases);
    w.member_strings("records", f->record_ids);
    w.member("summary", f->summary);
    w.member("severity", f->severity);
    w.key("match").begin_object();
    w.member("kind", f->match_kind).member("confidence", f->confidence);
    w.end_object();
    w.member("priority", f->priority);
    w.member("fix_by", f->fix_by);
    w.member("priority_reason", f->priority_reason);
    w.member("article14_candidate", f->article14_candidate);
    w.key("cvss");
    if (f->cvss_score >= 0) {
      w.begin_object();
      w.member("score", f->cvss_score);
      w.member("version", f->cvss_version);
      w.member("vector", f->cvss_vector);
      w.member("severity", f->severity);
      w.member("source", f->cvss_source);
      w.end_object();
    } else {
      w.null();
    }
    w.key("cvss_all").begin_array();
    for (const auto& c : f->cvss_all) {
      w.begin_object();
      w.member("version", c.version);
      w.member("score", c.score);
      w.member("vector", c.vector);
      w.member("severity", c.severity);
      w.member("source", c.source);
      w.end_object();
    }
    w.end_array();
    w.key("epss");
    if (f->epss) {
      w.begin_object();
      w.member("score", *f->epss);
      w.member("percentile", f->epss_percentile.value_or(0));
      w.member("date", f->epss_date);
      w.end_object();
    } else {
      w.null();
    }
    w.key("kev").begin_object().member("listed", f->kev);
    if (f->kev) {
      w.member("date_added", f->kev_date_added);
      w.member("due_date", f->kev_due_date);
      w.member("ransomware", f->kev_ransomware);
    }
    w.end_object();
    w.member_strings("cwes", f->cwes);
    w.member_strings("fixed_versions", f->fixed_versions);
    w.member("published", f->published);
    w.member("modified", f->modified);
    w.member_strings("references", f->references);
    w.key("evidence");
    detail::write_evidence(w, f->evidence);
    if (const FindingStatus* st = r.status(i)) {
      w.key("analysis");
      detail::write_status(w, *st);
    }
    w.end_object();
  }
  w.end_array();
  w.key("not_covered").begin_array();
  for (const auto& u : s.uncovered) {
    detail::write_component(w, comps[u.component], true);
    w.member("reason", u.reason);
    w.end_object();
  }
  w.end_array();
  w.member_strings("notes", s.notes);
  w.end_object();
  w.flush();
  out << "\n";
}

}  // namespace bulwark::report
