// Notification use cases (issue 12, part 2), shared by `bulwark notify`, the server's
// /notification-rules API and the workers: rules (add with validation, list, remove, test), the
// events of a finding sync (written by the portfolio store in the findings transaction, see
// findings_sync), of a failed SBOM job, and of the periodic clock check (Article 14 deadlines
// due soon or overdue, support periods ending), and one delivery pass over the outbox
// (fan-out, claim under a lease, render, send, mark delivered or retry with back-off).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/notify/store.hpp"
#include "bulwark/notify/transport.hpp"
#include "bulwark/service/findings_sync.hpp"

namespace bulwark::portfolio {
class Store;
class CraStore;
}  // namespace bulwark::portfolio

namespace bulwark::service {

// ---- rules ----
Result<notify::Rule> add_notification_rule(notify::Store& store, notify::Rule rule,
                                           const Clock& clock);  // validated; kInvalidInput
Result<std::vector<notify::Rule>> list_notification_rules(notify::Store& store);
Result<void> remove_notification_rule(notify::Store& store, std::int64_t id);
// Sends a "test" notification to the rule's destination now (not through the outbox) and
// returns what happened (kNotFound for an unknown rule).
Result<notify::SendResult> test_notification_rule(notify::Store& store, std::int64_t id,
                                                  const Clock& clock);

// ---- events ----
// The notifications of one sync of a release (new, changed, resolved, reopened findings; a KEV
// listing appearing on an open finding), each with a fresh UUID.
std::vector<notify::Event> finding_events(const std::string& product, const std::string& release,
                                          const std::vector<FindingChange>& changes,
                                          const std::string& now);
// An SBOM processing job ("sbom.process", its payload) that failed for good: one event (id
// derived from the job token, so a repeated report is dropped).
Result<void> notify_upload_failed(notify::Store& store, const std::string& job_token,
                                  const std::string& payload, const std::string& error,
                                  const Clock& clock);
// The periodic check: Article 14 deadlines due within the largest deadline_hours of the rules
// taking case.deadline (24 h when none), or overdue, and support periods ending within the
// largest support_days (30 days). Each (case, stage, state, due) and (release, end date) fires
// once: its event id is derived from them and an existing id is skipped. Returns events added.
Result<std::size_t> check_clocks(portfolio::Store& portfolio, portfolio::CraStore& cra,
                                 notify::Store& store, const Clock& clock);

// ---- delivery ----
struct DeliveryOptions {
  int lease_seconds = 60;                    // a worker dying mid-delivery: redelivered after
  std::size_t batch = 100;                   // deliveries claimed per pass
  int max_attempts = 8;                      // then the delivery is "failed"
  std::chrono::milliseconds timeout{10000};  // per request
};
struct DeliveryStats {
  std::size_t fanned_out = 0, sent = 0, delivered = 0, retried = 0, failed = 0;
};
// One pass: fan out new events, claim due deliveries, send each (digest rules: the claimed
// deliveries of a rule as one message), record the outcome.
Result<DeliveryStats> deliver_notifications(notify::Store& store, const Clock& clock,
                                            const DeliveryOptions& options = {});

}  // namespace bulwark::service
