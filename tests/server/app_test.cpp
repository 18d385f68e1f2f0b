// The server's request pipeline and both APIs, driven through App::handle on a real SQLite
// database (no sockets): Dependency-Track-compatible uploads processed by a worker, isolation
// between teams, sessions with CSRF, login throttling, bulk triage with one audit entry per
// item, If-Match, problem details, a killed worker's job finished exactly once.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "app_world.hpp"
#include "bulwark/accounts/store.hpp"
#include "bulwark/core/base64.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/jobs/store.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/server/server.hpp"
#include "bulwark/service/access.hpp"
#include "bulwark/vulndb/store.hpp"
#include "shared.hpp"

namespace bulwark::server {
namespace {

using nlohmann::json;
using test::source_dir;

TimePoint at(const char* s) { return *parse_rfc3339(s); }

class ServerApp : public ::testing::Test, protected test::AppWorld {
 protected:
  ServerApp() : AppWorld("2026-12-01T10:00:00Z") {}
  void SetUp() override {
    open_world();
    if (HasFatalFailure()) return;
    psirt = key_for("psirt", {"upload", "view", "triage", "manage-products", "cra-reporting"});
    viewer = key_for("viewers", {"view"});
    other = key_for("other", {});
    start_app();
    sbom = *read_file((source_dir() / "data/sample/sbom/sample-product.cdx.json").string());
  }

  // Uploads the sample SBOM through PUT /api/v1/bom and runs the job; returns the project UUID.
  std::string upload(const std::string& product = "acme-gateway",
                     const std::string& version = "3.2.0") {
    auto r = call("PUT", "/api/v1/bom", psirt,
                  json{{"projectName", product},
                       {"projectVersion", version},
                       {"autoCreate", "true"},
                       {"bom", base64_encode(sbom)}}
                      .dump());
    EXPECT_EQ(r.status, 200) << r.body;
    const auto token = json::parse(r.body)["token"].get<std::string>();
    EXPECT_EQ(json::parse(call("GET", "/api/v1/bom/token/" + token, psirt).body)["processing"],
              true);
    auto ran = run_one_job(db, "test-worker", clock);
    EXPECT_TRUE(ran && *ran);
    EXPECT_EQ(json::parse(call("GET", "/api/v1/bom/token/" + token, psirt).body)["processing"],
              false);
    auto look =
        call("GET", "/api/v1/project/lookup?name=" + product + "&version=" + version, psirt);
    EXPECT_EQ(look.status, 200) << look.body;
    return json::parse(look.body)["uuid"];
  }

