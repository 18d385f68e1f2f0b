// The CSAF advisories of a product in the native API (spec: api/openapi.yaml, tag advisories):
// the stored advisories (list), one as its CSAF JSON document (a download), and creating or
// revising one from vulnerabilities of the product's findings as `bulwark advisory create` does
// (service/advisory.hpp). Publishing the provider directory writes a directory tree and stays an
// operator action on the server's machine (`bulwark advisory publish DIR`). Every write is one
// audit entry; another team's product (or another product's advisory) answers 404.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/csaf/csaf.hpp"
#include "bulwark/server/internal.hpp"
#include "bulwark/service/advisory.hpp"

namespace bulwark::server::detail {
namespace {

using accounts::Permission;
using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::size_t kMaxVulnerabilities = 100;

ordered_json summary_json(const service::AdvisorySummary& s) {
  return {{"tracking_id", s.tracking_id},
          {"revision", s.revision},
          {"status", s.status},
          {"title", s.title},
          {"vulnerabilities", s.vulnerabilities},
          {"initial_release_date", s.initial_release_date},
          {"current_release_date", s.current_release_date}};
}

Response list_advisories(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto list = service::list_advisories(*ctx.db.portfolio, *p);
  if (!list) return problem_of(list.error());
  ordered_json items = ordered_json::array();
  for (const auto& s : *list) items.push_back(summary_json(s));
  const auto n = items.size();
  return json_text(
      ordered_json{{"items", std::move(items)}, {"total", {{"count", n}, {"type", "EXACT"}}}}
          .dump());
}

// A member that is an array of non-empty strings (absent: empty); 400 naming it otherwise.
Result<std::vector<std::string>> strings_of(const json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array() || it->size() > kMaxVulnerabilities)
    return invalid_input(
        fmt::format("{}: an array of at most {} strings is required", key, kMaxVulnerabilities));
  for (const auto& x : *it) {
    if (!x.is_string() || x.get<std::string>().empty())
      return invalid_input(std::string(key) + ": every entry must be a non-empty string");
    out.push_back(x.get<std::string>());
  }
  return out;
}

Response create_advisory(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto body = json_body(ctx.req);
  if (!body) return problem_of(body.error());
  service::CreateAdvisoryRequest rq;
  rq.product = p->name;
  auto vulns = strings_of(*body, "vulnerabilities");
  auto fixed = strings_of(*body, "fixed_in");
  for (const auto* r : {&vulns, &fixed})
    if (!*r) return problem_of(r->error());
  if (vulns->empty())
    return problem(400, "Bad Request", "vulnerabilities: at least one vulnerability id is required",
                   "vulnerabilities");
  rq.vulnerabilities = std::move(*vulns);
  rq.fixed_in = std::move(*fixed);
  auto tracking = text_of(*body, "tracking_id");
  auto title = text_of(*body, "title");
  auto summary = text_of(*body, "summary");
  auto url = text_of(*body, "remediation_url");
  auto status = text_of(*body, "status");
  for (const auto* r : {&tracking, &title, &summary, &url, &status})
    if (!*r) return problem_of(r->error());
  rq.tracking_id = *tracking;
  rq.title = *title;
  rq.summary = *summary;
  rq.remediation_url = *url;
  if (!status->empty()) {
    if (*status != "draft" && *status != "interim" && *status != "final")
      return problem(400, "Bad Request", "status: draft, interim or final", "status");
    rq.status = *status;
  }
  if (!rq.remediation_url.empty() && !rq.remediation_url.starts_with("https://"))
    return problem(400, "Bad Request", "remediation_url: an https URL is required",
                   "remediation_url");
  std::string before = "{}";
  if (!rq.tracking_id.empty())
    if (auto prev = service::product_advisory(*ctx.db.portfolio, *p, rq.tracking_id); prev)
      before = std::move(*prev);
  auto made = service::create_advisory(*ctx.db.portfolio, *ctx.db.vulns, rq, ctx.clock);
  if (!made) {
    // Body members the product does not know are bad input, not a missing resource.
    if (made.error().code == ErrorCode::kNotFound) {
      const bool fixed_in = made.error().message.starts_with("fixed_in");
      return problem(400, "Bad Request", made.error().message,
                     fixed_in ? "fixed_in" : "vulnerabilities");
    }
    return problem_of(made.error());
  }
  if (auto a = service::audit(*ctx.db.accounts, ctx.who,
                              before == "{}" ? "advisory.create" : "advisory.revise",
                              "advisory:" + made->input.tracking_id, p->id, before, made->json,
                              ctx.req.request_id, ctx.clock);
      !a)
    return problem_of(a.error());
  auto res = json_text(made->json, before == "{}" ? 201 : 200);
  res.set("Location", fmt::format("/api/bulwark/v1/products/{}/advisories/{}", p->name,
                                  made->input.tracking_id));
  return res;
}

// The advisory's CSAF document as stored, as a download named as CSAF names its files.
Response get_advisory(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto doc = service::product_advisory(*ctx.db.portfolio, *p, ctx.params["advisory"]);
  if (!doc) return problem_of(doc.error());
  auto res = json_text(std::move(*doc));
  res.set("Content-Disposition",
          fmt::format("attachment; filename=\"{}\"", csaf::file_name_for(ctx.params["advisory"])));
  return res;
}

}  // namespace

void add_advisory_routes(Router& r) {
  using P = Permission;
  const std::string b = "/api/bulwark/v1/products/{product}/advisories";
  r.add("GET", b, Api::kNative, P::kView, csv_list(list_advisories, {"items", "advisories", {}}));
  r.add("POST", b, Api::kNative, P::kCraReporting, create_advisory);
  r.add("GET", b + "/{advisory}", Api::kNative, P::kView, get_advisory);
}

}  // namespace bulwark::server::detail
