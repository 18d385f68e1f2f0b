// SARIF 2.1.0: one rule per vulnerability id, one result per finding. Level follows severity
// (CRITICAL/HIGH error, MEDIUM warning, LOW/UNKNOWN note); GitHub's security-severity carries
// the CVSS score.
#include <cstdio>
#include <map>

#include "bulwark/report/json_util.hpp"
#include "bulwark/report/report.hpp"

namespace bulwark::report {
namespace {

std::string fmt_score(double s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", s);
  return buf;
}

// SARIF level follows the priority: P0/P1 error, P2 warning, P3/P4 note.
const char* level_of(const std::string& priority) {
  if (priority == "P0" || priority == "P1") return "error";
  if (priority == "P2") return "warning";
  return "note";
}

}  // namespace

void write_sarif(const ScanReport& r, std::ostream& out) {
  const auto& comps = r.sbom.components;
  // One rule per vulnerability id, in order of first appearance.
  std::vector<const match::Finding*> rules;
  std::map<std::string, std::size_t, std::less<>> rule_index;
  for (const auto& f : r.result.findings)
    if (rule_index.emplace(f->id, rules.size()).second) rules.push_back(&f);
  JsonWriter w(out);
  w.begin_object();
  w.member(
      "$schema",
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
  w.member("version", "2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.member("name", "bulwark");
  w.member("version", r.tool_version);
  w.member("semanticVersion", r.tool_version);
  w.key("rules").begin_array();
  for (const match::Finding* rf : rules) {
    const match::Finding& f = *rf;
    w.begin_object();
    w.member("id", f->id);
    w.key("shortDescription").begin_object();
    w.member("text", f->summary.empty() ? f->id : f->summary).end_object();
    std::string help = f->id;
    if (!f->aliases.empty()) {
      help += " (also";
      for (const auto& a : f->aliases) help += " " + a;
      help += ")";
    }
    w.key("help").begin_object().member("text", help).end_object();
    w.key("properties").begin_object();
    w.key("tags").begin_array().value("security").value("vulnerability").end_array();
    if (f->cvss_score >= 0) w.member("security-severity", fmt_score(f->cvss_score));
    w.member("severity", f->severity);
    w.end_object();
    if (!f->references.empty()) w.member("helpUri", f->references.front());
    w.end_object();
  }
  w.end_array().end_object().end_object();  // rules, driver, tool
  w.key("results").begin_array();
  for (std::size_t i = 0; i < r.result.findings.size(); ++i) {
    const auto& f = r.result.findings[i];
    const Component& c = comps[f.component];
    const std::string label = component_label(c);
    const std::string& qualified = c.purl.empty() ? c.bom_ref : c.purl;
    std::string text = label + " is affected by " + f->id;
    if (!f->fixed_versions.empty()) {
      text += "; fixed in";
      for (const auto& v : f->fixed_versions) text += " " + v;
    }
    w.begin_object();
    w.member("ruleId", f->id);
    w.member("ruleIndex", rule_index.find(f->id)->second);
    w.member("level", level_of(f->priority));
    w.key("message").begin_object().member("text", text).end_object();
    w.key("locations").begin_array().begin_object();
    w.key("physicalLocation").begin_object().key("artifactLocation").begin_object();
    w.member("uri", r.sbom.source_path).end_object().end_object();
    w.key("logicalLocations").begin_array().begin_object();
    w.member("name", label).member("fullyQualifiedName", qualified).member("kind", "package");
    w.end_object().end_array();
    w.end_object().end_array();  // location, locations
    w.key("partialFingerprints").begin_object();
    w.member("bulwark/v1", f->id + "|" + qualified).end_object();
    const FindingStatus* st = r.status(i);
    // SARIF suppressions: an analysis that says the finding does not apply.
    if (st && st->suppressed && st->analysis) {
      std::string why(to_string(st->analysis->state));
      if (st->analysis->justification != Justification::kNone)
        why += ": " + std::string(to_string(st->analysis->justification));
      if (!st->analysis->detail.empty()) why += ": " + st->analysis->detail;
      w.key("suppressions").begin_array().begin_object();
      w.member("kind", "external").member("status", "accepted").member("justification", why);
      w.end_object().end_array();
    }
    w.key("properties").begin_object();
    w.key("component");
    detail::write_component(w, c);
    w.member("priority", f->priority);
    w.member("fix_by", f->fix_by);
    w.member("severity", f->severity);
    if (f->cvss_score >= 0) {
      w.key("cvss").begin_object();
      w.member("score", f->cvss_score).member("version", f->cvss_version);
      w.member("vector", f->cvss_vector).end_object();
    }
    if (f->epss) {
      w.key("epss").begin_object().member("score", *f->epss);
      w.member("percentile", f->epss_percentile.value_or(0)).end_object();
    }
    w.member("kev", f->kev);
    w.key("evidence");
    detail::write_evidence(w, f->evidence);
    if (st) {
      w.key("analysis");
      detail::write_status(w, *st);
    }
    w.end_object();  // properties
    w.end_object();  // result
  }
  w.end_array();
  w.key("artifacts").begin_array().begin_object().key("location").begin_object();
  w.member("uri", r.sbom.source_path).end_object().end_object().end_array();
  w.end_object().end_array();  // run, runs
  w.end_object();
  w.flush();
  out << "\n";
}

}  // namespace bulwark::report
