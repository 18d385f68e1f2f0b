// The Article 14 case use cases in process (service/cra_cases.hpp) on a temporary database with
// the sample data and a FixedClock: proposals from KEV findings, the case life cycle with its
// deadlines computed from the clock, refusals as conflicts that write nothing, dismissal, severe
// incidents, and the deadlines view (sorted, overdue counted) with its JSON.
#include "bulwark/service/cra_cases.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bulwark/service/cra_json.hpp"
#include "cra_world.hpp"

namespace bulwark::service {
namespace {

using test::at;
using test::CraWorld;

TEST(CraCases, KevFindingInReleasedReleaseProposesOneCaseOnce) {
  CraWorld w;
  w.release("3.2.0", "2026-03-02");
  auto cases = propose_cases(*w.store, *w.cra, {}, w.clock);
  ASSERT_TRUE(cases) << cases.error().message;
  ASSERT_EQ(cases->size(), 1u);
  const auto& c = (*cases)[0];
  EXPECT_EQ(c.id, "CRA-2026-0001");
  EXPECT_EQ(c.product, "acme-gateway");
  EXPECT_EQ(c.vulnerability_ids.front(), "CVE-2021-44228");
  EXPECT_EQ(c.releases, (std::vector<std::string>{"3.2.0"}));
  EXPECT_EQ(c.exploited_source, "CISA KEV");
  EXPECT_EQ(c.aware_at, at("2026-11-29T10:00:00Z"));  // awareness = the clock
  EXPECT_EQ(c.status, cra::CaseStatus::kProposed);
  ASSERT_EQ(c.audit.size(), 1u);
  EXPECT_EQ(c.audit[0].action, "propose");

  w.clock.set(at("2026-11-29T12:00:00Z"));
  auto again = propose_cases(*w.store, *w.cra, {}, w.clock);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
  auto stored = w.cra->cases(0);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->size(), 1u);
}

TEST(CraCases, UnreleasedReleasesProposeNothingAndUnknownProductIsNotFound) {
  CraWorld w;
  w.release("3.2.0", "");  // not released: no Article 14 obligation yet
  auto cases = propose_cases(*w.store, *w.cra, {"acme-gateway"}, w.clock);
  ASSERT_TRUE(cases) << cases.error().message;
  EXPECT_TRUE(cases->empty());
  auto unknown = propose_cases(*w.store, *w.cra, {"nope"}, w.clock);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST(CraCases, LifeCycleWithDeadlinesFromTheClock) {
  CraWorld w;
  w.release("3.2.0", "2026-03-02");
  ASSERT_TRUE(propose_cases(*w.store, *w.cra, {}, w.clock));
  w.clock.set(at("2026-11-29T11:30:00Z"));
  auto confirmed = confirm_case(*w.cra, "CRA-2026-0001", "psirt", w.clock);
  ASSERT_TRUE(confirmed) << confirmed.error().message;
  EXPECT_EQ(confirmed->value.status, cra::CaseStatus::kConfirmed);
  EXPECT_EQ(confirmed->updated_at, "2026-11-29T11:30:00Z");

  auto d = deadlines(*w.store, *w.cra, "", w.clock);
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->rows.size(), 3u);
  EXPECT_EQ(d->rows[0].clock.id, "A14.AEV.EW");
  EXPECT_EQ(d->rows[0].clock.due, at("2026-11-30T10:00:00Z"));  // awareness + 24 h
  EXPECT_EQ(d->rows[1].clock.due, at("2026-12-02T10:00:00Z"));  // awareness + 72 h
  EXPECT_FALSE(d->rows[2].clock.due);                           // no corrective measure yet

  w.clock.set(at("2026-11-29T16:00:00Z"));
  ASSERT_TRUE(submit_case(*w.cra, {"CRA-2026-0001", "psirt", "EW-1", cra::Stage::kEarlyWarning, {}},
                          w.clock));
  w.clock.set(at("2026-12-01T09:30:00Z"));
  auto fixed = fix_case(
      *w.cra, {"CRA-2026-0001", "psirt", "3.3.0", at("2026-12-01T10:00:00+01:00")}, w.clock);
  ASSERT_TRUE(fixed) << fixed.error().message;
  EXPECT_EQ(fixed->value.corrective_measure_at, at("2026-12-01T09:00:00Z"));
  d = deadlines(*w.store, *w.cra, "acme-gateway", w.clock);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->rows[2].clock.due, at("2026-12-15T09:00:00Z"));  // fix + 14 days

