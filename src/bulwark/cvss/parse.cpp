// Table-driven CVSS vector parsing shared by every version.
#include <fmt/format.h>
#include <cmath>

#include "bulwark/cvss/internal.hpp"

namespace bulwark::cvss::detail {
namespace {

// Names and values are one to five characters: an inline loop beats memcmp calls.
bool eq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

std::size_t find_char(std::string_view s, char c, std::size_t from) {
  for (std::size_t i = from; i < s.size(); ++i)
    if (s[i] == c) return i;
  return std::string_view::npos;
}

// Linear scan; `hint` (the metric after the previous one) is tried first, which makes vectors
// in canonical order cost one comparison per metric.
int find_metric(const VectorSpec& spec, std::string_view name, int hint) {
  auto n = static_cast<int>(spec.metrics.size());
  if (hint >= 0 && hint < n && eq(spec.metrics[static_cast<std::size_t>(hint)].name, name))
    return hint;
  for (int i = 0; i < n; ++i)
    if (eq(spec.metrics[static_cast<std::size_t>(i)].name, name)) return i;
  return -1;
}

int find_value(const MetricDef& m, std::string_view value) {
  for (std::size_t i = 0; i < kMaxValues; ++i)
    if (!m.values[i].empty() && eq(m.values[i], value)) return static_cast<int>(i);
  return -1;
}

std::string allowed_values(const MetricDef& m) {
  std::string s;
  for (auto v : m.values) {
    if (v.empty()) continue;
    if (!s.empty()) s += ", ";
    s += v;
  }
  return s;
}

// Checks one NAME:VALUE item and records it; `last` is the index of the previous metric.
Result<void> parse_item(std::string_view item, const VectorSpec& spec, Values& out, int& last) {
  if (item.empty()) return invalid_input("empty metric (a doubled or trailing '/')");
  auto colon = find_char(item, ':', 0);
  if (colon == std::string_view::npos || find_char(item, ':', colon + 1) != std::string_view::npos)
    return invalid_input(fmt::format("'{}': malformed metric, expected NAME:VALUE", item));
  auto name = item.substr(0, colon);
  auto value = item.substr(colon + 1);
  int mi = find_metric(spec, name, last + 1);
  if (mi < 0)
    return invalid_input(fmt::format("{}: unknown metric '{}' for {}", item, name, spec.label));
  const MetricDef& m = spec.metrics[static_cast<std::size_t>(mi)];
  int vi = find_value(m, value);
  if (vi < 0)
    return invalid_input(fmt::format("{}: unknown value '{}' for metric {} (allowed: {})", item,
                                     value, name, allowed_values(m)));
  if (out[static_cast<std::size_t>(mi)] != kAbsent)
    return invalid_input(fmt::format("{}: duplicate metric {}", item, name));
  if (spec.ordered && mi < last)
    return invalid_input(fmt::format(
        "{}: metric {} out of order ({} requires the specification's "
        "order, {} before {})",
        item, name, spec.label, name, spec.metrics[static_cast<std::size_t>(last)].name));
  out[static_cast<std::size_t>(mi)] = static_cast<std::int8_t>(vi);
  last = mi;
  return {};
}

}  // namespace

Result<Values> parse_metrics(std::string_view body, const VectorSpec& spec) {
  Values out;
  out.fill(kAbsent);
  if (body.empty()) return invalid_input(fmt::format("empty {} vector", spec.label));
  int last = -1;
  std::size_t pos = 0;
  while (true) {
    auto slash = find_char(body, '/', pos);
    auto item =
        body.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    if (auto r = parse_item(item, spec, out, last); !r) return std::unexpected(r.error());
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  std::string missing;
  for (std::size_t i = 0; i < spec.metrics.size(); ++i) {
    if (!spec.metrics[i].required || out[i] != kAbsent) continue;
    if (!missing.empty()) missing += ", ";
    missing += spec.metrics[i].name;
  }
  if (!missing.empty())
    return invalid_input(fmt::format("missing mandatory {} metric(s): {}", spec.label, missing));
  return out;
}

std::string normalize(std::string_view prefix, const VectorSpec& spec, const Values& values) {
  std::string s;
  s.reserve(prefix.size() + 8 * spec.metrics.size());
  s += prefix;
  bool first = true;
  for (std::size_t i = 0; i < spec.metrics.size(); ++i) {
    const MetricDef& m = spec.metrics[i];
    if (values[i] == kAbsent || (!m.required && values[i] == 0)) continue;
    if (!first) s += '/';
    first = false;
    s += m.name;
    s += ':';
    s += m.values[static_cast<std::size_t>(values[i])];
  }
  return s;
}

double js_round(double x) {
  double f = std::floor(x);
  return (x - f >= 0.5) ? f + 1.0 : f;
}

}  // namespace bulwark::cvss::detail
