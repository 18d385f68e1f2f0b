// `bulwark serve` (issue 11): the team server over the CLI's database. One App answers requests
// (native REST API under /api/bulwark/v1, Dependency-Track-compatible API under /api/v1 and
// /api/version); job workers run queued work (SBOM processing, monitor, db update) under leases;
// a schedule queues the nightly monitor. The App can be driven without sockets (tests).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/server/http.hpp"

namespace bulwark::server {

class Doorbell;

struct AppConfig {
  std::string database;          // the SQLite file (vulnerability data, portfolio, accounts, jobs)
  std::string version = "0.0";   // Bulwark's version (native /health)
  const Clock* clock = nullptr;  // default: system_clock()
  // Rendered pages of hot read-only lists kept per handler thread and served again while the
  // database's change token is unchanged (every request still authenticates and authorises).
  bool response_cache = true;
  // Rung after every successful change (a 2xx answer to POST, PUT, PATCH or DELETE): it may have
  // queued a job. serve() passes the one its workers wait on; null: none.
  Doorbell* jobs_bell = nullptr;
};

class App {
 public:
  explicit App(AppConfig config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;
  // Thread-safe: each request takes open store connections from a pool (opening more when all
  // are in use) and gives them back.
  Response handle(Request& request);
  // Opens n sets of store connections ahead (in parallel), so that the first requests do not
  // wait for them: serve() warms one per handler thread before it listens.
  Result<void> warm(int n);
  // The routes as (method, path pattern, permission name or "" for none, "public" when no
  // authentication is needed): what the authorisation test walks.
  struct RouteInfo {
    std::string method, pattern, permission;
    bool is_public = false;
  };
  std::vector<RouteInfo> routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct ServeOptions {
  ServerOptions http;
  AppConfig app;
  int workers = 1;       // job worker threads in this process (0: none)
  bool schedule = true;  // queue the nightly monitor (and db update when enabled)
  bool nightly_db_update = false;
  int nightly_hour_utc = 2;
  bool access_log = true;  // one JSON line per request on standard error
};

// Runs the HTTP server and the workers until `stop` or SIGTERM/SIGINT; on the way out the
// workers give back their leased jobs.
Result<void> serve(const ServeOptions& options, std::atomic<bool>& stop,
                   const std::function<void(unsigned short)>& on_listening);

// One worker loop (also `bulwark worker`): claims and runs jobs until `stop`. worker_id names
// the leases ("host:pid:n"). `until_idle`: also returns once no job is queued or running.
// `bell`: idle waits end when it rings (in-process workers of serve()); without one the worker
// polls every 200 ms.
void run_worker(const std::string& database, const std::string& worker_id, const Clock& clock,
                std::atomic<bool>& stop, bool until_idle = false, Doorbell* bell = nullptr);

// Runs at most one claimable job; true when one ran (tests, `bulwark worker --once`).
Result<bool> run_one_job(const std::string& database, const std::string& worker_id,
                         const Clock& clock);

}  // namespace bulwark::server