  // Close is refused before the final report (a conflict with the case's state).
  auto early = close_case(*w.cra, "CRA-2026-0001", "psirt", w.clock);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(submit_case(*w.cra, {"CRA-2026-0001", "psirt", "VN-1", cra::Stage::kNotification, {}},
                          w.clock));
  w.clock.set(at("2026-12-10T09:00:00Z"));
  ASSERT_TRUE(submit_case(*w.cra, {"CRA-2026-0001", "psirt", "FR-1", cra::Stage::kFinalReport, {}},
                          w.clock));
  auto closed = close_case(*w.cra, "CRA-2026-0001", "psirt", w.clock);
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(closed->value.status, cra::CaseStatus::kClosed);

  auto shown = show_case(*w.cra, "CRA-2026-0001", w.clock);
  ASSERT_TRUE(shown);
  ASSERT_EQ(shown->events.size(), 7u);  // propose confirm submit fix submit submit close
  EXPECT_EQ(shown->events[3].event.action, "record_corrective_measure");
  EXPECT_EQ(shown->events[6].event.action, "close");
  auto j = nlohmann::json::parse(case_show_json(*shown));
  EXPECT_EQ(j["case"]["status"], "closed");
  EXPECT_EQ(j["clocks"][2]["reference"], "FR-1");
  EXPECT_EQ(j["updated_at"], "2026-12-10T09:00:00Z");
  // Closed cases have no deadlines.
  d = deadlines(*w.store, *w.cra, "", w.clock);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->rows.empty());
}

TEST(CraCases, RefusedTransitionsWriteNothing) {
  CraWorld w;
  w.release("3.2.0", "2026-03-02");
  ASSERT_TRUE(propose_cases(*w.store, *w.cra, {}, w.clock));
  auto early =
      submit_case(*w.cra, {"CRA-2026-0001", "psirt", "X", cra::Stage::kEarlyWarning, {}}, w.clock);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  EXPECT_NE(early.error().message.find("case CRA-2026-0001"), std::string::npos);
  auto unknown = confirm_case(*w.cra, "CRA-2026-9999", "psirt", w.clock);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_NE(unknown.error().message.find("unknown case 'CRA-2026-9999'"), std::string::npos);
  auto no_actor = confirm_case(*w.cra, "CRA-2026-0001", "", w.clock);
  ASSERT_FALSE(no_actor);
  EXPECT_EQ(no_actor.error().code, ErrorCode::kInvalidInput);
  ASSERT_TRUE(confirm_case(*w.cra, "CRA-2026-0001", "psirt", w.clock));
  auto twice = confirm_case(*w.cra, "CRA-2026-0001", "psirt", w.clock);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  auto shown = show_case(*w.cra, "CRA-2026-0001", w.clock);
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->events.size(), 2u);  // propose, confirm: nothing else was written
}

