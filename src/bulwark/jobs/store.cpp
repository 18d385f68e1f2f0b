#include "bulwark/jobs/store.hpp"

#include <fmt/format.h>

#include <chrono>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/jobs/rules.hpp"
#include "bulwark/pg/pg.hpp"

namespace bulwark::jobs {

std::string_view state_name(JobState s) {
  switch (s) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kFailed:
      return "failed";
  }
  return "queued";
}

Result<std::unique_ptr<JobStore>> JobStore::open(const std::string& location) {
  return pg::is_url(location) ? open_postgresql(location) : open_sqlite(location);
}

namespace detail {

JobState parse_state(std::string_view s) {
  if (s == "running") return JobState::kRunning;
  if (s == "done") return JobState::kDone;
  if (s == "failed") return JobState::kFailed;
  return JobState::kQueued;
}

void add_state_count(Counts& c, std::string_view state, std::size_t n, std::string_view oldest) {
  switch (parse_state(state)) {
    case JobState::kQueued:
      c.queued = n;
      c.oldest_queued = std::string(oldest);
      break;
    case JobState::kRunning:
      c.running = n;
      break;
    case JobState::kDone:
      c.done = n;
      break;
    case JobState::kFailed:
      c.failed = n;
      break;
  }
}

Result<std::string> normalise_time(std::string_view field, std::string_view text) {
  auto t = parse_rfc3339(text);
  if (!t) return std::unexpected(std::move(t.error()).with_context(std::string(field)));
  return format_rfc3339(*t);
}

Result<Job> prepare_enqueue(const Job& in) {
  if (in.kind.empty()) return invalid_input("job.kind: empty");
  if (in.max_attempts < 1)
    return invalid_input(fmt::format("job.max_attempts: {} is below 1", in.max_attempts));
  Job j;
  j.token = in.token.empty() ? random_uuid4() : in.token;
  j.kind = in.kind;
  j.payload = in.payload;
  j.concurrency_key = in.concurrency_key;
  j.priority = in.priority;
  j.max_attempts = in.max_attempts;
  if (in.created_at.empty()) {
    auto t = now();
    if (!t) return std::unexpected(t.error());
    j.created_at = format_rfc3339(*t);
  } else {
    auto c = normalise_time("job.created_at", in.created_at);
    if (!c) return std::unexpected(c.error());
    j.created_at = std::move(*c);
  }
  if (!in.run_after.empty()) {
    auto r = normalise_time("job.run_after", in.run_after);
    if (!r) return std::unexpected(r.error());
    j.run_after = std::move(*r);
  }
  return j;
}

Result<LeaseWindow> lease_window(const std::string& worker, const std::string& now,
                                 int lease_seconds) {
  if (worker.empty()) return invalid_input("worker: empty");
  if (lease_seconds <= 0)
    return invalid_input(fmt::format("lease_seconds: {} is not positive", lease_seconds));
  auto t = parse_rfc3339(now);
  if (!t) return std::unexpected(std::move(t.error()).with_context("now"));
  return LeaseWindow{format_rfc3339(*t), format_rfc3339(*t + std::chrono::seconds(lease_seconds))};
}

Error lease_lost(std::int64_t id, std::int64_t lease_version) {
  return Error{ErrorCode::kPrecondition,
               fmt::format("job {}: lease version {} does not hold the lease (the job was claimed "
                           "again, finished or does not exist)",
                           id, lease_version)};
}

Error duplicate_token(std::string_view token) {
  return Error{ErrorCode::kConflict, fmt::format("job.token: a job with token {} exists", token)};
}

}  // namespace detail
}  // namespace bulwark::jobs
