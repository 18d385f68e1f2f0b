// Contract of portfolio::MetricsStore, run on every backend: daily rows appended once per (day,
// product) (a repeated snapshot adds nothing and changes nothing), ranges by product and day with
// a bound, retention dropping whole days, malformed rows refused with the field named, and the
// database refusing UPDATE (append-only).
#include <gtest/gtest.h>

#include "backends.hpp"
#include "bulwark/portfolio/metrics_store.hpp"
#include "raw_db.hpp"

namespace {

using bulwark::ErrorCode;
namespace portfolio = bulwark::portfolio;

class MetricsStoreContract : public bulwark::test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    loc_ = fresh_location();
    auto s = open();
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }
  bulwark::Result<std::unique_ptr<portfolio::MetricsStore>> open() {
    return postgresql() ? portfolio::MetricsStore::open_postgresql(loc_)
                        : portfolio::MetricsStore::open_sqlite(loc_);
  }
  static portfolio::DailyMetrics row(const std::string& day, std::int64_t product,
                                     std::int64_t open) {
    portfolio::DailyMetrics m;
    m.day = day;
    m.product_id = product;
    m.releases = 3;
    m.components = 1200;
    m.open = open;
    m.kev = 1;
    m.critical = 2;
    m.high = open - 2;
    m.p0 = 1;
    m.p2 = open - 1;
    m.recorded_at = day + "T02:00:00Z";
    return m;
  }
  std::string loc_;
  std::unique_ptr<portfolio::MetricsStore> store_;
};

TEST_P(MetricsStoreContract, OneRowPerDayAndProductKeptAsFirstWritten) {
  auto a = store_->append({row("2026-12-01", 1, 10), row("2026-12-01", 2, 4)});
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(*a, 2u);
  // The same day again (another server, a retried job): nothing added, nothing changed.
  auto again = store_->append({row("2026-12-01", 1, 99), row("2026-12-02", 1, 11)});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 1u);
  auto all = store_->range(0, "", "", 100);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  const auto& first = (*all)[0];
  EXPECT_EQ(first.day, "2026-12-01");
  EXPECT_EQ(first.product_id, 1);
  EXPECT_EQ(first.open, 10);
  EXPECT_EQ(first.releases, 3);
  EXPECT_EQ(first.components, 1200);
  EXPECT_EQ(first.kev, 1);
  EXPECT_EQ(first.critical, 2);
  EXPECT_EQ(first.high, 8);
  EXPECT_EQ(first.p0, 1);
  EXPECT_EQ(first.p2, 9);
  EXPECT_EQ(first.recorded_at, "2026-12-01T02:00:00Z");
  EXPECT_EQ((*all)[1].product_id, 2);
  EXPECT_EQ((*all)[2].day, "2026-12-02");
  EXPECT_EQ(*store_->append({}), 0u);
}

TEST_P(MetricsStoreContract, RangesByProductAndDayAreBounded) {
  std::vector<portfolio::DailyMetrics> rows;
  for (int d = 1; d <= 9; ++d) {
    const std::string day = "2026-11-0" + std::to_string(d);
    rows.push_back(row(day, 1, 10 + d));
    rows.push_back(row(day, 2, 20 + d));
  }
  ASSERT_TRUE(store_->append(rows));
  auto p2 = store_->range(2, "2026-11-03", "2026-11-05", 100);
  ASSERT_TRUE(p2);
  ASSERT_EQ(p2->size(), 3u);
  EXPECT_EQ((*p2)[0].open, 23);
  EXPECT_EQ((*p2)[2].open, 25);
  auto page = store_->range(1, "", "", 4);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 4u);
  EXPECT_EQ(page->back().day, "2026-11-04");
  auto next = store_->range(1, "2026-11-05", "", 4);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->front().day, "2026-11-05");
  EXPECT_TRUE(store_->range(3, "", "", 10)->empty());
}

TEST_P(MetricsStoreContract, RetentionDropsWholeDaysBeforeTheCut) {
  ASSERT_TRUE(store_->append({row("2024-01-01", 1, 5), row("2024-01-02", 1, 6),
                              row("2024-01-02", 2, 6), row("2024-01-03", 1, 7)}));
  auto dropped = store_->drop_before("2024-01-03");
  ASSERT_TRUE(dropped) << dropped.error().message;
  EXPECT_EQ(*dropped, 3u);
  auto left = store_->range(0, "", "", 10);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().day, "2024-01-03");
  auto bad = store_->drop_before("yesterday");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

TEST_P(MetricsStoreContract, MalformedRowsAreRefusedWholeWithTheFieldNamed) {
  auto neg = row("2026-12-01", 1, 1);
  neg.high = -1;
  auto no_time = row("2026-12-01", 1, 3);
  no_time.recorded_at.clear();
  const std::pair<portfolio::DailyMetrics, const char*> cases[] = {
      {row("2026-13-01", 1, 3), "day"},
      {row("2026-12-01", 0, 3), "product_id"},
      {neg, "high"},
      {no_time, "recorded_at"}};
  for (const auto& [bad, field] : cases) {
    auto r = store_->append({row("2026-12-02", 1, 3), bad});
    ASSERT_FALSE(r) << field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(r.error().message.find(field), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("row 1"), std::string::npos) << r.error().message;
  }
  EXPECT_TRUE(store_->range(0, "", "", 10)->empty());
}

TEST_P(MetricsStoreContract, TheDatabaseRefusesToRewriteRows) {
  ASSERT_TRUE(store_->append({row("2026-12-01", 1, 10)}));
  EXPECT_TRUE(bulwark::test::raw_exec(loc_, "UPDATE metrics_daily SET open_findings = 0"));
  EXPECT_EQ(store_->range(0, "", "", 10)->front().open, 10);
  // Reopened: the schema is migrated once, the row is still there.
  store_.reset();
  auto again = open();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ((*again)->range(1, "", "", 10)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, MetricsStoreContract,
                         ::testing::ValuesIn(bulwark::test::store_backends()),
                         bulwark::test::backend_name);

}  // namespace