  std::string psirt, viewer, other, sbom;
};

TEST_F(ServerApp, DependencyTrackUploadThenFindingsMetricsAndProjectShapes) {
  const auto uuid = upload();
  auto project = call("GET", "/api/v1/project/" + uuid, psirt);
  ASSERT_EQ(project.status, 200);
  EXPECT_EQ(project.header("X-Powered-By").value_or(""), "Dependency-Track v4.14.3");
  auto p = json::parse(project.body);
  EXPECT_EQ(p["name"], "acme-gateway");
  EXPECT_EQ(p["version"], "3.2.0");
  EXPECT_EQ(p["active"], true);
  EXPECT_EQ(p["collectionLogic"], "NONE");
  EXPECT_GT(p["lastBomImport"].get<std::int64_t>(), 0);
  EXPECT_TRUE(p["tags"].is_array());
  auto findings = call("GET", "/api/v1/finding/project/" + uuid, psirt);
  ASSERT_EQ(findings.status, 200);
  auto f = json::parse(findings.body);
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(findings.header("X-Total-Count").value_or(""), std::to_string(f.size()));
  for (const auto& x : f) {
    EXPECT_EQ(x["component"]["project"], uuid);
    EXPECT_TRUE(x["vulnerability"].contains("severityRank"));
    EXPECT_EQ(x["analysis"]["isSuppressed"], false);
    EXPECT_EQ(x["matrix"].get<std::string>().substr(0, 36), uuid);
  }
  auto metrics =
      json::parse(call("GET", "/api/v1/metrics/project/" + uuid + "/current", psirt).body);
  EXPECT_EQ(metrics["vulnerabilities"].get<int>(),
            metrics["critical"].get<int>() + metrics["high"].get<int>() +
                metrics["medium"].get<int>() + metrics["low"].get<int>() +
                metrics["unassigned"].get<int>());
  EXPECT_EQ(metrics["vulnerabilities"].get<std::size_t>(), f.size());
  EXPECT_GE(metrics["lastOccurrence"].get<std::int64_t>(), p["lastBomImport"].get<std::int64_t>());
  auto list = call("GET", "/api/v1/project?name=acme-gateway", psirt);
  EXPECT_EQ(list.header("X-Total-Count").value_or(""), "1");
  auto version = call("GET", "/api/version", "");
  EXPECT_EQ(version.status, 200);
  EXPECT_EQ(json::parse(version.body)["application"], "Dependency-Track");
  auto self = json::parse(call("GET", "/api/v1/team/self", psirt).body);
  EXPECT_EQ(self["name"], "psirt");
}

TEST_F(ServerApp, UploadRefusalsFollowDependencyTrack) {
  const std::string body =
      json{{"projectName", "x"}, {"projectVersion", "1"}, {"bom", base64_encode(sbom)}}.dump();
  auto none = call("PUT", "/api/v1/bom", "", body);
  EXPECT_EQ(none.status, 401);
  EXPECT_TRUE(none.body.empty());
  auto wrong = call("PUT", "/api/v1/bom", "bwk_abcdefgh_" + std::string(32, 'x'), body);
  EXPECT_EQ(wrong.status, 401);
  auto noperm = call("PUT", "/api/v1/bom", viewer, body);
  EXPECT_EQ(noperm.status, 403);
  EXPECT_TRUE(noperm.body.empty());
  auto missing = call("PUT", "/api/v1/bom", psirt, body);  // no autoCreate
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "The project could not be found.");
  auto bad64 = call("PUT", "/api/v1/bom", psirt,
                    json{{"projectName", "x"},
                         {"projectVersion", "1"},
                         {"autoCreate", true},
                         {"bom", "not base64!"}}
                        .dump());
  EXPECT_EQ(bad64.status, 400);
  auto badbom = call("PUT", "/api/v1/bom", psirt,
                     json{{"projectName", "x"},
                          {"projectVersion", "1"},
                          {"autoCreate", true},
                          {"bom", base64_encode("{\"bomFormat\":1}")}}
                         .dump());
  EXPECT_EQ(badbom.status, 400);
  auto ctype = call("PUT", "/api/v1/bom", psirt, body, {{"Content-Type", "text/plain"}});
  EXPECT_EQ(ctype.status, 415);
  auto baduuid = call("GET", "/api/v1/project/NOT-A-UUID", psirt);
  EXPECT_EQ(baduuid.status, 400);
  // Nothing was created by the refused uploads.
  EXPECT_TRUE(port->products()->empty());
}

TEST_F(ServerApp, MultipartUploadAndReuploadReplacesTheSbom) {
  const std::string boundary = "XyZ";
  auto part = [&](const std::string& name, const std::string& value, const std::string& file = "") {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"" +
           (file.empty() ? "" : "; filename=\"" + file + "\"") + "\r\n\r\n" + value + "\r\n";
  };
  const std::string body = part("projectName", "acme-gateway") + part("projectVersion", "3.2.0") +
                           part("autoCreate", "True") + part("isActive", "true") +
                           part("bom", sbom, "bom.json") + "--" + boundary + "--\r\n";
  auto r = call("POST", "/api/v1/bom", psirt, body,
                {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(*run_one_job(db, "w", clock));
  const auto before =
      port->findings(port->release(port->product("acme-gateway")->value().id, "3.2.0")->value().id,
                     false)
          ->size();
  EXPECT_GT(before, 0u);
  // The same release with an SBOM of one harmless component: replaced, findings resolved.
  const std::string tiny =
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"left-pad","version":"1.3.0","purl":"pkg:npm/left-pad@1.3.0"}]})";
  clock.set(at("2026-12-01T11:00:00Z"));
  r = call("PUT", "/api/v1/bom", psirt,
           json{{"projectName", "acme-gateway"},
                {"projectVersion", "3.2.0"},
                {"bom", base64_encode(tiny)}}
               .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(*run_one_job(db, "w", clock));
  auto rel = port->release(port->product("acme-gateway")->value().id, "3.2.0")->value();
  EXPECT_EQ(rel.components, 1u);
  EXPECT_EQ(port->findings(rel.id, false)->size(), 0u);
  EXPECT_EQ(port->releases(0)->size(), 1u);
  auto missing =
      call("POST", "/api/v1/bom", psirt,
           part("projectName", "a") + part("projectVersion", "1") + "--" + boundary + "--\r\n",
           {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  EXPECT_EQ(missing.status, 400);
}

TEST_F(ServerApp, AnotherTeamsProductIsNotFoundOnBothApis) {
  const auto uuid = upload();
  for (const std::string& path :
       {"/api/v1/project/" + uuid, "/api/v1/finding/project/" + uuid,
        "/api/v1/metrics/project/" + uuid + "/current",
        std::string("/api/v1/project/lookup?name=acme-gateway&version=3.2.0"),
        std::string("/api/bulwark/v1/products/acme-gateway"),
        std::string("/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings")}) {
    EXPECT_EQ(call("GET", path, other).status, 404) << path;
    EXPECT_EQ(call("GET", path, psirt).status, 200) << path;
  }
  EXPECT_EQ(json::parse(call("GET", "/api/v1/project", other).body).size(), 0u);
  EXPECT_EQ(json::parse(call("GET", "/api/bulwark/v1/products", other).body)["items"].size(), 0u);
  // Uploading into it is refused as if it did not exist, and changes nothing.
  auto r = call("PUT", "/api/v1/bom", other,
                json{{"project", uuid}, {"bom", base64_encode(sbom)}}.dump());
  EXPECT_EQ(r.status, 404);
  r = call("PUT", "/api/v1/bom", other,
           json{{"projectName", "acme-gateway"},
                {"projectVersion", "9"},
                {"autoCreate", true},
                {"bom", base64_encode(sbom)}}
               .dump());
  EXPECT_EQ(r.status, 404);
}

TEST_F(ServerApp, BulkTriageWritesOneAuditEntryPerItemAndIfMatchGuardsEdits) {
  upload();
  auto page = json::parse(
      call("GET", "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings", psirt).body);
  ASSERT_GE(page["items"].size(), 2u);
  const auto a = page["items"][0], b = page["items"][1];
  const auto audit_before =
      json::parse(call("GET", "/api/bulwark/v1/audit?limit=500", psirt).body)["items"].size();
  json bulk = {{"items",
                {{{"finding", a["id"]},
                  {"state", "not_affected"},
                  {"justification", "vulnerable_code_not_present"},
                  {"if_match", a["etag"]}},
                 {{"finding", b["id"]}, {"state", "affected"}},
                 {{"finding", 999999}, {"state", "affected"}}}}};
  auto r = call("POST", "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/triage", psirt,
                bulk.dump());
  ASSERT_EQ(r.status, 207) << r.body;
  auto res = json::parse(r.body);
  EXPECT_EQ(res["recorded"], 2);
  EXPECT_EQ(res["results"][2]["status"], 404);
  auto audit = json::parse(call("GET", "/api/bulwark/v1/audit?limit=500", psirt).body)["items"];
  EXPECT_EQ(audit.size(), audit_before + 2);
  EXPECT_EQ(audit.back()["action"], "triage.record");
  EXPECT_EQ(audit.back()["actor"].get<std::string>().substr(0, 4), "key:");
  // A stale ETag (read before the bulk change) is refused with 412 and records nothing.
  auto stale =
      call("PUT",
           "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings/" + to_string(a["id"]) +
               "/analysis",
           psirt, json{{"state", "fixed"}}.dump(), {{"If-Match", a["etag"].get<std::string>()}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(json::parse(call("GET", "/api/bulwark/v1/audit?limit=500", psirt).body)["items"].size(),
            audit.size());
  auto fresh = call(
      "GET", "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings/" + to_string(a["id"]),
      psirt);
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  auto ok = call("PUT",
                 "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings/" +
                     to_string(a["id"]) + "/analysis",
                 psirt, json{{"state", "fixed"}}.dump(),
                 {{"If-Match", std::string(*fresh.header("ETag"))}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  // Triage needs the permission.
  EXPECT_EQ(call("POST", "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/triage", viewer,
                 bulk.dump())
                .status,
            403);
}

// The per-thread page cache never serves a stale page: a triage through the API (this
// connection) and an analysis recorded by another connection (as the CLI or a worker would) both
// show on the next read of the same URL.
TEST_F(ServerApp, CachedFindingsPagesFollowEveryCommit) {
  upload();
  const std::string url = "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings?limit=3";
  auto first = call("GET", url, psirt);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(call("GET", url, psirt).body, first.body);  // served again, unchanged
  auto a = json::parse(first.body)["items"][0];
  ASSERT_EQ(a["state"], "none");
  ASSERT_EQ(call("PUT",
                 "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings/" +
                     to_string(a["id"]) + "/analysis",
                 psirt, json{{"state", "affected"}}.dump())
                .status,
            200);
  auto second = json::parse(call("GET", url, psirt).body)["items"][0];
  EXPECT_EQ(second["state"], "affected");
  // Another connection (the test's own store) records a newer analysis of the same finding.
  auto rows = port->findings(
      port->release(port->product("acme-gateway")->value().id, "3.2.0")->value().id, false);
  ASSERT_TRUE(rows);
  const auto it = std::find_if(rows->begin(), rows->end(),
                               [&](const auto& f) { return f.id == a["id"].get<std::int64_t>(); });
  ASSERT_NE(it, rows->end());
  portfolio::AnalysisRecord rec;
  rec.product_id = port->product("acme-gateway")->value().id;
  rec.identity = it->identity;
  rec.vulnerability_ids = portfolio::finding_ids(*it);
  rec.analysis.state = AnalysisState::kFalsePositive;
  rec.analysis.timestamp = "2026-12-01T11:00:00Z";
  rec.origin = "3.2.0";
  rec.source = "triage";
  ASSERT_TRUE(port->record_analysis(rec));
  auto third = json::parse(call("GET", url, psirt).body)["items"][0];
  EXPECT_EQ(third["state"], "false_positive");
}

TEST_F(ServerApp, SessionsNeedTheCsrfTokenAndLoginsAreThrottled) {
  auto u = service::add_user(*accts, "alice", "correct horse battery", clock);
  ASSERT_TRUE(u) << u.error().message;
  auto team = accts->team("psirt");
  ASSERT_TRUE(team && *team);
  auto t = **team;
  t.user_ids.push_back(u->id);
  ASSERT_TRUE(accts->update_team(t));
  auto login = call("POST", "/api/bulwark/v1/auth/login", "",
                    json{{"name", "alice"}, {"password", "correct horse battery"}}.dump());
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie = std::string(*login.header("Set-Cookie"));
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  const std::string session = cookie.substr(0, cookie.find(';'));
  const std::string csrf = json::parse(login.body)["csrf_token"];
  auto who = call("GET", "/api/bulwark/v1/auth/whoami", "", "", {{"Cookie", session}});
  ASSERT_EQ(who.status, 200);
  EXPECT_EQ(json::parse(who.body)["actor"], "user:alice");
  const std::string product = json{{"name", "made-by-session"}}.dump();
  EXPECT_EQ(call("POST", "/api/bulwark/v1/products", "", product, {{"Cookie", session}}).status,
            403);
  EXPECT_EQ(call("POST", "/api/bulwark/v1/products", "", product,
                 {{"Cookie", session}, {"X-CSRF-Token", csrf}})
                .status,
            201);
  // Five wrong passwords, then even the right one is refused for a while.
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(call("POST", "/api/bulwark/v1/auth/login", "",
                   json{{"name", "alice"}, {"password", "wrong"}}.dump())
                  .status,
              401);
  EXPECT_EQ(call("POST", "/api/bulwark/v1/auth/login", "",
                 json{{"name", "alice"}, {"password", "correct horse battery"}}.dump())
                .status,
            429);
  clock.set(at("2026-12-01T10:30:00Z"));
  EXPECT_EQ(call("POST", "/api/bulwark/v1/auth/login", "",
                 json{{"name", "alice"}, {"password", "correct horse battery"}}.dump())
                .status,
            200);
  // Sessions expire.
  clock.set(at("2026-12-01T23:00:00Z"));
  EXPECT_EQ(call("GET", "/api/bulwark/v1/auth/whoami", "", "", {{"Cookie", session}}).status, 401);
}

TEST_F(ServerApp, ProblemDetailsNameTheFieldAndRequestIdsAreEchoed) {
  upload();
  auto bad = call("POST", "/api/bulwark/v1/products", psirt, "{not json");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(json::parse(bad.body)["field"], "body");
  auto limit =
      call("GET", "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings?limit=0", psirt);
  EXPECT_EQ(limit.status, 400);
  EXPECT_EQ(json::parse(limit.body)["field"], "limit");
  auto sort =
      call("GET", "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings?sort_by=severity",
           psirt);
  EXPECT_EQ(json::parse(sort.body)["field"], "sort_by");
  auto id = call("GET", "/api/bulwark/v1/health", "", "", {{"X-Request-Id", "ci-run-42"}});
  EXPECT_EQ(id.header("X-Request-Id").value_or(""), "ci-run-42");
  auto gen =
      call("GET", "/api/bulwark/v1/health", "", "", {{"X-Request-Id", "bad id with spaces"}});
  EXPECT_EQ(gen.header("X-Request-Id").value_or("").size(), 36u);
  EXPECT_EQ(call("DELETE", "/api/bulwark/v1/products", psirt).status, 405);
  EXPECT_EQ(call("GET", "/api/bulwark/v1/nothing-here", psirt).status, 404);
}

TEST_F(ServerApp, KeysetPagesCoverEveryFindingOnceAndCsvExportsAll) {
  upload();
  std::set<std::int64_t> seen;
  std::string token;
  int pages = 0;
  std::size_t total = 0;
  do {
    auto r = call("GET",
                  "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings?limit=2" +
                      (token.empty() ? "" : "&page_token=" + token),
                  psirt);
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = json::parse(r.body);
    total = j["total"]["count"];
    for (const auto& f : j["items"]) EXPECT_TRUE(seen.insert(f["id"].get<std::int64_t>()).second);
    token = j["next_page_token"];
    ASSERT_LT(++pages, 100);
  } while (!token.empty());
  EXPECT_EQ(seen.size(), total);
  auto csv = call("GET", "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings?format=csv",
                  psirt);
  EXPECT_EQ(csv.header("Content-Type").value_or(""), "text/csv; charset=utf-8");
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.body.begin(), csv.body.end(), '\n')),
            total + 1);
}

TEST_F(ServerApp, AKilledWorkersJobIsFinishedByAnotherExactlyOnce) {
  auto r = call("PUT", "/api/v1/bom", psirt,
                json{{"projectName", "acme-gateway"},
                     {"projectVersion", "3.2.0"},
                     {"autoCreate", true},
                     {"bom", base64_encode(sbom)}}
                    .dump());
  ASSERT_EQ(r.status, 200);
  auto jobs = jobs::JobStore::open_sqlite(db);
  ASSERT_TRUE(jobs);
  // Worker A claims the job and dies without finishing (its lease is never renewed).
  auto claimed = (*jobs)->claim("worker-a", "2026-12-01T10:00:00Z", 60, {});
  ASSERT_TRUE(claimed && *claimed);
  EXPECT_FALSE(*run_one_job(db, "worker-b", clock)) << "claimable while A's lease is live";
  clock.set(at("2026-12-01T10:02:00Z"));
  EXPECT_TRUE(*run_one_job(db, "worker-b", clock));
  // A comes back: its completion is refused; the job ran once, one release exists.
  auto late =
      (*jobs)->complete((*claimed)->id, (*claimed)->lease_version, "{}", "2026-12-01T10:03:00Z");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kPrecondition);
  auto job = (*jobs)->by_id((*claimed)->id);
  EXPECT_EQ((*job)->state, jobs::JobState::kDone);
  EXPECT_EQ(port->releases(0)->size(), 1u);
  auto audit = json::parse(call("GET", "/api/bulwark/v1/audit", psirt).body)["items"];
  EXPECT_EQ(std::count_if(audit.begin(), audit.end(),
                          [](const json& e) { return e["action"] == "release.upload"; }),
            1);
}

TEST_F(ServerApp, EveryRouteRefusesAnonymousAndUnpermittedCallers) {
  // The route table itself (the contract script walks the OpenAPI document the same way).
  int checked = 0;
  for (const auto& route : app->routes()) {
    if (route.is_public) continue;
    std::string path = route.pattern;
    for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"{product}", "acme-gateway"},
             {"{version}", "3.2.0"},
             {"{id}", "1"},
             {"{uuid}", "3f6b1d1e-9f1c-4a6e-8c1f-2b7d9e0a5c41"},
             {"{token}", "3f6b1d1e-9f1c-4a6e-8c1f-2b7d9e0a5c41"}})
      if (auto p = path.find(from); p != std::string::npos) path.replace(p, from.size(), to);
    EXPECT_EQ(call(route.method, path, "").status, 401) << route.method << " " << route.pattern;
    if (!route.permission.empty() && route.permission != "view") {
      EXPECT_EQ(call(route.method, path, viewer, "{}").status, 403)
          << route.method << " " << route.pattern;
    }
    ++checked;
  }
  EXPECT_GT(checked, 25);
}

