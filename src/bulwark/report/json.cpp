// Bulwark's own JSON scan result ("bulwark-scan/1"): stable field names, every finding with
// the component, merged ids, severity, fixed versions and the evidence that produced it.
#include "bulwark/report/json_util.hpp"
#include "bulwark/report/report.hpp"

namespace bulwark::report {
namespace detail {

nlohmann::ordered_json component_json(const Component& c) {
  nlohmann::ordered_json j;
  j["bom_ref"] = c.bom_ref;
  j["name"] = c.group.empty() ? c.name : c.group + "/" + c.name;
  j["version"] = c.version;
  if (!c.purl.empty()) j["purl"] = c.purl;
  if (!c.source_name.empty()) j["source_name"] = c.source_name;
  return j;
}

nlohmann::ordered_json evidence_json(const match::Evidence& e) {
  return {{"record", e.record_id},
          {"ecosystem", e.ecosystem},
          {"package", e.package},
          {"matched_by", e.matched_by},
          {"range", e.range}};
}

ObjectStream::ObjectStream(std::ostream& out, int indent) : out_(out), indent_(indent) {
  out_ << "{";
}

void ObjectStream::write_indented(const nlohmann::ordered_json& value, int indent) {
  // Text from SBOMs and advisories is not always valid UTF-8: replace bad bytes, never throw.
  std::string text = value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::string pad(static_cast<std::size_t>(indent), ' ');
  for (char c : text) {
    out_ << c;
    if (c == '\n') out_ << pad;
  }
}

void ObjectStream::member(std::string_view key, const nlohmann::ordered_json& value) {
  out_ << (first_member_ ? "\n" : ",\n") << std::string(indent_ + 2, ' ')
       << nlohmann::ordered_json(key).dump() << ": ";
  first_member_ = false;
  write_indented(value, indent_ + 2);
}

void ObjectStream::begin_array(std::string_view key) {
  out_ << (first_member_ ? "\n" : ",\n") << std::string(indent_ + 2, ' ')
       << nlohmann::ordered_json(key).dump() << ": [";
  first_member_ = false;
  first_element_ = true;
}

void ObjectStream::element(const nlohmann::ordered_json& value) {
  out_ << (first_element_ ? "\n" : ",\n") << std::string(indent_ + 4, ' ');
  first_element_ = false;
  write_indented(value, indent_ + 4);
}

void ObjectStream::open_element() {
  out_ << (first_element_ ? "\n" : ",\n") << std::string(indent_ + 4, ' ');
  first_element_ = false;
}

void ObjectStream::end_array() {
  if (!first_element_) out_ << "\n" << std::string(indent_ + 2, ' ');
  out_ << "]";
}

void ObjectStream::close() { out_ << "\n" << std::string(indent_, ' ') << "}"; }

nlohmann::ordered_json status_json(const FindingStatus& st) {
  nlohmann::ordered_json j;
  if (st.analysis) {
    const Analysis& a = *st.analysis;
    j["state"] = std::string(to_string(a.state));
    if (a.justification != Justification::kNone)
      j["justification"] = std::string(to_string(a.justification));
    if (!a.responses.empty()) j["responses"] = a.responses;
    if (!a.detail.empty()) j["detail"] = a.detail;
    if (!a.action_statement.empty()) j["action_statement"] = a.action_statement;
    if (!a.author.empty()) j["author"] = a.author;
    if (!a.timestamp.empty()) j["timestamp"] = a.timestamp;
  } else {
    j["state"] = nullptr;
  }
  j["inherited"] = st.inherited;
  if (!st.origin.empty()) j["origin"] = st.origin;
  j["suppressed"] = st.suppressed;
  if (!st.first_seen.empty()) j["first_seen"] = st.first_seen;
  if (!st.last_seen.empty()) j["last_seen"] = st.last_seen;
  return j;
}

nlohmann::ordered_json cdx_analysis(const Analysis& a) {
  nlohmann::ordered_json j;
  switch (a.state) {
    case AnalysisState::kAffected:
      j["state"] = "exploitable";
      break;
    case AnalysisState::kNotAffected:
      j["state"] = "not_affected";
      break;
    case AnalysisState::kFixed:
      j["state"] = "resolved";
      break;
    case AnalysisState::kUnderInvestigation:
      j["state"] = "in_triage";
      break;
    case AnalysisState::kFalsePositive:
      j["state"] = "false_positive";
      break;
  }
  switch (a.justification) {
    case Justification::kNone:
      break;
    case Justification::kComponentNotPresent:
      j["justification"] = "requires_dependency";
      break;
    case Justification::kVulnerableCodeNotPresent:
      j["justification"] = "code_not_present";
      break;
    case Justification::kVulnerableCodeNotInExecutePath:
      j["justification"] = "code_not_reachable";
      break;
    case Justification::kVulnerableCodeCannotBeControlledByAdversary:
      j["justification"] = "requires_environment";
      break;
    case Justification::kInlineMitigationsAlreadyExist:
      j["justification"] = "protected_by_mitigating_control";
      break;
  }
  if (!a.responses.empty()) j["response"] = a.responses;
  if (!a.detail.empty()) j["detail"] = a.detail;
  return j;
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
  using nlohmann::ordered_json;
  const auto& comps = r.sbom.components;
  detail::ObjectStream doc(out);
  doc.member("schema", "bulwark-scan/1");
  doc.member("tool", {{"name", "bulwark"}, {"version", r.tool_version}});
  doc.member("timestamp", r.timestamp);
  doc.member("sbom", {{"path", r.sbom.source_path},
                      {"format", to_string(r.sbom.format)},
                      {"spec_version", r.sbom.spec_version},
                      {"components", comps.size()}});
  doc.member("database", r.database);
  const auto& s = r.result.summary;
  doc.member("summary", {{"components", s.components},
                         {"resolved", s.resolved},
                         {"matched_components", s.matched_components},
                         {"findings", s.findings},
                         {"not_covered", s.uncovered.size()}});
  if (r.statuses) doc.member("suppressed_hidden", r.suppressed_hidden);
  doc.begin_array("findings");
  for (std::size_t i = 0; i < r.result.findings.size(); ++i) {
    const auto& f = r.result.findings[i];
    ordered_json j;
    j["component"] = detail::component_json(comps[f.component]);
    j["id"] = f->id;
    j["aliases"] = f->aliases;
    j["records"] = f->record_ids;
    j["summary"] = f->summary;
    j["severity"] = f->severity;
    j["match"] = {{"kind", f->match_kind}, {"confidence", f->confidence}};
    j["priority"] = f->priority;
    j["fix_by"] = f->fix_by;
    j["priority_reason"] = f->priority_reason;
    j["article14_candidate"] = f->article14_candidate;
    if (f->cvss_score >= 0) {
      j["cvss"] = {{"score", f->cvss_score},
                   {"version", f->cvss_version},
                   {"vector", f->cvss_vector},
                   {"severity", f->severity},
                   {"source", f->cvss_source}};
    } else {
      j["cvss"] = nullptr;
    }
    ordered_json all = ordered_json::array();
    for (const auto& c : f->cvss_all)
      all.push_back({{"version", c.version},
                     {"score", c.score},
                     {"vector", c.vector},
                     {"severity", c.severity},
                     {"source", c.source}});
    j["cvss_all"] = std::move(all);
    if (f->epss) {
      j["epss"] = {{"score", *f->epss},
                   {"percentile", f->epss_percentile.value_or(0)},
                   {"date", f->epss_date}};
    } else {
      j["epss"] = nullptr;
    }
    j["kev"] = {{"listed", f->kev}};
    if (f->kev) {
      j["kev"]["date_added"] = f->kev_date_added;
      j["kev"]["due_date"] = f->kev_due_date;
      j["kev"]["ransomware"] = f->kev_ransomware;
    }
    j["cwes"] = f->cwes;
    j["fixed_versions"] = f->fixed_versions;
    j["published"] = f->published;
    j["modified"] = f->modified;
    j["references"] = f->references;
    ordered_json ev = ordered_json::array();
    for (const auto& e : f->evidence) ev.push_back(detail::evidence_json(e));
    j["evidence"] = std::move(ev);
    if (const FindingStatus* st = r.status(i)) j["analysis"] = detail::status_json(*st);
    doc.element(j);
  }
  doc.end_array();
  doc.begin_array("not_covered");
  for (const auto& u : s.uncovered) {
    auto c = detail::component_json(comps[u.component]);
    c["reason"] = u.reason;
    doc.element(c);
  }
  doc.end_array();
  doc.member("notes", s.notes);
  doc.close();
  out << "\n";
}

}  // namespace bulwark::report
