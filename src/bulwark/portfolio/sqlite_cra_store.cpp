// SQLite implementation of portfolio::CraStore. The audit table is append-only, enforced by
// triggers (as the portfolio's analysis_history), so no code path can rewrite a case's history.
// The schema is component "cra" of the shared migration mechanism (vulndb/migrate.hpp); files
// written before it (cra_case present, no schema_migrations row) are at version 1.
#include <fmt/format.h>

#include <array>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/cra/case_json.hpp"
#include "bulwark/portfolio/cra_rules.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/vulndb/migrate.hpp"
#include "bulwark/vulndb/sqlite.hpp"

namespace bulwark::portfolio {
namespace {

using detail::split_words;
using vulndb::detail::Database;
using vulndb::detail::SchemaComponent;
using vulndb::detail::Statement;
using vulndb::detail::Transaction;

// Version 0 -> 1: the tables as first shipped.
constexpr std::string_view kCraSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS cra_case (
  id         TEXT PRIMARY KEY,
  product_id INTEGER NOT NULL,
  status     TEXT NOT NULL,
  json       TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT '{}',
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cra_case_product ON cra_case(product_id);
CREATE TABLE IF NOT EXISTS cra_case_event (
  case_id TEXT NOT NULL,
  seq     INTEGER NOT NULL,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  detail  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, seq)
);
CREATE TRIGGER IF NOT EXISTS cra_case_event_append_only_u BEFORE UPDATE ON cra_case_event
  BEGIN SELECT RAISE(ABORT, 'cra_case_event is append-only'); END;
CREATE TRIGGER IF NOT EXISTS cra_case_event_append_only_d BEFORE DELETE ON cra_case_event
  BEGIN SELECT RAISE(ABORT, 'cra_case_event is append-only'); END;
CREATE TABLE IF NOT EXISTS cra_checklist (
  product_id INTEGER PRIMARY KEY,
  json       TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cra_product (
  product_id                  INTEGER PRIMARY KEY,
  category_item               TEXT NOT NULL DEFAULT '',
  harmonised_standard_applied INTEGER NOT NULL DEFAULT 0,
  member_states               TEXT NOT NULL DEFAULT '',
  cvd_policy_url              TEXT NOT NULL DEFAULT '',
  manufacturer_address        TEXT NOT NULL DEFAULT '',
  updated_at                  TEXT NOT NULL DEFAULT ''
);
)sql";

constexpr std::array<std::string_view, 1> kCraMigrations = {kCraSchemaV1};

// Before the shared mechanism the CRA tables were created on open without bookkeeping.
Result<int> legacy_version(Database& db) {
  auto st =
      db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'cra_case'");
  if (!st) return std::unexpected(st.error());
  auto row = st->step();
  if (!row) return std::unexpected(row.error());
  return st->integer(0) != 0 ? 1 : 0;
}

template <class T>
Result<T> fail(const Error& e) {
  return std::unexpected(e);
}

class SqliteCraStore final : public CraStore {
 public:
  explicit SqliteCraStore(Database database) : db(std::move(database)) {}

