#include "bulwark/extract/lang_jspy/common.hpp"

#include <algorithm>
#include <unordered_set>

#include "bulwark/core/base64.hpp"
#include "bulwark/core/digest.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/purl/purl.hpp"

namespace bulwark::extract::jspy {
namespace {

void merge_groups(Package& into, const Package& from) {
  if (into.groups.empty() || from.groups.empty()) {
    into.groups.clear();
    return;
  }
  for (const auto& g : from.groups)
    if (std::find(into.groups.begin(), into.groups.end(), g) == into.groups.end())
      into.groups.push_back(g);
}

void merge_package(Package& into, Package&& from) {
  merge_groups(into, from);
  into.direct = into.direct || from.direct;
  if (into.license.empty()) into.license = std::move(from.license);
  if (into.sha512.empty()) into.sha512 = std::move(from.sha512);
  // Duplicates are dropped by finish() (a set there: de-duplicating here would be quadratic
  // in the number of times one package is listed).
  for (auto& d : from.depends_on) into.depends_on.push_back(std::move(d));
}

std::string_view type_of(Ecosystem eco) { return eco == Ecosystem::kNpm ? "npm" : "pypi"; }

bool is_hex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

bool is_word(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  });
}

Component to_component(Ecosystem eco, const std::string& key, const Package& p) {
  Component c;
  c.bom_ref = std::string(type_of(eco)) + ":" + key;
  c.type = "library";
  c.name = p.name;
  c.version = p.version;
  c.purl = make_purl(eco, p.name,
                     p.version.empty() ? std::string_view(p.commit) : std::string_view(p.version));
  if (!p.license.empty()) c.licenses.push_back(p.license);
  if (!p.sha512.empty()) c.hashes.push_back(Hash{"SHA-512", p.sha512});
  for (const auto& g : p.groups) c.properties.emplace_back("bulwark:dep-group", g);
  if (p.direct) c.properties.emplace_back("bulwark:direct", "true");
  if (!p.commit.empty()) c.properties.emplace_back("bulwark:commit", p.commit);
  return c;
}

}  // namespace

Package& PackageSet::add(const std::string& key, Package pkg) {
  // A key added twice merges (see merge_package): a production occurrence wins.
  if (Package* stored = set_.find(key)) {
    merge_package(*stored, std::move(pkg));
    return *stored;
  }
  return set_.try_add(key, std::move(pkg)).first;
}

Inventory PackageSet::finish(std::vector<std::string> notes) const {
  return set_.finish(std::move(notes), type_of(eco_),
                     [&](const std::string& key, const Package& p, std::vector<std::string>&) {
                       return to_component(eco_, key, p);
                     });
}

std::string pep503_normalise(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool in_sep = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      in_sep = true;
      continue;
    }
    if (in_sep && !out.empty()) out.push_back('-');
    in_sep = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::string make_purl(Ecosystem eco, std::string_view name, std::string_view version) {
  purl::Purl p;
  p.type = std::string(type_of(eco));
  p.version = std::string(version);
  if (eco == Ecosystem::kPypi) {
    p.name = pep503_normalise(name);
  } else if (auto slash = name.find('/');
             !name.empty() && name[0] == '@' && slash != std::string_view::npos) {
    p.ns = std::string(name.substr(0, slash));
    p.name = std::string(name.substr(slash + 1));
  } else {
    p.name = std::string(name);
  }
  if (auto built = purl::build(p, purl::Mode::kPermissive)) return purl::to_string(*built);
  return purl::to_string(p);
}

std::string sha512_of_integrity(std::string_view integrity) {
  for (std::string_view entry : split(integrity, ' ')) {
    entry = trim(entry);
    if (!entry.starts_with("sha512-")) continue;
    entry.remove_prefix(7);
    if (auto q = entry.find('?'); q != std::string_view::npos)
      entry = entry.substr(0, q);  // options
    auto bytes = base64_decode(entry);
    if (bytes && bytes->size() == 64)
      return to_hex(reinterpret_cast<const unsigned char*>(bytes->data()), bytes->size());
  }
  return {};
}

std::string extract_commit(std::string_view r) {
  if (auto hash = r.rfind('#'); hash != std::string_view::npos) {
    std::string_view frag = r.substr(hash + 1);
    bool explicit_commit = frag.starts_with("commit=") || frag.starts_with("commit:");
    if (explicit_commit) frag.remove_prefix(7);
    std::string_view before = r.substr(0, hash);
    // "...pkg-1.0.0.tgz#<sha1>" is a tarball checksum (yarn v1), not a commit.
    if (!explicit_commit && (before.ends_with(".tgz") || before.ends_with(".tar.gz"))) return {};
    if (explicit_commit ? is_word(frag) : (is_hex(frag) && frag.size() >= 7))
      return std::string(frag);
    return {};
  }
  if (auto ref = r.find("?ref="); ref != std::string_view::npos) {
    std::string_view v = r.substr(ref + 5);
    v = v.substr(0, v.find('&'));
    if (is_word(v)) return std::string(v);
  }
  if (auto tgz = r.find("/tar.gz/"); tgz != std::string_view::npos) {
    std::string_view v = r.substr(tgz + 8);
    if (is_hex(v) && v.size() >= 7) return std::string(v);
  }
  return {};
}

std::string_view strip(std::string_view s) {
  while (!s.empty() &&
         (s.back() == '\r' || s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
    s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

}  // namespace bulwark::extract::jspy
