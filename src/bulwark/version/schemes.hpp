// Internal: one comparison function per version scheme. Each returns -1/0/1 or an error that
// says why the version does not parse under that scheme. Implemented one file per scheme
// (deb.cpp, rpm.cpp, ...); registry.cpp maps OSV ecosystem names onto them.
#pragma once

#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark::version::scheme {

Result<int> semver(std::string_view a, std::string_view b);  // SemVer 2.0.0, strict
Result<int> npm(std::string_view a, std::string_view b);     // node-semver (allows leading v/=)
Result<int> go(std::string_view a, std::string_view b);      // Go module versions (vX.Y.Z...)
Result<int> cargo(std::string_view a, std::string_view b);   // crates.io (SemVer 2.0)
Result<int> hex(std::string_view a, std::string_view b);     // Elixir Version (SemVer 2.0)
Result<int> pub(std::string_view a, std::string_view b);     // Dart pub_semver
Result<int> deb(std::string_view a, std::string_view b);     // dpkg
Result<int> rpm(std::string_view a, std::string_view b);     // rpmvercmp with epoch:version-release
Result<int> apk(std::string_view a, std::string_view b);     // apk-tools
Result<int> pep440(std::string_view a, std::string_view b);  // PEP 440
Result<int> maven(std::string_view a, std::string_view b);   // Maven ComparableVersion
Result<int> rubygems(std::string_view a, std::string_view b);   // Gem::Version
Result<int> nuget(std::string_view a, std::string_view b);      // NuGet.Versioning
Result<int> packagist(std::string_view a, std::string_view b);  // Composer (version_compare rules)

}  // namespace bulwark::version::scheme