TEST(CraCases, OpenByHandAndTheSameGroupTwiceIsAConflict) {
  CraWorld w;
  w.release("3.2.0", "2026-03-02");
  OpenCaseRequest req;
  req.target = "acme-gateway";
  req.vulnerabilities = {"GHSA-35jh-r3h4-6jhm"};  // lodash CVE-2021-23337 by its GHSA id
  req.source = "vendor advisory";
  req.actor = "psirt";
  req.aware_at = at("2026-11-29T08:00:00Z");
  auto opened = open_case(*w.store, *w.cra, req, w.clock);
  ASSERT_TRUE(opened) << opened.error().message;
  const auto& c = opened->stored.value;
  EXPECT_EQ(c.releases, (std::vector<std::string>{"3.2.0"}));  // the releases with the finding
  EXPECT_EQ(c.aware_at, at("2026-11-29T08:00:00Z"));
  EXPECT_EQ(c.exploited_source, "vendor advisory");
  EXPECT_EQ(c.audit[0].detail, "GHSA-35jh-r3h4-6jhm (source: vendor advisory)");
  EXPECT_FALSE(opened->assessment);
  req.vulnerabilities = {"CVE-2021-23337", "GHSA-35jh-r3h4-6jhm"};
  auto again = open_case(*w.store, *w.cra, req, w.clock);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_NE(again.error().message.find("CRA-2026-0001 already exists"), std::string::npos);

  req.target = "acme-gateway@3.2.0";
  req.vulnerabilities = {"CVE-2099-0001"};
  req.aware_at = at("2026-11-29T10:00:01Z");  // after now
  auto future = open_case(*w.store, *w.cra, req, w.clock);
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(future.error().message.find("--"), std::string::npos);  // no CLI flag named
  auto list = list_cases(*w.store, *w.cra, "", w.clock);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->cases.size(), 1u);
}

TEST(CraCases, DismissNotExploitableHasNoDeadlinesAndIsNotProposedAgain) {
  CraWorld w;
  w.release("3.2.0", "2026-03-02");
  ASSERT_TRUE(propose_cases(*w.store, *w.cra, {}, w.clock));
  auto d =
      dismiss_case(*w.cra, "CRA-2026-0001", "psirt", "not exploitable in the product", w.clock);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->value.status, cra::CaseStatus::kDismissed);
  EXPECT_TRUE(d->value.dismissed_not_exploitable);
  EXPECT_EQ(d->value.audit.back().action, "dismiss_not_exploitable");
  auto rows = deadlines(*w.store, *w.cra, "", w.clock);
  ASSERT_TRUE(rows);
  EXPECT_TRUE(rows->rows.empty());
  auto again = propose_cases(*w.store, *w.cra, {}, w.clock);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
  auto no_reason = dismiss_case(*w.cra, "CRA-2026-0001", "psirt", "x", w.clock);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().code, ErrorCode::kConflict);  // already dismissed
}

TEST(CraCases, SevereIncidentQuestionnaire) {
  CraWorld w;
  w.release("3.2.0", "2026-03-02");
  w.release("3.3.0", "");
  auto q = questionnaire_from_answers({"no", "no", "no", "yes"});
  ASSERT_TRUE(q);
  OpenCaseRequest req;
  req.target = "acme-gateway";
  req.incident = "tampered update server";
  req.questionnaire = *q;
  req.actor = "psirt";
  auto refused = open_case(*w.store, *w.cra, req, w.clock);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(refused.error().message.find("not severe"), std::string::npos);

  q = questionnaire_from_answers({"yes", "unknown", "y", "TRUE"});
  ASSERT_TRUE(q);
  req.questionnaire = *q;
  auto opened = open_case(*w.store, *w.cra, req, w.clock);
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE(opened->assessment);
  EXPECT_EQ(opened->assessment->decision, cra::SevereDecision::kSevere);
  const auto& c = opened->stored.value;
  EXPECT_EQ(c.id, "CRA-2026-0001");  // the refused one took no number
  EXPECT_EQ(c.kind, cra::CaseKind::kSevereIncident);
  EXPECT_EQ(c.releases, (std::vector<std::string>{"3.2.0"}));  // released releases only
  auto detail = nlohmann::json::parse(opened->stored.detail);
  EXPECT_EQ(detail["assessment"]["decision"], "severe");
  EXPECT_TRUE(
      detail["questionnaire"]["affects_sensitive_or_important_data_or_functions"].is_null());
  auto shown = show_case(*w.cra, c.id, w.clock);
  ASSERT_TRUE(shown);
  auto j = nlohmann::json::parse(case_show_json(*shown));
  EXPECT_EQ(j["clocks"][1]["stage_id"], "A14.SI.IN");
  EXPECT_EQ(j["clocks"][1]["due"], "2026-12-02T10:00:00Z");

  auto bad = questionnaire_from_answers({"maybe", "", "", ""});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("'maybe'"), std::string::npos);
  OpenCaseRequest both = req;
  both.vulnerabilities = {"CVE-2021-44228"};
  auto neither_nor = open_case(*w.store, *w.cra, both, w.clock);
  ASSERT_FALSE(neither_nor);
  EXPECT_EQ(neither_nor.error().code, ErrorCode::kInvalidInput);
}

