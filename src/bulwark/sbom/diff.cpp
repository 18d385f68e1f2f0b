// sbom diff: component matching and rendering (see diff.hpp).
#include "bulwark/sbom/diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "bulwark/core/text.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/sbom/writer.hpp"

namespace bulwark::sbom {
namespace {

// "pkg:NPM/%40scope/x@1.0?a=b#p" -> "pkg:npm/%40scope/x".
std::string purl_key(std::string_view purl) {
  auto cut = purl.find_first_of("?#");
  if (cut != std::string_view::npos) purl = purl.substr(0, cut);
  auto at = purl.rfind('@');
  auto slash = purl.rfind('/');
  if (at != std::string_view::npos && (slash == std::string_view::npos || at > slash))
    purl = purl.substr(0, at);
  auto type_end = purl.find('/');
  std::string out(purl);
  for (std::size_t i = 0; i < type_end && i < out.size(); ++i)
    out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
  return out;
}

std::string type_key(std::string_view type) {
  std::string t = to_lower(type);
  std::replace(t.begin(), t.end(), '_', '-');
  return t.empty() ? "library" : t;
}

// Licence atoms: identifiers of expressions, whole names; LicenseRef- prefixes and spelling
// differences dropped, so that "MIT AND LicenseRef-Acme-Licence" equals {"MIT", "Acme Licence"}.
std::set<std::string> license_atoms(const std::vector<std::string>& licenses) {
  auto atom = [](std::string_view s) {
    std::string out;
    std::string l = to_lower(s);
    if (l.starts_with("licenseref-")) l.erase(0, 11);
    for (unsigned char c : l)
      out.push_back(std::isalnum(c) || c == '.' || c == '+' ? static_cast<char>(c) : '-');
    return out;
  };
  std::set<std::string> out;
  for (const auto& raw : licenses) {
    auto c = classify_license(raw);
    if (c.kind == LicenseKind::kName) {
      if (!c.text.empty()) out.insert(atom(c.text));
      continue;
    }
    for (auto word : split(c.text, ' ')) {
      std::string w(trim(word));
      std::erase(w, '(');
      std::erase(w, ')');
      if (!w.empty() && w != "AND" && w != "OR" && w != "WITH") out.insert(atom(w));
    }
  }
  return out;
}

std::set<std::string> hash_set(const std::vector<Hash>& hashes) {
  std::set<std::string> out;
  for (const auto& h : hashes) {
    std::string alg = to_lower(h.algorithm);
    std::erase(alg, '-');
    out.insert(alg + ":" + to_lower(h.value));
  }
  return out;
}

ComponentDelta delta(const std::string& key, const Component* a, const Component* b) {
  ComponentDelta d;
  d.key = key;
  d.name = (b ? b : a)->name;
  if (a)
    d.old_version = a->version, d.old_purl = a->purl, d.old_licenses = a->licenses,
    d.old_supplier = a->supplier;
  if (b)
    d.new_version = b->version, d.new_purl = b->purl, d.new_licenses = b->licenses,
    d.new_supplier = b->supplier;
  if (a && b) {
    d.version_changed = a->version != b->version;
    d.licenses_changed = license_atoms(a->licenses) != license_atoms(b->licenses);
    d.hashes_changed = hash_set(a->hashes) != hash_set(b->hashes);
    d.supplier_changed = trim(a->supplier) != trim(b->supplier);
  }
  return d;
}

bool any_change(const ComponentDelta& d) {
  return d.version_changed || d.licenses_changed || d.hashes_changed || d.supplier_changed;
}

using Groups = std::map<std::string, std::vector<const Component*>>;

Groups group(const Sbom& s) {
  Groups g;
  for (const auto& c : s.components) g[diff_key(c)].push_back(&c);
  for (auto& [k, v] : g)
    std::stable_sort(v.begin(), v.end(), [](const Component* x, const Component* y) {
      return x->version < y->version;
    });
  return g;
}

// Pairs the components under one key: equal versions first, then the rest in version order.
void pair_group(const std::string& key, std::vector<const Component*> olds,
                std::vector<const Component*> news, SbomDiff& out) {
  for (auto it = olds.begin(); it != olds.end();) {
    auto same = std::find_if(news.begin(), news.end(),
                             [&](const Component* n) { return n->version == (*it)->version; });
    if (same == news.end()) {
      ++it;
      continue;
    }
    auto d = delta(key, *it, *same);
    if (any_change(d))
      out.changed.push_back(std::move(d));
    else
      ++out.unchanged;
    news.erase(same);
    it = olds.erase(it);
  }
  std::size_t n = std::min(olds.size(), news.size());
  for (std::size_t i = 0; i < n; ++i) out.changed.push_back(delta(key, olds[i], news[i]));
  for (std::size_t i = n; i < olds.size(); ++i) out.removed.push_back(delta(key, olds[i], nullptr));
  for (std::size_t i = n; i < news.size(); ++i) out.added.push_back(delta(key, nullptr, news[i]));
}

nlohmann::ordered_json delta_json(const ComponentDelta& d) {
  nlohmann::ordered_json j{{"key", d.key}, {"name", d.name}};
  j["old_version"] = d.old_version;
  j["new_version"] = d.new_version;
  j["old_purl"] = d.old_purl;
  j["new_purl"] = d.new_purl;
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  if (d.version_changed) changes.push_back("version");
  if (d.licenses_changed) changes.push_back("licenses");
  if (d.hashes_changed) changes.push_back("hashes");
  if (d.supplier_changed) changes.push_back("supplier");
  j["changes"] = std::move(changes);
  if (d.licenses_changed) j["old_licenses"] = d.old_licenses, j["new_licenses"] = d.new_licenses;
  if (d.supplier_changed) j["old_supplier"] = d.old_supplier, j["new_supplier"] = d.new_supplier;
  return j;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s.empty() ? "(none)" : s;
}

}  // namespace

std::string diff_key(const Component& c) {
  if (!c.purl.empty() && c.purl.starts_with("pkg:")) return purl_key(c.purl);
  return "name:" + type_key(c.type) + "/" + c.group + "/" + c.name;
}

SbomDiff diff(const Sbom& old_sbom, const Sbom& new_sbom) {
  SbomDiff out;
  out.old_file = old_sbom.source_path;
  out.new_file = new_sbom.source_path;
  Groups olds = group(old_sbom), news = group(new_sbom);
  std::set<std::string> keys;
  for (const auto& [k, v] : olds) keys.insert(k);
  for (const auto& [k, v] : news) keys.insert(k);
  for (const auto& k : keys) pair_group(k, olds[k], news[k], out);
  return out;
}

Result<SbomDiff> diff_files(const std::string& old_path, const std::string& new_path) {
  auto a = read_file(old_path);
  if (!a) return std::unexpected(a.error());
  auto b = read_file(new_path);
  if (!b) return std::unexpected(b.error());
  SbomDiff d = diff(*a, *b);
  d.old_file = old_path;
  d.new_file = new_path;
  return d;
}

std::string render_diff_json(const SbomDiff& d) {
  nlohmann::ordered_json j;
  j["old"] = d.old_file;
  j["new"] = d.new_file;
  j["summary"] = {{"added", d.added.size()},
                  {"removed", d.removed.size()},
                  {"changed", d.changed.size()},
                  {"unchanged", d.unchanged}};
  for (const auto* part : {"added", "removed", "changed"})
    j[part] = nlohmann::ordered_json::array();
  for (const auto& x : d.added) j["added"].push_back(delta_json(x));
  for (const auto& x : d.removed) j["removed"].push_back(delta_json(x));
  for (const auto& x : d.changed) j["changed"].push_back(delta_json(x));
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string render_diff_table(const SbomDiff& d) {
  std::string out =
      fmt::format("{} -> {}: {} added, {} removed, {} changed, {} unchanged\n", d.old_file,
                  d.new_file, d.added.size(), d.removed.size(), d.changed.size(), d.unchanged);
  for (const auto& x : d.added) out += fmt::format("  + {} {}\n", x.name, x.new_version);
  for (const auto& x : d.removed) out += fmt::format("  - {} {}\n", x.name, x.old_version);
  for (const auto& x : d.changed) {
    out += fmt::format("  ~ {} {}", x.name,
                       x.version_changed ? x.old_version + " -> " + x.new_version : x.new_version);
    if (x.licenses_changed)
      out += fmt::format("; licences {} -> {}", join(x.old_licenses), join(x.new_licenses));
    if (x.hashes_changed) out += "; hashes changed";
    if (x.supplier_changed)
      out += fmt::format("; supplier {} -> {}", x.old_supplier.empty() ? "(none)" : x.old_supplier,
                         x.new_supplier.empty() ? "(none)" : x.new_supplier);
    out += '\n';
  }
  return out;
}

}  // namespace bulwark::sbom
