// CycloneDX 1.6 vulnerability report (VDR). Each vulnerability appears once, lists its aliases
// in `references`, and names the affected components by the input SBOM's bom-ref in
// `affects[].ref`. The affected components are repeated (bom-ref, name, version, purl) so that
// the document stands on its own and its references resolve.
#include <charconv>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "bulwark/core/text.hpp"
#include "bulwark/report/json_util.hpp"
#include "bulwark/report/report.hpp"
#include "bulwark/sbom/writer.hpp"

namespace bulwark::report {
namespace {

std::string_view source_name(std::string_view id) {
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

}  // namespace

void write_cyclonedx(const ScanReport& r, std::ostream& out) {
  const auto& comps = r.sbom.components;
  JsonWriter w(out);
  w.begin_object();
  w.member("bomFormat", "CycloneDX");
  w.member("specVersion", "1.6");
  w.member("serialNumber", "urn:uuid:" + random_uuid4());
  w.member("version", 1);
  w.key("metadata").begin_object();
  w.member("timestamp", r.timestamp);
  w.key("tools").begin_object().key("components").begin_array().begin_object();
  w.member("type", "application").member("name", "bulwark").member("version", r.tool_version);
  w.end_object().end_array().end_object();
  if (r.sbom.subject) {
    const Component& subject = *r.sbom.subject;
    w.key("component").begin_object();
    w.member("type",
             subject.type.empty() ? "application" : sbom::cyclonedx_component_type(subject.type));
    w.member("name", subject.name);
    if (!subject.version.empty()) w.member("version", subject.version);
    w.end_object();
  }
  w.end_object();

  // One vulnerability per id; affects collects every component it was found in.
  std::map<std::string_view, std::vector<const match::Finding*>> by_id;
  std::vector<std::string_view> order;
  std::vector<bool> affected(comps.size(), false);
  for (const auto& f : r.result.findings) {
    auto& group = by_id[f->id];
    if (group.empty()) order.push_back(f->id);
    group.push_back(&f);
    affected[f.component] = true;
  }
  w.key("components").begin_array();
  for (std::size_t ci = 0; ci < comps.size(); ++ci) {
    if (!affected[ci]) continue;
    const Component& c = comps[ci];
    w.begin_object();
    w.member("type", sbom::cyclonedx_component_type(c.type));
    w.member("bom-ref", c.bom_ref);
    if (!c.group.empty()) w.member("group", c.group);
    w.member("name", c.name);
    if (!c.version.empty()) w.member("version", c.version);
    if (!c.purl.empty()) w.member("purl", c.purl);
    w.end_object();
  }
  w.end_array();
  w.key("vulnerabilities").begin_array();
  for (const auto id : order) {
    const auto& group = by_id[id];
    const match::Finding& f = *group.front();
    w.begin_object();
    w.member("bom-ref", "vuln:" + std::string(id));
    w.member("id", id);
    w.key("source").begin_object().member("name", source_name(id)).end_object();
    std::set<std::string_view> aliases;
    for (const auto* g : group) aliases.insert((*g)->aliases.begin(), (*g)->aliases.end());
    if (!aliases.empty()) {
      w.key("references").begin_array();
      for (const auto a : aliases) {
        w.begin_object().member("id", a);
        w.key("source").begin_object().member("name", source_name(a)).end_object();
        w.end_object();
      }
      w.end_array();
    }
    w.key("ratings").begin_array();
    for (const auto& c : f->cvss_all) {
      w.begin_object();
      w.key("source").begin_object().member("name", c.source).end_object();
      w.member("score", c.score);
      w.member("severity", detail::cdx_severity(c.severity));
      w.member("method", c.version == "3.1"   ? "CVSSv31"
                         : c.version == "3.0" ? "CVSSv3"
                         : c.version == "4.0" ? "CVSSv4"
                                              : "CVSSv2");
      w.member("vector", c.vector);
      w.end_object();
    }
    if (f->cvss_all.empty()) {
      w.begin_object();
      w.key("source").begin_object().member("name", source_name(id)).end_object();
      w.member("severity", detail::cdx_severity(f->severity));
      w.end_object();
    }
    w.end_array();
    auto property = [&w](std::string_view name, std::string_view value) {
      w.begin_object().member("name", name).member("value", value).end_object();
    };
    w.key("properties").begin_array();
    property("bulwark:priority", f->priority);
    property("bulwark:fix-by", f->fix_by);
    property("bulwark:kev", f->kev ? "true" : "false");
    if (f->epss) {
      property("bulwark:epss", fmt_num(*f->epss));
      property("bulwark:epss-percentile", fmt_num(f->epss_percentile.value_or(0)));
    }
    w.end_array();
    std::vector<int> cwes;
    for (const auto& c : f->cwes) {
      int n = 0;
      if (!c.starts_with("CWE-")) continue;
      if (std::from_chars(c.data() + 4, c.data() + c.size(), n).ec == std::errc{})
        cwes.push_back(n);
    }
    if (!cwes.empty()) {
      w.key("cwes").begin_array();
      for (int n : cwes) w.value(n);
      w.end_array();
    }
    if (!f->summary.empty()) w.member("description", f->summary);
    if (!f->fixed_versions.empty()) {
      std::string rec = "Upgrade to a fixed version:";
      for (const auto& fx : f->fixed_versions) rec += " " + fx;
      w.member("recommendation", rec);
    }
    if (!f->published.empty()) w.member("published", f->published);
    if (!f->modified.empty()) w.member("updated", f->modified);
    w.key("affects").begin_array();
    for (const auto* g : group) {
      const Component& c = comps[g->component];
      w.begin_object().member("ref", c.bom_ref);
      if (!c.version.empty()) {
        w.key("versions").begin_array().begin_object();
        w.member("version", c.version).member("status", "affected");
        w.end_object().end_array();
      }
      w.end_object();
    }
    w.end_array();
    for (const auto* g : group) {
      const FindingStatus* st = r.status(static_cast<std::size_t>(g - r.result.findings.data()));
      if (st && st->analysis) {
        w.key("analysis");
        detail::write_cdx_analysis(w, *st->analysis);
        break;
      }
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.flush();
  out << "\n";
}

}  // namespace bulwark::report
