// The native REST API under /api/bulwark/v1 (spec: api/openapi.yaml). Every list is filtered to
// the principal's products in the handler before anything is returned; another team's product
// answers 404. Errors are RFC 9457 problem details naming the field.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "bulwark/core/base64.hpp"
#include "bulwark/core/digest.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/server/internal.hpp"
#include "bulwark/service/cra_docs.hpp"
#include "bulwark/service/db.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/triage.hpp"
#include "bulwark/service/uploads.hpp"
#include "bulwark/service/vex.hpp"

namespace bulwark::server::detail {
namespace {

using accounts::Permission;
using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::string_view kBase = "/api/bulwark/v1";
constexpr std::size_t kMaxPage = 500;
constexpr std::size_t kMaxBulk = 1000;

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  for (auto part : split(s, ','))
    if (auto t = trim(part); !t.empty()) out.emplace_back(t);
  return out;
}

Response ok(const ordered_json& j, int status = 200) { return Response::json(status, j.dump()); }

Result<json> body_json(const Request& req) { return json_body(req); }

std::string str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

Result<ReleaseRef> visible_release_by_name(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return std::unexpected(p.error());
  auto r = ctx.db.portfolio->release(p->id, ctx.params["version"]);
  if (!r) return std::unexpected(r.error());
  if (!*r)
    return not_found("release '" + p->name + "@" + ctx.params["version"] + "' does not exist");
  auto archived = ctx.db.accounts->archived((*r)->id);
  if (!archived) return std::unexpected(archived.error());
  if (*archived)
    return not_found("release '" + p->name + "@" + ctx.params["version"] + "' is archived");
  return ReleaseRef{**r, *p};
}

ordered_json product_json(const portfolio::Product& p) {
  return ordered_json::parse(service::product_json_text(p));
}

ordered_json release_json(const portfolio::Release& r) {
  return {
      {"product", r.product},         {"version", r.version},       {"released_at", r.released_at},
      {"support_end", r.support_end}, {"sbom_name", r.sbom_name},   {"sbom_format", r.sbom_format},
      {"sbom_sha256", r.sbom_sha256}, {"components", r.components}, {"created_at", r.created_at}};
}

// ---- health, session ----

Response health(Ctx& ctx) {
  auto counts = ctx.db.jobs->counts();
  auto status = ctx.db.vulns->status();
  const bool okay = counts && status;
  ordered_json j = {{"status", okay ? "ok" : "degraded"},
                    {"version", ctx.config.version},
                    {"database", {{"ok", status.has_value()}}},
                    {"queue", ordered_json::object()}};
  if (status) j["database"]["records"] = status->records;
  if (counts)
    j["queue"] = {{"queued", counts->queued},
                  {"running", counts->running},
                  {"failed", counts->failed},
                  {"oldest_queued", counts->oldest_queued}};
  return ok(j, okay ? 200 : 503);
}

Response login(Ctx& ctx) {
  auto body = body_json(ctx.req);
  if (!body) return problem_of(body.error());
  auto r = service::login(*ctx.db.accounts, str(*body, "name"), str(*body, "password"), ctx.clock);
  if (!r) {
    if (r.error().code == ErrorCode::kPrecondition)
      return problem(429, "Too Many Requests", r.error().message);
    return problem(401, "Unauthorized", r.error().message);
  }
  auto res = ok(
      {{"user", str(*body, "name")}, {"csrf_token", r->csrf_token}, {"expires_at", r->expires_at}});
  res.set("Set-Cookie",
          fmt::format("bulwark_session={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
                      r->token, service::kSessionHours * 3600, ctx.req.tls ? "; Secure" : ""));
  service::audit(*ctx.db.accounts, r->principal, "auth.login", "user:" + str(*body, "name"), 0, "",
                 "", ctx.req.request_id, ctx.clock);
  return res;
}

Response logout(Ctx& ctx) {
  auto h = ctx.req.header("Cookie");
  if (h)
    for (auto part : split(*h, ';')) {
      part = trim(part);
      if (part.starts_with("bulwark_session=")) service::logout(*ctx.db.accounts, part.substr(16));
    }
  auto r = Response::empty(204);
  r.set("Set-Cookie", "bulwark_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return r;
}

Response whoami(Ctx& ctx) {
  ordered_json perms = ordered_json::array();
  for (auto p : ctx.who.permissions) perms.push_back(std::string(accounts::permission_name(p)));
  ordered_json products = ordered_json::array();
  auto all = ctx.db.portfolio->products();
  if (!all) return problem_of(all.error());
  for (const auto& p : *all)
    if (ctx.who.sees(p.id)) products.push_back(p.name);
  ordered_json j = {{"actor", ctx.who.actor}, {"permissions", perms}, {"products", products}};
  // A session's CSRF token, so that a reloaded dashboard page can keep sending it (the cookie is
  // HttpOnly and SameSite=Strict; another origin cannot read this response).
  if (!ctx.who.csrf_token.empty()) j["csrf_token"] = ctx.who.csrf_token;
  return ok(j);
}

// ---- products and releases ----

Response list_products(Ctx& ctx) {
  auto all = ctx.db.portfolio->products();
  if (!all) return problem_of(all.error());
  ordered_json items = ordered_json::array();
  for (const auto& p : *all)
    if (ctx.who.sees(p.id)) items.push_back(product_json(p));
  return ok({{"items", items}, {"total", {{"count", items.size()}, {"type", "EXACT"}}}});
}

Response create_product(Ctx& ctx) {
  auto body = body_json(ctx.req);
  if (!body) return problem_of(body.error());
  service::ProductInput in;
  in.name = str(*body, "name");
  in.vendor = str(*body, "vendor");
  if (auto c = str(*body, "cra_class"); !c.empty()) in.cra_class = c;
  in.security_contact = str(*body, "security_contact");
  in.website = str(*body, "website");
  in.description = str(*body, "description");
  if (body->contains("support_years")) {
    if (!(*body)["support_years"].is_number_integer())
      return problem(400, "Bad Request", "support_years: an integer is required", "support_years");
    in.support_years = (*body)["support_years"].get<int>();
  }
  if (in.name.empty()) return problem(400, "Bad Request", "name: required", "name");
  auto p = service::add_product(*ctx.db.portfolio, in, ctx.clock);
  if (!p) return problem_of(p.error());
  for (auto team : ctx.who.team_ids) ctx.db.accounts->grant_product(team, p->id);
  service::audit(*ctx.db.accounts, ctx.who, "product.add", "product:" + p->name, p->id, "",
                 product_json(*p).dump(), ctx.req.request_id, ctx.clock);
  return ok(product_json(*p), 201);
}

Response get_product(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  return ok(product_json(*p));
}

Response list_releases(Ctx& ctx) {
  auto p = visible_product(ctx);
  if (!p) return problem_of(p.error());
  auto rels = ctx.db.portfolio->releases(p->id);
  if (!rels) return problem_of(rels.error());
  auto now = ctx.clock.now();
  if (!now) return problem_of(now.error());
  ordered_json items = ordered_json::array();
  for (const auto& r : *rels) {
    auto archived = ctx.db.accounts->archived(r.id);
    if (!archived) return problem_of(archived.error());
    auto j = release_json(r);
    auto support = service::release_support(*p, r, *now);
    j["support"] = {{"end", support.end}, {"status", support.status}};
    j["archived"] = *archived;
    auto uuid = ctx.db.accounts->release_uuid(r.id);
    if (uuid) j["uuid"] = *uuid;
    items.push_back(std::move(j));
  }
  return ok({{"items", items}, {"total", {{"count", items.size()}, {"type", "EXACT"}}}});
}

Response upload_sbom(Ctx& ctx) {
  auto p = ctx.db.portfolio->product(ctx.params["product"]);
  if (!p) return problem_of(p.error());
  if (*p && !ctx.who.sees((*p)->id))
    return problem(404, "Not Found", "product '" + ctx.params["product"] + "' does not exist");
  service::UploadInput in;
  in.product = ctx.params["product"];
  in.version = ctx.params["version"];
  in.auto_create = to_lower(ctx.req.param("create").value_or("true")) != "false";
  in.sbom = ctx.req.body;
  in.sbom_name = ctx.req.param("name").value_or(in.product + "-" + in.version + ".sbom");
  in.request_id = ctx.req.request_id;
  auto job = service::submit_upload(*ctx.db.portfolio, *ctx.db.jobs, ctx.who, in, ctx.clock);
  if (!job) return problem_of(job.error());
  auto r = ok({{"token", job->token}, {"state", "queued"}}, 202);
  r.set("Location", fmt::format("{}/jobs/{}", kBase, job->token));
  return r;
}

Response get_job(Ctx& ctx) {
  auto job = ctx.db.jobs->by_token(ctx.params["token"]);
  if (!job) return problem_of(job.error());
  if (!*job) return problem(404, "Not Found", "job '" + ctx.params["token"] + "' does not exist");
  auto seen = service::may_see_job(*ctx.db.portfolio, ctx.who, **job);
  if (!seen) return problem_of(seen.error());
  if (!*seen) return problem(404, "Not Found", "job '" + ctx.params["token"] + "' does not exist");
  ordered_json j = {{"token", (*job)->token},
                    {"kind", (*job)->kind},
                    {"state", std::string(jobs::state_name((*job)->state))},
                    {"attempts", (*job)->attempts},
                    {"created_at", (*job)->created_at},
                    {"started_at", (*job)->started_at},
                    {"finished_at", (*job)->finished_at}};
  if ((*job)->state == jobs::JobState::kDone) {
    try {
      j["result"] = json::parse((*job)->result);
    } catch (const json::exception&) {
    }
  } else if ((*job)->state == jobs::JobState::kFailed) {
    j["error"] = (*job)->result;
  }
  return ok(j);
}

// ---- findings ----

std::string finding_etag(const portfolio::StoredFinding& f, const std::optional<Analysis>& a) {
  std::string s = std::to_string(f.id) + "|" + f.fingerprint;
  if (a)
    s += fmt::format("|{}|{}|{}|{}", to_string(a->state), to_string(a->justification), a->detail,
                     a->timestamp);
  return "\"" + sha256_hex(s).substr(0, 16) + "\"";
}

using service::FindingRow;

// A finding as the API shows it (schema Finding), written straight into `out`: the findings list
// is the hottest response, and building a document tree per row cost most of its time.
// `release`: the finding's release, named in the row (the portfolio-wide grid).
void append_finding(std::string& out, const FindingRow& r,
                    const portfolio::Release* release = nullptr) {
  const auto& f = r.stored;
  auto field = [&](std::string_view key, std::string_view value) {
    out += ",\"";
    out += key;
    out += "\":";
    append_json_string(out, value);
  };
  out += "{\"id\":";
  out += std::to_string(f.id);
  if (release) {
    field("product", release->product);
    field("release", release->version);
  }
  field("component", f.component_label);
  field("purl", f.purl);
  field("vulnerability", f.vuln_id);
  out += ",\"aliases\":[";
  for (std::size_t i = 0; i < f.aliases.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, f.aliases[i]);
  }
  out += ']';
  field("severity", f.severity);
  field("priority", f.priority);
  out += f.kev ? ",\"kev\":true" : ",\"kev\":false";
  field("first_seen", f.first_seen);
  field("last_seen", f.last_seen);
  field("state", r.state());
  field("etag", finding_etag(f, r.analysis));
  if (r.analysis) {
    out += ",\"analysis\":{\"state\":";
    append_json_string(out, to_string(r.analysis->state));
    field("justification", to_string(r.analysis->justification));
    field("detail", r.analysis->detail);
    field("author", r.analysis->author);
    field("timestamp", r.analysis->timestamp);
    field("origin", r.origin);
    out += r.inherited ? ",\"inherited\":true}" : ",\"inherited\":false}";
  }
  out += '}';
}

ordered_json finding_json(const FindingRow& r) {
  std::string text;
  append_finding(text, r);
  return ordered_json::parse(text);
}

// The grid's query parameters, shared by a release's findings and the portfolio-wide grid.
struct GridParams {
  service::FindingsPageRequest rq;
  service::GridFilters filters;
  bool csv = false;
  bool group = false;  // group=vulnerability: one row per vulnerability
  std::string after_vulnerability;
};

std::optional<double> unit_param(Ctx& ctx, const char* name, std::optional<Response>& error) {
  auto v = ctx.req.param(name);
  if (!v || v->empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const double d = std::stod(std::string(*v), &used);
    if (used == v->size() && d >= 0 && d <= 1) return d;
  } catch (...) {
  }
  error =
      problem(400, "Bad Request", fmt::format("{}: a number from 0 to 1 is required", name), name);
  return std::nullopt;
}

std::optional<Response> parse_grid(Ctx& ctx, GridParams& g) {
  auto& rq = g.rq;
  std::size_t limit = 100;
  if (auto l = ctx.req.param("limit")) {
    try {
      limit = static_cast<std::size_t>(std::stoul(*l));
    } catch (...) {
      return problem(400, "Bad Request", "limit: a number from 1 to 500 is required", "limit");
    }
    if (limit == 0 || limit > kMaxPage)
      return problem(400, "Bad Request", "limit: a number from 1 to 500 is required", "limit");
  }
  if (auto gp = ctx.req.param("group"); gp && !gp->empty()) {
    if (*gp != "vulnerability")
      return problem(400, "Bad Request", "group: only 'vulnerability'", "group");
    g.group = true;
  }
  std::int64_t after = 0;
  if (auto t = ctx.req.param("page_token"); t && !t->empty()) {
    auto raw = base64_decode(*t);
    bool good = false;
    if (raw && g.group && raw->starts_with("vuln:")) {
      g.after_vulnerability = raw->substr(5);
      good = true;
    } else if (raw && !g.group && raw->starts_with("id:")) {
      try {
        after = std::stoll(raw->substr(3));
        good = true;
      } catch (...) {
      }
    }
    if (!good)
      return problem(400, "Bad Request", "page_token: not a token this server issued",
                     "page_token");
  }
  if (auto s = ctx.req.param("sort_by"); s && *s != "id")
    return problem(400, "Bad Request", "sort_by: only 'id' (an indexed key) is sortable",
                   "sort_by");
  rq.query.after_id = after;
  rq.query.limit = limit;
  for (auto& p : split_list(ctx.req.param("priority").value_or("")))
    rq.query.priorities.push_back(to_upper(p));
  for (auto& p : split_list(ctx.req.param("severity").value_or("")))
    rq.query.severities.push_back(to_lower(p));
  rq.states = split_list(ctx.req.param("state").value_or(""));
  if (auto kev = ctx.req.param("kev")) {
    if (*kev != "true" && *kev != "false")
      return problem(400, "Bad Request", "kev: true or false", "kev");
    rq.query.kev = *kev == "true";
  }
  std::optional<Response> error;
  g.filters.epss_score = unit_param(ctx, "epss", error);
  if (error) return error;
  g.filters.epss_percentile = unit_param(ctx, "epss_percentile", error);
  if (error) return error;
  if (auto d = ctx.req.param("open_days"); d && !d->empty()) {
    try {
      std::size_t used = 0;
      const int n = std::stoi(std::string(*d), &used);
      if (used != d->size() || n < 0 || n > 36500) throw std::invalid_argument("open_days");
      g.filters.open_days = n;
    } catch (...) {
      return problem(400, "Bad Request", "open_days: a number of days from 0 to 36500 is required",
                     "open_days");
    }
  }
  if (g.group && !rq.states.empty())
    return problem(400, "Bad Request",
                   "state: not with group=vulnerability (states belong to single findings)",
                   "state");
  g.csv = wants_csv(ctx.req);
  if (g.csv && g.group)
    return problem(400, "Bad Request", "format: csv lists findings, not groups", "format");
  if (g.csv) rq.query.limit = 0;  // the whole list
  auto now = ctx.clock.now_rfc3339();
  if (!now) return problem_of(now.error());
  if (auto f = service::apply_grid_filters(*ctx.db.vulns, g.filters, *now, rq.query); !f)
    return problem_of(f.error());
  return std::nullopt;
}

std::string token_of(std::int64_t after) {
  return after != 0 ? base64_encode("id:" + std::to_string(after)) : "";
}

Response vulnerability_groups(Ctx& ctx, const GridParams& g) {
  auto page = service::vulnerability_page(*ctx.db.portfolio, g.rq.query, g.after_vulnerability,
                                          g.rq.query.limit);
  if (!page) return problem_of(page.error());
  std::string out = "{\"items\":[";
  for (std::size_t i = 0; i < page->items.size(); ++i) {
    const auto& v = page->items[i];
    if (i) out += ',';
    out += "{\"vulnerability\":";
    append_json_string(out, v.vulnerability);
    out += fmt::format(",\"findings\":{},\"releases\":{},\"priority\":", v.findings, v.releases);
    append_json_string(out, v.priority);
    out += ",\"severity\":";
    append_json_string(out, v.severity);
    out += v.kev ? ",\"kev\":true}" : ",\"kev\":false}";
  }
  out += "],\"next_page_token\":";
  append_json_string(out,
                     page->next_after.empty() ? "" : base64_encode("vuln:" + page->next_after));
  out += '}';
  return Response::json(200, std::move(out));
}

Response findings_csv(const service::FindingsPage& page, const std::string& filename,
                      const std::map<std::int64_t, const portfolio::Release*>* releases) {
  std::string out = releases ? "id,product,release,component,purl,vulnerability,severity,priority,"
                               "kev,state,first_seen\n"
                             : "id,component,purl,vulnerability,severity,priority,kev,state,"
                               "first_seen\n";
  for (const auto& r : page.items) {
    out += std::to_string(r.stored.id) + ",";
    if (releases) {
      const auto* rel = releases->at(r.stored.release_id);
      out += csv_cell(rel->product) + "," + csv_cell(rel->version) + ",";
    }
    out += fmt::format(
        "{},{},{},{},{},{},{},{}\n", csv_cell(r.stored.component_label), csv_cell(r.stored.purl),
        csv_cell(r.stored.vuln_id), csv_cell(r.stored.severity), csv_cell(r.stored.priority),
        r.stored.kev ? "true" : "false", csv_cell(r.state()), csv_cell(r.stored.first_seen));
  }
  auto res = Response::text(200, std::move(out), "text/csv; charset=utf-8");
  res.set("Content-Disposition", fmt::format("attachment; filename=\"{}\"", filename));
  return res;
}

Response list_findings(Ctx& ctx) {
  auto ref = visible_release_by_name(ctx);
  if (!ref) return problem_of(ref.error());
  GridParams g;
  if (auto e = parse_grid(ctx, g)) return std::move(*e);
  if (g.group) {
    g.rq.query.release_id = ref->release.id;
    return vulnerability_groups(ctx, g);
  }
  // The page depends only on the release's data and the query (access was checked above), and,
  // with open_days, on the time: not cached.
  std::string token, cache_key;
  if (!g.csv && ctx.config.response_cache && !g.filters.open_days) {
    auto t = ctx.db.portfolio->change_token();
    if (!t) return problem_of(t.error());
    token = std::move(*t);
    cache_key = fmt::format("findings|{}|{}", ref->release.id, ctx.req.query);
    if (const auto* hit = ctx.db.cache.find(cache_key, token)) return Response::json(200, *hit);
  }
  auto page = service::findings_page(*ctx.db.portfolio, ref->release, std::move(g.rq));
  if (!page) return problem_of(page.error());
  if (g.csv)
    return findings_csv(
        *page, fmt::format("findings-{}-{}.csv", ref->product.name, ref->release.version), nullptr);
  std::string out;
  out.reserve(400 * page->items.size() + 128);
  out += "{\"items\":[";
  for (std::size_t i = 0; i < page->items.size(); ++i) {
    if (i) out += ',';
    append_finding(out, page->items[i]);
  }
  out += fmt::format("],\"total\":{{\"count\":{},\"type\":\"EXACT\"}},\"next_page_token\":",
                     page->total);
  append_json_string(out, token_of(page->next_after));
  out += '}';
  if (!cache_key.empty()) ctx.db.cache.put(cache_key, token, out);
  return Response::json(200, std::move(out));
}

// The portfolio-wide grid: open findings of every visible release (archived ones left out), or
// of ?product= (and ?release=) only; the same filters; counts bounded.
constexpr std::size_t kPortfolioCountCap = 100000;

Response list_portfolio_findings(Ctx& ctx) {
  GridParams g;
  if (auto e = parse_grid(ctx, g)) return std::move(*e);
  const auto product = ctx.req.param("product").value_or("");
  const auto version = ctx.req.param("release").value_or("");
  if (!version.empty() && product.empty())
    return problem(400, "Bad Request", "release: needs product", "release");
  auto releases = service::grid_releases(*ctx.db.portfolio, *ctx.db.accounts, ctx.who,
                                         std::string(product), std::string(version));
  if (!releases) return problem_of(releases.error());
  if (g.group) {
    g.rq.query.release_id = 0;
    for (const auto& r : *releases) g.rq.query.release_ids.push_back(r.id);
    if (releases->empty()) return ok({{"items", ordered_json::array()}, {"next_page_token", ""}});
    return vulnerability_groups(ctx, g);
  }
  std::map<std::int64_t, const portfolio::Release*> by_id;
  for (const auto& r : *releases) by_id[r.id] = &r;
  if (!g.csv) g.rq.count_cap = kPortfolioCountCap;
  auto page = service::findings_page(*ctx.db.portfolio, *releases, std::move(g.rq));
  if (!page) return problem_of(page.error());
  if (g.csv) return findings_csv(*page, "findings-portfolio.csv", &by_id);
  std::string out;
  out.reserve(450 * page->items.size() + 128);
  out += "{\"items\":[";
  for (std::size_t i = 0; i < page->items.size(); ++i) {
    if (i) out += ',';
    append_finding(out, page->items[i], by_id.at(page->items[i].stored.release_id));
  }
  out +=
      fmt::format("],\"total\":{{\"count\":{},\"type\":\"{}\"}},\"next_page_token\":", page->total,
                  page->total_capped ? "AT_LEAST" : "EXACT");
  append_json_string(out, token_of(page->next_after));
  out += '}';
  return Response::json(200, std::move(out));
}

Response explain_finding(Ctx& ctx) {
  auto ref = visible_release_by_name(ctx);
  if (!ref) return problem_of(ref.error());
  std::int64_t id = 0;
  try {
    id = std::stoll(ctx.params["id"]);
  } catch (...) {
    return problem(400, "Bad Request", "id: a finding id is required", "id");
  }
  auto ex = service::explain_finding(*ctx.db.portfolio, *ctx.db.vulns, ref->product, ref->release,
                                     id, ctx.db.risk.get());
  if (!ex) return problem_of(ex.error());
  const FindingRow* row = &ex->row;
  ordered_json j = finding_json(*row);
  if (const auto* core = ex->core.get()) {
    j["summary"] = core->summary;
    j["cvss"] = {{"score", core->cvss_score},
                 {"vector", core->cvss_vector},
                 {"version", core->cvss_version},
                 {"source", core->cvss_source}};
    if (core->epss)
      j["epss"] = {{"score", *core->epss},
                   {"percentile", core->epss_percentile.value_or(0)},
                   {"date", core->epss_date}};
    j["kev_listing"] = {{"listed", core->kev},
                        {"date_added", core->kev_date_added},
                        {"due_date", core->kev_due_date}};
    j["priority_reason"] = core->priority_reason;
    j["fix_by"] = core->fix_by;
    j["fixed_versions"] = core->fixed_versions;
    j["match_kind"] = core->match_kind;
    j["confidence"] = core->confidence;
    ordered_json ev = ordered_json::array();
    for (const auto& e : core->evidence)
      ev.push_back({{"record", e.record_id},
                    {"ecosystem", e.ecosystem},
                    {"package", e.package},
                    {"matched_by", e.matched_by},
                    {"range", e.range}});
    j["evidence"] = ev;
  }
  auto res = ok(j);
  res.set("ETag", finding_etag(row->stored, row->analysis));
  return res;
}

// One triage item: {finding (id) | vulnerability + component, state, justification, detail,
// action, responses, scope, if_match}. Returns the updated finding or a per-item error.
Result<ordered_json> triage_one(Ctx& ctx, const ReleaseRef& ref, const json& item,
                                std::string_view header_if_match) {
  if (!item.is_object()) return invalid_input("items: each item must be an object");
  std::optional<FindingRow> found;
  if (item.contains("finding")) {
    if (!item["finding"].is_number_integer())
      return invalid_input("finding: a finding id is required");
    const auto id = item["finding"].get<std::int64_t>();
    auto f = service::open_finding(*ctx.db.portfolio, ref.release, id);
    if (!f) {
      if (f.error().code == ErrorCode::kNotFound)
        return not_found("finding: " + std::to_string(id) + " is not open in this release");
      return std::unexpected(f.error());
    }
    found = std::move(*f);
  }
  const FindingRow* row = found ? &*found : nullptr;
  service::TriageRequest t;
  t.vulnerability = row ? row->stored.vuln_id : str(item, "vulnerability");
  t.component = row ? (row->stored.purl.empty() ? row->stored.component_label : row->stored.purl)
                    : str(item, "component");
  if (t.vulnerability.empty()) return invalid_input("vulnerability: required (or finding)");
  auto state = analysis_state_from_string(str(item, "state"));
  if (!state)
    return invalid_input(
        "state: one of affected, not_affected, fixed, under_investigation, false_positive");
  t.analysis.state = *state;
  if (auto js = str(item, "justification"); !js.empty()) {
    auto j = justification_from_string(js);
    if (!j)
      return invalid_input("justification: '" + js + "' is not a CycloneDX/OpenVEX justification");
    t.analysis.justification = *j;
  }
  t.analysis.detail = str(item, "detail");
  t.analysis.action_statement = str(item, "action");
  if (item.contains("responses") && item["responses"].is_array())
    for (const auto& r : item["responses"])
      if (r.is_string()) t.analysis.responses.push_back(r.get<std::string>());
  if (auto s = str(item, "scope"); !s.empty()) t.scope = s;
  t.analysis.author = ctx.who.actor;
  auto now = ctx.clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  t.analysis.timestamp = *now;
  std::string expected = str(item, "if_match");
  if (expected.empty()) expected = std::string(header_if_match);
  std::string before = "{}";
  if (row) {
    if (!expected.empty() && expected != finding_etag(row->stored, row->analysis))
      return precondition_failed("if_match: the finding's analysis changed since it was read");
    before = finding_json(*row).dump();
  }
  if (row) t.finding = row->stored;  // known: no lookup over the release
  service::Target target{ref.product, ref.release};
  auto r = service::triage(*ctx.db.portfolio, target, t);
  if (!r) return std::unexpected(r.error());
  FindingRow after{r->finding, r->record.analysis,
                   r->record.origin.empty() ? r->record.source : r->record.origin,
                   r->record.origin != ref.release.version};
  auto j = finding_json(after);
  if (auto a = service::audit(*ctx.db.accounts, ctx.who, "triage.record",
                              fmt::format("finding:{}@{}:{}", ref.product.name, ref.release.version,
                                          r->finding.vuln_id),
                              ref.product.id, before, j.dump(), ctx.req.request_id, ctx.clock);
      !a)
    return std::unexpected(a.error());
  return j;
}

Response triage_bulk(Ctx& ctx) {
  auto ref = visible_release_by_name(ctx);
  if (!ref) return problem_of(ref.error());
  auto body = body_json(ctx.req);
  if (!body) return problem_of(body.error());
  if (!body->contains("items") || !(*body)["items"].is_array())
    return problem(400, "Bad Request", "items: an array of triage items is required", "items");
  const auto& items = (*body)["items"];
  if (items.size() > kMaxBulk)
    return problem(400, "Bad Request", fmt::format("items: at most {} per request", kMaxBulk),
                   "items");
  ordered_json results = ordered_json::array();
  std::size_t done = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto r = triage_one(ctx, *ref, items[i], "");
    if (r) {
      ++done;
      results.push_back({{"index", i}, {"status", 200}, {"finding", *r}});
    } else {
      results.push_back(
          {{"index", i}, {"status", status_for(r.error())}, {"detail", r.error().message}});
    }
  }
  return ok({{"results", results}, {"recorded", done}, {"failed", items.size() - done}},
            done == items.size() ? 200 : 207);
}

