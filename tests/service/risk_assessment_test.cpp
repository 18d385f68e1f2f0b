// The risk-assessment use cases over a real database: import (never half-applied), the
// four-eyes review with its history, proposals decided, and the approved assessment driving the
// checklist and the technical documentation; each release's documents judge that release alone
// (3.3.0 fixed Log4Shell: AI.P1.2a met there, not met in 3.2.0).
#include "bulwark/service/risk_assessment.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "bulwark/service/cra_docs.hpp"
#include "bulwark/service/cra_product.hpp"
#include "cra_world.hpp"

namespace bulwark::service {
namespace {

using test::at;

struct RiskWorld : test::CraWorld {
  std::unique_ptr<portfolio::RiskStore> risk;
  RiskWorld() {
    auto r = portfolio::RiskStore::open_sqlite(db);
    EXPECT_TRUE(r) << r.error().message;
    risk = std::move(*r);
    release("3.2.0", "2026-03-02");
    release("3.3.0", "2026-12-01");
  }
  std::string example(const char* name) {
    std::ifstream in(test::source_dir() / "examples" / "risk" / name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  Result<RiskImportResult> import(const std::string& text, const std::string& name, bool merge,
                                  const std::string& by = "architect") {
    return import_assessment(
        *store, *risk,
        {"acme-gateway@3.3.0", text, name, assessment::SourceFormat::kAuto, merge, by}, clock);
  }
  void approve_latest() {
    auto r = review_step(*store, *risk, "acme-gateway@3.3.0", "review", "lead", "", clock);
    ASSERT_TRUE(r) << r.error().message;
    auto a = review_step(*store, *risk, "acme-gateway@3.3.0", "approve", "cto", "", clock);
    ASSERT_TRUE(a) << a.error().message;
  }
};

TEST(RiskService, ImportReviewApproveAndHistory) {
  RiskWorld w;
  auto r1 = w.import(w.example("acme-gateway.threat-dragon.json"), "gateway.json", false);
  ASSERT_TRUE(r1) << r1.error().message;
  EXPECT_EQ(r1->view.revision.number, 1);
  EXPECT_EQ(r1->format, assessment::SourceFormat::kThreatDragon);
  auto r2 = w.import(w.example("acme-gateway-context.yaml"), "context.yaml", true);
  ASSERT_TRUE(r2) << r2.error().message;
  EXPECT_EQ(r2->view.revision.number, 2);
  EXPECT_EQ(r2->based_on, 1);
  EXPECT_FALSE(r2->view.assessment.context.operational_environment.empty());
  EXPECT_EQ(r2->view.assessment.threats.size(), 14u);
  // The same content again writes nothing.
  auto same = w.import(w.example("acme-gateway-context.yaml"), "context.yaml", true);
  ASSERT_TRUE(same) << same.error().message;
  EXPECT_TRUE(same->unchanged);
  // The author can't review; approve before review is refused.
  auto self =
      review_step(*w.store, *w.risk, "acme-gateway@3.3.0", "review", "architect", "", w.clock);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code, ErrorCode::kConflict);
  auto early = review_step(*w.store, *w.risk, "acme-gateway@3.3.0", "approve", "cto", "", w.clock);
  EXPECT_FALSE(early);
  w.approve_latest();
  auto v = load_revision(*w.store, *w.risk, "acme-gateway@3.3.0");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->revision.state, assessment::ReviewState::kApproved);
  auto h = risk_history(*w.store, *w.risk, "acme-gateway");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 4u);  // create 1, create 2, review 2, approve 2
  EXPECT_EQ((*h)[3].event.action, "approve");
  EXPECT_EQ((*h)[3].event.actor, "cto");
  auto d = diff_revisions(*w.store, *w.risk, "acme-gateway@3.3.0#1", "acme-gateway@3.3.0#2");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_FALSE(d->changes.empty());
}

TEST(RiskService, ImportNeverHalfApplies) {
  RiskWorld w;
  ASSERT_TRUE(w.import(w.example("acme-gateway.threat-dragon.json"), "gateway.json", false));
  auto bad = w.import("applicability:\n  - requirement: AI.P1.2b\n    applicable: false\n",
                      "na.yaml", true);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(bad.error().message.find("na.yaml"), std::string::npos);
  EXPECT_NE(bad.error().message.find("/applicability/0/justification"), std::string::npos);
  auto wrong = w.import(R"({"product":"other","threats":[]})", "other.json", false);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message,
            "other.json: /product: 'other' is not the product 'acme-gateway'");
  EXPECT_EQ(w.risk->revisions(w.product.id, "")->size(), 1u);
  EXPECT_EQ(w.risk->history(w.product.id, "")->size(), 1u);
}

