// CycloneDX VEX reader: vulnerabilities[] with analysis and affects[], refs resolved through the
// BOM's bom-refs (nested components, metadata.component, services).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bulwark/core/nesting.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/purl/purl.hpp"
#include "bulwark/vex/internal.hpp"
#include "bulwark/vex/vex.hpp"

namespace bulwark::vex {
namespace {

using detail::string_field;
using nlohmann::json;

constexpr std::string_view kProductProperty = "bulwark:vex:product";
constexpr std::string_view kProductVersionProperty = "bulwark:vex:product_version";

struct Context {
  std::unordered_map<std::string, std::string> refs;  // bom-ref -> purl/cpe ("" = neither)
  std::vector<std::string>* notes = nullptr;
  const VexDocument* doc = nullptr;

  void note(std::string text) const {
    if (notes) notes->push_back(std::move(text));
  }
};

// Walks components/services (and their nested lists); parse_json bounded the document's depth,
// the walk stops at the same limit.
void collect_refs(const json& node, Context& cx, std::size_t depth = 1) {
  if (depth > kMaxNestingDepth) return;
  if (node.is_array()) {
    for (const auto& n : node) collect_refs(n, cx, depth + 1);
    return;
  }
  if (!node.is_object()) return;
  auto ref = node.find("bom-ref");
  if (ref != node.end() && ref->is_string()) {
    std::string id;
    for (const char* key : {"purl", "cpe"})
      if (auto v = node.find(key); v != node.end() && v->is_string() && id.empty())
        id = v->get<std::string>();
    cx.refs.emplace(ref->get<std::string>(), std::move(id));
  }
  for (const char* key : {"components", "services"})
    if (auto c = node.find(key); c != node.end()) collect_refs(*c, cx, depth + 1);
}

bool is_purl(std::string_view s) {
  return static_cast<bool>(purl::parse(s, purl::Mode::kPermissive));
}

// The component a ref speaks about: the purl/CPE of the bom-ref, the ref itself when it is a purl,
// the fragment of a BOM-link resolved the same way; else the ref as written (noted).
std::string resolve_ref(const std::string& ref, const std::string& ptr, const Context& cx) {
  auto try_local = [&](const std::string& r) -> std::string {
    if (auto it = cx.refs.find(r); it != cx.refs.end() && !it->second.empty()) return it->second;
    if (is_purl(r)) return r;
    return "";
  };
  if (auto hit = try_local(ref); !hit.empty()) return hit;
  if (ref.starts_with("urn:cdx:")) {
    auto hash = ref.find('#');
    if (hash != std::string::npos) {
      auto frag = percent_decode(std::string_view(ref).substr(hash + 1));
      if (frag)
        if (auto hit = try_local(*frag); !hit.empty()) return hit;
    }
  }
  bool known = cx.refs.contains(ref);
  cx.note(ptr + ": '" + ref + "' " +
          (known ? "names a component without purl or CPE" : "does not resolve to a purl") +
          "; kept as written");
  return ref;
}

Result<void> read_analysis(const json& v, const std::string& ptr, Analysis& a) {
  const json& an = v.at("analysis");
  if (!an.is_object()) return invalid_input(ptr + "/analysis: expected an object");
  std::string ap = ptr + "/analysis";
  auto state = string_field(an, "state", ap);
  if (!state) return std::unexpected(state.error());
  if (state->empty()) return invalid_input(ap + "/state: missing");
  auto s = analysis_state_from_string(*state);
  if (!s) return invalid_input(ap + "/state: unknown state '" + *state + "'");
  a.state = *s;
  auto just = string_field(an, "justification", ap);
  if (!just) return std::unexpected(just.error());
  if (!just->empty()) {
    auto j = justification_from_string(*just);
    if (!j) return invalid_input(ap + "/justification: unknown justification '" + *just + "'");
    a.justification = *j;
  }
  if (auto r = an.find("response"); r != an.end()) {
    if (!r->is_array()) return invalid_input(ap + "/response: expected an array");
    for (std::size_t i = 0; i < r->size(); ++i) {
      const json& x = (*r)[i];
      static const std::vector<std::string> kOk{"can_not_fix", "will_not_fix", "update", "rollback",
                                                "workaround_available"};
      if (!x.is_string() || std::find(kOk.begin(), kOk.end(), x.get<std::string>()) == kOk.end())
        return invalid_input(ap + "/response/" + std::to_string(i) + ": unknown response " +
                             x.dump());
      a.responses.push_back(x.get<std::string>());
    }
  }
  auto det = string_field(an, "detail", ap);
  if (!det) return std::unexpected(det.error());
  a.detail = std::move(*det);
  for (const char* key : {"lastUpdated", "firstIssued"}) {
    auto ts = string_field(an, key, ap);
    if (!ts) return std::unexpected(ts.error());
    if (ts->empty() || !a.timestamp.empty()) continue;
    auto norm = detail::normalise_timestamp(*ts, ap + "/" + key);
    if (!norm) return std::unexpected(norm.error());
    a.timestamp = std::move(*norm);
  }
  return {};
}

Result<void> read_ids(const json& v, const std::string& ptr, VexStatement& s) {
  auto id = string_field(v, "id", ptr);
  if (!id) return std::unexpected(id.error());
  if (id->empty()) return invalid_input(ptr + "/id: missing");
  s.vulnerability = std::move(*id);
  if (auto refs = v.find("references"); refs != v.end() && refs->is_array()) {
    for (std::size_t i = 0; i < refs->size(); ++i) {
      const json& r = (*refs)[i];
      if (!r.is_object())
        return invalid_input(ptr + "/references/" + std::to_string(i) + ": expected an object");
      auto rid = string_field(r, "id", ptr + "/references/" + std::to_string(i));
      if (!rid) return std::unexpected(rid.error());
      if (!rid->empty() && *rid != s.vulnerability &&
          std::find(s.aliases.begin(), s.aliases.end(), *rid) == s.aliases.end())
        s.aliases.push_back(std::move(*rid));
    }
  }
  if (auto props = v.find("properties"); props != v.end() && props->is_array())
    for (const auto& p : *props) {
      if (!p.is_object() || !p.contains("value") || !p["value"].is_string()) continue;
      if (detail::text_of(p, "name") == kProductProperty) s.product = p["value"].get<std::string>();
      if (detail::text_of(p, "name") == kProductVersionProperty)
        s.product_version = p["value"].get<std::string>();
    }
  return {};
}

// One statement per exact version with an explicit status: the component at that version.
void read_versions(const json& versions, const std::string& ptr, const std::string& component,
                   const VexStatement& base, bool has_analysis, std::vector<VexStatement>& out,
                   const Context& cx) {
  for (std::size_t k = 0; k < versions.size(); ++k) {
    const json& e = versions[k];
    std::string vp = ptr + "/" + std::to_string(k);
    if (!e.is_object() || !e.contains("status") || !e["status"].is_string()) continue;
    std::string status = e["status"].get<std::string>();
    if (!e.contains("version") || !e["version"].is_string()) {
      cx.note(vp + ": version range with status '" + status +
              "' not expressible as a component; skipped");
      continue;
    }
    VexStatement s = base;
    s.location = vp;
    auto keep = [&](std::initializer_list<AnalysisState> ok) {
      for (auto st : ok)
        if (has_analysis && base.analysis.state == st) return true;
      return false;
    };
    if (status == "affected" && !keep({AnalysisState::kAffected}))
      s.analysis.state = AnalysisState::kAffected;
    else if (status == "unaffected" && !keep({AnalysisState::kNotAffected, AnalysisState::kFixed,
                                              AnalysisState::kFalsePositive}))
      s.analysis.state = AnalysisState::kNotAffected;
    else if (status == "unknown")
      s.analysis.state = AnalysisState::kUnderInvestigation;
    if (s.analysis.state != AnalysisState::kNotAffected &&
        s.analysis.state != AnalysisState::kFalsePositive)
      s.analysis.justification = Justification::kNone;
    std::string version = e["version"].get<std::string>();
    if (auto p = purl::parse(component, purl::Mode::kPermissive)) {
      p->version = version;
      s.components = {purl::to_string(*p)};
    } else {
      s.components = {component};
      s.product = component;
      s.product_version = version;
    }
    out.push_back(std::move(s));
  }
}

bool has_status(const json& versions) {
  for (const auto& e : versions)
    if (e.is_object() && e.contains("status")) return true;
  return false;
}

Result<void> read_vulnerability(const json& v, const std::string& ptr, const Context& cx,
                                std::vector<VexStatement>& out) {
  if (!v.is_object()) return invalid_input(ptr + ": expected an object");
  VexStatement s;
  s.location = ptr;
  s.analysis.author = cx.doc->author;
  if (auto r = read_ids(v, ptr, s); !r) return r;
  bool has_analysis = v.contains("analysis");
  if (has_analysis)
    if (auto r = read_analysis(v, ptr, s.analysis); !r) return r;
  for (const char* key : {"recommendation", "workaround"}) {
    auto t = string_field(v, key, ptr);
    if (!t) return std::unexpected(t.error());
    if (s.analysis.action_statement.empty()) s.analysis.action_statement = std::move(*t);
  }
  for (const char* key : {"updated", "published"}) {
    auto t = string_field(v, key, ptr);
    if (!t) return std::unexpected(t.error());
    if (!s.analysis.timestamp.empty() || t->empty()) continue;
    auto norm = detail::normalise_timestamp(*t, ptr + "/" + key);
    if (!norm) return std::unexpected(norm.error());
    s.analysis.timestamp = std::move(*norm);
  }
  if (s.analysis.timestamp.empty()) s.analysis.timestamp = cx.doc->timestamp;
  std::vector<VexStatement> per_version;
  if (auto affects = v.find("affects"); affects != v.end()) {
    if (!affects->is_array()) return invalid_input(ptr + "/affects: expected an array");
    for (std::size_t j = 0; j < affects->size(); ++j) {
      const json& a = (*affects)[j];
      std::string ap = ptr + "/affects/" + std::to_string(j);
      Result<std::string> ref =
          a.is_object() ? string_field(a, "ref", ap)
                        : Result<std::string>(invalid_input(ap + ": expected an object"));
      if (!ref) return std::unexpected(ref.error());
      if (ref->empty()) return invalid_input(ap + "/ref: missing");
      std::string component = resolve_ref(*ref, ap + "/ref", cx);
      auto versions = a.find("versions");
      if (versions != a.end() && versions->is_array() && has_status(*versions))
        read_versions(*versions, ap + "/versions", component, s, has_analysis, per_version, cx);
      else if (std::find(s.components.begin(), s.components.end(), component) == s.components.end())
        s.components.push_back(std::move(component));
    }
  }
  if (has_analysis && (!s.components.empty() || per_version.empty()))
    out.push_back(s);
  else if (!has_analysis && per_version.empty())
    cx.note(ptr + ": no analysis and no version status: not a VEX statement; skipped");
  for (auto& p : per_version) out.push_back(std::move(p));
  return {};
}

Result<void> read_metadata(const json& root, VexDocument& doc) {
  auto serial = string_field(root, "serialNumber", "");
  if (!serial) return std::unexpected(serial.error());
  doc.id = std::move(*serial);
  if (auto v = root.find("version"); v != root.end() && v->is_number_integer())
    doc.version = std::to_string(v->get<long long>());
  auto meta = root.find("metadata");
  if (meta == root.end() || !meta->is_object()) return {};
  auto ts = string_field(*meta, "timestamp", "/metadata");
  if (!ts) return std::unexpected(ts.error());
  auto norm = detail::normalise_timestamp(*ts, "/metadata/timestamp");
  if (!norm) return std::unexpected(norm.error());
  doc.timestamp = std::move(*norm);
  if (auto au = meta->find("authors");
      au != meta->end() && au->is_array() && !au->empty() && (*au)[0].is_object())
    doc.author = detail::text_of((*au)[0], "name");
  for (const char* key : {"manufacturer", "supplier", "manufacture"})
    if (auto m = meta->find(key); doc.author.empty() && m != meta->end() && m->is_object())
      doc.author = detail::text_of(*m, "name");
  return {};
}

}  // namespace

Result<VexDocument> read_cyclonedx_vex(std::string_view content, std::string_view name,
                                       std::vector<std::string>* notes) {
  const std::string ctx(name);
  auto root = detail::parse_json(content, name);
  if (!root) return std::unexpected(root.error());
  if (!root->is_object() || root->value("bomFormat", json()) != "CycloneDX")
    return invalid_input(ctx + ": /bomFormat: not a CycloneDX BOM");
  VexDocument doc;
  doc.format = VexFormat::kCycloneDx;
  if (auto r = read_metadata(*root, doc); !r)
    return std::unexpected(std::move(r.error()).with_context(ctx));
  Context cx;
  cx.doc = &doc;
  std::vector<std::string> local_notes;
  cx.notes = &local_notes;
  if (auto m = root->find("metadata");
      m != root->end() && m->is_object() && m->contains("component"))
    collect_refs((*m)["component"], cx);
  for (const char* key : {"components", "services"})
    if (auto c = root->find(key); c != root->end()) collect_refs(*c, cx);
  auto vulns = root->find("vulnerabilities");
  if (vulns != root->end()) {
    if (!vulns->is_array()) return invalid_input(ctx + ": /vulnerabilities: expected an array");
    for (std::size_t i = 0; i < vulns->size(); ++i) {
      auto r = read_vulnerability((*vulns)[i], "/vulnerabilities/" + std::to_string(i), cx,
                                  doc.statements);
      if (!r) return std::unexpected(std::move(r.error()).with_context(ctx));
    }
  }
  if (notes)
    for (auto& n : local_notes) notes->push_back(ctx + ": " + n);
  return doc;
}

}  // namespace bulwark::vex
