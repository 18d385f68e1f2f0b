// Daily portfolio metrics (see daily_metrics.hpp).
#include "bulwark/service/daily_metrics.hpp"

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/metrics_store.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::service {

int metrics_retention_days() {
  if (const char* e = std::getenv("BULWARK_METRICS_RETENTION_DAYS")) {
    char* end = nullptr;
    const long v = std::strtol(e, &end, 10);
    if (end != e && *end == '\0' && v >= 0 && v <= 100000) return static_cast<int>(v);
  }
  return 730;
}

Result<DailyMetricsResult> record_daily_metrics(portfolio::Store& store,
                                                portfolio::MetricsStore& metrics,
                                                const Clock& clock, int retention_days) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  const std::string at = format_rfc3339(*now);
  DailyMetricsResult out;
  out.day = at.substr(0, 10);
  auto products = store.products();
  if (!products) return std::unexpected(products.error());
  std::vector<portfolio::DailyMetrics> rows;
  for (const auto& p : *products) {
    portfolio::DailyMetrics m;
    m.day = out.day;
    m.product_id = p.id;
    m.recorded_at = at;
    auto releases = store.releases(p.id);
    if (!releases) return std::unexpected(releases.error());
    for (const auto& r : *releases) {
      ++m.releases;
      m.components += static_cast<std::int64_t>(r.components);
      auto t = store.tally_findings(r.id);
      if (!t) return std::unexpected(t.error());
      m.open += static_cast<std::int64_t>(t->open);
      m.kev += static_cast<std::int64_t>(t->kev);
      for (const auto& [sev, n] : t->by_severity) {
        const std::string s = to_lower(sev);
        auto v = static_cast<std::int64_t>(n);
        (s == "critical" ? m.critical
         : s == "high"   ? m.high
         : s == "medium" ? m.medium
         : s == "low"    ? m.low
                         : m.unknown) += v;
      }
      for (const auto& [prio, n] : t->by_priority) {
        auto v = static_cast<std::int64_t>(n);
        (prio == "P0"   ? m.p0
         : prio == "P1" ? m.p1
         : prio == "P2" ? m.p2
         : prio == "P3" ? m.p3
                        : m.p4) += v;
      }
    }
    rows.push_back(std::move(m));
  }
  out.products = rows.size();
  auto added = metrics.append(rows);
  if (!added) return std::unexpected(added.error());
  out.added = *added;
  if (retention_days > 0) {
    const auto cut = format_rfc3339(*now - std::chrono::hours(24) * retention_days).substr(0, 10);
    auto dropped = metrics.drop_before(cut);
    if (!dropped) return std::unexpected(dropped.error());
    out.dropped = *dropped;
  }
  return out;
}

std::string daily_metrics_json(const DailyMetricsResult& r) {
  return nlohmann::json{
      {"day", r.day}, {"products", r.products}, {"added", r.added}, {"dropped", r.dropped}}
      .dump();
}

}  // namespace bulwark::service