  Result<void> init() {
    if (auto r = db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"); !r) return r;
    return vulndb::detail::migrate_component(
        db, SchemaComponent{"cra", kCraMigrations, legacy_version});
  }

 private:
  Result<std::vector<detail::StoredEventKey>> stored_trail(std::string_view case_id) {
    using R = std::vector<detail::StoredEventKey>;
    auto st =
        db.prepare("SELECT seq, action, at FROM cra_case_event WHERE case_id = ? ORDER BY seq");
    if (!st) return fail<R>(st.error());
    st->bind(1, case_id);
    R out;
    for (;;) {
      auto row = st->step();
      if (!row) return fail<R>(row.error());
      if (!*row) break;
      out.push_back({static_cast<std::size_t>(st->integer(0)), std::string(st->text(1)),
                     std::string(st->text(2))});
    }
    return out;
  }

  Result<void> write_case(const StoredCase& sc) {
    const cra::Case& c = sc.value;
    if (auto k = detail::check_case_keys(c, sc.product_id); !k) return k;
    auto trail = stored_trail(c.id);
    if (!trail) return std::unexpected(trail.error());
    if (auto p = detail::check_trail_prefix(c, *trail); !p) return p;
    const auto stored = static_cast<std::int64_t>(trail->size());
    auto st = db.prepare(
        "INSERT OR REPLACE INTO cra_case (id, product_id, status, json, detail, updated_at) VALUES "
        "(?,?,?,?,?,?)");
    if (!st) return std::unexpected(st.error());
    st->bind(1, c.id)
        .bind(2, sc.product_id)
        .bind(3, cra::to_string(c.status))
        .bind(4, cra::case_to_json(c));
    st->bind(5, sc.detail.empty() ? std::string("{}") : sc.detail).bind(6, sc.updated_at);
    if (auto r = st->run(); !r) return std::unexpected(r.error());
    auto ev = db.prepare(
        "INSERT INTO cra_case_event (case_id, seq, at, actor, action, detail) VALUES "
        "(?,?,?,?,?,?)");
    if (!ev) return std::unexpected(ev.error());
    for (auto i = static_cast<std::size_t>(stored); i < c.audit.size(); ++i) {
      const auto& e = c.audit[i];
      ev->reset()
          .bind(1, c.id)
          .bind(2, static_cast<std::int64_t>(i))
          .bind(3, format_rfc3339(e.time));
      ev->bind(4, e.actor).bind(5, e.action).bind(6, e.detail);
      if (auto r = ev->run(); !r) return std::unexpected(r.error());
    }
    return {};
  }

 public:
  Result<void> transaction(const std::function<Result<void>()>& fn) override {
    return vulndb::detail::run_in_transaction(db, in_tx, fn);
  }

  Result<std::string> next_case_id(std::string_view year) override {
    const std::string prefix = detail::case_id_prefix(year);
    auto st = db.prepare("SELECT id FROM cra_case WHERE id LIKE ? ORDER BY id");
    if (!st) return fail<std::string>(st.error());
    st->bind(1, prefix + "%");
    std::vector<std::string> ids;
    for (;;) {
      auto row = st->step();
      if (!row) return fail<std::string>(row.error());
      if (!*row) break;
      ids.emplace_back(st->text(0));
    }
    return detail::next_case_id_after(prefix, ids);
  }

  Result<void> save_case(const StoredCase& c) override {
    return transaction([&] { return write_case(c); });
  }

  Result<std::optional<StoredCase>> find_case(std::string_view id) override {
    auto st =
        db.prepare("SELECT id, json, product_id, detail, updated_at FROM cra_case WHERE id = ?");
    if (!st) return fail<std::optional<StoredCase>>(st.error());
    st->bind(1, id);
    auto row = st->step();
    if (!row) return fail<std::optional<StoredCase>>(row.error());
    if (!*row) return std::optional<StoredCase>{};
    auto c = detail::read_case(*st);
    if (!c) return fail<std::optional<StoredCase>>(c.error());
    return std::optional<StoredCase>(std::move(*c));
  }

  Result<std::vector<StoredCase>> cases(std::int64_t product_id) override {
    auto st = db.prepare(
        "SELECT id, json, product_id, detail, updated_at FROM cra_case WHERE ? = 0 OR product_id = "
        "? ORDER BY id");
    if (!st) return fail<std::vector<StoredCase>>(st.error());
    st->bind(1, product_id).bind(2, product_id);
    std::vector<StoredCase> out;
    for (;;) {
      auto row = st->step();
      if (!row) return fail<std::vector<StoredCase>>(row.error());
      if (!*row) break;
      auto c = detail::read_case(*st);
      if (!c) return fail<std::vector<StoredCase>>(c.error());
      out.push_back(std::move(*c));
    }
    return out;
  }

  Result<std::vector<CaseEvent>> events(std::string_view case_id) override {
    auto st = db.prepare(
        "SELECT seq, at, actor, action, detail FROM cra_case_event WHERE case_id = ? ORDER BY seq");
    if (!st) return fail<std::vector<CaseEvent>>(st.error());
    st->bind(1, case_id);
    std::vector<CaseEvent> out;
    for (;;) {
      auto row = st->step();
      if (!row) return fail<std::vector<CaseEvent>>(row.error());
      if (!*row) break;
      auto at = parse_rfc3339(st->text(1));
      if (!at)
        return fail<std::vector<CaseEvent>>(
            std::move(at.error()).with_context("cra_case_event.at"));
      out.push_back(CaseEvent{std::string(case_id), st->integer(0),
                              cra::AuditEvent{*at, std::string(st->text(2)),
                                              std::string(st->text(3)), std::string(st->text(4))}});
    }
    return out;
  }

  Result<std::vector<cra::ChecklistItem>> checklist(std::int64_t product_id) override {
    auto st = db.prepare("SELECT json FROM cra_checklist WHERE product_id = ?");
    if (!st) return fail<std::vector<cra::ChecklistItem>>(st.error());
    st->bind(1, product_id);
    auto row = st->step();
    if (!row) return fail<std::vector<cra::ChecklistItem>>(row.error());
    if (!*row) return std::vector<cra::ChecklistItem>{};
    auto items = checklist_from_json(st->text(0));
    if (!items)
      return fail<std::vector<cra::ChecklistItem>>(
          std::move(items.error()).with_context("cra_checklist"));
    return items;
  }

  Result<void> write_checklist(std::int64_t product_id,
                               const std::vector<cra::ChecklistItem>& items,
                               const std::string& now) override {
    return transaction([&]() -> Result<void> {
      auto st = db.prepare(
          "INSERT OR REPLACE INTO cra_checklist (product_id, json, updated_at) VALUES (?,?,?)");
      if (!st) return std::unexpected(st.error());
      st->bind(1, product_id).bind(2, checklist_to_json(items)).bind(3, now);
      if (auto r = st->run(); !r) return std::unexpected(r.error());
      return {};
    });
  }

  Result<std::optional<CraProduct>> product(std::int64_t product_id) override {
    auto st = db.prepare(
        "SELECT category_item, harmonised_standard_applied, member_states, cvd_policy_url, "
        "manufacturer_address, updated_at "
        "FROM cra_product WHERE product_id = ?");
    if (!st) return fail<std::optional<CraProduct>>(st.error());
    st->bind(1, product_id);
    auto row = st->step();
    if (!row) return fail<std::optional<CraProduct>>(row.error());
    if (!*row) return std::optional<CraProduct>{};
    CraProduct p;
    p.product_id = product_id;
    p.category_item = st->text(0);
    p.harmonised_standard_applied = st->integer(1) != 0;
    p.member_states = split_words(st->text(2));
    p.cvd_policy_url = st->text(3);
    p.manufacturer_address = st->text(4);
    p.updated_at = st->text(5);
    return std::optional<CraProduct>(std::move(p));
  }

  Result<void> save_product(const CraProduct& p) override {
    if (p.product_id <= 0) return invalid_input("cra_product: no product");
    return transaction([&]() -> Result<void> {
      auto st = db.prepare(
          "INSERT OR REPLACE INTO cra_product (product_id, category_item, "
          "harmonised_standard_applied, member_states, "
          "cvd_policy_url, manufacturer_address, updated_at) VALUES (?,?,?,?,?,?,?)");
      if (!st) return std::unexpected(st.error());
      st->bind(1, p.product_id)
          .bind(2, p.category_item)
          .bind(3, static_cast<std::int64_t>(p.harmonised_standard_applied));
      st->bind(4, join(p.member_states, " "))
          .bind(5, p.cvd_policy_url)
          .bind(6, p.manufacturer_address)
          .bind(7, p.updated_at);
      if (auto r = st->run(); !r) return std::unexpected(r.error());
      return {};
    });
  }

 private:
  Database db;
  bool in_tx = false;
};

}  // namespace

Result<std::unique_ptr<CraStore>> CraStore::open_sqlite(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return std::unexpected(db.error());
  auto store = std::make_unique<SqliteCraStore>(std::move(*db));
  if (auto r = store->init(); !r) return std::unexpected(r.error());
  return std::unique_ptr<CraStore>(std::move(store));
}

}  // namespace bulwark::portfolio
