// PostgreSQL implementation of portfolio::CraStore (issue 16): the tables of sqlite_cra_store.cpp
// and the rules of cra_rules.hpp. A case is written under a row lock of its stored trail's case
// (SELECT ... FOR UPDATE on cra_case, taken before the trail is compared), so two servers saving
// the same case cannot both append; the audit table is append-only through a trigger (UPDATE,
// DELETE, TRUNCATE refused). Component "cra" of the PostgreSQL migrations (pg/migrate.hpp).
#include <fmt/format.h>

#include <array>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/cra/case_json.hpp"
#include "bulwark/pg/migrate.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/portfolio/cra_rules.hpp"
#include "bulwark/portfolio/cra_store.hpp"

namespace bulwark::portfolio {
namespace {

constexpr std::string_view kCraSchemaV1 = R"sql(
CREATE TABLE cra_case (
  id         TEXT COLLATE "C" PRIMARY KEY,
  product_id BIGINT NOT NULL,
  status     TEXT NOT NULL,
  json       TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT '{}',
  updated_at TEXT NOT NULL
);
CREATE INDEX cra_case_product ON cra_case (product_id);
CREATE TABLE cra_case_event (
  case_id TEXT COLLATE "C" NOT NULL,
  seq     BIGINT NOT NULL,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  detail  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, seq)
);
CREATE FUNCTION cra_case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cra_case_event is append-only';
END $$;
CREATE TRIGGER cra_case_event_append_only BEFORE UPDATE OR DELETE ON cra_case_event
  FOR EACH ROW EXECUTE FUNCTION cra_case_event_append_only();
CREATE TRIGGER cra_case_event_append_only_truncate BEFORE TRUNCATE ON cra_case_event
  FOR EACH STATEMENT EXECUTE FUNCTION cra_case_event_append_only();
CREATE TABLE cra_checklist (
  product_id BIGINT PRIMARY KEY,
  json       TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE cra_product (
  product_id                  BIGINT PRIMARY KEY,
  category_item               TEXT NOT NULL DEFAULT '',
  harmonised_standard_applied BOOLEAN NOT NULL DEFAULT false,
  member_states               TEXT NOT NULL DEFAULT '',
  cvd_policy_url              TEXT NOT NULL DEFAULT '',
  manufacturer_address        TEXT NOT NULL DEFAULT '',
  updated_at                  TEXT NOT NULL DEFAULT ''
);
)sql";

constexpr std::array<std::string_view, 1> kCraMigrations = {kCraSchemaV1};

using Row = pg::Rows::Row;

template <class T>
Result<T> failed(Error e) {
  return std::unexpected(std::move(e));
}

constexpr std::string_view kCaseSelect =
    "SELECT id, json, product_id, detail, updated_at FROM cra_case ";

Result<std::vector<StoredCase>> read_cases(Result<pg::Rows> rows) {
  if (!rows) return failed<std::vector<StoredCase>>(std::move(rows).error());
  std::vector<StoredCase> out;
  for (int i = 0; i < rows->size(); ++i) {
    auto c = detail::read_case((*rows)[i]);
    if (!c) return failed<std::vector<StoredCase>>(std::move(c).error());
    out.push_back(std::move(*c));
  }
  return out;
}

class PgCraStore final : public CraStore {
 public:
  explicit PgCraStore(pg::Connection c) : db_(std::move(c)) {}

  Result<void> init() {
    return pg::migrate_component(db_, pg::SchemaComponent{"cra", kCraMigrations});
  }

  Result<void> transaction(const std::function<Result<void>()>& fn) override {
    return pg::run_in_transaction(db_, in_tx_, fn);
  }

  Result<std::string> next_case_id(std::string_view year) override {
    const std::string prefix = detail::case_id_prefix(year);
    auto rows = db_.query("SELECT id FROM cra_case WHERE starts_with(id, $1)", {prefix});
    if (!rows) return failed<std::string>(rows.error());
    std::vector<std::string> ids;
    for (int i = 0; i < rows->size(); ++i) ids.emplace_back(rows->text(i, 0));
    return detail::next_case_id_after(prefix, ids);
  }

  Result<void> save_case(const StoredCase& c) override {
    return transaction([&] { return write_case(c); });
  }

  Result<std::optional<StoredCase>> find_case(std::string_view id) override {
    auto all = read_cases(db_.query(fmt::format("{}WHERE id = $1", kCaseSelect), {id}));
    if (!all) return failed<std::optional<StoredCase>>(std::move(all).error());
    if (all->empty()) return std::optional<StoredCase>{};
    return std::optional<StoredCase>(std::move(all->front()));
  }

  Result<std::vector<StoredCase>> cases(std::int64_t product_id) override {
    return read_cases(db_.query(
        fmt::format("{}WHERE $1 = 0 OR product_id = $1 ORDER BY id", kCaseSelect), {product_id}));
  }

  Result<std::vector<CaseEvent>> events(std::string_view case_id) override {
    using R = std::vector<CaseEvent>;
    auto rows = db_.query(
        "SELECT seq, at, actor, action, detail FROM cra_case_event WHERE case_id = $1 ORDER BY "
        "seq",
        {case_id});
    if (!rows) return failed<R>(rows.error());
    R out;
    for (int i = 0; i < rows->size(); ++i) {
      auto at = parse_rfc3339(rows->text(i, 1));
      if (!at) return failed<R>(std::move(at.error()).with_context("cra_case_event.at"));
      out.push_back(
          CaseEvent{std::string(case_id), rows->integer(i, 0),
                    cra::AuditEvent{*at, std::string(rows->text(i, 2)),
                                    std::string(rows->text(i, 3)), std::string(rows->text(i, 4))}});
    }
    return out;
  }

