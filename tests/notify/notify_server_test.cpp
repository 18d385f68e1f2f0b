// Notifications through the team server (App::handle on a real SQLite database, no sockets):
// the /notification-rules API (administer only; problem+json naming the field), and the path
// from an SBOM upload processed by a worker (run_one_job) to a loopback webhook receiver: the
// job's findings write puts the notifications in the outbox, the delivery pass sends them
// signed; an SBOM job that fails for good notifies sbom.failed. Latency printed, not asserted.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "app_world.hpp"
#include "bulwark/accounts/store.hpp"
#include "bulwark/core/base64.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/jobs/store.hpp"
#include "bulwark/notify/render.hpp"
#include "bulwark/notify/store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/server/server.hpp"
#include "bulwark/service/access.hpp"
#include "bulwark/service/notify.hpp"
#include "bulwark/vulndb/store.hpp"
#include "loopback.hpp"
#include "shared.hpp"

namespace bulwark::server {
namespace {

using nlohmann::json;
using test::source_dir;

class NotifyServer : public ::testing::Test, protected test::AppWorld {
 protected:
  NotifyServer() : AppWorld("2026-12-07T01:00:00Z") {}
  void SetUp() override {
    open_world();
    if (HasFatalFailure()) return;
    admin = key_for("admins", {"administer"});
    uploader = key_for("ci", {"upload", "view"});
    start_app();
    auto n = notify::Store::open_sqlite(db);
    ASSERT_TRUE(n);
    outbox = std::move(*n);
  }

  std::string put_bom(const std::string& bom) {
    auto r = call("PUT", "/api/v1/bom", uploader,
                  json{{"projectName", "acme-gateway"},
                       {"projectVersion", "3.2.0"},
                       {"autoCreate", "true"},
                       {"bom", base64_encode(bom)}}
                      .dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body)["token"].get<std::string>() : "";
  }

  std::unique_ptr<notify::Store> outbox;
  std::string admin, uploader;
};

TEST_F(NotifyServer, RulesApiNeedsAdministerAndNamesTheFieldAtFault) {
  const std::string base = "/api/bulwark/v1/notification-rules";
  EXPECT_EQ(call("GET", base, uploader).status, 403);
  EXPECT_EQ(call("GET", base, "").status, 401);
  auto bad =
      call("POST", base, admin,
           R"({"destination":"webhook","url":"https://h.example.test/","min_priority":"P7"})");
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(json::parse(bad.body)["field"], "min_priority");
  auto unknown = call("POST", base, admin, R"({"destination":"webhook","url":"x","colour":1})");
  ASSERT_EQ(unknown.status, 400);
  EXPECT_EQ(json::parse(unknown.body)["field"], "colour");
  auto created = call(
      "POST", base, admin,
      R"({"destination":"slack","url":"https://chat.example.test/hook","events":["finding.kev"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = json::parse(created.body)["id"].get<std::int64_t>();
  auto list = json::parse(call("GET", base, admin).body);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["events"], json::array({"finding.kev"}));
  EXPECT_EQ(call("DELETE", base + "/" + std::to_string(id), admin).status, 204);
  EXPECT_EQ(call("DELETE", base + "/" + std::to_string(id), admin).status, 404);
  EXPECT_EQ(call("POST", base + "/abc/test", admin).status, 404);
}

TEST_F(NotifyServer, UploadProcessedByAWorkerReachesTheWebhookSigned) {
  test::WebhookReceiver receiver;
  auto created =
      call("POST", "/api/bulwark/v1/notification-rules", admin,
           json{{"destination", "webhook"},
                {"url", "http://127.0.0.1:" + std::to_string(receiver.port()) + "/bulwark"},
                {"secret", "hook-secret"},
                {"events", {"finding.new", "sbom.failed"}}}
               .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = json::parse(created.body)["id"].get<std::int64_t>();
  auto tested =
      call("POST", "/api/bulwark/v1/notification-rules/" + std::to_string(id) + "/test", admin);
  ASSERT_EQ(tested.status, 200) << tested.body;
  EXPECT_EQ(json::parse(tested.body)["delivered"], true);
  ASSERT_EQ(receiver.count(), 1u);
  EXPECT_EQ(json::parse(receiver.requests()[0].body)["kind"], "test");

  const auto bom = *read_file((source_dir() / "data/sample/sbom/sample-product.cdx.json").string());
  const auto t0 = std::chrono::steady_clock::now();
  put_bom(bom);
  auto ran = run_one_job(db, "test-worker", clock);
  ASSERT_TRUE(ran && *ran);
  auto events = outbox->events(1000);
  ASSERT_TRUE(events);
  std::size_t new_findings = 0;
  for (const auto& e : *events) new_findings += e.kind == "finding.new";
  ASSERT_GT(new_findings, 0u) << "the job's findings write recorded its notifications";
  for (int i = 0; i < 100 && receiver.count() < 1 + new_findings; ++i) {
    auto r = service::deliver_notifications(*outbox, clock);
    ASSERT_TRUE(r) << r.error().message;
  }
  const auto reqs = receiver.requests();
  ASSERT_EQ(reqs.size(), 1 + new_findings);
  for (std::size_t i = 1; i < reqs.size(); ++i) {
    EXPECT_TRUE(notify::verify_signature("hook-secret", reqs[i].body,
                                         reqs[i].headers.at("x-bulwark-signature")));
    const auto j = json::parse(reqs[i].body);
    EXPECT_EQ(j["kind"], "finding.new");
    EXPECT_EQ(j["product"], "acme-gateway");
  }
  std::printf(
      "notify latency: upload accepted -> worker processed -> %zu webhook deliveries, "
      "first after %.1f ms, last after %.1f ms\n",
      new_findings, std::chrono::duration<double, std::milli>(reqs[1].at - t0).count(),
      std::chrono::duration<double, std::milli>(reqs.back().at - t0).count());

  // An SBOM the job cannot process (valid enough to be queued, then refused by the step) or,
  // failing that, a job with a broken payload: sbom.failed either way.
  jobs::Job broken;
  broken.kind = "sbom.process";
  broken.payload = R"({"product":"acme-gateway","version":"9.9","sbom":"!!!"})";
  broken.created_at = "2026-12-07T01:00:00Z";
  broken.max_attempts = 1;
  auto js = jobs::JobStore::open_sqlite(db);
  ASSERT_TRUE(js);
  ASSERT_TRUE((*js)->enqueue(broken));
  auto ran2 = run_one_job(db, "test-worker", clock);
  ASSERT_TRUE(ran2 && *ran2);
  ASSERT_TRUE(service::deliver_notifications(*outbox, clock));
  const auto last = json::parse(receiver.requests().back().body);
  EXPECT_EQ(last["kind"], "sbom.failed");
  EXPECT_EQ(last["release"], "9.9");
}

}  // namespace
}  // namespace bulwark::server
