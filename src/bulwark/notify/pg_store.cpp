// PostgreSQL implementation of notify::Store (see store.hpp), and the PostgreSQL half of
// outbox.hpp. Fan-out and claims lock their rows with FOR UPDATE SKIP LOCKED, so workers on
// several hosts never take the same event or delivery; completion and retry are single UPDATEs
// guarded by (id, lease_version). Timestamps are RFC 3339 text in "C"-collated columns (text
// order is time order), as in the job store. Component "notify" of pg/migrate.hpp.
#include <fmt/format.h>

#include <array>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/notify/outbox.hpp"
#include "bulwark/notify/rows.hpp"
#include "bulwark/notify/store.hpp"
#include "bulwark/pg/migrate.hpp"

namespace bulwark::notify {
namespace {

using detail::kDeliveryCols;
using detail::kRuleCols;
using detail::read_delivery;
using detail::read_event;
using detail::read_rule;

constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE notify_rule (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name           TEXT NOT NULL DEFAULT '',
  destination    TEXT NOT NULL,
  url            TEXT NOT NULL,
  secret         TEXT NOT NULL DEFAULT '',
  email_to       TEXT NOT NULL DEFAULT '',
  email_from     TEXT NOT NULL DEFAULT '',
  smtp_user      TEXT NOT NULL DEFAULT '',
  smtp_password  TEXT NOT NULL DEFAULT '',
  smtp_tls       TEXT NOT NULL DEFAULT 'all',
  events         TEXT NOT NULL DEFAULT '',
  products       TEXT NOT NULL DEFAULT '',
  min_priority   TEXT NOT NULL DEFAULT '',
  min_severity   TEXT NOT NULL DEFAULT '',
  mode           TEXT NOT NULL DEFAULT 'immediate',
  digest_hour    INTEGER NOT NULL DEFAULT 8,
  deadline_hours INTEGER NOT NULL DEFAULT 24,
  support_days   INTEGER NOT NULL DEFAULT 30,
  enabled        BOOLEAN NOT NULL DEFAULT TRUE,
  created_at     TEXT COLLATE "C" NOT NULL
);
CREATE TABLE notify_event (
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL,
  product    TEXT NOT NULL DEFAULT '',
  release    TEXT NOT NULL DEFAULT '',
  priority   TEXT NOT NULL DEFAULT '',
  severity   TEXT NOT NULL DEFAULT '',
  subject    TEXT NOT NULL DEFAULT '',
  data       TEXT NOT NULL DEFAULT '{}',
  created_at TEXT COLLATE "C" NOT NULL,
  fanned_out BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX notify_event_pending ON notify_event (seq) WHERE NOT fanned_out;
CREATE TABLE notify_delivery (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_id       BIGINT NOT NULL REFERENCES notify_rule (id) ON DELETE CASCADE,
  event_id      TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  lease_version BIGINT NOT NULL DEFAULT 0,
  next_at       TEXT COLLATE "C" NOT NULL,
  lease_until   TEXT COLLATE "C" NOT NULL DEFAULT '',
  last_error    TEXT NOT NULL DEFAULT '',
  delivered_at  TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_at    TEXT COLLATE "C" NOT NULL,
  UNIQUE (rule_id, event_id)
);
CREATE INDEX notify_delivery_due ON notify_delivery (next_at) WHERE state = 'pending';
)sql";

constexpr std::array<std::string_view, 1> kSteps = {kSchemaV1};

constexpr std::string_view kInsertEvent =
    "INSERT INTO notify_event (id, kind, product, release, priority, severity, subject, data, "
    "created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (id) DO NOTHING";

template <class T>
Result<T> failed(Error e) {
  return std::unexpected(std::move(e));
}

class PgNotifyStore final : public Store {
 public:
  explicit PgNotifyStore(pg::Connection c) : db_(std::move(c)) {}

  Result<void> init() { return detail::migrate(db_); }

