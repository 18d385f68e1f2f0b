// Version detection, parsing and the finishing touches (severity, normalized vector) shared by
// every CVSS version.
#include "bulwark/cvss/cvss.hpp"

#include <fmt/format.h>

#include "bulwark/cvss/internal.hpp"

namespace bulwark::cvss {
namespace {

using detail::Values;

constexpr std::string_view kPrefixV2 = "CVSS:2.0/";
constexpr std::string_view kPrefixV30 = "CVSS:3.0/";
constexpr std::string_view kPrefixV31 = "CVSS:3.1/";
constexpr std::string_view kPrefixV40 = "CVSS:4.0/";

std::string_view prefix_of(Version v) {
  switch (v) {
    case Version::kV2:
      return kPrefixV2;
    case Version::kV30:
      return kPrefixV30;
    case Version::kV31:
      return kPrefixV31;
    case Version::kV40:
      return kPrefixV40;
  }
  return {};
}

const detail::VectorSpec& spec_of(Version v) {
  switch (v) {
    case Version::kV2:
      return detail::v2_spec();
    case Version::kV30:
    case Version::kV31:
      return detail::v3_spec();
    case Version::kV40:
      return detail::v4_spec();
  }
  return detail::v2_spec();
}

std::string severity_v2(double s) {
  if (s < 4.0) return "LOW";
  if (s < 7.0) return "MEDIUM";
  return "HIGH";
}

// Qualitative Severity Rating Scale of v3.x and v4.0 (scores carry one decimal).
std::string severity_v3(double s) {
  if (s == 0.0) return "NONE";
  if (s < 4.0) return "LOW";
  if (s < 7.0) return "MEDIUM";
  if (s < 9.0) return "HIGH";
  return "CRITICAL";
}

Result<std::string_view> strip_prefix(std::string_view vector, Version v) {
  auto prefix = prefix_of(v);
  if (vector.starts_with(prefix)) return vector.substr(prefix.size());
  if (v == Version::kV2 && !vector.starts_with("CVSS:")) return vector;
  auto slash = vector.find('/');
  return invalid_input(fmt::format("'{}': expected the prefix '{}' of CVSS v{}",
                                   vector.substr(0, slash), prefix.substr(0, prefix.size() - 1),
                                   to_string(v)));
}

Result<Score> compute(std::string_view vector, Version v, bool all_groups) {
  auto body = strip_prefix(vector, v);
  if (!body) return std::unexpected(body.error());
  const auto& spec = spec_of(v);
  auto values = detail::parse_metrics(*body, spec);
  if (!values) return std::unexpected(values.error());
  Score s = v == Version::kV2    ? detail::score_v2(*values, all_groups)
            : v == Version::kV40 ? detail::score_v4(*values)
                                 : detail::score_v3(*values, v, all_groups);
  s.severity = v == Version::kV2 ? severity_v2(s.overall) : severity_v3(s.overall);
  s.normalized_vector = detail::normalize(v == Version::kV2 ? "" : prefix_of(v), spec, *values);
  return s;
}

Result<Version> detect(std::string_view vector) {
  if (vector.starts_with(kPrefixV40)) return Version::kV40;
  if (vector.starts_with(kPrefixV31)) return Version::kV31;
  if (vector.starts_with(kPrefixV30)) return Version::kV30;
  if (vector.starts_with(kPrefixV2)) return Version::kV2;
  if (vector.starts_with("CVSS:")) {
    auto slash = vector.find('/');
    return unsupported(
        fmt::format("'{}': unknown CVSS version prefix (expected CVSS:2.0, "
                    "CVSS:3.0, CVSS:3.1 or CVSS:4.0)",
                    vector.substr(0, slash)));
  }
  return Version::kV2;  // v2 vectors usually carry no prefix
}

}  // namespace

Result<Score> score(std::string_view vector, Version v) { return compute(vector, v, false); }

Result<Score> score(std::string_view vector) {
  auto v = detect(vector);
  if (!v) return std::unexpected(v.error());
  return compute(vector, *v, false);
}

Result<Score> score_all_groups(std::string_view vector) {
  auto v = detect(vector);
  if (!v) return std::unexpected(v.error());
  return compute(vector, *v, true);
}

std::string_view to_string(Version v) {
  switch (v) {
    case Version::kV2:
      return "2.0";
    case Version::kV30:
      return "3.0";
    case Version::kV31:
      return "3.1";
    case Version::kV40:
      return "4.0";
  }
  return "?";
}

}  // namespace bulwark::cvss
