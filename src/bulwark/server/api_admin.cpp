// Administration in the native API (spec: api/openapi.yaml, tag admin): users (list, create,
// disable, enable), teams (list, create, replace permissions/products/members) and API keys (list
// without secrets, create returning the key once, revoke). Permission "administer"; every change
// is one audit entry (never with a password or key in it). The use cases are service/access.hpp.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/server/internal.hpp"
#include "bulwark/service/access.hpp"

namespace bulwark::server::detail {
namespace {

using accounts::Permission;
using nlohmann::json;
using nlohmann::ordered_json;

ordered_json user_json(const accounts::User& u, const std::vector<std::string>& teams) {
  return {
      {"name", u.name}, {"disabled", u.disabled}, {"created_at", u.created_at}, {"teams", teams}};
}

ordered_json team_json(const service::TeamSummary& s) {
  ordered_json perms = ordered_json::array();
  for (auto p : s.team.permissions) perms.push_back(std::string(accounts::permission_name(p)));
  return {{"name", s.team.name},    {"uuid", s.team.uuid},  {"permissions", perms},
          {"products", s.products}, {"members", s.members}, {"created_at", s.team.created_at}};
}

ordered_json key_json(const accounts::ApiKey& k, const std::string& team) {
  return {{"public_id", k.public_id},   {"team", team},
          {"comment", k.comment},       {"created_at", k.created_at},
          {"expires_at", k.expires_at}, {"last_used_at", k.last_used_at},
          {"revoked", k.revoked}};
}

// A string member of the body ("" when absent); kInvalidInput naming it when not a string.
Result<std::string> text(const json& body, const char* name, bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return invalid_input(fmt::format("{}: required", name));
    return std::string();
  }
  if (!it->is_string()) return invalid_input(fmt::format("{}: a string is required", name));
  return it->get<std::string>();
}

// An array of strings (empty when absent), at most 1000 entries.
Result<std::vector<std::string>> names(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::vector<std::string>();
  if (!it->is_array() || it->size() > 1000)
    return invalid_input(fmt::format("{}: an array of at most 1000 strings is required", name));
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string()) return invalid_input(fmt::format("{}: every entry must be a string", name));
    out.push_back(v.get<std::string>());
  }
  return out;
}

Response audited(Ctx& ctx, const std::string& action, const std::string& object,
                 const std::string& before, const std::string& after, Response ok) {
  if (auto a = service::audit(*ctx.db.accounts, ctx.who, action, object, 0, before, after,
                              ctx.req.request_id, ctx.clock);
      !a)
    return problem_of(a.error());
  return ok;
}

// ---- users

Response list_users(Ctx& ctx) {
  auto users = service::list_users(*ctx.db.accounts);
  if (!users) return problem_of(users.error());
  ordered_json out = ordered_json::array();
  for (const auto& u : *users) out.push_back(user_json(u.user, u.teams));
  return Response::json(200, ordered_json{{"items", out}}.dump());
}

Response create_user(Ctx& ctx) {
  auto body = json_body(ctx.req);
  if (!body) return problem_of(body.error());
  auto name = text(*body, "name", true);
  if (!name) return problem_of(name.error());
  auto password = text(*body, "password", true);
  if (!password) return problem_of(password.error());
  if (password->size() > 1024)
    return problem(400, "Bad Request", "at most 1024 characters", "password");
  auto u = service::add_user(*ctx.db.accounts, *name, *password, ctx.clock);
  if (!u) return problem_of(u.error());
  const auto j = user_json(*u, {}).dump();
  return audited(ctx, "user.add", "user:" + u->name, "", j, Response::json(201, j));
}

Response set_disabled(Ctx& ctx, bool disabled) {
  const std::string& name = ctx.params["name"];
  auto u = service::set_user_disabled(*ctx.db.accounts, name, disabled, ctx.who);
  if (!u) return problem_of(u.error());
  const auto j = user_json(*u, {}).dump();
  return audited(ctx, disabled ? "user.disable" : "user.enable", "user:" + u->name,
                 json{{"disabled", !disabled}}.dump(), json{{"disabled", disabled}}.dump(),
                 Response::json(200, j));
}

Response disable_user(Ctx& ctx) { return set_disabled(ctx, true); }
Response enable_user(Ctx& ctx) { return set_disabled(ctx, false); }

// ---- teams

Result<service::TeamInput> team_input(const json& body, std::string name) {
  service::TeamInput in;
  in.name = std::move(name);
  auto perms = names(body, "permissions");
  if (!perms) return std::unexpected(perms.error());
  auto products = names(body, "products");
  if (!products) return std::unexpected(products.error());
  auto members = names(body, "members");
  if (!members) return std::unexpected(members.error());
  in.permissions = std::move(*perms);
  in.products = std::move(*products);
  in.members = std::move(*members);
  return in;
}

