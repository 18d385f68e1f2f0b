#include "bulwark/service/access.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "bulwark/accounts/secrets.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::service {
namespace {

using accounts::Permission;

Result<std::string> shifted(const Clock& clock, std::chrono::seconds by) {
  auto t = clock.now();
  if (!t) return std::unexpected(t.error());
  return format_rfc3339(*t + by);
}

// Comparison whose time does not depend on where the strings differ.
bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

bool valid_name(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (unsigned char c : s)
    if (c < 0x21 || c == 0x7f) return false;
  return true;
}

}  // namespace

bool Principal::can(Permission p) const {
  return permissions.contains(p) || permissions.contains(Permission::kAdminister);
}

bool Principal::sees(std::int64_t product_id) const {
  return admin() || product_ids.contains(product_id);
}

Principal principal_of(std::string actor, const std::vector<accounts::Team>& teams) {
  Principal p;
  p.actor = std::move(actor);
  for (const auto& t : teams) {
    p.team_ids.push_back(t.id);
    p.permissions.insert(t.permissions.begin(), t.permissions.end());
    p.product_ids.insert(t.product_ids.begin(), t.product_ids.end());
  }
  return p;
}

Result<accounts::User> add_user(accounts::AccountStore& store, const std::string& name,
                                const std::string& password, const Clock& clock) {
  if (!valid_name(name))
    return invalid_input("name: a user name has 1 to 128 printable characters");
  if (password.size() < 12)
    return invalid_input("password: at least 12 characters (user '" + name + "')");
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  auto hash = accounts::hash_password(password);
  if (!hash) return std::unexpected(hash.error());
  accounts::User u;
  u.name = name;
  u.password_hash = *hash;
  u.created_at = *now;
  return store.add_user(u);
}

namespace {

// The permissions, products and members of a team input, resolved into t.
Result<void> resolve_team(accounts::AccountStore& store, portfolio::Store& portfolio,
                          const TeamInput& in, accounts::Team& t) {
  t.permissions.clear();
  t.product_ids.clear();
  t.user_ids.clear();
  if (in.permissions.empty()) {
    t.permissions = {Permission::kUpload, Permission::kView};
  } else {
    for (const auto& name : in.permissions) {
      auto p = accounts::parse_permission(name);
      if (!p) {
        std::vector<std::string> known;
        for (auto q : accounts::all_permissions()) known.emplace_back(accounts::permission_name(q));
        return invalid_input(
            fmt::format("permissions: '{}' is not one of {}", name, join(known, ", ")));
      }
      if (std::find(t.permissions.begin(), t.permissions.end(), *p) == t.permissions.end())
        t.permissions.push_back(*p);
    }
  }
  for (const auto& name : in.products) {
    auto p = portfolio.product(name);
    if (!p) return std::unexpected(p.error());
    if (!*p) return invalid_input("products: product '" + name + "' does not exist");
    if (std::find(t.product_ids.begin(), t.product_ids.end(), (*p)->id) == t.product_ids.end())
      t.product_ids.push_back((*p)->id);
  }
  for (const auto& name : in.members) {
    auto u = store.user(name);
    if (!u) return std::unexpected(u.error());
    if (!*u) return invalid_input("members: user '" + name + "' does not exist");
    if (std::find(t.user_ids.begin(), t.user_ids.end(), (*u)->id) == t.user_ids.end())
      t.user_ids.push_back((*u)->id);
  }
  return {};
}

}  // namespace

Result<accounts::Team> add_team(accounts::AccountStore& store, portfolio::Store& portfolio,
                                const TeamInput& in, const Clock& clock) {
  if (!valid_name(in.name))
    return invalid_input("name: a team name has 1 to 128 printable characters");
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  accounts::Team t;
  t.name = in.name;
  t.created_at = *now;
  if (auto r = resolve_team(store, portfolio, in, t); !r) return std::unexpected(r.error());
  return store.add_team(t);
}

Result<accounts::Team> update_team(accounts::AccountStore& store, portfolio::Store& portfolio,
                                   const TeamInput& in) {
  auto existing = store.team(in.name);
  if (!existing) return std::unexpected(existing.error());
  if (!*existing) return not_found("team '" + in.name.substr(0, 128) + "' does not exist");
  accounts::Team t = **existing;
  if (auto r = resolve_team(store, portfolio, in, t); !r) return std::unexpected(r.error());
  return store.update_team(t);
}

