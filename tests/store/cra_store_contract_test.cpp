// Contract of portfolio::CraStore, run on every backend: cases saved, found and listed with their
// append-only audit trail (a trail that is not a prefix of the stored one is refused as a
// conflict, writing nothing), case ids numbered per year, transactions that roll back, the
// checklist validated before it is stored, and the product's CRA facts.
#include <gtest/gtest.h>

#include "backends.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/portfolio/cra_store.hpp"

namespace {

using bulwark::ErrorCode;
using bulwark::Result;
using bulwark::TimePoint;
namespace cra = bulwark::cra;
namespace portfolio = bulwark::portfolio;

TimePoint at(const char* s) { return *bulwark::parse_rfc3339(s); }

cra::Case proposed_case(const std::string& id) {
  cra::Case c;
  c.id = id;
  c.product = "acme-gateway";
  c.releases = {"3.2.0"};
  c.vulnerability_ids = {"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"};
  c.aware_at = at("2026-11-29T10:00:00+01:00");
  c.exploited_source = "CISA KEV";
  c.audit.push_back({c.aware_at, "bulwark", "propose", "KEV-listed finding in a released product"});
  return c;
}

class CraStoreContract : public bulwark::test::BackendTest {
 protected:
  std::unique_ptr<portfolio::CraStore> open(const std::string& loc) {
    auto s = postgresql() ? portfolio::CraStore::open_postgresql(loc)
                          : portfolio::CraStore::open_sqlite(loc);
    EXPECT_TRUE(s) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    loc_ = fresh_location();
    store_ = open(loc_);
    ASSERT_TRUE(store_);
  }
  std::string loc_;
  std::unique_ptr<portfolio::CraStore> store_;
};

TEST_P(CraStoreContract, CaseSavedFoundAndListedPerProduct) {
  auto a = proposed_case("CRA-2026-0002");
  auto b = proposed_case("CRA-2026-0001");
  b.vulnerability_ids = {"CVE-2021-23337"};
  ASSERT_TRUE(store_->save_case({a, 7, R"({"a":1})", "2026-11-29T09:00:00Z"}));
  ASSERT_TRUE(store_->save_case({b, 7, "{}", "2026-11-29T09:30:00Z"}));
  ASSERT_TRUE(store_->save_case({proposed_case("CRA-2026-0003"), 8, "{}", "t"}));

  auto got = store_->find_case("CRA-2026-0002");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->product_id, 7);
  EXPECT_EQ((*got)->detail, R"({"a":1})");
  EXPECT_EQ((*got)->updated_at, "2026-11-29T09:00:00Z");
  EXPECT_EQ((*got)->value.vulnerability_ids, a.vulnerability_ids);
  EXPECT_EQ(bulwark::format_rfc3339((*got)->value.aware_at), "2026-11-29T09:00:00Z");  // UTC
  EXPECT_EQ((*got)->value.status, cra::CaseStatus::kProposed);

  auto none = store_->find_case("CRA-2026-0099");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  auto of7 = store_->cases(7);
  ASSERT_TRUE(of7);
  ASSERT_EQ(of7->size(), 2u);
  EXPECT_EQ((*of7)[0].value.id, "CRA-2026-0001");  // ordered by id
  EXPECT_EQ((*of7)[1].value.id, "CRA-2026-0002");
  auto all = store_->cases(0);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 3u);
  auto of9 = store_->cases(9);
  ASSERT_TRUE(of9);
  EXPECT_TRUE(of9->empty());
}

