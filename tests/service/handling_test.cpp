// The handling use cases over a portfolio on a temp SQLite file: products, releases, findings
// history, triage carried over between releases, the append-only audit trail, monitoring, VEX round
// trips through the three formats and advisories.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/service/advisory.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/monitor.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/releases.hpp"
#include "bulwark/service/triage.hpp"
#include "bulwark/service/vex.hpp"
#include "bulwark/vulndb/store.hpp"
#include "shared.hpp"

namespace bulwark::service {
namespace {

using portfolio::AnalysisRecord;
using portfolio::Product;
using portfolio::Store;
using portfolio::StoredFinding;

constexpr const char* kNow = "2026-11-29T10:00:00Z";

struct World {
  test::TempDir dir;
  std::string db;
  std::unique_ptr<vulndb::Store> vulns;
  std::unique_ptr<Store> store;
  Product product;

  explicit World(bool with_releases = true) {
    db = (dir.path() / "bulwark.db").string();
    auto v = vulndb::Store::open(db);
    EXPECT_TRUE(v) << v.error().message;
    vulns = std::move(*v);
    auto imp = vulns->import({"data/sample/osv", "data/sample/feeds/kev-sample.json",
                              "data/sample/feeds/nvd-sample.json"},
                             {});
    EXPECT_TRUE(imp) << imp.error().message;
    auto s = Store::open_sqlite(db);
    EXPECT_TRUE(s) << s.error().message;
    store = std::move(*s);
    Product p;
    p.name = "acme-gateway";
    p.vendor = "Acme Devices GmbH";
    p.website = "https://acme.example";
    p.security_contact = "mailto:security@acme.example";
    p.cra_class = "important-1";
    p.created_at = kNow;
    auto added = store->add_product(p);
    EXPECT_TRUE(added) << added.error().message;
    product = *added;
    if (!with_releases) return;
    add("3.2.0", "data/sample/sbom/sample-product.cdx.json");
    add("3.3.0", "data/sample/sbom/sample-product-3.3.0.cdx.json");
  }

  AddedRelease add(const std::string& version, const std::string& sbom) {
    ReleaseInput in;
    in.sbom_path = sbom;
    in.released_at = "2026-03-02";
    auto r = add_release(*store, vulns.get(), product, version, in, kNow);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : AddedRelease{};
  }

  Target target(const std::string& spec) {
    auto t = resolve_target(*store, spec, false);
    EXPECT_TRUE(t) << t.error().message;
    return *t;
  }