Response triage_single(Ctx& ctx) {
  auto ref = visible_release_by_name(ctx);
  if (!ref) return problem_of(ref.error());
  auto body = body_json(ctx.req);
  if (!body) return problem_of(body.error());
  std::int64_t id = 0;
  try {
    id = std::stoll(ctx.params["id"]);
  } catch (...) {
    return problem(400, "Bad Request", "id: a finding id is required", "id");
  }
  (*body)["finding"] = id;
  auto r = triage_one(ctx, *ref, *body, ctx.req.header("If-Match").value_or(""));
  if (!r) return problem_of(r.error());
  auto res = ok(*r);
  res.set("ETag", (*r)["etag"].get<std::string>());
  return res;
}

// ---- VEX, evidence, status, audit, metrics ----

Response export_vex(Ctx& ctx) {
  auto ref = visible_release_by_name(ctx);
  if (!ref) return problem_of(ref.error());
  service::VexExportRequest rq;
  rq.target = ref->product.name + "@" + ref->release.version;
  const auto f = ctx.req.param("format").value_or("openvex");
  if (f == "openvex")
    rq.format = VexFormat::kOpenVex;
  else if (f == "cyclonedx")
    rq.format = VexFormat::kCycloneDx;
  else if (f == "csaf")
    rq.format = VexFormat::kCsaf;
  else
    return problem(400, "Bad Request", "format: one of openvex, cyclonedx, csaf", "format");
  auto x = service::export_vex(*ctx.db.portfolio, rq, ctx.clock);
  if (!x) return problem_of(x.error());
  return Response::json(200, x->text);
}