TEST_P(CraStoreContract, SavingATransitionAppendsItsEvent) {
  auto c = proposed_case("CRA-2026-0001");
  ASSERT_TRUE(store_->save_case({c, 1, "{}", "2026-11-29T09:00:00Z"}));
  auto confirmed = cra::confirm(c, "psirt", at("2026-11-29T12:00:00Z"));
  ASSERT_TRUE(confirmed);
  ASSERT_TRUE(store_->save_case({*confirmed, 1, "{}", "2026-11-29T12:00:00Z"}));
  ASSERT_TRUE(store_->save_case({*confirmed, 1, "{}", "2026-11-29T12:00:00Z"}));  // idempotent
  auto events = store_->events("CRA-2026-0001");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].seq, 0);
  EXPECT_EQ((*events)[0].event.action, "propose");
  EXPECT_EQ((*events)[1].seq, 1);
  EXPECT_EQ((*events)[1].event.action, "confirm");
  EXPECT_EQ((*events)[1].event.actor, "psirt");
  EXPECT_EQ(bulwark::format_rfc3339((*events)[1].event.time), "2026-11-29T12:00:00Z");
  auto got = store_->find_case("CRA-2026-0001");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->value.status, cra::CaseStatus::kConfirmed);
  EXPECT_EQ((*got)->value.confirmed_by, "psirt");
  auto none = store_->events("CRA-2026-0404");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(CraStoreContract, TrailThatIsNotAPrefixIsAConflictAndWritesNothing) {
  auto c = proposed_case("CRA-2026-0001");
  auto confirmed = cra::confirm(c, "psirt", at("2026-11-29T12:00:00Z"));
  ASSERT_TRUE(confirmed);
  ASSERT_TRUE(store_->save_case({*confirmed, 1, "{}", "2026-11-29T12:00:00Z"}));
  // The older state (one event fewer) would shorten the history.
  auto shorter = store_->save_case({c, 1, "{}", "2026-11-29T13:00:00Z"});
  ASSERT_FALSE(shorter);
  EXPECT_EQ(shorter.error().code, ErrorCode::kConflict);
  EXPECT_NE(shorter.error().message.find("history cannot be rewritten"), std::string::npos);
  // A different event at a stored position.
  auto rewritten = *confirmed;
  rewritten.audit[1].action = "dismiss";
  rewritten.status = cra::CaseStatus::kDismissed;
  auto r = store_->save_case({rewritten, 1, "{}", "2026-11-29T13:00:00Z"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  auto got = store_->find_case("CRA-2026-0001");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->value.status, cra::CaseStatus::kConfirmed);
  EXPECT_EQ((*got)->updated_at, "2026-11-29T12:00:00Z");
  auto events = store_->events("CRA-2026-0001");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].event.action, "confirm");
}

TEST_P(CraStoreContract, CaseWithoutIdOrProductIsRefused) {
  auto no_id = store_->save_case({proposed_case(""), 1, "{}", "t"});
  ASSERT_FALSE(no_id);
  EXPECT_EQ(no_id.error().code, ErrorCode::kInvalidInput);
  auto no_product = store_->save_case({proposed_case("CRA-2026-0001"), 0, "{}", "t"});
  ASSERT_FALSE(no_product);
  EXPECT_EQ(no_product.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(no_product.error().message.find("CRA-2026-0001"), std::string::npos);
  auto all = store_->cases(0);
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());
}

TEST_P(CraStoreContract, NextCaseIdIsPerYear) {
  auto first = store_->next_case_id("2026");
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, "CRA-2026-0001");
  ASSERT_TRUE(store_->save_case({proposed_case("CRA-2026-0001"), 1, "{}", "t"}));
  ASSERT_TRUE(store_->save_case({proposed_case("CRA-2026-0007"), 1, "{}", "t"}));
  ASSERT_TRUE(store_->save_case({proposed_case("CRA-2025-0042"), 1, "{}", "t"}));
  auto next = store_->next_case_id("2026");
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, "CRA-2026-0008");  // after the highest number of that year
  auto other = store_->next_case_id("2027");
  ASSERT_TRUE(other);
  EXPECT_EQ(*other, "CRA-2027-0001");
  auto old = store_->next_case_id("2025");
  ASSERT_TRUE(old);
  EXPECT_EQ(*old, "CRA-2025-0043");
}