TEST(CraCases, DeadlinesSortedByDueWithOverdueCounted) {
  CraWorld w;
  w.release("3.2.0", "2026-03-02");
  ASSERT_TRUE(propose_cases(*w.store, *w.cra, {}, w.clock));  // CRA-2026-0001, aware 10:00
  OpenCaseRequest req;
  req.target = "acme-gateway@3.2.0";
  req.vulnerabilities = {"CVE-2021-23337"};
  req.actor = "psirt";
  req.aware_at = at("2026-11-29T09:00:00Z");  // earlier awareness: its clocks come first
  ASSERT_TRUE(open_case(*w.store, *w.cra, req, w.clock));  // CRA-2026-0002

  auto d = deadlines(*w.store, *w.cra, "", w.clock);
  ASSERT_TRUE(d);
  ASSERT_EQ(d->rows.size(), 6u);
  std::vector<std::string> order;
  for (const auto& r : d->rows) order.push_back(d->case_of(r).id + " " + std::string(r.clock.id));
  EXPECT_EQ(order,
            (std::vector<std::string>{"CRA-2026-0002 A14.AEV.EW", "CRA-2026-0001 A14.AEV.EW",
                                      "CRA-2026-0002 A14.AEV.VN", "CRA-2026-0001 A14.AEV.VN",
                                      "CRA-2026-0001 A14.AEV.FR", "CRA-2026-0002 A14.AEV.FR"}));
  EXPECT_EQ(d->overdue, 0u);

  w.clock.set(at("2026-11-30T09:30:00Z"));  // CRA-2026-0002's early warning is overdue
  d = deadlines(*w.store, *w.cra, "", w.clock);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->overdue, 1u);
  EXPECT_EQ(d->rows[0].clock.state, cra::StageState::kOverdue);
  EXPECT_EQ(d->rows[1].clock.state, cra::StageState::kDueSoon);
  auto j = nlohmann::json::parse(deadlines_json(*d));
  EXPECT_EQ(j["schema"], "bulwark-cra-deadlines/1");
  EXPECT_EQ(j["now"], "2026-11-30T09:30:00Z");
  EXPECT_EQ(j["overdue"], 1);
  EXPECT_EQ(j["deadlines"][0]["case"], "CRA-2026-0002");
  EXPECT_EQ(j["deadlines"][0]["state"], "overdue");
  EXPECT_TRUE(j["deadlines"][0]["awaiting_confirmation"].get<bool>());
  EXPECT_TRUE(j["deadlines"][5]["due"].is_null());

  auto list = list_cases(*w.store, *w.cra, "acme-gateway", w.clock);
  ASSERT_TRUE(list);
  auto lj = nlohmann::json::parse(case_list_json(*list));
  ASSERT_EQ(lj.size(), 2u);
  EXPECT_EQ(lj[1]["aware_at"], "2026-11-29T09:00:00Z");
  EXPECT_EQ(lj[0]["source"], "CISA KEV");
}

}  // namespace
}  // namespace bulwark::service
