// SQLite implementation of portfolio::ExposureStore. Runs are append-only, enforced by triggers
// (as the triage trail): a stored result is evidence and no code path can rewrite it.
#include <fmt/format.h>

#include <array>

#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/vulndb/migrate.hpp"
#include "bulwark/vulndb/sqlite.hpp"

namespace bulwark::portfolio {
namespace {

using vulndb::detail::Database;
using vulndb::detail::SchemaComponent;
using vulndb::detail::Statement;
using vulndb::detail::Transaction;

constexpr std::string_view kExposureSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS exposure_run (
  product_id        INTEGER NOT NULL,
  release           TEXT NOT NULL,
  seq               INTEGER NOT NULL,
  recorded_at       TEXT NOT NULL,
  target            TEXT NOT NULL DEFAULT '',
  catalogue_version TEXT NOT NULL DEFAULT '',
  catalogue_sha256  TEXT NOT NULL DEFAULT '',
  fail              INTEGER NOT NULL DEFAULT 0,
  pass              INTEGER NOT NULL DEFAULT 0,
  not_applicable    INTEGER NOT NULL DEFAULT 0,
  indeterminate     INTEGER NOT NULL DEFAULT 0,
  worst             TEXT NOT NULL DEFAULT '',
  report_sha256     TEXT NOT NULL DEFAULT '',
  report            TEXT NOT NULL,
  PRIMARY KEY (product_id, release, seq)
);
CREATE TRIGGER IF NOT EXISTS exposure_run_append_only_u BEFORE UPDATE ON exposure_run
  BEGIN SELECT RAISE(ABORT, 'exposure_run is append-only'); END;
CREATE TRIGGER IF NOT EXISTS exposure_run_append_only_d BEFORE DELETE ON exposure_run
  BEGIN SELECT RAISE(ABORT, 'exposure_run is append-only'); END;
)sql";

constexpr std::array<std::string_view, 1> kExposureMigrations = {kExposureSchemaV1};

constexpr std::string_view kColumns =
    "product_id, release, seq, recorded_at, target, catalogue_version, catalogue_sha256, fail, "
    "pass, not_applicable, indeterminate, worst, report_sha256";

template <class T>
Result<T> fail(const Error& e) {
  return std::unexpected(e);
}

class SqliteExposureStore final : public ExposureStore {
 public:
  explicit SqliteExposureStore(Database database) : db(std::move(database)) {}

  Result<void> init() {
    if (auto r = db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"); !r) return r;
    return vulndb::detail::migrate_component(db,
                                             SchemaComponent{"exposure", kExposureMigrations, {}});
  }

  Result<ExposureRun> add_run(const ExposureRun& run) override {
    if (auto c = detail::check_exposure_run(run); !c) return fail<ExposureRun>(c.error());
    auto tx = Transaction::begin_immediate(db);
    if (!tx) return fail<ExposureRun>(tx.error());
    auto next = db.prepare(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM exposure_run WHERE product_id = ? AND release = ?");
    if (!next) return fail<ExposureRun>(next.error());
    next->bind(1, run.product_id).bind(2, run.release);
    auto row = next->step();
    if (!row) return fail<ExposureRun>(row.error());
    ExposureRun out = run;
    out.seq = next->integer(0);
    auto in = db.prepare(fmt::format(
        "INSERT INTO exposure_run ({}, report) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", kColumns));
    if (!in) return fail<ExposureRun>(in.error());
    in->bind(1, out.product_id).bind(2, out.release).bind(3, out.seq).bind(4, out.recorded_at);
    in->bind(5, out.target).bind(6, out.catalogue_version).bind(7, out.catalogue_sha256);
    in->bind(8, out.fail).bind(9, out.pass).bind(10, out.not_applicable);
    in->bind(11, out.indeterminate).bind(12, out.worst).bind(13, out.report_sha256);
    in->bind(14, out.report);
    if (auto x = in->run(); !x) return fail<ExposureRun>(x.error());
    if (auto c = tx->commit(); !c) return fail<ExposureRun>(c.error());
    return out;
  }

 private:
  Result<std::vector<ExposureRun>> select_runs(std::int64_t product_id, std::string_view release,
                                               bool with_reports, bool newest_only) override {
    using R = std::vector<ExposureRun>;
    auto st = db.prepare(fmt::format(
        "SELECT {}, {} FROM exposure_run WHERE product_id = ? AND (? = '' OR release = ?) "
        "ORDER BY release, seq {}",
        kColumns, with_reports ? "report" : "''", newest_only ? "DESC LIMIT 1" : "ASC"));
    if (!st) return fail<R>(st.error());
    st->bind(1, product_id).bind(2, release).bind(3, release);
    R out;
    for (;;) {
      auto row = st->step();
      if (!row) return fail<R>(row.error());
      if (!*row) break;
      ExposureRun r;
      r.product_id = st->integer(0);
      r.release = st->text(1);
      r.seq = st->integer(2);
      r.recorded_at = st->text(3);
      r.target = st->text(4);
      r.catalogue_version = st->text(5);
      r.catalogue_sha256 = st->text(6);
      r.fail = st->integer(7);
      r.pass = st->integer(8);
      r.not_applicable = st->integer(9);
      r.indeterminate = st->integer(10);
      r.worst = st->text(11);
      r.report_sha256 = st->text(12);
      r.report = st->text(13);
      out.push_back(std::move(r));
    }
    return out;
  }

  Database db;
};

}  // namespace

Result<std::unique_ptr<ExposureStore>> ExposureStore::open_sqlite(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return std::unexpected(db.error());
  auto store = std::make_unique<SqliteExposureStore>(std::move(*db));
  if (auto r = store->init(); !r) return std::unexpected(r.error());
  return std::unique_ptr<ExposureStore>(std::move(store));
}

}  // namespace bulwark::portfolio
