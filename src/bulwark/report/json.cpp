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
  ordered_json doc;
  doc["schema"] = "bulwark-scan/1";
  doc["tool"] = {{"name", "bulwark"}, {"version", r.tool_version}};
  doc["timestamp"] = r.timestamp;
  doc["sbom"] = {{"path", r.sbom.source_path},
                 {"format", to_string(r.sbom.format)},
                 {"spec_version", r.sbom.spec_version},
                 {"components", comps.size()}};
  doc["database"] = r.database;
  const auto& s = r.result.summary;
  ordered_json uncovered = ordered_json::array();
  for (const auto& u : s.uncovered) {
    auto c = detail::component_json(comps[u.component]);
    c["reason"] = u.reason;
    uncovered.push_back(std::move(c));
  }
  doc["summary"] = {{"components", s.components},
                    {"resolved", s.resolved},
                    {"matched_components", s.matched_components},
                    {"findings", s.findings},
                    {"not_covered", s.uncovered.size()}};
  ordered_json findings = ordered_json::array();
  for (const auto& f : r.result.findings) {
    ordered_json j;
    j["component"] = detail::component_json(comps[f.component]);
    j["id"] = f.id;
    j["aliases"] = f.aliases;
    j["records"] = f.record_ids;
    j["summary"] = f.summary;
    j["severity"] = f.severity;
    if (f.cvss_score >= 0 || !f.cvss_vector.empty()) {
      ordered_json cv;
      if (f.cvss_score >= 0) cv["score"] = f.cvss_score;
      if (!f.cvss_vector.empty()) cv["vector"] = f.cvss_vector;
      j["cvss"] = std::move(cv);
    }
    j["cwes"] = f.cwes;
    j["fixed_versions"] = f.fixed_versions;
    j["published"] = f.published;
    j["modified"] = f.modified;
    j["references"] = f.references;
    ordered_json ev = ordered_json::array();
    for (const auto& e : f.evidence) ev.push_back(detail::evidence_json(e));
    j["evidence"] = std::move(ev);
    findings.push_back(std::move(j));
  }
  doc["findings"] = std::move(findings);
  doc["not_covered"] = std::move(uncovered);
  doc["notes"] = s.notes;
  out << doc.dump(2) << "\n";
}

}  // namespace bulwark::report