  ReleaseView view(const std::string& version, bool show_suppressed) {
    auto t = target("acme-gateway@" + version);
    ViewOptions o;
    o.show_suppressed = show_suppressed;
    o.today = "2026-11-29";
    auto v = release_view(*store, *vulns, t.product, *t.release, o);
    EXPECT_TRUE(v) << v.error().message;
    return std::move(*v);
  }
};

TriageRequest lodash_not_affected() {
  TriageRequest r;
  r.vulnerability = "CVE-2021-23337";
  r.analysis.state = AnalysisState::kNotAffected;
  r.analysis.justification = Justification::kVulnerableCodeNotInExecutePath;
  r.analysis.detail = "_.template is never called with untrusted input";
  r.analysis.author = "psirt";
  r.analysis.timestamp = kNow;
  return r;
}

// Index of the finding with this id (or alias) on a component named `name`, or -1.
int find(const ReleaseView& v, const std::string& id, const std::string& name) {
  for (std::size_t i = 0; i < v.result.findings.size(); ++i) {
    const auto& f = v.result.findings[i];
    bool hit = f->id == id;
    for (const auto& a : f->aliases) hit = hit || a == id;
    if (hit && v.sbom.components[f.component].name == name) return static_cast<int>(i);
  }
  return -1;
}

TEST(Handling, ProductsAndReleasesAreStoredWithTheirFindings) {
  World w;
  auto dup = w.store->add_product(w.product);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  ReleaseInput in;
  in.sbom_path = "data/sample/sbom/sample-product.cdx.json";
  auto again = add_release(*w.store, w.vulns.get(), w.product, "3.2.0", in, kNow);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_NE(again.error().message.find("already exists"), std::string::npos);

  auto rels = w.store->releases(w.product.id);
  ASSERT_TRUE(rels);
  ASSERT_EQ(rels->size(), 2u);
  EXPECT_EQ((*rels)[0].version, "3.2.0");
  EXPECT_EQ((*rels)[0].components, 17u);  // 15 top-level + 2 nested
  EXPECT_EQ((*rels)[0].sbom_sha256.size(), 64u);
  // The SBOM is kept as imported (byte for byte) and as stored (CycloneDX written by Bulwark).
  auto original = w.store->release_sbom((*rels)[0].id, true);
  auto text = read_file("data/sample/sbom/sample-product.cdx.json");
  ASSERT_TRUE(original && text);
  EXPECT_EQ(*original, *text);
  auto f32 = w.store->findings((*rels)[0].id, false);
  auto f33 = w.store->findings((*rels)[1].id, false);
  ASSERT_TRUE(f32 && f33);
  EXPECT_GE(f32->size(), 8u);
  // 3.3.0 upgraded log4j and requests: fewer findings, and no Log4Shell.
  EXPECT_LT(f33->size(), f32->size());
  auto has = [](const std::vector<StoredFinding>& v, const std::string& id) {
    for (const auto& f : v) {
      if (f.vuln_id == id) return true;
      for (const auto& a : f.aliases)
        if (a == id) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(*f32, "CVE-2021-44228"));
  EXPECT_FALSE(has(*f33, "CVE-2021-44228"));
  for (const auto& f : *f32) {
    EXPECT_EQ(f.first_seen, kNow);
    EXPECT_TRUE(f.resolved_at.empty());
  }
  auto unknown = resolve_target(*w.store, "nope@1.0", true);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  auto unknown_rel = resolve_target(*w.store, "acme-gateway@9.9", true);
  ASSERT_FALSE(unknown_rel);
  EXPECT_NE(unknown_rel.error().message.find("unknown release"), std::string::npos);
}

TEST(Handling, TriageOnOneReleaseIsInheritedByTheNext) {
  World w;
  auto t = w.target("acme-gateway@3.2.0");
  auto r = triage(*w.store, t, lodash_not_affected());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->record.identity, "pkg:npm/lodash");
  EXPECT_TRUE(r->record.versions.empty());
  EXPECT_EQ(r->finding.component_label, "lodash@4.17.20");

  // Hidden by default (suppressed), listed with show_suppressed.
  auto hidden = w.view("3.3.0", false);
  EXPECT_EQ(find(hidden, "CVE-2021-23337", "lodash"), -1);
  EXPECT_EQ(hidden.suppressed_hidden, 1u);
  auto shown = w.view("3.3.0", true);
  const int i = find(shown, "CVE-2021-23337", "lodash");
  ASSERT_GE(i, 0);
  const auto& st = shown.statuses[static_cast<std::size_t>(i)];
  ASSERT_TRUE(st.analysis);
  EXPECT_EQ(st.analysis->state, AnalysisState::kNotAffected);
  EXPECT_TRUE(st.inherited);
  EXPECT_EQ(st.origin, "3.2.0");
  EXPECT_TRUE(st.suppressed);
  EXPECT_EQ(st.first_seen, kNow);
  // On its own release the analysis is not inherited.
  auto own = w.view("3.2.0", true);
  const int j = find(own, "CVE-2021-23337", "lodash");
  ASSERT_GE(j, 0);
  EXPECT_FALSE(own.statuses[static_cast<std::size_t>(j)].inherited);
  // The GHSA id of the same vulnerability addresses the same analysis group.
  EXPECT_NE(std::find(r->record.vulnerability_ids.begin(), r->record.vulnerability_ids.end(),
                      "GHSA-35JH-R3H4-6JHM"),
            r->record.vulnerability_ids.end());
}

TEST(Handling, ReleaseScopedTriageDoesNotCarryToOtherVersions) {
  World w;
  auto t = w.target("acme-gateway@3.2.0");
  TriageRequest req;
  req.vulnerability = "CVE-2021-44228";
  req.component = "pkg:maven/org.apache.logging.log4j/log4j-core";
  req.analysis.state = AnalysisState::kAffected;
  req.analysis.responses = {"update"};
  req.analysis.timestamp = kNow;
  req.scope = "release";
  auto r = triage(*w.store, t, req);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->record.versions, "=2.14.1");
  req.scope = ">=2.15.0";
  auto outside = triage(*w.store, t, req);
  ASSERT_FALSE(outside);
  EXPECT_NE(outside.error().message.find("does not include"), std::string::npos);
}

TEST(Handling, BadTriageChangesNothing) {
  World w;
  auto t = w.target("acme-gateway@3.2.0");
  TriageRequest req = lodash_not_affected();
  req.vulnerability = "CVE-1999-0001";
  auto r = triage(*w.store, t, req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  req = lodash_not_affected();
  req.analysis.justification = Justification::kNone;
  req.analysis.detail.clear();
  auto bare = triage(*w.store, t, req);
  ASSERT_FALSE(bare);
  EXPECT_NE(bare.error().message.find("justification"), std::string::npos);
  req = lodash_not_affected();
  req.analysis.responses = {"pray"};
  EXPECT_FALSE(triage(*w.store, t, req));
  auto h = w.store->history(w.product.id);
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->empty());
}

TEST(Handling, AnalysisHistoryIsAppendOnly) {
  World w;
  auto t = w.target("acme-gateway@3.2.0");
  auto req = lodash_not_affected();
  ASSERT_TRUE(triage(*w.store, t, req));
  req.analysis.state = AnalysisState::kAffected;
  req.analysis.justification = Justification::kNone;
  req.analysis.timestamp = "2026-11-30T08:00:00Z";
  ASSERT_TRUE(triage(*w.store, t, req));
  auto h = w.store->history(w.product.id);
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].analysis.state, AnalysisState::kNotAffected);
  EXPECT_EQ((*h)[1].analysis.state, AnalysisState::kAffected);
  auto current = w.store->analyses(w.product.id);
  ASSERT_TRUE(current);
  ASSERT_EQ(current->size(), 1u);
  EXPECT_EQ(current->front().analysis.state, AnalysisState::kAffected);
  // The database itself refuses to rewrite the trail.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(w.db.c_str(), &db), SQLITE_OK);
  EXPECT_NE(
      sqlite3_exec(db, "UPDATE analysis_history SET state = 'fixed'", nullptr, nullptr, nullptr),
      SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM analysis_history", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto after = w.store->history(w.product.id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->size(), 2u);
}

