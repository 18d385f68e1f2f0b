// What the native API exchanges as documents, driven through App::handle on a real SQLite
// database: VEX import (statements applied as analyses, one audit entry per changed finding,
// ETags that change, refusals naming the JSON pointer), CSAF advisories (create, revise, list,
// the document as a download; another product's tracking id refused), the CRA documents zip, and
// CSV of every list (columns, RFC 4180 quoting, CSV injection).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "app_world.hpp"
#include "bulwark/core/base64.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/server/internal.hpp"
#include "bulwark/server/server.hpp"
#include "shared.hpp"

namespace bulwark::server {
namespace {

using nlohmann::json;
using test::source_dir;

class ServerExchange : public ::testing::Test, protected test::AppWorld {
 protected:
  ServerExchange() : AppWorld("2026-12-01T10:00:00Z") {}
  void SetUp() override {
    open_world();
    if (HasFatalFailure()) return;
    psirt = key_for("psirt", {"upload", "view", "triage", "manage-products", "cra-reporting"});
    viewer = key_for("viewers", {"view"});
    other = key_for("other", {"upload", "view", "triage", "manage-products", "cra-reporting"});
    start_app();
    sbom = *read_file((source_dir() / "data/sample/sbom/sample-product.cdx.json").string());
  }

  // The product (with the https website CSAF needs) and a release of the sample SBOM, processed.
  void release(const std::string& product = "acme-gateway", const std::string& version = "3.2.0",
               const std::string& key = "") {
    const auto& k = key.empty() ? psirt : key;
    if (call("GET", "/api/bulwark/v1/products/" + product, k).status == 404) {
      auto made = call("POST", "/api/bulwark/v1/products", k,
                       json{{"name", product},
                            {"vendor", "Acme"},
                            {"website", "https://acme.example"},
                            {"security_contact", "mailto:psirt@acme.example"}}
                           .dump());
      ASSERT_EQ(made.status, 201) << made.body;
    }
    auto r = call("PUT", "/api/bulwark/v1/products/" + product + "/releases/" + version + "/sbom",
                  k, sbom, {{"Content-Type", "application/octet-stream"}});
    ASSERT_EQ(r.status, 202) << r.body;
    auto ran = run_one_job(db, "test-worker", clock);
    ASSERT_TRUE(ran && *ran);
  }

  json findings(const std::string& key) {
    auto r =
        call("GET", "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings?limit=500", key);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body)["items"];
  }

  std::size_t audit_count(const std::string& action) {
    auto items = json::parse(call("GET", "/api/bulwark/v1/audit?limit=500", psirt).body)["items"];
    return static_cast<std::size_t>(std::count_if(
        items.begin(), items.end(), [&](const json& e) { return e["action"] == action; }));
  }

