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
  using nlohmann::ordered_json;
  const auto& comps = r.sbom.components;
  // First pass: one rule per vulnerability id (small); second pass streams the results.
  ordered_json rules = ordered_json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const auto& f : r.result.findings) {
    auto [it, inserted] = rule_index.emplace(f->id, rules.size());
    if (!inserted) continue;
    ordered_json rule;
    rule["id"] = f->id;
    rule["shortDescription"] = {{"text", f->summary.empty() ? f->id : f->summary}};
    std::string help = f->id;
    if (!f->aliases.empty()) {
      help += " (also";
      for (const auto& a : f->aliases) help += " " + a;
      help += ")";
    }
    rule["help"] = {{"text", help}};
    ordered_json props;
    props["tags"] = {"security", "vulnerability"};
    if (f->cvss_score >= 0) props["security-severity"] = fmt_score(f->cvss_score);
    props["severity"] = f->severity;
    rule["properties"] = std::move(props);
    if (!f->references.empty()) rule["helpUri"] = f->references.front();
    rules.push_back(std::move(rule));
  }
  detail::ObjectStream doc(out);
  doc.member(
      "$schema",
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
  doc.member("version", "2.1.0");
  doc.begin_array("runs");
  doc.open_element();
  detail::ObjectStream run(out, 4);
  run.member("tool", {{"driver",
                       {{"name", "bulwark"},
                        {"version", r.tool_version},
                        {"semanticVersion", r.tool_version},
                        {"rules", std::move(rules)}}}});
  run.begin_array("results");
  for (std::size_t i = 0; i < r.result.findings.size(); ++i) {
    const auto& f = r.result.findings[i];
    const Component& c = comps[f.component];
    std::string text = component_label(c) + " is affected by " + f->id;
    if (!f->fixed_versions.empty()) {
      text += "; fixed in";
      for (const auto& v : f->fixed_versions) text += " " + v;
    }
    ordered_json res;
    res["ruleId"] = f->id;
    res["ruleIndex"] = rule_index[f->id];
    res["level"] = level_of(f->priority);
    res["message"] = {{"text", text}};
    ordered_json loc;
    loc["physicalLocation"] = {{"artifactLocation", {{"uri", r.sbom.source_path}}}};
    loc["logicalLocations"] =
        ordered_json::array({{{"name", component_label(c)},
                              {"fullyQualifiedName", c.purl.empty() ? c.bom_ref : c.purl},
                              {"kind", "package"}}});
    res["locations"] = ordered_json::array({loc});
    res["partialFingerprints"] = {
        {"bulwark/v1", f->id + "|" + (c.purl.empty() ? c.bom_ref : c.purl)}};
    ordered_json props;
    props["component"] = detail::component_json(c);
    props["priority"] = f->priority;
    props["fix_by"] = f->fix_by;
    props["severity"] = f->severity;
    if (f->cvss_score >= 0)
      props["cvss"] = {
          {"score", f->cvss_score}, {"version", f->cvss_version}, {"vector", f->cvss_vector}};
    if (f->epss)
      props["epss"] = {{"score", *f->epss}, {"percentile", f->epss_percentile.value_or(0)}};
    props["kev"] = f->kev;
    ordered_json ev = ordered_json::array();
    for (const auto& e : f->evidence) ev.push_back(detail::evidence_json(e));
    props["evidence"] = std::move(ev);
    if (const FindingStatus* st = r.status(i)) {
      props["analysis"] = detail::status_json(*st);
      // SARIF suppressions: an analysis that says the finding does not apply.
      if (st->suppressed && st->analysis) {
        std::string why(to_string(st->analysis->state));
        if (st->analysis->justification != Justification::kNone)
          why += ": " + std::string(to_string(st->analysis->justification));
        if (!st->analysis->detail.empty()) why += ": " + st->analysis->detail;
        res["suppressions"] = ordered_json::array(
            {{{"kind", "external"}, {"status", "accepted"}, {"justification", why}}});
      }
    }
    res["properties"] = std::move(props);
    run.element(res);
  }
  run.end_array();
  run.member("artifacts", ordered_json::array({{{"location", {{"uri", r.sbom.source_path}}}}}));
  run.close();
  doc.end_array();
  doc.close();
  out << "\n";
}

}  // namespace bulwark::report
