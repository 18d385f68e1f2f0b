// The monitor as jobs for workers on several hosts (issue 16). A "monitor" job (the nightly
// schedule, `bulwark monitor --queue`) fans out into one "monitor.release" job per release; each
// re-matches its release against the current database and syncs its findings, as `bulwark
// monitor` does for every release in one process. A release job's concurrency key is the one of
// an SBOM upload to that release ("release:PRODUCT@VERSION"), so one release is never matched by
// two jobs at once; its priority (0) is below an interactive upload's (50), so uploads are not
// stuck behind the nightly monitor. The fan-out is idempotent: the release jobs' tokens derive
// from the monitor job's token, so a fan-out run again after a lost lease queues nothing twice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/jobs/store.hpp"
#include "bulwark/portfolio/risk_store.hpp"

namespace bulwark::portfolio {
class Store;
}
namespace bulwark::vulndb {
class Store;
}

namespace bulwark::service {

inline constexpr std::string_view kMonitorJob = "monitor";
inline constexpr std::string_view kMonitorReleaseJob = "monitor.release";

// Queues a "monitor" job (payload {"product": ...}, "" for every product; concurrency key
// "monitor": fan-outs run one at a time).
Result<jobs::Job> queue_monitor(jobs::JobStore& jobs, const std::string& product,
                                const Clock& clock);

// Runs a "monitor" job: one "monitor.release" job per release of the scope (archived ones
// included, as `bulwark monitor`), all matched "at" the same time (the fan-out's). Records the
// run (portfolio::Store::add_monitor_run; its counts of new/changed/resolved findings are in the
// release jobs' results). Returns {"at", "releases", "queued"}.
Result<std::string> fan_out_monitor(portfolio::Store& store, jobs::JobStore& jobs,
                                    const jobs::Job& monitor_job, const Clock& clock);

// Runs a "monitor.release" job's payload: the release matched again and its findings synced.
// Returns {"release_id", "product", "version", "open", "new", "changed", "resolved"}.
Result<std::string> run_monitor_release(portfolio::Store& store, vulndb::Store& vulns,
                                        const std::string& payload,
                                        portfolio::RiskStore* risk = nullptr);

}  // namespace bulwark::service
