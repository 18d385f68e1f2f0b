// The monitor as one job per release (service/monitor_jobs.hpp) and the daily metrics rows
// (service/daily_metrics.hpp), on SQLite: the fan-out queues one keyed job per release and is
// idempotent; the release jobs together give the findings of the one-process monitor; a bad
// payload is refused naming the field; the day's metrics are written once and old days dropped.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bulwark/jobs/store.hpp"
#include "bulwark/portfolio/metrics_store.hpp"
#include "bulwark/service/daily_metrics.hpp"
#include "bulwark/service/monitor.hpp"
#include "bulwark/service/monitor_jobs.hpp"
#include "handling_world.hpp"

namespace bulwark::service {
namespace {

using nlohmann::json;
using testing::HandlingWorld;

// Releases added before the vulnerability data (nothing matched), the data imported after.
struct MonitorWorld : HandlingWorld {
  MonitorWorld() : HandlingWorld(false, false) {
    add("3.2.0", "data/sample/sbom/sample-product.cdx.json");
    add("3.3.0", "data/sample/sbom/sample-product-3.3.0.cdx.json");
    auto imp = vulns->import({"data/sample/osv", "data/sample/feeds/kev-sample.json"}, {});
    EXPECT_TRUE(imp) << imp.error().message;
  }
  std::set<std::string> open_ids(const std::string& version) {
    auto r = store->release(product.id, version);
    std::set<std::string> ids;
    auto found = store->findings((**r).id, false);
    EXPECT_TRUE(found);
    if (found)
      for (const auto& f : *found) ids.insert(f.vuln_id);
    return ids;
  }
};

TEST(MonitorJobs, FanOutQueuesOneKeyedJobPerReleaseOnce) {
  MonitorWorld w;
  auto jobs = jobs::JobStore::open_sqlite(w.db);
  ASSERT_TRUE(jobs) << jobs.error().message;
  auto m = queue_monitor(**jobs, "", w.clock);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->kind, "monitor");
  auto out = fan_out_monitor(*w.store, **jobs, *m, w.clock);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(json::parse(*out)["queued"], 2);
  // Run again (a fan-out whose lease was lost): nothing queued twice.
  auto again = fan_out_monitor(*w.store, **jobs, *m, w.clock);
  ASSERT_TRUE(again);
  EXPECT_EQ(json::parse(*again)["queued"], 0);
  auto list = (*jobs)->recent(10, "monitor.release");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  std::set<std::string> keys;
  for (const auto& j : *list) {
    keys.insert(j.concurrency_key);
    EXPECT_EQ(j.priority, 0);
  }
  EXPECT_EQ(keys,
            (std::set<std::string>{"release:acme-gateway@3.2.0", "release:acme-gateway@3.3.0"}));
  EXPECT_EQ(*(*w.store).last_monitor_run(), testing::kNow);
}

TEST(MonitorJobs, ReleaseJobsGiveTheFindingsOfTheOneProcessMonitor) {
  MonitorWorld jobs_world, one_world;
  auto jobs = jobs::JobStore::open_sqlite(jobs_world.db);
  ASSERT_TRUE(jobs);
  auto m = queue_monitor(**jobs, "", jobs_world.clock);
  ASSERT_TRUE(m);
  ASSERT_TRUE(fan_out_monitor(*jobs_world.store, **jobs, *m, jobs_world.clock));
  std::size_t added = 0;
  auto release_jobs = (*jobs)->recent(10, "monitor.release");
  ASSERT_TRUE(release_jobs);
  ASSERT_EQ(release_jobs->size(), 2u);
  for (const auto& j : *release_jobs) {
    auto r = run_monitor_release(*jobs_world.store, *jobs_world.vulns, j.payload);
    ASSERT_TRUE(r) << r.error().message;
    added += json::parse(*r)["new"].get<std::size_t>();
    // Run twice (a job taken over after a lost lease): nothing changes the second time.
    auto twice = run_monitor_release(*jobs_world.store, *jobs_world.vulns, j.payload);
    ASSERT_TRUE(twice);
    EXPECT_EQ(json::parse(*twice)["new"], 0);
  }
  MonitorRequest rq;
  auto one = monitor(*one_world.store, *one_world.vulns, rq, one_world.clock);
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_GT(added, 0u);
  EXPECT_EQ(added, one->report.added);
  for (const char* v : {"3.2.0", "3.3.0"}) EXPECT_EQ(jobs_world.open_ids(v), one_world.open_ids(v));
}

TEST(MonitorJobs, BadPayloadsAreRefusedNamingTheField) {
  MonitorWorld w;
  for (const auto& [payload, field] : std::vector<std::pair<std::string, std::string>>{
           {"[]", "JSON object"},
           {R"({"at":"2026-11-29T10:00:00Z"})", "release_id"},
           {R"({"release_id":"x","at":"2026-11-29T10:00:00Z"})", "release_id"},
           {R"({"release_id":1})", "at"}}) {
    auto r = run_monitor_release(*w.store, *w.vulns, payload);
    ASSERT_FALSE(r) << payload;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(r.error().message.find(field), std::string::npos) << r.error().message;
  }
  auto gone =
      run_monitor_release(*w.store, *w.vulns, R"({"release_id":999,"at":"2026-11-29T10:00:00Z"})");
  ASSERT_TRUE(gone);
  EXPECT_EQ(json::parse(*gone)["gone"], true);
}

TEST(DailyMetrics, OneRowPerProductAndDayAndOldDaysDropped) {
  HandlingWorld w;
  auto metrics = portfolio::MetricsStore::open_sqlite(w.db);
  ASSERT_TRUE(metrics) << metrics.error().message;
  portfolio::DailyMetrics old;
  old.day = "2024-01-01";
  old.product_id = w.product.id;
  old.recorded_at = "2024-01-01T02:00:00Z";
  ASSERT_TRUE((*metrics)->append({old}));
  auto r = record_daily_metrics(*w.store, **metrics, w.clock, 730);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->day, "2026-11-29");
  EXPECT_EQ(r->products, 1u);
  EXPECT_EQ(r->added, 1u);
  EXPECT_EQ(r->dropped, 1u);
  auto again = record_daily_metrics(*w.store, **metrics, w.clock, 730);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->added, 0u);
  auto rows = (*metrics)->range(0, "", "", 10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  const auto& m = rows->front();
  EXPECT_EQ(m.releases, 2);
  std::int64_t open = 0;
  for (const char* v : {"3.2.0", "3.3.0"}) {
    auto rel = w.store->release(w.product.id, v);
    open += static_cast<std::int64_t>((*w.store->tally_findings((**rel).id)).open);
  }
  EXPECT_GT(open, 0);
  EXPECT_EQ(m.open, open);
  EXPECT_EQ(m.critical + m.high + m.medium + m.low + m.unknown, open);
  EXPECT_EQ(m.p0 + m.p1 + m.p2 + m.p3 + m.p4, open);
}

}  // namespace
}  // namespace bulwark::service
