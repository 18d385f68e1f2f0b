// Accounts and access (issue 11): the use cases behind `bulwark user add | team add | apikey
// create` and the server's authentication: API keys (shown once, stored as a hash, expiry and
// last use), password logins (Argon2id, rate-limited) with server-side sessions and CSRF tokens,
// the effective permissions and products of a principal, and the one audit log writer.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bulwark/accounts/store.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"

namespace bulwark::portfolio {
class Store;
}

namespace bulwark::service {

// Who is calling, with the union of its teams' permissions and products.
struct Principal {
  std::string actor;  // "user:alice", "key:ab12cd34", "cli"
  std::int64_t user_id = 0;
  std::int64_t key_id = 0;
  std::int64_t key_team_id = 0;  // the team an API key belongs to
  std::vector<std::int64_t> team_ids;
  std::set<accounts::Permission> permissions;
  std::set<std::int64_t> product_ids;
  std::string csrf_token;  // for a session: required on unsafe requests

  bool can(accounts::Permission p) const;
  bool admin() const { return can(accounts::Permission::kAdminister); }
  // Administrators see every product; others their teams' products.
  bool sees(std::int64_t product_id) const;
};

// Builds the principal of a set of teams (a user's or a key's).
Principal principal_of(std::string actor, const std::vector<accounts::Team>& teams);

Result<accounts::User> add_user(accounts::AccountStore& store, const std::string& name,
                                const std::string& password, const Clock& clock);

struct TeamInput {
  std::string name;
  std::vector<std::string> products;     // product names (must exist)
  std::vector<std::string> permissions;  // names; empty: upload and view
  std::vector<std::string> members;      // user names (must exist)
};
Result<accounts::Team> add_team(accounts::AccountStore& store, portfolio::Store& portfolio,
                                const TeamInput& in, const Clock& clock);

// Replaces an existing team's permissions, products and members (in.name names the team).
Result<accounts::Team> update_team(accounts::AccountStore& store, portfolio::Store& portfolio,
                                   const TeamInput& in);

// Administration (the server's /admin API): lists without secrets, disabling users, revoking keys.
struct UserSummary {
  accounts::User user;  // password_hash cleared
  std::vector<std::string> teams;
};
Result<std::vector<UserSummary>> list_users(accounts::AccountStore& store);
// kConflict when `by` would disable their own account.
Result<accounts::User> set_user_disabled(accounts::AccountStore& store, const std::string& name,
                                         bool disabled, const Principal& by);
struct TeamSummary {
  accounts::Team team;
  std::vector<std::string> products, members;  // names
};
Result<std::vector<TeamSummary>> list_teams(accounts::AccountStore& store,
                                            portfolio::Store& portfolio);
struct KeySummary {
  accounts::ApiKey key;  // secret_hash cleared
  std::string team;
};
Result<std::vector<KeySummary>> list_api_keys(accounts::AccountStore& store);
Result<accounts::ApiKey> revoke_api_key(accounts::AccountStore& store,
                                        const std::string& public_id);

struct CreatedKey {
  accounts::ApiKey key;
  std::string secret;  // the whole key, shown once
};
// expires_at: RFC 3339 or empty (never).
Result<CreatedKey> create_api_key(accounts::AccountStore& store, const std::string& team,
                                  const std::string& comment, const std::string& expires_at,
                                  const Clock& clock);

// The principal of an API key; nullopt when the key is malformed, unknown, revoked or expired.
Result<std::optional<Principal>> authenticate_key(accounts::AccountStore& store,
                                                  std::string_view key, const Clock& clock);

inline constexpr int kLoginFailuresAllowed = 5;  // per name within kLoginWindowMinutes
inline constexpr int kLoginWindowMinutes = 15;
inline constexpr int kSessionHours = 8;

struct LoginResult {
  std::string token;  // the cookie value (shown once; stored as its hash)
  std::string csrf_token;
  std::string expires_at;
  Principal principal;
};
// kInvalidInput (401) on a wrong name or password, kPrecondition (429) when the name is
// throttled after kLoginFailuresAllowed failures.
Result<LoginResult> login(accounts::AccountStore& store, const std::string& name,
                          const std::string& password, const Clock& clock);
Result<std::optional<Principal>> authenticate_session(accounts::AccountStore& store,
                                                      std::string_view token, const Clock& clock);
Result<void> logout(accounts::AccountStore& store, std::string_view token);

// Appends to the one audit log.
Result<void> audit(accounts::AccountStore& store, const Principal& who, std::string action,
                   std::string object, std::int64_t product_id, std::string before,
                   std::string after, std::string request_id, const Clock& clock);

}  // namespace bulwark::service
