// SQLite implementation of portfolio::RiskStore. The history and the decisions are append-only
// and a revision's content, author and creation time are immutable, enforced by triggers (as
// the triage trail), so no code path can rewrite what was reviewed and approved.
#include <fmt/format.h>

#include <array>

#include "bulwark/core/clock.hpp"
#include "bulwark/portfolio/risk_rules.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/vulndb/migrate.hpp"
#include "bulwark/vulndb/sqlite.hpp"

namespace bulwark::portfolio {
namespace {

using detail::time_of;
using detail::time_text;
using vulndb::detail::Database;
using vulndb::detail::SchemaComponent;
using vulndb::detail::Statement;
using vulndb::detail::Transaction;

constexpr std::string_view kRiskSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS risk_revision (
  product_id  INTEGER NOT NULL,
  release     TEXT NOT NULL,
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
CREATE TRIGGER IF NOT EXISTS risk_revision_content_immutable
  BEFORE UPDATE OF product_id, release, number, author, created_at, source, content ON risk_revision
  BEGIN SELECT RAISE(ABORT, 'risk_revision content is immutable'); END;
CREATE TRIGGER IF NOT EXISTS risk_revision_no_delete BEFORE DELETE ON risk_revision
  BEGIN SELECT RAISE(ABORT, 'risk_revision rows cannot be deleted'); END;
CREATE TABLE IF NOT EXISTS risk_event (
  product_id INTEGER NOT NULL,
  release    TEXT NOT NULL,
  revision   INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (product_id, release, revision, seq)
);
CREATE TRIGGER IF NOT EXISTS risk_event_append_only_u BEFORE UPDATE ON risk_event
  BEGIN SELECT RAISE(ABORT, 'risk_event is append-only'); END;
CREATE TRIGGER IF NOT EXISTS risk_event_append_only_d BEFORE DELETE ON risk_event
  BEGIN SELECT RAISE(ABORT, 'risk_event is append-only'); END;
CREATE TABLE IF NOT EXISTS risk_decision (
  product_id INTEGER NOT NULL,
  release    TEXT NOT NULL,
  key        TEXT NOT NULL,
  decision   TEXT NOT NULL,
  actor      TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  at         TEXT NOT NULL,
  revision   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, release, key)
);
CREATE TRIGGER IF NOT EXISTS risk_decision_append_only_u BEFORE UPDATE ON risk_decision
  BEGIN SELECT RAISE(ABORT, 'risk_decision is append-only'); END;
CREATE TRIGGER IF NOT EXISTS risk_decision_append_only_d BEFORE DELETE ON risk_decision
  BEGIN SELECT RAISE(ABORT, 'risk_decision is append-only'); END;
)sql";

// Version 2: per-product risk policies (append-only versions).
constexpr std::string_view kRiskSchemaV2 = R"sql(
CREATE TABLE IF NOT EXISTS risk_policy (
  product_id INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  text       TEXT NOT NULL,
  source     TEXT NOT NULL DEFAULT '',
  set_by     TEXT NOT NULL,
  set_at     TEXT NOT NULL,
  PRIMARY KEY (product_id, version)
);
CREATE TRIGGER IF NOT EXISTS risk_policy_append_only_u BEFORE UPDATE ON risk_policy
  BEGIN SELECT RAISE(ABORT, 'risk_policy is append-only'); END;
CREATE TRIGGER IF NOT EXISTS risk_policy_append_only_d BEFORE DELETE ON risk_policy
  BEGIN SELECT RAISE(ABORT, 'risk_policy is append-only'); END;
)sql";

constexpr std::array<std::string_view, 2> kRiskMigrations = {kRiskSchemaV1, kRiskSchemaV2};

template <class T>
Result<T> fail(const Error& e) {
  return std::unexpected(e);
}

constexpr std::string_view kRevisionColumns =
    "product_id, release, number, state, author, reviewer, approver, created_at, reviewed_at, "
    "approved_at, source, content";

class SqliteRiskStore final : public RiskStore {
 public:
  explicit SqliteRiskStore(Database database) : db(std::move(database)) {}

