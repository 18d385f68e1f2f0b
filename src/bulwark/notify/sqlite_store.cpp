// SQLite implementation of notify::Store (see store.hpp), and the SQLite half of outbox.hpp.
// Tables live in the shared database file, versioned as component "notify". Writes that take
// the write lock (fan-out, claim) look first with a plain read whether there is anything to do,
// so idle workers polling the outbox do not serialise the database.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/notify/outbox.hpp"
#include "bulwark/notify/rows.hpp"
#include "bulwark/notify/store.hpp"
#include "bulwark/vulndb/migrate.hpp"

namespace bulwark::notify {
namespace {

using detail::kDeliveryCols;
using detail::kRuleCols;
using detail::read_delivery;
using detail::read_event;
using detail::read_rule;

using vulndb::detail::Database;
using vulndb::detail::Statement;
using vulndb::detail::Transaction;

constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS notify_rule (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL DEFAULT '',
  destination    TEXT NOT NULL,
  url            TEXT NOT NULL,
  secret         TEXT NOT NULL DEFAULT '',
  email_to       TEXT NOT NULL DEFAULT '',
  email_from     TEXT NOT NULL DEFAULT '',
  smtp_user      TEXT NOT NULL DEFAULT '',
  smtp_password  TEXT NOT NULL DEFAULT '',
  smtp_tls       TEXT NOT NULL DEFAULT 'all',
  events         TEXT NOT NULL DEFAULT '',   -- space-separated kinds; '' = every event
  products       TEXT NOT NULL DEFAULT '',   -- newline-separated names; '' = every product
  min_priority   TEXT NOT NULL DEFAULT '',
  min_severity   TEXT NOT NULL DEFAULT '',
  mode           TEXT NOT NULL DEFAULT 'immediate',
  digest_hour    INTEGER NOT NULL DEFAULT 8,
  deadline_hours INTEGER NOT NULL DEFAULT 24,
  support_days   INTEGER NOT NULL DEFAULT 30,
  enabled        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS notify_event (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,            -- UUID: the notification id
  kind       TEXT NOT NULL,
  product    TEXT NOT NULL DEFAULT '',
  release    TEXT NOT NULL DEFAULT '',
  priority   TEXT NOT NULL DEFAULT '',
  severity   TEXT NOT NULL DEFAULT '',
  subject    TEXT NOT NULL DEFAULT '',
  data       TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  fanned_out INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS notify_event_pending ON notify_event(seq) WHERE fanned_out = 0;
CREATE TABLE IF NOT EXISTS notify_delivery (
  id            INTEGER PRIMARY KEY,
  rule_id       INTEGER NOT NULL REFERENCES notify_rule(id) ON DELETE CASCADE,
  event_id      TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  lease_version INTEGER NOT NULL DEFAULT 0,
  next_at       TEXT NOT NULL,
  lease_until   TEXT NOT NULL DEFAULT '',
  last_error    TEXT NOT NULL DEFAULT '',
  delivered_at  TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  UNIQUE (rule_id, event_id)
);
CREATE INDEX IF NOT EXISTS notify_delivery_due ON notify_delivery(next_at) WHERE state = 'pending';
)sql";

constexpr std::array<std::string_view, 1> kSteps = {kSchemaV1};

// The rules `clause` ("ORDER BY id", "WHERE enabled = 1") selects.
Result<std::vector<Rule>> select_rules(Database& db, std::string_view clause) {
  auto st = db.cached(std::string(kRuleCols) + std::string(clause));
  if (!st) return std::unexpected(st.error());
  std::vector<Rule> out;
  for (;;) {
    auto row = st->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(read_rule(*st));
  }
  return out;
}

std::string plus_seconds(const std::string& now, std::int64_t seconds) {
  auto t = parse_rfc3339(now);
  if (!t) return now;
  return format_rfc3339(*t + std::chrono::seconds(seconds));
}

class SqliteNotifyStore final : public Store {
 public:
  explicit SqliteNotifyStore(Database db) : db_(std::move(db)) {}

  Result<void> init() {
    if (auto r = db_.exec("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; "
                          "PRAGMA synchronous = NORMAL");
        !r)
      return std::unexpected(r.error());
    return detail::migrate(db_);
  }

  Result<Rule> add_rule(const Rule& in) override {
    auto st = db_.prepare(
        "INSERT INTO notify_rule (name, destination, url, secret, email_to, email_from, smtp_user, "
        "smtp_password, smtp_tls, events, products, min_priority, min_severity, mode, digest_hour, "
        "deadline_hours, support_days, enabled, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return std::unexpected(st.error());
    st->bind(1, in.name).bind(2, destination_name(in.destination)).bind(3, in.url);
    st->bind(4, in.secret).bind(5, in.email_to).bind(6, in.email_from).bind(7, in.smtp_user);
    st->bind(8, in.smtp_password).bind(9, in.smtp_tls).bind(10, join(in.events, " "));
    st->bind(11, join(in.products, "\n")).bind(12, in.min_priority).bind(13, in.min_severity);
    st->bind(14, in.mode).bind(15, std::int64_t{in.digest_hour});
    st->bind(16, std::int64_t{in.deadline_hours}).bind(17, std::int64_t{in.support_days});
    st->bind(18, std::int64_t{in.enabled ? 1 : 0}).bind(19, in.created_at);
    if (auto r = st->run(); !r) return std::unexpected(r.error());
    Rule out = in;
    out.id = db_.last_insert_rowid();
    return out;
  }

  Result<std::vector<Rule>> rules() override { return select_rules(db_, "ORDER BY id"); }

  Result<std::optional<Rule>> rule(std::int64_t id) override {
    auto st = db_.prepare(std::string(kRuleCols) + "WHERE id = ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, id);
    auto row = st->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<Rule>();
    return std::optional<Rule>(read_rule(*st));
  }

  Result<void> remove_rule(std::int64_t id) override {
    auto st = db_.prepare("DELETE FROM notify_rule WHERE id = ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, id);
    if (auto r = st->run(); !r) return std::unexpected(r.error());
    if (db_.changes() == 0)
      return not_found(fmt::format("notification rule {} does not exist", id));
    return {};
  }

  Result<bool> add_event(const Event& e) override {
    auto st = db_.prepare(
        "INSERT OR IGNORE INTO notify_event (id, kind, product, release, priority, severity, "
        "subject, data, created_at) VALUES (?,?,?,?,?,?,?,?,?)");
    if (!st) return std::unexpected(st.error());
    st->bind(1, e.id).bind(2, e.kind).bind(3, e.product).bind(4, e.release).bind(5, e.priority);
    st->bind(6, e.severity).bind(7, e.subject).bind(8, e.data).bind(9, e.created_at);
    if (auto r = st->run(); !r) return std::unexpected(r.error());
    return db_.changes() == 1;
  }

  Result<std::vector<Event>> events(std::size_t limit) override {
    auto st = db_.prepare(
        "SELECT id, kind, product, release, priority, severity, subject, data, created_at FROM "
        "notify_event ORDER BY seq DESC LIMIT ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, static_cast<std::int64_t>(limit));
    std::vector<Event> out;
    for (;;) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.push_back(read_event(*st));
    }
    return out;
  }

  Result<std::size_t> fan_out(const std::string& now, std::size_t limit) override {
    {
      auto any = db_.cached("SELECT 1 FROM notify_event WHERE fanned_out = 0 LIMIT 1");
      if (!any) return std::unexpected(any.error());
      auto row = any->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return std::size_t{0};
    }
    auto tx = Transaction::begin_immediate(db_);
    if (!tx) return std::unexpected(tx.error());
    auto all = rules();
    if (!all) return std::unexpected(all.error());
    // No enabled rule: nothing to deliver; every pending event is done in one statement (a
    // release's first upload queues one event per finding, tens of thousands).
    if (std::none_of(all->begin(), all->end(), [](const Rule& r) { return r.enabled; })) {
      auto mark = db_.cached("UPDATE notify_event SET fanned_out = 1 WHERE fanned_out = 0");
      if (!mark) return std::unexpected(mark.error());
      if (auto x = mark->run(); !x) return std::unexpected(x.error());
      const auto marked = static_cast<std::size_t>(db_.changes());
      if (auto c = tx->commit(); !c) return std::unexpected(c.error());
      return marked;
    }
    auto st = db_.prepare(
        "SELECT seq, id, kind, product, release, priority, severity, subject, created_at "
        "FROM notify_event WHERE fanned_out = 0 ORDER BY seq LIMIT ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, static_cast<std::int64_t>(limit));
    std::vector<std::pair<std::int64_t, Event>> pending;
    for (;;) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      Event e;
      e.id = st->text(1);
      e.kind = st->text(2);
      e.product = st->text(3);
      e.release = st->text(4);
      e.priority = st->text(5);
      e.severity = st->text(6);
      e.subject = st->text(7);
      e.created_at = st->text(8);
      pending.emplace_back(st->integer(0), std::move(e));
    }
    auto ins = db_.prepare(
        "INSERT OR IGNORE INTO notify_delivery (rule_id, event_id, next_at, created_at) "
        "VALUES (?,?,?,?)");
    if (!ins) return std::unexpected(ins.error());
    for (const auto& [seq, e] : pending) {
      for (const Rule& r : *all) {
        if (!matches(r, e)) continue;
        const std::string due = r.mode == "digest" ? next_digest_time(now, r.digest_hour) : now;
        ins->reset().bind(1, r.id).bind(2, e.id).bind(3, due).bind(4, now);
        if (auto x = ins->run(); !x) return std::unexpected(x.error());
      }
    }
    // The pending events read were the lowest sequence numbers not yet fanned out, and no one
    // else writes inside this immediate transaction: one statement marks them all.
    if (!pending.empty()) {
      auto done =
          db_.cached("UPDATE notify_event SET fanned_out = 1 WHERE fanned_out = 0 AND seq <= ?");
      if (!done) return std::unexpected(done.error());
      done->bind(1, pending.back().first);
      if (auto x = done->run(); !x) return std::unexpected(x.error());
    }
    if (auto c = tx->commit(); !c) return std::unexpected(c.error());
    return pending.size();
  }

  Result<std::vector<Delivery>> claim(const std::string& now, int lease_seconds,
                                      std::size_t limit) override {
    {
      auto any = db_.cached(
          "SELECT 1 FROM notify_delivery WHERE state = 'pending' AND next_at <= ? AND "
          "lease_until < ? LIMIT 1");
      if (!any) return std::unexpected(any.error());
      any->bind(1, now).bind(2, now);
      auto row = any->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return std::vector<Delivery>();
    }
    auto tx = Transaction::begin_immediate(db_);
    if (!tx) return std::unexpected(tx.error());
    auto ids = db_.prepare(
        "SELECT id FROM notify_delivery WHERE state = 'pending' AND next_at <= ? AND "
        "lease_until < ? ORDER BY next_at, id LIMIT ?");
    if (!ids) return std::unexpected(ids.error());
    ids->bind(1, now).bind(2, now).bind(3, static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> picked;
    for (;;) {
      auto row = ids->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      picked.push_back(ids->integer(0));
    }
    const std::string until = plus_seconds(now, lease_seconds);
    auto upd = db_.prepare(
        "UPDATE notify_delivery SET lease_until = ?, lease_version = lease_version + 1, "
        "attempts = attempts + 1 WHERE id = ?");
    auto get = db_.prepare(std::string(kDeliveryCols) + "WHERE d.id = ?");
    if (!upd) return std::unexpected(upd.error());
    if (!get) return std::unexpected(get.error());
    std::vector<Delivery> out;
    for (std::int64_t id : picked) {
      upd->reset().bind(1, until).bind(2, id);
      if (auto x = upd->run(); !x) return std::unexpected(x.error());
      get->reset().bind(1, id);
      auto row = get->step();
      if (!row) return std::unexpected(row.error());
      if (*row) out.push_back(read_delivery(*get));
    }
    if (auto c = tx->commit(); !c) return std::unexpected(c.error());
    return out;
  }

  Result<void> delivered(std::int64_t id, std::int64_t lease_version,
                         const std::string& now) override {
    auto st = db_.prepare(
        "UPDATE notify_delivery SET state = 'delivered', delivered_at = ?, lease_until = '', "
        "last_error = '' WHERE id = ? AND lease_version = ? AND state = 'pending'");
    if (!st) return std::unexpected(st.error());
    st->bind(1, now).bind(2, id).bind(3, lease_version);
    if (auto r = st->run(); !r) return std::unexpected(r.error());
    if (db_.changes() == 0) return lease_lost(id, lease_version);
    return {};
  }

  Result<void> retry(std::int64_t id, std::int64_t lease_version, const std::string& error,
                     const std::string& next_at, int max_attempts) override {
    auto st = db_.prepare(
        "UPDATE notify_delivery SET last_error = ?, next_at = ?, lease_until = '', state = CASE "
        "WHEN attempts >= ? THEN 'failed' ELSE 'pending' END WHERE id = ? AND lease_version = ? "
        "AND state = 'pending'");
    if (!st) return std::unexpected(st.error());
    st->bind(1, error.substr(0, 1000)).bind(2, next_at).bind(3, std::int64_t{max_attempts});
    st->bind(4, id).bind(5, lease_version);
    if (auto r = st->run(); !r) return std::unexpected(r.error());
    if (db_.changes() == 0) return lease_lost(id, lease_version);
    return {};
  }

  Result<std::vector<Delivery>> deliveries(std::size_t limit) override {
    auto st = db_.prepare(std::string(kDeliveryCols) + "ORDER BY d.id DESC LIMIT ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, static_cast<std::int64_t>(limit));
    std::vector<Delivery> out;
    for (;;) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.push_back(read_delivery(*st));
    }
    return out;
  }

  Result<DeliveryCounts> counts() override {
    auto st = db_.prepare(
        "SELECT (SELECT count(*) FROM notify_event WHERE fanned_out = 0), "
        "(SELECT count(*) FROM notify_delivery WHERE state = 'pending'), "
        "(SELECT count(*) FROM notify_delivery WHERE state = 'delivered'), "
        "(SELECT count(*) FROM notify_delivery WHERE state = 'failed')");
    if (!st) return std::unexpected(st.error());
    auto row = st->step();
    if (!row) return std::unexpected(row.error());
    DeliveryCounts c;
    c.events_pending_fan_out = static_cast<std::size_t>(st->integer(0));
    c.pending = static_cast<std::size_t>(st->integer(1));
    c.delivered = static_cast<std::size_t>(st->integer(2));
    c.failed = static_cast<std::size_t>(st->integer(3));
    return c;
  }

 private:
  static Result<void> lease_lost(std::int64_t id, std::int64_t v) {
    return make_error(ErrorCode::kPrecondition,
                      fmt::format("delivery {} is no longer leased at version {}", id, v));
  }

  Database db_;
};

}  // namespace

namespace detail {

Result<void> migrate(Database& db) {
  const vulndb::detail::SchemaComponent component{"notify", kSteps, {}};
  return vulndb::detail::migrate_component(db, component);
}

Result<bool> finding_events_wanted(Database& db, std::string_view product) {
  auto rules = select_rules(db, "WHERE enabled = 1");
  if (!rules) return std::unexpected(rules.error());
  return std::any_of(rules->begin(), rules->end(),
                     [&](const Rule& r) { return may_take_finding_events(r, product); });
}

Result<void> insert_events(Database& db, const std::vector<Event>& events) {
  if (events.empty()) return {};
  auto found = select_rules(db, "WHERE enabled = 1");
  if (!found) return std::unexpected(found.error());
  const std::vector<Rule>& rules = *found;
  if (rules.empty()) return {};
  auto st = db.cached(
      "INSERT OR IGNORE INTO notify_event (id, kind, product, release, priority, severity, "
      "subject, data, created_at) VALUES (?,?,?,?,?,?,?,?,?)");
  if (!st) return std::unexpected(st.error());
  for (const Event& e : events) {
    if (!taken(rules, e)) continue;
    st->reset();
    st->bind(1, e.id).bind(2, e.kind).bind(3, e.product).bind(4, e.release).bind(5, e.priority);
    st->bind(6, e.severity).bind(7, e.subject).bind(8, e.data).bind(9, e.created_at);
    if (auto r = st->run(); !r) return std::unexpected(r.error());
  }
  return {};
}

}  // namespace detail

std::string next_digest_time(const std::string& now, int hour) {
  auto t = parse_rfc3339(now);
  if (!t) return now;
  const auto day = std::chrono::floor<std::chrono::days>(*t);
  auto due = day + std::chrono::hours(hour);
  if (due <= *t) due += std::chrono::days(1);
  return format_rfc3339(due);
}

std::int64_t backoff_ms(int attempts) {
  std::int64_t base = 30000;
  if (const char* e = std::getenv("BULWARK_NOTIFY_RETRY_BASE_MS"))
    if (long v = std::atol(e); v > 0 && v < 3600000) base = v;
  std::int64_t ms = base;
  for (int i = 1; i < attempts && ms < 3600000; ++i) ms *= 2;
  return std::min<std::int64_t>(ms, 3600000);
}

Result<std::unique_ptr<Store>> Store::open_sqlite(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return std::unexpected(db.error());
  auto s = std::make_unique<SqliteNotifyStore>(std::move(*db));
  if (auto r = s->init(); !r) return std::unexpected(r.error());
  return std::unique_ptr<Store>(std::move(s));
}

Result<std::unique_ptr<Store>> Store::open(const std::string& location) {
  if (pg::is_url(location)) return open_postgresql(location);
  return open_sqlite(location);
}

}  // namespace bulwark::notify