TEST(Handling, MonitorReportsNewAndResolvedFindings) {
  World w;
  MonitorOptions mo{"2026-11-30T02:00:00Z", "2026-11-30", ""};
  auto first = monitor(*w.store, *w.vulns, mo);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->releases.size(), 2u);
  EXPECT_EQ(first->added, 0u);  // add_release matched already
  EXPECT_EQ(first->resolved, 0u);
  EXPECT_TRUE(first->previous_run.empty());
  // A new advisory for express appears in the database: one new finding per release.
  test::TempDir extra;
  const std::string rec =
      R"({"schema_version":"1.6.0","id":"GHSA-test-0001-0001","modified":"2026-11-30T00:00:00Z",
    "published":"2026-11-30T00:00:00Z","aliases":["CVE-2026-99999"],"summary":"test advisory",
    "affected":[{"package":{"ecosystem":"npm","name":"express"},"ranges":[{"type":"SEMVER","events":[{"introduced":"4.0.0"},{"fixed":"4.19.0"}]}]}]})";
  std::ofstream(extra.path() / "GHSA-test-0001-0001.json") << rec;
  auto imported = w.vulns->import({extra.path().string()}, {});
  ASSERT_TRUE(imported) << imported.error().message;
  ASSERT_EQ(imported->inserted, 1u);
  mo.now = "2026-12-01T02:00:00Z";
  auto second = monitor(*w.store, *w.vulns, mo);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->added, 2u);
  EXPECT_EQ(second->previous_run, "2026-11-30T02:00:00Z");
  for (const auto& d : second->releases) {
    ASSERT_EQ(d.changes.size(), 1u);
    EXPECT_EQ(d.changes[0].kind, "new");
    EXPECT_EQ(d.changes[0].finding.vuln_id, "CVE-2026-99999");
  }
  // The advisory is withdrawn: resolved everywhere.
  std::string withdrawn = rec;
  withdrawn.replace(withdrawn.find("2026-11-30T00:00:00Z"), 20, "2026-12-01T00:00:00Z");
  withdrawn.insert(1, R"("withdrawn":"2026-12-01T00:00:00Z",)");
  std::ofstream(extra.path() / "GHSA-test-0001-0001.json") << withdrawn;
  ASSERT_TRUE(w.vulns->import({extra.path().string()}, {}));
  mo.now = "2026-12-02T02:00:00Z";
  auto third = monitor(*w.store, *w.vulns, mo);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->resolved, 2u);
  EXPECT_EQ(third->added, 0u);
  auto rels = w.store->releases(w.product.id);
  auto all = w.store->findings(rels->front().id, true);
  ASSERT_TRUE(all);
  bool saw = false;
  for (const auto& f : *all)
    if (f.vuln_id == "CVE-2026-99999") {
      saw = true;
      EXPECT_EQ(f.first_seen, "2026-12-01T02:00:00Z");
      EXPECT_EQ(f.resolved_at, "2026-12-02T02:00:00Z");
    }
  EXPECT_TRUE(saw);
}

