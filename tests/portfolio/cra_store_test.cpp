// CRA persistence: cases round-trip with their audit trail, the trail is append-only (the
// database refuses updates and deletes; the store refuses a rewritten history), every write is
// atomic, and checklist / product facts round-trip.
#include <gtest/gtest.h>

#include "bulwark/core/clock.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/vulndb/sqlite.hpp"
#include "shared.hpp"

namespace bulwark::portfolio {
namespace {

TimePoint at(const char* s) { return *parse_rfc3339(s); }

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

class CraStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (tmp_.path() / "bulwark.db").string();
    auto s = CraStore::open(path_);
    ASSERT_TRUE(s) << s.error().message;
    store_.emplace(std::move(*s));
  }
  test::TempDir tmp_;
  std::string path_;
  std::optional<CraStore> store_;
};

TEST_F(CraStoreTest, CaseRoundTripWithEvents) {
  auto id = store_->next_case_id("2026");
  ASSERT_TRUE(id);
  EXPECT_EQ(*id, "CRA-2026-0001");
  auto c = proposed_case(*id);
  ASSERT_TRUE(store_->save_case({c, 7, R"({"a":1})", "2026-11-29T09:00:00Z"}));
  auto confirmed = cra::confirm(c, "psirt", at("2026-11-29T12:00:00Z"));
  ASSERT_TRUE(confirmed) << confirmed.error().message;
  ASSERT_TRUE(store_->save_case({*confirmed, 7, R"({"a":1})", "2026-11-29T12:00:00Z"}));

  auto got = store_->find_case(*id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->product_id, 7);
  EXPECT_EQ((*got)->detail, R"({"a":1})");
  EXPECT_EQ((*got)->value.status, cra::CaseStatus::kConfirmed);
  EXPECT_EQ((*got)->value.confirmed_by, "psirt");
  EXPECT_EQ(format_rfc3339((*got)->value.aware_at), "2026-11-29T09:00:00Z");  // stored in UTC
  EXPECT_EQ((*got)->value.vulnerability_ids, c.vulnerability_ids);

  auto events = store_->events(*id);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].event.action, "propose");
  EXPECT_EQ((*events)[1].event.action, "confirm");
  EXPECT_EQ((*events)[1].event.actor, "psirt");
  EXPECT_EQ((*events)[1].seq, 1);

  auto next = store_->next_case_id("2026");
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, "CRA-2026-0002");
  auto none = store_->find_case("CRA-2026-0099");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto by_product = store_->cases(7);
  auto other = store_->cases(8);
  ASSERT_TRUE(by_product && other);
  EXPECT_EQ(by_product->size(), 1u);
  EXPECT_EQ(other->size(), 0u);
}

TEST_F(CraStoreTest, AuditTrailIsAppendOnly) {
  auto c = proposed_case("CRA-2026-0001");
  auto confirmed = cra::confirm(c, "psirt", at("2026-11-29T12:00:00Z"));
  ASSERT_TRUE(confirmed);
  ASSERT_TRUE(store_->save_case({*confirmed, 1, "{}", "2026-11-29T12:00:00Z"}));
  // Saving the older state (one event fewer) would shorten the history: refused, nothing changes.
  auto shorter = store_->save_case({c, 1, "{}", "2026-11-29T13:00:00Z"});
  ASSERT_FALSE(shorter);
  EXPECT_NE(shorter.error().message.find("history cannot be rewritten"), std::string::npos);
  // A different event at a stored position is refused too.
  auto rewritten = *confirmed;
  rewritten.audit[1].action = "dismiss";
  EXPECT_FALSE(store_->save_case({rewritten, 1, "{}", "2026-11-29T13:00:00Z"}));
  auto got = store_->find_case("CRA-2026-0001");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->value.status, cra::CaseStatus::kConfirmed);

  // The database itself refuses updates and deletes of the audit table.
  auto db = vulndb::detail::Database::open(path_);
  ASSERT_TRUE(db);
  auto upd = db->exec("UPDATE cra_case_event SET actor = 'mallory'");
  ASSERT_FALSE(upd);
  EXPECT_NE(upd.error().message.find("append-only"), std::string::npos);
  EXPECT_FALSE(db->exec("DELETE FROM cra_case_event"));
  auto events = store_->events("CRA-2026-0001");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].event.actor, "psirt");
}

TEST_F(CraStoreTest, FailedTransactionWritesNothing) {
  auto a = proposed_case("CRA-2026-0001");
  auto b = proposed_case("CRA-2026-0002");
  auto r = store_->transaction([&]() -> Result<void> {
    if (auto s = store_->save_case({a, 1, "{}", "t"}); !s) return s;
    return store_->save_case({b, 0, "{}", "t"});  // no product: fails
  });
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("CRA-2026-0002: no product"), std::string::npos);
  auto all = store_->cases(0);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 0u);
  auto events = store_->events("CRA-2026-0001");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 0u);
}

TEST_F(CraStoreTest, ChecklistValidatedAndRoundTrips) {
  auto items = cra::default_checklist();
  ASSERT_EQ(items.size(), 22u);
  items[1].applicable = false;  // AI.P1.2a without justification: invalid
  auto bad = store_->save_checklist(3, items, "2026-11-29T10:00:00Z");
  ASSERT_FALSE(bad);
  auto empty = store_->checklist(3);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());

  items[1].justification = "no network interface";
  items[3].status = cra::ItemStatus::kMet;
  items[3].owner = "alice";
  items[3].evidence.push_back({"url", "https://acme.example/updates", "update mechanism: signed OTA", false});
  ASSERT_TRUE(store_->save_checklist(3, items, "2026-11-29T10:00:00Z"));
  auto got = store_->checklist(3);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 22u);
  EXPECT_FALSE((*got)[1].applicable);
  EXPECT_EQ((*got)[1].justification, "no network interface");
  EXPECT_EQ((*got)[3].status, cra::ItemStatus::kMet);
  ASSERT_EQ((*got)[3].evidence.size(), 1u);
  EXPECT_EQ((*got)[3].evidence[0].uri, "https://acme.example/updates");

  auto merged = merged_checklist({(*got)[3]});
  ASSERT_EQ(merged.size(), 22u);
  EXPECT_EQ(merged[3].owner, "alice");
  EXPECT_EQ(merged[4].status, cra::ItemStatus::kOpen);
}

TEST_F(CraStoreTest, ProductFactsRoundTrip) {
  auto none = store_->product(5);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  CraProduct p;
  p.product_id = 5;
  p.category_item = "AIII.C1.2";
  p.harmonised_standard_applied = true;
  p.member_states = {"AT", "DE"};
  p.cvd_policy_url = "https://acme.example/security/policy";
  p.manufacturer_address = "Hauptstr. 1, 10115 Berlin";
  ASSERT_TRUE(store_->save_product(p));
  auto got = store_->product(5);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->category_item, "AIII.C1.2");
  EXPECT_TRUE((*got)->harmonised_standard_applied);
  EXPECT_EQ((*got)->member_states, (std::vector<std::string>{"AT", "DE"}));
  EXPECT_EQ((*got)->manufacturer_address, "Hauptstr. 1, 10115 Berlin");
  p.product_id = 0;
  EXPECT_FALSE(store_->save_product(p));
}

}  // namespace
}  // namespace bulwark::portfolio
