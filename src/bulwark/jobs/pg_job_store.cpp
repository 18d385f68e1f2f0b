// PostgreSQL implementation of jobs::JobStore (issue 16), for workers on several hosts sharing
// one database. The job table and its rules are those of the SQLite store (jobs/rules.hpp); what
// differs is how a claim stays atomic without a single writer:
// - the candidate is picked and row-locked with FOR UPDATE SKIP LOCKED, so concurrent claimers
//   never wait on each other's rows and never take the same job;
// - "one running job per concurrency key" is checked again after taking a transaction-scoped
//   advisory lock on the key (pg_advisory_xact_lock(hashtextextended(key, 0))): two claimers of
//   different jobs with the same key are serialised, and the second sees the first's commit;
// - completion, heartbeat, failure and release are single UPDATEs guarded by (id,
//   lease_version, state = 'running'): a worker whose lease was taken over is fenced out.
// Timestamps are the same RFC 3339 text as on SQLite, in columns with the "C" collation so that
// text order is time order whatever the database's locale. Component "jobs" of the PostgreSQL
// migrations (pg/migrate.hpp).
#include <fmt/format.h>

#include <array>
#include <vector>

#include "bulwark/jobs/rules.hpp"
#include "bulwark/jobs/store.hpp"
#include "bulwark/pg/migrate.hpp"
#include "bulwark/pg/pg.hpp"

namespace bulwark::jobs {
namespace {

using detail::kColumns;
using detail::normalise_time;
using detail::read_job;

constexpr std::string_view kJobsSchemaV1 = R"sql(
CREATE TABLE job (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token           TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL,
  payload         TEXT NOT NULL DEFAULT '',
  concurrency_key TEXT NOT NULL DEFAULT '',
  priority        INTEGER NOT NULL DEFAULT 0,
  state           TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  max_attempts    INTEGER NOT NULL DEFAULT 3,
  lease_owner     TEXT NOT NULL DEFAULT '',
  lease_version   BIGINT NOT NULL DEFAULT 0,
  lease_until     TEXT COLLATE "C" NOT NULL DEFAULT '',
  result          TEXT NOT NULL DEFAULT '',
  created_at      TEXT COLLATE "C" NOT NULL,
  started_at      TEXT COLLATE "C" NOT NULL DEFAULT '',
  finished_at     TEXT COLLATE "C" NOT NULL DEFAULT '',
  run_after       TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX job_claim ON job (priority DESC, id) WHERE state IN ('queued', 'running');
CREATE INDEX job_key ON job (concurrency_key, state) WHERE concurrency_key <> '';
CREATE INDEX job_kind ON job (kind, id);
CREATE INDEX job_owner ON job (lease_owner) WHERE state = 'running';
)sql";

// Version 1 -> 2: the job's input beside its payload (see Job::input).
constexpr std::string_view kJobsSchemaV2 = R"sql(
ALTER TABLE job ADD COLUMN input BYTEA NOT NULL DEFAULT ''::bytea;
)sql";

constexpr std::array<std::string_view, 2> kJobsMigrations = {kJobsSchemaV1, kJobsSchemaV2};

// Candidates a claim skips before giving up for this call (each was taken by a keyed job that
// another worker started meanwhile).
constexpr int kClaimTries = 16;

std::vector<Job> read_jobs(const pg::Rows& rows) {
  std::vector<Job> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back(read_job(rows[i]));
  return out;
}

template <class T>
Result<T> failed(Error e) {
  return std::unexpected(std::move(e));
}

class PgJobStore final : public JobStore {
 public:
  explicit PgJobStore(pg::Connection c) : db_(std::move(c)) {}

  Result<void> init() {
    return pg::migrate_component(db_, pg::SchemaComponent{"jobs", kJobsMigrations});
  }

  Result<Job> enqueue(const Job& in) override {
    auto j = detail::prepare_enqueue(in);
    if (!j) return j;
    auto rows = db_.query(
        "INSERT INTO job (token, kind, payload, concurrency_key, priority, state, max_attempts, "
        "created_at, run_after, input) VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8, $9) "
        "ON CONFLICT (token) DO NOTHING RETURNING id",
        {j->token, j->kind, j->payload, j->concurrency_key, j->priority, j->max_attempts,
         j->created_at, j->run_after, pg::Param::bytes(in.input)});
    if (!rows) return failed<Job>(std::move(rows).error());
    if (rows->empty()) return failed<Job>(detail::duplicate_token(j->token));
    j->id = rows->integer(0, 0);
    return j;
  }

