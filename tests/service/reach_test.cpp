// Exposure-driven priorities (issue 17) over a real database: the release's risk assessment
// raises the findings of components behind an internet-exposed network interface carrying a
// high-need asset, lowers those of components it states unreachable (never a KEV-listed one)
// and leaves the others alone, and
// the monitor, a monitor job and the release view agree and store priority and reason on the
// findings. Without an assessment (or without a RiskStore) nothing changes.
#include "bulwark/service/reach.hpp"

#include <gtest/gtest.h>

#include <map>

#include "bulwark/service/monitor_jobs.hpp"
#include "bulwark/service/risk_assessment.hpp"
#include "bulwark/service/risk_policy.hpp"
#include "cra_world.hpp"

namespace bulwark::service {
namespace {

using test::at;

constexpr const char* kAssessment = R"(format: bulwark-risk-assessment/1
product: acme-gateway
assets:
  - {id: credentials, name: Administrator credentials, confidentiality: high, integrity: high,
     availability: low}
  - {id: telemetry, name: Telemetry, confidentiality: low, integrity: medium, availability: medium}
interfaces:
  - {id: web-ui, name: Web UI, kind: network, exposure: internet, assets: [credentials],
     components: [Express, pkg-lodash-alias, lodash]}
  - {id: modbus, name: Modbus TCP, kind: network, exposure: lan, assets: [telemetry],
     components: [minimist]}
reachability: {complete: true}
)";

// The same interfaces without the statement that their component lists are complete.
std::string partial_assessment() {
  std::string s = kAssessment;
  return s.substr(0, s.find("reachability:"));
}

struct Row {
  std::string priority, reason;
  bool kev = false;
};
using Rows = std::map<std::string, Row>;  // "component@version vuln" -> row

struct ReachWorld : test::CraWorld {
  std::unique_ptr<portfolio::RiskStore> risk;
  portfolio::Release rel;
  ReachWorld() {
    auto r = portfolio::RiskStore::open_sqlite(db);
    EXPECT_TRUE(r) << r.error().message;
    risk = std::move(*r);
    release("3.2.0", "2026-03-02");
    auto found = store->release(product.id, "3.2.0");
    EXPECT_TRUE(found && *found);
    rel = **found;
  }
  void import(const std::string& text, const std::string& by = "architect") {
    auto r = import_assessment(
        *store, *risk,
        {"acme-gateway@3.2.0", text, "gateway.yaml", assessment::SourceFormat::kAuto, false, by},
        clock);
    ASSERT_TRUE(r) << r.error().message;
  }
  Rows stored() {
    Rows out;
    auto f = store->findings(rel.id, false);
    EXPECT_TRUE(f) << f.error().message;
    for (const auto& x : *f)
      out[x.component_label + " " + x.vuln_id] = {x.priority, x.priority_reason, x.kev};
    return out;
  }
  MonitorReport monitor_with(portfolio::RiskStore* r, const std::string& now) {
    MonitorOptions mo{now, now.substr(0, 10), "", r};
    auto rep = monitor(*store, *vulns, mo);
    EXPECT_TRUE(rep) << rep.error().message;
    return rep ? *rep : MonitorReport{};
  }
};

int level(const std::string& p) { return p.size() == 2 ? p[1] - '0' : -1; }

bool starts(const std::string& s, const std::string& prefix) { return s.starts_with(prefix); }

TEST(ServiceReach, AssessmentRaisesAndLowersStoredPriorities) {
  ReachWorld w;
  const Rows before = w.stored();
  ASSERT_FALSE(before.empty());
  for (const auto& [k, r] : before) {
    EXPECT_FALSE(r.reason.empty()) << k;  // the rule's reason is stored from the first match on
    EXPECT_EQ(r.reason.find("interface"), std::string::npos) << k;
  }
  w.import(kAssessment);
  // Without a RiskStore the monitor changes nothing.
  w.monitor_with(nullptr, "2026-11-30T02:00:00Z");
  EXPECT_EQ(w.stored().size(), before.size());
  for (const auto& [k, r] : w.stored()) EXPECT_EQ(r.priority, before.at(k).priority) << k;

  const MonitorReport rep = w.monitor_with(w.risk.get(), "2026-11-30T03:00:00Z");
  const Rows after = w.stored();
  ASSERT_EQ(after.size(), before.size());
  int raised = 0, lowered = 0, kept_kev = 0, unchanged = 0;
  for (const auto& [k, r] : after) {
    const Row& b = before.at(k);
    const int from = level(b.priority), to = level(r.priority);
    if (starts(k, "express@") || starts(k, "lodash@")) {
      const std::string name = k.substr(0, k.find('@'));
      if (from == 0) {
        EXPECT_EQ(to, 0) << k;
        continue;
      }
      EXPECT_EQ(to, from - 1) << k;
      EXPECT_EQ(r.reason, b.reason + "; raised 1: " + name +
                              " behind interface web-ui (network, internet) carrying asset "
                              "credentials (confidentiality high)")
          << k;
      ++raised;
    } else if (starts(k, "minimist@")) {  // behind modbus: lan, but telemetry is medium
      EXPECT_EQ(r.priority, b.priority) << k;
      EXPECT_EQ(r.reason, b.reason) << k;
      ++unchanged;
    } else if (r.kev) {
      EXPECT_EQ(r.priority, b.priority) << k;
      EXPECT_EQ(r.reason, b.reason +
                              "; not lowered although behind no interface of assessment "
                              "revision 1, whose interfaces list every reachable component: "
                              "known exploited")
          << k;
      ++kept_kev;
    } else if (from == 4) {
      EXPECT_EQ(r.priority, "P4") << k;
      EXPECT_EQ(r.reason, b.reason) << k;
    } else {
      EXPECT_EQ(to, from + 1) << k;
      EXPECT_EQ(r.reason, b.reason +
                              "; lowered 1: behind no interface of assessment revision 1, "
                              "whose interfaces list every reachable component")
          << k;
      ++lowered;
    }
  }
  EXPECT_GT(raised, 0);
  EXPECT_GT(lowered, 0);
  EXPECT_GT(kept_kev, 0);  // Log4Shell in log4j-core 2.14.1
  EXPECT_GT(unchanged, 0);
  // Each change is reported (and kept in the finding's history) with the new reason.
  ASSERT_EQ(rep.releases.size(), 1u);
  std::size_t changed = 0;
  for (const auto& c : rep.releases[0].changes) {
    ASSERT_EQ(c.kind, "changed");
    const Row& b = before.at(c.finding.component_label + " " + c.finding.vuln_id);
    const Row& r = after.at(c.finding.component_label + " " + c.finding.vuln_id);
    EXPECT_EQ(c.detail,
              (b.priority != r.priority ? "priority " + b.priority + " -> " + r.priority + "; "
                                        : std::string()) +
                  "priority reason: " + r.reason);
    ++changed;
  }
  EXPECT_EQ(changed, static_cast<std::size_t>(raised + lowered + kept_kev));
}

// Facts propose, people decide: a component no interface lists is of unknown reach and keeps
// its priority unless the assessment states it unreachable, by name with a rationale.
TEST(ServiceReach, OnlyAStatementLowers) {
  ReachWorld w;
  const Rows before = w.stored();
  // A component behind no interface, not known exploited, above P4.
  std::string chosen;
  for (const auto& [k, r] : before)
    if (!r.kev && level(r.priority) < 4 && !starts(k, "express@") && !starts(k, "lodash@") &&
        !starts(k, "minimist@")) {
      chosen = k.substr(0, k.find('@'));
      break;
    }
  ASSERT_FALSE(chosen.empty());
  w.import(partial_assessment() + "reachability:\n  unreachable:\n    - {component: " + chosen +
           ", rationale: used by the build only}\n");
  w.monitor_with(w.risk.get(), "2026-11-30T03:00:00Z");
  int lowered = 0, kept = 0;
  for (const auto& [k, r] : w.stored()) {
    const Row& b = before.at(k);
    if (starts(k, chosen + "@")) {
      EXPECT_EQ(level(r.priority), level(b.priority) + 1) << k;
      EXPECT_EQ(r.reason, b.reason +
                              "; lowered 1: stated unreachable in assessment revision 1: used "
                              "by the build only")
          << k;
      ++lowered;
    } else if (!starts(k, "express@") && !starts(k, "lodash@")) {
      EXPECT_EQ(r.priority, b.priority) << k;
      EXPECT_EQ(r.reason, b.reason) << k;
      ++kept;
    }
  }
  EXPECT_GT(lowered, 0);
  EXPECT_GT(kept, 0);
  // A statement that contradicts an interface's component list is refused, naming the pointer.
  auto bad = import_assessment(
      *w.store, *w.risk,
      {"acme-gateway@3.2.0",
       partial_assessment() +
           "reachability:\n  unreachable:\n    - {component: minimist, rationale: x}\n",
       "gateway.yaml", assessment::SourceFormat::kAuto, false, "architect"},
      w.clock);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("/reachability/unreachable/0/component: 'minimist' is "
                                     "stated unreachable but an interface lists it"),
            std::string::npos)
      << bad.error().message;
}

