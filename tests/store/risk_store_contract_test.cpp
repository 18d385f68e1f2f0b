// Contract of portfolio::RiskStore, run on every backend: revisions numbered per release and
// found again, review state moving forward while content, author and source stay immutable, the
// append-only history (a history that is not a prefix of the stored one is refused, and the
// database refuses UPDATE and DELETE), proposal decisions recorded once, product policy versions
// append-only, transactions that roll back.
#include <gtest/gtest.h>

#include "backends.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "raw_db.hpp"

namespace {

using bulwark::ErrorCode;
using bulwark::TimePoint;
namespace assessment = bulwark::assessment;
namespace portfolio = bulwark::portfolio;

TimePoint at(const char* s) { return *bulwark::parse_rfc3339(s); }

class RiskStoreContract : public bulwark::test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    loc_ = fresh_location();
    auto s = open_risk();
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }
  bulwark::Result<std::unique_ptr<portfolio::RiskStore>> open_risk() {
    return postgresql() ? portfolio::RiskStore::open_postgresql(loc_)
                        : portfolio::RiskStore::open_sqlite(loc_);
  }
  bulwark::Result<std::unique_ptr<portfolio::Store>> open_portfolio() {
    return postgresql() ? portfolio::Store::open_postgresql(loc_)
                        : portfolio::Store::open_sqlite(loc_);
  }
  assessment::Revision draft(const std::string& release, int n) {
    return *assessment::create_revision("acme-gateway", release, n, R"({"threats":[]})",
                                        "model.json (threat-dragon)", "alice",
                                        at("2026-12-01T09:00:00Z"));
  }
  std::string loc_;
  std::unique_ptr<portfolio::RiskStore> store_;
};

TEST_P(RiskStoreContract, RevisionsNumberedPerReleaseAndFound) {
  auto n = store_->next_revision(7, "3.3.0");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  ASSERT_TRUE(store_->save_revision({7, draft("3.3.0", 1)}));
  ASSERT_TRUE(store_->save_revision({7, draft("3.3.0", 2)}));
  ASSERT_TRUE(store_->save_revision({7, draft("3.2.0", 1)}));
  ASSERT_TRUE(store_->save_revision({8, draft("3.3.0", 1)}));
  EXPECT_EQ(*store_->next_revision(7, "3.3.0"), 3);
  auto got = store_->find_revision(7, "3.3.0", 2);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->value.author, "alice");
  EXPECT_EQ((*got)->value.state, assessment::ReviewState::kDraft);
  EXPECT_EQ((*got)->value.source, "model.json (threat-dragon)");
  ASSERT_EQ((*got)->value.history.size(), 1u);
  EXPECT_EQ((*got)->value.history[0].action, "create");
  EXPECT_EQ(bulwark::format_rfc3339(*(*got)->value.created_at), "2026-12-01T09:00:00Z");
  auto none = store_->find_revision(7, "3.3.0", 9);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto of = store_->revisions(7, "3.3.0");
  ASSERT_TRUE(of);
  ASSERT_EQ(of->size(), 2u);
  EXPECT_EQ((*of)[1].value.number, 2);
  auto all = store_->revisions(7, "");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].value.release, "3.2.0");
  EXPECT_FALSE(store_->save_revision({0, draft("3.3.0", 3)}));
}

TEST_P(RiskStoreContract, ReviewStateMovesForwardContentIsImmutable) {
  auto r = draft("3.3.0", 1);
  ASSERT_TRUE(store_->save_revision({7, r}));
  auto reviewed = assessment::review(r, "bob", "ok", at("2026-12-01T10:00:00Z"));
  ASSERT_TRUE(reviewed);
  ASSERT_TRUE(store_->save_revision({7, *reviewed}));
  auto approved = assessment::approve(*reviewed, "carol", "", at("2026-12-01T11:00:00Z"));
  ASSERT_TRUE(approved);
  ASSERT_TRUE(store_->save_revision({7, *approved}));
  auto got = store_->find_revision(7, "3.3.0", 1);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->value.state, assessment::ReviewState::kApproved);
  EXPECT_EQ((*got)->value.reviewer, "bob");
  EXPECT_EQ((*got)->value.approver, "carol");
  ASSERT_EQ((*got)->value.history.size(), 3u);
  auto hist = store_->history(7, "3.3.0");
  ASSERT_TRUE(hist);
  ASSERT_EQ(hist->size(), 3u);
  EXPECT_EQ((*hist)[2].event.actor, "carol");
  EXPECT_EQ((*hist)[2].seq, 2);

  // Changing the content of a stored revision is a conflict; nothing is written.
  auto changed = *approved;
  changed.content = R"({"threats":[{"id":"T1"}]})";
  auto c = store_->save_revision({7, changed});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kConflict);
  // A history that is not a prefix of the stored one is refused.
  auto rewritten = *approved;
  rewritten.history.erase(rewritten.history.begin() + 1);
  auto h = store_->save_revision({7, rewritten});
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->history(7, "3.3.0")->size(), 3u);
}