TEST(RiskService, ProposalsAcceptedAndRejected) {
  RiskWorld w;
  w.clock.set(at("2026-12-01T10:00:00Z"));
  ASSERT_TRUE(w.import(w.example("acme-gateway.threat-dragon.json"), "gateway.json", false));
  auto l = risk_proposals(*w.store, *w.risk, *w.cra, *w.vulns, "acme-gateway@3.3.0", w.clock);
  ASSERT_TRUE(l) << l.error().message;
  std::set<std::string> keys;
  for (const auto& p : l->proposals) keys.insert(p.proposal.key);
  EXPECT_TRUE(keys.contains("interface:update"));
  EXPECT_TRUE(keys.contains("threat:eol:openssl"));
  EXPECT_TRUE(keys.contains("mitigation:signed-updates"));
  auto acc =
      decide_proposal(*w.store, *w.risk, *w.cra, *w.vulns,
                      {"acme-gateway@3.3.0", "threat:eol:openssl", true, "architect", ""}, w.clock);
  ASSERT_TRUE(acc) << acc.error().message;
  ASSERT_TRUE(acc->draft);
  EXPECT_EQ(acc->draft->revision.number, 2);
  auto no_reason =
      decide_proposal(*w.store, *w.risk, *w.cra, *w.vulns,
                      {"acme-gateway@3.3.0", "interface:update", false, "a", ""}, w.clock);
  EXPECT_FALSE(no_reason);
  auto rej =
      decide_proposal(*w.store, *w.risk, *w.cra, *w.vulns,
                      {"acme-gateway@3.3.0", "interface:update", false, "a", "modelled"}, w.clock);
  ASSERT_TRUE(rej) << rej.error().message;
  EXPECT_FALSE(rej->draft);
  auto twice = decide_proposal(*w.store, *w.risk, *w.cra, *w.vulns,
                               {"acme-gateway@3.3.0", "interface:update", true, "a", ""}, w.clock);
  EXPECT_FALSE(twice);
  auto after = risk_proposals(*w.store, *w.risk, *w.cra, *w.vulns, "acme-gateway@3.3.0", w.clock);
  ASSERT_TRUE(after);
  for (const auto& p : after->proposals) {
    if (p.proposal.key == "interface:update") {
      EXPECT_EQ(p.state, "rejected");
    }
    if (p.proposal.key == "threat:eol:openssl") {
      EXPECT_EQ(p.state, "accepted");
    }
  }
}

TEST(RiskService, EachReleaseJudgedOnItsOwnFacts) {
  RiskWorld w;
  w.clock.set(at("2026-12-02T09:00:00Z"));
  auto c33 = checklist(*w.store, *w.cra, *w.vulns, "acme-gateway@3.3.0", w.clock, w.risk.get());
  ASSERT_TRUE(c33) << c33.error().message;
  auto c32 = checklist(*w.store, *w.cra, *w.vulns, "acme-gateway@3.2.0", w.clock, w.risk.get());
  ASSERT_TRUE(c32) << c32.error().message;
  auto status = [](const Checklist& c, const std::string& id) {
    for (const auto& it : c.items)
      if (it.id == id) return it.status;
    return cra::ItemStatus::kOpen;
  };
  EXPECT_EQ(status(*c33, "AI.P1.2a"), cra::ItemStatus::kMet);     // Log4Shell fixed in 3.3.0
  EXPECT_EQ(status(*c32, "AI.P1.2a"), cra::ItemStatus::kNotMet);  // shipped in 3.2.0
  auto product = checklist(*w.store, *w.cra, *w.vulns, "acme-gateway", w.clock, w.risk.get());
  ASSERT_TRUE(product);
  ASSERT_EQ(product->releases.size(), 2u);
  EXPECT_EQ(product->releases[0].release, "3.2.0");
  EXPECT_EQ(product->releases[0].status, cra::ItemStatus::kNotMet);
  EXPECT_EQ(product->releases[1].status, cra::ItemStatus::kMet);
}

TEST(RiskService, ApprovedAssessmentDrivesChecklistAndDocs) {
  RiskWorld w;
  ASSERT_TRUE(w.import(w.example("acme-gateway.threat-dragon.json"), "gateway.json", false));
  ASSERT_TRUE(w.import(w.example("acme-gateway-context.yaml"), "context.yaml", true));
  // Nothing approved yet: the checklist keeps its defaults.
  auto before = checklist(*w.store, *w.cra, *w.vulns, "acme-gateway@3.3.0", w.clock, w.risk.get());
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->assessment.empty());
  w.approve_latest();
  auto c = checklist(*w.store, *w.cra, *w.vulns, "acme-gateway@3.3.0", w.clock, w.risk.get());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_NE(c->assessment.find("acme-gateway@3.3.0 revision 2 (approved, approved by cto"),
            std::string::npos);
  std::map<std::string, cra::ChecklistItem> items;
  for (const auto& it : c->items) items[it.id] = it;
  EXPECT_FALSE(items["AI.P1.2g"].applicable);
  EXPECT_NE(items["AI.P1.2g"].justification.find("no personal data"), std::string::npos);
  EXPECT_TRUE(items["AI.P1.2c"].applicable);
  EXPECT_NE(items["AI.P1.2c"].justification.find("implemented by"), std::string::npos);
  // An earlier release without an assessment of its own gets none (3.3.0's is newer).
  auto c32 = checklist(*w.store, *w.cra, *w.vulns, "acme-gateway@3.2.0", w.clock, w.risk.get());
  ASSERT_TRUE(c32);
  EXPECT_TRUE(c32->assessment.empty());

  DocsRequest req;
  req.target = "acme-gateway@3.3.0";
  req.html = false;
  auto pkg = build_docs(*w.store, *w.cra, *w.vulns, req, w.clock, w.risk.get());
  ASSERT_TRUE(pkg) << pkg.error().message;
  const std::string& md = pkg->documents[0].files[0].content;
  EXPECT_NE(md.find("## AVII.3 Cybersecurity risk assessment"), std::string::npos);
  EXPECT_NE(md.find("**Approved risk assessment:** acme-gateway@3.3.0 revision 2"),
            std::string::npos);
  EXPECT_NE(md.find("| Point | Requirement | Status | Applicability | Justification | Evidence |"),
            std::string::npos);
  EXPECT_NE(md.find("| AI.P1.2a | No known exploitable vulnerabilities | met | applicable |"),
            std::string::npos);
  EXPECT_NE(md.find("**Threats and risks**"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::service
