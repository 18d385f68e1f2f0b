// Delivery end to end on a SQLite database: a finding change written through the service
// (service::sync_findings, the path of `product add`, uploads and the monitor) puts its
// notifications in the outbox in the same transaction; a delivery pass sends them to a loopback
// webhook receiver (signature verified, a 500 answered first and retried) and to a loopback SMTP
// server (plain SMTP: the rule runs with smtp_tls "none"; STARTTLS itself is libcurl's). A
// worker that dies mid-delivery (a claim never completed) leads to a redelivery with the same
// notification id once the lease expires: at least once, with a stable id receivers deduplicate
// on. The latency from the change to the receiver is printed, never asserted.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "bulwark/core/clock.hpp"
#include "bulwark/notify/render.hpp"
#include "bulwark/notify/store.hpp"
#include "bulwark/notify/transport.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/findings_sync.hpp"
#include "bulwark/service/notify.hpp"
#include "loopback.hpp"
#include "shared.hpp"

namespace bulwark {
namespace {

using Steady = std::chrono::steady_clock;

class NotifyDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("BULWARK_NOTIFY_RETRY_BASE_MS", "100", 1);
    path_ = (dir_.path() / "bulwark.db").string();
    auto p = portfolio::Store::open_sqlite(path_);
    ASSERT_TRUE(p) << p.error().message;
    portfolio_ = std::move(*p);
    auto n = notify::Store::open_sqlite(path_);
    ASSERT_TRUE(n) << n.error().message;
    notify_ = std::move(*n);
    portfolio::Product prod;
    prod.name = "acme-router";
    prod.created_at = "2026-12-01T00:00:00Z";
    auto added = portfolio_->add_product(prod);
    ASSERT_TRUE(added);
    portfolio::Release rel;
    rel.product_id = added->id;
    rel.version = "2.1";
    rel.created_at = "2026-12-01T00:00:00Z";
    auto r = portfolio_->add_release(rel, "{}", "{}", {});
    ASSERT_TRUE(r);
    release_id_ = r->id;
  }
  void TearDown() override { ::unsetenv("BULWARK_NOTIFY_RETRY_BASE_MS"); }

  portfolio::StoredFinding finding(std::string id, std::string priority, bool kev = false) {
    portfolio::StoredFinding f;
    f.component_key = "pkg:deb/debian/openssl@3.0.11";
    f.component_label = "openssl@3.0.11";
    f.purl = f.component_key;
    f.identity = "pkg:deb/debian/openssl";
    f.vuln_id = std::move(id);
    f.severity = priority == "P0" ? "critical" : "high";
    f.priority = std::move(priority);
    f.kev = kev;
    f.fingerprint = f.severity + "|" + f.priority + "|" + (kev ? "1" : "0");
    f.key = portfolio::finding_key(f.component_key, f.vuln_id);
    return f;
  }

  // Writes the release's findings as `current` (the change under test).
  void change(const std::vector<portfolio::StoredFinding>& current, const std::string& now) {
    std::vector<const portfolio::StoredFinding*> ptrs;
    for (const auto& f : current) ptrs.push_back(&f);
    auto r = service::sync_findings(*portfolio_, release_id_, ptrs, now);
    ASSERT_TRUE(r) << r.error().message;
  }

  notify::Rule add_rule(notify::Rule r) {
    auto added = service::add_notification_rule(*notify_, std::move(r), system_clock());
    EXPECT_TRUE(added) << (added ? "" : added.error().message);
    return added ? *added : notify::Rule{};
  }