// ---- the web dashboard (issue 12) ----

TEST_F(ServerApp, DashboardPagesAndAssetsCarryCachingAndContentSecurityPolicy) {
  auto index = call("GET", "/", "");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.header("Content-Type").value_or(""), "text/html; charset=utf-8");
  const std::string csp(index.header("Content-Security-Policy").value_or(""));
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_EQ(index.header("X-Content-Type-Options").value_or(""), "nosniff");
  EXPECT_EQ(index.header("Cache-Control").value_or(""), "no-cache");
  const std::string etag(index.header("ETag").value_or(""));
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(call("GET", "/", "", "", {{"If-None-Match", etag}}).status, 304);
  // Every view has its own URL, answered with the same page (no credentials needed for it).
  for (const char* view :
       {"/login", "/findings?priority=P1&kev=true", "/cases?product=x", "/products/acme-gateway",
        "/products/acme-gateway/releases/3.2.0", "/admin/audit", "/admin/keys",
        "/vulnerabilities/CVE-2021-44228", "/support?product=x", "/products/acme-gateway/checklist",
        "/products/acme-gateway/releases/3.2.0/components?q=log4j"}) {
    auto r = call("GET", view, "");
    EXPECT_EQ(r.status, 200) << view;
    EXPECT_EQ(r.body, index.body) << view;
  }
  if (index.body.find("UI not built") != std::string::npos) {
    GTEST_SKIP() << "built without web/node_modules: the 'UI not built' page is served";
  }
  // The import map is the one inline script, allowed by its hash.
  EXPECT_NE(index.body.find("<script type=\"importmap\">"), std::string::npos);
  EXPECT_NE(csp.find("'sha256-"), std::string::npos) << csp;
  // Versioned asset URLs are immutable; the same file unversioned is revalidated.
  const auto at_v = index.body.find("/ui/v/");
  ASSERT_NE(at_v, std::string::npos);
  const std::string prefix = index.body.substr(at_v, index.body.find('/', at_v + 6) + 1 - at_v);
  auto app_js = call("GET", prefix + "app.js", "");
  ASSERT_EQ(app_js.status, 200);
  EXPECT_EQ(app_js.header("Content-Type").value_or(""), "text/javascript; charset=utf-8");
  EXPECT_EQ(app_js.header("Cache-Control").value_or(""), "public, max-age=31536000, immutable");
  const std::string js_etag(app_js.header("ETag").value_or(""));
  EXPECT_EQ(js_etag.size(), 66u) << js_etag;  // a quoted SHA-256
  auto plain = call("GET", "/ui/app.js", "");
  EXPECT_EQ(plain.body, app_js.body);
  EXPECT_EQ(plain.header("Cache-Control").value_or(""), "no-cache");
  auto again = call("GET", "/ui/app.js", "", "", {{"If-None-Match", "\"x\", " + js_etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(call("GET", prefix + "vendor/preact.mjs", "").status, 200);
  EXPECT_EQ(call("GET", prefix + "vendor/uplot.mjs", "").status, 200);
  EXPECT_EQ(call("GET", "/ui/no-such-file.js", "").status, 404);
  EXPECT_EQ(call("GET", "/ui/index.html", "").status, 404);
  EXPECT_EQ(call("GET", "/ui/v/0123456789abcdef/app.js", "").header("Cache-Control").value_or(""),
            "no-cache");  // an older build's URL is not cached for long
}

TEST_F(ServerApp, DashboardOverviewCountsFindingsTrendCasesAndTimeToFix) {
  upload();
  auto metrics = json::parse(call("GET", "/api/bulwark/v1/metrics", psirt).body);
  auto r = call("GET", "/api/bulwark/v1/dashboard/overview", psirt);
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = json::parse(r.body);
  EXPECT_EQ(o["products"], 1);
  EXPECT_EQ(o["releases"], 1);
  EXPECT_EQ(o["findings"]["open"], metrics["open_findings"]);
  EXPECT_EQ(o["findings"]["kev"], metrics["kev_findings"]);
  EXPECT_EQ(o["findings"]["overdue"], 0);
  std::size_t sum = 0;
  for (const auto& [k, n] : o["findings"]["by_priority"].items()) sum += n.get<std::size_t>();
  EXPECT_EQ(sum, o["findings"]["open"].get<std::size_t>());
  ASSERT_EQ(o["trend"].size(), 12u);
  EXPECT_EQ(o["trend"].back()["new"], o["findings"]["open"]);
  EXPECT_EQ(o["trend"].back()["open"], o["findings"]["open"]);
  EXPECT_EQ(o["trend"][0]["open"], 0);
  EXPECT_TRUE(o["mean_time_to_fix_days"].is_null());
  EXPECT_EQ(o["by_product"][0]["releases"][0]["version"], "3.2.0");
  EXPECT_EQ(o["open_cases"], 0);
  EXPECT_TRUE(o["next_deadline"].is_null());

  // An Article 14 case: counted, with its next deadline (the early warning, 24 h).
  auto findings = json::parse(
      call("GET", "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings?kev=true", psirt)
          .body);
  ASSERT_FALSE(findings["items"].empty());
  auto opened =
      call("POST", "/api/bulwark/v1/products/acme-gateway/cra/cases", psirt,
           json{{"vulnerabilities", {findings["items"][0]["vulnerability"]}}, {"release", "3.2.0"}}
               .dump());
  ASSERT_EQ(opened.status, 201) << opened.body;
  o = json::parse(call("GET", "/api/bulwark/v1/dashboard/overview", psirt).body);
  EXPECT_EQ(o["open_cases"], 1);
  EXPECT_EQ(o["next_deadline"]["stage"], "early_warning");
  EXPECT_EQ(o["next_deadline"]["due"], "2026-12-02T10:00:00Z");
  EXPECT_EQ(o["by_product"][0]["next_deadline"], o["next_deadline"]);

  // Ten days later release 3.2.0 is rebuilt with the fixed SBOM: what it no longer has is
  // resolved (mean time to fix 10 days); 200 days on, what is still open is past its fix-by date.
  const auto open_before = o["findings"]["open"].get<std::size_t>();
  clock.set(at("2026-12-11T10:00:00Z"));
  sbom = *read_file((source_dir() / "data/sample/sbom/sample-product-3.3.0.cdx.json").string());
  upload();
  o = json::parse(call("GET", "/api/bulwark/v1/dashboard/overview?weeks=4", psirt).body);
  ASSERT_EQ(o["trend"].size(), 4u);
  ASSERT_GT(o["resolved_findings"].get<std::size_t>(), 0u);
  EXPECT_LT(o["findings"]["open"].get<std::size_t>(), open_before);
  EXPECT_DOUBLE_EQ(o["mean_time_to_fix_days"].get<double>(), 10.0);
  EXPECT_EQ(o["trend"].back()["resolved"], o["resolved_findings"]);
  clock.set(at("2027-06-30T10:00:00Z"));
  o = json::parse(call("GET", "/api/bulwark/v1/dashboard/overview", psirt).body);
  EXPECT_EQ(o["findings"]["overdue"], o["findings"]["open"]);

  // Another team sees nothing; bad input names the field; an unseen product is 404.
  auto seen_by_viewer = json::parse(call("GET", "/api/bulwark/v1/dashboard/overview", viewer).body);
  EXPECT_EQ(seen_by_viewer["products"], 0);
  EXPECT_EQ(seen_by_viewer["findings"]["open"], 0);
  EXPECT_EQ(call("GET", "/api/bulwark/v1/dashboard/overview?product=acme-gateway", viewer).status,
            404);
  auto bad = call("GET", "/api/bulwark/v1/dashboard/overview?weeks=0", psirt);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["field"], "weeks");
  EXPECT_EQ(call("GET", "/api/bulwark/v1/dashboard/overview?weeks=3x", psirt).status, 400);
  EXPECT_EQ(call("GET", "/api/bulwark/v1/dashboard/overview", "").status, 401);
}

// ---- administration (issue 12): users, teams, API keys ----

TEST_F(ServerApp, AdministrationManagesUsersTeamsAndKeysAuditedAndForAdministratorsOnly) {
  upload();
  const std::string admin = key_for("admins", {"administer"});
  const std::string base = "/api/bulwark/v1/admin";
  // Not for anyone else, whatever they may do with products.
  EXPECT_EQ(call("GET", base + "/users", psirt).status, 403);
  EXPECT_EQ(call("POST", base + "/api-keys", psirt, json{{"team", "psirt"}}.dump()).status, 403);
  EXPECT_EQ(call("GET", base + "/teams", "").status, 401);

  // Users: create (bad input names the field), list, disable (logins refused), enable.
  auto created = call("POST", base + "/users", admin,
                      json{{"name", "carol"}, {"password", "correct horse battery"}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body.find("argon2"), std::string::npos);
  auto short_pw =
      call("POST", base + "/users", admin, json{{"name", "dave"}, {"password", "short"}}.dump());
  EXPECT_EQ(short_pw.status, 400);
  EXPECT_EQ(json::parse(short_pw.body)["field"], "password");
  auto no_name = call("POST", base + "/users", admin, json{{"password", 12}}.dump());
  EXPECT_EQ(no_name.status, 400);
  EXPECT_EQ(json::parse(no_name.body)["field"], "name");
  auto dup = call("POST", base + "/users", admin,
                  json{{"name", "carol"}, {"password", "correct horse battery"}}.dump());
  EXPECT_EQ(dup.status, 409);

  // Teams: create with products, permissions and members; replace them; bad names are 400.
  auto team = call("POST", base + "/teams", admin,
                   json{{"name", "auditors"},
                        {"permissions", {"view"}},
                        {"products", {"acme-gateway"}},
                        {"members", {"carol"}}}
                       .dump());
  ASSERT_EQ(team.status, 201) << team.body;
  EXPECT_EQ(json::parse(team.body)["products"], json({"acme-gateway"}));
  auto bad_perm = call("POST", base + "/teams", admin,
                       json{{"name", "x"}, {"permissions", {"everything"}}}.dump());
  EXPECT_EQ(bad_perm.status, 400);
  EXPECT_EQ(json::parse(bad_perm.body)["field"], "permissions");
  auto bad_product =
      call("PUT", base + "/teams/auditors", admin, json{{"products", {"no-such-product"}}}.dump());
  EXPECT_EQ(bad_product.status, 400);
  EXPECT_EQ(json::parse(bad_product.body)["field"], "products");
  auto bad_members =
      call("PUT", base + "/teams/auditors", admin, json{{"members", "carol"}}.dump());
  EXPECT_EQ(json::parse(bad_members.body)["field"], "members");
  EXPECT_EQ(call("PUT", base + "/teams/nobody", admin, "{}").status, 404);
  auto updated = call("PUT", base + "/teams/auditors", admin,
                      json{{"permissions", {"view", "triage"}},
                           {"products", {"acme-gateway"}},
                           {"members", {"carol"}}}
                          .dump());
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(json::parse(updated.body)["permissions"], json({"view", "triage"}));
  auto users = json::parse(call("GET", base + "/users", admin).body)["items"];
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]["teams"], json({"auditors"}));

  // carol logs in; disabled, her session and new logins are refused; enabled again, she may.
  const auto creds = json{{"name", "carol"}, {"password", "correct horse battery"}}.dump();
  auto login = call("POST", "/api/bulwark/v1/auth/login", "", creds);
  ASSERT_EQ(login.status, 200);
  const std::string cookie = std::string(*login.header("Set-Cookie"));
  const std::string session = cookie.substr(0, cookie.find(';'));
  const std::string csrf = json::parse(login.body)["csrf_token"];
  // A session without administer is refused; with the CSRF token missing even before that.
  EXPECT_EQ(call("GET", base + "/users", "", "", {{"Cookie", session}}).status, 403);
  EXPECT_EQ(call("POST", base + "/users/carol/disable", "", "",
                 {{"Cookie", session}, {"X-CSRF-Token", csrf}})
                .status,
            403);
  auto disabled = call("POST", base + "/users/carol/disable", admin);
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(json::parse(disabled.body)["disabled"], true);
  EXPECT_EQ(call("GET", "/api/bulwark/v1/auth/whoami", "", "", {{"Cookie", session}}).status, 401);
  EXPECT_EQ(call("POST", "/api/bulwark/v1/auth/login", "", creds).status, 401);
  EXPECT_EQ(call("POST", base + "/users/nobody/disable", admin).status, 404);
  ASSERT_EQ(call("POST", base + "/users/carol/enable", admin).status, 200);
  clock.set(at("2026-12-01T10:30:00Z"));  // past the failed login's throttle window
  EXPECT_EQ(call("POST", "/api/bulwark/v1/auth/login", "", creds).status, 200);

  // API keys: created and shown once, listed without secrets, revoked (then refused).
  auto made = call("POST", base + "/api-keys", admin,
                   json{{"team", "auditors"}, {"comment", "nightly export"}}.dump());
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.header("Cache-Control").value_or(""), "no-store");
  const auto key = json::parse(made.body);
  const std::string secret = key["key"];
  const std::string pid = key["public_id"];
  EXPECT_EQ(call("GET", "/api/bulwark/v1/products", secret).status, 200);
  const auto listed = call("GET", base + "/api-keys", admin);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(secret.substr(secret.size() - 20)), std::string::npos);
  EXPECT_EQ(listed.body.find("secret"), std::string::npos);
  EXPECT_NE(listed.body.find("nightly export"), std::string::npos);
  auto bad_team = call("POST", base + "/api-keys", admin, json{{"team", "nobody"}}.dump());
  EXPECT_EQ(bad_team.status, 400);
  EXPECT_EQ(json::parse(bad_team.body)["field"], "team");
  auto bad_expiry = call("POST", base + "/api-keys", admin,
                         json{{"team", "auditors"}, {"expires_at", "tomorrow"}}.dump());
  EXPECT_EQ(json::parse(bad_expiry.body)["field"], "expires_at");
  EXPECT_EQ(call("DELETE", base + "/api-keys/" + pid, admin).status, 204);
  EXPECT_EQ(call("GET", "/api/bulwark/v1/products", secret).status, 401);
  EXPECT_EQ(call("DELETE", base + "/api-keys/zzzzzzzz", admin).status, 404);

  // Every change is one audit entry, and none holds a password or key.
  auto audit = call("GET", "/api/bulwark/v1/audit?limit=500", admin);
  ASSERT_EQ(audit.status, 200);
  std::vector<std::string> actions;
  const auto entries = json::parse(audit.body);
  for (const auto& e : entries["items"]) actions.push_back(e["action"]);
  for (const char* a : {"user.add", "team.add", "team.update", "user.disable", "user.enable",
                        "apikey.create", "apikey.revoke"})
    EXPECT_EQ(std::count(actions.begin(), actions.end(), a), 1) << a;
  EXPECT_EQ(audit.body.find("correct horse"), std::string::npos);
  EXPECT_EQ(audit.body.find(secret), std::string::npos);
}

