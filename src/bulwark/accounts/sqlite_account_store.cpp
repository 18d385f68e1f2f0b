// SQLite implementation of accounts::AccountStore. A team's permissions, products and members
// live in side tables (team_permission, team_product, team_member) and are replaced as a whole
// by update_team. The audit log is append-only, enforced by triggers (as the portfolio's
// analysis_history and cra_case_event), so no code path can rewrite it. Timestamps that are
// compared (session expiry, login failures, key expiry, audit times) are stored in one form,
// RFC 3339 UTC with whole seconds, so that text order is time order. The schema is component
// "accounts" of the shared migration mechanism (vulndb/migrate.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <type_traits>

#include "bulwark/accounts/rows.hpp"
#include "bulwark/accounts/store.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/vulndb/migrate.hpp"
#include "bulwark/vulndb/sqlite.hpp"

namespace bulwark::accounts {
namespace {

using vulndb::detail::Database;
using vulndb::detail::SchemaComponent;
using vulndb::detail::Statement;
using vulndb::detail::Transaction;

// The shared row mappers (accounts/rows.hpp) for this backend's rows.
constexpr auto read_audit = detail::read_audit<Statement>;
constexpr auto read_key = detail::read_key<Statement>;
constexpr auto read_user = detail::read_user<Statement>;

// Version 0 -> 1.
constexpr std::string_view kAccountsSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS account_user (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL DEFAULT '',
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS team (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS team_permission (
  team_id    INTEGER NOT NULL,
  permission TEXT NOT NULL,
  PRIMARY KEY (team_id, permission)
);
CREATE TABLE IF NOT EXISTS team_product (
  team_id    INTEGER NOT NULL,
  product_id INTEGER NOT NULL,
  PRIMARY KEY (team_id, product_id)
);
CREATE TABLE IF NOT EXISTS team_member (
  team_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX IF NOT EXISTS team_member_user ON team_member(user_id);
CREATE TABLE IF NOT EXISTS api_key (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  public_id    TEXT NOT NULL UNIQUE,
  secret_hash  TEXT NOT NULL,
  team_id      INTEGER NOT NULL,
  comment      TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL DEFAULT '',
  last_used_at TEXT NOT NULL DEFAULT '',
  revoked      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS api_key_team ON api_key(team_id);
CREATE TABLE IF NOT EXISTS session (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS session_expiry ON session(expires_at);
CREATE TABLE IF NOT EXISTS login_failure (
  name TEXT NOT NULL,
  at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failure_name ON login_failure(name, at);
CREATE TABLE IF NOT EXISTS audit_log (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  object     TEXT NOT NULL DEFAULT '',
  product_id INTEGER NOT NULL DEFAULT 0,
  before     TEXT NOT NULL DEFAULT '',
  after      TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_log_product ON audit_log(product_id, seq);
CREATE TRIGGER IF NOT EXISTS audit_log_append_only_u BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_append_only_d BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TABLE IF NOT EXISTS release_uuids (
  release_id INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS release_archive (
  release_id  INTEGER PRIMARY KEY,
  archived_at TEXT NOT NULL
);
)sql";

constexpr std::array<std::string_view, 1> kAccountsMigrations = {kAccountsSchemaV1};

template <class T>
Result<T> fail_with(const Error& e) {
  return std::unexpected(e);
}

// `text` in the stored form; the current time when empty and `now_when_empty`.
Result<std::string> stamp(std::string_view field, std::string_view text,
                          bool now_when_empty = true) {
  if (text.empty()) {
    if (!now_when_empty) return std::string();
    auto t = now();
    if (!t) return fail_with<std::string>(t.error());
    return format_rfc3339(*t);
  }
  auto t = parse_rfc3339(text);
  if (!t) return fail_with<std::string>(std::move(t.error()).with_context(std::string(field)));
  return format_rfc3339(*t);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string json_int_array(const std::vector<std::int64_t>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += fmt::format("{}{}", i ? "," : "", v[i]);
  return out + "]";
}

constexpr std::string_view kUserColumns = "id, name, password_hash, disabled, created_at";
constexpr std::string_view kTeamColumns = "id, uuid, name, created_at";
constexpr std::string_view kKeyColumns =
    "id, public_id, secret_hash, team_id, comment, created_at, expires_at, last_used_at, revoked";
constexpr std::string_view kAuditColumns =
    "seq, at, actor, action, object, product_id, before, after, request_id";

// Steps `st` to the end, turning each row into a T with `read`.
template <class T, class F>
Result<std::vector<T>> collect(Statement& st, F read) {
  std::vector<T> out;
  for (;;) {
    auto row = st.step();
    if (!row) return fail_with<std::vector<T>>(row.error());
    if (!*row) break;
    out.push_back(read(st));
  }
  return out;
}

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(Database database) : db(std::move(database)) {}

  Result<void> init() {
    if (auto r = db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"); !r) return r;
    return vulndb::detail::migrate_component(db,
                                             SchemaComponent{"accounts", kAccountsMigrations, {}});
  }

  // ---- users

  Result<User> add_user(const User& in) override {
    if (in.name.empty()) return invalid_input("user.name: empty");
    User u = in;
    auto created = stamp("user.created_at", in.created_at);
    if (!created) return fail_with<User>(created.error());
    u.created_at = std::move(*created);
    auto tx = Transaction::begin_immediate(db);
    if (!tx) return fail_with<User>(tx.error());
    auto exists = count("SELECT count(*) FROM account_user WHERE name = ?", u.name);
    if (!exists) return fail_with<User>(exists.error());
    if (*exists) return conflict(fmt::format("user.name: a user named '{}' exists", u.name));
    auto st = db.cached(
        "INSERT INTO account_user (name, password_hash, disabled, created_at) VALUES (?,?,?,?)");
    if (!st) return fail_with<User>(st.error());
    st->bind(1, u.name)
        .bind(2, u.password_hash)
        .bind(3, std::int64_t{u.disabled ? 1 : 0})
        .bind(4, u.created_at);
    if (auto r = st->run(); !r) return fail_with<User>(r.error());
    u.id = db.last_insert_rowid();
    if (auto c = tx->commit(); !c) return fail_with<User>(c.error());
    return u;
  }

  Result<std::optional<User>> user(std::string_view name) override {
    auto st = db.cached(fmt::format("SELECT {} FROM account_user WHERE name = ?", kUserColumns));
    if (!st) return fail_with<std::optional<User>>(st.error());
    st->bind(1, name);
    return first<User>(*st, read_user);
  }

  Result<std::optional<User>> user_by_id(std::int64_t id) override {
    auto st = db.cached(fmt::format("SELECT {} FROM account_user WHERE id = ?", kUserColumns));
    if (!st) return fail_with<std::optional<User>>(st.error());
    st->bind(1, id);
    return first<User>(*st, read_user);
  }

  Result<void> set_password(std::int64_t user_id, const std::string& password_hash) override {
    auto st = db.cached("UPDATE account_user SET password_hash = ? WHERE id = ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, password_hash).bind(2, user_id);
    return changed(*st, fmt::format("user {}: no such user", user_id));
  }

  Result<std::vector<User>> users() override {
    auto st = db.cached(fmt::format("SELECT {} FROM account_user ORDER BY name", kUserColumns));
    if (!st) return fail_with<std::vector<User>>(st.error());
    return collect<User>(*st, read_user);
  }

  Result<void> set_user_disabled(std::int64_t user_id, bool disabled) override {
    auto st = db.cached("UPDATE account_user SET disabled = ? WHERE id = ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, std::int64_t{disabled ? 1 : 0}).bind(2, user_id);
    return changed(*st, fmt::format("user {}: no such user", user_id));
  }

  // ---- teams

  Result<Team> add_team(const Team& in) override {
    if (in.name.empty()) return invalid_input("team.name: empty");
    Team t = in;
    t.uuid = in.uuid.empty() ? random_uuid4() : lower(in.uuid);
    auto created = stamp("team.created_at", in.created_at);
    if (!created) return fail_with<Team>(created.error());
    t.created_at = std::move(*created);
    auto tx = Transaction::begin_immediate(db);
    if (!tx) return fail_with<Team>(tx.error());
    auto exists = count("SELECT count(*) FROM team WHERE name = ?", t.name);
    if (!exists) return fail_with<Team>(exists.error());
    if (*exists) return conflict(fmt::format("team.name: a team named '{}' exists", t.name));
    auto same_uuid = count("SELECT count(*) FROM team WHERE uuid = ?", t.uuid);
    if (!same_uuid) return fail_with<Team>(same_uuid.error());
    if (*same_uuid) return conflict(fmt::format("team.uuid: a team with uuid {} exists", t.uuid));
    auto st = db.cached("INSERT INTO team (uuid, name, created_at) VALUES (?,?,?)");
    if (!st) return fail_with<Team>(st.error());
    st->bind(1, t.uuid).bind(2, t.name).bind(3, t.created_at);
    if (auto r = st->run(); !r) return fail_with<Team>(r.error());
    t.id = db.last_insert_rowid();
    if (auto r = write_team_sides(t); !r) return fail_with<Team>(r.error());
    if (auto c = tx->commit(); !c) return fail_with<Team>(c.error());
    auto stored = team_by_id(t.id);
    if (!stored) return fail_with<Team>(stored.error());
    return std::move(**stored);
  }

  Result<Team> update_team(const Team& t) override {
    auto tx = Transaction::begin_immediate(db);
    if (!tx) return fail_with<Team>(tx.error());
    auto current = team_by_id(t.id);
    if (!current) return fail_with<Team>(current.error());
    if (!*current) return not_found(fmt::format("team.id: no team {}", t.id));
    if (!t.name.empty() && t.name != (*current)->name) {
      auto taken = count("SELECT count(*) FROM team WHERE name = ?", t.name);
      if (!taken) return fail_with<Team>(taken.error());
      if (*taken) return conflict(fmt::format("team.name: a team named '{}' exists", t.name));
      auto st = db.cached("UPDATE team SET name = ? WHERE id = ?");
      if (!st) return fail_with<Team>(st.error());
      st->bind(1, t.name).bind(2, t.id);
      if (auto r = st->run(); !r) return fail_with<Team>(r.error());
    }
    for (std::string_view table : {"team_permission", "team_product", "team_member"}) {
      auto del = db.cached(fmt::format("DELETE FROM {} WHERE team_id = ?", table));
      if (!del) return fail_with<Team>(del.error());
      del->bind(1, t.id);
      if (auto r = del->run(); !r) return fail_with<Team>(r.error());
    }
    if (auto r = write_team_sides(t); !r) return fail_with<Team>(r.error());
    if (auto c = tx->commit(); !c) return fail_with<Team>(c.error());
    auto stored = team_by_id(t.id);
    if (!stored) return fail_with<Team>(stored.error());
    return std::move(**stored);
  }

  Result<std::optional<Team>> team(std::string_view name) override {
    auto st = db.cached(fmt::format("SELECT {} FROM team WHERE name = ?", kTeamColumns));
    if (!st) return fail_with<std::optional<Team>>(st.error());
    st->bind(1, name);
    return first_team(*st);
  }

  Result<std::optional<Team>> team_by_id(std::int64_t id) override {
    auto st = db.cached(fmt::format("SELECT {} FROM team WHERE id = ?", kTeamColumns));
    if (!st) return fail_with<std::optional<Team>>(st.error());
    st->bind(1, id);
    return first_team(*st);
  }

  Result<std::vector<Team>> teams() override {
    auto st = db.cached(fmt::format("SELECT {} FROM team ORDER BY name", kTeamColumns));
    if (!st) return fail_with<std::vector<Team>>(st.error());
    return all_teams(*st);
  }

  Result<std::vector<Team>> teams_of_user(std::int64_t user_id) override {
    auto st = db.cached(fmt::format(
        "SELECT {} FROM team WHERE id IN (SELECT team_id FROM team_member WHERE user_id = ?) "
        "ORDER BY name",
        kTeamColumns));
    if (!st) return fail_with<std::vector<Team>>(st.error());
    st->bind(1, user_id);
    return all_teams(*st);
  }

  Result<void> grant_product(std::int64_t team_id, std::int64_t product_id) override {
    auto exists = count("SELECT count(*) FROM team WHERE id = ?", team_id);
    if (!exists) return std::unexpected(exists.error());
    if (!*exists) return not_found(fmt::format("team.id: no team {}", team_id));
    auto st = db.cached("INSERT OR IGNORE INTO team_product (team_id, product_id) VALUES (?,?)");
    if (!st) return std::unexpected(st.error());
    st->bind(1, team_id).bind(2, product_id);
    return st->run();
  }

  // ---- API keys

  Result<ApiKey> add_key(const ApiKey& in) override {
    if (in.public_id.empty()) return invalid_input("key.public_id: empty");
    if (in.secret_hash.empty()) return invalid_input("key.secret_hash: empty");
    ApiKey k = in;
    auto created = stamp("key.created_at", in.created_at);
    if (!created) return fail_with<ApiKey>(created.error());
    k.created_at = std::move(*created);
    auto expires = stamp("key.expires_at", in.expires_at, false);
    if (!expires) return fail_with<ApiKey>(expires.error());
    k.expires_at = std::move(*expires);
    auto used = stamp("key.last_used_at", in.last_used_at, false);
    if (!used) return fail_with<ApiKey>(used.error());
    k.last_used_at = std::move(*used);
    auto tx = Transaction::begin_immediate(db);
    if (!tx) return fail_with<ApiKey>(tx.error());
    auto team_exists = count("SELECT count(*) FROM team WHERE id = ?", k.team_id);
    if (!team_exists) return fail_with<ApiKey>(team_exists.error());
    if (!*team_exists) return not_found(fmt::format("key.team_id: no team {}", k.team_id));
    auto exists = count("SELECT count(*) FROM api_key WHERE public_id = ?", k.public_id);
    if (!exists) return fail_with<ApiKey>(exists.error());
    if (*exists)
      return conflict(fmt::format("key.public_id: a key with public id {} exists", k.public_id));
    auto st = db.cached(
        "INSERT INTO api_key (public_id, secret_hash, team_id, comment, created_at, expires_at, "
        "last_used_at, revoked) VALUES (?,?,?,?,?,?,?,?)");
    if (!st) return fail_with<ApiKey>(st.error());
    st->bind(1, k.public_id).bind(2, k.secret_hash).bind(3, k.team_id).bind(4, k.comment);
    st->bind(5, k.created_at)
        .bind(6, k.expires_at)
        .bind(7, k.last_used_at)
        .bind(8, std::int64_t{k.revoked ? 1 : 0});
    if (auto r = st->run(); !r) return fail_with<ApiKey>(r.error());
    k.id = db.last_insert_rowid();
    if (auto c = tx->commit(); !c) return fail_with<ApiKey>(c.error());
    return k;
  }

  Result<std::optional<ApiKey>> key(std::string_view public_id) override {
    auto st = db.cached(fmt::format("SELECT {} FROM api_key WHERE public_id = ?", kKeyColumns));
    if (!st) return fail_with<std::optional<ApiKey>>(st.error());
    st->bind(1, public_id);
    return first<ApiKey>(*st, read_key);
  }

  Result<std::vector<ApiKey>> keys(std::int64_t team_id) override {
    auto st = db.cached(fmt::format(
        "SELECT {} FROM api_key WHERE ?1 = 0 OR team_id = ?1 ORDER BY id", kKeyColumns));
    if (!st) return fail_with<std::vector<ApiKey>>(st.error());
    st->bind(1, team_id);
    return collect<ApiKey>(*st, read_key);
  }

  Result<void> touch_key(std::int64_t key_id, const std::string& at) override {
    auto when = stamp("at", at);
    if (!when) return std::unexpected(when.error());
    auto st = db.cached("UPDATE api_key SET last_used_at = ? WHERE id = ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, *when).bind(2, key_id);
    return changed(*st, fmt::format("key {}: no such key", key_id));
  }

  Result<void> revoke_key(std::int64_t key_id) override {
    auto st = db.cached("UPDATE api_key SET revoked = 1 WHERE id = ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, key_id);
    return changed(*st, fmt::format("key {}: no such key", key_id));
  }

  // ---- sessions

  Result<void> add_session(const Session& in) override {
    if (in.token_hash.empty()) return invalid_input("session.token_hash: empty");
    auto created = stamp("session.created_at", in.created_at);
    if (!created) return std::unexpected(created.error());
    if (in.expires_at.empty()) return invalid_input("session.expires_at: empty");
    auto expires = stamp("session.expires_at", in.expires_at);
    if (!expires) return std::unexpected(expires.error());
    auto exists = count("SELECT count(*) FROM session WHERE token_hash = ?", in.token_hash);
    if (!exists) return std::unexpected(exists.error());
    if (*exists) return conflict("session.token_hash: a session with this token exists");
    auto st = db.cached(
        "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) VALUES "
        "(?,?,?,?,?)");
    if (!st) return std::unexpected(st.error());
    st->bind(1, in.token_hash).bind(2, in.user_id).bind(3, in.csrf_token);
    st->bind(4, *created).bind(5, *expires);
    return st->run();
  }

  Result<std::optional<Session>> session(std::string_view token_hash) override {
    auto st = db.cached(
        "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM session WHERE "
        "token_hash = ?");
    if (!st) return fail_with<std::optional<Session>>(st.error());
    st->bind(1, token_hash);
    return first<Session>(*st, [](const Statement& s) {
      return Session{std::string(s.text(0)), s.integer(1), std::string(s.text(2)),
                     std::string(s.text(3)), std::string(s.text(4))};
    });
  }

  Result<void> delete_session(std::string_view token_hash) override {
    auto st = db.cached("DELETE FROM session WHERE token_hash = ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, token_hash);
    return st->run();
  }

  Result<std::size_t> delete_expired_sessions(const std::string& now_text) override {
    auto at = stamp("now", now_text, false);
    if (!at) return fail_with<std::size_t>(at.error());
    if (at->empty()) return invalid_input("now: empty");
    auto st = db.cached("DELETE FROM session WHERE expires_at <= ?");
    if (!st) return fail_with<std::size_t>(st.error());
    st->bind(1, *at);
    if (auto r = st->run(); !r) return fail_with<std::size_t>(r.error());
    return static_cast<std::size_t>(db.changes());
  }

  // ---- login throttling

  Result<void> record_login_failure(std::string_view name, const std::string& at) override {
    auto when = stamp("at", at);
    if (!when) return std::unexpected(when.error());
    auto st = db.cached("INSERT INTO login_failure (name, at) VALUES (?,?)");
    if (!st) return std::unexpected(st.error());
    st->bind(1, name).bind(2, *when);
    return st->run();
  }

  Result<std::size_t> login_failures_since(std::string_view name,
                                           const std::string& since) override {
    auto from = stamp("since", since, false);
    if (!from) return fail_with<std::size_t>(from.error());
    auto n = count2("SELECT count(*) FROM login_failure WHERE name = ? AND at >= ?", name, *from);
    if (!n) return fail_with<std::size_t>(n.error());
    return static_cast<std::size_t>(*n);
  }

  Result<void> clear_login_failures(std::string_view name) override {
    auto st = db.cached("DELETE FROM login_failure WHERE name = ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, name);
    return st->run();
  }

  // ---- audit log

  Result<AuditEntry> append_audit(const AuditEntry& in) override {
    if (in.actor.empty()) return invalid_input("audit.actor: empty");
    if (in.action.empty()) return invalid_input("audit.action: empty");
    AuditEntry e = in;
    auto at = stamp("audit.at", in.at);
    if (!at) return fail_with<AuditEntry>(at.error());
    e.at = std::move(*at);
    auto st = db.cached(
        "INSERT INTO audit_log (at, actor, action, object, product_id, before, after, "
        "request_id) VALUES (?,?,?,?,?,?,?,?)");
    if (!st) return fail_with<AuditEntry>(st.error());
    st->bind(1, e.at).bind(2, e.actor).bind(3, e.action).bind(4, e.object);
    st->bind(5, e.product_id).bind(6, e.before).bind(7, e.after).bind(8, e.request_id);
    if (auto r = st->run(); !r) return fail_with<AuditEntry>(r.error());
    e.seq = db.last_insert_rowid();
    return e;
  }

  Result<std::vector<AuditEntry>> audit(const AuditQuery& q) override {
    using R = std::vector<AuditEntry>;
    const auto limit = static_cast<std::int64_t>(std::min<std::size_t>(q.limit, INT64_MAX));
    auto st =
        q.product_ids
            ? db.cached(fmt::format("SELECT {} FROM audit_log WHERE seq > ?1 AND product_id IN "
                                    "(SELECT value FROM json_each(?3)) ORDER BY seq LIMIT ?2",
                                    kAuditColumns))
            : db.cached(fmt::format("SELECT {} FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                                    kAuditColumns));
    if (!st) return fail_with<R>(st.error());
    st->bind(1, q.after_seq).bind(2, limit);
    if (q.product_ids) {
      // Entries about no product (product_id 0) are for unfiltered queries only.
      std::vector<std::int64_t> ids;
      for (auto id : *q.product_ids)
        if (id != 0) ids.push_back(id);
      st->bind(3, json_int_array(ids));
    }
    return collect<AuditEntry>(*st, read_audit);
  }

  // ---- releases

  Result<std::string> release_uuid(std::int64_t release_id) override {
    auto existing = uuid_of(release_id);
    if (!existing) return fail_with<std::string>(existing.error());
    if (*existing) return std::move(**existing);
    auto tx = Transaction::begin_immediate(db);
    if (!tx) return fail_with<std::string>(tx.error());
    auto again = uuid_of(release_id);  // another connection may have assigned it meanwhile
    if (!again) return fail_with<std::string>(again.error());
    if (*again) return std::move(**again);
    auto st = db.cached("INSERT OR IGNORE INTO release_uuids (release_id, uuid) VALUES (?,?)");
    if (!st) return fail_with<std::string>(st.error());
    std::string uuid;
    for (int attempt = 0; attempt < 4; ++attempt) {  // a UUID collision is next to impossible
      uuid = random_uuid4();
      st->reset().bind(1, release_id).bind(2, uuid);
      if (auto r = st->run(); !r) return fail_with<std::string>(r.error());
      if (db.changes() > 0) break;
      uuid.clear();
    }
    if (uuid.empty())
      return make_error(ErrorCode::kInternal,
                        fmt::format("release {}: no unused uuid could be drawn", release_id));
    if (auto c = tx->commit(); !c) return fail_with<std::string>(c.error());
    return uuid;
  }

  Result<std::optional<std::int64_t>> release_by_uuid(std::string_view uuid) override {
    using R = std::optional<std::int64_t>;
    auto st = db.cached("SELECT release_id FROM release_uuids WHERE uuid = ?");
    if (!st) return fail_with<R>(st.error());
    st->bind(1, lower(uuid));
    return first<std::int64_t>(*st, [](const Statement& s) { return s.integer(0); });
  }

  Result<void> archive_release(std::int64_t release_id, const std::string& at) override {
    auto when = stamp("at", at);
    if (!when) return std::unexpected(when.error());
    auto st =
        db.cached("INSERT OR IGNORE INTO release_archive (release_id, archived_at) VALUES (?,?)");
    if (!st) return std::unexpected(st.error());
    st->bind(1, release_id).bind(2, *when);
    return st->run();
  }

  Result<bool> archived(std::int64_t release_id) override {
    auto n = count("SELECT count(*) FROM release_archive WHERE release_id = ?", release_id);
    if (!n) return fail_with<bool>(n.error());
    return *n != 0;
  }

 private:
  template <class T, class F>
  Result<std::optional<T>> first(Statement& st, F read) {
    auto row = st.step();
    if (!row) return fail_with<std::optional<T>>(row.error());
    if (!*row) return std::optional<T>{};
    std::optional<T> out(read(st));
    st.reset();
    return out;
  }

  template <class K>
  Result<std::int64_t> count(std::string_view sql, const K& key) {
    auto st = db.cached(sql);
    if (!st) return fail_with<std::int64_t>(st.error());
    if constexpr (std::is_integral_v<K>)
      st->bind(1, static_cast<std::int64_t>(key));
    else
      st->bind(1, std::string_view(key));
    auto row = st->step();
    if (!row) return fail_with<std::int64_t>(row.error());
    return st->integer(0);
  }

  Result<std::int64_t> count2(std::string_view sql, std::string_view a, std::string_view b) {
    auto st = db.cached(sql);
    if (!st) return fail_with<std::int64_t>(st.error());
    st->bind(1, a).bind(2, b);
    auto row = st->step();
    if (!row) return fail_with<std::int64_t>(row.error());
    return st->integer(0);
  }

  // Runs an UPDATE; kNotFound (with `missing`) when it matched no row.
  Result<void> changed(Statement& st, std::string missing) {
    if (auto r = st.run(); !r) return r;
    if (db.changes() == 0) return not_found(std::move(missing));
    return {};
  }

  Result<std::optional<std::string>> uuid_of(std::int64_t release_id) {
    auto st = db.cached("SELECT uuid FROM release_uuids WHERE release_id = ?");
    if (!st) return fail_with<std::optional<std::string>>(st.error());
    st->bind(1, release_id);
    return first<std::string>(*st, [](const Statement& s) { return std::string(s.text(0)); });
  }

  // Inserts the team's permissions, products and members (the rows are absent).
  Result<void> write_team_sides(const Team& t) {
    auto perm =
        db.cached("INSERT OR IGNORE INTO team_permission (team_id, permission) VALUES (?,?)");
    if (!perm) return std::unexpected(perm.error());
    for (Permission p : t.permissions) {
      perm->reset().bind(1, t.id).bind(2, permission_name(p));
      if (auto r = perm->run(); !r) return r;
    }
    auto prod = db.cached("INSERT OR IGNORE INTO team_product (team_id, product_id) VALUES (?,?)");
    if (!prod) return std::unexpected(prod.error());
    for (std::int64_t id : t.product_ids) {
      prod->reset().bind(1, t.id).bind(2, id);
      if (auto r = prod->run(); !r) return r;
    }
    auto member = db.cached("INSERT OR IGNORE INTO team_member (team_id, user_id) VALUES (?,?)");
    if (!member) return std::unexpected(member.error());
    for (std::int64_t id : t.user_ids) {
      auto exists = count("SELECT count(*) FROM account_user WHERE id = ?", id);
      if (!exists) return std::unexpected(exists.error());
      if (!*exists) return not_found(fmt::format("team.user_ids: no user {}", id));
      member->reset().bind(1, t.id).bind(2, id);
      if (auto r = member->run(); !r) return r;
    }
    return {};
  }

  // Reads the side tables of a team whose own columns are filled.
  Result<void> fill(Team& t) {
    auto perm = db.cached("SELECT permission FROM team_permission WHERE team_id = ?");
    if (!perm) return std::unexpected(perm.error());
    perm->bind(1, t.id);
    auto names =
        collect<std::string>(*perm, [](const Statement& s) { return std::string(s.text(0)); });
    if (!names) return std::unexpected(names.error());
    t.permissions.clear();
    for (const auto& name : *names) {
      auto p = parse_permission(name);
      if (!p)
        return make_error(ErrorCode::kDatabase,
                          fmt::format("team_permission: unknown permission '{}'", name));
      t.permissions.push_back(*p);
    }
    std::sort(t.permissions.begin(), t.permissions.end());
    auto ids = [&](std::string_view sql) -> Result<std::vector<std::int64_t>> {
      auto st = db.cached(sql);
      if (!st) return fail_with<std::vector<std::int64_t>>(st.error());
      st->bind(1, t.id);
      return collect<std::int64_t>(*st, [](const Statement& s) { return s.integer(0); });
    };
    auto products =
        ids("SELECT product_id FROM team_product WHERE team_id = ? ORDER BY product_id");
    if (!products) return std::unexpected(products.error());
    t.product_ids = std::move(*products);
    auto members = ids("SELECT user_id FROM team_member WHERE team_id = ? ORDER BY user_id");
    if (!members) return std::unexpected(members.error());
    t.user_ids = std::move(*members);
    return {};
  }

  Result<std::vector<Team>> all_teams(Statement& st) {
    auto rows = collect<Team>(st, [](const Statement& s) {
      Team t;
      t.id = s.integer(0);
      t.uuid = s.text(1);
      t.name = s.text(2);
      t.created_at = s.text(3);
      return t;
    });
    if (!rows) return rows;
    for (Team& t : *rows)
      if (auto r = fill(t); !r) return fail_with<std::vector<Team>>(r.error());
    return rows;
  }

  Result<std::optional<Team>> first_team(Statement& st) {
    auto rows = all_teams(st);
    if (!rows) return fail_with<std::optional<Team>>(rows.error());
    if (rows->empty()) return std::optional<Team>{};
    return std::optional<Team>(std::move(rows->front()));
  }

  Database db;
};

}  // namespace

Result<std::unique_ptr<AccountStore>> AccountStore::open_sqlite(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return std::unexpected(db.error());
  auto store = std::make_unique<SqliteAccountStore>(std::move(*db));
  if (auto r = store->init(); !r) return std::unexpected(r.error());
  return std::unique_ptr<AccountStore>(std::move(store));
}

}  // namespace bulwark::accounts
