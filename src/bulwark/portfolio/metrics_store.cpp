// The backend-neutral rules of the metrics store (metrics_store.hpp).
#include "bulwark/portfolio/metrics_store.hpp"

#include <fmt/format.h>

#include "bulwark/pg/pg.hpp"

namespace bulwark::portfolio {

Result<std::unique_ptr<MetricsStore>> MetricsStore::open(const std::string& location) {
  return pg::is_url(location) ? open_postgresql(location) : open_sqlite(location);
}

namespace detail {

bool valid_day(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  const int month = (d[5] - '0') * 10 + (d[6] - '0');
  const int day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

Result<void> check_daily_metrics(const DailyMetrics& r, std::size_t i) {
  if (!valid_day(r.day))
    return invalid_input(
        fmt::format("metrics row {}: day: YYYY-MM-DD expected, got '{}'", i, r.day));
  if (r.product_id <= 0) return invalid_input(fmt::format("metrics row {}: product_id: > 0", i));
  if (r.recorded_at.empty())
    return invalid_input(fmt::format("metrics row {}: recorded_at: required", i));
  const std::pair<const char*, std::int64_t> counts[] = {{"releases", r.releases},
                                                         {"components", r.components},
                                                         {"open", r.open},
                                                         {"kev", r.kev},
                                                         {"critical", r.critical},
                                                         {"high", r.high},
                                                         {"medium", r.medium},
                                                         {"low", r.low},
                                                         {"unknown", r.unknown},
                                                         {"p0", r.p0},
                                                         {"p1", r.p1},
                                                         {"p2", r.p2},
                                                         {"p3", r.p3},
                                                         {"p4", r.p4}};
  for (const auto& [name, v] : counts)
    if (v < 0) return invalid_input(fmt::format("metrics row {}: {}: negative", i, name));
  return {};
}

}  // namespace detail
}  // namespace bulwark::portfolio
