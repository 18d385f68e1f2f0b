// Risk policy: turns a finding's signals (CVSS, EPSS, KEV, fix availability, product class)
// into a priority P0..P4 and a fix-by deadline, as CRA Annex I Part II (2) asks: effort
// proportionate to the risk. The default policy is documented in docs/risk-policy.md; a user
// policy file (YAML) replaces any part of it. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::risk {

enum class Priority { kP0 = 0, kP1, kP2, kP3, kP4 };
std::string_view to_string(Priority p);
Result<Priority> parse_priority(std::string_view s);  // "P0".."P4", case-insensitive

// CRA product categories (Article 7, Annexes III and IV).
enum class ProductClass { kDefault, kImportantI, kImportantII, kCritical };
Result<ProductClass> parse_product_class(
    std::string_view s);  // default, important-1, important-2, critical

struct Signals {
  std::optional<double> cvss;             // best available base score
  std::optional<double> epss;             // probability 0..1
  std::optional<double> epss_percentile;  // 0..1
  bool kev = false;                       // listed in CISA KEV
  bool ransomware = false;                // KEV knownRansomwareCampaignUse == Known
  std::string kev_due_date;               // YYYY-MM-DD when listed
  bool fix_available = false;
  ProductClass product_class = ProductClass::kDefault;
};

// One rule: all given conditions must hold. Rules are tried in order; the first match wins.
struct Rule {
  Priority priority = Priority::kP4;
  std::optional<double> cvss_min;
  std::optional<double> epss_min;
  std::optional<double> epss_percentile_min;
  std::optional<bool> kev;
  std::optional<bool> ransomware;
  std::optional<bool> fix_available;
  bool cvss_unknown = false;  // matches only when no CVSS score is known
  std::string name;           // shown as the reason
};

struct Policy {
  std::vector<Rule> rules;
  int days[5] = {7, 14, 30, 90, 180};  // fix-by deadline per priority, in days
  // Priority levels to raise by for important/critical products (never above P1 without KEV).
  int raise_important_i = 0;
  int raise_important_ii = 1;
  int raise_critical = 1;
};

// The documented default policy.
const Policy& default_policy();

// Reads a YAML policy; omitted parts keep the default. Errors name the file and key.
Result<Policy> load_policy(const std::string& path);
Result<Policy> parse_policy(std::string_view yaml, std::string_view name);

struct Assessment {
  Priority priority = Priority::kP4;
  std::string fix_by;                // YYYY-MM-DD
  std::string reason;                // which rule decided, and any class adjustment
  bool article14_candidate = false;  // KEV-listed: actively exploited (CRA Article 14)
};

// `since` is the date the clock starts (YYYY-MM-DD; the finding's first-seen date or today).
Result<Assessment> assess(const Policy& policy, const Signals& s, std::string_view since);

// Adds days to a YYYY-MM-DD date (proleptic Gregorian calendar).
Result<std::string> add_days(std::string_view date, int days);

}  // namespace bulwark::risk