// The documents request of a visible release, as `bulwark cra docs` makes it.
Result<std::pair<ReleaseRef, service::DocsRequest>> docs_request(Ctx& ctx) {
  auto ref = visible_release_by_name(ctx);
  if (!ref) return std::unexpected(ref.error());
  service::DocsRequest rq;
  rq.target = ref->product.name + "@" + ref->release.version;
  rq.database_name = "bulwark.db";
  rq.tool_version = ctx.config.version;
  return std::pair{std::move(*ref), std::move(rq)};
}

Result<service::DocsPackage> build_docs(Ctx& ctx, const service::DocsRequest& rq) {
  return service::build_docs(*ctx.db.portfolio, *ctx.db.cra, *ctx.db.vulns, rq, ctx.clock,
                             ctx.db.risk.get(), ctx.db.exposure.get());
}

// A zip download named after the release, with its SHA-256.
Response zip_download(std::string body, std::string_view prefix, const ReleaseRef& ref) {
  auto res = Response::text(200, std::move(body), "application/zip");
  res.set("Content-Disposition", fmt::format("attachment; filename=\"{}-{}-{}.zip\"", prefix,
                                             ref.product.name, ref.release.version));
  res.set("X-Content-SHA256", sha256_hex(res.body));
  return res;
}

Response evidence_bundle(Ctx& ctx) {
  auto rq = docs_request(ctx);
  if (!rq) return problem_of(rq.error());
  auto pkg = build_docs(ctx, rq->second);
  if (!pkg) return problem_of(pkg.error());
  return zip_download(std::move(pkg->bundle), "evidence", rq->first);
}