  Result<Rule> add_rule(const Rule& in) override {
    auto id = db_.scalar(
        "INSERT INTO notify_rule (name, destination, url, secret, email_to, email_from, "
        "smtp_user, smtp_password, smtp_tls, events, products, min_priority, min_severity, mode, "
        "digest_hour, deadline_hours, support_days, enabled, created_at) VALUES ($1,$2,$3,$4,$5,"
        "$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19) RETURNING id",
        {in.name, destination_name(in.destination), in.url, in.secret, in.email_to, in.email_from,
         in.smtp_user, in.smtp_password, in.smtp_tls, join(in.events, " "), join(in.products, "\n"),
         in.min_priority, in.min_severity, in.mode, in.digest_hour, in.deadline_hours,
         in.support_days, in.enabled, in.created_at});
    if (!id) return failed<Rule>(id.error());
    Rule out = in;
    out.id = *id;
    return out;
  }

  Result<std::vector<Rule>> rules() override {
    auto rows = db_.query(std::string(kRuleCols) + "ORDER BY id");
    if (!rows) return failed<std::vector<Rule>>(rows.error());
    std::vector<Rule> out;
    for (int i = 0; i < rows->size(); ++i) out.push_back(read_rule((*rows)[i]));
    return out;
  }

  Result<std::optional<Rule>> rule(std::int64_t id) override {
    auto rows = db_.query(std::string(kRuleCols) + "WHERE id = $1", {id});
    if (!rows) return failed<std::optional<Rule>>(rows.error());
    if (rows->empty()) return std::optional<Rule>();
    return std::optional<Rule>(read_rule((*rows)[0]));
  }

  Result<void> remove_rule(std::int64_t id) override {
    auto rows = db_.query("DELETE FROM notify_rule WHERE id = $1", {id});
    if (!rows) return failed<void>(rows.error());
    if (rows->affected() == 0)
      return not_found(fmt::format("notification rule {} does not exist", id));
    return {};
  }

  Result<bool> add_event(const Event& e) override {
    auto rows = db_.query(kInsertEvent, {e.id, e.kind, e.product, e.release, e.priority, e.severity,
                                         e.subject, e.data, e.created_at});
    if (!rows) return failed<bool>(rows.error());
    return rows->affected() == 1;
  }

  Result<std::vector<Event>> events(std::size_t limit) override {
    auto rows = db_.query(
        "SELECT id, kind, product, release, priority, severity, subject, data, created_at FROM "
        "notify_event ORDER BY seq DESC LIMIT $1",
        {static_cast<std::int64_t>(limit)});
    if (!rows) return failed<std::vector<Event>>(rows.error());
    std::vector<Event> out;
    for (int i = 0; i < rows->size(); ++i) out.push_back(read_event((*rows)[i]));
    return out;
  }

  Result<std::size_t> fan_out(const std::string& now, std::size_t limit) override {
    auto tx = pg::Transaction::begin(db_);
    if (!tx) return failed<std::size_t>(tx.error());
    auto all = rules();
    if (!all) return failed<std::size_t>(all.error());
    auto rows = db_.query(
        "SELECT seq, id, kind, product, release, priority, severity FROM notify_event WHERE NOT "
        "fanned_out ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED",
        {static_cast<std::int64_t>(limit)});
    if (!rows) return failed<std::size_t>(rows.error());
    if (rows->empty()) return std::size_t{0};
    std::vector<std::int64_t> rule_ids, seqs;
    std::vector<std::string> event_ids, dues;
    for (int i = 0; i < rows->size(); ++i) {
      auto r = (*rows)[i];
      Event e;
      e.id = r.text(1);
      e.kind = r.text(2);
      e.product = r.text(3);
      e.release = r.text(4);
      e.priority = r.text(5);
      e.severity = r.text(6);
      seqs.push_back(r.integer(0));
      for (const Rule& rule : *all) {
        if (!matches(rule, e)) continue;
        rule_ids.push_back(rule.id);
        event_ids.push_back(e.id);
        dues.push_back(rule.mode == "digest" ? next_digest_time(now, rule.digest_hour) : now);
      }
    }
    if (!rule_ids.empty()) {
      auto ins = db_.query(
          "INSERT INTO notify_delivery (rule_id, event_id, next_at, created_at) SELECT u.r, u.e, "
          "u.d, $4 FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u (r, e, d) "
          "ON CONFLICT (rule_id, event_id) DO NOTHING",
          {pg::array_literal(rule_ids), pg::array_literal(event_ids), pg::array_literal(dues),
           now});
      if (!ins) return failed<std::size_t>(ins.error());
    }
    auto done =
        db_.query("UPDATE notify_event SET fanned_out = TRUE WHERE seq = ANY ($1::bigint[])",
                  {pg::array_literal(seqs)});
    if (!done) return failed<std::size_t>(done.error());
    if (auto c = tx->commit(); !c) return failed<std::size_t>(c.error());
    return seqs.size();
  }

