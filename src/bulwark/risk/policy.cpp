#include "bulwark/risk/policy.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "bulwark/core/text.hpp"

namespace bulwark::risk {

std::string_view to_string(Priority p) {
  static constexpr std::string_view kNames[] = {"P0", "P1", "P2", "P3", "P4"};
  return kNames[static_cast<int>(p)];
}

Result<Priority> parse_priority(std::string_view s) {
  if (s.size() == 2 && (s[0] == 'P' || s[0] == 'p') && s[1] >= '0' && s[1] <= '4')
    return static_cast<Priority>(s[1] - '0');
  return invalid_input("'" + std::string(s) + "' is not a priority (P0..P4)");
}

Result<ProductClass> parse_product_class(std::string_view s) {
  std::string v = to_lower(s);
  if (v == "default") return ProductClass::kDefault;
  if (v == "important-1" || v == "important-i" || v == "class-i") return ProductClass::kImportantI;
  if (v == "important-2" || v == "important-ii" || v == "class-ii")
    return ProductClass::kImportantII;
  if (v == "critical") return ProductClass::kCritical;
  return invalid_input("'" + std::string(s) +
                       "' is not a product class (default, important-1, important-2, critical)");
}

std::string_view to_string(Need n) {
  static constexpr std::string_view kNames[] = {"none", "low", "medium", "high"};
  return kNames[static_cast<int>(n)];
}

Result<Need> parse_need(std::string_view s) {
  const std::string v = to_lower(s);
  for (Need n : {Need::kNone, Need::kLow, Need::kMedium, Need::kHigh})
    if (v == to_string(n)) return n;
  return invalid_input("'" + std::string(s) + "' is not a need (none, low, medium, high)");
}

const Policy& default_policy() {
  static const Policy kDefault = [] {
    Policy p;
    auto rule = [](Priority pr, std::string name) {
      Rule r;
      r.priority = pr;
      r.name = std::move(name);
      return r;
    };
    Rule kev = rule(Priority::kP0, "known exploited (CISA KEV)");
    kev.kev = true;
    Rule crit = rule(Priority::kP1, "CVSS >= 9.0");
    crit.cvss_min = 9.0;
    Rule likely = rule(Priority::kP1, "CVSS >= 7.0 and EPSS >= 0.1");
    likely.cvss_min = 7.0;
    likely.epss_min = 0.1;
    Rule high = rule(Priority::kP2, "CVSS >= 7.0");
    high.cvss_min = 7.0;
    Rule epss = rule(Priority::kP2, "EPSS >= 0.1");
    epss.epss_min = 0.1;
    Rule medium = rule(Priority::kP3, "CVSS >= 4.0");
    medium.cvss_min = 4.0;
    Rule unknown = rule(Priority::kP3, "no CVSS score known");
    unknown.cvss_unknown = true;
    Rule low = rule(Priority::kP4, "CVSS < 4.0");
    p.rules = {kev, crit, likely, high, epss, medium, unknown, low};
    return p;
  }();
  return kDefault;
}

namespace {

bool holds(const Rule& r, const Signals& s) {
  if (r.cvss_unknown && s.cvss) return false;
  if (r.cvss_min && (!s.cvss || *s.cvss < *r.cvss_min)) return false;
  if (r.epss_min && (!s.epss || *s.epss < *r.epss_min)) return false;
  if (r.epss_percentile_min && (!s.epss_percentile || *s.epss_percentile < *r.epss_percentile_min))
    return false;
  if (r.kev && *r.kev != s.kev) return false;
  if (r.ransomware && *r.ransomware != s.ransomware) return false;
  if (r.fix_available && *r.fix_available != s.fix_available) return false;
  return true;
}

int raise_for(const Policy& p, ProductClass c) {
  switch (c) {
    case ProductClass::kImportantI:
      return p.raise_important_i;
    case ProductClass::kImportantII:
      return p.raise_important_ii;
    case ProductClass::kCritical:
      return p.raise_critical;
    default:
      return 0;
  }
}

bool listed(const std::vector<std::string>& list, std::string_view value) {
  for (const auto& v : list)
    if (equals_icase(v, value)) return true;
  return false;
}

// The exposure adjustment (after the rule and the class raise), written onto the reason.
void apply_reach(const Policy::Exposure& e, const Reach& r, bool kev, Assessment& a) {
  const int before = static_cast<int>(a.priority);
  if (r.interfaces.empty()) {
    if (e.lower <= 0 || before == static_cast<int>(Priority::kP4)) return;
    if (kev) {
      a.exposure = "not lowered although " + r.unreachable + ": known exploited";
      a.reason += "; " + a.exposure;
      return;
    }
    const int level = std::min(before + e.lower, static_cast<int>(Priority::kP4));
    a.priority = static_cast<Priority>(level);
    a.exposure = "lowered " + std::to_string(level - before) + ": " + r.unreachable;
    a.reason += "; " + a.exposure;
    return;
  }
  if (e.raise <= 0 || before == static_cast<int>(Priority::kP0)) return;
  const ReachPath* best = nullptr;
  for (const auto& p : r.interfaces) {
    if (p.asset.empty() || p.need < e.min_need) continue;
    if (!listed(e.exposures, p.exposure) || !listed(e.kinds, p.kind)) continue;
    if (!best || p.need > best->need) best = &p;
  }
  if (!best) return;
  const int level = std::max(before - e.raise, static_cast<int>(Priority::kP0));
  a.priority = static_cast<Priority>(level);
  a.exposure = "raised " + std::to_string(before - level) + ": " + r.component +
               " behind interface " + best->interface + " (" + best->kind + ", " + best->exposure +
               ") carrying asset " + best->asset + " (" + best->dimension + " " +
               std::string(to_string(best->need)) + ")";
  a.reason += "; " + a.exposure;
}

Result<std::chrono::year_month_day> parse_date(std::string_view d) {
  int y = 0;
  unsigned m = 0, day = 0;
  char tail = 0;
  std::string s(d.substr(0, 10));
  if (d.size() < 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &day, &tail) != 3)
    return invalid_input("'" + std::string(d) + "' is not a date (YYYY-MM-DD)");
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                  std::chrono::day{day}};
  if (!ymd.ok()) return invalid_input("'" + std::string(d) + "' is not a valid calendar date");
  return ymd;
}

}  // namespace

