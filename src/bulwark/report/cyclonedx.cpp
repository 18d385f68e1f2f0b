// CycloneDX 1.6 vulnerability report (VDR). Each vulnerability appears once, lists its aliases
// in `references`, and names the affected components by the input SBOM's bom-ref in
// `affects[].ref`. The affected components are repeated (bom-ref, name, version, purl) so that
// the document stands on its own and its references resolve.
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "bulwark/core/text.hpp"
#include "bulwark/report/json_util.hpp"
#include "bulwark/report/report.hpp"

namespace bulwark::report {
namespace {

std::string source_name(const std::string& id) {
  if (id.starts_with("CVE-")) return "NVD";
  if (id.starts_with("GHSA-")) return "GitHub Advisory Database";
  if (id.starts_with("PYSEC-")) return "PyPA Advisory Database";
  if (id.starts_with("GO-")) return "Go Vulnerability Database";
  if (id.starts_with("RUSTSEC-")) return "RustSec Advisory Database";
  return "OSV";
}

std::string fmt_num(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5f", d);
  return buf;
}

// CycloneDX component types; anything else (e.g. an SPDX purpose) becomes "library".
std::string cdx_type(const std::string& t) {
  static const std::set<std::string> kTypes{"application",
                                            "framework",
                                            "library",
                                            "container",
                                            "platform",
                                            "operating-system",
                                            "device",
                                            "device-driver",
                                            "firmware",
                                            "file",
                                            "machine-learning-model",
                                            "data",
                                            "cryptographic-asset"};
  return kTypes.count(t) ? t : "library";
}

}  // namespace

void write_cyclonedx(const ScanReport& r, std::ostream& out) {
  using nlohmann::ordered_json;
  const auto& comps = r.sbom.components;
  ordered_json doc;
  doc["bomFormat"] = "CycloneDX";
  doc["specVersion"] = "1.6";
  doc["serialNumber"] = "urn:uuid:" + random_uuid4();
  doc["version"] = 1;
  ordered_json meta;
  meta["timestamp"] = r.timestamp;
  meta["tools"] = {{"components", ordered_json::array({{{"type", "application"},
                                                        {"name", "bulwark"},
                                                        {"version", r.tool_version}}})}};
  if (r.sbom.subject) {
    ordered_json subj = {
        {"type", r.sbom.subject->type.empty() ? "application" : cdx_type(r.sbom.subject->type)},
        {"name", r.sbom.subject->name}};
    if (!r.sbom.subject->version.empty()) subj["version"] = r.sbom.subject->version;
    meta["component"] = std::move(subj);
  }
  doc["metadata"] = std::move(meta);

  // One vulnerability per id; affects collects every component it was found in.
  std::map<std::string, std::vector<const match::Finding*>> by_id;
  std::vector<std::string> order;
  for (const auto& f : r.result.findings) {
    if (!by_id.count(f->id)) order.push_back(f->id);
    by_id[f->id].push_back(&f);
  }
  std::set<std::size_t> affected_components;
  detail::ObjectStream stream(out);
  for (auto& [k, v] : doc.items()) stream.member(k, v);
  // Components first need the set of affected ones: a cheap pass over the findings.
  for (const auto& f : r.result.findings) affected_components.insert(f.component);
  stream.begin_array("components");
  for (auto ci : affected_components) {
    const Component& c = comps[ci];
    ordered_json j = {{"type", cdx_type(c.type)}, {"bom-ref", c.bom_ref}};
    if (!c.group.empty()) j["group"] = c.group;
    j["name"] = c.name;
    if (!c.version.empty()) j["version"] = c.version;
    if (!c.purl.empty()) j["purl"] = c.purl;
    stream.element(j);
  }
  stream.end_array();
  stream.begin_array("vulnerabilities");
  for (const auto& id : order) {
    const auto& group = by_id[id];
    const match::Finding& f = *group.front();
    ordered_json v;
    v["bom-ref"] = "vuln:" + id;
    v["id"] = id;
    v["source"] = {{"name", source_name(id)}};
    std::set<std::string> aliases;
    for (const auto* g : group) aliases.insert((*g)->aliases.begin(), (*g)->aliases.end());
    if (!aliases.empty()) {
      ordered_json refs = ordered_json::array();
      for (const auto& a : aliases)
        refs.push_back({{"id", a}, {"source", {{"name", source_name(a)}}}});
      v["references"] = std::move(refs);
    }
    ordered_json ratings = ordered_json::array();
    for (const auto& c : f->cvss_all) {
      ordered_json rating;
      rating["source"] = {{"name", c.source}};
      rating["score"] = c.score;
      rating["severity"] = detail::cdx_severity(c.severity);
      rating["method"] = c.version == "3.1"   ? "CVSSv31"
                         : c.version == "3.0" ? "CVSSv3"
                         : c.version == "4.0" ? "CVSSv4"
                                              : "CVSSv2";
      rating["vector"] = c.vector;
      ratings.push_back(std::move(rating));
    }
    if (ratings.empty())
      ratings.push_back({{"source", {{"name", source_name(id)}}},
                         {"severity", detail::cdx_severity(f->severity)}});
    v["ratings"] = std::move(ratings);
    ordered_json props = ordered_json::array();
    props.push_back({{"name", "bulwark:priority"}, {"value", f->priority}});
    props.push_back({{"name", "bulwark:fix-by"}, {"value", f->fix_by}});
    props.push_back({{"name", "bulwark:kev"}, {"value", f->kev ? "true" : "false"}});
    if (f->epss) {
      props.push_back({{"name", "bulwark:epss"}, {"value", fmt_num(*f->epss)}});
      props.push_back({{"name", "bulwark:epss-percentile"},
                       {"value", fmt_num(f->epss_percentile.value_or(0))}});
    }
    v["properties"] = std::move(props);
    ordered_json cwes = ordered_json::array();
    for (const auto& c : f->cwes)
      if (c.starts_with("CWE-")) {
        try {
          cwes.push_back(std::stoi(c.substr(4)));
        } catch (...) {
        }
      }
    if (!cwes.empty()) v["cwes"] = std::move(cwes);
    if (!f->summary.empty()) v["description"] = f->summary;
    if (!f->fixed_versions.empty()) {
      std::string rec = "Upgrade to a fixed version:";
      for (const auto& fx : f->fixed_versions) rec += " " + fx;
      v["recommendation"] = rec;
    }
    if (!f->published.empty()) v["published"] = f->published;
    if (!f->modified.empty()) v["updated"] = f->modified;
    ordered_json affects = ordered_json::array();
    for (const auto* g : group) {
      const Component& c = comps[g->component];
      ordered_json a = {{"ref", c.bom_ref}};
      if (!c.version.empty())
        a["versions"] = ordered_json::array({{{"version", c.version}, {"status", "affected"}}});
      affects.push_back(std::move(a));
    }
    v["affects"] = std::move(affects);
    for (const auto* g : group) {
      const FindingStatus* st = r.status(static_cast<std::size_t>(g - r.result.findings.data()));
      if (st && st->analysis) {
        v["analysis"] = detail::cdx_analysis(*st->analysis);
        break;
      }
    }
    stream.element(v);
  }
  stream.end_array();
  stream.close();
  out << "\n";
}

}  // namespace bulwark::report
