// The notification store: rules, and the outbox. The outbox has two tables: events (written by
// whoever records the change, in the change's own transaction: the portfolio stores insert the
// finding events of a findings write through outbox.hpp) and deliveries (one per rule and event,
// created by fan_out from the rules in force, claimed under a lease, delivered at least once,
// retried with exponential back-off, given up after max_attempts). SQLite (same database file as
// the other stores; component "notify" of the shared migrations) and PostgreSQL; one contract
// suite in tests/store/notify_store_contract_test.cpp. A Store is used from one thread at a time;
// several Stores (threads, processes, hosts) may share one database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/notify/model.hpp"

namespace bulwark::notify {

struct Delivery {
  std::int64_t id = 0;
  std::int64_t rule_id = 0;
  Event event;
  std::string state;  // "pending", "delivered", "failed" (given up)
  int attempts = 0;   // claims so far
  std::int64_t lease_version = 0;
  std::string next_at, lease_until, last_error, delivered_at, created_at;
};

struct DeliveryCounts {
  std::size_t events_pending_fan_out = 0, pending = 0, delivered = 0, failed = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  static Result<std::unique_ptr<Store>> open_sqlite(const std::string& path);
  static Result<std::unique_ptr<Store>> open_postgresql(const std::string& url);
  // SQLite for a file path, PostgreSQL for a postgresql:// URL.
  static Result<std::unique_ptr<Store>> open(const std::string& location);

  // ---- rules ----
  virtual Result<Rule> add_rule(const Rule& r) = 0;  // validated by the caller; id assigned
  virtual Result<std::vector<Rule>> rules() = 0;     // by id
  virtual Result<std::optional<Rule>> rule(std::int64_t id) = 0;
  virtual Result<void> remove_rule(std::int64_t id) = 0;  // kNotFound; its deliveries go too

  // ---- events ----
  // Adds an event unless one with its id exists (false then): events that must fire once
  // (deadlines, support endings) carry a derived id.
  virtual Result<bool> add_event(const Event& e) = 0;
  virtual Result<std::vector<Event>> events(std::size_t limit) = 0;  // newest first

  // ---- deliveries ----
  // Creates the deliveries of up to `limit` events not yet fanned out, in order: one per enabled
  // rule that matches (notify::matches), due at `now` (immediate rules) or at the rule's next
  // digest hour. Idempotent per (rule, event). Returns the number of events handled.
  virtual Result<std::size_t> fan_out(const std::string& now, std::size_t limit) = 0;
  // Leases up to `limit` due pending deliveries (next_at <= now, no live lease), counting an
  // attempt each and bumping their lease version; a delivery whose lease expired (a worker died
  // mid-delivery) is claimed again with the same event id.
  virtual Result<std::vector<Delivery>> claim(const std::string& now, int lease_seconds,
                                              std::size_t limit) = 0;
  // kPrecondition when (id, lease_version) no longer holds the lease.
  virtual Result<void> delivered(std::int64_t id, std::int64_t lease_version,
                                 const std::string& now) = 0;
  // A failed attempt: pending again at next_at, or "failed" when attempts >= max_attempts.
  virtual Result<void> retry(std::int64_t id, std::int64_t lease_version, const std::string& error,
                             const std::string& next_at, int max_attempts) = 0;
  virtual Result<std::vector<Delivery>> deliveries(std::size_t limit) = 0;  // newest first
  virtual Result<DeliveryCounts> counts() = 0;
};

// The next time the daily digest of a rule with `hour` is due after `now` (RFC 3339 UTC).
std::string next_digest_time(const std::string& now, int hour);

// The back-off before attempt n + 1 after n failed attempts: 30 s, 1 min, 2 min, ... capped at
// 1 hour (BULWARK_NOTIFY_RETRY_BASE_MS overrides the 30 s base, e.g. for tests).
std::int64_t backoff_ms(int attempts);

}  // namespace bulwark::notify