  std::string psirt, viewer, other, sbom;
};

// An OpenVEX document: one statement about a finding of the release, one about nothing it has.
std::string openvex(const std::string& vuln, const std::string& purl,
                    const std::string& status = "not_affected") {
  json doc = {{"@context", "https://openvex.dev/ns/v0.2.0"},
              {"@id", "https://acme.example/vex/1"},
              {"author", "Acme PSIRT"},
              {"timestamp", "2026-11-30T10:00:00Z"},
              {"version", 1},
              {"statements",
               {{{"vulnerability", {{"name", vuln}}},
                 {"products", {{{"@id", purl}}}},
                 {"status", status},
                 {"justification", "vulnerable_code_not_in_execute_path"}},
                {{"vulnerability", {{"name", "CVE-1999-0001"}}},
                 {"products", {{{"@id", "pkg:npm/not-shipped@1.0.0"}}}},
                 {"status", "not_affected"},
                 {"justification", "component_not_present"}}}}};
  return doc.dump();
}

const char* kVex = "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/vex";

TEST_F(ServerExchange, VexImportRecordsAnalysesAuditsEachChangedFindingAndChangesEtags) {
  release();
  auto before = findings(psirt);
  auto target = std::find_if(before.begin(), before.end(), [](const json& f) {
    return f["purl"].get<std::string>().starts_with("pkg:npm/");
  });
  ASSERT_NE(target, before.end());
  const auto id = (*target)["id"].get<std::int64_t>();
  const auto etag = (*target)["etag"].get<std::string>();
  const auto doc = openvex((*target)["vulnerability"], (*target)["purl"]);

  auto r = call("POST", std::string(kVex) + "?name=supplier.openvex.json", psirt, doc);
  ASSERT_EQ(r.status, 200) << r.body;
  auto rep = json::parse(r.body);
  EXPECT_EQ(rep["document"], "supplier.openvex.json");
  EXPECT_EQ(rep["statements"], 2);
  EXPECT_EQ(rep["applied"], 1);
  ASSERT_EQ(rep["skipped"].size(), 1u);
  EXPECT_NE(rep["skipped"][0].get<std::string>().find("CVE-1999-0001"), std::string::npos);
  ASSERT_FALSE(rep["changed"].empty());
  EXPECT_NE(std::find(rep["changed"].begin(), rep["changed"].end(), id), rep["changed"].end());
  // One audit entry per changed finding, with before and after.
  EXPECT_EQ(audit_count("vex.import"), rep["changed"].size());
  auto shown = call(
      "GET", "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings/" + std::to_string(id),
      psirt);
  ASSERT_EQ(shown.status, 200);
  auto f = json::parse(shown.body);
  EXPECT_EQ(f["state"], "not_affected");
  EXPECT_EQ(f["analysis"]["origin"], "3.2.0");
  EXPECT_NE(f["etag"], etag);
  EXPECT_EQ(shown.header("ETag").value_or(""), f["etag"].get<std::string>());
  // The ETag read before the import no longer matches: a triage with it is refused.
  auto stale = call("PUT",
                    "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings/" +
                        std::to_string(id) + "/analysis",
                    psirt, json{{"state", "affected"}}.dump(), {{"If-Match", etag}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  // The same document again changes nothing and writes no audit entry.
  auto again = call("POST", std::string(kVex) + "?name=supplier.openvex.json", psirt, doc);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(json::parse(again.body)["changed"].empty()) << again.body;
  EXPECT_EQ(audit_count("vex.import"), rep["changed"].size());
  // CycloneDX VEX is sniffed as well.
  json cdx = {{"bomFormat", "CycloneDX"},
              {"specVersion", "1.5"},
              {"version", 1},
              {"vulnerabilities",
               {{{"id", (*target)["vulnerability"]},
                 {"analysis", {{"state", "exploitable"}, {"detail", "reachable"}}},
                 {"affects", {{{"ref", (*target)["purl"]}}}}}}}};
  auto cx = call("POST", kVex, psirt, cdx.dump());
  ASSERT_EQ(cx.status, 200) << cx.body;
  EXPECT_EQ(json::parse(cx.body)["applied"], 1);
  EXPECT_EQ(json::parse(call("GET",
                             "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/findings/" +
                                 std::to_string(id),
                             psirt)
                            .body)["state"],
            "affected");
}

TEST_F(ServerExchange, VexImportRefusalsNameTheFieldAndNeedTriageOnAVisibleRelease) {
  release();
  auto f = findings(psirt).at(0);
  const auto doc = openvex(f["vulnerability"], f["purl"]);
  auto field = [&](const server::Response& r) {
    EXPECT_EQ(r.header("Content-Type").value_or(""), "application/problem+json");
    return json::parse(r.body).value("field", "");
  };
  auto empty = call("POST", kVex, psirt, "", {{"Content-Type", "application/json"}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(field(empty), "body");
  auto garbage = call("POST", kVex, psirt, "{not json");
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(field(garbage), "body");
  auto unknown = call("POST", kVex, psirt, R"({"hello":"world"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(field(unknown), "body");
  EXPECT_NE(json::parse(unknown.body)["detail"].get<std::string>().find("not a VEX document"),
            std::string::npos);
  json missing = json::parse(doc);
  missing["statements"][1].erase("status");
  auto bad = call("POST", kVex, psirt, missing.dump());
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(field(bad), "/statements/1/status") << bad.body;
  auto name = call("POST", std::string(kVex) + "?name=../x", psirt, doc);
  EXPECT_EQ(name.status, 400);
  EXPECT_EQ(field(name), "name");
  // Nothing was recorded by the refused documents.
  EXPECT_EQ(audit_count("vex.import"), 0u);
  EXPECT_EQ(call("POST", kVex, viewer, doc).status, 403);
  EXPECT_EQ(call("POST", kVex, "", doc).status, 401);
  EXPECT_EQ(call("POST", kVex, other, doc).status, 404);  // another team's product
  EXPECT_EQ(
      call("POST", "/api/bulwark/v1/products/acme-gateway/releases/9.9.9/vex", psirt, doc).status,
      404);
}

TEST_F(ServerExchange, AdvisoriesAreCreatedRevisedListedAndDownloadedPerProduct) {
  release();
  const std::string base = "/api/bulwark/v1/products/acme-gateway/advisories";
  auto f = findings(psirt).at(0);
  const std::string vuln = f["vulnerability"];
  auto empty = call("GET", base, psirt);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(json::parse(empty.body)["items"].empty());

  auto made = call("POST", base, psirt,
                   json{{"vulnerabilities", {vuln}},
                        {"tracking_id", "ACME-SA-2026-0001"},
                        {"title", "Acme Gateway: " + vuln},
                        {"fixed_in", json::array()},
                        {"status", "interim"}}
                       .dump());
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.header("Location").value_or(""), base + "/ACME-SA-2026-0001");
  auto csaf = json::parse(made.body);
  EXPECT_EQ(csaf["document"]["tracking"]["id"], "ACME-SA-2026-0001");
  EXPECT_EQ(csaf["document"]["tracking"]["status"], "interim");
  EXPECT_EQ(csaf["document"]["tracking"]["version"], "1");
  // The same tracking id again is a revision (200) that keeps the initial date.
  auto revised =
      call("POST", base, psirt,
           json{{"vulnerabilities", {vuln}}, {"tracking_id", "ACME-SA-2026-0001"}}.dump());
  ASSERT_EQ(revised.status, 200) << revised.body;
  auto rev = json::parse(revised.body);
  EXPECT_EQ(rev["document"]["tracking"]["version"], "2");
  EXPECT_EQ(rev["document"]["tracking"]["initial_release_date"],
            csaf["document"]["tracking"]["initial_release_date"]);
  EXPECT_EQ(audit_count("advisory.create"), 1u);
  EXPECT_EQ(audit_count("advisory.revise"), 1u);

  auto list = call("GET", base, psirt);
  ASSERT_EQ(list.status, 200);
  auto items = json::parse(list.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["tracking_id"], "ACME-SA-2026-0001");
  EXPECT_EQ(items[0]["revision"], "2");
  EXPECT_EQ(items[0]["title"], rev["document"]["title"]);
  EXPECT_FALSE(items[0]["vulnerabilities"].empty());
  EXPECT_EQ(items[0]["current_release_date"], rev["document"]["tracking"]["current_release_date"]);

  auto doc = call("GET", base + "/ACME-SA-2026-0001", psirt);
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.header("Content-Disposition").value_or(""),
            "attachment; filename=\"acme-sa-2026-0001.json\"");
  EXPECT_EQ(json::parse(doc.body), rev);
  EXPECT_EQ(call("GET", base + "/ACME-SA-2026-0002", psirt).status, 404);

  // Refusals: permission, another team, bad members naming the field.
  EXPECT_EQ(call("POST", base, viewer, json{{"vulnerabilities", {vuln}}}.dump()).status, 403);
  EXPECT_EQ(call("GET", base, other).status, 404);
  EXPECT_EQ(call("GET", base + "/ACME-SA-2026-0001", other).status, 404);
  auto field_of = [&](const json& body) {
    auto r = call("POST", base, psirt, body.dump());
    EXPECT_EQ(r.status, 400) << body.dump() << " " << r.body;
    return json::parse(r.body).value("field", "");
  };
  EXPECT_EQ(field_of(json::object()), "vulnerabilities");
  EXPECT_EQ(field_of({{"vulnerabilities", {1}}}), "vulnerabilities");
  EXPECT_EQ(field_of({{"vulnerabilities", {"CVE-1999-0001"}}}), "vulnerabilities");
  EXPECT_EQ(field_of({{"vulnerabilities", {vuln}}, {"fixed_in", {"9.9.9"}}}), "fixed_in");
  EXPECT_EQ(field_of({{"vulnerabilities", {vuln}}, {"status", "published"}}), "status");
  EXPECT_EQ(field_of({{"vulnerabilities", {vuln}}, {"title", 7}}), "title");
  EXPECT_EQ(field_of({{"vulnerabilities", {vuln}}, {"remediation_url", "http://x"}}),
            "remediation_url");

  // Another product of the team cannot take over the tracking id, nor read it through its path.
  release("acme-router", "1.0.0");
  auto taken = call("POST", "/api/bulwark/v1/products/acme-router/advisories", psirt,
                    json{{"vulnerabilities", {vuln}}, {"tracking_id", "ACME-SA-2026-0001"}}.dump());
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(json::parse(taken.body).value("field", ""), "tracking_id");
  EXPECT_EQ(call("GET", "/api/bulwark/v1/products/acme-router/advisories/ACME-SA-2026-0001", psirt)
                .status,
            404);
  EXPECT_EQ(json::parse(call("GET", base + "/ACME-SA-2026-0001", psirt).body), rev);
}

TEST_F(ServerExchange, CraDocumentsDownloadIsAReproducibleZipOfTheDocumentation) {
  release();
  const std::string url = "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/cra/documents";
  auto r = call("GET", url, psirt);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type").value_or(""), "application/zip");
  EXPECT_EQ(r.header("Content-Disposition").value_or(""),
            "attachment; filename=\"cra-documents-acme-gateway-3.2.0.zip\"");
  ASSERT_TRUE(r.body.starts_with("PK\x03\x04"));
  // Entries are stored uncompressed: their names and text are in the bytes.
  for (const char* name : {"technical-documentation.md", "technical-documentation.html",
                           "documents.json", "manifest.json"})
    EXPECT_NE(r.body.find(name), std::string::npos) << name;
  EXPECT_EQ(r.body.find("\"name\": \"findings.json\""), std::string::npos)
      << "the evidence bundle's data";
  EXPECT_EQ(call("GET", url, psirt).body, r.body) << "not reproducible";
  auto md = call("GET", url + "?format=markdown", psirt);
  ASSERT_EQ(md.status, 200);
  EXPECT_EQ(md.body.find("technical-documentation.html"), std::string::npos);
  auto bad = call("GET", url + "?format=pdf", psirt);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["field"], "format");
  EXPECT_EQ(call("GET", url, viewer).status, 403);
  EXPECT_EQ(call("GET", url, other).status, 404);
  EXPECT_EQ(call("GET", "/api/bulwark/v1/products/acme-gateway/releases/9.9.9/cra/documents", psirt)
                .status,
            404);
}

TEST_F(ServerExchange, EveryListAnswersCsvWithFormatOrAccept) {
  release();
  auto made = call("POST", "/api/bulwark/v1/products", psirt,
                   json{{"name", "evil"},
                        {"vendor", "=HYPERLINK(\"https://attacker.example\",\"x\")"},
                        {"description", "-2+3, \"quoted\"\nsecond line"}}
                       .dump());
  ASSERT_EQ(made.status, 201) << made.body;
  auto products = call("GET", "/api/bulwark/v1/products?format=csv", psirt);
  ASSERT_EQ(products.status, 200) << products.body;
  EXPECT_EQ(products.header("Content-Type").value_or(""), "text/csv; charset=utf-8");
  EXPECT_EQ(products.header("Content-Disposition").value_or(""),
            "attachment; filename=\"products.csv\"");
  const auto columns = products.body.substr(0, products.body.find('\n'));
  EXPECT_NE(columns.find("name,"), std::string::npos) << columns;
  EXPECT_NE(columns.find("vendor,"), std::string::npos) << columns;
  EXPECT_NE(products.body.find("\"'=HYPERLINK(\"\"https://attacker.example\"\",\"\"x\"\")\""),
            std::string::npos)
      << products.body;
  EXPECT_NE(products.body.find("\"'-2+3, \"\"quoted\"\"\nsecond line\""), std::string::npos)
      << products.body;
  // Accept: text/csv works as well; nested objects become dotted columns.
  auto releases = call("GET", "/api/bulwark/v1/products/acme-gateway/releases", psirt, "",
                       {{"Accept", "text/csv"}});
  ASSERT_EQ(releases.status, 200);
  const auto header = releases.body.substr(0, releases.body.find('\n'));
  EXPECT_NE(header.find("support.end,support.status"), std::string::npos) << header;
  EXPECT_EQ(std::count(releases.body.begin(), releases.body.end(), '\n'), 2);
  EXPECT_EQ(releases.header("Content-Disposition").value_or(""),
            "attachment; filename=\"releases-acme-gateway.csv\"");
  // The audit log's before/after are one JSON cell each; a next page is named in a header.
  auto audit = call("GET", "/api/bulwark/v1/audit?format=csv&limit=1", psirt);
  ASSERT_EQ(audit.status, 200);
  EXPECT_TRUE(audit.body.starts_with("seq,at,actor,action,object,request_id,before,after\n"))
      << audit.body;
  EXPECT_TRUE(audit.header("X-Next-After")) << audit.body;
  // Components: a page; the next page's token in X-Next-Page-Token.
  auto comps = call("GET",
                    "/api/bulwark/v1/products/acme-gateway/releases/3.2.0/components?limit=2&"
                    "format=csv",
                    psirt);
  ASSERT_EQ(comps.status, 200);
  EXPECT_EQ(std::count(comps.body.begin(), comps.body.end(), '\n'), 3);
  EXPECT_TRUE(comps.header("X-Next-Page-Token")) << comps.body;
  // CRA lists: support periods and the checklist of the product.
  for (const char* path : {"/api/bulwark/v1/products/acme-gateway/cra/support",
                           "/api/bulwark/v1/products/acme-gateway/cra/checklist",
                           "/api/bulwark/v1/products/acme-gateway/cra/cases",
                           "/api/bulwark/v1/products/acme-gateway/cra/deadlines",
                           "/api/bulwark/v1/products/acme-gateway/advisories",
                           "/api/bulwark/v1/products/acme-gateway/risk/history"}) {
    auto r = call("GET", std::string(path) + "?format=csv", psirt);
    EXPECT_EQ(r.status, 200) << path << " " << r.body;
    EXPECT_EQ(r.header("Content-Type").value_or(""), "text/csv; charset=utf-8") << path;
  }
  // Refusals are not rendered as CSV; an unknown format is 400 naming it.
  auto hidden = call("GET", "/api/bulwark/v1/products/acme-gateway/releases?format=csv", other);
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.header("Content-Type").value_or(""), "application/problem+json");
  auto xml = call("GET", "/api/bulwark/v1/products?format=xml", psirt);
  EXPECT_EQ(xml.status, 400);
  EXPECT_EQ(json::parse(xml.body)["field"], "format");
}

TEST(ServerCsv, CellsQuoteAsRfc4180AndDefuseFormulas) {
  using detail::csv_cell;
  EXPECT_EQ(csv_cell("plain"), "plain");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_cell("=1+2"), "'=1+2");
  EXPECT_EQ(csv_cell("+1"), "'+1");
  EXPECT_EQ(csv_cell("-1"), "'-1");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("\tx"), "'\tx");
  EXPECT_EQ(csv_cell("=a,b"), "\"'=a,b\"");
  EXPECT_EQ(csv_cell(""), "");
}

TEST(ServerCsv, ListsFlattenObjectsJoinArraysAndKeepNumbers) {
  auto items = nlohmann::ordered_json::parse(R"([
    {"name": "a", "n": -3, "ok": true, "tags": ["x", "y"], "support": {"end": "2030", "status": "ok"},
     "extra": null, "free": {"k": 1}},
    {"name": "=b", "late": "z", "tags": [{"o": 1}], "support": {"end": "", "status": "ended"}}
  ])");
  EXPECT_EQ(detail::csv_of(items, {"free"}),
            "name,n,ok,tags,support.end,support.status,extra,free,late\n"
            "a,-3,true,x;y,2030,ok,,\"{\"\"k\"\":1}\",\n"
            "'=b,,,\"{\"\"o\"\":1}\",,ended,,,z\n");
  EXPECT_EQ(detail::csv_of(nlohmann::ordered_json::parse(R"(["p", "-q"])")), "value\np\n'-q\n");
  EXPECT_EQ(detail::csv_of(nlohmann::ordered_json::array()), "\n");
}

}  // namespace
}  // namespace bulwark::server