  Result<void> init() {
    if (auto r = db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"); !r) return r;
    return vulndb::detail::migrate_component(db, SchemaComponent{"risk", kRiskMigrations, {}});
  }

  Result<void> transaction(const std::function<Result<void>()>& fn) override {
    return vulndb::detail::run_in_transaction(db, in_tx, fn);
  }

  Result<int> next_revision(std::int64_t product_id, std::string_view release) override {
    auto st = db.prepare(
        "SELECT COALESCE(MAX(number), 0) FROM risk_revision WHERE product_id = ? AND release = ?");
    if (!st) return fail<int>(st.error());
    st->bind(1, product_id).bind(2, release);
    auto row = st->step();
    if (!row) return fail<int>(row.error());
    return static_cast<int>(st->integer(0)) + 1;
  }

  Result<void> save_revision(const StoredRevision& sr) override {
    const auto& r = sr.value;
    if (auto k = detail::check_revision_keys(sr); !k) return k;
    return transaction([&]() -> Result<void> {
      auto stored = find_revision(sr.product_id, r.release, r.number);
      if (!stored) return std::unexpected(stored.error());
      if (auto u = detail::check_revision_unchanged(r, *stored); !u) return u;
      if (*stored) {
        auto up = db.prepare(
            "UPDATE risk_revision SET state = ?, reviewer = ?, approver = ?, reviewed_at = ?, "
            "approved_at = ? WHERE product_id = ? AND release = ? AND number = ?");
        if (!up) return std::unexpected(up.error());
        up->bind(1, assessment::to_string(r.state)).bind(2, r.reviewer).bind(3, r.approver);
        up->bind(4, time_text(r.reviewed_at)).bind(5, time_text(r.approved_at));
        up->bind(6, sr.product_id).bind(7, r.release).bind(8, static_cast<std::int64_t>(r.number));
        if (auto x = up->run(); !x) return std::unexpected(x.error());
      } else {
        auto in = db.prepare(fmt::format(
            "INSERT INTO risk_revision ({}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", kRevisionColumns));
        if (!in) return std::unexpected(in.error());
        in->bind(1, sr.product_id).bind(2, r.release).bind(3, static_cast<std::int64_t>(r.number));
        in->bind(4, assessment::to_string(r.state)).bind(5, r.author).bind(6, r.reviewer);
        in->bind(7, r.approver).bind(8, time_text(r.created_at)).bind(9, time_text(r.reviewed_at));
        in->bind(10, time_text(r.approved_at)).bind(11, r.source).bind(12, r.content);
        if (auto x = in->run(); !x) return std::unexpected(x.error());
      }
      auto ev = events_of(sr.product_id, r.release, r.number);
      if (!ev) return std::unexpected(ev.error());
      if (auto p = detail::check_history_prefix(r, *ev); !p) return p;
      auto add = db.prepare(
          "INSERT INTO risk_event (product_id, release, revision, seq, at, actor, action, detail) "
          "VALUES (?,?,?,?,?,?,?,?)");
      if (!add) return std::unexpected(add.error());
      for (std::size_t i = ev->size(); i < r.history.size(); ++i) {
        const auto& e = r.history[i];
        add->reset().bind(1, sr.product_id).bind(2, r.release);
        add->bind(3, static_cast<std::int64_t>(r.number)).bind(4, static_cast<std::int64_t>(i));
        add->bind(5, format_rfc3339(e.time)).bind(6, e.actor).bind(7, e.action).bind(8, e.detail);
        if (auto x = add->run(); !x) return std::unexpected(x.error());
      }
      return {};
    });
  }

  Result<std::optional<StoredRevision>> find_revision(std::int64_t product_id,
                                                      std::string_view release,
                                                      int number) override {
    auto list = select(product_id, release, number);
    if (!list) return fail<std::optional<StoredRevision>>(list.error());
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
    return transaction([&]() -> Result<void> {
      auto existing = decisions(d.product_id, d.release);
      if (!existing) return std::unexpected(existing.error());
      for (const auto& x : *existing)
        if (x.key == d.key) return std::unexpected(detail::already_decided(d, x));
      auto st = db.prepare(
          "INSERT INTO risk_decision (product_id, release, key, decision, actor, reason, at, "
          "revision) VALUES (?,?,?,?,?,?,?,?)");
      if (!st) return std::unexpected(st.error());
      st->bind(1, d.product_id).bind(2, d.release).bind(3, d.key).bind(4, d.decision);
      st->bind(5, d.actor).bind(6, d.reason).bind(7, d.at);
      st->bind(8, static_cast<std::int64_t>(d.revision));
      if (auto x = st->run(); !x) return std::unexpected(x.error());
      return {};
    });
  }

  Result<std::vector<ProposalDecision>> decisions(std::int64_t product_id,
                                                  std::string_view release) override {
    auto st = db.prepare(
        "SELECT release, key, decision, actor, reason, at, revision FROM risk_decision WHERE "
        "product_id = ? AND (? = '' OR release = ?) ORDER BY release, key");
    if (!st) return fail<std::vector<ProposalDecision>>(st.error());
    st->bind(1, product_id).bind(2, release).bind(3, release);
    std::vector<ProposalDecision> out;
    for (;;) {
      auto row = st->step();
      if (!row) return fail<std::vector<ProposalDecision>>(row.error());
      if (!*row) break;
      out.push_back({product_id, std::string(st->text(0)), std::string(st->text(1)),
                     std::string(st->text(2)), std::string(st->text(3)), std::string(st->text(4)),
                     std::string(st->text(5)), static_cast<int>(st->integer(6))});
    }
    return out;
  }

  Result<void> save_policy(const StoredPolicy& p) override {
    if (auto k = detail::check_policy_keys(p); !k) return k;
    return transaction([&]() -> Result<void> {
      auto existing = policies(p.product_id);
      if (!existing) return std::unexpected(existing.error());
      for (const auto& x : *existing)
        if (x.version == p.version) return std::unexpected(detail::policy_version_exists(p));
      auto st = db.prepare(
          "INSERT INTO risk_policy (product_id, version, text, source, set_by, set_at) VALUES "
          "(?,?,?,?,?,?)");
      if (!st) return std::unexpected(st.error());
      st->bind(1, p.product_id).bind(2, static_cast<std::int64_t>(p.version)).bind(3, p.text);
      st->bind(4, p.source).bind(5, p.set_by).bind(6, p.set_at);
      if (auto x = st->run(); !x) return std::unexpected(x.error());
      return {};
    });
  }

  Result<std::vector<StoredPolicy>> policies(std::int64_t product_id) override {
    auto st = db.prepare(
        "SELECT version, text, source, set_by, set_at FROM risk_policy WHERE product_id = ? "
        "ORDER BY version");
    if (!st) return fail<std::vector<StoredPolicy>>(st.error());
    st->bind(1, product_id);
    std::vector<StoredPolicy> out;
    for (;;) {
      auto row = st->step();
      if (!row) return fail<std::vector<StoredPolicy>>(row.error());
      if (!*row) break;
      out.push_back({product_id, static_cast<int>(st->integer(0)), std::string(st->text(1)),
                     std::string(st->text(2)), std::string(st->text(3)), std::string(st->text(4))});
    }
    return out;
  }

 private:
  Result<std::vector<StoredRevision>> select(std::int64_t product_id, std::string_view release,
                                             int number) {
    auto st = db.prepare(fmt::format(
        "SELECT {} FROM risk_revision WHERE product_id = ? AND (? = '' OR release = ?) AND "
        "(? = 0 OR number = ?) ORDER BY release, number",
        kRevisionColumns));
    if (!st) return fail<std::vector<StoredRevision>>(st.error());
    st->bind(1, product_id).bind(2, release).bind(3, release);
    st->bind(4, static_cast<std::int64_t>(number)).bind(5, static_cast<std::int64_t>(number));
    std::vector<StoredRevision> out;
    for (;;) {
      auto row = st->step();
      if (!row) return fail<std::vector<StoredRevision>>(row.error());
      if (!*row) break;
      StoredRevision sr;
      sr.product_id = st->integer(0);
      auto& r = sr.value;
      r.release = st->text(1);
      r.number = static_cast<int>(st->integer(2));
      auto state = assessment::review_state_from_string(st->text(3));
      if (!state)
        return invalid_input(fmt::format("risk_revision: unknown state '{}'", st->text(3)));
      r.state = *state;
      r.author = st->text(4);
      r.reviewer = st->text(5);
      r.approver = st->text(6);
      for (auto [col, field] : {std::pair{7, &r.created_at}, std::pair{8, &r.reviewed_at},
                                std::pair{9, &r.approved_at}}) {
        auto t = time_of(st->text(col));
        if (!t) return fail<std::vector<StoredRevision>>(t.error());
        *field = *t;
      }
      r.source = st->text(10);
      r.content = st->text(11);
      out.push_back(std::move(sr));
    }
    for (auto& sr : out) {
      auto ev = events_of(product_id, sr.value.release, sr.value.number);
      if (!ev) return fail<std::vector<StoredRevision>>(ev.error());
      for (auto& e : *ev) sr.value.history.push_back(std::move(e.event));
    }
    return out;
  }

  Result<std::vector<RiskEvent>> events_of(std::int64_t product_id, std::string_view release,
                                           int number) {
    auto st = db.prepare(
        "SELECT release, revision, seq, at, actor, action, detail FROM risk_event WHERE "
        "product_id = ? AND (? = '' OR release = ?) AND (? = 0 OR revision = ?) "
        "ORDER BY release, revision, seq");
    if (!st) return fail<std::vector<RiskEvent>>(st.error());
    st->bind(1, product_id).bind(2, release).bind(3, release);
    st->bind(4, static_cast<std::int64_t>(number)).bind(5, static_cast<std::int64_t>(number));
    std::vector<RiskEvent> out;
    for (;;) {
      auto row = st->step();
      if (!row) return fail<std::vector<RiskEvent>>(row.error());
      if (!*row) break;
      auto at = parse_rfc3339(st->text(3));
      if (!at)
        return fail<std::vector<RiskEvent>>(std::move(at.error()).with_context("risk_event.at"));
      out.push_back(RiskEvent{
          product_id, std::string(st->text(0)), static_cast<int>(st->integer(1)), st->integer(2),
          assessment::ReviewEvent{*at, std::string(st->text(4)), std::string(st->text(5)),
                                  std::string(st->text(6))}});
    }
    return out;
  }

  Database db;
  bool in_tx = false;
};

}  // namespace

Result<std::unique_ptr<RiskStore>> RiskStore::open_sqlite(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return std::unexpected(db.error());
  auto store = std::make_unique<SqliteRiskStore>(std::move(*db));
  if (auto r = store->init(); !r) return std::unexpected(r.error());
  return std::unique_ptr<RiskStore>(std::move(store));
}

}  // namespace bulwark::portfolio
