// Accounts and access for the team server (issue 11): users, teams with their products and
// permissions, API keys, sessions, the append-only audit log, and the stable UUIDs the
// Dependency-Track-compatible API gives releases ("projects"). An interface like
// portfolio::Store: SQLite now (the tables live in the same database file, migrated through
// vulndb/migrate.hpp as component "accounts") and PostgreSQL (pg/migrate.hpp); one contract suite
// in tests/store/accounts_store_contract_test.cpp. Secrets never reach the store in clear:
// passwords arrive as Argon2id encoded hashes, API keys and session tokens as SHA-256 hex of the
// secret (see accounts/secrets.hpp). An AccountStore is used from one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::accounts {

// Permissions, granted to teams (a user's or key's effective set is the union over its teams).
enum class Permission {
  kUpload,          // upload SBOMs (creating the product/release when the team may)
  kView,            // see products, releases, components, findings, metrics
  kTriage,          // record analyses (one and bulk), import VEX
  kManageProducts,  // create/modify/archive products and releases
  kCraReporting,    // Article 14 cases, advisories, CRA documents and evidence bundles
  kAdminister,      // users, teams, keys, audit log; sees every product
};
std::string_view permission_name(Permission p);  // "upload", "view", ...
std::optional<Permission> parse_permission(std::string_view name);
const std::vector<Permission>& all_permissions();

struct User {
  std::int64_t id = 0;
  std::string name;           // unique login name
  std::string password_hash;  // Argon2id encoded ("$argon2id$v=19$m=...")
  bool disabled = false;
  std::string created_at;
};

struct Team {
  std::int64_t id = 0;
  std::string uuid;  // lower-case, 36 characters (Dependency-Track's team/self)
  std::string name;  // unique
  std::vector<Permission> permissions;
  std::vector<std::int64_t> product_ids;  // products the team may see and change
  std::vector<std::int64_t> user_ids;     // members
  std::string created_at;
};

struct ApiKey {
  std::int64_t id = 0;
  std::string public_id;    // the part of the key shown in lists and logs ("bwk_<public_id>_...")
  std::string secret_hash;  // SHA-256 hex of the whole key
  std::int64_t team_id = 0;
  std::string comment;
  std::string created_at, expires_at /* empty: never */, last_used_at /* empty: never */;
  bool revoked = false;
};

struct Session {
  std::string token_hash;  // SHA-256 hex of the cookie value
  std::int64_t user_id = 0;
  std::string csrf_token;  // sent back in X-CSRF-Token on every unsafe request
  std::string created_at, expires_at;
};

// One append-only audit entry: who (user or key), what, on which object, before and after.
struct AuditEntry {
  std::int64_t seq = 0;         // assigned by the store, strictly increasing
  std::string at;               // RFC 3339
  std::string actor;            // "user:alice", "key:<public_id>", "cli", "system"
  std::string action;           // "triage.record", "release.upload", "team.add", ...
  std::string object;           // "product:acme-gateway", "release:acme-gateway@3.2.0", ...
  std::int64_t product_id = 0;  // 0 when not about one product (filtering by team)
  std::string before, after;    // JSON texts ("" when none)
  std::string request_id;
};

struct AuditQuery {
  std::int64_t after_seq = 0;  // keyset: entries with seq > after_seq
  std::size_t limit = 100;
  std::optional<std::vector<std::int64_t>> product_ids;  // restrict to these products (and 0?)
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // Opens (creating and migrating) the account tables in the SQLite file at `path`.
  // The store at `location`: a postgresql:// (postgres://) URL opens open_postgresql, anything
  // else open_sqlite.
  static Result<std::unique_ptr<AccountStore>> open(const std::string& location);
  static Result<std::unique_ptr<AccountStore>> open_sqlite(const std::string& path);
  // The same tables in the PostgreSQL database at `url` (postgresql://...), migrated on open.
  static Result<std::unique_ptr<AccountStore>> open_postgresql(const std::string& url);

  // Users. add_user: kConflict when the name exists.
  virtual Result<User> add_user(const User& u) = 0;
  virtual Result<std::optional<User>> user(std::string_view name) = 0;
  virtual Result<std::optional<User>> user_by_id(std::int64_t id) = 0;
  virtual Result<void> set_password(std::int64_t user_id, const std::string& password_hash) = 0;
  virtual Result<std::vector<User>> users() = 0;  // by name
  // A disabled user can neither log in nor use a session (kNotFound without the user).
  virtual Result<void> set_user_disabled(std::int64_t user_id, bool disabled) = 0;

  // Teams. add_team: kConflict when the name exists; the uuid is assigned when empty.
  virtual Result<Team> add_team(const Team& t) = 0;
  virtual Result<Team> update_team(const Team& t) = 0;  // permissions, products, members
  virtual Result<std::optional<Team>> team(std::string_view name) = 0;
  virtual Result<std::optional<Team>> team_by_id(std::int64_t id) = 0;
  virtual Result<std::vector<Team>> teams() = 0;
  virtual Result<std::vector<Team>> teams_of_user(std::int64_t user_id) = 0;
  // Gives a product to a team (idempotent).
  virtual Result<void> grant_product(std::int64_t team_id, std::int64_t product_id) = 0;

  // API keys. public_id unique (kConflict).
  virtual Result<ApiKey> add_key(const ApiKey& k) = 0;
  virtual Result<std::optional<ApiKey>> key(std::string_view public_id) = 0;
  virtual Result<std::vector<ApiKey>> keys(std::int64_t team_id /* 0: all */) = 0;
  virtual Result<void> touch_key(std::int64_t key_id, const std::string& at) = 0;
  virtual Result<void> revoke_key(std::int64_t key_id) = 0;

  // Sessions.
  virtual Result<void> add_session(const Session& s) = 0;
  virtual Result<std::optional<Session>> session(std::string_view token_hash) = 0;
  virtual Result<void> delete_session(std::string_view token_hash) = 0;
  virtual Result<std::size_t> delete_expired_sessions(const std::string& now) = 0;

  // Login throttling: failures per name within a window.
  virtual Result<void> record_login_failure(std::string_view name, const std::string& at) = 0;
  virtual Result<std::size_t> login_failures_since(std::string_view name,
                                                   const std::string& since) = 0;
  virtual Result<void> clear_login_failures(std::string_view name) = 0;

  // The audit log: append only (the database refuses UPDATE and DELETE).
  virtual Result<AuditEntry> append_audit(const AuditEntry& e) = 0;
  virtual Result<std::vector<AuditEntry>> audit(const AuditQuery& q) = 0;

  // Stable release UUIDs (Dependency-Track "project" uuid): assigned on first request.
  virtual Result<std::string> release_uuid(std::int64_t release_id) = 0;
  virtual Result<std::optional<std::int64_t>> release_by_uuid(std::string_view uuid) = 0;
  // Archived releases (DELETE /api/v1/project/{uuid}: hidden from lists, CRA evidence kept).
  virtual Result<void> archive_release(std::int64_t release_id, const std::string& at) = 0;
  virtual Result<bool> archived(std::int64_t release_id) = 0;
};

}  // namespace bulwark::accounts