Result<std::vector<UserSummary>> list_users(accounts::AccountStore& store) {
  auto users = store.users();
  if (!users) return std::unexpected(users.error());
  auto teams = store.teams();
  if (!teams) return std::unexpected(teams.error());
  std::vector<UserSummary> out;
  out.reserve(users->size());
  for (auto& u : *users) {
    UserSummary s;
    u.password_hash.clear();
    for (const auto& t : *teams)
      if (std::find(t.user_ids.begin(), t.user_ids.end(), u.id) != t.user_ids.end())
        s.teams.push_back(t.name);
    s.user = std::move(u);
    out.push_back(std::move(s));
  }
  return out;
}

Result<accounts::User> set_user_disabled(accounts::AccountStore& store, const std::string& name,
                                         bool disabled, const Principal& by) {
  auto u = store.user(name);
  if (!u) return std::unexpected(u.error());
  if (!*u) return not_found("user '" + name.substr(0, 128) + "' does not exist");
  if (disabled && by.user_id == (*u)->id)
    return conflict("name: an administrator cannot disable their own account");
  if (auto r = store.set_user_disabled((*u)->id, disabled); !r) return std::unexpected(r.error());
  accounts::User out = **u;
  out.disabled = disabled;
  out.password_hash.clear();
  return out;
}

