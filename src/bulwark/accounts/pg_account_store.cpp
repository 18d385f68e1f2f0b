// PostgreSQL implementation of accounts::AccountStore (issue 16). The tables are those of the
// SQLite store (team side tables replaced as a whole by update_team; the same RFC 3339 text
// timestamps, in "C"-collated columns so that text order is time order in any locale). The audit
// log is append-only through a trigger that refuses UPDATE, DELETE and TRUNCATE; appends take a
// transaction-scoped advisory lock so that seq order is commit order and keyset readers
// (seq > after_seq) never skip an entry committed late. Uniqueness is checked by the database
// (ON CONFLICT DO NOTHING, then kConflict), so concurrent servers cannot both win. Component
// "accounts" of the PostgreSQL migrations (pg/migrate.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "bulwark/accounts/rows.hpp"
#include "bulwark/accounts/store.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/pg/migrate.hpp"
#include "bulwark/pg/pg.hpp"

namespace bulwark::accounts {
namespace {

// The shared row mappers (accounts/rows.hpp) for this backend's rows.
constexpr auto read_audit = detail::read_audit<pg::Rows::Row>;
constexpr auto read_key = detail::read_key<pg::Rows::Row>;
constexpr auto read_user = detail::read_user<pg::Rows::Row>;

constexpr std::string_view kAccountsSchemaV1 = R"sql(
CREATE TABLE account_user (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL DEFAULT '',
  disabled      BOOLEAN NOT NULL DEFAULT false,
  created_at    TEXT COLLATE "C" NOT NULL
);
CREATE TABLE team (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  name       TEXT COLLATE "C" NOT NULL UNIQUE,
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE team_permission (
  team_id    BIGINT NOT NULL REFERENCES team (id),
  permission TEXT NOT NULL,
  PRIMARY KEY (team_id, permission)
);
CREATE TABLE team_product (
  team_id    BIGINT NOT NULL REFERENCES team (id),
  product_id BIGINT NOT NULL,
  PRIMARY KEY (team_id, product_id)
);
CREATE TABLE team_member (
  team_id BIGINT NOT NULL REFERENCES team (id),
  user_id BIGINT NOT NULL REFERENCES account_user (id),
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_member_user ON team_member (user_id);
CREATE TABLE api_key (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id    TEXT NOT NULL UNIQUE,
  secret_hash  TEXT NOT NULL,
  team_id      BIGINT NOT NULL REFERENCES team (id),
  comment      TEXT NOT NULL DEFAULT '',
  created_at   TEXT COLLATE "C" NOT NULL,
  expires_at   TEXT COLLATE "C" NOT NULL DEFAULT '',
  last_used_at TEXT COLLATE "C" NOT NULL DEFAULT '',
  revoked      BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX api_key_team ON api_key (team_id);
CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  user_id    BIGINT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX session_expiry ON session (expires_at);
CREATE TABLE login_failure (
  name TEXT NOT NULL,
  at   TEXT COLLATE "C" NOT NULL
);
CREATE INDEX login_failure_name ON login_failure (name, at);
CREATE TABLE audit_log (
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         TEXT COLLATE "C" NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  object     TEXT NOT NULL DEFAULT '',
  product_id BIGINT NOT NULL DEFAULT 0,
  before     TEXT NOT NULL DEFAULT '',
  after      TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_product ON audit_log (product_id, seq);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_append_only_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TABLE release_uuids (
  release_id BIGINT PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE
);
CREATE TABLE release_archive (
  release_id  BIGINT PRIMARY KEY,
  archived_at TEXT COLLATE "C" NOT NULL
);
)sql";

constexpr std::array<std::string_view, 1> kAccountsMigrations = {kAccountsSchemaV1};

// The advisory lock that orders audit appends ("audit" in ASCII).
constexpr std::int64_t kAuditLock = 0x6175646974;

template <class T>
Result<T> failed(Error e) {
  return std::unexpected(std::move(e));
}

// `text` in the stored form; the current time when empty and `now_when_empty`.
Result<std::string> stamp(std::string_view field, std::string_view text,
                          bool now_when_empty = true) {
  if (text.empty()) {
    if (!now_when_empty) return std::string();
    auto t = now();
    if (!t) return failed<std::string>(t.error());
    return format_rfc3339(*t);
  }
  auto t = parse_rfc3339(text);
  if (!t) return failed<std::string>(std::move(t.error()).with_context(std::string(field)));
  return format_rfc3339(*t);
}

using Row = pg::Rows::Row;

constexpr std::string_view kUserColumns = "id, name, password_hash, disabled, created_at";
constexpr std::string_view kKeyColumns =
    "id, public_id, secret_hash, team_id, comment, created_at, expires_at, last_used_at, revoked";
constexpr std::string_view kAuditColumns =
    "seq, at, actor, action, object, product_id, before, after, request_id";
// A team with its side tables in one row (ids and names comma-separated, in order).
constexpr std::string_view kTeamSelect =
    "SELECT t.id, t.uuid, t.name, t.created_at, "
    "(SELECT coalesce(string_agg(permission, ',' ORDER BY permission), '') FROM team_permission "
    "WHERE team_id = t.id), "
    "(SELECT coalesce(string_agg(product_id::text, ',' ORDER BY product_id), '') FROM "
    "team_product WHERE team_id = t.id), "
    "(SELECT coalesce(string_agg(user_id::text, ',' ORDER BY user_id), '') FROM team_member "
    "WHERE team_id = t.id) FROM team AS t";

Session read_session(const Row& r) {
  return Session{std::string(r.text(0)), r.integer(1), std::string(r.text(2)),
                 std::string(r.text(3)), std::string(r.text(4))};
}

std::vector<std::int64_t> id_list(std::string_view csv) {
  std::vector<std::int64_t> out;
  if (csv.empty()) return out;
  for (auto part : split(csv, ',')) out.push_back(std::stoll(std::string(part)));
  return out;
}

Result<Team> read_team(const Row& r) {
  Team t;
  t.id = r.integer(0);
  t.uuid = r.text(1);
  t.name = r.text(2);
  t.created_at = r.text(3);
  if (!r.text(4).empty())
    for (auto name : split(r.text(4), ',')) {
      auto p = parse_permission(name);
      if (!p)
        return make_error(ErrorCode::kDatabase,
                          fmt::format("team_permission: unknown permission '{}'", name));
      t.permissions.push_back(*p);
    }
  std::sort(t.permissions.begin(), t.permissions.end());
  t.product_ids = id_list(r.text(5));
  t.user_ids = id_list(r.text(6));
  return t;
}

// Every row read with `read`, or the statement's error.
template <class F>
auto all_of(Result<pg::Rows> rows, F read)
    -> Result<std::vector<decltype(read(rows->first().value()))>> {
  using T = decltype(read(rows->first().value()));
  if (!rows) return failed<std::vector<T>>(std::move(rows).error());
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(rows->size()));
  for (int i = 0; i < rows->size(); ++i) out.push_back(read((*rows)[i]));
  return out;
}

// The first row read with `read` (nullopt when none), or the statement's error.
template <class F>
auto first_of(Result<pg::Rows> rows, F read)
    -> Result<std::optional<decltype(read(rows->first().value()))>> {
  using T = decltype(read(rows->first().value()));
  if (!rows) return failed<std::optional<T>>(std::move(rows).error());
  if (rows->empty()) return std::optional<T>{};
  return std::optional<T>(read((*rows)[0]));
}

class PgAccountStore final : public AccountStore {
 public:
  explicit PgAccountStore(pg::Connection c) : db_(std::move(c)) {}

  Result<void> init() {
    return pg::migrate_component(db_, pg::SchemaComponent{"accounts", kAccountsMigrations});
  }

  // ---- users

  Result<User> add_user(const User& in) override {
    if (in.name.empty()) return invalid_input("user.name: empty");
    User u = in;
    auto created = stamp("user.created_at", in.created_at);
    if (!created) return failed<User>(created.error());
    u.created_at = std::move(*created);
    auto rows = db_.query(
        "INSERT INTO account_user (name, password_hash, disabled, created_at) VALUES ($1, $2, $3, "
        "$4) ON CONFLICT (name) DO NOTHING RETURNING id",
        {u.name, u.password_hash, u.disabled, u.created_at});
    if (!rows) return failed<User>(rows.error());
    if (rows->empty()) return conflict(fmt::format("user.name: a user named '{}' exists", u.name));
    u.id = rows->integer(0, 0);
    return u;
  }

  Result<std::optional<User>> user(std::string_view name) override {
    return first_of(
        db_.query(fmt::format("SELECT {} FROM account_user WHERE name = $1", kUserColumns), {name}),
        read_user);
  }

  Result<std::optional<User>> user_by_id(std::int64_t id) override {
    return first_of(
        db_.query(fmt::format("SELECT {} FROM account_user WHERE id = $1", kUserColumns), {id}),
        read_user);
  }

  Result<void> set_password(std::int64_t user_id, const std::string& password_hash) override {
    return changed(db_.query("UPDATE account_user SET password_hash = $1 WHERE id = $2",
                             {password_hash, user_id}),
                   fmt::format("user {}: no such user", user_id));
  }

  Result<std::vector<User>> users() override {
    return all_of(db_.query(fmt::format("SELECT {} FROM account_user ORDER BY name", kUserColumns)),
                  read_user);
  }

  Result<void> set_user_disabled(std::int64_t user_id, bool disabled) override {
    return changed(
        db_.query("UPDATE account_user SET disabled = $1 WHERE id = $2", {disabled, user_id}),
        fmt::format("user {}: no such user", user_id));
  }

  // ---- teams

  Result<Team> add_team(const Team& in) override {
    if (in.name.empty()) return invalid_input("team.name: empty");
    Team t = in;
    t.uuid = in.uuid.empty() ? random_uuid4() : to_lower(in.uuid);
    auto created = stamp("team.created_at", in.created_at);
    if (!created) return failed<Team>(created.error());
    t.created_at = std::move(*created);
    auto tx = pg::Transaction::begin(db_);
    if (!tx) return failed<Team>(tx.error());
    auto rows = db_.query(
        "INSERT INTO team (uuid, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING "
        "RETURNING id",
        {t.uuid, t.name, t.created_at});
    if (!rows) return failed<Team>(rows.error());
    if (rows->empty()) {
      auto named = db_.query("SELECT 1 FROM team WHERE name = $1", {t.name});
      if (!named) return failed<Team>(named.error());
      if (!named->empty())
        return conflict(fmt::format("team.name: a team named '{}' exists", t.name));
      return conflict(fmt::format("team.uuid: a team with uuid {} exists", t.uuid));
    }
    t.id = rows->integer(0, 0);
    if (auto r = write_team_sides(t); !r) return failed<Team>(r.error());
    if (auto c = tx->commit(); !c) return failed<Team>(c.error());
    return stored_team(t.id);
  }

  Result<Team> update_team(const Team& t) override {
    auto tx = pg::Transaction::begin(db_);
    if (!tx) return failed<Team>(tx.error());
    auto current = db_.query("SELECT name FROM team WHERE id = $1 FOR UPDATE", {t.id});
    if (!current) return failed<Team>(current.error());
    if (current->empty()) return not_found(fmt::format("team.id: no team {}", t.id));
    if (!t.name.empty() && t.name != current->text(0, 0)) {
      auto renamed = db_.query(
          "UPDATE team SET name = $1 WHERE id = $2 AND NOT EXISTS (SELECT 1 FROM team WHERE name "
          "= $1)",
          {t.name, t.id});
      if (!renamed) return failed<Team>(renamed.error());
      if (renamed->affected() == 0)
        return conflict(fmt::format("team.name: a team named '{}' exists", t.name));
    }
    for (std::string_view table : {"team_permission", "team_product", "team_member"}) {
      auto del = db_.query(fmt::format("DELETE FROM {} WHERE team_id = $1", table), {t.id});
      if (!del) return failed<Team>(del.error());
    }
    if (auto r = write_team_sides(t); !r) return failed<Team>(r.error());
    if (auto c = tx->commit(); !c) return failed<Team>(c.error());
    return stored_team(t.id);
  }

  Result<std::optional<Team>> team(std::string_view name) override {
    return one_team(db_.query(fmt::format("{} WHERE t.name = $1", kTeamSelect), {name}));
  }

  Result<std::optional<Team>> team_by_id(std::int64_t id) override {
    return one_team(db_.query(fmt::format("{} WHERE t.id = $1", kTeamSelect), {id}));
  }

  Result<std::vector<Team>> teams() override {
    return all_teams(db_.query(fmt::format("{} ORDER BY t.name", kTeamSelect)));
  }

  Result<std::vector<Team>> teams_of_user(std::int64_t user_id) override {
    return all_teams(db_.query(
        fmt::format("{} WHERE t.id IN (SELECT team_id FROM team_member WHERE user_id = $1) ORDER "
                    "BY t.name",
                    kTeamSelect),
        {user_id}));
  }

  Result<void> grant_product(std::int64_t team_id, std::int64_t product_id) override {
    auto rows = db_.query(
        "INSERT INTO team_product (team_id, product_id) SELECT id, $2 FROM team WHERE id = $1 "
        "ON CONFLICT DO NOTHING RETURNING team_id",
        {team_id, product_id});
    if (!rows) return failed<void>(rows.error());
    if (!rows->empty()) return {};
    auto exists = db_.query("SELECT 1 FROM team WHERE id = $1", {team_id});
    if (!exists) return failed<void>(exists.error());
    if (exists->empty()) return not_found(fmt::format("team.id: no team {}", team_id));
    return {};
  }

  // ---- API keys

  Result<ApiKey> add_key(const ApiKey& in) override {
    if (in.public_id.empty()) return invalid_input("key.public_id: empty");
    if (in.secret_hash.empty()) return invalid_input("key.secret_hash: empty");
    ApiKey k = in;
    auto created = stamp("key.created_at", in.created_at);
    if (!created) return failed<ApiKey>(created.error());
    k.created_at = std::move(*created);
    auto expires = stamp("key.expires_at", in.expires_at, false);
    if (!expires) return failed<ApiKey>(expires.error());
    k.expires_at = std::move(*expires);
    auto used = stamp("key.last_used_at", in.last_used_at, false);
    if (!used) return failed<ApiKey>(used.error());
    k.last_used_at = std::move(*used);
    auto team_exists = db_.query("SELECT 1 FROM team WHERE id = $1", {k.team_id});
    if (!team_exists) return failed<ApiKey>(team_exists.error());
    if (team_exists->empty()) return not_found(fmt::format("key.team_id: no team {}", k.team_id));
    auto rows = db_.query(
        "INSERT INTO api_key (public_id, secret_hash, team_id, comment, created_at, expires_at, "
        "last_used_at, revoked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (public_id) "
        "DO NOTHING RETURNING id",
        {k.public_id, k.secret_hash, k.team_id, k.comment, k.created_at, k.expires_at,
         k.last_used_at, k.revoked});
    if (!rows) return failed<ApiKey>(rows.error());
    if (rows->empty())
      return conflict(fmt::format("key.public_id: a key with public id {} exists", k.public_id));
    k.id = rows->integer(0, 0);
    return k;
  }

  Result<std::optional<ApiKey>> key(std::string_view public_id) override {
    return first_of(
        db_.query(fmt::format("SELECT {} FROM api_key WHERE public_id = $1", kKeyColumns),
                  {public_id}),
        read_key);
  }

  Result<std::vector<ApiKey>> keys(std::int64_t team_id) override {
    return all_of(
        db_.query(fmt::format("SELECT {} FROM api_key WHERE $1 = 0 OR team_id = $1 ORDER BY id",
                              kKeyColumns),
                  {team_id}),
        read_key);
  }

  Result<void> touch_key(std::int64_t key_id, const std::string& at) override {
    auto when = stamp("at", at);
    if (!when) return failed<void>(when.error());
    return changed(db_.query("UPDATE api_key SET last_used_at = $1 WHERE id = $2", {*when, key_id}),
                   fmt::format("key {}: no such key", key_id));
  }

  Result<void> revoke_key(std::int64_t key_id) override {
    return changed(db_.query("UPDATE api_key SET revoked = true WHERE id = $1", {key_id}),
                   fmt::format("key {}: no such key", key_id));
  }

  // ---- sessions

  Result<void> add_session(const Session& in) override {
    if (in.token_hash.empty()) return invalid_input("session.token_hash: empty");
    auto created = stamp("session.created_at", in.created_at);
    if (!created) return failed<void>(created.error());
    if (in.expires_at.empty()) return invalid_input("session.expires_at: empty");
    auto expires = stamp("session.expires_at", in.expires_at);
    if (!expires) return failed<void>(expires.error());
    auto rows = db_.query(
        "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) VALUES "
        "($1, $2, $3, $4, $5) ON CONFLICT (token_hash) DO NOTHING",
        {in.token_hash, in.user_id, in.csrf_token, *created, *expires});
    if (!rows) return failed<void>(rows.error());
    if (rows->affected() == 0)
      return conflict("session.token_hash: a session with this token exists");
    return {};
  }

  Result<std::optional<Session>> session(std::string_view token_hash) override {
    return first_of(db_.query("SELECT token_hash, user_id, csrf_token, created_at, expires_at "
                              "FROM session WHERE token_hash = $1",
                              {token_hash}),
                    read_session);
  }

  Result<void> delete_session(std::string_view token_hash) override {
    return done(db_.query("DELETE FROM session WHERE token_hash = $1", {token_hash}));
  }

  Result<std::size_t> delete_expired_sessions(const std::string& now_text) override {
    auto at = stamp("now", now_text, false);
    if (!at) return failed<std::size_t>(at.error());
    if (at->empty()) return invalid_input("now: empty");
    auto rows = db_.query("DELETE FROM session WHERE expires_at <= $1", {*at});
    if (!rows) return failed<std::size_t>(rows.error());
    return rows->affected();
  }

  // ---- login throttling

  Result<void> record_login_failure(std::string_view name, const std::string& at) override {
    auto when = stamp("at", at);
    if (!when) return failed<void>(when.error());
    return done(db_.query("INSERT INTO login_failure (name, at) VALUES ($1, $2)", {name, *when}));
  }

  Result<std::size_t> login_failures_since(std::string_view name,
                                           const std::string& since) override {
    auto from = stamp("since", since, false);
    if (!from) return failed<std::size_t>(from.error());
    auto n = db_.scalar("SELECT count(*) FROM login_failure WHERE name = $1 AND at >= $2",
                        {name, *from});
    if (!n) return failed<std::size_t>(n.error());
    return static_cast<std::size_t>(*n);
  }

  Result<void> clear_login_failures(std::string_view name) override {
    return done(db_.query("DELETE FROM login_failure WHERE name = $1", {name}));
  }

  // ---- audit log

  Result<AuditEntry> append_audit(const AuditEntry& in) override {
    if (in.actor.empty()) return invalid_input("audit.actor: empty");
    if (in.action.empty()) return invalid_input("audit.action: empty");
    AuditEntry e = in;
    auto at = stamp("audit.at", in.at);
    if (!at) return failed<AuditEntry>(at.error());
    e.at = std::move(*at);
    auto tx = pg::Transaction::begin(db_);
    if (!tx) return failed<AuditEntry>(tx.error());
    if (auto l = db_.query("SELECT pg_advisory_xact_lock($1)", {kAuditLock}); !l)
      return failed<AuditEntry>(l.error());
    auto seq = db_.scalar(
        "INSERT INTO audit_log (at, actor, action, object, product_id, before, after, "
        "request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq",
        {e.at, e.actor, e.action, e.object, e.product_id, e.before, e.after, e.request_id});
    if (!seq) return failed<AuditEntry>(seq.error());
    e.seq = *seq;
    if (auto c = tx->commit(); !c) return failed<AuditEntry>(c.error());
    return e;
  }

  Result<std::vector<AuditEntry>> audit(const AuditQuery& q) override {
    const auto limit = static_cast<std::int64_t>(std::min<std::size_t>(q.limit, INT64_MAX));
    if (!q.product_ids)
      return all_of(
          db_.query(fmt::format("SELECT {} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
                                kAuditColumns),
                    {q.after_seq, limit}),
          read_audit);
    // Entries about no product (product_id 0) are for unfiltered queries only.
    std::vector<std::int64_t> ids;
    for (auto id : *q.product_ids)
      if (id != 0) ids.push_back(id);
    return all_of(db_.query(fmt::format("SELECT {} FROM audit_log WHERE seq > $1 AND product_id = "
                                        "ANY ($3::bigint[]) ORDER BY seq LIMIT $2",
                                        kAuditColumns),
                            {q.after_seq, limit, pg::array_literal(ids)}),
                  read_audit);
  }

  // ---- releases

  Result<std::string> release_uuid(std::int64_t release_id) override {
    for (int attempt = 0; attempt < 4; ++attempt) {  // a UUID collision is next to impossible
      auto existing = uuid_of(release_id);
      if (!existing) return failed<std::string>(existing.error());
      if (*existing) return std::move(**existing);
      // Another server may assign it meanwhile: the first insert wins, everyone reads it back.
      auto ins = db_.query(
          "INSERT INTO release_uuids (release_id, uuid) VALUES ($1, $2) ON CONFLICT DO NOTHING",
          {release_id, random_uuid4()});
      if (!ins) return failed<std::string>(ins.error());
    }
    return make_error(ErrorCode::kInternal,
                      fmt::format("release {}: no unused uuid could be drawn", release_id));
  }

  Result<std::optional<std::int64_t>> release_by_uuid(std::string_view uuid) override {
    return first_of(
        db_.query("SELECT release_id FROM release_uuids WHERE uuid = $1", {to_lower(uuid)}),
        [](const Row& r) { return r.integer(0); });
  }

  Result<void> archive_release(std::int64_t release_id, const std::string& at) override {
    auto when = stamp("at", at);
    if (!when) return failed<void>(when.error());
    return done(db_.query(
        "INSERT INTO release_archive (release_id, archived_at) VALUES ($1, $2) ON CONFLICT DO "
        "NOTHING",
        {release_id, *when}));
  }

  Result<bool> archived(std::int64_t release_id) override {
    auto rows = db_.query("SELECT 1 FROM release_archive WHERE release_id = $1", {release_id});
    if (!rows) return failed<bool>(rows.error());
    return !rows->empty();
  }

 private:
  static Result<void> done(Result<pg::Rows> r) {
    if (!r) return failed<void>(std::move(r).error());
    return {};
  }

  // An UPDATE's outcome: kNotFound (with `missing`) when it matched no row.
  static Result<void> changed(Result<pg::Rows> r, std::string missing) {
    if (!r) return failed<void>(std::move(r).error());
    if (r->affected() == 0) return not_found(std::move(missing));
    return {};
  }

  Result<std::optional<std::string>> uuid_of(std::int64_t release_id) {
    return first_of(db_.query("SELECT uuid FROM release_uuids WHERE release_id = $1", {release_id}),
                    [](const Row& r) { return std::string(r.text(0)); });
  }

  // Inserts the team's permissions, products and members (the rows are absent); every member
  // must be a user.
  Result<void> write_team_sides(const Team& t) {
    std::vector<std::string> names;
    for (Permission p : t.permissions) names.emplace_back(permission_name(p));
    if (auto r = db_.query(
            "INSERT INTO team_permission (team_id, permission) SELECT $1, unnest($2::text[]) ON "
            "CONFLICT DO NOTHING",
            {t.id, pg::array_literal(names)});
        !r)
      return failed<void>(r.error());
    if (auto r = db_.query(
            "INSERT INTO team_product (team_id, product_id) SELECT $1, unnest($2::bigint[]) ON "
            "CONFLICT DO NOTHING",
            {t.id, pg::array_literal(t.product_ids)});
        !r)
      return failed<void>(r.error());
    const std::string members = pg::array_literal(t.user_ids);
    auto missing = db_.query(
        "SELECT u.id FROM unnest($1::bigint[]) WITH ORDINALITY AS u (id, n) WHERE NOT EXISTS "
        "(SELECT 1 FROM account_user WHERE account_user.id = u.id) ORDER BY u.n LIMIT 1",
        {members});
    if (!missing) return failed<void>(missing.error());
    if (!missing->empty())
      return not_found(fmt::format("team.user_ids: no user {}", missing->integer(0, 0)));
    return done(db_.query(
        "INSERT INTO team_member (team_id, user_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT "
        "DO NOTHING",
        {t.id, members}));
  }

  static Result<std::vector<Team>> all_teams(Result<pg::Rows> rows) {
    if (!rows) return failed<std::vector<Team>>(std::move(rows).error());
    std::vector<Team> out;
    for (int i = 0; i < rows->size(); ++i) {
      auto t = read_team((*rows)[i]);
      if (!t) return failed<std::vector<Team>>(std::move(t).error());
      out.push_back(std::move(*t));
    }
    return out;
  }

  static Result<std::optional<Team>> one_team(Result<pg::Rows> rows) {
    auto all = all_teams(std::move(rows));
    if (!all) return failed<std::optional<Team>>(std::move(all).error());
    if (all->empty()) return std::optional<Team>{};
    return std::optional<Team>(std::move(all->front()));
  }

  Result<Team> stored_team(std::int64_t id) {
    auto t = team_by_id(id);
    if (!t) return failed<Team>(std::move(t).error());
    if (!*t) return not_found(fmt::format("team.id: no team {}", id));
    return std::move(**t);
  }

  pg::Connection db_;
};

}  // namespace

Result<std::unique_ptr<AccountStore>> AccountStore::open_postgresql(const std::string& url) {
  return pg::open_store<PgAccountStore, AccountStore>(url);
}

}  // namespace bulwark::accounts
