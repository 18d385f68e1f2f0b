// CVSS v4.0 scoring by the specification's MacroVector method, operation for operation as
// FIRST's reference calculator (cvss-v4-calculator, cvss40.js): equivalence classes EQ1..EQ6,
// the MacroVector lookup table, severity distances to the first highest-severity vector that
// dominates the scored one, the mean proportional distance, and rounding to one decimal with
// the calculator's 1e-6 epsilon.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>

#include "bulwark/cvss/internal.hpp"
#include "bulwark/cvss/v4_tables.hpp"

namespace bulwark::cvss::detail {
namespace {

enum M4 : std::size_t {
  kAV,
  kAC,
  kAT,
  kPR,
  kUI,
  kVC,
  kVI,
  kVA,
  kSC,
  kSI,
  kSA,
  kE,
  kCR,
  kIR,
  kAR,
  kMAV,
  kMAC,
  kMAT,
  kMPR,
  kMUI,
  kMVC,
  kMVI,
  kMVA,
  kMSC,
  kMSI,
  kMSA,
  kS,
  kAU,
  kR,
  kV,
  kRE,
  kU
};

constexpr std::array<MetricDef, 32> kMetrics{{
    {"AV", {"N", "A", "L", "P"}, true},
    {"AC", {"L", "H"}, true},
    {"AT", {"N", "P"}, true},
    {"PR", {"N", "L", "H"}, true},
    {"UI", {"N", "P", "A"}, true},
    {"VC", {"H", "L", "N"}, true},
    {"VI", {"H", "L", "N"}, true},
    {"VA", {"H", "L", "N"}, true},
    {"SC", {"H", "L", "N"}, true},
    {"SI", {"H", "L", "N"}, true},
    {"SA", {"H", "L", "N"}, true},
    {"E", {"X", "A", "P", "U"}, false},
    {"CR", {"X", "H", "M", "L"}, false},
    {"IR", {"X", "H", "M", "L"}, false},
    {"AR", {"X", "H", "M", "L"}, false},
    {"MAV", {"X", "N", "A", "L", "P"}, false},
    {"MAC", {"X", "L", "H"}, false},
    {"MAT", {"X", "N", "P"}, false},
    {"MPR", {"X", "N", "L", "H"}, false},
    {"MUI", {"X", "N", "P", "A"}, false},
    {"MVC", {"X", "H", "L", "N"}, false},
    {"MVI", {"X", "H", "L", "N"}, false},
    {"MVA", {"X", "H", "L", "N"}, false},
    {"MSC", {"X", "H", "L", "N"}, false},
    {"MSI", {"X", "S", "H", "L", "N"}, false},
    {"MSA", {"X", "S", "H", "L", "N"}, false},
    {"S", {"X", "N", "P"}, false},
    {"AU", {"X", "N", "Y"}, false},
    {"R", {"X", "A", "U", "I"}, false},
    {"V", {"X", "D", "C"}, false},
    {"RE", {"X", "L", "M", "H"}, false},
    {"U", {"X", "Clear", "Green", "Amber", "Red"}, false},
}};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Effective metric values (letters) after Modified metrics and worst-case defaults.
struct Effective {
  char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
  bool msi_safety, msa_safety;
};

char letter(const Values& v, std::size_t m) {
  return v[m] < 0 ? 'X' : kMetrics[m].values[static_cast<std::size_t>(v[m])][0];
}

char eff(const Values& v, std::size_t base, std::size_t mod, bool env) {
  char m = env ? letter(v, mod) : 'X';
  return m != 'X' ? m : letter(v, base);
}

char req(const Values& v, std::size_t m, bool env) {
  char c = env ? letter(v, m) : 'X';
  return c == 'X' ? 'H' : c;
}

Effective effective(const Values& v, bool threat, bool env) {
  Effective x{};
  x.av = eff(v, kAV, kMAV, env);
  x.ac = eff(v, kAC, kMAC, env);
  x.at = eff(v, kAT, kMAT, env);
  x.pr = eff(v, kPR, kMPR, env);
  x.ui = eff(v, kUI, kMUI, env);
  x.vc = eff(v, kVC, kMVC, env);
  x.vi = eff(v, kVI, kMVI, env);
  x.va = eff(v, kVA, kMVA, env);
  x.sc = eff(v, kSC, kMSC, env);
  x.si = eff(v, kSI, kMSI, env);
  x.sa = eff(v, kSA, kMSA, env);
  char e = threat ? letter(v, kE) : 'X';
  x.e = e == 'X' ? 'A' : e;
  x.cr = req(v, kCR, env);
  x.ir = req(v, kIR, env);
  x.ar = req(v, kAR, env);
  x.msi_safety = env && letter(v, kMSI) == 'S';
  x.msa_safety = env && letter(v, kMSA) == 'S';
  return x;
}

struct Macro {
  int eq[6];
};

Macro macro_vector(const Effective& x) {
  Macro m{};
  bool any_n = x.av == 'N' || x.pr == 'N' || x.ui == 'N';
  if (x.av == 'N' && x.pr == 'N' && x.ui == 'N')
    m.eq[0] = 0;
  else if (any_n && x.av != 'P')
    m.eq[0] = 1;
  else
    m.eq[0] = 2;
  m.eq[1] = (x.ac == 'L' && x.at == 'N') ? 0 : 1;
  if (x.vc == 'H' && x.vi == 'H')
    m.eq[2] = 0;
  else if (x.vc == 'H' || x.vi == 'H' || x.va == 'H')
    m.eq[2] = 1;
  else
    m.eq[2] = 2;
  if (x.msi_safety || x.msa_safety)
    m.eq[3] = 0;
  else if (x.sc == 'H' || x.si == 'H' || x.sa == 'H')
    m.eq[3] = 1;
  else
    m.eq[3] = 2;
  m.eq[4] = x.e == 'A' ? 0 : x.e == 'P' ? 1 : 2;
  bool eq6_high =
      (x.cr == 'H' && x.vc == 'H') || (x.ir == 'H' && x.vi == 'H') || (x.ar == 'H' && x.va == 'H');
  m.eq[5] = eq6_high ? 0 : 1;
  return m;
}

// Severity levels of the calculator (METRIC_LEVELS), as the same binary doubles.
double level(char metric_kind, char c) {
  switch (metric_kind) {
    case 'v':  // AV
      return c == 'N' ? 0.0 : c == 'A' ? 0.1 : c == 'L' ? 0.2 : 0.3;
    case 'p':  // PR
      return c == 'N' ? 0.0 : c == 'L' ? 0.1 : 0.2;
    case 'u':  // UI
      return c == 'N' ? 0.0 : c == 'P' ? 0.1 : 0.2;
    case 'c':  // AC
      return c == 'L' ? 0.0 : 0.1;
    case 't':  // AT
      return c == 'N' ? 0.0 : 0.1;
    case 'i':  // VC, VI, VA
      return c == 'H' ? 0.0 : c == 'L' ? 0.1 : 0.2;
    case 's':  // SC
      return c == 'H' ? 0.1 : c == 'L' ? 0.2 : 0.3;
    case 'S':  // SI, SA
      return c == 'S' ? 0.0 : c == 'H' ? 0.1 : c == 'L' ? 0.2 : 0.3;
    default:  // CR, IR, AR
      return c == 'H' ? 0.0 : c == 'M' ? 0.1 : 0.2;
  }
}

double lookup(int e1, int e2, int e3, int e4, int e5, int e6) {
  if (e1 > 2 || e2 > 1 || e3 > 2 || e4 > 2 || e5 > 2 || e6 > 1) return kNaN;
  double s = v4::kLookup[v4::lookup_index(e1, e2, e3, e4, e5, e6)];
  return s < 0 ? kNaN : s;
}

// Per-EQ severity distances of the scored vector from one highest-severity vector.
template <std::size_t K>
std::array<double, K> distances(const std::array<char, K>& mine, const std::array<char, K>& max,
                                const char (&kinds)[K + 1]) {
  std::array<double, K> d{};
  for (std::size_t i = 0; i < K; ++i) d[i] = level(kinds[i], mine[i]) - level(kinds[i], max[i]);
  return d;
}

template <std::size_t K>
bool all_non_negative(const std::array<double, K>& d) {
  return std::all_of(d.begin(), d.end(), [](double x) { return x >= 0; });
}

// The calculator composes every combination of per-EQ maxima and takes the first whose
// distances are all >= 0 (else the last one tried). As the conditions are per EQ, that is the
// first dominating entry of each EQ, or the last entry of each EQ when some EQ has none.
template <std::size_t K, std::size_t N>
struct Pick {
  std::array<double, K> first_ok{};
  std::array<double, K> last{};
  bool found = false;
};

template <std::size_t K, std::size_t N>
Pick<K, N> pick(const v4::MaxList<K, N>& list, const std::array<char, K>& mine,
                const char (&kinds)[K + 1]) {
  Pick<K, N> p;
  for (std::size_t i = 0; i < list.count; ++i) {
    auto d = distances(mine, list.items[i], kinds);
    if (!p.found && all_non_negative(d)) {
      p.first_ok = d;
      p.found = true;
    }
    p.last = d;
  }
  return p;
}

double sum(std::span<const double> d) {
  double s = d[0];
  for (std::size_t i = 1; i < d.size(); ++i) s += d[i];
  return s;
}

double eq3eq6_next(const Macro& m) {
  const int* e = m.eq;
  if (e[2] == 1 && e[5] == 1) return lookup(e[0], e[1], e[2] + 1, e[3], e[4], e[5]);
  if (e[2] == 0 && e[5] == 1) return lookup(e[0], e[1], e[2] + 1, e[3], e[4], e[5]);
  if (e[2] == 1 && e[5] == 0) return lookup(e[0], e[1], e[2], e[3], e[4], e[5] + 1);
  if (e[2] == 0 && e[5] == 0) {
    double left = lookup(e[0], e[1], e[2], e[3], e[4], e[5] + 1);
    double right = lookup(e[0], e[1], e[2] + 1, e[3], e[4], e[5]);
    if (std::isnan(left) || std::isnan(right)) return kNaN;  // Math.max semantics
    return std::max(left, right);
  }
  return lookup(e[0], e[1], e[2] + 1, e[3], e[4], e[5] + 1);
}

// Current severity distance of each EQ (EQ1, EQ2, EQ3+EQ6, EQ4).
std::array<double, 4> severity_distances(const Effective& x, const Macro& m) {
  auto p1 = pick(v4::kMaxEq1[m.eq[0]], std::array<char, 3>{x.av, x.pr, x.ui}, "vpu");
  auto p2 = pick(v4::kMaxEq2[m.eq[1]], std::array<char, 2>{x.ac, x.at}, "ct");
  auto p3 = pick(v4::kMaxEq3[m.eq[2]][m.eq[5]],
                 std::array<char, 6>{x.vc, x.vi, x.va, x.cr, x.ir, x.ar}, "iiirrr");
  auto p4 = pick(v4::kMaxEq4[m.eq[3]], std::array<char, 3>{x.sc, x.si, x.sa}, "sSS");
  // EQ5 (E) always matches its own maximum exactly: distance 0.
  bool all = p1.found && p2.found && p3.found && p4.found;
  return {sum(all ? p1.first_ok : p1.last), sum(all ? p2.first_ok : p2.last),
          sum(all ? p3.first_ok : p3.last), sum(all ? p4.first_ok : p4.last)};
}

double round_to_decimal(double x) { return js_round((x + 1e-6) * 10) / 10; }

double score_effective(const Effective& x) {
  if (x.vc == 'N' && x.vi == 'N' && x.va == 'N' && x.sc == 'N' && x.si == 'N' && x.sa == 'N')
    return 0.0;
  Macro m = macro_vector(x);
  const int* e = m.eq;
  double value = lookup(e[0], e[1], e[2], e[3], e[4], e[5]);
  if (std::isnan(value)) return 0.0;  // cannot happen for valid vectors
  const double next[5] = {lookup(e[0] + 1, e[1], e[2], e[3], e[4], e[5]),
                          lookup(e[0], e[1] + 1, e[2], e[3], e[4], e[5]), eq3eq6_next(m),
                          lookup(e[0], e[1], e[2], e[3] + 1, e[4], e[5]),
                          lookup(e[0], e[1], e[2], e[3], e[4] + 1, e[5])};
  constexpr double kStep = 0.1;
  const double max_severity[4] = {
      v4::kMaxSeverityEq1[e[0]] * kStep, v4::kMaxSeverityEq2[e[1]] * kStep,
      v4::kMaxSeverityEq3Eq6[e[2]][e[5]] * kStep, v4::kMaxSeverityEq4[e[3]] * kStep};
  auto current = severity_distances(x, m);
  int n_existing = 0;
  double normalized[5] = {0, 0, 0, 0, 0};
  for (int i = 0; i < 5; ++i) {
    double available = value - next[i];
    if (std::isnan(available)) continue;
    ++n_existing;
    double percent = i < 4 ? current[static_cast<std::size_t>(i)] / max_severity[i] : 0.0;
    normalized[i] = available * percent;
  }
  double mean = 0;
  if (n_existing > 0)
    mean = (normalized[0] + normalized[1] + normalized[2] + normalized[3] + normalized[4]) /
           n_existing;
  return round_to_decimal(std::max(0.0, std::min(10.0, value - mean)));
}

bool any_defined(const Values& v, std::size_t from, std::size_t to) {
  for (std::size_t m = from; m <= to; ++m)
    if (defined(v, m)) return true;
  return false;
}

}  // namespace

const VectorSpec& v4_spec() {
  static const VectorSpec spec{kMetrics, true, "CVSS v4.0"};
  return spec;
}

Score score_v4(const Values& v) {
  bool threat = defined(v, kE);
  bool env = any_defined(v, kCR, kMSA);
  Score s;
  s.version = Version::kV40;
  s.base = score_effective(effective(v, false, false));
  s.overall = score_effective(effective(v, threat, env));
  if (threat) s.threat = env ? score_effective(effective(v, true, false)) : s.overall;
  if (env) s.environmental = threat ? score_effective(effective(v, false, true)) : s.overall;
  s.nomenclature = std::string("CVSS-B") + (threat ? "T" : "") + (env ? "E" : "");
  return s;
}

}  // namespace bulwark::cvss::detail
