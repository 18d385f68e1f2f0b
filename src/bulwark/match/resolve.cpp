// Component -> OSV package key.
#include <array>
#include <cctype>

#include "bulwark/core/text.hpp"
#include "bulwark/ecosystem/ecosystem.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/purl/purl.hpp"

namespace bulwark::match {
namespace {

struct Codename {
  std::string_view name, release;
};
constexpr std::array<Codename, 9> kDebianCodenames{{{"buzz", "1.1"},
                                                    {"jessie", "8"},
                                                    {"stretch", "9"},
                                                    {"buster", "10"},
                                                    {"bullseye", "11"},
                                                    {"bookworm", "12"},
                                                    {"trixie", "13"},
                                                    {"forky", "14"},
                                                    {"sid", "sid"}}};

std::string_view leading_number(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(0, i);
}

// "debian-12.5" / "bookworm" / "12" -> "12"; "alpine-3.18.4" -> "v3.18"; "ubuntu-22.04" -> "22.04".
std::string release_from_distro(std::string_view eco, std::string_view distro) {
  std::string d = to_lower(distro);
  std::string_view v = d;
  auto dash = v.rfind('-');
  if (dash != std::string_view::npos) v = v.substr(dash + 1);
  if (eco == "Debian") {
    for (const auto& c : kDebianCodenames)
      if (c.name == v) return std::string(c.release);
    return std::string(leading_number(v));
  }
  if (eco == "Alpine") {
    if (!v.empty() && v[0] == 'v') v.remove_prefix(1);
    auto parts = split(v, '.');
    if (parts.size() >= 2 && !parts[0].empty() && !parts[1].empty())
      return "v" + std::string(parts[0]) + "." + std::string(leading_number(parts[1]));
    return {};
  }
  if (eco == "Ubuntu") {
    auto parts = split(v, '.');
    if (parts.size() >= 2)
      return std::string(parts[0]) + "." + std::string(leading_number(parts[1]));
    return {};
  }
  return std::string(leading_number(v));
}

std::string package_name(const purl::Purl& p, std::string_view eco) {
  if (p.ns.empty()) return p.name;
  if (eco == "Maven") return p.ns + ":" + p.name;
  if (eco == "Debian" || eco == "Ubuntu" || eco == "Alpine" || eco == "Wolfi" ||
      eco == "Chainguard" || eco == "Red Hat" || eco == "AlmaLinux" || eco == "Rocky Linux" ||
      eco == "openSUSE" || eco == "SUSE" || eco == "Mageia")
    return p.name;  // the namespace names the distribution
  return p.ns + "/" + p.name;
}

// "pkg:deb/debian/libssl3@3.0.11-1?upstream=openssl%403.0.11-1" -> {"openssl", "3.0.11-1"}
std::pair<std::string, std::string> upstream_qualifier(const purl::Purl& p) {
  std::string_view up = p.qualifier("upstream");
  if (up.empty()) return {};
  auto at = up.find('@');
  if (at == std::string_view::npos) return {std::string(up), {}};
  return {std::string(up.substr(0, at)), std::string(up.substr(at + 1))};
}

}  // namespace

Resolution resolve(const Component& c, std::string_view distro_hint) {
  Resolution r;
  if (c.purl.empty()) {
    r.reason = c.cpes.empty() ? "no package URL" : "no package URL (CPE only)";
    return r;
  }
  // Permissive: SBOM generators emit purls such as pkg:golang/stdlib that bend per-type rules.
  auto parsed = purl::parse(c.purl, purl::Mode::kPermissive);
  if (!parsed) {
    r.reason = "invalid package URL: " + parsed.error().message;
    return r;
  }
  const purl::Purl& p = *parsed;
  std::string eco = ecosystem::from_purl_type(p.type, p.ns);
  if (eco.empty()) {
    r.reason = "package URL type '" + p.type + "' has no OSV ecosystem";
    return r;
  }
  PackageKey key;
  key.ecosystem_base = eco;
  key.version = !p.version.empty() ? p.version : c.version;
  if (key.version.empty()) {
    r.reason = "no version";
    return r;
  }
  key.name = package_name(p, eco);
  key.matched_by = "purl";
  if (ecosystem::is_distro(eco)) {
    std::string_view distro = p.qualifier("distro");
    if (distro.empty()) distro = distro_hint;
    if (!distro.empty()) key.release = release_from_distro(eco, distro);
    if (eco == "Debian" || eco == "Ubuntu") {
      // Debian and Ubuntu advisories name source packages.
      auto [up_name, up_version] = upstream_qualifier(p);
      if (!c.source_name.empty()) {
        key.name = c.source_name;
        if (!c.source_version.empty()) key.version = c.source_version;
        key.matched_by = "source package name (from the SBOM)";
      } else if (!up_name.empty()) {
        key.name = up_name;
        if (!up_version.empty()) key.version = up_version;
        key.matched_by = "source package name (purl upstream qualifier)";
      } else {
        key.matched_by = "binary package name (the SBOM gives no source package)";
      }
    } else if (!c.source_name.empty() &&
               (eco == "Alpine" || eco == "Wolfi" || eco == "Chainguard")) {
      // Alpine secdb/OSV records name origin (source) packages too.
      key.name = c.source_name;
      key.matched_by = "origin package name (from the SBOM)";
    }
  }
  key.name = ecosystem::normalize_name(eco, key.name);
  r.key = std::move(key);
  return r;
}

}  // namespace bulwark::match