// ---- the dashboard's vulnerability page, components and SBOM quality (issue 12) ----

TEST_F(ServerApp, VulnerabilityAcrossReleasesIsAliasAwareWithTheStateOfEach) {
  upload();
  upload("acme-gateway", "3.3.0");
  const std::string base = "/api/bulwark/v1/vulnerabilities/";
  // A team that sees no product learns what the database knows, and of no release.
  auto unseen = call("GET", base + "CVE-2021-44228", viewer);
  ASSERT_EQ(unseen.status, 200) << unseen.body;
  EXPECT_TRUE(json::parse(unseen.body)["releases"].empty());
  auto by_cve = call("GET", base + "CVE-2021-44228", psirt);
  ASSERT_EQ(by_cve.status, 200) << by_cve.body;
  auto j = json::parse(by_cve.body);
  EXPECT_NE(std::find(j["aliases"].begin(), j["aliases"].end(), "GHSA-jfh8-c2jp-5v3q"),
            j["aliases"].end())
      << j["aliases"];
  ASSERT_EQ(j["releases"].size(), 2u);
  EXPECT_EQ(j["releases"][0]["state"], "none");
  EXPECT_GT(j["open_findings"].get<int>(), 1);
  // Triaged: the state of the finding follows.
  const auto& f = j["releases"][0]["findings"][0];
  auto triaged = call(
      "PUT",
      "/api/bulwark/v1/products/acme-gateway/releases/" +
          j["releases"][0]["version"].get<std::string>() + "/findings/" +
          std::to_string(f["id"].get<int>()) + "/analysis",
      psirt, json{{"state", "affected"}, {"detail", "server test"}, {"scope", "release"}}.dump());
  ASSERT_LT(triaged.status, 300) << triaged.body;
  // The release's state follows its findings, and the finding lists its analysis.
  auto by_ghsa = json::parse(call("GET", base + "GHSA-jfh8-c2jp-5v3q", psirt).body);
  ASSERT_EQ(by_ghsa["releases"].size(), 2u);
  std::vector<std::string> states;
  for (const auto& r : by_ghsa["releases"]) states.push_back(r["findings"][0]["state"]);
  EXPECT_NE(std::find(states.begin(), states.end(), "affected"), states.end()) << by_ghsa;
  EXPECT_EQ(call("GET", base + "CVE-1999-0000", psirt).status, 404);
  auto bad = call("GET", base + std::string(200, 'x'), psirt);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["field"], "id");
}

