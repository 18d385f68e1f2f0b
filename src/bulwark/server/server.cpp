// `bulwark serve`: the HTTP listener, the job workers and the nightly schedule in one process.
#include "bulwark/server/server.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "bulwark/core/text.hpp"
#include "bulwark/jobs/relay_lock.hpp"
#include "bulwark/portfolio/metrics_store.hpp"
#include "bulwark/server/doorbell.hpp"
#include "bulwark/server/internal.hpp"
#include "bulwark/service/daily_metrics.hpp"
#include "bulwark/service/db.hpp"
#include "bulwark/service/monitor.hpp"
#include "bulwark/service/monitor_jobs.hpp"
#include "bulwark/service/notify.hpp"
#include "bulwark/service/uploads.hpp"
#include "bulwark/update/update.hpp"

namespace bulwark::server {
namespace {

void log_line(const std::string& line);

// Test hook (docs/server.md): BULWARK_TEST_JOB_DELAY_MS holds every claimed job this long,
// under its live lease, before it runs, so that tests can stop or kill a worker mid-job. Unset
// (production) it costs one getenv per job.
int job_delay_ms() {
  if (const char* e = std::getenv("BULWARK_TEST_JOB_DELAY_MS"))
    if (int v = std::atoi(e); v > 0 && v <= 600000) return v;
  return 0;
}

// One log line per job step: "start" on a claim, then "done", "failed" or "refused" (the lease
// was lost meanwhile: another worker holds the job and its result counts, not this one).
// `t_ms` (wall clock, milliseconds) is taken after the claim committed for "start" and before
// the completion is attempted for the others, so that for two jobs of one concurrency key the
// first one's end precedes the next one's start.
std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void log_job(const std::string& worker, const jobs::Job& job, std::string_view event,
             std::int64_t ms, std::string_view detail = {}) {
  log_line(fmt::format(
      R"({{"worker":{},"job":{},"kind":{},"key":{},"lease":{},"attempt":{},"event":"{}","t_ms":{}{}}})",
      nlohmann::json(worker).dump(), job.id, nlohmann::json(job.kind).dump(),
      nlohmann::json(job.concurrency_key).dump(), job.lease_version, job.attempts, event, ms,
      detail.empty() ? std::string() : ",\"error\":" + nlohmann::json(detail).dump()));
}

int lease_seconds() {
  if (const char* e = std::getenv("BULWARK_JOB_LEASE_SECONDS"))
    if (int v = std::atoi(e); v > 0 && v < 86400) return v;
  return 120;
}

Result<std::string> run_job(detail::Backend& db, const jobs::Job& job, const std::string& database,
                            const Clock& clock) {
  if (job.kind == service::kSbomJob) {
    auto input = db.jobs->input_of(job.id);
    if (!input) return std::unexpected(input.error());
    return service::process_upload(*db.portfolio, db.vulns.get(), *db.accounts, job.payload,
                                   std::move(*input), clock, db.risk.get());
  }
  // The monitor fans out into one job per release, so that every worker shares it.
  if (job.kind == service::kMonitorJob)
    return service::fan_out_monitor(*db.portfolio, *db.jobs, job, clock);
  if (job.kind == service::kMonitorReleaseJob)
    return service::run_monitor_release(*db.portfolio, *db.vulns, job.payload, db.risk.get());
  if (job.kind == service::kDailyMetricsJob) {
    auto metrics = portfolio::MetricsStore::open(database);
    if (!metrics) return std::unexpected(metrics.error());
    auto r = service::record_daily_metrics(*db.portfolio, **metrics, clock,
                                           service::metrics_retention_days());
    if (!r) return std::unexpected(r.error());
    return service::daily_metrics_json(*r);
  }
  if (job.kind == "db.update") {
    auto config = update::load_config(update::default_config_path(), false);
    if (!config) return std::unexpected(config.error());
    service::UpdateRequest rq;
    rq.config = std::move(*config);
    auto r = service::db_update(*db.vulns, database, std::move(rq), clock);
    if (!r) return std::unexpected(r.error());
    if (r->failure) return std::unexpected(*r->failure);
    return std::string(R"({"updated":true})");
  }
  return invalid_input("job kind '" + job.kind + "' is not known to this worker");
}

// Claims one job and runs it, with a heartbeat thread keeping the lease alive.
Result<bool> claim_and_run(detail::Backend& db, jobs::JobStore& heartbeat_store,
                           const std::string& database, const std::string& worker_id,
                           const Clock& clock) {
  const int lease = lease_seconds();
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto job = db.jobs->claim(worker_id, format_rfc3339(*now), lease, {});
  if (!job) return std::unexpected(job.error());
  if (!*job) return false;
  // The heartbeat thread waits on a condition variable, so that a finished job does not wait
  // for its next tick (a short job costs no sleep).
  bool done = false;
  std::mutex m;
  std::condition_variable cv;
  std::thread hb([&] {
    const auto every = std::chrono::milliseconds(lease * 1000 / 3);
    std::unique_lock lock(m);
    while (!cv.wait_for(lock, every, [&] { return done; })) {
      auto t = clock.now();
      if (t)
        heartbeat_store.heartbeat((*job)->id, (*job)->lease_version,
                                  format_rfc3339(*t + std::chrono::seconds(lease)));
    }
  });
  log_job(worker_id, **job, "start", wall_ms());
  if (const int delay = job_delay_ms(); delay > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
  auto result = run_job(db, **job, database, clock);
  const std::int64_t ended_ms = wall_ms();
  {
    std::lock_guard lock(m);
    done = true;
  }
  cv.notify_all();
  hb.join();
  auto end = clock.now_rfc3339();
  if (!end) return std::unexpected(end.error());
  if (result) {
    auto c = db.jobs->complete((*job)->id, (*job)->lease_version, *result, *end);
    if (!c && c.error().code != ErrorCode::kPrecondition) return std::unexpected(c.error());
    log_job(worker_id, **job, c ? "done" : "refused", ended_ms);
  } else {
    // Bad input never succeeds on a retry; other failures are retried after a back-off.
    const bool final_failure = result.error().code == ErrorCode::kInvalidInput ||
                               result.error().code == ErrorCode::kConflict;
    auto t = clock.now();
    const auto retry = format_rfc3339(*t + std::chrono::seconds(30 * (*job)->attempts));
    // A failed SBOM job is announced before it is marked failed (a crash in between repeats
    // the announcement, which the event's derived id drops): at least once.
    if ((*job)->kind == service::kSbomJob &&
        (final_failure || (*job)->attempts >= (*job)->max_attempts))
      if (auto n = service::notify_upload_failed(*db.notify, (*job)->token, (*job)->payload,
                                                 result.error().message, clock);
          !n)
        log_line(fmt::format(R"({{"notify":"sbom.failed","error":{}}})",
                             nlohmann::json(n.error().message).dump()));
    // (a final failure is never retried; its far-future retry time must still fit the
    // nanosecond clock, which ends in 2262)
    auto f = db.jobs->fail((*job)->id, (*job)->lease_version, result.error().message, *end,
                           final_failure ? std::string("2199-12-31T23:59:59Z") : retry);
    if (!f && f.error().code != ErrorCode::kPrecondition) return std::unexpected(f.error());
    log_job(worker_id, **job, f ? "failed" : "refused", ended_ms, result.error().message);
  }
  return true;
}

void log_line(const std::string& line) { std::fputs((line + "\n").c_str(), stderr); }

// One pass over the notification outbox (fan-out, due deliveries); logged, never fatal.
void deliver_pass(detail::Backend& db, const std::string& worker_id, const Clock& clock) {
  service::DeliveryOptions options;
  options.batch = 20;  // bounded time away from the job queue per pass
  auto r = service::deliver_notifications(*db.notify, clock, options);
  if (!r)
    log_line(fmt::format(R"({{"worker":"{}","notify_error":{}}})", worker_id,
                         nlohmann::json(r.error().message).dump()));
  else if (r->sent > 0)
    log_line(fmt::format(
        R"({{"worker":"{}","notify":{{"sent":{},"delivered":{},"retried":{},"failed":{}}}}})",
        worker_id, r->sent, r->delivered, r->retried, r->failed));
}

}  // namespace

Result<bool> run_one_job(const std::string& database, const std::string& worker_id,
                         const Clock& clock) {
  auto db = detail::open_backend(database);
  if (!db) return std::unexpected(db.error());
  auto hb = jobs::JobStore::open(database);
  if (!hb) return std::unexpected(hb.error());
  return claim_and_run(**db, **hb, database, worker_id, clock);
}

void run_worker(const std::string& database, const std::string& worker_id, const Clock& clock,
                std::atomic<bool>& stop, bool until_idle, Doorbell* bell) {
  auto db = detail::open_backend(database);
  auto hb = jobs::JobStore::open(database);
  if (!db || !hb) {
    log_line(fmt::format(R"({{"worker":"{}","error":"cannot open the database"}})", worker_id));
    return;
  }
  // One relay of the notification outbox at a time across hosts (jobs/relay_lock.hpp): the
  // others try again every few seconds, so one takes over when the holder dies.
  auto relay = jobs::RelayLock::open(database);
  bool relaying = false;
  auto next_try = std::chrono::steady_clock::now();
  std::uint64_t rings_seen = 0;
  while (!stop) {
    if (relay && std::chrono::steady_clock::now() >= next_try) {
      const bool held = (*relay)->try_hold();
      if (held != relaying)
        log_line(fmt::format(R"({{"worker":{},"relay":"{}","t_ms":{}}})",
                             nlohmann::json(worker_id).dump(), held ? "acquired" : "lost",
                             wall_ms()));
      relaying = held;
      next_try = std::chrono::steady_clock::now() + std::chrono::seconds(held ? 1 : 5);
    }
    if (relaying) deliver_pass(**db, worker_id, clock);
    auto ran = claim_and_run(**db, **hb, database, worker_id, clock);
    if (!ran)
      log_line(fmt::format(R"({{"worker":"{}","error":{}}})", worker_id,
                           nlohmann::json(ran.error().message).dump()));
    if (until_idle && ran && !*ran) {
      // Idle means nothing queued and nothing running anywhere (a job under a dead worker's
      // lease is still running until another worker takes it over).
      auto c = (*db)->jobs->counts();
      if (c && c->queued == 0 && c->running == 0) break;
    }
    if (ran && *ran) continue;
    if (bell)  // serve() rings it after every change and on the way out
      bell->wait(std::chrono::milliseconds(200), rings_seen);
    else
      for (int i = 0; i < 4 && !stop; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  (*db)->jobs->release_all(worker_id);
}

Result<void> serve(const ServeOptions& options, std::atomic<bool>& stop,
                   const std::function<void(unsigned short)>& on_listening) {
  // Creates and migrates every table before threads start.
  if (auto db = detail::open_backend(options.app.database); !db) return std::unexpected(db.error());
  const Clock& clock = options.app.clock ? *options.app.clock : system_clock();
  Doorbell bell;
  AppConfig config = options.app;
  config.jobs_bell = &bell;
  App app(config);
  if (auto w = app.warm(options.http.handler_threads); !w) return std::unexpected(w.error());
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  const std::string base = fmt::format("{}:{}", host, getpid());
  std::vector<std::thread> threads;
  for (int i = 0; i < options.workers; ++i)
    threads.emplace_back([&, i] {
      run_worker(options.app.database, fmt::format("{}:{}", base, i), clock, stop, false, &bell);
    });
  if (options.schedule)
    threads.emplace_back([&] {
      auto db = detail::open_backend(options.app.database);
      if (!db) return;
      while (!stop) {
        // Article 14 deadlines and support endings: each fires once (see service/notify).
        if (auto c = service::check_clocks(*(*db)->portfolio, *(*db)->cra, *(*db)->notify, clock);
            !c)
          log_line(fmt::format(R"({{"notify":"check","error":{}}})",
                               nlohmann::json(c.error().message).dump()));
        auto now = clock.now();
        if (now) {
          const auto text = format_rfc3339(*now);
          const int hour = std::stoi(text.substr(11, 2));
          if (hour == options.nightly_hour_utc) {
            for (std::string kind : {"monitor", "db.update", "metrics.daily"}) {
              if (kind == "db.update" && !options.nightly_db_update) continue;
              jobs::Job j;
              j.kind = kind;
              // The day's metrics after the monitor's release jobs (same hour, lower priority).
              if (kind == service::kDailyMetricsJob) j.priority = -10;
              // One job per kind and day across every server sharing the database.
              j.token = derived_uuid(kind + "|" + text.substr(0, 10));
              j.concurrency_key = kind;
              j.created_at = text;
              j.run_after = text;
              (*db)->jobs->enqueue(j);  // kConflict: already queued today
            }
          }
        }
        for (int i = 0; i < 600 && !stop; ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  auto handler = [&app](Request& r) { return app.handle(r); };
  LogSink log;
  if (options.access_log) log = log_line;
  auto r = serve_http(options.http, handler, log, on_listening, stop);
  stop = true;
  bell.ring();
  for (auto& t : threads) t.join();
  return r;
}

}  // namespace bulwark::server
