// The risk-assessment part of the native API (spec: api/openapi.yaml, tag risk): a release's
// assessment (the latest revision or ?revision=N), importing a revision from a document in the
// body (Bulwark JSON/YAML, Threat Dragon, OTM, TM-BOM, CycloneDX), the four-eyes review steps
// with the caller as the actor (the author can neither review nor approve), the product's
// history, and the product's risk policy (read; set or clear). Rules live in
// service/risk_assessment.hpp and service/risk_policy.hpp; every write is one audit entry and
// every read is filtered to the principal's products (another team's product answers 404).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/server/internal.hpp"
#include "bulwark/service/risk_assessment.hpp"
#include "bulwark/service/risk_policy.hpp"

namespace bulwark::server::detail {
namespace {

using accounts::Permission;
using nlohmann::json;
using nlohmann::ordered_json;

// "PRODUCT@VERSION" of the path, with "#N" from ?revision=N (a positive integer).
Result<std::string> target_of(Ctx& ctx, const portfolio::Product& p) {
  std::string t = p.name + "@" + ctx.params["version"];
  if (auto n = ctx.req.param("revision"); n && !n->empty()) {
    if (n->size() > 6 || n->find_first_not_of("0123456789") != std::string::npos || *n == "0")
      return invalid_input("revision: a positive revision number is required");
    t += "#" + *n;
  }
  return t;
}

Response show(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto t = target_of(ctx, *p);
  if (!t) return problem_of(t.error());
  auto v = service::load_revision(*ctx.db.portfolio, *ctx.db.risk, *t);
  if (!v) return problem_of(v.error());
  return json_text(service::revision_json(*v));
}

Response import(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto format = assessment::source_format_from_string(ctx.req.param("format").value_or("auto"));
  if (!format)
    return problem(400, "Bad Request",
                   "format: one of auto, bulwark, threat-dragon, otm, tmbom, cyclonedx", "format");
  if (ctx.req.body.empty()) return problem(400, "Bad Request", "body: the document is empty");
  service::RiskImportRequest rq;
  rq.target = p->name + "@" + ctx.params["version"];
  rq.text = ctx.req.body;
  rq.name = ctx.req.param("name").value_or("body");
  rq.format = *format;
  rq.merge = ctx.req.param("merge").value_or("") == "true";
  rq.author = ctx.who.actor;
  auto r = service::import_assessment(*ctx.db.portfolio, *ctx.db.risk, rq, ctx.clock);
  if (!r) return problem_of(r.error());
  auto text = service::revision_json(r->view);
  if (r->unchanged) return json_text(std::move(text));
  if (auto a = service::audit(*ctx.db.accounts, ctx.who, "risk.import",
                              fmt::format("risk:{}#{}", rq.target, r->view.revision.number), p->id,
                              "{}", text, ctx.req.request_id, ctx.clock);
      !a)
    return problem_of(a.error());
  auto res = json_text(std::move(text), 201);
  res.set("Location", fmt::format("/api/bulwark/v1/products/{}/releases/{}/risk?revision={}",
                                  p->name, ctx.params["version"], r->view.revision.number));
  return res;
}

Response review_step(Ctx& ctx, const std::string& action) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto body = json_body(ctx.req, true);
  if (!body) return problem_of(body.error());
  auto comment = text_of(*body, action == "return" ? "reason" : "comment");
  if (!comment) return problem_of(comment.error());
  if (action == "return" && comment->empty())
    return problem(400, "Bad Request", "reason: the changes requested are required", "reason");
  auto t = target_of(ctx, *p);
  if (!t) return problem_of(t.error());
  auto before = service::load_revision(*ctx.db.portfolio, *ctx.db.risk, *t);
  if (!before) return problem_of(before.error());
  auto after = service::review_step(*ctx.db.portfolio, *ctx.db.risk, *t, action, ctx.who.actor,
                                    *comment, ctx.clock);
  if (!after) return problem_of(after.error());
  auto text = service::revision_json(*after);
  if (auto a = service::audit(
          *ctx.db.accounts, ctx.who, "risk." + action,
          fmt::format("risk:{}@{}#{}", p->name, after->revision.release, after->revision.number),
          p->id, service::revision_json(*before), text, ctx.req.request_id, ctx.clock);
      !a)
    return problem_of(a.error());
  return json_text(std::move(text));
}

Response history(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  const std::string release = ctx.req.param("release").value_or("");
  auto h = service::risk_history(*ctx.db.portfolio, *ctx.db.risk,
                                 release.empty() ? p->name : p->name + "@" + release);
  if (!h) return problem_of(h.error());
  ordered_json items = ordered_json::array();
  for (const auto& e : *h)
    items.push_back({{"release", e.release},
                     {"revision", e.revision},
                     {"at", format_rfc3339(e.event.time)},
                     {"actor", e.event.actor},
                     {"action", e.event.action},
                     {"detail", e.event.detail}});
  return json_text(ordered_json{{"product", p->name}, {"events", items}}.dump());
}

ordered_json policy_json(const portfolio::StoredPolicy& v) {
  return {{"version", v.version}, {"policy", v.text},   {"source", v.source},
          {"set_by", v.set_by},   {"set_at", v.set_at}, {"cleared", v.text.empty()}};
}

Response policy_view(Ctx& ctx, const portfolio::Product& p) {
  auto versions = service::product_policy_versions(*ctx.db.portfolio, *ctx.db.risk, p.name);
  if (!versions) return problem_of(versions.error());
  ordered_json all = ordered_json::array();
  for (const auto& v : *versions) all.push_back(policy_json(v));
  ordered_json doc = {{"product", p.name}};
  doc["in_force"] = versions->empty() || versions->back().text.empty()
                        ? ordered_json(nullptr)
                        : policy_json(versions->back());
  doc["default"] = doc["in_force"].is_null();
  doc["versions"] = all;
  return json_text(doc.dump());
}

Response get_policy(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  return policy_view(ctx, *p);
}

Response put_policy(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto body = json_body(ctx.req);
  if (!body) return problem_of(body.error());
  auto text = text_of(*body, "policy");
  auto source = text_of(*body, "source");
  for (const auto* r : {&text, &source})
    if (!*r) return problem_of(r->error());
  bool clear = false;
  if (auto it = body->find("clear"); it != body->end() && !it->is_null()) {
    if (!it->is_boolean()) return problem(400, "Bad Request", "clear: true or false", "clear");
    clear = it->get<bool>();
  }
  if (clear == !text->empty())
    return problem(400, "Bad Request", "policy: either a policy (YAML) or clear: true", "policy");
  auto before = service::product_policy_versions(*ctx.db.portfolio, *ctx.db.risk, p->name);
  if (!before) return problem_of(before.error());
  service::PolicyChange change{p->name, *text, source->empty() ? "policy" : *source, ctx.who.actor,
                               clear};
  auto r = service::set_product_policy(*ctx.db.portfolio, *ctx.db.risk, change, ctx.clock);
  if (!r) return problem_of(r.error());
  if (!r->unchanged) {
    const std::string was = before->empty() ? "{}" : policy_json(before->back()).dump();
    if (auto a = service::audit(*ctx.db.accounts, ctx.who, "risk.policy", "risk-policy:" + p->name,
                                p->id, was, policy_json(r->policy).dump(), ctx.req.request_id,
                                ctx.clock);
        !a)
      return problem_of(a.error());
  }
  return policy_view(ctx, *p);
}

}  // namespace

void add_risk_routes(Router& r) {
  using P = Permission;
  const std::string b = "/api/bulwark/v1/products/{product}";
  const std::string rel = b + "/releases/{version}/risk";
  r.add("GET", rel, Api::kNative, P::kView, show);
  r.add("POST", rel, Api::kNative, P::kManageProducts, import);
  for (const char* action : {"review", "approve", "return"})
    r.add("POST", rel + "/" + action, Api::kNative, P::kManageProducts,
          [a = std::string(action)](Ctx& ctx) { return review_step(ctx, a); });
  r.add("GET", b + "/risk/history", Api::kNative, P::kView,
        csv_list(history, {"events", "risk-history", {}}));
  r.add("GET", b + "/risk-policy", Api::kNative, P::kView, get_policy);
  r.add("PUT", b + "/risk-policy", Api::kNative, P::kManageProducts, put_policy);
}

}  // namespace bulwark::server::detail
