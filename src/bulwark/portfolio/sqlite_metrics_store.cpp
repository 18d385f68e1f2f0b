// SQLite implementation of portfolio::MetricsStore: daily rows, append-only (a trigger refuses
// UPDATE); DELETE is retention's alone (drop_before).
#include <fmt/format.h>

#include <array>

#include "bulwark/portfolio/metrics_store.hpp"
#include "bulwark/vulndb/migrate.hpp"
#include "bulwark/vulndb/sqlite.hpp"

namespace bulwark::portfolio {
namespace {

using vulndb::detail::Database;
using vulndb::detail::SchemaComponent;
using vulndb::detail::Transaction;

constexpr std::string_view kMetricsSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS metrics_daily (
  day         TEXT NOT NULL,
  product_id  INTEGER NOT NULL,
  releases    INTEGER NOT NULL, components INTEGER NOT NULL,
  open_findings INTEGER NOT NULL, kev INTEGER NOT NULL,
  critical    INTEGER NOT NULL, high INTEGER NOT NULL, medium INTEGER NOT NULL,
  low         INTEGER NOT NULL, unrated INTEGER NOT NULL,
  p0 INTEGER NOT NULL, p1 INTEGER NOT NULL, p2 INTEGER NOT NULL, p3 INTEGER NOT NULL,
  p4 INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (day, product_id)
);
CREATE INDEX IF NOT EXISTS metrics_daily_product ON metrics_daily (product_id, day);
CREATE TRIGGER IF NOT EXISTS metrics_daily_append_only BEFORE UPDATE ON metrics_daily
  BEGIN SELECT RAISE(ABORT, 'metrics_daily is append-only'); END;
)sql";

constexpr std::array<std::string_view, 1> kMetricsMigrations = {kMetricsSchemaV1};

constexpr std::string_view kColumns =
    "day, product_id, releases, components, open_findings, kev, critical, high, medium, low, "
    "unrated, p0, "
    "p1, p2, p3, p4, recorded_at";

template <class T>
Result<T> fail(const Error& e) {
  return std::unexpected(e);
}

class SqliteMetricsStore final : public MetricsStore {
 public:
  explicit SqliteMetricsStore(Database database) : db(std::move(database)) {}

  Result<void> init() {
    if (auto r = db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"); !r) return r;
    return vulndb::detail::migrate_component(db,
                                             SchemaComponent{"metrics", kMetricsMigrations, {}});
  }

  Result<std::size_t> append(const std::vector<DailyMetrics>& rows) override {
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (auto c = detail::check_daily_metrics(rows[i], i); !c) return fail<std::size_t>(c.error());
    auto tx = Transaction::begin_immediate(db);
    if (!tx) return fail<std::size_t>(tx.error());
    auto in = db.prepare(
        fmt::format("INSERT INTO metrics_daily ({}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                    "ON CONFLICT (day, product_id) DO NOTHING",
                    kColumns));
    if (!in) return fail<std::size_t>(in.error());
    std::size_t added = 0;
    for (const auto& r : rows) {
      in->reset();
      in->bind(1, r.day).bind(2, r.product_id).bind(3, r.releases).bind(4, r.components);
      in->bind(5, r.open).bind(6, r.kev).bind(7, r.critical).bind(8, r.high).bind(9, r.medium);
      in->bind(10, r.low).bind(11, r.unknown).bind(12, r.p0).bind(13, r.p1).bind(14, r.p2);
      in->bind(15, r.p3).bind(16, r.p4).bind(17, r.recorded_at);
      if (auto x = in->run(); !x) return fail<std::size_t>(x.error());
      added += static_cast<std::size_t>(db.changes());
    }
    if (auto c = tx->commit(); !c) return fail<std::size_t>(c.error());
    return added;
  }

  Result<std::vector<DailyMetrics>> range(std::int64_t product_id, const std::string& from,
                                          const std::string& to, std::size_t limit) override {
    using R = std::vector<DailyMetrics>;
    auto st = db.prepare(fmt::format(
        "SELECT {} FROM metrics_daily WHERE (? = 0 OR product_id = ?) AND (? = '' OR day >= ?) "
        "AND (? = '' OR day <= ?) ORDER BY day, product_id LIMIT ?",
        kColumns));
    if (!st) return fail<R>(st.error());
    st->bind(1, product_id).bind(2, product_id).bind(3, from).bind(4, from).bind(5, to);
    st->bind(6, to).bind(7, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1u << 30)));
    R out;
    for (;;) {
      auto row = st->step();
      if (!row) return fail<R>(row.error());
      if (!*row) break;
      DailyMetrics m;
      m.day = st->text(0);
      m.product_id = st->integer(1);
      std::int64_t* counts[] = {&m.releases, &m.components, &m.open, &m.kev,     &m.critical,
                                &m.high,     &m.medium,     &m.low,  &m.unknown, &m.p0,
                                &m.p1,       &m.p2,         &m.p3,   &m.p4};
      for (int i = 0; i < 14; ++i) *counts[i] = st->integer(2 + i);
      m.recorded_at = st->text(16);
      out.push_back(std::move(m));
    }
    return out;
  }

  Result<std::size_t> drop_before(const std::string& before) override {
    if (!detail::valid_day(before))
      return invalid_input("retention: day: YYYY-MM-DD expected, got '" + before + "'");
    auto st = db.prepare("DELETE FROM metrics_daily WHERE day < ?");
    if (!st) return fail<std::size_t>(st.error());
    st->bind(1, before);
    if (auto x = st->run(); !x) return fail<std::size_t>(x.error());
    return static_cast<std::size_t>(db.changes());
  }

 private:
  Database db;
};

}  // namespace

Result<std::unique_ptr<MetricsStore>> MetricsStore::open_sqlite(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return std::unexpected(db.error());
  auto store = std::make_unique<SqliteMetricsStore>(std::move(*db));
  if (auto r = store->init(); !r) return std::unexpected(r.error());
  return std::unique_ptr<MetricsStore>(std::move(store));
}

}  // namespace bulwark::portfolio
