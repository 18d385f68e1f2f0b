// Annex I evidence from stored exposure results (cra/exposure_evidence.hpp): the rule per point
// (not met on an unwaived high/critical fail, met without medium+ fails and with a pass, open
// otherwise), waived fails never counting, the product view over several releases, and the
// open result without any stored report.
#include <gtest/gtest.h>

#include "bulwark/cra/exposure_evidence.hpp"

namespace bulwark::cra {
namespace {

const HookResult& point(const std::vector<HookResult>& hooks, std::string_view id) {
  for (const auto& h : hooks)
    if (h.id == id) return h;
  static HookResult none;
  ADD_FAILURE() << "no hook " << id;
  return none;
}

TEST(CraExposureEvidence, RulePerPoint) {
  ReleaseExposureFact r{"1.0", "exposure.json (run 1)", "fw.tar", {}};
  r.observations = {
      {"EXP.BIN.NX", "AI.P1.2k", "fail", 3, "usr/bin/a", false},
      {"EXP.BIN.PIE", "AI.P1.2k", "pass", 2, "usr/bin/a", false},
      {"EXP.SVC.TELNET", "AI.P1.2d AI.P1.2e", "fail", 3, "etc/inittab", true},  // waived
      {"EXP.ACC.EMPTYPW", "AI.P1.2b AI.P1.2d", "pass", 4, "etc/shadow", false},
      {"EXP.FS.SUID", "AI.P1.2j", "fail", 2, "bin/busybox", false},
      {"EXP.LOG.DAEMON", "AI.P1.2l", "pass", 1, "", false},
  };
  auto hooks = check_exposure({r});
  ASSERT_EQ(hooks.size(), exposure_points().size());
  EXPECT_EQ(point(hooks, "AI.P1.2k").status, ItemStatus::kNotMet);
  ASSERT_EQ(point(hooks, "AI.P1.2k").problems.size(), 1u);
  EXPECT_EQ(point(hooks, "AI.P1.2k").problems[0], "1.0: high EXP.BIN.NX failed (usr/bin/a)");
  EXPECT_EQ(point(hooks, "AI.P1.2d").status, ItemStatus::kMet);  // telnet waived
  EXPECT_NE(point(hooks, "AI.P1.2d").summary.find("1 waived"), std::string::npos);
  EXPECT_EQ(point(hooks, "AI.P1.2e").status, ItemStatus::kOpen);  // only a waived fail, no pass
  EXPECT_EQ(point(hooks, "AI.P1.2j").status, ItemStatus::kOpen);  // a medium fail
  EXPECT_EQ(point(hooks, "AI.P1.2l").status, ItemStatus::kMet);
  EXPECT_TRUE(point(hooks, "AI.P1.2l").evidence.automatic);
  EXPECT_EQ(point(hooks, "AI.P1.2l").evidence.kind, "test_report");
  EXPECT_EQ(point(hooks, "AI.P1.2l").evidence.uri, "exposure.json (run 1)");
}

TEST(CraExposureEvidence, WithoutResultsEveryPointIsOpen) {
  auto hooks = check_exposure({});
  ASSERT_EQ(hooks.size(), 6u);
  for (const auto& h : hooks) {
    EXPECT_EQ(h.status, ItemStatus::kOpen) << h.id;
    EXPECT_NE(h.summary.find("no exposure result stored"), std::string::npos);
  }
}

TEST(CraExposureEvidence, ProductViewOverReleasesAndProblemCap) {
  ReleaseExposureFact a{"1.0", "", "", {}}, b{"2.0", "", "", {}};
  for (int i = 0; i < 40; ++i)
    a.observations.push_back(
        {"EXP.BIN.NX", "AI.P1.2k", "fail", 4, "bin/p" + std::to_string(i), false});
  b.observations.push_back({"EXP.BIN.NX", "AI.P1.2k", "pass", 3, "bin/p", false});
  auto hooks = check_exposure({a, b});
  const auto& k = point(hooks, "AI.P1.2k");
  EXPECT_EQ(k.status, ItemStatus::kNotMet);
  ASSERT_EQ(k.problems.size(), 26u);  // 25 listed and "... 15 more"
  EXPECT_EQ(k.problems.back(), "... 15 more");
  EXPECT_NE(k.summary.find("2 releases"), std::string::npos);
  EXPECT_EQ(k.evidence.uri, "");  // several reports: no single reference
}

}  // namespace
}  // namespace bulwark::cra