  Result<std::vector<Delivery>> claim(const std::string& now, int lease_seconds,
                                      std::size_t limit) override {
    auto t = parse_rfc3339(now);
    if (!t) return failed<std::vector<Delivery>>(t.error());
    const std::string until = format_rfc3339(*t + std::chrono::seconds(lease_seconds));
    auto ids = db_.query(
        "UPDATE notify_delivery SET lease_until = $2, lease_version = lease_version + 1, "
        "attempts = attempts + 1 WHERE id IN (SELECT id FROM notify_delivery WHERE state = "
        "'pending' AND next_at <= $1 AND lease_until < $1 ORDER BY next_at, id LIMIT $3 FOR "
        "UPDATE SKIP LOCKED) RETURNING id",
        {now, until, static_cast<std::int64_t>(limit)});
    if (!ids) return failed<std::vector<Delivery>>(ids.error());
    if (ids->empty()) return std::vector<Delivery>();
    std::vector<std::int64_t> picked;
    for (int i = 0; i < ids->size(); ++i) picked.push_back((*ids)[i].integer(0));
    auto rows = db_.query(std::string(kDeliveryCols) +
                              "WHERE d.id = ANY ($1::bigint[]) ORDER BY "
                              "d.next_at, d.id",
                          {pg::array_literal(picked)});
    if (!rows) return failed<std::vector<Delivery>>(rows.error());
    std::vector<Delivery> out;
    for (int i = 0; i < rows->size(); ++i) out.push_back(read_delivery((*rows)[i]));
    return out;
  }

  Result<void> delivered(std::int64_t id, std::int64_t lease_version,
                         const std::string& now) override {
    auto rows = db_.query(
        "UPDATE notify_delivery SET state = 'delivered', delivered_at = $1, lease_until = '', "
        "last_error = '' WHERE id = $2 AND lease_version = $3 AND state = 'pending'",
        {now, id, lease_version});
    if (!rows) return failed<void>(rows.error());
    if (rows->affected() == 0) return lease_lost(id, lease_version);
    return {};
  }

  Result<void> retry(std::int64_t id, std::int64_t lease_version, const std::string& error,
                     const std::string& next_at, int max_attempts) override {
    auto rows = db_.query(
        "UPDATE notify_delivery SET last_error = $1, next_at = $2, lease_until = '', state = CASE "
        "WHEN attempts >= $3 THEN 'failed' ELSE 'pending' END WHERE id = $4 AND lease_version = "
        "$5 AND state = 'pending'",
        {error.substr(0, 1000), next_at, max_attempts, id, lease_version});
    if (!rows) return failed<void>(rows.error());
    if (rows->affected() == 0) return lease_lost(id, lease_version);
    return {};
  }

  Result<std::vector<Delivery>> deliveries(std::size_t limit) override {
    auto rows = db_.query(std::string(kDeliveryCols) + "ORDER BY d.id DESC LIMIT $1",
                          {static_cast<std::int64_t>(limit)});
    if (!rows) return failed<std::vector<Delivery>>(rows.error());
    std::vector<Delivery> out;
    for (int i = 0; i < rows->size(); ++i) out.push_back(read_delivery((*rows)[i]));
    return out;
  }