  Result<std::vector<cra::ChecklistItem>> checklist(std::int64_t product_id) override {
    using R = std::vector<cra::ChecklistItem>;
    auto rows = db_.query("SELECT json FROM cra_checklist WHERE product_id = $1", {product_id});
    if (!rows) return failed<R>(rows.error());
    if (rows->empty()) return R{};
    auto items = checklist_from_json(rows->text(0, 0));
    if (!items) return failed<R>(std::move(items.error()).with_context("cra_checklist"));
    return items;
  }

  Result<std::optional<CraProduct>> product(std::int64_t product_id) override {
    auto rows = db_.query(
        "SELECT category_item, harmonised_standard_applied, member_states, cvd_policy_url, "
        "manufacturer_address, updated_at FROM cra_product WHERE product_id = $1",
        {product_id});
    if (!rows) return failed<std::optional<CraProduct>>(rows.error());
    if (rows->empty()) return std::optional<CraProduct>{};
    CraProduct p;
    p.product_id = product_id;
    p.category_item = rows->text(0, 0);
    p.harmonised_standard_applied = rows->boolean(0, 1);
    p.member_states = detail::split_words(rows->text(0, 2));
    p.cvd_policy_url = rows->text(0, 3);
    p.manufacturer_address = rows->text(0, 4);
    p.updated_at = rows->text(0, 5);
    return std::optional<CraProduct>(std::move(p));
  }

  Result<void> save_product(const CraProduct& p) override {
    if (p.product_id <= 0) return invalid_input("cra_product: no product");
    auto rows = db_.query(
        "INSERT INTO cra_product (product_id, category_item, harmonised_standard_applied, "
        "member_states, cvd_policy_url, manufacturer_address, updated_at) VALUES ($1, $2, $3, "
        "$4, $5, $6, $7) ON CONFLICT (product_id) DO UPDATE SET category_item = "
        "excluded.category_item, harmonised_standard_applied = "
        "excluded.harmonised_standard_applied, member_states = excluded.member_states, "
        "cvd_policy_url = excluded.cvd_policy_url, manufacturer_address = "
        "excluded.manufacturer_address, updated_at = excluded.updated_at",
        {p.product_id, p.category_item, p.harmonised_standard_applied, join(p.member_states, " "),
         p.cvd_policy_url, p.manufacturer_address, p.updated_at});
    if (!rows) return failed<void>(rows.error());
    return {};
  }

 protected:
  Result<void> write_checklist(std::int64_t product_id,
                               const std::vector<cra::ChecklistItem>& items,
                               const std::string& now) override {
    auto rows = db_.query(
        "INSERT INTO cra_checklist (product_id, json, updated_at) VALUES ($1, $2, $3) ON "
        "CONFLICT (product_id) DO UPDATE SET json = excluded.json, updated_at = "
        "excluded.updated_at",
        {product_id, checklist_to_json(items), now});
    if (!rows) return failed<void>(rows.error());
    return {};
  }

 private:
  // Inside the caller's transaction: locks the case row (when stored), compares the trails,
  // upserts the case and appends the new events in one statement.
  Result<void> write_case(const StoredCase& sc) {
    const cra::Case& c = sc.value;
    if (auto k = detail::check_case_keys(c, sc.product_id); !k) return k;
    if (auto lock = db_.query("SELECT 1 FROM cra_case WHERE id = $1 FOR UPDATE", {c.id}); !lock)
      return failed<void>(lock.error());
    auto rows = db_.query(
        "SELECT seq, action, at FROM cra_case_event WHERE case_id = $1 ORDER BY seq", {c.id});
    if (!rows) return failed<void>(rows.error());
    std::vector<detail::StoredEventKey> trail;
    for (int i = 0; i < rows->size(); ++i)
      trail.push_back({static_cast<std::size_t>(rows->integer(i, 0)), std::string(rows->text(i, 1)),
                       std::string(rows->text(i, 2))});
    if (auto p = detail::check_trail_prefix(c, trail); !p) return p;
    auto up = db_.query(
        "INSERT INTO cra_case (id, product_id, status, json, detail, updated_at) VALUES ($1, $2, "
        "$3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET product_id = excluded.product_id, "
        "status = excluded.status, json = excluded.json, detail = excluded.detail, updated_at = "
        "excluded.updated_at",
        {c.id, sc.product_id, cra::to_string(c.status), cra::case_to_json(c),
         sc.detail.empty() ? std::string("{}") : sc.detail, sc.updated_at});
    if (!up) return failed<void>(up.error());
    std::vector<std::int64_t> seqs;
    std::vector<std::string> ats, actors, actions, details;
    for (std::size_t i = trail.size(); i < c.audit.size(); ++i) {
      const auto& e = c.audit[i];
      seqs.push_back(static_cast<std::int64_t>(i));
      ats.push_back(format_rfc3339(e.time));
      actors.push_back(e.actor);
      actions.push_back(e.action);
      details.push_back(e.detail);
    }
    if (seqs.empty()) return {};
    auto ev = db_.query(
        "INSERT INTO cra_case_event (case_id, seq, at, actor, action, detail) SELECT $1, u.* "
        "FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u",
        {c.id, pg::array_literal(seqs), pg::array_literal(ats), pg::array_literal(actors),
         pg::array_literal(actions), pg::array_literal(details)});
    if (!ev) return failed<void>(ev.error());
    return {};
  }

  pg::Connection db_;
  bool in_tx_ = false;
};

}  // namespace

Result<std::unique_ptr<CraStore>> CraStore::open_postgresql(const std::string& url) {
  return pg::open_store<PgCraStore, CraStore>(url);
}

}  // namespace bulwark::portfolio
