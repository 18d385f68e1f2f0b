#include "bulwark/cra/case.hpp"

#include <gtest/gtest.h>

namespace bulwark::cra {
namespace {

TimePoint at(const char* s) { return parse_rfc3339(s).value(); }

Case proposed() {
  Case c;
  c.id = "CRA-1";
  c.product = "acme-router";
  c.releases = {"2.1.0"};
  c.vulnerability_ids = {"CVE-2024-3094"};
  c.aware_at = at("2026-09-14T10:00:00Z");
  c.exploited_source = "CISA KEV";
  return c;
}

TEST(CraCase, ConfirmRecordsAuthorTimeAndAudit) {
  auto c = confirm(proposed(), "alice", at("2026-09-14T11:00:00Z"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->status, CaseStatus::kConfirmed);
  EXPECT_EQ(c->confirmed_by, "alice");
  EXPECT_EQ(format_rfc3339(*c->confirmed_at), "2026-09-14T11:00:00Z");
  ASSERT_EQ(c->audit.size(), 1u);
  EXPECT_EQ(c->audit[0].action, "confirm");
  EXPECT_EQ(c->audit[0].actor, "alice");
  // Confirming twice fails.
  auto again = confirm(*c, "bob", at("2026-09-14T12:00:00Z"));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("CRA-1"), std::string::npos);
}

TEST(CraCase, ConfirmRejectsEmptyActorAndFutureAwareness) {
  EXPECT_FALSE(confirm(proposed(), "", at("2026-09-14T11:00:00Z")));
  auto r = confirm(proposed(), "alice", at("2026-09-14T09:00:00Z"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("aware_at"), std::string::npos);
}

TEST(CraCase, CannotSubmitBeforeConfirm) {
  auto r = submit_stage(proposed(), Stage::kEarlyWarning, "alice", at("2026-09-14T12:00:00Z"), "",
                        at("2026-09-14T13:00:00Z"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);  // the case's state refuses it
  EXPECT_NE(r.error().message.find("confirm it first"), std::string::npos);
}

TEST(CraCase, DismissNeedsReason) {
  auto r = dismiss(proposed(), "alice", "   ", at("2026-09-14T11:00:00Z"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("dismiss_reason"), std::string::npos);
  auto ok = dismiss(proposed(), "alice", "duplicate of CRA-0", at("2026-09-14T11:00:00Z"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, CaseStatus::kDismissed);
  EXPECT_FALSE(ok->dismissed_not_exploitable);
  EXPECT_EQ(ok->audit.back().action, "dismiss");
  EXPECT_EQ(ok->audit.back().detail, "duplicate of CRA-0");
}

TEST(CraCase, DismissNotExploitableIsRecordedAsSuch) {
  auto ok =
      dismiss(proposed(), "bob", "Not exploitable in the product", at("2026-09-14T11:00:00Z"));
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->dismissed_not_exploitable);
  EXPECT_EQ(ok->audit.back().action, "dismiss_not_exploitable");
  EXPECT_EQ(ok->dismissed_by, "bob");
  // A dismissed case cannot be confirmed.
  EXPECT_FALSE(confirm(*ok, "alice", at("2026-09-14T12:00:00Z")));
}

TEST(CraCase, FullLifecycle) {
  const TimePoint now = at("2026-10-10T00:00:00Z");
  auto c = confirm(proposed(), "alice", at("2026-09-14T11:00:00Z"));
  ASSERT_TRUE(c);
  // Final report before notification is refused.
  auto early_final =
      submit_stage(*c, Stage::kFinalReport, "alice", at("2026-09-15T00:00:00Z"), "", now);
  ASSERT_FALSE(early_final);
  EXPECT_NE(early_final.error().message.find("notification must be submitted"), std::string::npos);
  c = submit_stage(*c, Stage::kEarlyWarning, "alice", at("2026-09-15T09:00:00Z"), "SRP-1", now);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->early_warning.status, StageStatus::kSubmitted);
  EXPECT_EQ(c->early_warning.reference, "SRP-1");
  // The same stage twice is refused.
  EXPECT_FALSE(
      submit_stage(*c, Stage::kEarlyWarning, "alice", at("2026-09-15T09:30:00Z"), "", now));
  // Dismissing after a submission is refused.
  EXPECT_FALSE(dismiss(*c, "alice", "oops", now));
  c = submit_stage(*c, Stage::kNotification, "alice", at("2026-09-16T09:00:00Z"), "SRP-2", now);
  ASSERT_TRUE(c);
  c = record_corrective_measure(*c, "bob", at("2026-09-20T00:00:00Z"), "release 2.1.1", now);
  ASSERT_TRUE(c);
  EXPECT_FALSE(close(*c, "alice", now));  // final report missing
  c = submit_stage(*c, Stage::kFinalReport, "alice", at("2026-10-05T00:00:00Z"), "SRP-3", now);
  ASSERT_TRUE(c);
  auto clocks = stage_clocks(*c, now);
  EXPECT_EQ(clocks[0].state, StageState::kSubmitted);
  EXPECT_EQ(clocks[1].state, StageState::kSubmitted);
  EXPECT_EQ(clocks[2].state, StageState::kSubmittedLate);  // due 2026-10-04T00:00Z
  c = close(*c, "alice", now);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->status, CaseStatus::kClosed);
  const std::vector<std::string> actions = {"confirm",
                                            "submit_early_warning",
                                            "submit_notification",
                                            "record_corrective_measure",
                                            "submit_final_report",
                                            "close"};
  ASSERT_EQ(c->audit.size(), actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) EXPECT_EQ(c->audit[i].action, actions[i]);
  EXPECT_EQ(c->audit[1].detail, "A14.AEV.EW submitted at 2026-09-15T09:00:00Z (reference SRP-1)");
}

TEST(CraCase, SubmittedTimeCannotBeInTheFutureOrBeforeAwareness) {
  auto c = confirm(proposed(), "alice", at("2026-09-14T11:00:00Z"));
  ASSERT_TRUE(c);
  auto fut = submit_stage(*c, Stage::kEarlyWarning, "alice", at("2026-09-14T13:00:01Z"), "",
                          at("2026-09-14T13:00:00Z"));
  ASSERT_FALSE(fut);
  EXPECT_NE(fut.error().message.find("in the future"), std::string::npos);
  auto before = submit_stage(*c, Stage::kEarlyWarning, "alice", at("2026-09-14T09:00:00Z"), "",
                             at("2026-09-14T13:00:00Z"));
  ASSERT_FALSE(before);
  EXPECT_NE(before.error().message.find("before awareness"), std::string::npos);
}

TEST(CraCase, CorrectiveMeasureValidation) {
  const TimePoint now = at("2026-09-20T00:00:00Z");
  EXPECT_FALSE(
      record_corrective_measure(proposed(), "bob", at("2026-09-21T00:00:00Z"), "fix", now));
  EXPECT_FALSE(record_corrective_measure(proposed(), "bob", at("2026-09-19T00:00:00Z"), "", now));
  auto ok = record_corrective_measure(proposed(), "bob", at("2026-09-19T00:00:00Z"), "fix", now);
  ASSERT_TRUE(ok);
  EXPECT_EQ(format_rfc3339(*compute_deadlines(clock_input(*ok)).final_report),
            "2026-10-03T00:00:00Z");
}

TEST(CraCase, StatusNamesRoundTrip) {
  for (auto s :
       {CaseStatus::kProposed, CaseStatus::kConfirmed, CaseStatus::kDismissed, CaseStatus::kClosed})
    EXPECT_EQ(case_status_from_string(to_string(s)), s);
  EXPECT_EQ(stage_status_from_string("submitted"), StageStatus::kSubmitted);
}

}  // namespace
}  // namespace bulwark::cra