Result<std::string> team_text(Ctx& ctx, const std::string& name) {
  auto all = service::list_teams(*ctx.db.accounts, *ctx.db.portfolio);
  if (!all) return std::unexpected(all.error());
  for (const auto& t : *all)
    if (t.team.name == name) return team_json(t).dump();
  return std::string();
}

Response list_teams(Ctx& ctx) {
  auto teams = service::list_teams(*ctx.db.accounts, *ctx.db.portfolio);
  if (!teams) return problem_of(teams.error());
  ordered_json out = ordered_json::array();
  for (const auto& t : *teams) out.push_back(team_json(t));
  return Response::json(200, ordered_json{{"items", out}}.dump());
}

Response create_team(Ctx& ctx) {
  auto body = json_body(ctx.req);
  if (!body) return problem_of(body.error());
  auto name = text(*body, "name", true);
  if (!name) return problem_of(name.error());
  auto in = team_input(*body, *name);
  if (!in) return problem_of(in.error());
  auto t = service::add_team(*ctx.db.accounts, *ctx.db.portfolio, *in, ctx.clock);
  if (!t) return problem_of(t.error());
  auto j = team_text(ctx, t->name);
  if (!j) return problem_of(j.error());
  return audited(ctx, "team.add", "team:" + t->name, "", *j, Response::json(201, *j));
}

Response update_team(Ctx& ctx) {
  auto body = json_body(ctx.req);
  if (!body) return problem_of(body.error());
  const std::string& name = ctx.params["name"];
  auto before = team_text(ctx, name);
  if (!before) return problem_of(before.error());
  if (before->empty())
    return problem(404, "Not Found", "team '" + name.substr(0, 128) + "' does not exist");
  auto in = team_input(*body, name);
  if (!in) return problem_of(in.error());
  auto t = service::update_team(*ctx.db.accounts, *ctx.db.portfolio, *in);
  if (!t) return problem_of(t.error());
  auto j = team_text(ctx, t->name);
  if (!j) return problem_of(j.error());
  return audited(ctx, "team.update", "team:" + t->name, *before, *j, Response::json(200, *j));
}

// ---- API keys

Response list_keys(Ctx& ctx) {
  auto keys = service::list_api_keys(*ctx.db.accounts);
  if (!keys) return problem_of(keys.error());
  ordered_json out = ordered_json::array();
  for (const auto& k : *keys) out.push_back(key_json(k.key, k.team));
  return Response::json(200, ordered_json{{"items", out}}.dump());
}

Response create_key(Ctx& ctx) {
  auto body = json_body(ctx.req);
  if (!body) return problem_of(body.error());
  auto team = text(*body, "team", true);
  if (!team) return problem_of(team.error());
  auto comment = text(*body, "comment", false);
  if (!comment) return problem_of(comment.error());
  auto expires = text(*body, "expires_at", false);
  if (!expires) return problem_of(expires.error());
  auto k = service::create_api_key(*ctx.db.accounts, *team, *comment, *expires, ctx.clock);
  if (!k) return problem_of(k.error());
  auto listed = key_json(k->key, *team);
  const std::string audit_text = listed.dump();  // without the key
  listed["key"] = k->secret;                     // shown once, in this answer only
  auto r = Response::json(201, listed.dump());
  r.set("Cache-Control", "no-store");
  return audited(ctx, "apikey.create", "apikey:" + k->key.public_id, "", audit_text, std::move(r));
}

Response revoke_key(Ctx& ctx) {
  auto k = service::revoke_api_key(*ctx.db.accounts, ctx.params["id"]);
  if (!k) return problem_of(k.error());
  return audited(ctx, "apikey.revoke", "apikey:" + k->public_id, json{{"revoked", false}}.dump(),
                 json{{"revoked", true}}.dump(), Response::empty(204));
}

}  // namespace

void add_admin_routes(Router& r) {
  using P = Permission;
  const std::string b = "/api/bulwark/v1/admin";
  r.add("GET", b + "/users", Api::kNative, P::kAdminister,
        csv_list(list_users, {"items", "users", {}}));
  r.add("POST", b + "/users", Api::kNative, P::kAdminister, create_user);
  r.add("POST", b + "/users/{name}/disable", Api::kNative, P::kAdminister, disable_user);
  r.add("POST", b + "/users/{name}/enable", Api::kNative, P::kAdminister, enable_user);
  r.add("GET", b + "/teams", Api::kNative, P::kAdminister,
        csv_list(list_teams, {"items", "teams", {}}));
  r.add("POST", b + "/teams", Api::kNative, P::kAdminister, create_team);
  r.add("PUT", b + "/teams/{name}", Api::kNative, P::kAdminister, update_team);
  r.add("GET", b + "/api-keys", Api::kNative, P::kAdminister,
        csv_list(list_keys, {"items", "api-keys", {}}));
  r.add("POST", b + "/api-keys", Api::kNative, P::kAdminister, create_key);
  r.add("DELETE", b + "/api-keys/{id}", Api::kNative, P::kAdminister, revoke_key);
}

}  // namespace bulwark::server::detail
