// Shared helpers of the OS package database extractors.
#include "bulwark/extract/os/os_common.hpp"

#include <cctype>

#include <algorithm>
#include <unordered_map>

#include "bulwark/purl/purl.hpp"

namespace bulwark::extract::os {

std::string make_purl(std::string type, std::string ns, std::string name, std::string version,
                      Qualifiers qualifiers) {
  purl::Purl p;
  p.type = std::move(type);
  p.ns = std::move(ns);
  p.name = std::move(name);
  p.version = std::move(version);
  std::erase_if(qualifiers, [](const auto& q) { return q.second.empty(); });
  std::sort(qualifiers.begin(), qualifiers.end());
  p.qualifiers = std::move(qualifiers);
  auto built = purl::build(std::move(p), purl::Mode::kPermissive);
  if (!built) return {};
  return purl::to_string(*built);
}

std::string distro_qualifier(const OsRelease* os) {
  if (os == nullptr || os->id.empty()) return {};
  if (os->version_id.empty()) return os->id;
  return os->id + "-" + os->version_id;
}

std::string namespace_or(const OsRelease* os, std::string_view fallback) {
  if (os != nullptr && !os->id.empty()) return os->id;
  return std::string(fallback);
}

bool path_is(std::string_view path, std::string_view suffix) {
  if (path == suffix) return true;
  return path.size() > suffix.size() && path.ends_with(suffix) &&
         path[path.size() - suffix.size() - 1] == '/';
}

void assign_unique_refs(std::vector<Component>& components) {
  std::unordered_map<std::string, int> seen;
  for (auto& c : components) {
    int n = ++seen[c.bom_ref];
    if (n > 1) c.bom_ref += "#" + std::to_string(n);
  }
}

std::string license_ref(std::string_view name) {
  std::string out = "LicenseRef-";
  for (unsigned char c : name)
    out += std::isalnum(c) || c == '.' || c == '-' ? static_cast<char>(c) : '-';
  return out;
}

}  // namespace bulwark::extract::os
