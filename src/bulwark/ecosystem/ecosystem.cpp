#include "bulwark/ecosystem/ecosystem.hpp"

#include <array>

namespace bulwark::ecosystem {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// PEP 503: lower-case, and every run of '-', '_' or '.' becomes a single '-'.
std::string pep503(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool in_sep = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!in_sep) out.push_back('-');
      in_sep = true;
      continue;
    }
    in_sep = false;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace

Split split(std::string_view ecosystem) {
  auto pos = ecosystem.find(':');
  if (pos == std::string_view::npos) return {ecosystem, {}};
  return {ecosystem.substr(0, pos), ecosystem.substr(pos + 1)};
}

std::string normalize_name(std::string_view eco, std::string_view name) {
  if (eco == "PyPI") return pep503(name);
  if (eco == "NuGet" || eco == "Packagist" || eco == "crates.io" || eco == "Hex" || eco == "Pub")
    return lower(name);
  return std::string(name);
}

std::string from_purl_type(std::string_view type, std::string_view ns) {
  struct Entry {
    std::string_view type, eco;
  };
  static constexpr std::array<Entry, 13> kLanguage{{
      {"npm", "npm"},
      {"pypi", "PyPI"},
      {"maven", "Maven"},
      {"golang", "Go"},
      {"cargo", "crates.io"},
      {"gem", "RubyGems"},
      {"nuget", "NuGet"},
      {"composer", "Packagist"},
      {"hex", "Hex"},
      {"pub", "Pub"},
      {"swift", "SwiftURL"},
      {"conan", "ConanCenter"},
      {"hackage", "Hackage"},
  }};
  for (const auto& e : kLanguage)
    if (e.type == type) return std::string(e.eco);
  if (type == "cran") return "CRAN";
  if (type == "github") return "GitHub Actions";
  if (type == "bitnami") return "Bitnami";
  const std::string n = lower(ns);
  if (type == "deb") {
    if (n == "debian") return "Debian";
    if (n == "ubuntu") return "Ubuntu";
    return {};
  }
  if (type == "apk") {
    if (n == "alpine") return "Alpine";
    if (n == "wolfi") return "Wolfi";
    if (n == "chainguard") return "Chainguard";
    return {};
  }
  if (type == "rpm") {
    if (n == "redhat" || n == "rhel") return "Red Hat";
    if (n == "almalinux") return "AlmaLinux";
    if (n == "rocky" || n == "rocky-linux" || n == "rockylinux") return "Rocky Linux";
    if (n == "opensuse") return "openSUSE";
    if (n == "suse" || n == "sles") return "SUSE";
    if (n == "mageia") return "Mageia";
    return {};
  }
  return {};
}

bool is_distro(std::string_view eco) {
  static constexpr std::array<std::string_view, 12> kDistros{
      "Debian",   "Ubuntu", "Alpine", "Red Hat", "AlmaLinux",  "Rocky Linux",
      "openSUSE", "SUSE",   "Mageia", "Wolfi",   "Chainguard", "Photon OS"};
  for (auto d : kDistros)
    if (d == eco) return true;
  return false;
}

}  // namespace bulwark::ecosystem