TEST_F(ServerApp, ReleaseComponentsPageSearchDependencyTreeAndSbomQuality) {
  upload();
  const std::string rel = "/api/bulwark/v1/products/acme-gateway/releases/3.2.0";
  // Keyset pages cover every component once.
  std::vector<std::string> seen;
  std::string token;
  for (int guard = 0; guard < 20; ++guard) {
    auto r = call(
        "GET", rel + "/components?limit=4" + (token.empty() ? "" : "&page_token=" + token), psirt);
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = json::parse(r.body);
    EXPECT_EQ(j["total"]["count"], 17);  // nested components included
    for (const auto& c : j["items"]) seen.push_back(c["bom_ref"]);
    token = j["next_page_token"];
    if (token.empty()) break;
  }
  EXPECT_EQ(seen.size(), 17u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 17u);
  auto search = json::parse(call("GET", rel + "/components?q=LOG4J", psirt).body);
  ASSERT_EQ(search["items"].size(), 2u);
  EXPECT_GT(search["items"][0]["open_findings"].get<int>() +
                search["items"][1]["open_findings"].get<int>(),
            0);
  EXPECT_EQ(json::parse(call("GET", rel + "/components?limit=0", psirt).body)["field"], "limit");
  EXPECT_EQ(json::parse(call("GET", rel + "/components?page_token=nope", psirt).body)["field"],
            "page_token");
  // express → lodash, minimist.
  auto tree = call("GET", rel + "/components/dependencies?ref=npm-express&depth=2", psirt);
  ASSERT_EQ(tree.status, 200) << tree.body;
  auto t = json::parse(tree.body);
  EXPECT_EQ(t["name"], "express");
  ASSERT_EQ(t["children"].size(), 2u);
  EXPECT_EQ(call("GET", rel + "/components/dependencies?ref=nothing", psirt).status, 404);
  EXPECT_EQ(
      json::parse(call("GET", rel + "/components/dependencies?ref=npm-express&depth=99", psirt)
                      .body)["field"],
      "depth");
  // The quality score of the SBOM as uploaded, as `bulwark sbom check` reports it.
  auto q = call("GET", rel + "/sbom-quality", psirt);
  ASSERT_EQ(q.status, 200) << q.body;
  auto qj = json::parse(q.body);
  ASSERT_TRUE(qj["scores"].contains("bsi") && qj["scores"].contains("ntia")) << q.body;
  EXPECT_LE(qj["scores"]["bsi"].get<int>(), 100);
  EXPECT_EQ(qj["components"], 17);
  // Another team sees none of it.
  EXPECT_EQ(call("GET", rel + "/components", other).status, 404);
  EXPECT_EQ(call("GET", rel + "/sbom-quality", other).status, 404);
}