// POST .../vex: a VEX document (OpenVEX, CycloneDX VEX or CSAF VEX, sniffed) in the body applied
// to the release's open findings as analyses, as `bulwark vex import PRODUCT@VERSION FILE` does
// (service::import_vex). One audit entry per finding of the release whose analysis changed
// (before and after; its ETag changes), as bulk triage writes one per item.
Response vex_import(Ctx& ctx) {
  auto ref = visible_release_by_name(ctx);
  if (!ref) return problem_of(ref.error());
  if (ctx.req.body.empty())
    return problem(400, "Bad Request",
                   "body: a VEX document (OpenVEX, CycloneDX, CSAF) is required", "body");
  std::string name = ctx.req.param("name").value_or("");
  if (name.empty()) name = "upload.json";
  if (name.size() > 128 || name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
                                                  "VWXYZ0123456789._-") != std::string::npos)
    return problem(400, "Bad Request", "name: letters, digits, '.', '_' and '-' (at most 128)",
                   "name");
  // The document is read before anything changes; its errors name the JSON pointer.
  if (auto doc = service::read_vex(ctx.req.body, name); !doc) {
    // "<name>: /statements/0/status: missing" names the pointer; anything else the body.
    std::string detail = doc.error().message, field = "body";
    if (detail.starts_with(name)) detail = detail.substr(name.size());
    if (detail.starts_with(": /")) {
      detail = detail.substr(2);
      field = detail.substr(0, detail.find(": "));
    } else if (detail.starts_with(": ")) {
      detail = "body" + detail;
    } else {
      detail = (detail.starts_with(":") ? "body" : "body: ") + detail;
    }
    return problem(400, "Bad Request", detail, field);
  }
  service::FindingsPageRequest all;
  all.query.limit = 0;
  auto before = service::findings_page(*ctx.db.portfolio, ref->release, all);
  if (!before) return problem_of(before.error());
  service::VexImportRequest rq;
  rq.target = ref->product.name + "@" + ref->release.version;
  rq.documents.push_back({name, ctx.req.body});
  auto reports = service::import_vex(*ctx.db.portfolio, rq, ctx.clock);
  if (!reports) return problem_of(reports.error());
  auto after = service::findings_page(*ctx.db.portfolio, ref->release, all);
  if (!after) return problem_of(after.error());
  std::map<std::int64_t, const FindingRow*> was;
  for (const auto& r : before->items) was[r.stored.id] = &r;
  ordered_json changed = ordered_json::array();
  for (const auto& r : after->items) {
    auto it = was.find(r.stored.id);
    const std::string tag = finding_etag(r.stored, r.analysis);
    if (it != was.end() && finding_etag(it->second->stored, it->second->analysis) == tag) continue;
    auto j = finding_json(r);
    if (auto a = service::audit(*ctx.db.accounts, ctx.who, "vex.import",
                                fmt::format("finding:{}@{}:{}", ref->product.name,
                                            ref->release.version, r.stored.vuln_id),
                                ref->product.id,
                                it == was.end() ? "{}" : finding_json(*it->second).dump(), j.dump(),
                                ctx.req.request_id, ctx.clock);
        !a)
      return problem_of(a.error());
    changed.push_back(r.stored.id);
  }
  const auto& rep = reports->front();
  return ok({{"document", rep.document.empty() ? name : rep.document},
             {"statements", rep.statements},
             {"applied", rep.applied},
             {"skipped", rep.unmatched},
             {"recorded", rep.recorded},
             {"findings", rep.findings},
             {"changed", changed}});
}

