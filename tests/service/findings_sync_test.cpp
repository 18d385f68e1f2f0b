// The finding diff (new / changed / reopened / resolved) computed by the service and persisted by
// the store, on its own (pure) and through a store; monitor end to end for changed and reopened.
#include "bulwark/service/findings_sync.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "bulwark/core/text.hpp"
#include "bulwark/match/snapshot_scan.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/service/monitor.hpp"
#include "handling_world.hpp"

namespace bulwark::service {
namespace {

using portfolio::StoredFinding;
using testing::HandlingWorld;

StoredFinding finding(const std::string& component, const std::string& id,
                      const std::string& priority, std::vector<std::string> aliases = {}) {
  StoredFinding f;
  f.component_key = "pkg:npm/" + component;
  f.component_label = component;
  f.purl = f.component_key;
  f.identity = portfolio::purl_identity(f.purl);
  f.vuln_id = id;
  f.aliases = std::move(aliases);
  f.severity = "HIGH";
  f.priority = priority;
  f.fingerprint = "HIGH|" + priority;
  f.key = portfolio::finding_key(f.component_key, f.vuln_id);
  return f;
}

std::vector<const StoredFinding*> ptrs(const std::vector<StoredFinding>& v) {
  std::vector<const StoredFinding*> out;
  for (const auto& f : v) out.push_back(&f);
  return out;
}

TEST(ServiceFindingsSync, DiffClassifiesEveryKind) {
  std::vector<StoredFinding> stored{finding("a@1", "CVE-1", "P2"), finding("b@1", "CVE-2", "P3"),
                                    finding("c@1", "CVE-3", "P3"), finding("d@1", "CVE-4", "P3")};
  for (std::size_t i = 0; i < stored.size(); ++i) stored[i].id = static_cast<std::int64_t>(i + 1);
  stored[2].resolved_at = "2026-11-01T00:00:00Z";
  stored[2].first_seen = "2026-10-01T00:00:00Z";
  // a: priority changed; b: unchanged; c: back after being resolved; d: gone; e: new.
  // b is matched through an alias of its group (GHSA id now preferred).
  std::vector<StoredFinding> current{finding("a@1", "CVE-1", "P0"),
                                     finding("b@1", "GHSA-2", "P3", {"CVE-2"}),
                                     finding("c@1", "CVE-3", "P3"), finding("e@1", "CVE-5", "P1")};
  current[1].fingerprint = stored[1].fingerprint;
  const auto d = diff_findings(stored, ptrs(current), "2026-11-29T10:00:00Z");
  ASSERT_EQ(d.changes.size(), 5u);
  EXPECT_EQ(d.changes[0].kind, "changed");
  EXPECT_EQ(d.changes[0].detail, "priority P2 -> P0");
  EXPECT_EQ(d.changes[1].kind, "changed");  // b: the preferred id changed
  EXPECT_EQ(d.changes[1].detail, "id CVE-2 -> GHSA-2");
  EXPECT_EQ(d.changes[2].kind, "reopened");
  EXPECT_EQ(d.changes[2].finding.first_seen, "2026-10-01T00:00:00Z");
  EXPECT_NE(d.changes[2].detail.find("resolved at 2026-11-01T00:00:00Z"), std::string::npos);
  EXPECT_EQ(d.changes[3].kind, "new");
  EXPECT_EQ(d.changes[3].finding.first_seen, "2026-11-29T10:00:00Z");
  EXPECT_EQ(d.changes[4].kind, "resolved");
  EXPECT_EQ(d.changes[4].finding.vuln_id, "CVE-4");
  EXPECT_EQ(d.changes[4].finding.resolved_at, "2026-11-29T10:00:00Z");
  ASSERT_EQ(d.write.inserted.size(), 1u);
  EXPECT_EQ(d.inserted_changes, std::vector<std::size_t>{3});
  ASSERT_EQ(d.write.updated.size(), 3u);
  EXPECT_EQ(d.write.updated[0].id, 1);
  EXPECT_EQ(d.write.resolved, std::vector<std::int64_t>{4});
  EXPECT_EQ(d.write.events.size(), 4u);  // changed x2, reopened, resolved ("new" is first_seen)
  EXPECT_EQ(d.write.digest, findings_digest(ptrs(current)));
}

TEST(ServiceFindingsSync, DigestIgnoresOrderButNotContent) {
  std::vector<StoredFinding> a{finding("a@1", "CVE-1", "P2"), finding("b@1", "CVE-2", "P3")};
  std::vector<StoredFinding> b{a[1], a[0]};
  EXPECT_EQ(findings_digest(ptrs(a)), findings_digest(ptrs(b)));
  b[0].fingerprint += "x";
  EXPECT_NE(findings_digest(ptrs(a)), findings_digest(ptrs(b)));
  EXPECT_NE(findings_digest(ptrs(a)), findings_digest({}));
}

TEST(ServiceFindingsSync, SyncPersistsThroughTheStore) {
  HandlingWorld w(false, false);
  ReleaseInput in;
  in.sbom_path = "data/sample/sbom/sample-product.cdx.json";
  in.released_at = "2026-03-02";
  auto r = add_release(*w.store, nullptr, w.product, "1.0", in, w.clock);
  ASSERT_TRUE(r) << r.error().message;
  const auto id = r->release.id;
  std::vector<StoredFinding> v1{finding("a@1", "CVE-1", "P2"), finding("b@1", "CVE-2", "P3")};
  auto first = sync_findings(*w.store, id, ptrs(v1), "2026-11-01T00:00:00Z");
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->size(), 2u);
  EXPECT_GT((*first)[0].finding.id, 0);  // ids of inserted rows come back
  EXPECT_NE((*first)[0].finding.id, (*first)[1].finding.id);
  // The new rows went to the store and came back whole (moved there and back, not copied).
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ((*first)[i].kind, "new");
    EXPECT_EQ((*first)[i].finding.vuln_id, v1[i].vuln_id);
    EXPECT_EQ((*first)[i].finding.component_key, v1[i].component_key);
    EXPECT_EQ((*first)[i].finding.fingerprint, v1[i].fingerprint);
    EXPECT_EQ((*first)[i].finding.first_seen, "2026-11-01T00:00:00Z");
    EXPECT_EQ((*first)[i].finding.release_id, id);
  }
  // Unchanged: nothing reported, last_seen moves (the fast path).
  auto same = sync_findings(*w.store, id, ptrs(v1), "2026-11-02T00:00:00Z");
  ASSERT_TRUE(same);
  EXPECT_TRUE(same->empty());
  auto open = w.store->findings(id, false);
  ASSERT_TRUE(open);
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[0].first_seen, "2026-11-01T00:00:00Z");
  EXPECT_EQ((*open)[0].last_seen, "2026-11-02T00:00:00Z");
  // b vanishes: resolved, last seen at the previous match.
  std::vector<StoredFinding> v2{v1[0]};
  auto gone = sync_findings(*w.store, id, ptrs(v2), "2026-11-03T00:00:00Z");
  ASSERT_TRUE(gone);
  ASSERT_EQ(gone->size(), 1u);
  EXPECT_EQ((*gone)[0].kind, "resolved");
  auto all = w.store->findings(id, true);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].resolved_at, "2026-11-03T00:00:00Z");
  EXPECT_EQ((*all)[1].last_seen, "2026-11-02T00:00:00Z");
  // b comes back: reopened, same row.
  auto back = sync_findings(*w.store, id, ptrs(v1), "2026-11-04T00:00:00Z");
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].kind, "reopened");
  EXPECT_EQ((*back)[0].finding.id, (*all)[1].id);
  open = w.store->findings(id, false);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->size(), 2u);
}

