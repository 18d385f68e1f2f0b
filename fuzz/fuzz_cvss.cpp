// Fuzz target for the CVSS calculators: parses the input as every version; when a vector is
// valid it checks the invariants: every score within 0..10 with one decimal, the severity
// matching the overall score, and the normalized vector re-parsing to the same scores.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "bulwark/cvss/cvss.hpp"

namespace {

using bulwark::cvss::Score;
using bulwark::cvss::Version;

void check(bool ok) {
  if (!ok) std::abort();
}

void check_range(const std::optional<double>& x) {
  if (!x) return;
  check(*x >= 0.0 && *x <= 10.0);
  check(std::fabs(*x * 10 - std::round(*x * 10)) < 1e-9);  // one decimal
}

bool same(const std::optional<double>& a, const std::optional<double>& b) {
  return a.has_value() == b.has_value() && (!a || *a == *b);
}

void check_score(const Score& s) {
  check_range(s.base);
  check_range(s.temporal);
  check_range(s.threat);
  check_range(s.environmental);
  check_range(s.overall);
  check(!s.severity.empty());
  auto again = bulwark::cvss::score(s.normalized_vector, s.version);
  check(again.has_value());
  check(again->base == s.base && again->overall == s.overall);
  check(same(again->temporal, s.temporal) && same(again->threat, s.threat));
  check(same(again->environmental, s.environmental));
  check(again->normalized_vector == s.normalized_vector && again->severity == s.severity);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (Version v : {Version::kV2, Version::kV30, Version::kV31, Version::kV40}) {
    auto s = bulwark::cvss::score(input, v);
    if (s) check_score(*s);
  }
  if (auto s = bulwark::cvss::score(input)) check_score(*s);
  if (auto s = bulwark::cvss::score_all_groups(input)) {
    check_range(s->temporal);
    check_range(s->environmental);
  }
  return 0;
}