// GET .../cra/documents: the technical documentation `bulwark cra docs` writes (Annex VII, the
// declarations, the user information, the approved risk assessment) as a reproducible zip with
// documents.json (each document's gaps) and manifest.json.
Response cra_documents(Ctx& ctx) {
  auto rq = docs_request(ctx);
  if (!rq) return problem_of(rq.error());
  const auto format = ctx.req.param("format").value_or("");
  if (format == "markdown")
    rq->second.html = false;
  else if (format == "html")
    rq->second.markdown = false;
  else if (!format.empty() && format != "both")
    return problem(400, "Bad Request", "format: markdown, html or both", "format");
  auto pkg = build_docs(ctx, rq->second);
  if (!pkg) return problem_of(pkg.error());
  auto zip = service::documentation_zip(*pkg, rq->second.target);
  if (!zip) return problem_of(zip.error());
  return zip_download(std::move(*zip), "cra-documents", rq->first);
}

Response db_status(Ctx& ctx) {
  auto s = service::db_status(*ctx.db.vulns, ctx.clock);
  if (!s) return problem_of(s.error());
  return Response::json(200, service::status_json(*s));
}

Response audit_log(Ctx& ctx) {
  accounts::AuditQuery q;
  if (auto a = ctx.req.param("after")) {
    try {
      q.after_seq = std::stoll(*a);
    } catch (...) {
      return problem(400, "Bad Request", "after: a sequence number is required", "after");
    }
  }
  if (auto l = ctx.req.param("limit")) {
    try {
      q.limit = std::min<std::size_t>(kMaxPage, std::stoul(*l));
    } catch (...) {
      return problem(400, "Bad Request", "limit: a number is required", "limit");
    }
  }
  if (!ctx.who.admin())
    q.product_ids =
        std::vector<std::int64_t>(ctx.who.product_ids.begin(), ctx.who.product_ids.end());
  auto entries = ctx.db.accounts->audit(q);
  if (!entries) return problem_of(entries.error());
  ordered_json items = ordered_json::array();
  for (const auto& e : *entries) {
    ordered_json j = {{"seq", e.seq},       {"at", e.at},         {"actor", e.actor},
                      {"action", e.action}, {"object", e.object}, {"request_id", e.request_id}};
    try {
      j["before"] = e.before.empty() ? json(nullptr) : json::parse(e.before);
      j["after"] = e.after.empty() ? json(nullptr) : json::parse(e.after);
    } catch (const json::exception&) {
      j["before"] = e.before;
      j["after"] = e.after;
    }
    items.push_back(std::move(j));
  }
  ordered_json out = {{"items", items}};
  out["next_after"] = entries->empty() ? q.after_seq : entries->back().seq;
  return ok(out);
}