// Adding a release and the monitor match with scan_for_snapshot: the same findings, ids,
// scores and priorities as the full scan, without the report-only details.
TEST(ServiceFindingsSync, SnapshotScanGivesTheFullScansSnapshots) {
  HandlingWorld w(false, true);
  auto sbom = sbom::read(read_file("data/sample/sbom/sample-product.cdx.json").value(), "sample");
  ASSERT_TRUE(sbom) << sbom.error().message;
  match::ScanOptions o;
  o.today = "2026-11-01";
  auto full = match::scan(*sbom, *w.vulns, o);
  ASSERT_TRUE(full) << full.error().message;
  auto lean = match::scan_for_snapshot(*sbom, *w.vulns, o);
  ASSERT_TRUE(lean) << lean.error().message;
  ASSERT_GE(full->findings.size(), 5u);
  ASSERT_EQ(lean->findings.size(), full->findings.size());
  bool full_has_details = false;
  for (std::size_t i = 0; i < full->findings.size(); ++i) {
    const auto& a = full->findings[i];
    const auto& b = lean->findings[i];
    EXPECT_EQ(a.component, b.component);
    const auto sa = snapshot(sbom->components[a.component], *a.core);
    const auto sb = snapshot(sbom->components[b.component], *b.core);
    EXPECT_EQ(sa.key, sb.key);
    EXPECT_EQ(sa.vuln_id, sb.vuln_id);
    EXPECT_EQ(sa.aliases, sb.aliases);
    EXPECT_EQ(sa.severity, sb.severity);
    EXPECT_EQ(sa.priority, sb.priority);
    EXPECT_EQ(sa.priority_reason, sb.priority_reason);
    EXPECT_EQ(sa.kev, sb.kev);
    EXPECT_EQ(sa.fingerprint, sb.fingerprint);
    EXPECT_EQ(a->fix_by, b->fix_by);
    EXPECT_EQ(a->epss, b->epss);
    EXPECT_EQ(a->cvss_vector, b->cvss_vector);
    full_has_details = full_has_details || !a->references.empty() || !a->evidence.empty();
    EXPECT_TRUE(b->references.empty());
    EXPECT_TRUE(b->evidence.empty());
    EXPECT_TRUE(b->summary.empty());
  }
  EXPECT_TRUE(full_has_details);  // what the snapshot scan leaves out is there in the full one
}

