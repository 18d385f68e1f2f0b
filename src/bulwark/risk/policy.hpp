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

// A C/I/A protection need, as the risk assessment rates an asset (docs/risk-assessment.md).
enum class Need { kNone = 0, kLow, kMedium, kHigh };
std::string_view to_string(Need n);           // "none", "low", "medium", "high"
Result<Need> parse_need(std::string_view s);  // the same words, case-insensitive

// One interface of the release's risk assessment that names the affected component.
struct ReachPath {
  std::string interface;  // the interface's id
  std::string kind;       // network, api, wireless, update, local, physical, debug, user
  std::string exposure;   // internet, lan, local, physical
  std::string asset;      // the asset it carries with the highest need (empty: carries none)
  std::string dimension;  // that need's dimension: confidentiality, integrity or availability
  Need need = Need::kNone;
};

// What the affected component exposes according to the release's risk assessment. Derived by
// the service layer (service/reach.hpp), only when the assessment lists components behind its
// interfaces at all; without it the priority does not depend on exposure.
struct Reach {
  std::string component;              // the component's name, as the reason shows it
  int revision = 0;                   // the assessment revision it was read from
  std::vector<ReachPath> interfaces;  // empty: the assessment states nothing reaches it
  // When `interfaces` is empty: the statement that nothing reaches the component, as the reason
  // quotes it ("stated unreachable in assessment revision 3: build-time only").
  std::string unreachable;
};

struct Signals {
  std::optional<double> cvss;             // best available base score
  std::optional<double> epss;             // probability 0..1
  std::optional<double> epss_percentile;  // 0..1
  bool kev = false;                       // listed in CISA KEV
  bool ransomware = false;                // KEV knownRansomwareCampaignUse == Known
  std::string kev_due_date;               // YYYY-MM-DD when listed
  bool fix_available = false;
  ProductClass product_class = ProductClass::kDefault;
  const Reach* reach = nullptr;  // not owned; nullptr: no assessment lists components
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
  // Exposure (docs/risk-policy.md): a component behind an interface of one of `kinds` exposed
  // to one of `exposures` that carries an asset with a need of at least `min_need` is raised by
  // `raise` levels (never above P0); a component the assessment states unreachable (by name,
  // or by declaring its interfaces' component lists complete) is lowered by `lower` levels
  // (never below P4, never when known exploited). 0 turns a direction off.
  struct Exposure {
    int raise = 1;
    int lower = 1;
    std::vector<std::string> exposures = {"internet", "lan"};
    std::vector<std::string> kinds = {"network", "api", "wireless", "update"};
    Need min_need = Need::kHigh;
  } exposure;
};

// The documented default policy.
const Policy& default_policy();

// Reads a YAML policy; omitted parts keep the default. Errors name the file and key.
Result<Policy> load_policy(const std::string& path);
Result<Policy> parse_policy(std::string_view yaml, std::string_view name);

struct Assessment {
  Priority priority = Priority::kP4;
  std::string fix_by;    // YYYY-MM-DD
  std::string reason;    // which rule decided, and any class or exposure adjustment
  std::string exposure;  // the exposure adjustment alone ("raised 1: ..."), empty when none
  bool article14_candidate = false;  // KEV-listed: actively exploited (CRA Article 14)
};

// `since` is the date the clock starts (YYYY-MM-DD; the finding's first-seen date or today).
Result<Assessment> assess(const Policy& policy, const Signals& s, std::string_view since);

// Adds days to a YYYY-MM-DD date (proleptic Gregorian calendar).
Result<std::string> add_days(std::string_view date, int days);

}  // namespace bulwark::risk
