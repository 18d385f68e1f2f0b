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

// One row of kColumns as a Job. `Row` is either backend's row (vulndb::detail::Statement or
// pg::Rows::Row: text(i), integer(i)), so the mapping has one home.
template <class Row>
Job read_job(const Row& r) {
  Job j;
  j.id = r.integer(0);
  j.token = r.text(1);
  j.kind = r.text(2);
  j.payload = r.text(3);
  j.concurrency_key = r.text(4);
  j.priority = static_cast<int>(r.integer(5));
  j.state = parse_state(r.text(6));
  j.attempts = static_cast<int>(r.integer(7));
  j.max_attempts = static_cast<int>(r.integer(8));
  j.lease_owner = r.text(9);
  j.lease_version = r.integer(10);
  j.lease_until = r.text(11);
  j.result = r.text(12);
  j.created_at = r.text(13);
  j.started_at = r.text(14);
  j.finished_at = r.text(15);
  j.run_after = r.text(16);
  return j;
}

// One row of `SELECT state, count(*), min(created_at) FROM job GROUP BY state` into `c`.
void add_state_count(Counts& c, std::string_view state, std::size_t n, std::string_view oldest);

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
