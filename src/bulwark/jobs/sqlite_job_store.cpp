// SQLite implementation of jobs::JobStore. One table, job; every state change is one UPDATE
// guarded by (id, lease_version, state = 'running'), so a worker whose lease was taken over
// cannot finish the job a second time. claim() runs inside BEGIN IMMEDIATE (the one writer of
// the file), which makes "pick the best claimable job, then lease it" atomic across threads and
// processes sharing the database. Timestamps are RFC 3339 UTC with whole seconds
// ("2026-11-29T17:52:43Z"), compared as text. The schema is component "jobs" of the shared
// migration mechanism (vulndb/migrate.hpp).
#include <fmt/format.h>

#include <array>
#include <chrono>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/jobs/rules.hpp"
#include "bulwark/jobs/store.hpp"
#include "bulwark/vulndb/migrate.hpp"
#include "bulwark/vulndb/sqlite.hpp"

namespace bulwark::jobs {
namespace {

using detail::kColumns;
using detail::normalise_time;
using detail::parse_state;
using detail::read_job;
using vulndb::detail::Database;
using vulndb::detail::SchemaComponent;
using vulndb::detail::Statement;
using vulndb::detail::Transaction;

// Version 0 -> 1. run_after '' means "at once" ('' sorts before every timestamp).
constexpr std::string_view kJobsSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS job (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  token           TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL,
  payload         TEXT NOT NULL DEFAULT '',
  concurrency_key TEXT NOT NULL DEFAULT '',
  priority        INTEGER NOT NULL DEFAULT 0,
  state           TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  max_attempts    INTEGER NOT NULL DEFAULT 3,
  lease_owner     TEXT NOT NULL DEFAULT '',
  lease_version   INTEGER NOT NULL DEFAULT 0,
  lease_until     TEXT NOT NULL DEFAULT '',
  result          TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  started_at      TEXT NOT NULL DEFAULT '',
  finished_at     TEXT NOT NULL DEFAULT '',
  run_after       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS job_claim ON job(state, priority DESC, id);
CREATE INDEX IF NOT EXISTS job_key ON job(concurrency_key, state) WHERE concurrency_key <> '';
CREATE INDEX IF NOT EXISTS job_kind ON job(kind, id);
CREATE INDEX IF NOT EXISTS job_owner ON job(lease_owner, state) WHERE state = 'running';
)sql";

// Version 1 -> 2: the job's input beside its payload (see Job::input).
constexpr std::string_view kJobsSchemaV2 = R"sql(
ALTER TABLE job ADD COLUMN input BLOB NOT NULL DEFAULT x'';
)sql";

constexpr std::array<std::string_view, 2> kJobsMigrations = {kJobsSchemaV1, kJobsSchemaV2};

template <class T>
Result<T> fail_with(const Error& e) {
  return std::unexpected(e);
}

class SqliteJobStore final : public JobStore {
 public:
  explicit SqliteJobStore(Database database) : db(std::move(database)) {}