TEST(ServiceMonitor, ChangedAndReopenedThroughTheDatabase) {
  HandlingWorld w;
  test::TempDir extra;
  const std::string rec =
      R"({"schema_version":"1.6.0","id":"GHSA-test-0002-0002","modified":"2026-11-30T00:00:00Z",
    "published":"2026-11-30T00:00:00Z","aliases":["CVE-2026-88888"],"summary":"test advisory",
    "database_specific":{"severity":"LOW"},
    "affected":[{"package":{"ecosystem":"npm","name":"express"},"ranges":[{"type":"SEMVER","events":[{"introduced":"4.0.0"},{"fixed":"4.19.0"}]}]}]})";
  auto write = [&](const std::string& text) {
    std::ofstream(extra.path() / "GHSA-test-0002-0002.json") << text;
    auto imported = w.vulns->import({extra.path().string()}, {});
    ASSERT_TRUE(imported) << imported.error().message;
  };
  write(rec);
  MonitorRequest req;
  w.clock.set(testing::at("2026-12-01T02:00:00Z"));
  auto first = monitor(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->report.added, 2u);
  // The severity is raised: changed in both releases.
  std::string raised = rec;
  raised.replace(raised.find("\"LOW\""), 5, "\"CRITICAL\"");
  raised.replace(raised.find("2026-11-30T00:00:00Z"), 20, "2026-12-01T00:00:00Z");
  write(raised);
  w.clock.set(testing::at("2026-12-02T02:00:00Z"));
  auto gate = parse_gate("critical");
  ASSERT_TRUE(gate);
  req.gate = *gate;
  auto second = monitor(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->report.changed, 2u);
  EXPECT_EQ(second->report.added, 0u);
  EXPECT_EQ(second->gate_reached, 0u) << "the gate counts new and reopened findings only";
  ASSERT_EQ(second->report.releases[0].changes.size(), 1u);
  EXPECT_NE(second->report.releases[0].changes[0].detail.find("severity"), std::string::npos);
  // Withdrawn, then published again: resolved, then reopened (and the gate counts it).
  std::string withdrawn = raised;
  withdrawn.replace(withdrawn.find("2026-12-01T00:00:00Z"), 20, "2026-12-02T00:00:00Z");
  withdrawn.insert(1, R"("withdrawn":"2026-12-02T00:00:00Z",)");
  write(withdrawn);
  w.clock.set(testing::at("2026-12-03T02:00:00Z"));
  auto third = monitor(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->report.resolved, 2u);
  std::string again = raised;
  again.replace(again.find("2026-12-01T00:00:00Z"), 20, "2026-12-03T00:00:00Z");
  write(again);
  w.clock.set(testing::at("2026-12-04T02:00:00Z"));
  auto fourth = monitor(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(fourth);
  EXPECT_EQ(fourth->report.added, 2u);
  EXPECT_EQ(fourth->report.previous_run, "2026-12-03T02:00:00Z");
  EXPECT_EQ(fourth->report.releases[0].changes[0].kind, "reopened");
  EXPECT_EQ(fourth->gate_reached, 2u);
  // The documents.
  const std::string text = monitor_text(fourth->report);
  EXPECT_NE(text.find("reopened"), std::string::npos);
  const std::string json = monitor_json(fourth->report);
  EXPECT_NE(json.find("\"schema\": \"bulwark-monitor/1\""), std::string::npos);
  EXPECT_NE(json.find("\"kind\": \"reopened\""), std::string::npos);
}

