// PostgreSQL implementation of portfolio::RiskStore (issue 16): the tables of
// sqlite_risk_store.cpp and the rules of risk_rules.hpp. The database itself keeps what was
// reviewed and approved: triggers refuse changes to a revision's content, author, creation time,
// source or key columns, deleting revisions, and any UPDATE, DELETE or TRUNCATE of the history
// and the decisions. A revision is saved under a row lock (or, for a new one, the primary key
// decides), so concurrent servers cannot both extend one history. Component "risk" of the
// PostgreSQL migrations (pg/migrate.hpp).
#include <fmt/format.h>

#include <array>

#include "bulwark/pg/migrate.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/portfolio/risk_rules.hpp"
#include "bulwark/portfolio/risk_store.hpp"

namespace bulwark::portfolio {
namespace {

constexpr std::string_view kRiskSchemaV1 = R"sql(
CREATE TABLE risk_revision (
  product_id  BIGINT NOT NULL,
  release     TEXT COLLATE "C" NOT NULL,
  number      INTEGER NOT NULL,
  state       TEXT NOT NULL,
  author      TEXT NOT NULL,
  reviewer    TEXT NOT NULL DEFAULT '',
  approver    TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  reviewed_at TEXT NOT NULL DEFAULT '',
  approved_at TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL DEFAULT '',
  content     TEXT NOT NULL,
  PRIMARY KEY (product_id, release, number)
);
CREATE FUNCTION risk_revision_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'risk_revision rows cannot be deleted';
  END IF;
  IF (NEW.product_id, NEW.release, NEW.number, NEW.author, NEW.created_at, NEW.source,
      NEW.content) IS DISTINCT FROM (OLD.product_id, OLD.release, OLD.number, OLD.author,
      OLD.created_at, OLD.source, OLD.content) THEN
    RAISE EXCEPTION 'risk_revision content is immutable';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER risk_revision_guard BEFORE UPDATE OR DELETE ON risk_revision
  FOR EACH ROW EXECUTE FUNCTION risk_revision_guard();
CREATE TRIGGER risk_revision_guard_truncate BEFORE TRUNCATE ON risk_revision
  FOR EACH STATEMENT EXECUTE FUNCTION risk_revision_guard();
CREATE TABLE risk_event (
  product_id BIGINT NOT NULL,
  release    TEXT COLLATE "C" NOT NULL,
  revision   INTEGER NOT NULL,
  seq        BIGINT NOT NULL,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (product_id, release, revision, seq)
);
CREATE TABLE risk_decision (
  product_id BIGINT NOT NULL,
  release    TEXT COLLATE "C" NOT NULL,
  key        TEXT COLLATE "C" NOT NULL,
  decision   TEXT NOT NULL,
  actor      TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  at         TEXT NOT NULL,
  revision   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, release, key)
);
CREATE FUNCTION risk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER risk_event_append_only BEFORE UPDATE OR DELETE ON risk_event
  FOR EACH ROW EXECUTE FUNCTION risk_append_only();
CREATE TRIGGER risk_event_append_only_truncate BEFORE TRUNCATE ON risk_event
  FOR EACH STATEMENT EXECUTE FUNCTION risk_append_only();
CREATE TRIGGER risk_decision_append_only BEFORE UPDATE OR DELETE ON risk_decision
  FOR EACH ROW EXECUTE FUNCTION risk_append_only();
CREATE TRIGGER risk_decision_append_only_truncate BEFORE TRUNCATE ON risk_decision
  FOR EACH STATEMENT EXECUTE FUNCTION risk_append_only();
)sql";

// Version 2: per-product risk policies (append-only versions).
constexpr std::string_view kRiskSchemaV2 = R"sql(
CREATE TABLE risk_policy (
  product_id BIGINT NOT NULL,
  version    INTEGER NOT NULL,
  text       TEXT NOT NULL,
  source     TEXT NOT NULL DEFAULT '',
  set_by     TEXT NOT NULL,
  set_at     TEXT NOT NULL,
  PRIMARY KEY (product_id, version)
);
CREATE TRIGGER risk_policy_append_only BEFORE UPDATE OR DELETE ON risk_policy
  FOR EACH ROW EXECUTE FUNCTION risk_append_only();
CREATE TRIGGER risk_policy_append_only_truncate BEFORE TRUNCATE ON risk_policy
  FOR EACH STATEMENT EXECUTE FUNCTION risk_append_only();
)sql";

constexpr std::array<std::string_view, 2> kRiskMigrations = {kRiskSchemaV1, kRiskSchemaV2};

using detail::time_of;
using detail::time_text;

template <class T>
Result<T> failed(Error e) {
  return std::unexpected(std::move(e));
}

constexpr std::string_view kRevisionColumns =
    "product_id, release, number, state, author, reviewer, approver, created_at, reviewed_at, "
    "approved_at, source, content";

class PgRiskStore final : public RiskStore {
 public:
  explicit PgRiskStore(pg::Connection c) : db_(std::move(c)) {}

