// PostgreSQL implementation of portfolio::MetricsStore: the table of sqlite_metrics_store.cpp,
// append-only (a trigger refuses UPDATE and TRUNCATE; DELETE is retention's alone). A day's rows
// are written with one multi-row INSERT (unnest of array parameters), whatever the number of
// products. Component "metrics" of the PostgreSQL migrations (pg/migrate.hpp).
#include <fmt/format.h>

#include <array>

#include "bulwark/pg/migrate.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/portfolio/metrics_store.hpp"

namespace bulwark::portfolio {
namespace {

constexpr std::string_view kMetricsSchemaV1 = R"sql(
CREATE TABLE metrics_daily (
  day           TEXT COLLATE "C" NOT NULL,
  product_id    BIGINT NOT NULL,
  releases      BIGINT NOT NULL, components BIGINT NOT NULL,
  open_findings BIGINT NOT NULL, kev BIGINT NOT NULL,
  critical      BIGINT NOT NULL, high BIGINT NOT NULL, medium BIGINT NOT NULL,
  low           BIGINT NOT NULL, unrated BIGINT NOT NULL,
  p0 BIGINT NOT NULL, p1 BIGINT NOT NULL, p2 BIGINT NOT NULL, p3 BIGINT NOT NULL,
  p4 BIGINT NOT NULL,
  recorded_at   TEXT NOT NULL,
  PRIMARY KEY (day, product_id)
);
CREATE INDEX metrics_daily_product ON metrics_daily (product_id, day);
CREATE FUNCTION metrics_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER metrics_daily_append_only BEFORE UPDATE ON metrics_daily
  FOR EACH ROW EXECUTE FUNCTION metrics_append_only();
CREATE TRIGGER metrics_daily_append_only_truncate BEFORE TRUNCATE ON metrics_daily
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_append_only();
)sql";

constexpr std::array<std::string_view, 1> kMetricsMigrations = {kMetricsSchemaV1};

constexpr std::string_view kColumns =
    "day, product_id, releases, components, open_findings, kev, critical, high, medium, low, "
    "unrated, p0, p1, p2, p3, p4, recorded_at";

template <class T>
Result<T> failed(Error e) {
  return std::unexpected(std::move(e));
}

class PgMetricsStore final : public MetricsStore {
 public:
  explicit PgMetricsStore(pg::Connection c) : db_(std::move(c)) {}

  Result<void> init() {
    return pg::migrate_component(db_, pg::SchemaComponent{"metrics", kMetricsMigrations});
  }

  Result<std::size_t> append(const std::vector<DailyMetrics>& rows) override {
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (auto c = detail::check_daily_metrics(rows[i], i); !c)
        return failed<std::size_t>(c.error());
    if (rows.empty()) return std::size_t{0};
    std::vector<std::string> days, recorded;
    std::array<std::vector<std::int64_t>, 15> ints;  // product_id, then the 14 counts
    for (const auto& r : rows) {
      days.push_back(r.day);
      recorded.push_back(r.recorded_at);
      const std::int64_t v[] = {r.product_id, r.releases, r.components, r.open, r.kev,
                                r.critical,   r.high,     r.medium,     r.low,  r.unknown,
                                r.p0,         r.p1,       r.p2,         r.p3,   r.p4};
      for (std::size_t i = 0; i < ints.size(); ++i) ints[i].push_back(v[i]);
    }
    std::vector<pg::Param> params;
    params.emplace_back(pg::array_literal(days));
    for (const auto& col : ints) params.emplace_back(pg::array_literal(col));
    params.emplace_back(pg::array_literal(recorded));
    std::string casts = "$1::text[]";
    for (int i = 2; i <= 16; ++i) casts += fmt::format(", ${}::bigint[]", i);
    casts += ", $17::text[]";
    auto r = db_.query(fmt::format("INSERT INTO metrics_daily ({}) SELECT * FROM unnest({}) "
                                   "ON CONFLICT (day, product_id) DO NOTHING",
                                   kColumns, casts),
                       pg::Params(params.data(), params.size()));
    if (!r) return failed<std::size_t>(r.error());
    return r->affected();
  }

  Result<std::vector<DailyMetrics>> range(std::int64_t product_id, const std::string& from,
                                          const std::string& to, std::size_t limit) override {
    using R = std::vector<DailyMetrics>;
    auto rows = db_.query(
        fmt::format(
            "SELECT {} FROM metrics_daily WHERE ($1::bigint = 0 OR product_id = $1) AND ($2 = '' "
            "OR day >= $2) AND ($3 = '' OR day <= $3) ORDER BY day, product_id LIMIT $4",
            kColumns),
        {product_id, from, to, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1u << 30))});
    if (!rows) return failed<R>(rows.error());
    R out;
    for (int i = 0; i < rows->size(); ++i) {
      const auto row = (*rows)[i];
      DailyMetrics m;
      m.day = row.text(0);
      m.product_id = row.integer(1);
      std::int64_t* counts[] = {&m.releases, &m.components, &m.open, &m.kev,     &m.critical,
                                &m.high,     &m.medium,     &m.low,  &m.unknown, &m.p0,
                                &m.p1,       &m.p2,         &m.p3,   &m.p4};
      for (int c = 0; c < 14; ++c) *counts[c] = row.integer(2 + c);
      m.recorded_at = row.text(16);
      out.push_back(std::move(m));
    }
    return out;
  }

  Result<std::size_t> drop_before(const std::string& before) override {
    if (!detail::valid_day(before))
      return invalid_input("retention: day: YYYY-MM-DD expected, got '" + before + "'");
    auto r = db_.query("DELETE FROM metrics_daily WHERE day < $1", {before});
    if (!r) return failed<std::size_t>(r.error());
    return r->affected();
  }

 private:
  pg::Connection db_;
};

}  // namespace

Result<std::unique_ptr<MetricsStore>> MetricsStore::open_postgresql(const std::string& url) {
  auto c = pg::Connection::open(url, pg::default_statement_timeout());
  if (!c) return std::unexpected(std::move(c).error());
  auto store = std::make_unique<PgMetricsStore>(std::move(*c));
  if (auto r = store->init(); !r) return std::unexpected(std::move(r).error());
  return std::unique_ptr<MetricsStore>(std::move(store));
}

}  // namespace bulwark::portfolio
