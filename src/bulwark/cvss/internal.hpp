// Internals of the CVSS module: table-driven vector parsing shared by all versions, and the
// per-version scorers. Not part of the public API.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/cvss/cvss.hpp"

namespace bulwark::cvss::detail {

inline constexpr std::size_t kMaxValues = 6;
inline constexpr std::int8_t kAbsent = -1;

// One metric of a version's vector: its abbreviation and allowed values. For optional metrics
// values[0] is the Not Defined value ("X", or "ND" in v2).
struct MetricDef {
  std::string_view name;
  std::array<std::string_view, kMaxValues> values;
  bool required = false;
};

struct VectorSpec {
  std::span<const MetricDef> metrics;  // in the specification's canonical order
  bool ordered = false;                // metrics must appear in canonical order (v4.0)
  std::string_view label;              // "CVSS v3.1", for messages
};

// Value index of every metric (kAbsent when omitted), in the spec's canonical order.
inline constexpr std::size_t kMaxMetrics = 32;
using Values = std::array<std::int8_t, kMaxMetrics>;

// Parses "NAME:VALUE/NAME:VALUE..." (the vector without its prefix).
Result<Values> parse_metrics(std::string_view body, const VectorSpec& spec);

// Canonical vector: prefix + metrics in spec order, omitted and Not Defined metrics dropped.
std::string normalize(std::string_view prefix, const VectorSpec& spec, const Values& values);

// True when metric i is present with a value other than Not Defined.
inline bool defined(const Values& v, std::size_t i) { return v[i] > 0; }

// JavaScript's Math.round for finite values (halves go towards +infinity).
double js_round(double x);

const VectorSpec& v2_spec();
const VectorSpec& v3_spec();
const VectorSpec& v4_spec();

// Scorers fill base/temporal/threat/environmental/overall/nomenclature (not severity or the
// normalized vector). all_groups: v2/v3 temporal and environmental even when not defined.
Score score_v2(const Values& v, bool all_groups);
Score score_v3(const Values& v, Version version, bool all_groups);
Score score_v4(const Values& v);

}  // namespace bulwark::cvss::detail