  Result<void> init() {
    return pg::migrate_component(db_, pg::SchemaComponent{"risk", kRiskMigrations});
  }

  Result<void> transaction(const std::function<Result<void>()>& fn) override {
    return pg::run_in_transaction(db_, in_tx_, fn);
  }

  Result<int> next_revision(std::int64_t product_id, std::string_view release) override {
    auto n = db_.scalar(
        "SELECT COALESCE(max(number), 0) FROM risk_revision WHERE product_id = $1 AND release = "
        "$2",
        {product_id, release});
    if (!n) return failed<int>(n.error());
    return static_cast<int>(*n) + 1;
  }

  Result<void> save_revision(const StoredRevision& sr) override {
    const auto& r = sr.value;
    if (auto k = detail::check_revision_keys(sr); !k) return k;
    return transaction([&]() -> Result<void> {
      auto lock = db_.query(
          "SELECT 1 FROM risk_revision WHERE product_id = $1 AND release = $2 AND number = $3 "
          "FOR UPDATE",
          {sr.product_id, r.release, r.number});
      if (!lock) return failed<void>(lock.error());
      auto stored = find_revision(sr.product_id, r.release, r.number);
      if (!stored) return failed<void>(stored.error());
      if (auto u = detail::check_revision_unchanged(r, *stored); !u) return u;
      auto ev = events_of(sr.product_id, r.release, r.number);
      if (!ev) return failed<void>(ev.error());
      if (auto p = detail::check_history_prefix(r, *ev); !p) return p;
      auto up = db_.query(
          fmt::format("INSERT INTO risk_revision ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                      "$10, $11, $12) ON CONFLICT (product_id, release, number) DO UPDATE SET "
                      "state = excluded.state, reviewer = excluded.reviewer, approver = "
                      "excluded.approver, reviewed_at = excluded.reviewed_at, approved_at = "
                      "excluded.approved_at",
                      kRevisionColumns),
          {sr.product_id, r.release, r.number, assessment::to_string(r.state), r.author, r.reviewer,
           r.approver, time_text(r.created_at), time_text(r.reviewed_at), time_text(r.approved_at),
           r.source, r.content});
      if (!up) return failed<void>(up.error());
      std::vector<std::int64_t> seqs;
      std::vector<std::string> ats, actors, actions, details;
      for (std::size_t i = ev->size(); i < r.history.size(); ++i) {
        const auto& e = r.history[i];
        seqs.push_back(static_cast<std::int64_t>(i));
        ats.push_back(format_rfc3339(e.time));
        actors.push_back(e.actor);
        actions.push_back(e.action);
        details.push_back(e.detail);
      }
      if (seqs.empty()) return {};
      auto add = db_.query(
          "INSERT INTO risk_event (product_id, release, revision, seq, at, actor, action, "
          "detail) SELECT $1, $2, $3, u.* FROM unnest($4::bigint[], $5::text[], $6::text[], "
          "$7::text[], $8::text[]) AS u",
          {sr.product_id, r.release, r.number, pg::array_literal(seqs), pg::array_literal(ats),
           pg::array_literal(actors), pg::array_literal(actions), pg::array_literal(details)});
      if (!add) return failed<void>(add.error());
      return {};
    });
  }

  Result<std::optional<StoredRevision>> find_revision(std::int64_t product_id,
                                                      std::string_view release,
                                                      int number) override {
    auto list = select(product_id, release, number);
    if (!list) return failed<std::optional<StoredRevision>>(list.error());
    if (list->empty()) return std::optional<StoredRevision>{};
    return std::optional<StoredRevision>(std::move(list->front()));
  }

  Result<std::vector<StoredRevision>> revisions(std::int64_t product_id,
                                                std::string_view release) override {
    return select(product_id, release, 0);
  }

  Result<std::vector<RiskEvent>> history(std::int64_t product_id,
                                         std::string_view release) override {
    return events_of(product_id, release, 0);
  }

  Result<void> save_decision(const ProposalDecision& d) override {
    if (auto c = detail::check_decision(d); !c) return c;
    auto rows = db_.query(
        "INSERT INTO risk_decision (product_id, release, key, decision, actor, reason, at, "
        "revision) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        {d.product_id, d.release, d.key, d.decision, d.actor, d.reason, d.at, d.revision});
    if (!rows) return failed<void>(rows.error());
    if (rows->affected() == 1) return {};
    auto existing = decisions(d.product_id, d.release);
    if (!existing) return failed<void>(existing.error());
    for (const auto& x : *existing)
      if (x.key == d.key) return failed<void>(detail::already_decided(d, x));
    return db_error(
        fmt::format("proposal {} for {}: the decision was not stored", d.key, d.release));
  }

  Result<std::vector<ProposalDecision>> decisions(std::int64_t product_id,
                                                  std::string_view release) override {
    using R = std::vector<ProposalDecision>;
    auto rows = db_.query(
        "SELECT release, key, decision, actor, reason, at, revision FROM risk_decision WHERE "
        "product_id = $1 AND ($2 = '' OR release = $2) ORDER BY release, key",
        {product_id, release});
    if (!rows) return failed<R>(rows.error());
    R out;
    for (int i = 0; i < rows->size(); ++i)
      out.push_back({product_id, std::string(rows->text(i, 0)), std::string(rows->text(i, 1)),
                     std::string(rows->text(i, 2)), std::string(rows->text(i, 3)),
                     std::string(rows->text(i, 4)), std::string(rows->text(i, 5)),
                     static_cast<int>(rows->integer(i, 6))});
    return out;
  }

  Result<void> save_policy(const StoredPolicy& p) override {
    if (auto k = detail::check_policy_keys(p); !k) return k;
    auto rows = db_.query(
        "INSERT INTO risk_policy (product_id, version, text, source, set_by, set_at) VALUES ($1, "
        "$2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        {p.product_id, p.version, p.text, p.source, p.set_by, p.set_at});
    if (!rows) return failed<void>(rows.error());
    if (rows->affected() == 1) return {};
    return failed<void>(detail::policy_version_exists(p));
  }

  Result<std::vector<StoredPolicy>> policies(std::int64_t product_id) override {
    using R = std::vector<StoredPolicy>;
    auto rows = db_.query(
        "SELECT version, text, source, set_by, set_at FROM risk_policy WHERE product_id = $1 "
        "ORDER BY version",
        {product_id});
    if (!rows) return failed<R>(rows.error());
    R out;
    for (int i = 0; i < rows->size(); ++i)
      out.push_back({product_id, static_cast<int>(rows->integer(i, 0)),
                     std::string(rows->text(i, 1)), std::string(rows->text(i, 2)),
                     std::string(rows->text(i, 3)), std::string(rows->text(i, 4))});
    return out;
  }

 private:
  Result<std::vector<StoredRevision>> select(std::int64_t product_id, std::string_view release,
                                             int number) {
    using R = std::vector<StoredRevision>;
    auto rows = db_.query(
        fmt::format("SELECT {} FROM risk_revision WHERE product_id = $1 AND ($2 = '' OR release "
                    "= $2) AND ($3 = 0 OR number = $3) ORDER BY release, number",
                    kRevisionColumns),
        {product_id, release, number});
    if (!rows) return failed<R>(rows.error());
    R out;
    for (int i = 0; i < rows->size(); ++i) {
      const auto row = (*rows)[i];
      StoredRevision sr;
      sr.product_id = row.integer(0);
      auto& r = sr.value;
      r.release = row.text(1);
      r.number = static_cast<int>(row.integer(2));
      auto state = assessment::review_state_from_string(row.text(3));
      if (!state)
        return invalid_input(fmt::format("risk_revision: unknown state '{}'", row.text(3)));
      r.state = *state;
      r.author = row.text(4);
      r.reviewer = row.text(5);
      r.approver = row.text(6);
      for (auto [col, field] : {std::pair{7, &r.created_at}, std::pair{8, &r.reviewed_at},
                                std::pair{9, &r.approved_at}}) {
        auto t = time_of(row.text(col));
        if (!t) return failed<R>(t.error());
        *field = *t;
      }
      r.source = row.text(10);
      r.content = row.text(11);
      out.push_back(std::move(sr));
    }
    // Every revision's history in one query, laid onto the revisions.
    auto ev = events_of(product_id, release, number);
    if (!ev) return failed<R>(ev.error());
    for (auto& sr : out)
      for (auto& e : *ev)
        if (e.release == sr.value.release && e.revision == sr.value.number)
          sr.value.history.push_back(e.event);
    return out;
  }

  Result<std::vector<RiskEvent>> events_of(std::int64_t product_id, std::string_view release,
                                           int number) {
    using R = std::vector<RiskEvent>;
    auto rows = db_.query(
        "SELECT release, revision, seq, at, actor, action, detail FROM risk_event WHERE "
        "product_id = $1 AND ($2 = '' OR release = $2) AND ($3 = 0 OR revision = $3) ORDER BY "
        "release, revision, seq",
        {product_id, release, number});
    if (!rows) return failed<R>(rows.error());
    R out;
    for (int i = 0; i < rows->size(); ++i) {
      auto at = parse_rfc3339(rows->text(i, 3));
      if (!at) return failed<R>(std::move(at.error()).with_context("risk_event.at"));
      out.push_back(RiskEvent{
          product_id, std::string(rows->text(i, 0)), static_cast<int>(rows->integer(i, 1)),
          rows->integer(i, 2),
          assessment::ReviewEvent{*at, std::string(rows->text(i, 4)), std::string(rows->text(i, 5)),
                                  std::string(rows->text(i, 6))}});
    }
    return out;
  }

  pg::Connection db_;
  bool in_tx_ = false;
};

}  // namespace

Result<std::unique_ptr<RiskStore>> RiskStore::open_postgresql(const std::string& url) {
  return pg::open_store<PgRiskStore, RiskStore>(url);
}

}  // namespace bulwark::portfolio
