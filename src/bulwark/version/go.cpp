// Go module versions (golang.org/x/mod/semver): SemVer 2.0.0 with a leading 'v', which OSV Go
// records omit, so it is optional here. "v1" and "v1.2" are shorthands for v1.0.0 and v1.2.0
// (no pre-release or build allowed on a shorthand). Pseudo-versions are ordinary pre-releases;
// "+incompatible" is build metadata and so does not affect ordering.
#include "bulwark/version/schemes.hpp"
#include "bulwark/version/semver_internal.hpp"

namespace bulwark::version::scheme {

Result<int> go(std::string_view a, std::string_view b) {
  static constexpr detail::SemverRules kRules{.allow_v_prefix = true, .allow_short = true};
  return detail::compare_semver_strings("Go", kRules, a, b);
}

}  // namespace bulwark::version::scheme