Response portfolio_metrics(Ctx& ctx) {
  auto products = ctx.db.portfolio->products();
  if (!products) return problem_of(products.error());
  std::map<std::string, std::size_t> by_priority, by_severity;
  std::size_t releases = 0, open = 0, kev = 0, visible = 0;
  for (const auto& p : *products) {
    if (!ctx.who.sees(p.id)) continue;
    ++visible;
    auto rels = ctx.db.portfolio->releases(p.id);
    if (!rels) return problem_of(rels.error());
    for (const auto& r : *rels) {
      auto archived = ctx.db.accounts->archived(r.id);
      if (archived && *archived) continue;
      ++releases;
      auto t = ctx.db.portfolio->tally_findings(r.id);
      if (!t) return problem_of(t.error());
      open += t->open;
      kev += t->kev;
      for (const auto& [k, n] : t->by_priority) by_priority[k] += n;
      for (const auto& [k, n] : t->by_severity) by_severity[k] += n;
    }
  }
  auto now = ctx.clock.now_rfc3339();
  return ok({{"at", now ? *now : ""},
             {"products", visible},
             {"releases", releases},
             {"open_findings", open},
             {"kev_findings", kev},
             {"by_priority", by_priority},
             {"by_severity", by_severity}});
}

// ---- components ----