// Export the analyses in `format`, import them into a fresh database holding the same product and
// releases, and compare the analyses.
void round_trip(VexFormat format) {
  World a;
  auto t = a.target("acme-gateway@3.2.0");
  ASSERT_TRUE(triage(*a.store, t, lodash_not_affected()));
  TriageRequest fixed;
  fixed.vulnerability = "CVE-2021-44906";
  fixed.analysis.state = AnalysisState::kAffected;
  fixed.analysis.action_statement = "Update to 3.3.0";
  fixed.analysis.detail = "minimist parses the configuration file";
  fixed.analysis.timestamp = kNow;
  ASSERT_TRUE(triage(*a.store, t, fixed));
  auto doc = export_vex(*a.store, a.target("acme-gateway"), "Acme PSIRT", kNow);
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_EQ(doc->statements.size(), 2u);
  auto text = write_vex(*doc, format, &a.product);
  ASSERT_TRUE(text) << text.error().message;
  test::TempDir tmp;
  const auto file = tmp.path() / "vex.json";
  std::ofstream(file) << *text;
  auto back = read_vex_file(file.string());
  ASSERT_TRUE(back) << back.error().message;

  World b;
  auto rep = import_vex(*b.store, b.target("acme-gateway"), *back, "vex.json", kNow);
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_EQ(rep->unmatched.size(), 0u);
  auto want = a.store->analyses(a.product.id);
  auto got = b.store->analyses(b.product.id);
  ASSERT_TRUE(want && got);
  ASSERT_EQ(got->size(), want->size());
  auto key = [](const AnalysisRecord& r) { return r.identity + "|" + r.versions; };
  std::map<std::string, const AnalysisRecord*> by;
  for (const auto& r : *got) by[key(r)] = &r;
  for (const auto& r : *want) {
    ASSERT_TRUE(by.count(key(r))) << key(r);
    const AnalysisRecord& g = *by[key(r)];
    EXPECT_EQ(g.analysis.state, r.analysis.state) << key(r);
    EXPECT_EQ(g.analysis.justification, r.analysis.justification) << key(r);
    EXPECT_EQ(g.analysis.detail, r.analysis.detail) << key(r);
    for (const auto& id : r.vulnerability_ids)
      EXPECT_NE(std::find(g.vulnerability_ids.begin(), g.vulnerability_ids.end(), id),
                g.vulnerability_ids.end())
          << id;
  }
}

