// crates.io (the Rust `semver` crate's Version::parse): SemVer 2.0.0, no leading 'v', numeric
// parts must fit in a u64. Ordering is SemVer precedence (build metadata ignored), which is what
// OSV SEMVER ranges for crates.io mean.
#include "bulwark/version/schemes.hpp"
#include "bulwark/version/semver_internal.hpp"

namespace bulwark::version::scheme {
namespace {

constexpr std::string_view kU64Max = "18446744073709551615";

bool fits_u64(std::string_view digits) { return detail::compare_digits(digits, kU64Max) <= 0; }

Result<detail::SemverParts> parse_cargo(std::string_view v) {
  static constexpr detail::SemverRules kRules{};
  detail::SemverParts p;
  if (auto* e = detail::parse_semver(v, kRules, p))
    return invalid_input(detail::invalid_message("crates.io", v, e));
  if (!fits_u64(p.major) || !fits_u64(p.minor) || !fits_u64(p.patch))
    return invalid_input(detail::invalid_message("crates.io", v, "number does not fit in 64 bits"));
  return p;
}

}  // namespace

Result<int> cargo(std::string_view a, std::string_view b) {
  auto pa = parse_cargo(a);
  if (!pa) return std::unexpected(std::move(pa.error()));
  auto pb = parse_cargo(b);
  if (!pb) return std::unexpected(std::move(pb.error()));
  return detail::compare_semver(*pa, *pb);
}

}  // namespace bulwark::version::scheme