// The risk assessment over the native API: import (the caller is the author), the four-eyes
// review (the author can neither review nor approve: 409), history, the product's risk policy
// (a bad YAML is a 400 naming the line, nothing stored; versions with who set them), each write
// one audit entry; another team's product answers 404.
TEST_F(ServerApp, RiskAssessmentReviewedWithFourEyesAndProductPolicy) {
  upload();
  const std::string rel = "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/risk";
  EXPECT_EQ(call("GET", rel, psirt).status, 404);  // no revision yet
  const std::string doc = R"({"format": "bulwark-risk-assessment/1",
    "assets": [{"id": "A1", "name": "Credentials", "confidentiality": "high"}],
    "threats": [{"id": "T1", "title": "Credential stuffing", "stride": ["S"], "assets": ["A1"],
                 "inherent": {"likelihood": 4, "impact": {"business": 4}}}]})";
  auto bad = call("POST", rel + "?name=model.json", psirt,
                  R"({"threats": [{"id": "T1", "inherent": {"likelihood": "high"}}]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("model.json: /threats/0/inherent/likelihood"), std::string::npos)
      << bad.body;
  EXPECT_EQ(call("POST", rel, viewer, doc).status, 403);
  auto imported = call("POST", rel + "?name=model.json", psirt, doc);
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(json::parse(imported.body)["state"], "draft");
  EXPECT_EQ(call("POST", rel + "?name=model.json", psirt, doc).status, 200);  // unchanged
  // The author may not review; another team with manage-products on the product may.
  auto self = call("POST", rel + "/review", psirt, R"({"comment": "looks fine"})");
  EXPECT_EQ(self.status, 409) << self.body;
  const std::string leads = key_for("leads", {"view", "manage-products"});
  ASSERT_TRUE(service::update_team(*accts, *port,
                                   {"leads", {"acme-gateway"}, {"view", "manage-products"}, {}}));
  EXPECT_EQ(call("POST", rel + "/approve", leads).status, 409);  // a draft is not approved
  auto reviewed = call("POST", rel + "/review", leads, R"({"comment": "ratings checked"})");
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  EXPECT_EQ(call("POST", rel + "/approve", psirt).status, 409);  // the author again
  auto approved = call("POST", rel + "/approve", leads);
  ASSERT_EQ(approved.status, 200) << approved.body;
  const json a = json::parse(approved.body);
  EXPECT_EQ(a["state"], "approved");
  EXPECT_NE(a["approver"].get<std::string>(), a["author"].get<std::string>());
  EXPECT_EQ(call("GET", rel + "?revision=1", leads).status, 200);
  EXPECT_EQ(call("GET", rel + "?revision=x", leads).status, 400);
  auto hist =
      json::parse(call("GET", "/api/bulwark/v1/products/acme-gateway/risk/history", leads).body);
  std::vector<std::string> actions;
  for (const auto& e : hist["events"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "review", "approve"}));
  EXPECT_EQ(call("GET", rel, other).status, 404);

  // The product's risk policy.
  const std::string pol = "/api/bulwark/v1/products/acme-gateway/risk-policy";
  auto shown = json::parse(call("GET", pol, leads).body);
  EXPECT_EQ(shown["default"], true);
  auto refused = call("PUT", pol, psirt, R"({"policy": "rules:\n  - {name: x, priority: P9}\n",
                                             "source": "team.yaml"})");
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("team.yaml:2"), std::string::npos) << refused.body;
  EXPECT_EQ(call("PUT", pol, viewer, R"({"clear": true})").status, 403);
  EXPECT_EQ(call("PUT", pol, psirt, R"({"clear": "yes"})").status, 400);
  auto set = call(
      "PUT", pol, psirt,
      R"({"policy": "class_raise: {important-1: 0, important-2: 0, critical: 0}\nrules:\n  - {name: everything, priority: P1}\n", "source": "team.yaml"})");
  ASSERT_EQ(set.status, 200) << set.body;
  const json after = json::parse(set.body);
  EXPECT_EQ(after["default"], false);
  EXPECT_EQ(after["in_force"]["version"], 1);
  EXPECT_EQ(after["in_force"]["source"], "team.yaml");
  auto audits = accts->audit({});
  ASSERT_TRUE(audits) << audits.error().message;
  std::set<std::string> audited;
  for (const auto& e : *audits) audited.insert(e.action);
  for (const char* action : {"risk.import", "risk.review", "risk.approve", "risk.policy"})
    EXPECT_TRUE(audited.contains(action)) << action;
}

}  // namespace
}  // namespace bulwark::server
