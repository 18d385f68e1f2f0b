// CycloneDX 1.6 VEX writer: a standalone BOM with one component per statement component and one
// vulnerability per statement. Deterministic (serial number derived from the content).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "bulwark/core/text.hpp"
#include "bulwark/purl/purl.hpp"
#include "bulwark/vex/internal.hpp"
#include "bulwark/vex/vex.hpp"

namespace bulwark::vex {
namespace {

using ojson = nlohmann::ordered_json;

std::string_view cdx_state(AnalysisState s) {
  switch (s) {
    case AnalysisState::kAffected:
      return "exploitable";
    case AnalysisState::kNotAffected:
      return "not_affected";
    case AnalysisState::kFixed:
      return "resolved";
    case AnalysisState::kFalsePositive:
      return "false_positive";
    case AnalysisState::kUnderInvestigation:
      break;
  }
  return "in_triage";
}

std::string_view cdx_justification(Justification j) {
  switch (j) {
    case Justification::kComponentNotPresent:
      return "requires_dependency";
    case Justification::kVulnerableCodeNotPresent:
      return "code_not_present";
    case Justification::kVulnerableCodeNotInExecutePath:
      return "code_not_reachable";
    case Justification::kVulnerableCodeCannotBeControlledByAdversary:
      return "requires_environment";
    case Justification::kInlineMitigationsAlreadyExist:
      return "protected_by_mitigating_control";
    case Justification::kNone:
      break;
  }
  return "";
}

ojson component(const std::string& id) {
  ojson c = ojson::object();
  c["type"] = "library";
  c["bom-ref"] = id;
  auto p = purl::parse(id, purl::Mode::kPermissive);
  if (!p) {
    c["name"] = id;
    if (starts_with_icase(id, "cpe:")) c["cpe"] = id;
    return c;
  }
  if (!p->ns.empty()) c["group"] = p->ns;
  c["name"] = p->name;
  if (!p->version.empty()) c["version"] = p->version;
  c["purl"] = id;
  return c;
}

ojson source(std::string_view id) {
  std::string name = detail::source_name_for(id);
  return name.empty() ? ojson::object() : ojson{{"name", name}};
}

ojson analysis(const Analysis& a) {
  ojson an = ojson::object();
  an["state"] = cdx_state(a.state);
  if (auto j = cdx_justification(a.justification); !j.empty()) an["justification"] = j;
  if (!a.responses.empty()) an["response"] = a.responses;
  if (!a.detail.empty()) an["detail"] = a.detail;
  if (auto ts = detail::normalise_timestamp(a.timestamp, ""); ts && !ts->empty())
    an["lastUpdated"] = *ts;
  return an;
}

ojson vulnerability(const VexStatement& s) {
  ojson v = ojson::object();
  v["id"] = s.vulnerability;
  if (auto src = source(s.vulnerability); !src.empty()) v["source"] = src;
  ojson refs = ojson::array();
  std::set<std::string> seen{s.vulnerability};
  for (const auto& a : s.aliases)
    if (seen.insert(a).second) refs.push_back({{"id", a}, {"source", source(a)}});
  if (!refs.empty()) v["references"] = std::move(refs);
  if (!s.analysis.action_statement.empty()) v["recommendation"] = s.analysis.action_statement;
  v["analysis"] = analysis(s.analysis);
  ojson affects = ojson::array();
  std::set<std::string> comps;
  for (const auto& c : s.components)
    if (comps.insert(c).second) affects.push_back({{"ref", c}});
  if (!affects.empty()) v["affects"] = std::move(affects);
  ojson props = ojson::array();
  if (!s.product.empty()) props.push_back({{"name", "bulwark:vex:product"}, {"value", s.product}});
  if (!s.product_version.empty())
    props.push_back({{"name", "bulwark:vex:product_version"}, {"value", s.product_version}});
  if (!props.empty()) v["properties"] = std::move(props);
  return v;
}

bool is_uuid_urn(const std::string& id) {
  if (id.size() != 45 || !id.starts_with("urn:uuid:")) return false;
  for (std::size_t i = 9; i < id.size(); ++i) {
    char c = id[i];
    bool dash = i == 17 || i == 22 || i == 27 || i == 32;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string write_cyclonedx_vex(const VexDocument& doc) {
  ojson comps = ojson::array();
  std::set<std::string> seen;
  ojson vulns = ojson::array();
  for (const auto& s : doc.statements) {
    for (const auto& c : s.components)
      if (seen.insert(c).second) comps.push_back(component(c));
    vulns.push_back(vulnerability(s));
  }
  ojson meta = ojson::object();
  if (auto ts = detail::normalise_timestamp(doc.timestamp, ""); ts && !ts->empty())
    meta["timestamp"] = *ts;
  meta["tools"] = {{"components", ojson::array({{{"type", "application"}, {"name", "bulwark"}}})}};
  if (!doc.author.empty()) meta["authors"] = ojson::array({{{"name", doc.author}}});
  ojson body = ojson::object();
  body["metadata"] = std::move(meta);
  if (!comps.empty()) body["components"] = std::move(comps);
  body["vulnerabilities"] = std::move(vulns);

  ojson out = ojson::object();
  out["bomFormat"] = "CycloneDX";
  out["specVersion"] = "1.6";
  out["serialNumber"] = is_uuid_urn(doc.id)
                            ? doc.id
                            : "urn:uuid:" + detail::uuid_from(doc.id + detail::dump_json(body));
  long long version = 1;
  if (!doc.version.empty() && doc.version.size() < 10 &&
      doc.version.find_first_not_of("0123456789") == std::string::npos)
    version = std::max(1LL, std::stoll(doc.version));
  out["version"] = version;
  for (auto it = body.begin(); it != body.end(); ++it) out[it.key()] = it.value();
  return detail::dump_json(out, 2) + "\n";
}

}  // namespace bulwark::vex
