// Component identity, finding keys and version scopes of analyses.
#include "bulwark/portfolio/identity.hpp"

#include <fmt/format.h>

#include "bulwark/core/text.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/purl/purl.hpp"
#include "bulwark/version/version.hpp"

namespace bulwark::portfolio {

std::string purl_identity(std::string_view text) {
  auto p = purl::parse(text, purl::Mode::kPermissive);
  if (!p) return {};
  p->version.clear();
  p->qualifiers.clear();
  p->subpath.clear();
  return purl::to_string(*p);
}

std::string component_identity(const Component& c) {
  if (!c.purl.empty()) {
    std::string id = purl_identity(c.purl);
    if (!id.empty()) return id;
  }
  return "name:" + to_lower(c.group.empty() ? c.name : c.group + "/" + c.name);
}

std::string component_key(const Component& c) {
  if (!c.purl.empty()) {
    if (auto p = purl::parse(c.purl, purl::Mode::kPermissive)) return purl::to_string(*p);
  }
  return (c.group.empty() ? c.name : c.group + "/" + c.name) + "@" + c.version;
}

namespace {

struct Constraint {
  std::string op;  // "=", "!=", ">", ">=", "<", "<="
  std::string version;
};

Result<std::vector<Constraint>> parse_scope(std::string_view scope) {
  std::vector<Constraint> out;
  for (auto part : split(scope, ',')) {
    std::string_view t = trim(part);
    if (t.empty()) return invalid_input(fmt::format("version scope '{}': empty constraint", scope));
    Constraint c;
    for (std::string_view op : {">=", "<=", "!=", "=", ">", "<"}) {
      if (t.starts_with(op)) {
        c.op = op;
        t.remove_prefix(op.size());
        break;
      }
    }
    if (c.op.empty()) c.op = "=";
    c.version = std::string(trim(t));
    if (c.version.empty())
      return invalid_input(fmt::format("version scope '{}': constraint without a version", scope));
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

Result<void> validate_scope(std::string_view scope) {
  if (scope.empty()) return {};
  auto c = parse_scope(scope);
  if (!c) return std::unexpected(c.error());
  return {};
}

Result<bool> version_in_scope(std::string_view scope, const Component& c) {
  if (scope.empty()) return true;
  auto constraints = parse_scope(scope);
  if (!constraints) return std::unexpected(constraints.error());
  const match::Resolution res = match::resolve(c);
  const std::string eco = res.key ? res.key->ecosystem_base : std::string();
  const std::string& v = res.key ? res.key->version : c.version;
  for (const auto& k : *constraints) {
    int cmp = 0;
    if (!eco.empty() && version::supports(eco)) {
      auto r = version::compare(eco, v, k.version);
      if (!r) return false;  // a version the ecosystem cannot order is outside any range
      cmp = *r;
    } else if (k.op == "=" || k.op == "!=") {
      cmp = v == k.version ? 0 : 1;
    } else {
      return false;  // ordering needs the ecosystem's rules
    }
    const bool ok = k.op == "="    ? cmp == 0
                    : k.op == "!=" ? cmp != 0
                    : k.op == ">"  ? cmp > 0
                    : k.op == ">=" ? cmp >= 0
                    : k.op == "<"  ? cmp < 0
                                   : cmp <= 0;
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string> finding_ids(const StoredFinding& f) {
  std::vector<std::string> ids{to_upper(f.vuln_id)};
  for (const auto& a : f.aliases) ids.push_back(to_upper(a));
  return ids;
}

Component finding_component(const StoredFinding& f) {
  Component c;
  c.purl = f.purl;
  const auto at = f.component_label.rfind('@');
  c.name = f.component_label.substr(0, at);
  if (at != std::string::npos) c.version = f.component_label.substr(at + 1);
  return c;
}

std::uint64_t finding_key(std::string_view component_key, std::string_view vulnerability_id) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : component_key) h = (h ^ c) * 1099511628211ull;
  h = (h ^ 0x1f) * 1099511628211ull;
  for (unsigned char c : vulnerability_id)
    h = (h ^ static_cast<unsigned char>(std::toupper(c))) * 1099511628211ull;
  return h;
}

std::string preferred_vulnerability_id(const std::vector<std::string>& ids) {
  std::string best;
  for (const auto& id : ids) {
    const std::string u = to_upper(id);
    const bool cve = u.starts_with("CVE-");
    const bool best_cve = best.starts_with("CVE-");
    if (best.empty() || (cve && !best_cve) || (cve == best_cve && u < best)) best = u;
  }
  return best;
}

}  // namespace bulwark::portfolio
