// Whether a VEX statement applies to a finding (see vex.hpp for the rules).
#include <optional>
#include <string>

#include "bulwark/core/text.hpp"
#include "bulwark/purl/purl.hpp"
#include "bulwark/vex/vex.hpp"

namespace bulwark::vex {
namespace {

// Lenient parse (normalised per type); real-world purls the per-type checks reject (e.g. a Go
// stdlib purl without namespace) fall back to the permissive mode.
std::optional<purl::Purl> parse_purl(std::string_view text) {
  text = trim(text);
  if (!starts_with_icase(text, "pkg:")) return std::nullopt;
  if (auto p = purl::parse(text, purl::Mode::kLenient)) return std::move(*p);
  if (auto p = purl::parse(text, purl::Mode::kPermissive)) return std::move(*p);
  return std::nullopt;
}

bool purl_covers(const purl::Purl& st, const purl::Purl& c) {
  if (st.type != c.type || st.ns != c.ns || st.name != c.name) return false;
  if (!st.version.empty() && st.version != c.version) return false;
  for (const auto& [key, value] : st.qualifiers)
    if (c.qualifier(key) != value) return false;
  return st.subpath.empty() || st.subpath == c.subpath;
}

bool ids_match(const VexStatement& s, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    if (equals_icase(trim(id), trim(s.vulnerability))) return true;
    for (const auto& a : s.aliases)
      if (equals_icase(trim(id), trim(a))) return true;
  }
  return false;
}

}  // namespace

bool statement_applies(const VexStatement& statement, std::string_view component_purl,
                       const std::vector<std::string>& vulnerability_ids) {
  if (statement.components.empty() || !ids_match(statement, vulnerability_ids)) return false;
  auto target = parse_purl(component_purl);
  for (const auto& c : statement.components) {
    auto st = parse_purl(c);
    if (st && target) {
      if (purl_covers(*st, *target)) return true;
    } else if (!st && !target && trim(c) == trim(component_purl) && !trim(c).empty()) {
      return true;
    }
  }
  return false;
}

}  // namespace bulwark::vex
