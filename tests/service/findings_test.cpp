// Findings views through the service: filters (priority, analysis state), the gate counted over
// unsuppressed findings only, one-off VEX uploads, and the clock's date.
#include "bulwark/service/findings.hpp"

#include <gtest/gtest.h>

#include "bulwark/service/triage.hpp"
#include "handling_world.hpp"

namespace bulwark::service {
namespace {

using testing::HandlingWorld;

FindingsRequest request(const std::string& target) {
  FindingsRequest r;
  r.target = target;
  return r;
}

TEST(ServiceFindings, WholeProductGivesOneViewPerRelease) {
  HandlingWorld w;
  auto res = findings(*w.store, *w.vulns, request("acme-gateway"), w.clock);
  ASSERT_TRUE(res) << res.error().message;
  ASSERT_EQ(res->views.size(), 2u);
  EXPECT_EQ(res->views[0].sbom.source_path, "acme-gateway@3.2.0");
  EXPECT_EQ(res->views[1].sbom.source_path, "acme-gateway@3.3.0");
  EXPECT_EQ(res->now, testing::kNow);
  EXPECT_EQ(res->gate_reached, 0u);  // no gate
  EXPECT_GT(res->views[0].result.findings.size(), res->views[1].result.findings.size());
}

TEST(ServiceFindings, PriorityAndStateFilters) {
  HandlingWorld w;
  auto all = findings(*w.store, *w.vulns, request("acme-gateway@3.2.0"), w.clock);
  ASSERT_TRUE(all);
  const auto& v = all->views[0];
  std::size_t p0 = 0;
  for (const auto& f : v.result.findings) p0 += f->priority == "P0";
  ASSERT_GT(p0, 0u);
  ASSERT_LT(p0, v.result.findings.size());
  auto req = request("acme-gateway@3.2.0");
  req.filter.priorities = "p0";
  auto only = findings(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(only);
  EXPECT_EQ(only->views[0].result.findings.size(), p0);
  EXPECT_EQ(only->views[0].result.summary.findings, p0);
  for (const auto& f : only->views[0].result.findings) EXPECT_EQ(f->priority, "P0");

  // Triage one finding as affected: the state filter separates it from the untriaged ("none").
  TriageRequest t;
  t.vulnerability = "CVE-2021-44906";
  t.analysis.state = AnalysisState::kAffected;
  ASSERT_TRUE(triage(*w.store, "acme-gateway@3.2.0", t, w.clock));
  req = request("acme-gateway@3.2.0");
  req.filter.states = "affected";
  auto affected = findings(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(affected);
  ASSERT_EQ(affected->views[0].result.findings.size(), 1u);
  EXPECT_EQ(affected->views[0].statuses[0].analysis->timestamp, testing::kNow);
  req.filter.states = "none";
  auto untriaged = findings(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(untriaged);
  EXPECT_EQ(untriaged->views[0].result.findings.size(), v.result.findings.size() - 1);
}

TEST(ServiceFindings, GateCountsUnsuppressedFindingsOnly) {
  HandlingWorld w;
  auto req = request("acme-gateway@3.2.0");
  auto gate = parse_gate("low");
  ASSERT_TRUE(gate);
  req.gate = *gate;
  auto before = findings(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(before);
  ASSERT_GT(before->gate_reached, 0u);
  EXPECT_EQ(before->gate_reached, gate_hits(before->views[0], *gate));
  TriageRequest t;
  t.vulnerability = "CVE-2021-23337";
  t.analysis.state = AnalysisState::kNotAffected;
  t.analysis.justification = Justification::kVulnerableCodeNotPresent;
  ASSERT_TRUE(triage(*w.store, "acme-gateway@3.2.0", t, w.clock));
  req.show_suppressed = true;  // listed, but suppressed: not counted
  auto after = findings(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->views[0].result.findings.size(), before->views[0].result.findings.size());
  EXPECT_EQ(after->gate_reached + 1, before->gate_reached);
  EXPECT_EQ(gate_hits(after->views[0], Gate{}), 0u);  // an inactive gate is never reached
}

TEST(ServiceFindings, VexUploadsApplyWithoutBeingStored) {
  HandlingWorld w;
  FindingsRequest req = request("acme-gateway@3.2.0");
  req.vex.push_back(
      {"supplier.json",
       R"({"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://acme.example/vex/1",
    "author":"supplier","timestamp":"2026-11-01T00:00:00Z","version":1,
    "statements":[{"vulnerability":{"name":"CVE-2021-23337"},"products":[{"@id":"pkg:npm/lodash@4.17.20"}],
    "status":"not_affected","justification":"vulnerable_code_not_present"}]})"});
  auto res = findings(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->views[0].suppressed_hidden, 1u);
  auto stored = w.store->analyses(w.product.id);
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->empty());
  req.vex[0].bytes = R"({"hello":"world"})";
  auto bad = findings(*w.store, *w.vulns, req, w.clock);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("supplier.json: not a VEX document"), std::string::npos)
      << bad.error().message;
}

// The server's findings pages agree with the full view: every open finding exactly once across
// pages, the analysis state the view shows (same rule: alias group, version scope, newest), and
// the state filter counted over the whole release.
TEST(ServiceFindings, KeysetPagesAgreeWithTheView) {
  HandlingWorld w;
  TriageRequest t;
  t.vulnerability = "CVE-2021-44906";
  t.analysis.state = AnalysisState::kAffected;
  ASSERT_TRUE(triage(*w.store, "acme-gateway@3.2.0", t, w.clock));
  auto target = w.target("acme-gateway@3.2.0");
  auto stored = w.store->findings(target.release->id, false);
  ASSERT_TRUE(stored);
  ASSERT_GT(stored->size(), 4u);
  FindingsPageRequest rq;
  rq.query.limit = 3;
  std::vector<std::int64_t> ids;
  std::size_t affected = 0, pages = 0;
  while (true) {
    auto page = findings_page(*w.store, *target.release, rq);
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->total, stored->size());
    ++pages;
    for (const auto& r : page->items) {
      ids.push_back(r.stored.id);
      if (r.state() == "affected") {
        ++affected;
        EXPECT_EQ(r.stored.vuln_id, "CVE-2021-44906");
        EXPECT_EQ(r.origin, "3.2.0");
        EXPECT_FALSE(r.inherited);
      }
    }
    if (page->next_after == 0) break;
    EXPECT_EQ(page->items.size(), 3u);
    rq.query.after_id = page->next_after;
  }
  EXPECT_EQ(pages, (stored->size() + 2) / 3);
  std::vector<std::int64_t> want;
  for (const auto& f : *stored) want.push_back(f.id);
  EXPECT_EQ(ids, want);
  EXPECT_EQ(affected, 1u);
  // The triage (scope: every version) is inherited by 3.3.0 where the finding is still open.
  auto later = w.target("acme-gateway@3.3.0");
  FindingsPageRequest st;
  st.states = {"affected"};
  auto inherited = findings_page(*w.store, *later.release, st);
  ASSERT_TRUE(inherited);
  ASSERT_EQ(inherited->items.size(), 1u);  // minimist 1.2.5 ships in both releases
  for (const auto& r : inherited->items) {
    EXPECT_TRUE(r.inherited);
    EXPECT_EQ(r.origin, "3.2.0");
  }
  // State filter: counted over the release, paged by the cursor.
  st = {};
  st.states = {"none"};
  st.query.limit = 2;
  auto none = findings_page(*w.store, *target.release, st);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->total, stored->size() - 1);
  ASSERT_EQ(none->items.size(), 2u);
  EXPECT_EQ(none->next_after, none->items.back().stored.id);
  for (const auto& r : none->items) EXPECT_EQ(r.state(), "none");
  // One finding by id; a resolved or foreign id is not found.
  auto one = open_finding(*w.store, *target.release, want[1]);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->stored.id, want[1]);
  auto missing = open_finding(*w.store, *target.release, want.back() + 100000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace bulwark::service