TEST_P(RiskStoreContract, TheDatabaseRefusesToRewriteHistory) {
  ASSERT_TRUE(store_->save_revision({7, draft("3.3.0", 1)}));
  for (const char* sql :
       {"UPDATE risk_event SET actor = 'mallory'", "DELETE FROM risk_event",
        "UPDATE risk_revision SET content = '{}'", "UPDATE risk_revision SET author = 'mallory'",
        "DELETE FROM risk_revision"})
    EXPECT_TRUE(bulwark::test::raw_exec(loc_, sql)) << sql;
  // The review state may move (the store's own update).
  auto moved = bulwark::test::raw_exec(loc_, "UPDATE risk_revision SET state = 'reviewed'");
  EXPECT_FALSE(moved) << *moved;
}

TEST_P(RiskStoreContract, DecisionsRecordedOnce) {
  portfolio::ProposalDecision d{7,       "3.3.0", "threat:eol:openssl",   "accepted",
                                "alice", "",      "2026-12-01T10:00:00Z", 3};
  ASSERT_TRUE(store_->save_decision(d));
  auto again = store_->save_decision(d);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  d.key = "threat:catalogue:CAT-ROUTER-2";
  d.decision = "maybe";
  EXPECT_FALSE(store_->save_decision(d));
  d.decision = "rejected";
  d.reason = "no routing";
  ASSERT_TRUE(store_->save_decision(d));
  auto all = store_->decisions(7, "3.3.0");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].key, "threat:catalogue:CAT-ROUTER-2");
  EXPECT_EQ((*all)[1].revision, 3);
  EXPECT_TRUE(store_->decisions(7, "3.2.0")->empty());
}

TEST_P(RiskStoreContract, PolicyVersionsAppendOnly) {
  EXPECT_TRUE(store_->policies(7)->empty());
  portfolio::StoredPolicy v1{
      7, 1, "deadlines: {P2: 20}\n", "policy.yaml", "alice", "2026-12-01T10:00:00Z"};
  ASSERT_TRUE(store_->save_policy(v1));
  auto again = store_->save_policy(v1);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(store_->save_policy({7, 0, "", "", "alice", ""}));           // no version
  EXPECT_FALSE(store_->save_policy({7, 2, "", "", "", ""}));                // nobody set it
  portfolio::StoredPolicy v2{7, 2, "", "", "bob", "2026-12-02T10:00:00Z"};  // cleared
  ASSERT_TRUE(store_->save_policy(v2));
  ASSERT_TRUE(store_->save_policy({8, 1, "rules: []\n", "other.yaml", "carol", "2026-12-03"}));
  auto all = store_->policies(7);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0], v1);
  EXPECT_EQ((*all)[1], v2);
  // The database itself refuses to rewrite or remove a version.
  EXPECT_TRUE(bulwark::test::raw_exec(loc_, "UPDATE risk_policy SET text = 'rules: []'"));
  EXPECT_TRUE(bulwark::test::raw_exec(loc_, "DELETE FROM risk_policy"));
  EXPECT_EQ(store_->policies(7)->size(), 2u);
}

TEST_P(RiskStoreContract, TransactionsRollBack) {
  auto r = store_->transaction([&]() -> bulwark::Result<void> {
    if (auto s = store_->save_revision({7, draft("3.3.0", 1)}); !s) return s;
    return bulwark::conflict("stop");
  });
  ASSERT_FALSE(r);
  EXPECT_TRUE(store_->revisions(7, "")->empty());
  EXPECT_TRUE(store_->history(7, "")->empty());
}

TEST_P(RiskStoreContract, MigratesOnceBesideTheOtherStores) {
  ASSERT_TRUE(store_->save_revision({7, draft("3.3.0", 1)}));
  store_.reset();
  for (int i = 0; i < 2; ++i) {
    auto p = open_portfolio();
    ASSERT_TRUE(p) << p.error().message;
    auto r = open_risk();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)->revisions(7, "")->size(), 1u);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RiskStoreContract,
                         ::testing::ValuesIn(bulwark::test::store_backends()),
                         bulwark::test::backend_name);

}  // namespace
