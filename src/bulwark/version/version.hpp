// Version comparison with the exact semantics of each OSV ecosystem.
//
// compare(ecosystem, a, b) returns -1, 0 or 1, or an error naming the version that the
// ecosystem's rules cannot parse. The ecosystem is an OSV name, optionally suffixed
// ("Debian:12" compares like "Debian"). "SEMVER" selects Semantic Versioning 2.0.0 (used by OSV
// ranges of type SEMVER whatever the ecosystem). Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark::version {

Result<int> compare(std::string_view ecosystem, std::string_view a, std::string_view b);

// Ok when v is a valid version in that ecosystem.
Result<void> validate(std::string_view ecosystem, std::string_view v);

// True when the ecosystem's version scheme is implemented.
bool supports(std::string_view ecosystem);

}  // namespace bulwark::version
