// Portfolio metrics over time (issue 16): one row per product and day (UTC) with the counts a
// trend chart needs (releases, components, open findings by severity and priority, KEV), taken
// once a day and never rewritten. Rows are append-only: a second snapshot of a day is ignored
// (the first one stands), an UPDATE is refused by the database; the only deletion is retention,
// which drops whole days older than a cut-off. The table lives in the portfolio's database
// (schema component "metrics"); SQLite and PostgreSQL, one contract suite
// (tests/store/metrics_store_contract_test.cpp). Used from one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::portfolio {

struct DailyMetrics {
  std::string day;  // YYYY-MM-DD (UTC)
  std::int64_t product_id = 0;
  std::int64_t releases = 0, components = 0;
  std::int64_t open = 0, kev = 0;
  std::int64_t critical = 0, high = 0, medium = 0, low = 0, unknown = 0;  // by severity
  std::int64_t p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0;                    // by priority
  std::string recorded_at;                                                // RFC 3339 UTC
};

class MetricsStore {
 public:
  virtual ~MetricsStore() = default;

  // A postgresql:// location opens PostgreSQL, anything else the SQLite file.
  static Result<std::unique_ptr<MetricsStore>> open(const std::string& location);
  static Result<std::unique_ptr<MetricsStore>> open_sqlite(const std::string& path);
  static Result<std::unique_ptr<MetricsStore>> open_postgresql(const std::string& url);

  // Appends the rows in one transaction; a row whose (day, product) is stored already is left as
  // it was (idempotent: a snapshot repeated on the same day adds nothing). Returns how many rows
  // were added. kInvalidInput (naming the row's field) for a malformed day, a product id <= 0, a
  // negative count or no recording time; nothing is stored then.
  virtual Result<std::size_t> append(const std::vector<DailyMetrics>& rows) = 0;
  // The rows of a product (0: every product) with from <= day <= to ("" for open ends), ordered
  // by day then product; at most `limit` rows (bounded: a keyset page, continue from the last
  // day + 1).
  virtual Result<std::vector<DailyMetrics>> range(std::int64_t product_id, const std::string& from,
                                                  const std::string& to, std::size_t limit) = 0;
  // Retention: drops every row with day < `before` (YYYY-MM-DD); returns how many.
  virtual Result<std::size_t> drop_before(const std::string& before) = 0;
};

namespace detail {
// The backend-neutral check of one row of append (index for the message).
Result<void> check_daily_metrics(const DailyMetrics& row, std::size_t index);
bool valid_day(const std::string& day);
}  // namespace detail

}  // namespace bulwark::portfolio