Result<std::string> add_days(std::string_view date, int days) {
  auto ymd = parse_date(date);
  if (!ymd) return std::unexpected(ymd.error());
  std::chrono::sys_days t = std::chrono::sys_days{*ymd} + std::chrono::days{days};
  std::chrono::year_month_day out{t};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(out.year()),
                static_cast<unsigned>(out.month()), static_cast<unsigned>(out.day()));
  return std::string(buf);
}

Result<Assessment> assess(const Policy& policy, const Signals& s, std::string_view since) {
  Assessment a;
  a.priority = Priority::kP4;
  a.reason = "no rule matched";
  for (const auto& r : policy.rules) {
    if (holds(r, s)) {
      a.priority = r.priority;
      a.reason = r.name;
      break;
    }
  }
  int raise = raise_for(policy, s.product_class);
  if (raise > 0 && a.priority != Priority::kP0) {
    int level = static_cast<int>(a.priority) - raise;
    int floor = 1;  // only actual exploitation makes P0
    if (level < floor) level = floor;
    if (level != static_cast<int>(a.priority)) {
      a.priority = static_cast<Priority>(level);
      a.reason += "; raised for the product's CRA class";
    }
  }
  if (s.reach) apply_reach(policy.exposure, *s.reach, s.kev, a);
  a.article14_candidate = s.kev;
  auto due = add_days(since, policy.days[static_cast<int>(a.priority)]);
  if (!due) return std::unexpected(due.error());
  a.fix_by = *due;
  return a;
}

}  // namespace bulwark::risk
