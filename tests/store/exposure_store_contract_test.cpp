// Contract of portfolio::ExposureStore, run on every backend: runs numbered per release, the
// newest found again with its report, listings without reports, runs kept apart per product and
// release, invalid runs refused, and the database refusing UPDATE and DELETE (append-only).
#include <gtest/gtest.h>

#include "backends.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "raw_db.hpp"

namespace {

using bulwark::ErrorCode;
namespace portfolio = bulwark::portfolio;

class ExposureStoreContract : public bulwark::test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    loc_ = fresh_location();
    auto s = open();
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }
  bulwark::Result<std::unique_ptr<portfolio::ExposureStore>> open() {
    return postgresql() ? portfolio::ExposureStore::open_postgresql(loc_)
                        : portfolio::ExposureStore::open_sqlite(loc_);
  }
  static portfolio::ExposureRun run(std::int64_t product, const std::string& release,
                                    const std::string& report, std::int64_t fails = 0) {
    portfolio::ExposureRun r;
    r.product_id = product;
    r.release = release;
    r.recorded_at = "2026-12-01T09:00:00Z";
    r.target = "firmware.tar";
    r.catalogue_version = "1.1.0";
    r.catalogue_sha256 = std::string(64, 'a');
    r.fail = fails;
    r.pass = 30;
    r.not_applicable = 2;
    r.indeterminate = 1;
    r.worst = fails ? "high" : "";
    r.report_sha256 = std::string(64, 'b');
    r.report = report;
    return r;
  }
  std::string loc_;
  std::unique_ptr<portfolio::ExposureStore> store_;
};

TEST_P(ExposureStoreContract, RunsNumberedPerReleaseAndNewestFound) {
  auto none = store_->latest(7, "1.0.0");
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_FALSE(*none);
  auto a = store_->add_run(run(7, "1.0.0", R"({"n":1})", 3));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->seq, 1);
  auto b = store_->add_run(run(7, "1.0.0", R"({"n":2})"));
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->seq, 2);
  ASSERT_TRUE(store_->add_run(run(7, "0.9.0", R"({"n":3})", 1)));
  ASSERT_TRUE(store_->add_run(run(8, "1.0.0", R"({"n":4})", 5)));
  auto latest = store_->latest(7, "1.0.0");
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->seq, 2);
  EXPECT_EQ((*latest)->report, R"({"n":2})");
  EXPECT_EQ((*latest)->fail, 0);
  EXPECT_EQ((*latest)->pass, 30);
  EXPECT_EQ((*latest)->not_applicable, 2);
  EXPECT_EQ((*latest)->indeterminate, 1);
  EXPECT_EQ((*latest)->worst, "");
  EXPECT_EQ((*latest)->target, "firmware.tar");
  EXPECT_EQ((*latest)->catalogue_version, "1.1.0");
  EXPECT_EQ((*latest)->catalogue_sha256, std::string(64, 'a'));
  EXPECT_EQ((*latest)->report_sha256, std::string(64, 'b'));
  EXPECT_EQ((*latest)->recorded_at, "2026-12-01T09:00:00Z");
  auto other = store_->latest(8, "1.0.0");
  ASSERT_TRUE(other && *other);
  EXPECT_EQ((*other)->seq, 1);
  EXPECT_EQ((*other)->fail, 5);
  EXPECT_EQ((*other)->worst, "high");
}

TEST_P(ExposureStoreContract, ListingsOrderedAndWithoutReportsUnlessAsked) {
  ASSERT_TRUE(store_->add_run(run(7, "1.0.0", "{}")));
  ASSERT_TRUE(store_->add_run(run(7, "0.9.0", R"({"x":1})")));
  ASSERT_TRUE(store_->add_run(run(7, "1.0.0", R"({"x":2})")));
  auto all = store_->runs(7, "", false);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].release, "0.9.0");
  EXPECT_EQ((*all)[1].release, "1.0.0");
  EXPECT_EQ((*all)[1].seq, 1);
  EXPECT_EQ((*all)[2].seq, 2);
  for (const auto& r : *all) EXPECT_TRUE(r.report.empty());
  auto one = store_->runs(7, "1.0.0", true);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 2u);
  EXPECT_EQ((*one)[1].report, R"({"x":2})");
  EXPECT_TRUE(store_->runs(9, "", true)->empty());
}

TEST_P(ExposureStoreContract, InvalidRunsRefused) {
  for (auto bad : {run(0, "1.0.0", "{}"), run(7, "", "{}"), run(7, "1.0.0", "")}) {
    auto r = store_->add_run(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput) << r.error().message;
  }
  auto no_time = run(7, "1.0.0", "{}");
  no_time.recorded_at.clear();
  EXPECT_FALSE(store_->add_run(no_time));
  EXPECT_TRUE(store_->runs(7, "", false)->empty());
}

TEST_P(ExposureStoreContract, TheDatabaseRefusesToRewriteRuns) {
  ASSERT_TRUE(store_->add_run(run(7, "1.0.0", "{}", 2)));
  for (const char* sql : {"UPDATE exposure_run SET fail = 0", "DELETE FROM exposure_run"})
    EXPECT_TRUE(bulwark::test::raw_exec(loc_, sql)) << sql;
  EXPECT_EQ((*store_->latest(7, "1.0.0"))->fail, 2);
}

TEST_P(ExposureStoreContract, ReopeningKeepsRunsAndSchema) {
  ASSERT_TRUE(store_->add_run(run(7, "1.0.0", "{}")));
  store_.reset();
  auto again = open();
  ASSERT_TRUE(again) << again.error().message;
  auto r = (*again)->add_run(run(7, "1.0.0", "{}"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->seq, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, ExposureStoreContract,
                         ::testing::ValuesIn(bulwark::test::store_backends()),
                         bulwark::test::backend_name);

}  // namespace
