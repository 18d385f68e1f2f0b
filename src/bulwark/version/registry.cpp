// Maps OSV ecosystem names onto version schemes (see schemes.hpp).
#include <array>
#include <string>

#include "bulwark/ecosystem/ecosystem.hpp"
#include "bulwark/version/schemes.hpp"
#include "bulwark/version/version.hpp"

namespace bulwark::version {
namespace {

using CompareFn = Result<int> (*)(std::string_view, std::string_view);

struct Entry {
  std::string_view ecosystem;
  CompareFn fn;
};

constexpr std::array<Entry, 22> kSchemes{{
    {"SEMVER", scheme::semver},     {"npm", scheme::npm},      {"PyPI", scheme::pep440},
    {"Maven", scheme::maven},       {"Go", scheme::go},        {"crates.io", scheme::cargo},
    {"RubyGems", scheme::rubygems}, {"NuGet", scheme::nuget},  {"Packagist", scheme::packagist},
    {"Hex", scheme::hex},           {"Pub", scheme::pub},      {"Debian", scheme::deb},
    {"Ubuntu", scheme::deb},        {"Alpine", scheme::apk},   {"Wolfi", scheme::apk},
    {"Chainguard", scheme::apk},    {"Red Hat", scheme::rpm},  {"AlmaLinux", scheme::rpm},
    {"Rocky Linux", scheme::rpm},   {"openSUSE", scheme::rpm}, {"SUSE", scheme::rpm},
    {"Mageia", scheme::rpm},
}};

CompareFn find(std::string_view ecosystem) {
  auto base = ecosystem::split(ecosystem).base;
  for (const auto& e : kSchemes)
    if (e.ecosystem == base) return e.fn;
  return nullptr;
}

}  // namespace

bool supports(std::string_view ecosystem) { return find(ecosystem) != nullptr; }

Result<int> compare(std::string_view ecosystem, std::string_view a, std::string_view b) {
  CompareFn fn = find(ecosystem);
  if (!fn) return unsupported("no version scheme for ecosystem '" + std::string(ecosystem) + "'");
  return fn(a, b);
}

Result<void> validate(std::string_view ecosystem, std::string_view v) {
  auto r = compare(ecosystem, v, v);
  if (!r) return std::unexpected(r.error());
  return {};
}

}  // namespace bulwark::version
