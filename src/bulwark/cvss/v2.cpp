// CVSS v2.0 (FIRST "A Complete Guide to the Common Vulnerability Scoring System Version 2.0",
// section 3.2): base, temporal and environmental equations with round_to_1_decimal.
#include <algorithm>
#include <array>

#include "bulwark/cvss/internal.hpp"

namespace bulwark::cvss::detail {
namespace {

enum M2 : std::size_t { kAV, kAC, kAu, kC, kI, kA, kE, kRL, kRC, kCDP, kTD, kCR, kIR, kAR };

constexpr std::array<MetricDef, 14> kMetrics{{
    {"AV", {"L", "A", "N"}, true},
    {"AC", {"H", "M", "L"}, true},
    {"Au", {"M", "S", "N"}, true},
    {"C", {"N", "P", "C"}, true},
    {"I", {"N", "P", "C"}, true},
    {"A", {"N", "P", "C"}, true},
    {"E", {"ND", "U", "POC", "F", "H"}, false},
    {"RL", {"ND", "OF", "TF", "W", "U"}, false},
    {"RC", {"ND", "UC", "UR", "C"}, false},
    {"CDP", {"ND", "N", "L", "LM", "MH", "H"}, false},
    {"TD", {"ND", "N", "L", "M", "H"}, false},
    {"CR", {"ND", "L", "M", "H"}, false},
    {"IR", {"ND", "L", "M", "H"}, false},
    {"AR", {"ND", "L", "M", "H"}, false},
}};

constexpr double kAVw[] = {0.395, 0.646, 1.0};
constexpr double kACw[] = {0.35, 0.61, 0.71};
constexpr double kAuw[] = {0.45, 0.56, 0.704};
constexpr double kImpw[] = {0.0, 0.275, 0.660};
constexpr double kEw[] = {1.0, 0.85, 0.9, 0.95, 1.0};
constexpr double kRLw[] = {1.0, 0.87, 0.90, 0.95, 1.0};
constexpr double kRCw[] = {1.0, 0.90, 0.95, 1.0};
constexpr double kCDPw[] = {0.0, 0.0, 0.1, 0.3, 0.4, 0.5};
constexpr double kTDw[] = {1.0, 0.0, 0.25, 0.75, 1.0};
constexpr double kReqw[] = {1.0, 0.5, 1.0, 1.51};

// Optional metrics default to Not Defined (index 0).
std::size_t idx(const Values& v, std::size_t m) {
  return v[m] < 0 ? 0 : static_cast<std::size_t>(v[m]);
}

// round_to_1_decimal of the guide (half up). The guide's equations are decimal; the tiny
// tolerance makes a binary result that lands just below an exact decimal half round up as the
// decimal value does (e.g. 4.2499999999999991 for 4.25).
double round1(double x) { return js_round(x * 10.0 + 1e-9) / 10.0; }

double base_equation(double impact, double exploitability) {
  double f = impact == 0.0 ? 0.0 : 1.176;
  return round1(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f);
}

double temporal_factor(const Values& v) {
  return kEw[idx(v, kE)] * kRLw[idx(v, kRL)] * kRCw[idx(v, kRC)];
}

}  // namespace

const VectorSpec& v2_spec() {
  static const VectorSpec spec{kMetrics, false, "CVSS v2.0"};
  return spec;
}

Score score_v2(const Values& v, bool all_groups) {
  double c = kImpw[idx(v, kC)], i = kImpw[idx(v, kI)], a = kImpw[idx(v, kA)];
  double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  double exploitability = 20 * kAVw[idx(v, kAV)] * kACw[idx(v, kAC)] * kAuw[idx(v, kAu)];
  Score s;
  s.version = Version::kV2;
  s.base = base_equation(impact, exploitability);
  double temporal = round1(s.base * temporal_factor(v));
  double cr = kReqw[idx(v, kCR)], ir = kReqw[idx(v, kIR)], ar = kReqw[idx(v, kAR)];
  double adj_impact = std::min(10.0, 10.41 * (1 - (1 - c * cr) * (1 - i * ir) * (1 - a * ar)));
  double adj_temporal = round1(base_equation(adj_impact, exploitability) * temporal_factor(v));
  double env =
      round1((adj_temporal + (10 - adj_temporal) * kCDPw[idx(v, kCDP)]) * kTDw[idx(v, kTD)]);
  bool any_t = defined(v, kE) || defined(v, kRL) || defined(v, kRC);
  bool any_e = false;
  for (std::size_t m : {kCDP, kTD, kCR, kIR, kAR}) any_e = any_e || defined(v, m);
  if (any_t || all_groups) s.temporal = temporal;
  if (any_e || all_groups) s.environmental = env;
  s.overall = any_e ? env : any_t ? temporal : s.base;
  return s;
}

}  // namespace bulwark::cvss::detail