TEST_P(CraStoreContract, FailedTransactionWritesNothing) {
  auto r = store_->transaction([&]() -> Result<void> {
    if (auto s = store_->save_case({proposed_case("CRA-2026-0001"), 1, "{}", "t"}); !s) return s;
    return store_->save_case({proposed_case("CRA-2026-0002"), 0, "{}", "t"});  // no product
  });
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("CRA-2026-0002: no product"), std::string::npos);
  auto all = store_->cases(0);
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());
  auto events = store_->events("CRA-2026-0001");
  ASSERT_TRUE(events);
  EXPECT_TRUE(events->empty());
  // A transaction that succeeds keeps both.
  ASSERT_TRUE(store_->transaction([&]() -> Result<void> {
    if (auto s = store_->save_case({proposed_case("CRA-2026-0001"), 1, "{}", "t"}); !s) return s;
    return store_->save_case({proposed_case("CRA-2026-0002"), 1, "{}", "t"});
  }));
  all = store_->cases(0);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
}

TEST_P(CraStoreContract, ChecklistValidatedBeforeItIsStored) {
  auto empty = store_->checklist(3);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  auto items = cra::default_checklist();
  ASSERT_EQ(items.size(), 22u);
  items[1].applicable = false;  // AI.P1.2a without a justification: invalid
  auto bad = store_->save_checklist(3, items, "2026-11-29T10:00:00Z");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  auto still = store_->checklist(3);
  ASSERT_TRUE(still);
  EXPECT_TRUE(still->empty());

  items[1].justification = "no network interface";
  items[3].status = cra::ItemStatus::kMet;
  items[3].owner = "alice";
  items[3].evidence.push_back({"url", "https://acme.example/updates", "signed OTA", false});
  ASSERT_TRUE(store_->save_checklist(3, items, "2026-11-29T10:00:00Z"));
  auto got = store_->checklist(3);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 22u);
  EXPECT_FALSE((*got)[1].applicable);
  EXPECT_EQ((*got)[1].justification, "no network interface");
  EXPECT_EQ((*got)[3].status, cra::ItemStatus::kMet);
  EXPECT_EQ((*got)[3].owner, "alice");
  ASSERT_EQ((*got)[3].evidence.size(), 1u);
  EXPECT_EQ((*got)[3].evidence[0].uri, "https://acme.example/updates");
  EXPECT_FALSE((*got)[3].evidence[0].automatic);
  auto other = store_->checklist(4);  // per product
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TEST_P(CraStoreContract, ProductFactsRoundTrip) {
  auto none = store_->product(5);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  portfolio::CraProduct p;
  p.product_id = 5;
  p.category_item = "AIII.C1.2";
  p.harmonised_standard_applied = true;
  p.member_states = {"AT", "DE"};
  p.cvd_policy_url = "https://acme.example/security/policy";
  p.manufacturer_address = "Hauptstr. 1, 10115 Berlin";
  p.updated_at = "2026-11-29T10:00:00Z";
  ASSERT_TRUE(store_->save_product(p));
  p.member_states = {"AT", "DE", "FR"};  // replaced, not added
  ASSERT_TRUE(store_->save_product(p));
  auto got = store_->product(5);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->category_item, "AIII.C1.2");
  EXPECT_TRUE((*got)->harmonised_standard_applied);
  EXPECT_EQ((*got)->member_states, (std::vector<std::string>{"AT", "DE", "FR"}));
  EXPECT_EQ((*got)->cvd_policy_url, "https://acme.example/security/policy");
  EXPECT_EQ((*got)->manufacturer_address, "Hauptstr. 1, 10115 Berlin");
  EXPECT_EQ((*got)->updated_at, "2026-11-29T10:00:00Z");
  p.product_id = 0;
  auto bad = store_->save_product(p);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

TEST_P(CraStoreContract, ReopenedStoreKeepsEverything) {
  ASSERT_TRUE(store_->save_case({proposed_case("CRA-2026-0001"), 1, "{}", "t"}));
  store_.reset();
  auto again = open(loc_);
  ASSERT_TRUE(again);
  auto got = again->find_case("CRA-2026-0001");
  ASSERT_TRUE(got && *got);
  auto events = again->events("CRA-2026-0001");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 1u);
  auto next = again->next_case_id("2026");
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, "CRA-2026-0002");
}

INSTANTIATE_TEST_SUITE_P(Backends, CraStoreContract,
                         ::testing::ValuesIn(bulwark::test::store_backends()),
                         bulwark::test::backend_name);

}  // namespace
