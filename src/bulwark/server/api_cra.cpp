// The CRA part of the native API (spec: api/openapi.yaml, tag cra): Article 14 cases (open,
// transitions, show, list), deadlines, report drafts, support periods and the Annex I checklist
// of the principal's products. Every write is one audit entry; every read is filtered to the
// principal's products (another team's case answers 404).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/server/internal.hpp"
#include "bulwark/service/cra_cases.hpp"
#include "bulwark/service/cra_json.hpp"
#include "bulwark/service/cra_product.hpp"
#include "bulwark/service/cra_reports.hpp"

namespace bulwark::server::detail {
namespace {

using accounts::Permission;
using nlohmann::json;

Result<json> body_object(const Request& req) { return json_body(req, true); }

Result<std::optional<TimePoint>> time_of(const json& j, const char* key) {
  auto t = text_of(j, key);
  if (!t) return std::unexpected(t.error());
  if (t->empty()) return std::optional<TimePoint>();
  auto p = parse_rfc3339(*t);
  if (!p) return invalid_input(std::string(key) + ": an RFC 3339 date-time is required");
  return std::optional<TimePoint>(*p);
}

// The case named in the path if its product is visible to the principal (else 404).
Result<service::CaseDetail> visible_case(Ctx& ctx) {
  auto d = service::show_case(*ctx.db.cra, ctx.params["case"], ctx.clock);
  if (!d) return std::unexpected(d.error());
  if (!ctx.who.sees(d->stored.product_id))
    return not_found("case '" + ctx.params["case"] + "' does not exist");
  return d;
}

Response list_cases(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto l = service::list_cases(*ctx.db.portfolio, *ctx.db.cra, p->name, ctx.clock);
  if (!l) return problem_of(l.error());
  return json_text(service::case_list_json(*l));
}

Response open_case(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto body = body_object(ctx.req);
  if (!body) return problem_of(body.error());
  service::OpenCaseRequest rq;
  auto release = text_of(*body, "release");
  auto incident = text_of(*body, "incident");
  auto source = text_of(*body, "source");
  auto aware = time_of(*body, "aware_at");
  for (const auto* r : {&release, &incident, &source})
    if (!*r) return problem_of(r->error());
  if (!aware) return problem_of(aware.error());
  rq.target = release->empty() ? p->name : p->name + "@" + *release;
  rq.incident = *incident;
  rq.aware_at = *aware;
  if (!source->empty()) rq.source = *source;
  rq.actor = ctx.who.actor;
  if (body->contains("vulnerabilities")) {
    const auto& v = (*body)["vulnerabilities"];
    if (!v.is_array())
      return problem(400, "Bad Request", "vulnerabilities: an array of ids is required",
                     "vulnerabilities");
    for (const auto& id : v) {
      if (!id.is_string() || id.get<std::string>().empty())
        return problem(400, "Bad Request", "vulnerabilities: ids are non-empty strings",
                       "vulnerabilities");
      rq.vulnerabilities.push_back(id.get<std::string>());
    }
  }
  if (rq.vulnerabilities.empty() == rq.incident.empty())
    return problem(400, "Bad Request",
                   "vulnerabilities: name the exploited vulnerability, or describe a severe "
                   "incident in 'incident' (one of the two)",
                   "vulnerabilities");
  if (!rq.incident.empty()) {
    std::array<std::string, 4> answers;
    if (body->contains("answers")) {
      const auto& a = (*body)["answers"];
      if (!a.is_array() || a.size() != 4)
        return problem(400, "Bad Request",
                       "answers: four answers (affects security, sensitive data, malicious code, "
                       "unlawful) are required",
                       "answers");
      for (std::size_t i = 0; i < 4; ++i)
        answers[i] = a[i].is_string() ? a[i].get<std::string>() : std::string();
    }
    auto q = service::questionnaire_from_answers(answers);
    if (!q) return problem(400, "Bad Request", "answers: " + q.error().message, "answers");
    rq.questionnaire = *q;
  }
  auto opened = service::open_case(*ctx.db.portfolio, *ctx.db.cra, rq, ctx.clock);
  if (!opened) return problem_of(opened.error());
  const auto& id = opened->stored.value.id;
  auto d = service::show_case(*ctx.db.cra, id, ctx.clock);
  if (!d) return problem_of(d.error());
  auto text = service::case_show_json(*d);
  if (auto a = service::audit(*ctx.db.accounts, ctx.who, "cra.case.open", "case:" + id, p->id, "{}",
                              text, ctx.req.request_id, ctx.clock);
      !a)
    return problem_of(a.error());
  auto res = json_text(std::move(text), 201);
  res.set("Location", fmt::format("/api/bulwark/v1/cra/cases/{}", id));
  return res;
}

Response show_case(Ctx& ctx) {
  auto d = visible_case(ctx);
  if (!d) return problem_of(d.error());
  return json_text(service::case_show_json(*d));
}

// POST /cra/cases/{case}/{action}: confirm, dismiss {reason}, fix {description, at},
// submit {stage, reference, at}, close. A transition the case's state refuses is 409.
Response transition(Ctx& ctx) {
  auto before = visible_case(ctx);
  if (!before) return problem_of(before.error());
  auto body = body_object(ctx.req);
  if (!body) return problem_of(body.error());
  const std::string id = ctx.params["case"];
  const std::string action = ctx.params["action"];
  Result<portfolio::StoredCase> r = not_found("");
  if (action == "confirm") {
    r = service::confirm_case(*ctx.db.cra, id, ctx.who.actor, ctx.clock);
  } else if (action == "dismiss") {
    auto reason = text_of(*body, "reason");
    if (!reason) return problem_of(reason.error());
    if (reason->empty())
      return problem(400, "Bad Request", "reason: why the case is dismissed is required", "reason");
    r = service::dismiss_case(*ctx.db.cra, id, ctx.who.actor, *reason, ctx.clock);
  } else if (action == "fix") {
    service::FixRequest f;
    auto desc = text_of(*body, "description");
    auto at = time_of(*body, "at");
    if (!desc) return problem_of(desc.error());
    if (!at) return problem_of(at.error());
    f.id = id;
    f.actor = ctx.who.actor;
    f.description = *desc;
    f.at = *at;
    r = service::fix_case(*ctx.db.cra, f, ctx.clock);
  } else if (action == "submit") {
    service::SubmitRequest s;
    auto stage = text_of(*body, "stage");
    auto ref = text_of(*body, "reference");
    auto at = time_of(*body, "at");
    if (!stage) return problem_of(stage.error());
    if (!ref) return problem_of(ref.error());
    if (!at) return problem_of(at.error());
    auto st = cra::stage_from_string(*stage);
    if (!st)
      return problem(400, "Bad Request", "stage: one of early_warning, notification, final_report",
                     "stage");
    s.id = id;
    s.actor = ctx.who.actor;
    s.reference = *ref;
    s.stage = *st;
    s.at = *at;
    r = service::submit_case(*ctx.db.cra, s, ctx.clock);
  } else if (action == "close") {
    r = service::close_case(*ctx.db.cra, id, ctx.who.actor, ctx.clock);
  } else {
    return problem(404, "Not Found",
                   "action '" + action + "': one of confirm, dismiss, fix, submit, close");
  }
  if (!r) return problem_of(r.error());
  auto after = service::show_case(*ctx.db.cra, id, ctx.clock);
  if (!after) return problem_of(after.error());
  auto text = service::case_show_json(*after);
  if (auto a = service::audit(*ctx.db.accounts, ctx.who, "cra.case." + action, "case:" + id,
                              before->stored.product_id, service::case_show_json(*before), text,
                              ctx.req.request_id, ctx.clock);
      !a)
    return problem_of(a.error());
  return json_text(std::move(text));
}

Response drafts(Ctx& ctx) {
  auto d = visible_case(ctx);
  if (!d) return problem_of(d.error());
  service::DraftRequest rq;
  rq.case_id = ctx.params["case"];
  rq.user_notice = ctx.req.param("user_notice").value_or("") == "true";
  rq.url = ctx.req.param("url").value_or("");
  if (auto s = ctx.req.param("stage"); s && !s->empty()) {
    auto st = cra::stage_from_string(*s);
    if (!st) return problem(400, "Bad Request", "stage: not a reporting stage", "stage");
    rq.stages.push_back(*st);
  }
  auto out = service::build_drafts(*ctx.db.portfolio, *ctx.db.cra, *ctx.db.vulns, rq, ctx.clock);
  if (!out) return problem_of(out.error());
  nlohmann::ordered_json j = {{"case", rq.case_id}, {"drafts", nlohmann::ordered_json::array()}};
  for (const auto& x : out->drafts)
    j["drafts"].push_back({{"stage", std::string(cra::to_string(x.stage))},
                           {"name", x.name},
                           {"title", x.title},
                           {"gaps", x.gaps},
                           {"markdown", x.markdown},
                           {"document", json::parse(x.json)}});
  if (!out->user_notice.empty())
    j["user_notice"] = {{"name", out->user_notice_name},
                        {"document", json::parse(out->user_notice)}};
  return json_text(j.dump());
}

Response deadlines(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto d = service::deadlines(*ctx.db.portfolio, *ctx.db.cra, p->name, ctx.clock);
  if (!d) return problem_of(d.error());
  return json_text(service::deadlines_json(*d));
}

Response support(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto s = service::support_report(*ctx.db.portfolio, p->name, ctx.clock);
  if (!s) return problem_of(s.error());
  return json_text(service::support_json(*s));
}

Response checklist(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto c = service::checklist(*ctx.db.portfolio, *ctx.db.cra, *ctx.db.vulns, p->name, ctx.clock,
                              ctx.db.risk.get(), ctx.db.exposure.get());
  if (!c) return problem_of(c.error());
  return json_text(service::checklist_json(*c));
}

}  // namespace

void add_cra_routes(Router& r) {
  using P = Permission;
  const std::string b = "/api/bulwark/v1";
  r.add("GET", b + "/products/{product}/cra/cases", Api::kNative, P::kCraReporting,
        csv_list(list_cases, {"", "cra-cases", {}}));
  r.add("POST", b + "/products/{product}/cra/cases", Api::kNative, P::kCraReporting, open_case);
  r.add("GET", b + "/products/{product}/cra/deadlines", Api::kNative, P::kCraReporting,
        csv_list(deadlines, {"deadlines", "cra-deadlines", {}}));
  r.add("GET", b + "/products/{product}/cra/support", Api::kNative, P::kView,
        csv_list(support, {"releases", "cra-support", {}}));
  r.add("GET", b + "/products/{product}/cra/checklist", Api::kNative, P::kView,
        csv_list(checklist, {"items", "cra-checklist", {}}));
  r.add("GET", b + "/cra/cases/{case}", Api::kNative, P::kCraReporting, show_case);
  r.add("GET", b + "/cra/cases/{case}/drafts", Api::kNative, P::kCraReporting, drafts);
  r.add("POST", b + "/cra/cases/{case}/{action}", Api::kNative, P::kCraReporting, transition);
}

}  // namespace bulwark::server::detail
