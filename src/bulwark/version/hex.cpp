// Hex (Elixir's Version module): SemVer 2.0.0, MAJOR.MINOR.PATCH required, no leading 'v', no
// leading zeros; build metadata ignored for ordering. Numbers are unbounded (Elixir integers).
#include "bulwark/version/schemes.hpp"
#include "bulwark/version/semver_internal.hpp"

namespace bulwark::version::scheme {

Result<int> hex(std::string_view a, std::string_view b) {
  static constexpr detail::SemverRules kRules{};
  return detail::compare_semver_strings("Hex", kRules, a, b);
}

}  // namespace bulwark::version::scheme