// Which releases (of the principal's products, archived ones left out) ship a component, with
// an optional version constraint: GET /components/where-used?component=PURL&versions=<3.0.13.
Response where_used(Ctx& ctx) {
  service::WhereUsedRequest rq;
  rq.component = ctx.req.param("component").value_or("");
  rq.versions = ctx.req.param("versions").value_or("");
  auto all = service::where_used(*ctx.db.portfolio, rq);
  if (!all) return problem_of(all.error());  // names the field: component or versions
  std::vector<const portfolio::Usage*> seen;
  for (const auto& u : *all) {
    if (!ctx.who.sees(u.product_id)) continue;
    auto archived = ctx.db.accounts->archived(u.release_id);
    if (!archived) return problem_of(archived.error());
    if (!*archived) seen.push_back(&u);
  }
  if (wants_csv(ctx.req)) {
    std::string out = "product,release,component,version,purl\n";
    for (const auto* u : seen)
      out += fmt::format("{},{},{},{},{}\n", csv_cell(u->product), csv_cell(u->release_version),
                         csv_cell(u->component.name), csv_cell(u->component.version),
                         csv_cell(u->component.purl));
    return Response::text(200, std::move(out), "text/csv; charset=utf-8");
  }
  ordered_json items = ordered_json::array();
  for (const auto* u : seen)
    items.push_back({{"product", u->product},
                     {"release", u->release_version},
                     {"component",
                      {{"name", u->component.name},
                       {"version", u->component.version},
                       {"purl", u->component.purl},
                       {"bom_ref", u->component.bom_ref}}}});
  return ok({{"items", items}, {"total", {{"count", seen.size()}, {"type", "EXACT"}}}});
}

}  // namespace