  Result<std::optional<Job>> claim(const std::string& worker, const std::string& now_text,
                                   int lease_seconds,
                                   const std::vector<std::string>& kinds) override {
    using R = std::optional<Job>;
    auto window = detail::lease_window(worker, now_text, lease_seconds);
    if (!window) return failed<R>(window.error());
    auto tx = pg::Transaction::begin(db_);
    if (!tx) return failed<R>(tx.error());

    // A job whose worker died on its last allowed attempt is not run again: it failed.
    auto lost = db_.query(
        "UPDATE job SET state = 'failed', finished_at = $1, result = 'lease expired after ' || "
        "attempts || ' attempt(s): the worker was lost' WHERE id IN (SELECT id FROM job WHERE "
        "state = 'running' AND lease_until < $1 AND attempts >= max_attempts FOR UPDATE SKIP "
        "LOCKED)",
        {window->now});
    if (!lost) return failed<R>(lost.error());

    const std::string kinds_array = pg::array_literal(kinds);
    std::vector<std::int64_t> skipped;
    for (int attempt = 0; attempt < kClaimTries; ++attempt) {
      auto pick = db_.query(
          "SELECT id, concurrency_key FROM job AS j WHERE ((state = 'queued' AND run_after <= $1) "
          "OR (state = 'running' AND lease_until < $1)) "
          "AND (cardinality($2::text[]) = 0 OR kind = ANY ($2::text[])) "
          "AND NOT (id = ANY ($3::bigint[])) "
          "AND (concurrency_key = '' OR NOT EXISTS (SELECT 1 FROM job AS o WHERE "
          "o.concurrency_key = j.concurrency_key AND o.state = 'running' AND o.lease_until >= $1 "
          "AND o.id <> j.id)) ORDER BY priority DESC, id ASC LIMIT 1 FOR UPDATE SKIP LOCKED",
          {window->now, kinds_array, pg::array_literal(skipped)});
      if (!pick) return failed<R>(pick.error());
      if (pick->empty()) break;
      const std::int64_t id = pick->integer(0, 0);
      const std::string key(pick->text(0, 1));
      if (!key.empty()) {
        // Serialise claimers of this key; then see whether one of them started a job with it.
        auto lock = db_.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", {key});
        if (!lock) return failed<R>(lock.error());
        auto busy = db_.query(
            "SELECT 1 FROM job WHERE concurrency_key = $1 AND state = 'running' AND "
            "lease_until >= $2 AND id <> $3 LIMIT 1",
            {key, window->now, id});
        if (!busy) return failed<R>(busy.error());
        if (!busy->empty()) {
          skipped.push_back(id);
          continue;
        }
      }
      auto upd = db_.query(fmt::format("UPDATE job SET state = 'running', lease_owner = $1, "
                                       "lease_version = lease_version + 1, lease_until = $2, "
                                       "attempts = attempts + 1, started_at = $3 WHERE id = $4 "
                                       "RETURNING {}",
                                       kColumns),
                           {worker, window->until, window->now, id});
      if (!upd) return failed<R>(upd.error());
      Job j = read_job((*upd)[0]);
      if (auto c = tx->commit(); !c) return failed<R>(c.error());
      return R(std::move(j));
    }
    if (auto c = tx->commit(); !c) return failed<R>(c.error());
    return R{};
  }

  Result<void> heartbeat(std::int64_t id, std::int64_t lease_version,
                         const std::string& lease_until) override {
    auto until = normalise_time("lease_until", lease_until);
    if (!until) return failed<void>(until.error());
    return fenced(db_.query("UPDATE job SET lease_until = $1 WHERE id = $2 AND lease_version = $3 "
                            "AND state = 'running'",
                            {*until, id, lease_version}),
                  id, lease_version);
  }

  Result<void> complete(std::int64_t id, std::int64_t lease_version, const std::string& result,
                        const std::string& now_text) override {
    auto at = normalise_time("now", now_text);
    if (!at) return failed<void>(at.error());
    return fenced(
        db_.query("UPDATE job SET state = 'done', result = $1, finished_at = $2, lease_until = '', "
                  "input = ''::bytea WHERE id = $3 AND lease_version = $4 AND state = 'running'",
                  {result, *at, id, lease_version}),
        id, lease_version);
  }

