// Notification rules in the native API (spec: api/openapi.yaml, tag notifications): list, create
// (the rule document parsed by notify::rule_from_json; errors are problem+json naming the field),
// delete and test. Permission "administer": rules see every product. Every write is one audit
// entry (secrets never appear in it).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/notify/model.hpp"
#include "bulwark/server/internal.hpp"
#include "bulwark/service/notify.hpp"

namespace bulwark::server::detail {
namespace {

using accounts::Permission;

Result<std::int64_t> rule_id(Ctx& ctx) {
  const std::string& text = ctx.params["id"];
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return not_found("notification rule '" + text.substr(0, 40) + "' does not exist");
  return std::stoll(text);
}

Response list_rules(Ctx& ctx) {
  auto rules = service::list_notification_rules(*ctx.db.notify);
  if (!rules) return problem_of(rules.error());
  std::string body = "[";
  for (std::size_t i = 0; i < rules->size(); ++i)
    body += (i ? "," : "") + notify::rule_json((*rules)[i]);
  return Response::json(200, body + "]");
}

Response create_rule(Ctx& ctx) {
  if (auto ct = ctx.req.header("Content-Type"); !ct || !ct->starts_with("application/json"))
    return problem(415, "Unsupported Media Type", "Content-Type: application/json required",
                   "Content-Type");
  auto rule = notify::rule_from_json(ctx.req.body);
  if (!rule) return problem_of(rule.error());
  auto added = service::add_notification_rule(*ctx.db.notify, std::move(*rule), ctx.clock);
  if (!added) return problem_of(added.error());
  const std::string text = notify::rule_json(*added);
  if (auto a = service::audit(*ctx.db.accounts, ctx.who, "notify.rule.create",
                              fmt::format("notification-rule:{}", added->id), 0, "{}", text,
                              ctx.req.request_id, ctx.clock);
      !a)
    return problem_of(a.error());
  return Response::json(201, text);
}

Response delete_rule(Ctx& ctx) {
  auto id = rule_id(ctx);
  if (!id) return problem_of(id.error());
  auto before = ctx.db.notify->rule(*id);
  if (!before) return problem_of(before.error());
  if (!*before)
    return problem_of(
        Error{ErrorCode::kNotFound, fmt::format("notification rule {} does not exist", *id)});
  if (auto r = service::remove_notification_rule(*ctx.db.notify, *id); !r)
    return problem_of(r.error());
  if (auto a = service::audit(*ctx.db.accounts, ctx.who, "notify.rule.delete",
                              fmt::format("notification-rule:{}", *id), 0,
                              notify::rule_json(**before), "{}", ctx.req.request_id, ctx.clock);
      !a)
    return problem_of(a.error());
  return Response::empty(204);
}

Response test_rule(Ctx& ctx) {
  auto id = rule_id(ctx);
  if (!id) return problem_of(id.error());
  auto sent = service::test_notification_rule(*ctx.db.notify, *id, ctx.clock);
  if (!sent) return problem_of(sent.error());
  nlohmann::ordered_json j = {
      {"rule", *id}, {"delivered", sent->ok}, {"status", sent->status}, {"error", sent->error}};
  return Response::json(200, j.dump());
}

}  // namespace

void add_notify_routes(Router& r) {
  using P = Permission;
  const std::string b = "/api/bulwark/v1/notification-rules";
  r.add("GET", b, Api::kNative, P::kAdminister,
        csv_list(list_rules, {"", "notification-rules", {}}));
  r.add("POST", b, Api::kNative, P::kAdminister, create_rule);
  r.add("DELETE", b + "/{id}", Api::kNative, P::kAdminister, delete_rule);
  r.add("POST", b + "/{id}/test", Api::kNative, P::kAdminister, test_rule);
}

}  // namespace bulwark::server::detail