TEST(HandlingVex, OpenVexRoundTrip) { round_trip(VexFormat::kOpenVex); }
TEST(HandlingVex, CycloneDxRoundTrip) { round_trip(VexFormat::kCycloneDx); }
TEST(HandlingVex, CsafRoundTrip) { round_trip(VexFormat::kCsaf); }

TEST(HandlingVex, StatementsThatMatchNothingAreReported) {
  World w;
  VexDocument doc;
  doc.author = "supplier";
  doc.timestamp = kNow;
  VexStatement ok;
  ok.vulnerability = "GHSA-35jh-r3h4-6jhm";  // the GHSA of CVE-2021-23337 (alias group)
  ok.components = {"pkg:npm/lodash@4.17.20"};
  ok.analysis.state = AnalysisState::kNotAffected;
  ok.analysis.justification = Justification::kVulnerableCodeNotPresent;
  ok.location = "/statements/0";
  VexStatement stray = ok;
  stray.vulnerability = "CVE-2024-0000";
  stray.location = "/statements/1";
  doc.statements = {ok, stray};
  auto rep = import_vex(*w.store, w.target("acme-gateway"), doc, "supplier.json", kNow);
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_EQ(rep->statements, 2u);
  EXPECT_EQ(rep->applied, 1u);
  EXPECT_EQ(rep->findings, 2u);  // lodash in both releases
  EXPECT_EQ(rep->recorded, 1u);  // one analysis: lodash@4.17.20 only (versioned purl)
  ASSERT_EQ(rep->unmatched.size(), 1u);
  EXPECT_NE(rep->unmatched[0].find("/statements/1"), std::string::npos);
  auto got = w.store->analyses(w.product.id);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front().versions, "=4.17.20");
  EXPECT_EQ(got->front().source, "vex:supplier.json");
}

TEST(HandlingAdvisory, Log4ShellFixedInTheSecondRelease) {
  World w;
  AdvisoryRequest req;
  req.vulnerabilities = {"CVE-2021-44228"};
  req.fixed_in = {"3.3.0"};
  req.remediation_url = "https://acme.example/downloads/3.3.0";
  req.now = kNow;
  req.today = "2026-11-29";
  auto in = build_advisory(*w.store, *w.vulns, w.product, req);
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->tracking_id, "ACME-GATEWAY-SA-2026-0001");
  ASSERT_EQ(in->products.size(), 2u);
  ASSERT_EQ(in->vulnerabilities.size(), 1u);
  const auto& v = in->vulnerabilities[0];
  EXPECT_EQ(v.cve, "CVE-2021-44228");
  EXPECT_EQ(v.known_affected, std::vector<std::string>{in->products[0].product_id});
  EXPECT_EQ(v.fixed, std::vector<std::string>{in->products[1].product_id});
  ASSERT_EQ(v.remediations.size(), 1u);
  EXPECT_EQ(v.remediations[0].category, "vendor_fix");
  EXPECT_FALSE(v.exploitation.empty());  // KEV-listed
  auto json = csaf::write_advisory(*in);
  ASSERT_TRUE(json) << json.error().message;
  auto j = nlohmann::json::parse(*json);
  EXPECT_EQ(j["document"]["category"], "csaf_security_advisory");
  req.vulnerabilities = {"CVE-1999-0001"};
  auto missing = build_advisory(*w.store, *w.vulns, w.product, req);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace bulwark::service