// The product's policy (bulwark risk policy PRODUCT --set FILE) decides the stored releases'
// priorities from the next monitor on; clearing it returns to the default policy; a policy
// that does not parse is refused naming the file and line, and nothing is stored.
TEST(ServicePolicy, TheProductPolicyDecidesStoredPriorities) {
  ReachWorld w;
  const Rows before = w.stored();
  ASSERT_FALSE(before.empty());
  const std::string text =
      "class_raise: {important-1: 0, important-2: 0, critical: 0}\n"
      "rules:\n  - {name: \"everything\", priority: P1}\n";
  auto bad = set_product_policy(
      *w.store, *w.risk,
      {"acme-gateway", "rules:\n  - {name: x, priority: P9}\n", "team.yaml", "lead", false},
      w.clock);
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().message.starts_with("team.yaml:2")) << bad.error().message;
  EXPECT_TRUE(product_policy_versions(*w.store, *w.risk, "acme-gateway")->empty());
  EXPECT_FALSE(set_product_policy(*w.store, *w.risk, {"acme-gateway", text, "team.yaml", "", false},
                                  w.clock));  // who sets it is required
  EXPECT_FALSE(
      set_product_policy(*w.store, *w.risk, {"nope", text, "team.yaml", "lead", false}, w.clock));
  auto set = set_product_policy(*w.store, *w.risk,
                                {"acme-gateway", text, "team.yaml", "lead", false}, w.clock);
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->policy.version, 1);
  EXPECT_FALSE(set->unchanged);
  auto same = set_product_policy(*w.store, *w.risk,
                                 {"acme-gateway", text, "team.yaml", "lead", false}, w.clock);
  ASSERT_TRUE(same);
  EXPECT_TRUE(same->unchanged);

  w.monitor_with(w.risk.get(), "2026-11-30T03:00:00Z");
  for (const auto& [k, r] : w.stored()) {
    EXPECT_EQ(r.priority, "P1") << k;
    EXPECT_TRUE(r.reason.starts_with("everything")) << k << ": " << r.reason;
  }
  auto cleared =
      set_product_policy(*w.store, *w.risk, {"acme-gateway", "", "", "lead", true}, w.clock);
  ASSERT_TRUE(cleared) << cleared.error().message;
  EXPECT_EQ(cleared->policy.version, 2);
  w.monitor_with(w.risk.get(), "2026-11-30T04:00:00Z");
  for (const auto& [k, r] : w.stored()) {
    EXPECT_EQ(r.priority, before.at(k).priority) << k;
    EXPECT_EQ(r.reason, before.at(k).reason) << k;
  }
  auto versions = product_policy_versions(*w.store, *w.risk, "acme-gateway");
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].source, "team.yaml");
  EXPECT_EQ((*versions)[0].set_by, "lead");
  EXPECT_TRUE((*versions)[1].text.empty());
}

