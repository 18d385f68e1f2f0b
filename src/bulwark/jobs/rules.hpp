// The backend-independent rules of jobs::JobStore, shared by the SQLite and PostgreSQL
// implementations (internal to bulwark_jobs): the stored time form, job validation on enqueue,
// the lease window of a claim, and the error of a fenced-out lease holder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bulwark/jobs/store.hpp"

namespace bulwark::jobs::detail {

// The columns every job query reads, in the order read_job-style readers expect.
inline constexpr std::string_view kColumns =
    "id, token, kind, payload, concurrency_key, priority, state, attempts, max_attempts, "
    "lease_owner, lease_version, lease_until, result, created_at, started_at, finished_at, "
    "run_after";

JobState parse_state(std::string_view s);

// `text` in the one stored form ("YYYY-MM-DDTHH:MM:SSZ"), so that text comparison is time order;
// errors name `field`.
Result<std::string> normalise_time(std::string_view field, std::string_view text);

// The job as stored by enqueue: validated, token assigned when empty, times normalised,
// created_at = now when empty. id and state are left to the store.
Result<Job> prepare_enqueue(const Job& in);

// A claim's times: now and the end of the lease, both in the stored form.
struct LeaseWindow {
  std::string now, until;
};
Result<LeaseWindow> lease_window(const std::string& worker, const std::string& now,
                                 int lease_seconds);

// The error of a lease-guarded update that matched no row.
Error lease_lost(std::int64_t id, std::int64_t lease_version);
Error duplicate_token(std::string_view token);

}  // namespace bulwark::jobs::detail