void add_native_routes(Router& r) {
  using P = Permission;
  const std::string b(kBase);
  r.add("GET", b + "/health", Api::kNative, std::nullopt, health, true);
  r.add("POST", b + "/auth/login", Api::kNative, std::nullopt, login, true);
  r.add("POST", b + "/auth/logout", Api::kNative, std::nullopt, logout);
  r.add("GET", b + "/auth/whoami", Api::kNative, std::nullopt, whoami);
  r.add("GET", b + "/products", Api::kNative, P::kView,
        csv_list(list_products, {"items", "products", {}}));
  r.add("POST", b + "/products", Api::kNative, P::kManageProducts, create_product);
  r.add("GET", b + "/products/{product}", Api::kNative, P::kView, get_product);
  r.add("GET", b + "/products/{product}/releases", Api::kNative, P::kView,
        csv_list(list_releases, {"items", "releases", {}}));
  r.add("PUT", b + "/products/{product}/releases/{version}/sbom", Api::kNative, P::kUpload,
        upload_sbom);
  r.add("GET", b + "/jobs/{token}", Api::kNative, P::kView, get_job);
  r.add("GET", b + "/products/{product}/releases/{version}/findings", Api::kNative, P::kView,
        list_findings);
  r.add("GET", b + "/findings", Api::kNative, P::kView, list_portfolio_findings);
  r.add("GET", b + "/products/{product}/releases/{version}/findings/{id}", Api::kNative, P::kView,
        explain_finding);
  r.add("PUT", b + "/products/{product}/releases/{version}/findings/{id}/analysis", Api::kNative,
        P::kTriage, triage_single);
  r.add("POST", b + "/products/{product}/releases/{version}/triage", Api::kNative, P::kTriage,
        triage_bulk);
  r.add("GET", b + "/products/{product}/releases/{version}/vex", Api::kNative, P::kView,
        export_vex);
  r.add("POST", b + "/products/{product}/releases/{version}/vex", Api::kNative, P::kTriage,
        vex_import);
  r.add("GET", b + "/products/{product}/releases/{version}/evidence-bundle", Api::kNative,
        P::kCraReporting, evidence_bundle);
  r.add("GET", b + "/products/{product}/releases/{version}/cra/documents", Api::kNative,
        P::kCraReporting, cra_documents);
  r.add("GET", b + "/db/status", Api::kNative, P::kView, db_status);
  r.add("GET", b + "/audit", Api::kNative, P::kView,
        csv_list(audit_log, {"items", "audit", {"before", "after"}}));
  r.add("GET", b + "/metrics", Api::kNative, P::kView, portfolio_metrics);
  r.add("GET", b + "/components/where-used", Api::kNative, P::kView, where_used);
}

}  // namespace bulwark::server::detail