Result<std::vector<TeamSummary>> list_teams(accounts::AccountStore& store,
                                            portfolio::Store& portfolio) {
  auto teams = store.teams();
  if (!teams) return std::unexpected(teams.error());
  auto products = portfolio.products();
  if (!products) return std::unexpected(products.error());
  auto users = store.users();
  if (!users) return std::unexpected(users.error());
  std::vector<TeamSummary> out;
  for (auto& t : *teams) {
    TeamSummary s;
    for (const auto& p : *products)
      if (std::find(t.product_ids.begin(), t.product_ids.end(), p.id) != t.product_ids.end())
        s.products.push_back(p.name);
    for (const auto& u : *users)
      if (std::find(t.user_ids.begin(), t.user_ids.end(), u.id) != t.user_ids.end())
        s.members.push_back(u.name);
    s.team = std::move(t);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<KeySummary>> list_api_keys(accounts::AccountStore& store) {
  auto keys = store.keys(0);
  if (!keys) return std::unexpected(keys.error());
  auto teams = store.teams();
  if (!teams) return std::unexpected(teams.error());
  std::vector<KeySummary> out;
  for (auto& k : *keys) {
    KeySummary s;
    for (const auto& t : *teams)
      if (t.id == k.team_id) s.team = t.name;
    k.secret_hash.clear();
    s.key = std::move(k);
    out.push_back(std::move(s));
  }
  return out;
}

Result<accounts::ApiKey> revoke_api_key(accounts::AccountStore& store,
                                        const std::string& public_id) {
  auto k = store.key(public_id);
  if (!k) return std::unexpected(k.error());
  if (!*k) return not_found("API key '" + public_id.substr(0, 64) + "' does not exist");
  if (!(*k)->revoked)
    if (auto r = store.revoke_key((*k)->id); !r) return std::unexpected(r.error());
  accounts::ApiKey out = **k;
  out.revoked = true;
  out.secret_hash.clear();
  return out;
}

Result<CreatedKey> create_api_key(accounts::AccountStore& store, const std::string& team,
                                  const std::string& comment, const std::string& expires_at,
                                  const Clock& clock) {
  auto t = store.team(team);
  if (!t) return std::unexpected(t.error());
  if (!*t) return invalid_input("team: team '" + team.substr(0, 128) + "' does not exist");
  if (!expires_at.empty() && !parse_rfc3339(expires_at))
    return invalid_input("expires_at: '" + expires_at.substr(0, 64) +
                         "' is not an RFC 3339 date-time");
  if (comment.size() > 1024) return invalid_input("comment: at most 1024 characters");
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  auto fresh = accounts::new_api_key();
  accounts::ApiKey k;
  k.public_id = fresh.public_id;
  k.secret_hash = fresh.secret_hash;
  k.team_id = (*t)->id;
  k.comment = comment;
  k.created_at = *now;
  if (!expires_at.empty()) k.expires_at = format_rfc3339(*parse_rfc3339(expires_at));
  auto stored = store.add_key(k);
  if (!stored) return std::unexpected(stored.error());
  return CreatedKey{*stored, fresh.key};
}

Result<std::optional<Principal>> authenticate_key(accounts::AccountStore& store,
                                                  std::string_view key, const Clock& clock) {
  auto id = accounts::key_public_id(key);
  if (!id) return std::optional<Principal>();
  auto k = store.key(*id);
  if (!k) return std::unexpected(k.error());
  if (!*k || (*k)->revoked) return std::optional<Principal>();
  const auto hash = accounts::key_hash(key);
  if (!constant_time_equal(hash, (*k)->secret_hash)) return std::optional<Principal>();
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  if (!(*k)->expires_at.empty() && (*k)->expires_at <= *now) return std::optional<Principal>();
  auto team = store.team_by_id((*k)->team_id);
  if (!team) return std::unexpected(team.error());
  if (!*team) return std::optional<Principal>();
  // Last use, at most once a minute per key (a write per request would serialise the server).
  if ((*k)->last_used_at.empty() || (*k)->last_used_at.substr(0, 16) != now->substr(0, 16))
    if (auto x = store.touch_key((*k)->id, *now); !x) return std::unexpected(x.error());
  auto p = principal_of("key:" + (*k)->public_id, {**team});
  p.key_id = (*k)->id;
  p.key_team_id = (*team)->id;
  return std::optional<Principal>(std::move(p));
}

Result<LoginResult> login(accounts::AccountStore& store, const std::string& name,
                          const std::string& password, const Clock& clock) {
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  auto since = shifted(clock, -std::chrono::minutes(kLoginWindowMinutes));
  if (!since) return std::unexpected(since.error());
  auto failures = store.login_failures_since(name, *since);
  if (!failures) return std::unexpected(failures.error());
  if (*failures >= static_cast<std::size_t>(kLoginFailuresAllowed))
    return precondition_failed("too many failed logins for this user; try again later");
  auto u = store.user(name);
  if (!u) return std::unexpected(u.error());
  const bool ok = *u && !(*u)->disabled && accounts::verify_password(password, (*u)->password_hash);
  if (!ok) {
    if (auto x = store.record_login_failure(name, *now); !x) return std::unexpected(x.error());
    return invalid_input("wrong user name or password");
  }
  if (auto x = store.clear_login_failures(name); !x) return std::unexpected(x.error());
  auto teams = store.teams_of_user((*u)->id);
  if (!teams) return std::unexpected(teams.error());
  LoginResult out;
  out.token = accounts::random_token(32);
  out.csrf_token = accounts::random_token(24);
  auto expires = shifted(clock, std::chrono::hours(kSessionHours));
  if (!expires) return std::unexpected(expires.error());
  out.expires_at = *expires;
  accounts::Session s;
  s.token_hash = accounts::key_hash(out.token);
  s.user_id = (*u)->id;
  s.csrf_token = out.csrf_token;
  s.created_at = *now;
  s.expires_at = out.expires_at;
  if (auto x = store.add_session(s); !x) return std::unexpected(x.error());
  out.principal = principal_of("user:" + name, *teams);
  out.principal.user_id = (*u)->id;
  out.principal.csrf_token = out.csrf_token;
  return out;
}

Result<std::optional<Principal>> authenticate_session(accounts::AccountStore& store,
                                                      std::string_view token, const Clock& clock) {
  if (token.empty() || token.size() > 256) return std::optional<Principal>();
  auto s = store.session(accounts::key_hash(token));
  if (!s) return std::unexpected(s.error());
  if (!*s) return std::optional<Principal>();
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  if ((*s)->expires_at <= *now) return std::optional<Principal>();
  auto u = store.user_by_id((*s)->user_id);
  if (!u) return std::unexpected(u.error());
  if (!*u || (*u)->disabled) return std::optional<Principal>();
  auto teams = store.teams_of_user((*u)->id);
  if (!teams) return std::unexpected(teams.error());
  auto p = principal_of("user:" + (*u)->name, *teams);
  p.user_id = (*u)->id;
  p.csrf_token = (*s)->csrf_token;
  return std::optional<Principal>(std::move(p));
}

Result<void> logout(accounts::AccountStore& store, std::string_view token) {
  return store.delete_session(accounts::key_hash(token));
}

Result<void> audit(accounts::AccountStore& store, const Principal& who, std::string action,
                   std::string object, std::int64_t product_id, std::string before,
                   std::string after, std::string request_id, const Clock& clock) {
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  accounts::AuditEntry e;
  e.at = *now;
  e.actor = who.actor;
  e.action = std::move(action);
  e.object = std::move(object);
  e.product_id = product_id;
  e.before = std::move(before);
  e.after = std::move(after);
  e.request_id = std::move(request_id);
  auto r = store.append_audit(e);
  if (!r) return std::unexpected(r.error());
  return {};
}

}  // namespace bulwark::service
