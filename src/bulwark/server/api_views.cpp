// The dashboard's read endpoints beyond the overview (issue 12; spec: api/openapi.yaml, tag
// dashboard): one vulnerability across the portfolio with each release's state
// (service/vulnerability.hpp); a release's components (search, keyset pages), one component's
// dependency tree and the SBOM quality score (service/release_components.hpp). Permission
// "view"; every list is filtered to what the caller sees.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/model/handling.hpp"
#include "bulwark/server/internal.hpp"
#include "bulwark/service/release_components.hpp"
#include "bulwark/service/vulnerability.hpp"

namespace bulwark::server::detail {
namespace {

using accounts::Permission;
using nlohmann::ordered_json;

ordered_json finding_row(const service::FindingRow& r) {
  const auto& f = r.stored;
  ordered_json j = {{"id", f.id},
                    {"component", f.component_label},
                    {"purl", f.purl},
                    {"vulnerability", f.vuln_id},
                    {"severity", f.severity},
                    {"priority", f.priority},
                    {"kev", f.kev},
                    {"first_seen", f.first_seen},
                    {"resolved_at", f.resolved_at},
                    {"state", f.resolved_at.empty() ? r.state() : std::string("resolved")}};
  if (r.analysis) {
    j["analysis"] = {{"state", std::string(to_string(r.analysis->state))},
                     {"justification", std::string(to_string(r.analysis->justification))},
                     {"detail", r.analysis->detail},
                     {"author", r.analysis->author},
                     {"timestamp", r.analysis->timestamp},
                     {"origin", r.origin},
                     {"inherited", r.inherited}};
  }
  return j;
}

Response vulnerability(Ctx& ctx) {
  auto v = service::vulnerability_use(*ctx.db.portfolio, *ctx.db.accounts, *ctx.db.vulns, ctx.who,
                                      ctx.params["id"]);
  if (!v) return problem_of(v.error());
  ordered_json releases = ordered_json::array();
  for (const auto& r : v->releases) {
    ordered_json findings = ordered_json::array();
    for (const auto& f : r.findings) findings.push_back(finding_row(f));
    releases.push_back({{"product", r.product.name},
                        {"version", r.release.version},
                        {"released_at", r.release.released_at},
                        {"state", r.state},
                        {"open", r.open},
                        {"findings", findings}});
  }
  ordered_json j = {{"id", v->id},
                    {"aliases", v->aliases},
                    {"known", v->known},
                    {"summary", v->summary},
                    {"severity", v->severity},
                    {"published", v->published},
                    {"modified", v->modified},
                    {"references", v->references},
                    {"kev", v->kev}};
  if (!v->kev_date_added.empty())
    j["kev_entry"] = {{"date_added", v->kev_date_added},
                      {"due_date", v->kev_due_date},
                      {"required_action", v->kev_required_action}};
  j["open_findings"] = v->open_findings;
  j["releases"] = releases;
  return Response::json(200, j.dump());
}

// The release named by the path, visible to the caller and not archived.
Result<portfolio::Release> named_release(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return std::unexpected(p.error());
  auto r = ctx.db.portfolio->release(p->id, ctx.params["version"]);
  if (!r) return std::unexpected(r.error());
  const std::string name = p->name + "@" + ctx.params["version"];
  if (!*r) return not_found("release '" + name + "' does not exist");
  auto archived = ctx.db.accounts->archived((*r)->id);
  if (!archived) return std::unexpected(archived.error());
  if (*archived) return not_found("release '" + name + "' is archived");
  return **r;
}

ordered_json component_json(const service::ComponentEntry& c) {
  return {{"bom_ref", c.bom_ref},
          {"name", c.name},
          {"version", c.version},
          {"purl", c.purl},
          {"type", c.type},
          {"depends_on", c.depends_on},
          {"dependents", c.dependents},
          {"open_findings", c.open_findings}};
}

Response components(Ctx& ctx) {
  auto rel = named_release(ctx);
  if (!rel) return problem_of(rel.error());
  service::ComponentsRequest rq;
  rq.query = ctx.req.param("q").value_or("");
  rq.after = ctx.req.param("page_token").value_or("");
  if (auto l = ctx.req.param("limit")) {
    if (l->empty() || l->size() > 4 || l->find_first_not_of("0123456789") != std::string::npos)
      return problem(400, "Bad Request", "limit: a number from 1 to 500 is required", "limit");
    rq.limit = static_cast<std::size_t>(std::stoul(std::string(*l)));
  }
  auto page = service::release_components(*ctx.db.portfolio, *rel, rq);
  if (!page) return problem_of(page.error());
  ordered_json items = ordered_json::array();
  for (const auto& c : page->items) items.push_back(component_json(c));
  ordered_json j = {{"items", items},
                    {"total", {{"count", page->total}, {"type", "EXACT"}}},
                    {"next_page_token", page->next_after},
                    {"roots", page->roots}};
  return Response::json(200, j.dump());
}

ordered_json node_json(const service::DependencyNode& n) {
  ordered_json j = component_json(n.component);
  if (n.repeated) j["repeated"] = true;
  if (n.truncated) j["truncated"] = true;
  ordered_json children = ordered_json::array();
  for (const auto& c : n.children) children.push_back(node_json(c));  // depth ≤ kMaxTreeDepth
  j["children"] = children;
  return j;
}

Response dependencies(Ctx& ctx) {
  auto rel = named_release(ctx);
  if (!rel) return problem_of(rel.error());
  int depth = 3;
  if (auto d = ctx.req.param("depth")) {
    if (d->empty() || d->size() > 2 || d->find_first_not_of("0123456789") != std::string::npos)
      return problem(400, "Bad Request", "depth: a number from 1 to 12 is required", "depth");
    depth = std::stoi(std::string(*d));
  }
  auto ref = ctx.req.param("ref");
  if (!ref || ref->empty())
    return problem(400, "Bad Request", "ref: the bom-ref of a component is required", "ref");
  auto tree = service::dependency_tree(*ctx.db.portfolio, *rel, std::string(*ref), depth);
  if (!tree) return problem_of(tree.error());
  return Response::json(200, node_json(*tree).dump());
}

Response sbom_quality(Ctx& ctx) {
  auto rel = named_release(ctx);
  if (!rel) return problem_of(rel.error());
  auto report = service::release_sbom_quality(*ctx.db.portfolio, *rel);
  if (!report) return problem_of(report.error());
  return Response::json(200, sbom::render_check_json(*report, 20));
}

}  // namespace

void add_view_routes(Router& r) {
  using P = Permission;
  const std::string b = "/api/bulwark/v1";
  r.add("GET", b + "/vulnerabilities/{id}", Api::kNative, P::kView,
        csv_list(vulnerability, {"releases", "vulnerability", {}}));
  const std::string rel = b + "/products/{product}/releases/{version}";
  r.add("GET", rel + "/components", Api::kNative, P::kView,
        csv_list(components, {"items", "components", {}}));
  r.add("GET", rel + "/components/dependencies", Api::kNative, P::kView, dependencies);
  r.add("GET", rel + "/sbom-quality", Api::kNative, P::kView, sbom_quality);
}

}  // namespace bulwark::server::detail
