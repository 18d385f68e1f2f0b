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

}  // namespace
}  // namespace bulwark::service
