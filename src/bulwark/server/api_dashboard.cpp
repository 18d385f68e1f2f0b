// The dashboard's read endpoints (issue 12; spec: api/openapi.yaml, tag dashboard): the portfolio
// overview of the caller's products. Parse, call service/dashboard, render.
#include "bulwark/server/internal.hpp"
#include "bulwark/service/dashboard.hpp"

namespace bulwark::server::detail {
namespace {

Response overview(Ctx& ctx) {
  service::OverviewRequest rq;
  rq.product = ctx.req.param("product").value_or("");
  if (auto w = ctx.req.param("weeks")) {
    try {
      std::size_t used = 0;
      rq.weeks = std::stoi(*w, &used);
      if (used != w->size()) throw std::invalid_argument("weeks");
    } catch (...) {
      return problem(400, "Bad Request", "weeks: a number from 1 to 104 is required", "weeks");
    }
  }
  rq.include_cases = ctx.who.can(accounts::Permission::kCraReporting);
  auto o = service::overview(*ctx.db.portfolio, *ctx.db.cra, *ctx.db.accounts, ctx.who, rq,
                             ctx.clock, ctx.db.risk.get());
  if (!o) return problem_of(o.error());
  return Response::json(200, service::overview_json(*o));
}

}  // namespace

void add_dashboard_routes(Router& r) {
  r.add("GET", "/api/bulwark/v1/dashboard/overview", Api::kNative, accounts::Permission::kView,
        overview);
}

}  // namespace bulwark::server::detail