TEST(ServiceFindingsSync, SyncOfGivenUpRowsMovesTheNewOnesAndKeepsTheRest) {
  HandlingWorld w(false, false);
  ReleaseInput in;
  in.sbom_path = "data/sample/sbom/sample-product.cdx.json";
  in.released_at = "2026-03-02";
  auto r = add_release(*w.store, nullptr, w.product, "1.0", in, w.clock);
  ASSERT_TRUE(r) << r.error().message;
  const auto id = r->release.id;
  const std::vector<StoredFinding> v1{finding("a@1", "CVE-1", "P2"), finding("b@1", "CVE-2", "P3")};
  auto first = sync_findings(*w.store, id, std::vector<StoredFinding>(v1), "2026-11-01T00:00:00Z");
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ((*first)[i].kind, "new");
    EXPECT_GT((*first)[i].finding.id, 0);
    EXPECT_EQ((*first)[i].finding.vuln_id, v1[i].vuln_id);
    EXPECT_EQ((*first)[i].finding.component_key, v1[i].component_key);
    EXPECT_EQ((*first)[i].finding.fingerprint, v1[i].fingerprint);
  }
  // The digest was taken before anything was moved: the same rows again are unchanged.
  auto same = sync_findings(*w.store, id, std::vector<StoredFinding>(v1), "2026-11-02T00:00:00Z");
  ASSERT_TRUE(same);
  EXPECT_TRUE(same->empty());
  // A changed and a new row given up: the changed one keeps its id, the new one is stored whole.
  std::vector<StoredFinding> v2{finding("a@1", "CVE-1", "P0"), finding("c@1", "CVE-3", "P1")};
  auto next = sync_findings(*w.store, id, std::move(v2), "2026-11-03T00:00:00Z");
  ASSERT_TRUE(next) << next.error().message;
  ASSERT_EQ(next->size(), 3u);
  EXPECT_EQ((*next)[0].kind, "changed");
  EXPECT_EQ((*next)[0].finding.id, (*first)[0].finding.id);
  EXPECT_EQ((*next)[1].kind, "new");
  EXPECT_EQ((*next)[1].finding.vuln_id, "CVE-3");
  EXPECT_EQ((*next)[1].finding.component_key, finding("c@1", "CVE-3", "P1").component_key);
  EXPECT_EQ((*next)[2].kind, "resolved");
  auto open = w.store->findings(id, false);
  ASSERT_TRUE(open);
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[1].vuln_id, "CVE-3");
  EXPECT_EQ((*open)[1].priority, "P1");
}

}  // namespace
}  // namespace bulwark::service
