// CVSS v3.0 and v3.1 (FIRST specification documents, section 7 "CVSS v3.x Equations").
// Differences: v3.0 Roundup is the plain "smallest one-decimal number >= x"; v3.1 uses the
// float-safe Roundup of appendix A, and its Scope-changed modified impact is
// 7.52 x (MISS - 0.029) - 3.25 x (MISS x 0.9731 - 0.02)^13 instead of v3.0's ^15 form.
#include <algorithm>
#include <array>
#include <cmath>

#include "bulwark/cvss/internal.hpp"

namespace bulwark::cvss::detail {
namespace {

enum M3 : std::size_t {
  kAV,
  kAC,
  kPR,
  kUI,
  kS,
  kC,
  kI,
  kA,
  kE,
  kRL,
  kRC,
  kCR,
  kIR,
  kAR,
  kMAV,
  kMAC,
  kMPR,
  kMUI,
  kMS,
  kMC,
  kMI,
  kMA
};

constexpr std::array<MetricDef, 22> kMetrics{{
    {"AV", {"N", "A", "L", "P"}, true},
    {"AC", {"L", "H"}, true},
    {"PR", {"N", "L", "H"}, true},
    {"UI", {"N", "R"}, true},
    {"S", {"U", "C"}, true},
    {"C", {"H", "L", "N"}, true},
    {"I", {"H", "L", "N"}, true},
    {"A", {"H", "L", "N"}, true},
    {"E", {"X", "U", "P", "F", "H"}, false},
    {"RL", {"X", "O", "T", "W", "U"}, false},
    {"RC", {"X", "U", "R", "C"}, false},
    {"CR", {"X", "L", "M", "H"}, false},
    {"IR", {"X", "L", "M", "H"}, false},
    {"AR", {"X", "L", "M", "H"}, false},
    {"MAV", {"X", "N", "A", "L", "P"}, false},
    {"MAC", {"X", "L", "H"}, false},
    {"MPR", {"X", "N", "L", "H"}, false},
    {"MUI", {"X", "N", "R"}, false},
    {"MS", {"X", "U", "C"}, false},
    {"MC", {"X", "H", "L", "N"}, false},
    {"MI", {"X", "H", "L", "N"}, false},
    {"MA", {"X", "H", "L", "N"}, false},
}};

constexpr double kAVw[] = {0.85, 0.62, 0.55, 0.2};
constexpr double kACw[] = {0.77, 0.44};
constexpr double kPRu[] = {0.85, 0.62, 0.27};
constexpr double kPRc[] = {0.85, 0.68, 0.5};
constexpr double kUIw[] = {0.85, 0.62};
constexpr double kCIAw[] = {0.56, 0.22, 0.0};
constexpr double kEw[] = {1.0, 0.91, 0.94, 0.97, 1.0};
constexpr double kRLw[] = {1.0, 0.95, 0.96, 0.97, 1.0};
constexpr double kRCw[] = {1.0, 0.92, 0.96, 1.0};
constexpr double kReqw[] = {1.0, 0.5, 1.0, 1.5};

std::size_t idx(const Values& v, std::size_t m) {
  return v[m] < 0 ? 0 : static_cast<std::size_t>(v[m]);
}

// Value index of a base metric after its Modified counterpart (index 0 = X keeps the base).
std::size_t modified(const Values& v, std::size_t base, std::size_t mod) {
  std::size_t m = idx(v, mod);
  return m == 0 ? idx(v, base) : m - 1;
}

double roundup30(double x) { return std::ceil(x * 10.0) / 10.0; }

double roundup31(double x) {
  double int_input = js_round(x * 100000.0);
  if (std::fmod(int_input, 10000.0) == 0.0) return int_input / 100000.0;
  return (std::floor(int_input / 10000.0) + 1.0) / 10.0;
}

struct Groups {
  double base, temporal, env;
};

Groups compute(const Values& v, bool v31) {
  auto roundup = v31 ? roundup31 : roundup30;
  bool changed = idx(v, kS) == 1;
  double iss = 1 - ((1 - kCIAw[idx(v, kC)]) * (1 - kCIAw[idx(v, kI)]) * (1 - kCIAw[idx(v, kA)]));
  double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double* pr = changed ? kPRc : kPRu;
  double expl = 8.22 * kAVw[idx(v, kAV)] * kACw[idx(v, kAC)] * pr[idx(v, kPR)] * kUIw[idx(v, kUI)];
  Groups g{};
  if (impact > 0)
    g.base = changed ? roundup(std::min(1.08 * (impact + expl), 10.0))
                     : roundup(std::min(impact + expl, 10.0));
  g.temporal = roundup(g.base * kEw[idx(v, kE)] * kRLw[idx(v, kRL)] * kRCw[idx(v, kRC)]);

  bool mchanged = idx(v, kMS) == 0 ? changed : idx(v, kMS) == 2;
  double miss = std::min(1 - ((1 - kCIAw[modified(v, kC, kMC)] * kReqw[idx(v, kCR)]) *
                              (1 - kCIAw[modified(v, kI, kMI)] * kReqw[idx(v, kIR)]) *
                              (1 - kCIAw[modified(v, kA, kMA)] * kReqw[idx(v, kAR)])),
                         0.915);
  double mimpact = !mchanged ? 6.42 * miss
                   : v31     ? 7.52 * (miss - 0.029) - 3.25 * std::pow(miss * 0.9731 - 0.02, 13)
                             : 7.52 * (miss - 0.029) - 3.25 * std::pow(miss - 0.02, 15);
  const double* mpr = mchanged ? kPRc : kPRu;
  double mexpl = 8.22 * kAVw[modified(v, kAV, kMAV)] * kACw[modified(v, kAC, kMAC)] *
                 mpr[modified(v, kPR, kMPR)] * kUIw[modified(v, kUI, kMUI)];
  if (mimpact > 0) {
    double inner = mchanged ? roundup(std::min(1.08 * (mimpact + mexpl), 10.0))
                            : roundup(std::min(mimpact + mexpl, 10.0));
    g.env = roundup(inner * kEw[idx(v, kE)] * kRLw[idx(v, kRL)] * kRCw[idx(v, kRC)]);
  }
  return g;
}

}  // namespace

const VectorSpec& v3_spec() {
  static const VectorSpec spec{kMetrics, false, "CVSS v3"};
  return spec;
}

Score score_v3(const Values& v, Version version, bool all_groups) {
  Groups g = compute(v, version == Version::kV31);
  Score s;
  s.version = version;
  s.base = g.base;
  bool any_t = defined(v, kE) || defined(v, kRL) || defined(v, kRC);
  bool any_e = false;
  for (std::size_t m = kCR; m <= kMA; ++m) any_e = any_e || defined(v, m);
  if (any_t || all_groups) s.temporal = g.temporal;
  if (any_e || all_groups) s.environmental = g.env;
  s.overall = any_e ? g.env : any_t ? g.temporal : g.base;
  return s;
}

}  // namespace bulwark::cvss::detail