  // Delivery passes until `done` or 10 s; the passes a worker loop would run.
  template <class Done>
  void deliver_until(Done done, const Clock& clock = system_clock()) {
    const auto deadline = Steady::now() + std::chrono::seconds(10);
    while (!done() && Steady::now() < deadline) {
      auto r = service::deliver_notifications(*notify_, clock);
      ASSERT_TRUE(r) << r.error().message;
      if (!done()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  test::TempDir dir_;
  std::string path_;
  std::unique_ptr<portfolio::Store> portfolio_;
  std::unique_ptr<notify::Store> notify_;
  std::int64_t release_id_ = 0;
};

TEST_F(NotifyDelivery, WebhookSignedRetriedAfter500AndLatencyReported) {
  test::WebhookReceiver receiver({500});
  notify::Rule r;
  r.url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  r.secret = "receiver-shared-secret";
  r.events = {"finding.new"};
  add_rule(r);
  const auto t0 = Steady::now();
  change({finding("CVE-2026-0001", "P1")}, "2026-12-07T01:00:00Z");
  // The change committed its notification with it.
  auto events = notify_->events(10);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, "finding.new");
  deliver_until([&] { return receiver.count() >= 2; });
  const auto reqs = receiver.requests();
  ASSERT_EQ(reqs.size(), 2u) << "a 500, then the retry";
  for (const auto& q : reqs) {
    EXPECT_EQ(q.method, "POST");
    EXPECT_EQ(q.target, "/hook");
    ASSERT_TRUE(q.headers.count("x-bulwark-signature"));
    EXPECT_TRUE(notify::verify_signature("receiver-shared-secret", q.body,
                                         q.headers.at("x-bulwark-signature")))
        << "signature of the body as received";
    const auto j = nlohmann::json::parse(q.body);
    EXPECT_EQ(j["id"], (*events)[0].id);
    EXPECT_EQ(q.headers.at("x-bulwark-notification-id"), (*events)[0].id);
    EXPECT_EQ(j["kind"], "finding.new");
    EXPECT_EQ(j["product"], "acme-router");
    EXPECT_EQ(j["release"], "2.1");
    EXPECT_EQ(j["data"]["vulnerability"], "CVE-2026-0001");
  }
  auto d = notify_->deliveries(10);
  ASSERT_TRUE(d);
  ASSERT_EQ(d->size(), 1u);
  EXPECT_EQ((*d)[0].state, "delivered");
  EXPECT_EQ((*d)[0].attempts, 2);
  const auto first_ms = std::chrono::duration<double, std::milli>(reqs[0].at - t0).count();
  const auto final_ms = std::chrono::duration<double, std::milli>(reqs[1].at - t0).count();
  std::printf(
      "notify latency: change -> webhook receiver %.1f ms (first attempt), %.1f ms "
      "(delivered after one 500)\n",
      first_ms, final_ms);
}

TEST_F(NotifyDelivery, NoLostOrUnidentifiableNotificationAfterARestartMidDelivery) {
  test::WebhookReceiver receiver;
  notify::Rule r;
  r.url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  r.secret = "s";
  add_rule(r);
  change({finding("CVE-2026-0002", "P0", true)}, "2026-12-07T01:00:00Z");
  // Worker A claims, sends (the receiver has it), and dies before recording the delivery.
  FixedClock clock(*parse_rfc3339("2026-12-07T01:00:01Z"));
  ASSERT_TRUE(notify_->fan_out("2026-12-07T01:00:01Z", 100));
  auto claimed = notify_->claim("2026-12-07T01:00:01Z", 60, 100);
  ASSERT_TRUE(claimed);
  ASSERT_EQ(claimed->size(), 2u) << "finding.new and finding.kev";
  auto rules = notify_->rules();
  ASSERT_TRUE(rules);
  for (const auto& d : *claimed)
    ASSERT_TRUE(notify::send((*rules)[0], notify::render((*rules)[0], {d.event}, "", ""),
                             std::chrono::seconds(5))
                    .ok);
  ASSERT_EQ(receiver.count(), 2u);
  // While A's lease lives, a restarted worker sends nothing twice.
  auto early = service::deliver_notifications(*notify_, clock);
  ASSERT_TRUE(early);
  EXPECT_EQ(early->sent, 0u);
  // After the lease: redelivered, with the same ids.
  clock.set(*parse_rfc3339("2026-12-07T01:01:02Z"));
  auto later = service::deliver_notifications(*notify_, clock);
  ASSERT_TRUE(later) << later.error().message;
  EXPECT_EQ(later->delivered, 2u);
  const auto reqs = receiver.requests();
  ASSERT_EQ(reqs.size(), 4u) << "at least once: each notification twice";
  std::set<std::string> unique;
  for (const auto& q : reqs) unique.insert(nlohmann::json::parse(q.body)["id"].get<std::string>());
  EXPECT_EQ(unique.size(), 2u) << "the receiver drops the duplicates by id";
  // Nothing further: each delivered once recorded.
  clock.set(*parse_rfc3339("2026-12-07T02:00:00Z"));
  auto idle = service::deliver_notifications(*notify_, clock);
  ASSERT_TRUE(idle);
  EXPECT_EQ(idle->sent, 0u);
  EXPECT_EQ(receiver.count(), 4u);
}

TEST_F(NotifyDelivery, FiltersSelectWhatEachRuleReceives) {
  test::WebhookReceiver urgent, resolved, other;
  auto url = [](test::WebhookReceiver& w) {
    return "http://127.0.0.1:" + std::to_string(w.port()) + "/";
  };
  notify::Rule a;
  a.url = url(urgent);
  a.min_priority = "P0";
  add_rule(a);
  notify::Rule b;
  b.url = url(resolved);
  b.events = {"finding.resolved"};
  add_rule(b);
  notify::Rule c;
  c.url = url(other);
  c.products = {"another-product"};
  add_rule(c);
  change({finding("CVE-2026-0010", "P0"), finding("CVE-2026-0011", "P3")}, "2026-12-07T01:00:00Z");
  change({finding("CVE-2026-0010", "P0")}, "2026-12-07T02:00:00Z");  // 0011 resolved
  deliver_until([&] { return urgent.count() >= 1 && resolved.count() >= 1; });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(service::deliver_notifications(*notify_, system_clock()));
  ASSERT_EQ(urgent.count(), 1u);
  EXPECT_EQ(nlohmann::json::parse(urgent.requests()[0].body)["data"]["vulnerability"],
            "CVE-2026-0010");
  ASSERT_EQ(resolved.count(), 1u);
  EXPECT_EQ(nlohmann::json::parse(resolved.requests()[0].body)["kind"], "finding.resolved");
  EXPECT_EQ(other.count(), 0u);
}

TEST_F(NotifyDelivery, EmailReachesTheLoopbackSmtpServer) {
  test::SmtpReceiver smtp;
  notify::Rule r;
  r.destination = notify::Destination::kEmail;
  r.url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
  r.email_to = "psirt@example.test";
  r.email_from = "bulwark@example.test";
  r.smtp_tls = "none";  // the loopback server speaks plain SMTP
  add_rule(r);
  const auto t0 = Steady::now();
  change({finding("CVE-2026-0003", "P1")}, "2026-12-07T01:00:00Z");
  deliver_until([&] { return !smtp.mails().empty(); });
  const auto mails = smtp.mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "<psirt@example.test>");
  EXPECT_EQ(mails[0].from, "<bulwark@example.test>");
  EXPECT_NE(mails[0].data.find("Subject: [Bulwark] finding.new: CVE-2026-0003 in openssl@3.0.11"),
            std::string::npos)
      << mails[0].data;
  EXPECT_NE(mails[0].data.find("X-Bulwark-Notification-Id: "), std::string::npos);
  std::printf("notify latency: change -> SMTP receiver %.1f ms\n",
              std::chrono::duration<double, std::milli>(mails[0].at - t0).count());
}

TEST_F(NotifyDelivery, DigestRuleSendsOneMessageAtItsHourWithAStableId) {
  test::WebhookReceiver receiver({500});
  notify::Rule r;
  r.url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/";
  r.mode = "digest";
  r.digest_hour = 8;
  add_rule(r);
  change({finding("CVE-2026-0020", "P1"), finding("CVE-2026-0021", "P2")}, "2026-12-07T01:00:00Z");
  FixedClock clock(*parse_rfc3339("2026-12-07T07:00:00Z"));
  auto before = service::deliver_notifications(*notify_, clock);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->sent, 0u) << "not before 08:00";
  clock.set(*parse_rfc3339("2026-12-07T08:00:00Z"));
  ASSERT_TRUE(service::deliver_notifications(*notify_, clock));  // answered 500
  ASSERT_TRUE(service::deliver_notifications(*notify_, clock));  // retried
  const auto reqs = receiver.requests();
  ASSERT_EQ(reqs.size(), 2u);
  const auto a = nlohmann::json::parse(reqs[0].body);
  const auto b = nlohmann::json::parse(reqs[1].body);
  EXPECT_EQ(a["kind"], "digest");
  EXPECT_EQ(a["events"].size(), 2u);
  EXPECT_EQ(a["id"], b["id"]) << "a redelivered digest keeps its id";
}