TEST(ServiceReach, MonitorJobAndViewAgreeWithTheMonitor) {
  ReachWorld w;
  w.import(kAssessment);
  w.monitor_with(w.risk.get(), "2026-11-30T03:00:00Z");
  const Rows monitored = w.stored();
  // A monitor job over a fresh sync of the same release gives the same rows.
  w.monitor_with(nullptr, "2026-11-30T04:00:00Z");
  auto job = run_monitor_release(
      *w.store, *w.vulns,
      R"({"release_id":)" + std::to_string(w.rel.id) + R"(,"at":"2026-11-30T05:00:00Z"})",
      w.risk.get());
  ASSERT_TRUE(job) << job.error().message;
  const Rows jobbed = w.stored();
  ASSERT_EQ(jobbed.size(), monitored.size());
  for (const auto& [k, r] : monitored) {
    EXPECT_EQ(jobbed.at(k).priority, r.priority) << k;
    EXPECT_EQ(jobbed.at(k).reason, r.reason) << k;
  }
  // The live view of the release (findings, documents) computes the same priorities.
  ViewOptions vo;
  vo.today = "2026-11-30";
  vo.show_suppressed = true;
  vo.risk = w.risk.get();
  auto view = release_view(*w.store, *w.vulns, w.product, w.rel, vo);
  ASSERT_TRUE(view) << view.error().message;
  std::size_t compared = 0;
  for (const auto& f : view->result.findings) {
    const Component& c = view->sbom.components[f.component];
    auto it = monitored.find(c.name + "@" + c.version + " " + f->id);
    if (it == monitored.end()) continue;
    EXPECT_EQ(f->priority, it->second.priority) << it->first;
    EXPECT_EQ(f->priority_reason, it->second.reason) << it->first;
    ++compared;
  }
  EXPECT_GT(compared, 0u);
}