  Result<DeliveryCounts> counts() override {
    auto rows = db_.query(
        "SELECT (SELECT count(*) FROM notify_event WHERE NOT fanned_out), "
        "(SELECT count(*) FROM notify_delivery WHERE state = 'pending'), "
        "(SELECT count(*) FROM notify_delivery WHERE state = 'delivered'), "
        "(SELECT count(*) FROM notify_delivery WHERE state = 'failed')");
    if (!rows) return failed<DeliveryCounts>(rows.error());
    auto r = (*rows)[0];
    DeliveryCounts c;
    c.events_pending_fan_out = static_cast<std::size_t>(r.integer(0));
    c.pending = static_cast<std::size_t>(r.integer(1));
    c.delivered = static_cast<std::size_t>(r.integer(2));
    c.failed = static_cast<std::size_t>(r.integer(3));
    return c;
  }

 private:
  static Result<void> lease_lost(std::int64_t id, std::int64_t v) {
    return make_error(ErrorCode::kPrecondition,
                      fmt::format("delivery {} is no longer leased at version {}", id, v));
  }

  pg::Connection db_;
};

}  // namespace

namespace detail {

Result<void> migrate(pg::Connection& c) {
  return pg::migrate_component(c, pg::SchemaComponent{"notify", kSteps});
}

namespace {

Result<std::vector<Rule>> enabled_rules(pg::Connection& c) {
  auto rows = c.query(std::string(kRuleCols) + "WHERE enabled");
  if (!rows) return std::unexpected(rows.error());
  std::vector<Rule> rules;
  for (int i = 0; i < rows->size(); ++i) rules.push_back(read_rule((*rows)[i]));
  return rules;
}

}  // namespace

Result<bool> finding_events_wanted(pg::Connection& c, std::string_view product) {
  auto rules = enabled_rules(c);
  if (!rules) return std::unexpected(rules.error());
  return std::any_of(rules->begin(), rules->end(),
                     [&](const Rule& r) { return may_take_finding_events(r, product); });
}

Result<void> insert_events(pg::Connection& c, const std::vector<Event>& events) {
  if (events.empty()) return {};
  auto found = enabled_rules(c);
  if (!found) return std::unexpected(found.error());
  const std::vector<Rule>& rules = *found;
  std::vector<const Event*> kept;
  for (const Event& e : events)
    if (taken(rules, e)) kept.push_back(&e);
  // Batches of arrays unnested in one statement (one round trip per 1000 events).
  for (std::size_t from = 0; from < kept.size(); from += 1000) {
    std::array<std::vector<std::string>, 9> cols;
    for (std::size_t i = from; i < kept.size() && i < from + 1000; ++i) {
      const Event& e = *kept[i];
      for (auto [k, v] : {std::pair<int, const std::string*>{0, &e.id},
                          {1, &e.kind},
                          {2, &e.product},
                          {3, &e.release},
                          {4, &e.priority},
                          {5, &e.severity},
                          {6, &e.subject},
                          {7, &e.data},
                          {8, &e.created_at}})
        cols[k].push_back(*v);
    }
    auto r = c.query(
        "INSERT INTO notify_event (id, kind, product, release, priority, severity, subject, data, "
        "created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], "
        "$5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) ON CONFLICT (id) DO NOTHING",
        {pg::array_literal(cols[0]), pg::array_literal(cols[1]), pg::array_literal(cols[2]),
         pg::array_literal(cols[3]), pg::array_literal(cols[4]), pg::array_literal(cols[5]),
         pg::array_literal(cols[6]), pg::array_literal(cols[7]), pg::array_literal(cols[8])});
    if (!r) return std::unexpected(r.error());
  }
  return {};
}

}  // namespace detail

Result<std::unique_ptr<Store>> Store::open_postgresql(const std::string& url) {
  auto c = pg::Connection::open(url, pg::default_statement_timeout());
  if (!c) return std::unexpected(std::move(c).error());
  auto s = std::make_unique<PgNotifyStore>(std::move(*c));
  if (auto r = s->init(); !r) return std::unexpected(std::move(r).error());
  return std::unique_ptr<Store>(std::move(s));
}

}  // namespace bulwark::notify