TEST_F(NotifyDelivery, UploadFailureAndClockEventsFireOnce) {
  ASSERT_TRUE(service::notify_upload_failed(*notify_, "tok-1",
                                            R"({"product":"acme-router","version":"2.2"})",
                                            "sbom: not a CycloneDX document", system_clock()));
  ASSERT_TRUE(service::notify_upload_failed(*notify_, "tok-1", "{}", "again", system_clock()));
  auto events = notify_->events(10);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, "sbom.failed");
  EXPECT_EQ((*events)[0].product, "acme-router");
  EXPECT_EQ((*events)[0].release, "2.2");

  // Support of release 1.0 (released 2021-12-20, five years) ends within 30 days: once.
  auto prod = portfolio_->product("acme-router");
  ASSERT_TRUE(prod && *prod);
  portfolio::Release old;
  old.product_id = (*prod)->id;
  old.version = "1.0";
  old.released_at = "2021-12-20";
  old.created_at = "2021-12-20T00:00:00Z";
  ASSERT_TRUE(portfolio_->add_release(old, "{}", "{}", {}));
  auto cra = portfolio::CraStore::open_sqlite(path_);
  ASSERT_TRUE(cra) << cra.error().message;
  FixedClock clock(*parse_rfc3339("2026-12-07T01:00:00Z"));
  auto none = service::check_clocks(*portfolio_, **cra, *notify_, clock);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(*none, 0u) << "no rule listens: nothing recorded";
  notify::Rule r;
  r.url = "https://hooks.example.test/";
  r.events = {"support.ending"};
  add_rule(r);
  auto first = service::check_clocks(*portfolio_, **cra, *notify_, clock);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, 1u);
  clock.set(*parse_rfc3339("2026-12-08T01:00:00Z"));
  auto second = service::check_clocks(*portfolio_, **cra, *notify_, clock);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, 0u) << "each support ending fires once";
  auto all = notify_->events(10);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->front().kind, "support.ending");
  EXPECT_EQ(all->front().release, "1.0");
}

}  // namespace
}  // namespace bulwark
