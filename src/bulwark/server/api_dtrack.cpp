// The Dependency-Track v1 compatibility API (../shared/docs/dependency-track-v1-api.md): the
// endpoints CI clients call, with Dependency-Track's shapes: a "project" is a Bulwark release,
// its UUID stable per release; timestamps in epoch milliseconds; nulls omitted; plain-text
// 404 bodies; 401/403 with empty bodies. Another team's release answers 404 (it is not shown).
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bulwark/core/base64.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/server/internal.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/uploads.hpp"

namespace bulwark::server::detail {
namespace {

using accounts::Permission;
using nlohmann::ordered_json;

constexpr std::size_t kMaxPutBom = 20'000'000;  // characters of Base64, as Dependency-Track

Response json_response(int status, const ordered_json& j) {
  return Response::json(status, j.dump());
}

std::optional<bool> truthy(const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    auto s = to_lower(v.get<std::string>());
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return std::nullopt;
}

std::string dt_severity(std::string_view s) {
  if (s == "CRITICAL" || s == "HIGH" || s == "MEDIUM" || s == "LOW") return std::string(s);
  if (s == "NONE") return "INFO";
  return "UNASSIGNED";
}
int severity_rank(std::string_view s) {
  static const char* kOrder[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO", "UNASSIGNED"};
  for (int i = 0; i < 6; ++i)
    if (s == kOrder[i]) return i;
  return 5;
}
std::string dt_state(AnalysisState s) {
  switch (s) {
    case AnalysisState::kAffected:
      return "EXPLOITABLE";
    case AnalysisState::kNotAffected:
      return "NOT_AFFECTED";
    case AnalysisState::kFixed:
      return "RESOLVED";
    case AnalysisState::kFalsePositive:
      return "FALSE_POSITIVE";
    case AnalysisState::kUnderInvestigation:
      return "IN_TRIAGE";
  }
  return "NOT_SET";
}
std::string dt_source(std::string_view id) {
  if (id.starts_with("CVE-")) return "NVD";
  if (id.starts_with("GHSA-")) return "GITHUB";
  return "OSV";
}
std::string bom_format(const portfolio::Release& r) {
  // "CycloneDX JSON 1.6" -> "CycloneDX 1.6"; SPDX kept as stored.
  if (r.sbom_format.starts_with("CycloneDX")) {
    auto sp = r.sbom_format.rfind(' ');
    return "CycloneDX" + r.sbom_format.substr(sp);
  }
  return r.sbom_format;
}

struct Metrics {
  int critical = 0, high = 0, medium = 0, low = 0, unassigned = 0, suppressed = 0, audited = 0;
  int components = 0, vulnerable_components = 0;
  std::int64_t at = 0;
};

Result<service::ReleaseView> view_of(Ctx& ctx, const ReleaseRef& ref, bool suppressed) {
  service::ViewOptions o;
  o.show_suppressed = suppressed;
  auto today = ctx.clock.today();
  if (!today) return std::unexpected(today.error());
  o.today = *today;
  o.risk = ctx.db.risk.get();
  return service::release_view(*ctx.db.portfolio, *ctx.db.vulns, ref.product, ref.release, o);
}

Result<Metrics> metrics_of(Ctx& ctx, const ReleaseRef& ref) {
  auto view = view_of(ctx, ref, true);
  if (!view) return std::unexpected(view.error());
  Metrics m;
  m.components = static_cast<int>(view->sbom.components.size());
  std::set<std::size_t> vulnerable;
  for (std::size_t i = 0; i < view->result.findings.size(); ++i) {
    const auto& f = view->result.findings[i];
    const auto& st = view->statuses[i];
    if (st.suppressed) {
      ++m.suppressed;
      continue;
    }
    vulnerable.insert(f.component);
    auto sev = dt_severity(f.core->severity);
    if (sev == "CRITICAL")
      ++m.critical;
    else if (sev == "HIGH")
      ++m.high;
    else if (sev == "MEDIUM")
      ++m.medium;
    else if (sev == "LOW" || sev == "INFO")
      ++m.low;
    else
      ++m.unassigned;
    if (st.analysis && st.analysis->state != AnalysisState::kUnderInvestigation) ++m.audited;
  }
  m.vulnerable_components = static_cast<int>(vulnerable.size());
  m.at = epoch_ms(ref.release.created_at);
  return m;
}

ordered_json metrics_json(const Metrics& m) {
  const int total = m.critical + m.high + m.medium + m.low + m.unassigned;
  ordered_json j = {{"critical", m.critical},
                    {"high", m.high},
                    {"medium", m.medium},
                    {"low", m.low},
                    {"unassigned", m.unassigned},
                    {"vulnerabilities", total},
                    {"vulnerableComponents", m.vulnerable_components},
                    {"components", m.components},
                    {"suppressed", m.suppressed},
                    {"findingsTotal", total},
                    {"findingsAudited", m.audited},
                    {"findingsUnaudited", total - m.audited},
                    {"inheritedRiskScore", 10.0 * m.critical + 5.0 * m.high + 3.0 * m.medium +
                                               1.0 * m.low + 5.0 * m.unassigned}};
  for (const char* k :
       {"policyViolationsFail", "policyViolationsWarn", "policyViolationsInfo",
        "policyViolationsTotal", "policyViolationsAudited", "policyViolationsUnaudited",
        "policyViolationsSecurityTotal", "policyViolationsSecurityAudited",
        "policyViolationsSecurityUnaudited", "policyViolationsLicenseTotal",
        "policyViolationsLicenseAudited", "policyViolationsLicenseUnaudited",
        "policyViolationsOperationalTotal", "policyViolationsOperationalAudited",
        "policyViolationsOperationalUnaudited"})
    j[k] = 0;
  j["collectionLogic"] = "NONE";
  j["collectionLogicChanged"] = false;
  j["firstOccurrence"] = m.at;
  j["lastOccurrence"] = m.at;
  return j;
}

// Every release the principal sees, not archived, in Dependency-Track's default order.
Result<std::vector<ReleaseRef>> visible_releases(Ctx& ctx) {
  auto products = ctx.db.portfolio->products();
  if (!products) return std::unexpected(products.error());
  std::vector<ReleaseRef> out;
  for (const auto& p : *products) {
    if (!ctx.who.sees(p.id)) continue;
    auto rels = ctx.db.portfolio->releases(p.id);
    if (!rels) return std::unexpected(rels.error());
    for (const auto& r : *rels) {
      auto archived = ctx.db.accounts->archived(r.id);
      if (!archived) return std::unexpected(archived.error());
      if (!*archived) out.push_back({r, p});
    }
  }
  return out;
}

Result<ordered_json> project_json(Ctx& ctx, const ReleaseRef& ref, bool with_versions,
                                  bool with_metrics) {
  auto uuid = ctx.db.accounts->release_uuid(ref.release.id);
  if (!uuid) return std::unexpected(uuid.error());
  auto siblings = ctx.db.portfolio->releases(ref.product.id);
  if (!siblings) return std::unexpected(siblings.error());
  const bool latest = !siblings->empty() && siblings->back().id == ref.release.id;
  ordered_json j = {{"name", ref.product.name},
                    {"version", ref.release.version},
                    {"classifier", "APPLICATION"},
                    {"collectionLogic", "NONE"},
                    {"uuid", *uuid},
                    {"properties", ordered_json::array()},
                    {"tags", ordered_json::array()},
                    {"lastBomImport", epoch_ms(ref.release.created_at)},
                    {"lastBomImportFormat", bom_format(ref.release)},
                    {"active", true},
                    {"isLatest", latest}};
  if (!ref.product.description.empty()) j["description"] = ref.product.description;
  if (!ref.product.vendor.empty()) j["publisher"] = ref.product.vendor;
  if (with_metrics) {
    auto m = metrics_of(ctx, ref);
    if (!m) return std::unexpected(m.error());
    j["lastInheritedRiskScore"] = metrics_json(*m)["inheritedRiskScore"];
    j["metrics"] = metrics_json(*m);
  }
  if (with_versions) {
    ordered_json versions = ordered_json::array();
    for (const auto& r : *siblings) {
      auto archived = ctx.db.accounts->archived(r.id);
      if (!archived) return std::unexpected(archived.error());
      if (*archived) continue;
      auto u = ctx.db.accounts->release_uuid(r.id);
      if (!u) return std::unexpected(u.error());
      versions.push_back({{"uuid", *u}, {"version", r.version}, {"active", true}});
    }
    j["versions"] = versions;
  }
  return j;
}

Response upload(Ctx& ctx, service::UploadInput in) {
  in.request_id = ctx.req.request_id;
  auto job = service::submit_upload(*ctx.db.portfolio, *ctx.db.jobs, ctx.who, in, ctx.clock);
  if (!job) {
    const auto& e = job.error();
    if (e.code == ErrorCode::kNotFound) return dt_text(404, e.message);
    if (e.code == ErrorCode::kPrecondition)
      return dt_text(401, "The principal does not have permission to create project.");
    auto r = Response::text(
        400,
        ordered_json{
            {"status", 400}, {"title", "The uploaded BOM is invalid"}, {"detail", e.message}}
            .dump(),
        "application/problem+json");
    return r;
  }
  ordered_json j = {{"token", job->token}};
  if (in.release_id) {
    if (auto u = ctx.db.accounts->release_uuid(in.release_id)) j["projectUuid"] = *u;
  }
  return json_response(200, j);
}

Response validation_error(std::string path, std::string message) {
  return Response::json(
      400,
      ordered_json::array({{{"message", message}, {"messageTemplate", message}, {"path", path}}})
          .dump());
}

Result<std::int64_t> release_of_uuid(Ctx& ctx, const std::string& uuid) {
  auto id = ctx.db.accounts->release_by_uuid(uuid);
  if (!id) return std::unexpected(id.error());
  return id->value_or(0);
}

Response put_bom(Ctx& ctx) {
  if (auto ct = ctx.req.header("Content-Type"); !ct || !ct->starts_with("application/json"))
    return Response::empty(415);
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(ctx.req.body);
  } catch (const nlohmann::json::exception&) {
    return Response::text(
        400,
        R"({"status":400,"title":"The provided JSON payload could not be mapped","detail":"malformed JSON"})",
        "application/problem+json");
  }
  if (!body.is_object()) return validation_error("", "The request body must be a JSON object");
  auto str = [&](const char* k) {
    return body.contains(k) && body[k].is_string() ? body[k].get<std::string>() : std::string();
  };
  service::UploadInput in;
  const std::string project = str("project");
  if (!project.empty()) {
    if (!is_uuid(project))
      return validation_error("project", "The project must be a valid 36 character UUID");
    auto id = release_of_uuid(ctx, project);
    if (!id) return problem_of(id.error());
    if (*id == 0) return dt_text(404, "The project could not be found.");
    in.release_id = *id;
  } else {
    in.product = std::string(trim(str("projectName")));
    in.version = std::string(trim(str("projectVersion")));
    if (in.product.empty()) return validation_error("projectName", "must not be blank");
    if (in.version.empty()) return validation_error("projectVersion", "must not be blank");
    if (body.contains("autoCreate")) in.auto_create = truthy(body["autoCreate"]).value_or(false);
  }
  if (!body.contains("bom") || !body["bom"].is_string())
    return validation_error("bom", "The bom must be a Base64 encoded string");
  const auto& b64 = body["bom"].get_ref<const std::string&>();
  if (b64.size() > kMaxPutBom)
    return Response::text(
        400,
        R"J({"status":400,"title":"The uploaded BOM is invalid","detail":"BOM is larger than 20,000,000 characters: use POST /api/v1/bom (multipart)"})J",
        "application/problem+json");
  auto bytes = base64_decode(b64);
  if (!bytes) return validation_error("bom", "The bom must be a Base64 encoded string");
  in.sbom = std::move(*bytes);
  in.sbom_name = (in.product.empty() ? std::string("project") : in.product) + ".bom";
  return upload(ctx, std::move(in));
}

Response post_bom(Ctx& ctx) {
  auto ct = ctx.req.header("Content-Type");
  if (!ct || !ct->starts_with("multipart/form-data")) return Response::empty(415);
  auto parts = parse_multipart(*ct, ctx.req.body);
  if (!parts) return problem_of(parts.error());
  auto field = [&](std::string_view name) -> const Part* {
    for (const auto& p : *parts)
      if (p.name == name) return &p;
    return nullptr;
  };
  service::UploadInput in;
  if (const auto* p = field("project"); p && !p->data.empty()) {
    if (!is_uuid(p->data))
      return Response::text(
          400,
          R"({"status":400,"title":"Illegal argument provided","detail":"project: not a UUID"})",
          "application/problem+json");
    auto id = release_of_uuid(ctx, p->data);
    if (!id) return problem_of(id.error());
    if (*id == 0) return dt_text(404, "The project could not be found.");
    in.release_id = *id;
  } else {
    if (const auto* n = field("projectName")) in.product = std::string(trim(n->data));
    if (const auto* v = field("projectVersion")) in.version = std::string(trim(v->data));
    if (const auto* a = field("autoCreate")) in.auto_create = to_lower(trim(a->data)) == "true";
    if (in.product.empty()) return validation_error("projectName", "must not be blank");
    if (in.version.empty()) return validation_error("projectVersion", "must not be blank");
  }
  const auto* bom = field("bom");
  if (!bom) return validation_error("bom", "a part named bom is required");
  in.sbom = bom->data;
  in.sbom_name = bom->filename.empty() ? std::string("bom") : bom->filename;
  return upload(ctx, std::move(in));
}

Response token_state(Ctx& ctx) {
  const auto& token = ctx.params["uuid"];
  if (!is_uuid(token)) return validation_error("uuid", "Invalid UUID");
  auto job = ctx.db.jobs->by_token(token);
  if (!job) return problem_of(job.error());
  const bool processing = *job && ((*job)->state == jobs::JobState::kQueued ||
                                   (*job)->state == jobs::JobState::kRunning);
  return json_response(200, {{"processing", processing}});
}

std::size_t number_param(const Request& req, std::initializer_list<const char*> names,
                         std::size_t fallback) {
  for (const char* n : names)
    if (auto v = req.param(n); v && !v->empty()) {
      try {
        return static_cast<std::size_t>(std::stoll(*v));
      } catch (...) {
        return fallback;
      }
    }
  return fallback;
}

Response list_projects(Ctx& ctx) {
  auto all = visible_releases(ctx);
  if (!all) return problem_of(all.error());
  const auto name = ctx.req.param("name");
  std::vector<ReleaseRef> hits;
  const auto search = ctx.req.param("searchText").value_or(ctx.req.param("filter").value_or(""));
  for (auto& r : *all) {
    if (name && r.product.name != *name) continue;
    if (!name && !search.empty() &&
        to_lower(r.product.name).find(to_lower(search)) == std::string::npos)
      continue;
    hits.push_back(std::move(r));
  }
  if (auto sort = ctx.req.param("sortName").value_or(ctx.req.param("orderBy").value_or(""));
      !sort.empty() && sort != "name" && sort != "version" && sort != "lastBomImport")
    return Response::text(400, R"({"status":400,"title":"Field not sortable"})",
                          "application/problem+json");
  std::stable_sort(hits.begin(), hits.end(), [&](const ReleaseRef& a, const ReleaseRef& b) {
    if (a.product.name != b.product.name) return a.product.name < b.product.name;
    return a.release.version > b.release.version;
  });
  const std::size_t page = number_param(ctx.req, {"pageNumber", "page"}, 0);
  const std::size_t size = number_param(ctx.req, {"pageSize", "size", "limit"}, 0);
  std::size_t offset = number_param(ctx.req, {"offset"}, 0), limit = 100;
  if (page > 0 && size > 0) {
    offset = (page - 1) * size;
    limit = size;
  }
  ordered_json out = ordered_json::array();
  for (std::size_t i = offset; i < hits.size() && i < offset + limit; ++i) {
    auto j = project_json(ctx, hits[i], false, !name.has_value());
    if (!j) return problem_of(j.error());
    out.push_back(std::move(*j));
  }
  auto r = json_response(200, out);
  r.set("X-Total-Count", std::to_string(hits.size()));
  return r;
}

Result<std::optional<ReleaseRef>> by_path_uuid(Ctx& ctx) {
  return visible_release(ctx, ctx.params["uuid"]);
}

Response lookup_project(Ctx& ctx) {
  auto name = ctx.req.param("name");
  auto version = ctx.req.param("version");
  if (!name) return dt_text(404, "The project could not be found.");
  auto p = ctx.db.portfolio->product(*name);
  if (!p) return problem_of(p.error());
  if (!*p || !ctx.who.sees((*p)->id)) return dt_text(404, "The project could not be found.");
  auto r = ctx.db.portfolio->release((*p)->id, version.value_or(""));
  if (!r) return problem_of(r.error());
  if (!*r) return dt_text(404, "The project could not be found.");
  if (auto a = ctx.db.accounts->archived((*r)->id); !a || *a)
    return dt_text(404, "The project could not be found.");
  auto j = project_json(ctx, {**r, **p}, true, true);
  if (!j) return problem_of(j.error());
  return json_response(200, *j);
}

Response get_project(Ctx& ctx) {
  if (!is_uuid(ctx.params["uuid"])) return validation_error("uuid", "Invalid UUID");
  auto ref = by_path_uuid(ctx);
  if (!ref) return problem_of(ref.error());
  if (!*ref) return dt_text(404, "The project could not be found.");
  auto j = project_json(ctx, **ref, true, true);
  if (!j) return problem_of(j.error());
  (*j)["children"] = ordered_json::array();
  return json_response(200, *j);
}

Response delete_project(Ctx& ctx) {
  if (!is_uuid(ctx.params["uuid"])) return validation_error("uuid", "Invalid UUID");
  auto ref = by_path_uuid(ctx);
  if (!ref) return problem_of(ref.error());
  if (!*ref) return dt_text(404, "The UUID of the project could not be found.");
  auto now = ctx.clock.now_rfc3339();
  if (!now) return problem_of(now.error());
  if (auto a = ctx.db.accounts->archive_release((*ref)->release.id, *now); !a)
    return problem_of(a.error());
  service::audit(*ctx.db.accounts, ctx.who, "release.archive",
                 "release:" + (*ref)->product.name + "@" + (*ref)->release.version,
                 (*ref)->product.id, R"({"archived":false})", R"({"archived":true})",
                 ctx.req.request_id, ctx.clock);
  return Response::empty(204);
}

Response project_findings(Ctx& ctx) {
  if (!is_uuid(ctx.params["uuid"])) return validation_error("uuid", "Invalid UUID");
  auto ref = by_path_uuid(ctx);
  if (!ref) return problem_of(ref.error());
  if (!*ref) return dt_text(404, "The project could not be found.");
  const bool suppressed = to_lower(ctx.req.param("suppressed").value_or("false")) == "true";
  auto view = view_of(ctx, **ref, suppressed);
  if (!view) return problem_of(view.error());
  auto puuid = ctx.db.accounts->release_uuid((*ref)->release.id);
  if (!puuid) return problem_of(puuid.error());
  const auto source = ctx.req.param("source");
  ordered_json out = ordered_json::array();
  for (std::size_t i = 0; i < view->result.findings.size(); ++i) {
    const auto& f = view->result.findings[i];
    const auto& c = view->sbom.components[f.component];
    const auto& core = *f.core;
    const auto& st = view->statuses[i];
    const auto src = dt_source(core.id);
    if (source && *source != src) continue;
    const std::string cuuid =
        derived_uuid(*puuid + "|" + (c.purl.empty() ? c.name + "@" + c.version : c.purl));
    const std::string vuuid = derived_uuid("vuln|" + core.id);
    ordered_json comp = {{"uuid", cuuid}, {"name", c.name}};
    if (!c.group.empty()) comp["group"] = c.group;
    if (!c.version.empty()) comp["version"] = c.version;
    if (!c.purl.empty()) comp["purl"] = c.purl;
    comp["project"] = *puuid;
    const auto sev = dt_severity(core.severity);
    ordered_json vuln = {{"uuid", vuuid}, {"vulnId", core.id}, {"source", src}};
    if (!core.summary.empty()) vuln["title"] = core.summary;
    if (core.cvss_score >= 0) {
      if (core.cvss_version.starts_with("3")) {
        vuln["cvssV3BaseScore"] = core.cvss_score;
        vuln["cvssV3Vector"] = core.cvss_vector;
      } else if (core.cvss_version.starts_with("4")) {
        vuln["cvssV4Score"] = core.cvss_score;
        vuln["cvssV4Vector"] = core.cvss_vector;
      } else if (core.cvss_version.starts_with("2")) {
        vuln["cvssV2BaseScore"] = core.cvss_score;
        vuln["cvssV2Vector"] = core.cvss_vector;
      }
    }
    vuln["severity"] = sev;
    vuln["severityRank"] = severity_rank(sev);
    if (core.epss) vuln["epssScore"] = *core.epss;
    if (core.epss_percentile) vuln["epssPercentile"] = *core.epss_percentile;
    if (!core.published.empty()) vuln["published"] = epoch_ms(core.published);
    ordered_json aliases = ordered_json::array();
    for (const auto& a : core.aliases) {
      if (a.starts_with("CVE-"))
        aliases.push_back({{"cveId", a}});
      else if (a.starts_with("GHSA-"))
        aliases.push_back({{"ghsaId", a}});
      else
        aliases.push_back({{"osvId", a}});
    }
    vuln["aliases"] = aliases;
    if (!core.cwes.empty()) {
      ordered_json cwes = ordered_json::array();
      for (const auto& w : core.cwes) {
        auto digits = w.substr(w.find_first_of("0123456789") == std::string::npos
                                   ? w.size()
                                   : w.find_first_of("0123456789"));
        if (digits.empty()) continue;
        try {
          cwes.push_back({{"cweId", std::stoi(digits)}, {"name", w}});
        } catch (...) {
        }
      }
      if (!cwes.empty()) {
        vuln["cweId"] = cwes[0]["cweId"];
        vuln["cweName"] = cwes[0]["name"];
        vuln["cwes"] = cwes;
      }
    }
    ordered_json analysis = {{"isSuppressed", st.suppressed}};
    if (st.analysis) {
      analysis["state"] = dt_state(st.analysis->state);
      if (!st.analysis->detail.empty()) analysis["detail"] = st.analysis->detail;
    }
    out.push_back({{"component", comp},
                   {"vulnerability", vuln},
                   {"analysis", analysis},
                   {"attribution",
                    {{"analyzerIdentity", "INTERNAL_ANALYZER"},
                     {"attributedOn", epoch_ms(st.first_seen.empty() ? (*ref)->release.created_at
                                                                     : st.first_seen)}}},
                   {"matrix", *puuid + ":" + cuuid + ":" + vuuid}});
  }
  auto r = json_response(200, out);
  r.set("X-Total-Count", std::to_string(out.size()));
  return r;
}

Response project_metrics(Ctx& ctx) {
  if (!is_uuid(ctx.params["uuid"])) return validation_error("uuid", "Invalid UUID");
  auto ref = by_path_uuid(ctx);
  if (!ref) return problem_of(ref.error());
  if (!*ref) return dt_text(404, "The project could not be found.");
  auto m = metrics_of(ctx, **ref);
  if (!m) return problem_of(m.error());
  return json_response(200, metrics_json(*m));
}

Response team_self(Ctx& ctx) {
  if (ctx.who.key_team_id == 0) return dt_text(400, "This endpoint is only for API keys.");
  auto team = ctx.db.accounts->team_by_id(ctx.who.key_team_id);
  if (!team) return problem_of(team.error());
  if (!*team) return Response::empty(404);
  // Bulwark permissions in Dependency-Track's names.
  ordered_json perms = ordered_json::array();
  auto add = [&](const char* n, const char* d) {
    perms.push_back({{"name", n}, {"description", d}});
  };
  for (auto p : (*team)->permissions) {
    switch (p) {
      case Permission::kUpload:
        add("BOM_UPLOAD",
            "Allows the ability to upload CycloneDX Software Bill of Materials (SBOM)");
        add("PROJECT_CREATION_UPLOAD",
            "Allows the ability to create a project when uploading an SBOM");
        break;
      case Permission::kView:
        add("VIEW_PORTFOLIO", "Provides the ability to view the portfolio of projects");
        add("VIEW_VULNERABILITY", "Provides the ability to view the vulnerabilities");
        break;
      case Permission::kTriage:
        add("VULNERABILITY_ANALYSIS",
            "Provides the ability to make analysis decisions on vulnerabilities");
        break;
      case Permission::kManageProducts:
        add("PORTFOLIO_MANAGEMENT",
            "Allows the creation, modification, and deletion of data in the portfolio");
        break;
      case Permission::kCraReporting:
        break;
      case Permission::kAdminister:
        add("ACCESS_MANAGEMENT", "Allows the management of users, teams, and API keys");
        break;
    }
  }
  return json_response(200,
                       {{"uuid", (*team)->uuid}, {"name", (*team)->name}, {"permissions", perms}});
}

Response version(Ctx&) {
  return json_response(200, {{"application", "Dependency-Track"},
                             {"version", "4.14.3"},
                             {"timestamp", "2026-12-01T00:00:00Z"},
                             {"uuid", "3f6b1d1e-9f1c-4a6e-8c1f-2b7d9e0a5c41"},
                             {"framework", {{"name", "Alpine"}, {"version", "3.8.0"}}},
                             {"compatibility", "Bulwark (Dependency-Track v1 compatible subset)"}});
}

}  // namespace

void add_dtrack_routes(Router& r) {
  using P = Permission;
  r.add("GET", "/api/version", Api::kDtrack, std::nullopt, version, true);
  r.add("GET", "/api/v1/team/self", Api::kDtrack, std::nullopt, team_self);
  r.add("PUT", "/api/v1/bom", Api::kDtrack, P::kUpload, put_bom);
  r.add("POST", "/api/v1/bom", Api::kDtrack, P::kUpload, post_bom);
  r.add("GET", "/api/v1/bom/token/{uuid}", Api::kDtrack, P::kUpload, token_state);
  r.add("GET", "/api/v1/event/token/{uuid}", Api::kDtrack, std::nullopt, token_state);
  r.add("GET", "/api/v1/project", Api::kDtrack, P::kView, list_projects);
  r.add("GET", "/api/v1/project/lookup", Api::kDtrack, P::kView, lookup_project);
  r.add("GET", "/api/v1/project/{uuid}", Api::kDtrack, P::kView, get_project);
  r.add("DELETE", "/api/v1/project/{uuid}", Api::kDtrack, P::kManageProducts, delete_project);
  r.add("GET", "/api/v1/finding/project/{uuid}", Api::kDtrack, P::kView, project_findings);
  r.add("GET", "/api/v1/metrics/project/{uuid}/current", Api::kDtrack, P::kView, project_metrics);
}

}  // namespace bulwark::server::detail
