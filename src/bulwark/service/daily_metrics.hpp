// Portfolio metrics over time (issue 16): once a day, one append-only row per product (releases,
// components, open findings by severity and priority, KEV) into portfolio::MetricsStore, and the
// rows older than the retention window dropped. Run by the "metrics.daily" job the server's
// schedule queues once a day (one job per day across every server sharing the database).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"

namespace bulwark::portfolio {
class Store;
class MetricsStore;
}  // namespace bulwark::portfolio

namespace bulwark::service {

inline constexpr std::string_view kDailyMetricsJob = "metrics.daily";

struct DailyMetricsResult {
  std::string day;
  std::size_t products = 0, added = 0, dropped = 0;
};

// Today's rows (UTC, from the clock); a day recorded already stays as it was. retention_days > 0
// drops the rows of days before today - retention_days.
Result<DailyMetricsResult> record_daily_metrics(portfolio::Store& store,
                                                portfolio::MetricsStore& metrics,
                                                const Clock& clock, int retention_days);

// BULWARK_METRICS_RETENTION_DAYS, else 730 (two years); 0 keeps everything.
int metrics_retention_days();

std::string daily_metrics_json(const DailyMetricsResult& r);

}  // namespace bulwark::service
