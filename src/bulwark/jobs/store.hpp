// The durable job queue of the team server (issue 11): SBOM processing, monitor, db update,
// evidence bundles, notifications. Jobs are claimed under a lease (a worker that dies loses its
// lease and the job is claimed again); completion is accepted only from the holder of the
// current lease (fencing by lease version), so a step finishes exactly once. Ordering: priority
// (higher first), then age. A concurrency key lets at most one job per key run at a time
// (e.g. "release:<id>"). SQLite (BEGIN IMMEDIATE, one writer; component "jobs" in the
// shared migration table) and PostgreSQL (FOR UPDATE SKIP LOCKED); one contract suite in
// tests/store/job_store_contract_test.cpp. A JobStore is used from one thread at a time; several
// JobStores (threads, processes) may share one database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::jobs {

enum class JobState { kQueued, kRunning, kDone, kFailed };
std::string_view state_name(JobState s);  // "queued", "running", "done", "failed"

struct Job {
  std::int64_t id = 0;
  std::string token;    // lower-case UUID given to clients (Dependency-Track token)
  std::string kind;     // "sbom.process", "monitor", "db.update", "bundle", "notify"
  std::string payload;  // JSON text
  // The bytes the job works on (an uploaded SBOM), kept beside the payload so that status reads
  // stay small: enqueue stores it; claim, by_token, by_id and recent leave it empty (input_of
  // reads it); a finished job's is dropped.
  std::string input;
  std::string concurrency_key;  // "" for none
  int priority = 0;             // higher first (interactive uploads 50, schedules 0)
  JobState state = JobState::kQueued;
  int attempts = 0;                // claims so far
  int max_attempts = 3;            // after which a failure is final
  std::string lease_owner;         // worker id while running
  std::int64_t lease_version = 0;  // incremented on every claim (the fencing token)
  std::string lease_until;         // RFC 3339
  std::string result;              // JSON text on done, error message on failed
  std::string created_at, started_at, finished_at;
  std::string run_after;  // RFC 3339: not claimable before (retry back-off, schedules)
};

struct Counts {
  std::size_t queued = 0, running = 0, done = 0, failed = 0;
  std::string oldest_queued;  // created_at of the oldest queued job, "" when none
};

class JobStore {
 public:
  virtual ~JobStore() = default;
  // The store at `location`: a postgresql:// (postgres://) URL opens open_postgresql, anything
  // else open_sqlite.
  static Result<std::unique_ptr<JobStore>> open(const std::string& location);
  static Result<std::unique_ptr<JobStore>> open_sqlite(const std::string& path);
  // The PostgreSQL store at `url` (postgresql://...; pg/pg.hpp), migrated on open.
  static Result<std::unique_ptr<JobStore>> open_postgresql(const std::string& url);

  // Adds a queued job (token assigned when empty; kConflict when the token exists).
  virtual Result<Job> enqueue(const Job& j) = 0;
  // Claims the next claimable job for `worker` (queued, or running with an expired lease; not
  // before run_after; no other running job with the same concurrency key), leased until
  // now + lease_seconds. nullopt when nothing is claimable.
  virtual Result<std::optional<Job>> claim(
      const std::string& worker, const std::string& now, int lease_seconds,
      const std::vector<std::string>& kinds /* empty: all */) = 0;
  // Extends the lease (heartbeat); kPrecondition when the lease was lost.
  virtual Result<void> heartbeat(std::int64_t id, std::int64_t lease_version,
                                 const std::string& lease_until) = 0;
  // Finishes the job; kPrecondition when (id, lease_version) no longer holds the lease.
  virtual Result<void> complete(std::int64_t id, std::int64_t lease_version,
                                const std::string& result, const std::string& now) = 0;
  // A failed attempt: queued again at retry_at while attempts < max_attempts, else failed.
  virtual Result<void> fail(std::int64_t id, std::int64_t lease_version, const std::string& error,
                            const std::string& now, const std::string& retry_at) = 0;
  // Gives a running job back (graceful shutdown): queued, attempt not counted.
  virtual Result<void> release(std::int64_t id, std::int64_t lease_version) = 0;
  // Every running job leased by `worker` back to queued (a worker stopping).
  virtual Result<std::size_t> release_all(const std::string& worker) = 0;

  virtual Result<std::optional<Job>> by_token(std::string_view token) = 0;
  // The job's input (empty once the job is done); kNotFound for an unknown id.
  virtual Result<std::string> input_of(std::int64_t id) = 0;
  virtual Result<std::optional<Job>> by_id(std::int64_t id) = 0;
  virtual Result<std::vector<Job>> recent(std::size_t limit, std::string_view kind /* "" */) = 0;
  virtual Result<Counts> counts() = 0;
  // True when a job of `kind` with this concurrency key is queued or running.
  virtual Result<bool> pending(std::string_view kind, std::string_view concurrency_key) = 0;
};

}  // namespace bulwark::jobs