  Result<void> init() {
    if (auto r = db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"); !r) return r;
    return vulndb::detail::migrate_component(db, SchemaComponent{"jobs", kJobsMigrations, {}});
  }

  Result<Job> enqueue(const Job& in) override {
    auto prepared = detail::prepare_enqueue(in);
    if (!prepared) return prepared;
    Job& j = *prepared;
    auto tx = Transaction::begin_immediate(db);
    if (!tx) return fail_with<Job>(tx.error());
    auto exists = db.prepare("SELECT 1 FROM job WHERE token = ?");
    if (!exists) return fail_with<Job>(exists.error());
    exists->bind(1, j.token);
    auto row = exists->step();
    if (!row) return fail_with<Job>(row.error());
    if (*row) return std::unexpected(detail::duplicate_token(j.token));
    exists->reset();
    auto st = db.prepare(
        "INSERT INTO job (token, kind, payload, concurrency_key, priority, state, max_attempts, "
        "created_at, run_after, input) VALUES (?,?,?,?,?,'queued',?,?,?,CAST(? AS BLOB))");
    if (!st) return fail_with<Job>(st.error());
    st->bind(1, j.token).bind(2, j.kind).bind(3, j.payload).bind(4, j.concurrency_key);
    st->bind(5, std::int64_t{j.priority})
        .bind(6, std::int64_t{j.max_attempts})
        .bind(7, j.created_at)
        .bind(8, j.run_after)
        .bind(9, in.input);
    if (auto r = st->run(); !r) return fail_with<Job>(r.error());
    j.id = db.last_insert_rowid();
    if (auto c = tx->commit(); !c) return fail_with<Job>(c.error());
    return prepared;
  }

  Result<std::optional<Job>> claim(const std::string& worker, const std::string& now_text,
                                   int lease_seconds,
                                   const std::vector<std::string>& kinds) override {
    using R = std::optional<Job>;
    auto window = detail::lease_window(worker, now_text, lease_seconds);
    if (!window) return fail_with<R>(window.error());
    const std::string& now_s = window->now;
    const std::string& until = window->until;

    auto tx = Transaction::begin_immediate(db);
    if (!tx) return fail_with<R>(tx.error());

    // A job whose worker died on its last allowed attempt is not run again: it failed.
    auto lost = db.prepare(
        "UPDATE job SET state = 'failed', finished_at = ?1, result = 'lease expired after ' || "
        "attempts || ' attempt(s): the worker was lost' WHERE state = 'running' AND "
        "lease_until < ?1 AND attempts >= max_attempts");
    if (!lost) return fail_with<R>(lost.error());
    lost->bind(1, now_s);
    if (auto r = lost->run(); !r) return fail_with<R>(r.error());

    std::string sql =
        "SELECT id FROM job AS j WHERE ((state = 'queued' AND run_after <= ?1) OR "
        "(state = 'running' AND lease_until < ?1))";
    if (!kinds.empty()) {
      sql += " AND kind IN (";
      for (std::size_t i = 0; i < kinds.size(); ++i)
        sql += fmt::format("{}?{}", i ? "," : "", i + 2);
      sql += ")";
    }
    sql +=
        " AND (concurrency_key = '' OR NOT EXISTS (SELECT 1 FROM job AS o WHERE "
        "o.concurrency_key = j.concurrency_key AND o.state = 'running' AND o.lease_until >= ?1 "
        "AND o.id <> j.id)) ORDER BY priority DESC, id ASC LIMIT 1";
    auto pick = db.prepare(sql);
    if (!pick) return fail_with<R>(pick.error());
    pick->bind(1, now_s);
    for (std::size_t i = 0; i < kinds.size(); ++i)
      pick->bind(static_cast<int>(i + 2), std::string_view(kinds[i]));
    auto row = pick->step();
    if (!row) return fail_with<R>(row.error());
    if (!*row) {
      pick->reset();
      if (auto c = tx->commit(); !c) return fail_with<R>(c.error());
      return R{};
    }
    const std::int64_t id = pick->integer(0);
    pick->reset();

    auto upd = db.prepare(
        "UPDATE job SET state = 'running', lease_owner = ?, lease_version = lease_version + 1, "
        "lease_until = ?, attempts = attempts + 1, started_at = ? WHERE id = ?");
    if (!upd) return fail_with<R>(upd.error());
    upd->bind(1, worker).bind(2, until).bind(3, now_s).bind(4, id);
    if (auto r = upd->run(); !r) return fail_with<R>(r.error());
    auto j = load(id);
    if (!j) return fail_with<R>(j.error());
    if (auto c = tx->commit(); !c) return fail_with<R>(c.error());
    return j;
  }

  Result<void> heartbeat(std::int64_t id, std::int64_t lease_version,
                         const std::string& lease_until) override {
    auto until = normalise_time("lease_until", lease_until);
    if (!until) return std::unexpected(until.error());
    auto st = db.prepare(
        "UPDATE job SET lease_until = ? WHERE id = ? AND lease_version = ? AND state = 'running'");
    if (!st) return std::unexpected(st.error());
    st->bind(1, *until).bind(2, id).bind(3, lease_version);
    return fenced(*st, id, lease_version);
  }

  Result<void> complete(std::int64_t id, std::int64_t lease_version, const std::string& result,
                        const std::string& now_text) override {
    auto at = normalise_time("now", now_text);
    if (!at) return std::unexpected(at.error());
    auto st = db.prepare(
        "UPDATE job SET state = 'done', result = ?, finished_at = ?, lease_until = '', input = x'' "
        "WHERE id = ? AND lease_version = ? AND state = 'running'");
    if (!st) return std::unexpected(st.error());
    st->bind(1, result).bind(2, *at).bind(3, id).bind(4, lease_version);
    return fenced(*st, id, lease_version);
  }

  Result<void> fail(std::int64_t id, std::int64_t lease_version, const std::string& error,
                    const std::string& now_text, const std::string& retry_at) override {
    auto at = normalise_time("now", now_text);
    if (!at) return std::unexpected(at.error());
    auto retry = normalise_time("retry_at", retry_at.empty() ? now_text : retry_at);
    if (!retry) return std::unexpected(retry.error());
    auto st = db.prepare(
        "UPDATE job SET result = ?1, "
        "state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END, "
        "run_after = CASE WHEN attempts < max_attempts THEN ?2 ELSE run_after END, "
        "finished_at = CASE WHEN attempts < max_attempts THEN '' ELSE ?3 END, "
        "lease_owner = CASE WHEN attempts < max_attempts THEN '' ELSE lease_owner END, "
        "lease_until = '' WHERE id = ?4 AND lease_version = ?5 AND state = 'running'");
    if (!st) return std::unexpected(st.error());
    st->bind(1, error).bind(2, *retry).bind(3, *at).bind(4, id).bind(5, lease_version);
    return fenced(*st, id, lease_version);
  }

  Result<void> release(std::int64_t id, std::int64_t lease_version) override {
    auto st = db.prepare(
        "UPDATE job SET state = 'queued', attempts = max(attempts - 1, 0), lease_owner = '', "
        "lease_until = '' WHERE id = ? AND lease_version = ? AND state = 'running'");
    if (!st) return std::unexpected(st.error());
    st->bind(1, id).bind(2, lease_version);
    return fenced(*st, id, lease_version);
  }

  Result<std::size_t> release_all(const std::string& worker) override {
    auto st = db.prepare(
        "UPDATE job SET state = 'queued', attempts = max(attempts - 1, 0), lease_owner = '', "
        "lease_until = '' WHERE state = 'running' AND lease_owner = ?");
    if (!st) return fail_with<std::size_t>(st.error());
    st->bind(1, worker);
    if (auto r = st->run(); !r) return fail_with<std::size_t>(r.error());
    return static_cast<std::size_t>(db.changes());
  }

  Result<std::optional<Job>> by_token(std::string_view token) override {
    return one(fmt::format("SELECT {} FROM job WHERE token = ?", kColumns), token);
  }

  Result<std::string> input_of(std::int64_t id) override {
    auto st = db.prepare("SELECT input FROM job WHERE id = ?");
    if (!st) return fail_with<std::string>(st.error());
    st->bind(1, id);
    auto row = st->step();
    if (!row) return fail_with<std::string>(row.error());
    if (!*row) return not_found(fmt::format("job {} does not exist", id));
    return std::string(st->text(0));
  }

  Result<std::optional<Job>> by_id(std::int64_t id) override {
    auto st = db.prepare(fmt::format("SELECT {} FROM job WHERE id = ?", kColumns));
    if (!st) return fail_with<std::optional<Job>>(st.error());
    st->bind(1, id);
    return single(*st);
  }

  Result<std::vector<Job>> recent(std::size_t limit, std::string_view kind) override {
    using R = std::vector<Job>;
    auto st = db.prepare(fmt::format(
        "SELECT {} FROM job WHERE ?1 = '' OR kind = ?1 ORDER BY id DESC LIMIT ?2", kColumns));
    if (!st) return fail_with<R>(st.error());
    st->bind(1, kind).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    R out;
    for (;;) {
      auto row = st->step();
      if (!row) return fail_with<R>(row.error());
      if (!*row) break;
      out.push_back(read_job(*st));
    }
    return out;
  }

  Result<Counts> counts() override {
    auto st = db.prepare("SELECT state, count(*), min(created_at) FROM job GROUP BY state");
    if (!st) return fail_with<Counts>(st.error());
    Counts c;
    for (;;) {
      auto row = st->step();
      if (!row) return fail_with<Counts>(row.error());
      if (!*row) break;
      detail::add_state_count(c, st->text(0), static_cast<std::size_t>(st->integer(1)),
                              st->text(2));
    }
    return c;
  }

  Result<bool> pending(std::string_view kind, std::string_view concurrency_key) override {
    auto st = db.prepare(
        "SELECT EXISTS (SELECT 1 FROM job WHERE kind = ? AND concurrency_key = ? AND state IN "
        "('queued', 'running'))");
    if (!st) return fail_with<bool>(st.error());
    st->bind(1, kind).bind(2, concurrency_key);
    auto row = st->step();
    if (!row) return fail_with<bool>(row.error());
    return st->integer(0) != 0;
  }

 private:
  Result<std::optional<Job>> load(std::int64_t id) { return by_id(id); }

  Result<std::optional<Job>> single(Statement& st) {
    auto row = st.step();
    if (!row) return fail_with<std::optional<Job>>(row.error());
    if (!*row) return std::optional<Job>{};
    auto j = read_job(st);
    st.reset();
    return std::optional<Job>(std::move(j));
  }

  Result<std::optional<Job>> one(const std::string& sql, std::string_view key) {
    auto st = db.prepare(sql);
    if (!st) return fail_with<std::optional<Job>>(st.error());
    st->bind(1, key);
    return single(*st);
  }

  // Runs a lease-guarded UPDATE: kPrecondition when it matched no row.
  Result<void> fenced(Statement& st, std::int64_t id, std::int64_t lease_version) {
    if (auto r = st.run(); !r) return r;
    if (db.changes() > 0) return {};
    return std::unexpected(detail::lease_lost(id, lease_version));
  }

  Database db;
};

}  // namespace

Result<std::unique_ptr<JobStore>> JobStore::open_sqlite(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return std::unexpected(db.error());
  auto store = std::make_unique<SqliteJobStore>(std::move(*db));
  if (auto r = store->init(); !r) return std::unexpected(r.error());
  return std::unique_ptr<JobStore>(std::move(store));
}

}  // namespace bulwark::jobs
