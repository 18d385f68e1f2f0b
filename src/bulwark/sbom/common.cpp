// Helpers shared by the SBOM readers: source packages, hash names, SPDX actors and
// relationships, bom-ref uniqueness.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "bulwark/core/text.hpp"
#include "bulwark/sbom/internal.hpp"

namespace bulwark::sbom::detail {

Party split_party(std::string_view text) {
  text = trim(text);
  Party p;
  // "Name <contact>" or "Name (contact)": the contact is the last bracketed part.
  for (auto [open, close] : {std::pair{'<', '>'}, std::pair{'(', ')'}}) {
    if (!text.ends_with(close)) continue;
    auto at = text.rfind(open);
    if (at == std::string_view::npos) continue;
    auto inner = trim(text.substr(at + 1, text.size() - at - 2));
    const bool url = inner.find("://") != std::string_view::npos;
    const bool email = !url && inner.find('@') != std::string_view::npos &&
                       inner.find(' ') == std::string_view::npos;
    if (!url && !email) continue;
    p.name = std::string(trim(text.substr(0, at)));
    (url ? p.url : p.email) = std::string(inner);
    return p;
  }
  p.name = std::string(text);
  return p;
}

bool supported_cyclonedx_version(std::string_view v) {
  return v.size() == 3 && v[0] == '1' && v[1] == '.' && v[2] >= '0' && v[2] <= '7';
}

// "openssl (1.1.1n-0+deb11u3)" -> name + version; "openssl" -> name only.
static void set_source(Component& c, std::string_view value) {
  value = trim(value);
  const auto paren = value.find(" (");
  if (paren != std::string_view::npos && value.ends_with(')')) {
    c.source_name = std::string(trim(value.substr(0, paren)));
    c.source_version = std::string(value.substr(paren + 2, value.size() - paren - 3));
    return;
  }
  c.source_name = std::string(value);
}

// "openssl-1.1.1k-5.el8_5.src.rpm" -> ("openssl", "1.1.1k-5.el8_5"); false when not that shape.
static bool split_source_rpm(std::string_view rpm, std::string& name, std::string& version) {
  for (std::string_view suffix : {".src.rpm", ".nosrc.rpm"}) {
    if (rpm.ends_with(suffix)) {
      rpm.remove_suffix(suffix.size());
      const auto release_dash = rpm.rfind('-');
      if (release_dash == std::string_view::npos || release_dash == 0) return false;
      const auto version_dash = rpm.rfind('-', release_dash - 1);
      if (version_dash == std::string_view::npos || version_dash == 0) return false;
      name = std::string(rpm.substr(0, version_dash));
      version = std::string(rpm.substr(version_dash + 1));
      return true;
    }
  }
  return false;
}

static void source_from_properties(Component& c) {
  std::string_view epoch, release;
  for (const auto& [key, value] : c.properties) {
    if (key == "syft:metadata:source" || key == "syft:metadata:sourceName" ||
        key == "aquasecurity:trivy:SrcName") {
      set_source(c, value);
    } else if (key == "syft:metadata:sourceVersion" || key == "aquasecurity:trivy:SrcVersion") {
      c.source_version = std::string(trim(value));
    } else if (key == "syft:metadata:sourceRpm") {
      split_source_rpm(trim(value), c.source_name, c.source_version);
    } else if (key == "aquasecurity:trivy:SrcRelease") {
      release = value;
    } else if (key == "aquasecurity:trivy:SrcEpoch") {
      epoch = value;
    }
  }
  if (c.source_version.empty()) return;
  if (!release.empty()) {
    std::string suffix(1, '-');
    suffix.append(release);
    if (!c.source_version.ends_with(suffix)) c.source_version.append(suffix);
  }
  if (!epoch.empty() && epoch != "0") {
    std::string with_epoch(epoch);
    with_epoch.push_back(':');
    with_epoch.append(c.source_version);
    c.source_version = std::move(with_epoch);
  }
}

// The decoded value of purl qualifier `key`, or "" when absent.
static std::string purl_qualifier(std::string_view purl, std::string_view key) {
  const auto q = purl.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view qualifiers = purl.substr(q + 1);
  qualifiers = qualifiers.substr(0, qualifiers.find('#'));
  for (std::string_view pair : split(qualifiers, '&')) {
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || !equals_icase(pair.substr(0, eq), key)) continue;
    auto decoded = percent_decode(pair.substr(eq + 1));
    return decoded ? *decoded : std::string(pair.substr(eq + 1));
  }
  return {};
}

static void source_from_purl(Component& c) {
  const std::string upstream = purl_qualifier(c.purl, "upstream");
  if (upstream.empty()) return;
  if (split_source_rpm(upstream, c.source_name, c.source_version)) return;
  const auto at = upstream.find('@');
  if (at == std::string::npos) {
    c.source_name = upstream;
  } else {
    c.source_name = upstream.substr(0, at);
    c.source_version = upstream.substr(at + 1);
  }
}

void derive_source_package(Component& c) {
  if (!c.properties.empty()) source_from_properties(c);
  if (c.source_name.empty() && !c.purl.empty()) source_from_purl(c);
}

