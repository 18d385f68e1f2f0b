// Knowledge about OSV ecosystems: their names, optional release suffixes ("Debian:12"),
// package-name normalisation and the purl types that map to them.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bulwark::ecosystem {

// "Debian:12" -> {"Debian", "12"}; "npm" -> {"npm", ""}; "Alpine:v3.20" -> {"Alpine", "v3.20"}.
struct Split {
  std::string_view base;
  std::string_view suffix;
};
Split split(std::string_view ecosystem);

// Normalises a package name the way the ecosystem compares names: PEP 503 for PyPI
// (lower-case, runs of -_. become -), lower-case for NuGet, Packagist, Hex, Pub, crates.io is
// kept (crates are case-insensitive but OSV uses canonical case: compared lower-case), Maven
// keeps "group:artifact". Unknown ecosystems return the name unchanged.
std::string normalize_name(std::string_view ecosystem_base, std::string_view name);

// The OSV ecosystem (base name, no suffix) for a purl type, e.g. "pypi" -> "PyPI",
// "deb" with namespace "ubuntu" -> "Ubuntu", "rpm" with namespace "redhat" -> "Red Hat".
// Empty when the type has no OSV ecosystem.
std::string from_purl_type(std::string_view type, std::string_view ns);

// True for the distribution ecosystems whose records are keyed by release ("Debian:12").
bool is_distro(std::string_view ecosystem_base);

}  // namespace bulwark::ecosystem