TEST(ServiceReach, TheApprovedRevisionDecidesElseTheNewest) {
  ReachWorld w;
  auto none = release_reach(w.risk.get(), w.product, "3.2.0");
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(*none, nullptr);  // no assessment: nothing known
  w.import(kAssessment);      // revision 1, a draft: the newest decides
  auto r1 = release_reach(w.risk.get(), w.product, "3.2.0");
  ASSERT_TRUE(r1 && *r1);
  EXPECT_EQ((*r1)->revision(), 1);
  // Matched by name case-insensitively ("Express"), by purl name, nothing else.
  Component express;
  express.name = "express";
  express.purl = "pkg:npm/express@4.18.2";
  const risk::Reach* e = (*r1)->of(express);
  ASSERT_NE(e, nullptr);
  ASSERT_EQ(e->interfaces.size(), 1u);
  EXPECT_EQ(e->interfaces[0].interface, "web-ui");
  EXPECT_EQ(e->interfaces[0].asset, "credentials");
  EXPECT_EQ(e->interfaces[0].dimension, "confidentiality");
  EXPECT_EQ(e->interfaces[0].need, risk::Need::kHigh);
  Component renamed;
  renamed.name = "Lodash (bundled)";
  renamed.purl = "pkg:npm/lodash@4.17.20";
  EXPECT_EQ((*r1)->of(renamed)->interfaces.size(), 1u);
  Component other;
  other.name = "zlib";
  EXPECT_TRUE((*r1)->of(other)->interfaces.empty());
  EXPECT_NE((*r1)->of(other)->unreachable.find("whose interfaces list every reachable"),
            std::string::npos);

  // Approved revision 2, then a newer draft 3 without component lists: revision 2 decides.
  w.import(std::string(kAssessment) + "context: {intended_purpose: Gateway}\n");
  ASSERT_TRUE(review_step(*w.store, *w.risk, "acme-gateway@3.2.0", "review", "lead", "", w.clock));
  ASSERT_TRUE(review_step(*w.store, *w.risk, "acme-gateway@3.2.0", "approve", "cto", "", w.clock));
  w.import(
      "format: bulwark-risk-assessment/1\nproduct: acme-gateway\n"
      "interfaces:\n  - {id: web-ui, kind: network, exposure: internet}\n");
  auto r2 = release_reach(w.risk.get(), w.product, "3.2.0");
  ASSERT_TRUE(r2 && *r2);
  EXPECT_EQ((*r2)->revision(), 2);
  // An approved revision without component lists: no change at all.
  ASSERT_TRUE(review_step(*w.store, *w.risk, "acme-gateway@3.2.0", "review", "lead", "", w.clock));
  ASSERT_TRUE(review_step(*w.store, *w.risk, "acme-gateway@3.2.0", "approve", "cto", "", w.clock));
  auto r3 = release_reach(w.risk.get(), w.product, "3.2.0");
  ASSERT_TRUE(r3);
  EXPECT_EQ(*r3, nullptr);
}

}  // namespace
}  // namespace bulwark::service