std::string normalize_hash_algorithm(std::string_view alg) {
  std::string up(trim(alg));
  for (char& ch : up)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  if (up.starts_with("BLAKE2B")) return "BLAKE2b" + up.substr(7);
  // SPDX spells SHA1/SHA256...; CycloneDX SHA-1/SHA-256 (SHA3-256 is the same in both).
  if (up.size() > 3 && up.starts_with("SHA") && up[3] >= '0' && up[3] <= '9' &&
      up.find('-') == std::string::npos && !up.starts_with("SHA3"))
    return "SHA-" + up.substr(3);
  return up;
}

bool spdx_no_value(std::string_view v) {
  v = trim(v);
  return v.empty() || v == "NOASSERTION" || v == "NONE";
}

std::string spdx_actor_name(std::string_view actor) {
  actor = trim(actor);
  if (spdx_no_value(actor)) return {};
  for (std::string_view prefix : {"Organization:", "Person:", "Tool:"}) {
    if (actor.starts_with(prefix)) {
      actor = trim(actor.substr(prefix.size()));
      break;
    }
  }
  // Drop a trailing "(mail)" or "()".
  if (actor.ends_with(')')) {
    const auto open = actor.rfind('(');
    if (open != std::string_view::npos && open > 0) actor = trim(actor.substr(0, open));
  }
  return std::string(actor);
}

std::string spdx_purpose_to_type(std::string_view purpose) {
  purpose = trim(purpose);
  std::string out = to_lower(purpose);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

void apply_spdx_source_info(Component& c, std::string_view source_info) {
  constexpr std::string_view kBuiltFrom = "built package from:";
  source_info = trim(source_info);
  if (!starts_with_icase(source_info, kBuiltFrom)) return;
  std::string_view rest = trim(source_info.substr(kBuiltFrom.size()));
  const auto space = rest.find_first_of(" \t\n");
  c.source_name = std::string(rest.substr(0, space));
  if (space != std::string_view::npos) {
    std::string_view version = trim(rest.substr(space));
    c.source_version = std::string(version.substr(0, version.find_first_of(" \t\n")));
  }
}

static std::string describe(const Component& c) { return c.location.empty() ? c.name : c.location; }

Result<void> check_unique_refs(const Sbom& sbom, std::string_view name) {
  std::unordered_map<std::string_view, const Component*> seen;
  seen.reserve(sbom.components.size() + 1);
  auto check = [&](const Component& c) -> Result<void> {
    auto [it, inserted] = seen.emplace(c.bom_ref, &c);
    if (inserted) return {};
    return invalid_input(std::string(name) + ": " + describe(c) + ": duplicate bom-ref '" +
                         c.bom_ref + "' (first used at " + describe(*it->second) + ")");
  };
  if (sbom.subject) {
    if (auto r = check(*sbom.subject); !r) return r;
  }
  for (const auto& c : sbom.components) {
    if (auto r = check(c); !r) return r;
  }
  return {};
}

void DependencyBuilder::add(std::string_view from, std::string_view to) {
  std::string edge;
  edge.reserve(from.size() + to.size() + 1);
  edge.append(from).append("\n").append(to);
  if (!edges_.insert(std::move(edge)).second) return;
  auto [it, inserted] = index_.emplace(std::string(from), deps_.size());
  if (inserted) deps_.push_back(Dependency{std::string(from), {}});
  deps_[it->second].depends_on.emplace_back(to);
}

std::vector<Dependency> DependencyBuilder::take() {
  index_.clear();
  edges_.clear();
  return std::move(deps_);
}

bool spdx_dependency_relationship(std::string_view type, bool& reversed) {
  reversed = false;
  if (type == "DEPENDS_ON" || type == "CONTAINS" || type == "STATIC_LINK" ||
      type == "DYNAMIC_LINK" || type == "HAS_PREREQUISITE")
    return true;
  if (type == "CONTAINED_BY" || type == "PREREQUISITE_FOR" || type.ends_with("DEPENDENCY_OF")) {
    reversed = true;
    return true;
  }
  return false;
}

// The package the document is about: the only package among the DESCRIBES targets.
static int find_root_package(const Sbom& sbom, const std::vector<std::string>& described) {
  const std::unordered_set<std::string_view> targets(described.begin(), described.end());
  int root = -1;
  for (std::size_t i = 0; i < sbom.components.size(); ++i) {
    if (!targets.contains(sbom.components[i].bom_ref)) continue;
    if (root >= 0) return -1;  // several described packages: no single subject
    root = static_cast<int>(i);
  }
  return root;
}

Result<void> finish_spdx(Sbom& sbom, const std::vector<std::string>& described,
                         const std::vector<SpdxRelationship>& relationships,
                         std::string_view name) {
  if (auto unique = check_unique_refs(sbom, name); !unique) return unique;
  std::unordered_set<std::string_view> packages;
  for (const auto& c : sbom.components) packages.insert(c.bom_ref);
  DependencyBuilder deps;
  for (const auto& rel : relationships) {
    bool reversed = false;
    if (!spdx_dependency_relationship(rel.type, reversed)) continue;
    if (!packages.contains(rel.from) || !packages.contains(rel.to)) continue;  // files, documents
    if (reversed)
      deps.add(rel.to, rel.from);
    else
      deps.add(rel.from, rel.to);
  }
  sbom.dependencies = deps.take();
  const int root = find_root_package(sbom, described);
  if (root >= 0) {
    sbom.subject = std::move(sbom.components[static_cast<std::size_t>(root)]);
    sbom.components.erase(sbom.components.begin() + root);
  }
  return {};
}

}  // namespace bulwark::sbom::detail
