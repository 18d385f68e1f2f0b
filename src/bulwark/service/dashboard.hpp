// The dashboard's portfolio overview (issue 12): per visible product and release the open
// findings by priority, KEV-listed and past their fix-by date; the open Article 14 cases with the
// next deadline; the trend of open findings week by week, new vs resolved per week and the mean
// time to fix. Read-only; one pass over each release's findings (open and resolved).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/service/access.hpp"

namespace bulwark::accounts {
class AccountStore;
}
namespace bulwark::portfolio {
class Store;
class CraStore;
}  // namespace bulwark::portfolio

namespace bulwark::service {

struct OverviewRequest {
  std::string product;        // only this product (kNotFound when not visible); empty: all
  int weeks = 12;             // trend buckets, 1..104
  bool include_cases = true;  // the caller may read CRA cases (permission cra-reporting)
};

struct FindingCounts {
  std::size_t open = 0, kev = 0, overdue = 0;
  std::map<std::string, std::size_t> by_priority;  // P0..P4, every key present
};

struct NextDeadline {
  std::string case_id, product, stage, state;  // state: not_due, due_soon, overdue
  std::string due;                             // RFC 3339
};

struct ReleaseOverview {
  std::string version, released_at, support_end;
  std::size_t components = 0;
  FindingCounts findings;
};

struct ProductOverview {
  std::string name, cra_class;
  std::vector<ReleaseOverview> releases;  // archived releases left out
  FindingCounts findings;
  std::size_t open_cases = 0;
  std::optional<NextDeadline> next_deadline;
};

struct WeekBucket {
  std::string week_start;  // YYYY-MM-DD (the bucket is [start, start + 7 days))
  std::size_t open = 0;    // open at the end of the week
  std::size_t opened = 0, resolved = 0;
};

struct Overview {
  std::string at;
  std::vector<ProductOverview> products;
  FindingCounts findings;
  std::size_t releases = 0, open_cases = 0;
  std::optional<NextDeadline> next_deadline;
  std::vector<WeekBucket> trend;
  std::size_t resolved_findings = 0;            // ever resolved (the mean's population)
  std::optional<double> mean_time_to_fix_days;  // first seen -> resolved, over resolved findings
};

// Overdue: an open finding whose fix-by date (its first-seen date plus the days its product's
// risk policy gives its priority — risk_policy.hpp, the default policy without a RiskStore or a
// product policy; docs/risk-policy.md) is before today.
Result<Overview> overview(portfolio::Store& store, portfolio::CraStore& cra,
                          accounts::AccountStore& accounts, const Principal& who,
                          const OverviewRequest& request, const Clock& clock,
                          portfolio::RiskStore* risk = nullptr);
std::string overview_json(const Overview& o);

}  // namespace bulwark::service
