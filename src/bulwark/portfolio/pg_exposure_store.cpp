// PostgreSQL implementation of portfolio::ExposureStore: the table of sqlite_exposure_store.cpp.
// Runs are append-only (triggers refuse UPDATE, DELETE and TRUNCATE); a run's seq is taken under
// a transaction-scoped advisory lock on the release, so concurrent writers cannot collide.
// Component "exposure" of the PostgreSQL migrations (pg/migrate.hpp).
#include <fmt/format.h>

#include <array>

#include "bulwark/pg/migrate.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/portfolio/exposure_store.hpp"

namespace bulwark::portfolio {
namespace {

constexpr std::string_view kExposureSchemaV1 = R"sql(
CREATE TABLE exposure_run (
  product_id        BIGINT NOT NULL,
  release           TEXT COLLATE "C" NOT NULL,
  seq               BIGINT NOT NULL,
  recorded_at       TEXT NOT NULL,
  target            TEXT NOT NULL DEFAULT '',
  catalogue_version TEXT NOT NULL DEFAULT '',
  catalogue_sha256  TEXT NOT NULL DEFAULT '',
  fail              BIGINT NOT NULL DEFAULT 0,
  pass              BIGINT NOT NULL DEFAULT 0,
  not_applicable    BIGINT NOT NULL DEFAULT 0,
  indeterminate     BIGINT NOT NULL DEFAULT 0,
  worst             TEXT NOT NULL DEFAULT '',
  report_sha256     TEXT NOT NULL DEFAULT '',
  report            TEXT NOT NULL,
  PRIMARY KEY (product_id, release, seq)
);
CREATE FUNCTION exposure_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER exposure_run_append_only BEFORE UPDATE OR DELETE ON exposure_run
  FOR EACH ROW EXECUTE FUNCTION exposure_append_only();
CREATE TRIGGER exposure_run_append_only_truncate BEFORE TRUNCATE ON exposure_run
  FOR EACH STATEMENT EXECUTE FUNCTION exposure_append_only();
)sql";

constexpr std::array<std::string_view, 1> kExposureMigrations = {kExposureSchemaV1};

constexpr std::string_view kColumns =
    "product_id, release, seq, recorded_at, target, catalogue_version, catalogue_sha256, fail, "
    "pass, not_applicable, indeterminate, worst, report_sha256";

template <class T>
Result<T> failed(Error e) {
  return std::unexpected(std::move(e));
}

class PgExposureStore final : public ExposureStore {
 public:
  explicit PgExposureStore(pg::Connection c) : db_(std::move(c)) {}

  Result<void> init() {
    return pg::migrate_component(db_, pg::SchemaComponent{"exposure", kExposureMigrations});
  }

  Result<ExposureRun> add_run(const ExposureRun& run) override {
    if (auto c = detail::check_exposure_run(run); !c) return failed<ExposureRun>(c.error());
    auto tx = pg::Transaction::begin(db_);
    if (!tx) return failed<ExposureRun>(tx.error());
    auto lock = db_.query("SELECT pg_advisory_xact_lock(hashtextextended($1, $2))",
                          {run.release, run.product_id});
    if (!lock) return failed<ExposureRun>(lock.error());
    auto next = db_.scalar(
        "SELECT COALESCE(max(seq), 0) + 1 FROM exposure_run WHERE product_id = $1 AND release = "
        "$2",
        {run.product_id, run.release});
    if (!next) return failed<ExposureRun>(next.error());
    ExposureRun out = run;
    out.seq = *next;
    auto in = db_.query(
        fmt::format("INSERT INTO exposure_run ({}, report) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                    "$8, $9, $10, $11, $12, $13, $14)",
                    kColumns),
        {out.product_id, out.release, out.seq, out.recorded_at, out.target, out.catalogue_version,
         out.catalogue_sha256, out.fail, out.pass, out.not_applicable, out.indeterminate, out.worst,
         out.report_sha256, out.report});
    if (!in) return failed<ExposureRun>(in.error());
    if (auto c = tx->commit(); !c) return failed<ExposureRun>(c.error());
    return out;
  }

 private:
  Result<std::vector<ExposureRun>> select_runs(std::int64_t product_id, std::string_view release,
                                               bool with_reports, bool newest_only) override {
    using R = std::vector<ExposureRun>;
    auto rows = db_.query(
        fmt::format("SELECT {}, {} FROM exposure_run WHERE product_id = $1 AND ($2 = '' OR "
                    "release = $2) ORDER BY release, seq {}",
                    kColumns, with_reports ? "report" : "''", newest_only ? "DESC LIMIT 1" : "ASC"),
        {product_id, release});
    if (!rows) return failed<R>(rows.error());
    R out;
    for (int i = 0; i < rows->size(); ++i) {
      const auto row = (*rows)[i];
      ExposureRun r;
      r.product_id = row.integer(0);
      r.release = row.text(1);
      r.seq = row.integer(2);
      r.recorded_at = row.text(3);
      r.target = row.text(4);
      r.catalogue_version = row.text(5);
      r.catalogue_sha256 = row.text(6);
      r.fail = row.integer(7);
      r.pass = row.integer(8);
      r.not_applicable = row.integer(9);
      r.indeterminate = row.integer(10);
      r.worst = row.text(11);
      r.report_sha256 = row.text(12);
      r.report = row.text(13);
      out.push_back(std::move(r));
    }
    return out;
  }

  pg::Connection db_;
};

}  // namespace

Result<std::unique_ptr<ExposureStore>> ExposureStore::open_postgresql(const std::string& url) {
  auto c = pg::Connection::open(url, pg::default_statement_timeout());
  if (!c) return std::unexpected(std::move(c).error());
  auto store = std::make_unique<PgExposureStore>(std::move(*c));
  if (auto r = store->init(); !r) return std::unexpected(std::move(r).error());
  return std::unique_ptr<ExposureStore>(std::move(store));
}

}  // namespace bulwark::portfolio