  Result<void> fail(std::int64_t id, std::int64_t lease_version, const std::string& error,
                    const std::string& now_text, const std::string& retry_at) override {
    auto at = normalise_time("now", now_text);
    if (!at) return failed<void>(at.error());
    auto retry = normalise_time("retry_at", retry_at.empty() ? now_text : retry_at);
    if (!retry) return failed<void>(retry.error());
    return fenced(
        db_.query("UPDATE job SET result = $1, "
                  "state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END, "
                  "run_after = CASE WHEN attempts < max_attempts THEN $2 ELSE run_after END, "
                  "finished_at = CASE WHEN attempts < max_attempts THEN '' ELSE $3 END, "
                  "lease_owner = CASE WHEN attempts < max_attempts THEN '' ELSE lease_owner END, "
                  "lease_until = '' WHERE id = $4 AND lease_version = $5 AND state = 'running'",
                  {error, *retry, *at, id, lease_version}),
        id, lease_version);
  }

  Result<void> release(std::int64_t id, std::int64_t lease_version) override {
    return fenced(
        db_.query("UPDATE job SET state = 'queued', attempts = greatest(attempts - 1, 0), "
                  "lease_owner = '', lease_until = '' WHERE id = $1 AND lease_version = "
                  "$2 AND state = 'running'",
                  {id, lease_version}),
        id, lease_version);
  }

  Result<std::size_t> release_all(const std::string& worker) override {
    auto r = db_.query(
        "UPDATE job SET state = 'queued', attempts = greatest(attempts - 1, 0), lease_owner = '', "
        "lease_until = '' WHERE state = 'running' AND lease_owner = $1",
        {worker});
    if (!r) return failed<std::size_t>(r.error());
    return r->affected();
  }

  Result<std::optional<Job>> by_token(std::string_view token) override {
    return one(db_.query(fmt::format("SELECT {} FROM job WHERE token = $1", kColumns), {token}));
  }

  Result<std::string> input_of(std::int64_t id) override {
    auto rows = db_.query("SELECT input FROM job WHERE id = $1", {id});
    if (!rows) return failed<std::string>(rows.error());
    if (rows->empty()) return not_found(fmt::format("job {} does not exist", id));
    return rows->bytes(0, 0);
  }

  Result<std::optional<Job>> by_id(std::int64_t id) override {
    return one(db_.query(fmt::format("SELECT {} FROM job WHERE id = $1", kColumns), {id}));
  }

  Result<std::vector<Job>> recent(std::size_t limit, std::string_view kind) override {
    auto r = db_.query(
        fmt::format("SELECT {} FROM job WHERE $1 = '' OR kind = $1 ORDER BY id DESC LIMIT $2",
                    kColumns),
        {kind, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX))});
    if (!r) return failed<std::vector<Job>>(r.error());
    return read_jobs(*r);
  }

  Result<Counts> counts() override {
    auto r = db_.query("SELECT state, count(*), min(created_at) FROM job GROUP BY state");
    if (!r) return failed<Counts>(r.error());
    Counts c;
    for (int i = 0; i < r->size(); ++i) {
      detail::add_state_count(c, r->text(i, 0), static_cast<std::size_t>(r->integer(i, 1)),
                              r->text(i, 2));
    }
    return c;
  }

  Result<bool> pending(std::string_view kind, std::string_view concurrency_key) override {
    auto r = db_.query(
        "SELECT 1 FROM job WHERE kind = $1 AND concurrency_key = $2 AND state IN ('queued', "
        "'running') LIMIT 1",
        {kind, concurrency_key});
    if (!r) return failed<bool>(r.error());
    return !r->empty();
  }

 private:
  static Result<std::optional<Job>> one(Result<pg::Rows> r) {
    if (!r) return failed<std::optional<Job>>(std::move(r).error());
    if (r->empty()) return std::optional<Job>{};
    return std::optional<Job>(read_job((*r)[0]));
  }

  // A lease-guarded UPDATE's outcome: kPrecondition when it matched no row.
  static Result<void> fenced(Result<pg::Rows> r, std::int64_t id, std::int64_t lease_version) {
    if (!r) return failed<void>(std::move(r).error());
    if (r->affected() > 0) return {};
    return failed<void>(detail::lease_lost(id, lease_version));
  }

  pg::Connection db_;
};

}  // namespace

Result<std::unique_ptr<JobStore>> JobStore::open_postgresql(const std::string& url) {
  return pg::open_store<PgJobStore, JobStore>(url);
}

}  // namespace bulwark::jobs
