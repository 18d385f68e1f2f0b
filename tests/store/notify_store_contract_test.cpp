// Contract of notify::Store on every backend (tests/store/backends.hpp): rules, events that fire
// once, fan-out by the rules' filters (idempotent), leased claims with redelivery after lease
// expiry under the same event id, fenced completion, back-off and giving up, digest due times,
// and the transactional outbox: the portfolio store's findings write inserts its notifications
// in the same transaction (a rolled-back write leaves none).
#include <gtest/gtest.h>

#include <set>

#include "backends.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/notify/store.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark {
namespace {

class NotifyStoreContract : public test::BackendTest {
 protected:
  std::unique_ptr<notify::Store> open(const std::string& loc) {
    auto s = postgresql() ? notify::Store::open_postgresql(loc) : notify::Store::open_sqlite(loc);
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return s ? std::move(*s) : nullptr;
  }
  std::unique_ptr<portfolio::Store> open_portfolio(const std::string& loc) {
    auto s =
        postgresql() ? portfolio::Store::open_postgresql(loc) : portfolio::Store::open_sqlite(loc);
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return s ? std::move(*s) : nullptr;
  }
};

notify::Rule webhook(std::vector<std::string> events = {}, std::vector<std::string> products = {},
                     std::string min_priority = "") {
  notify::Rule r;
  r.url = "https://hooks.example.test/bulwark";
  r.secret = "s3cret";
  r.events = std::move(events);
  r.products = std::move(products);
  r.min_priority = std::move(min_priority);
  r.created_at = "2026-12-01T00:00:00Z";
  return r;
}

notify::Event event(std::string id, std::string kind, std::string product = "acme",
                    std::string priority = "P1") {
  notify::Event e;
  e.id = std::move(id);
  e.kind = std::move(kind);
  e.product = std::move(product);
  e.release = "1.0";
  e.priority = std::move(priority);
  e.severity = "high";
  e.subject = "CVE-2026-1 in lib@1.0";
  e.data = R"({"vulnerability":"CVE-2026-1"})";
  e.created_at = "2026-12-01T10:00:00Z";
  return e;
}

TEST_P(NotifyStoreContract, RulesRoundTripAndRemove) {
  auto s = open(fresh_location());
  ASSERT_TRUE(s);
  auto r = webhook({"finding.new", "finding.kev"}, {"acme", "acme gateway"}, "P1");
  r.mode = "digest";
  r.digest_hour = 7;
  auto added = s->add_rule(r);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_GT(added->id, 0);
  auto email = webhook();
  email.destination = notify::Destination::kEmail;
  email.url = "smtp://mail.example.test:587";
  email.email_to = "psirt@example.test";
  email.smtp_tls = "try";
  ASSERT_TRUE(s->add_rule(email));
  auto all = s->rules();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  const auto& got = (*all)[0];
  EXPECT_EQ(got.events, (std::vector<std::string>{"finding.new", "finding.kev"}));
  EXPECT_EQ(got.products, (std::vector<std::string>{"acme", "acme gateway"}));
  EXPECT_EQ(got.min_priority, "P1");
  EXPECT_EQ(got.mode, "digest");
  EXPECT_EQ(got.digest_hour, 7);
  EXPECT_EQ(got.secret, "s3cret");
  EXPECT_EQ((*all)[1].destination, notify::Destination::kEmail);
  EXPECT_EQ((*all)[1].smtp_tls, "try");
  ASSERT_TRUE(s->remove_rule(added->id));
  auto again = s->remove_rule(added->id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
  auto one = s->rule(added->id);
  ASSERT_TRUE(one);
  EXPECT_FALSE(one->has_value());
}

TEST_P(NotifyStoreContract, EventsFireOnceAndFanOutByFilters) {
  auto s = open(fresh_location());
  ASSERT_TRUE(s);
  auto every = s->add_rule(webhook());
  auto kev_only = s->add_rule(webhook({"finding.kev"}));
  auto other_product = s->add_rule(webhook({}, {"other"}));
  auto urgent = s->add_rule(webhook({}, {}, "P0"));
  ASSERT_TRUE(every && kev_only && other_product && urgent);
  auto first = s->add_event(event("11111111-1111-4111-8111-111111111111", "finding.new"));
  ASSERT_TRUE(first);
  EXPECT_TRUE(*first);
  auto dup = s->add_event(event("11111111-1111-4111-8111-111111111111", "finding.new"));
  ASSERT_TRUE(dup);
  EXPECT_FALSE(*dup) << "an event id fires once";
  ASSERT_TRUE(
      s->add_event(event("22222222-2222-4222-8222-222222222222", "finding.kev", "acme", "P0")));
  auto n = s->fan_out("2026-12-01T10:00:05Z", 100);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 2u);
  auto again = s->fan_out("2026-12-01T10:00:06Z", 100);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0u);
  auto d = s->deliveries(100);
  ASSERT_TRUE(d);
  // finding.new (P1): every; finding.kev (P0): every, kev_only, urgent.
  ASSERT_EQ(d->size(), 4u);
  std::multiset<std::pair<std::int64_t, std::string>> got;
  for (const auto& x : *d) got.insert({x.rule_id, x.event.kind});
  EXPECT_EQ(got,
            (std::multiset<std::pair<std::int64_t, std::string>>{{every->id, "finding.new"},
                                                                 {every->id, "finding.kev"},
                                                                 {kev_only->id, "finding.kev"},
                                                                 {urgent->id, "finding.kev"}}));
  for (const auto& x : *d) {
    EXPECT_EQ(x.state, "pending");
    EXPECT_EQ(x.next_at, "2026-12-01T10:00:05Z");
  }
}

TEST_P(NotifyStoreContract, LeasedClaimRedeliversTheSameIdAfterExpiryAndFencesCompletion) {
  auto loc = fresh_location();
  auto a = open(loc);
  auto b = open(loc);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->add_rule(webhook()));
  ASSERT_TRUE(a->add_event(event("33333333-3333-4333-8333-333333333333", "finding.new")));
  ASSERT_TRUE(a->fan_out("2026-12-01T10:00:00Z", 10));
  auto first = a->claim("2026-12-01T10:00:00Z", 60, 10);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].attempts, 1);
  EXPECT_EQ((*first)[0].event.id, "33333333-3333-4333-8333-333333333333");
  EXPECT_EQ((*first)[0].event.data, R"({"vulnerability":"CVE-2026-1"})");
  // Leased: nobody else gets it while the lease lives.
  auto none = b->claim("2026-12-01T10:00:30Z", 60, 10);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  // The first worker died mid-delivery: after the lease, another takes it, same event id.
  auto second = b->claim("2026-12-01T10:01:01Z", 60, 10);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].event.id, (*first)[0].event.id);
  EXPECT_EQ((*second)[0].attempts, 2);
  EXPECT_GT((*second)[0].lease_version, (*first)[0].lease_version);
  // The old lease holder is fenced out; the new one completes once.
  auto stale = a->delivered((*first)[0].id, (*first)[0].lease_version, "2026-12-01T10:01:02Z");
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPrecondition);
  ASSERT_TRUE(b->delivered((*second)[0].id, (*second)[0].lease_version, "2026-12-01T10:01:02Z"));
  auto after = b->claim("2026-12-01T11:00:00Z", 60, 10);
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->empty());
  auto c = a->counts();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->delivered, 1u);
  EXPECT_EQ(c->pending, 0u);
}

TEST_P(NotifyStoreContract, RetryBacksOffThenGivesUp) {
  auto s = open(fresh_location());
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->add_rule(webhook()));
  ASSERT_TRUE(s->add_event(event("44444444-4444-4444-8444-444444444444", "finding.new")));
  ASSERT_TRUE(s->fan_out("2026-12-01T10:00:00Z", 10));
  auto c1 = s->claim("2026-12-01T10:00:00Z", 60, 10);
  ASSERT_TRUE(c1 && c1->size() == 1u);
  ASSERT_TRUE(s->retry((*c1)[0].id, (*c1)[0].lease_version, "HTTP 500", "2026-12-01T10:00:30Z", 2));
  auto early = s->claim("2026-12-01T10:00:10Z", 60, 10);
  ASSERT_TRUE(early);
  EXPECT_TRUE(early->empty()) << "not before its back-off";
  auto c2 = s->claim("2026-12-01T10:00:30Z", 60, 10);
  ASSERT_TRUE(c2 && c2->size() == 1u);
  EXPECT_EQ((*c2)[0].last_error, "HTTP 500");
  ASSERT_TRUE(s->retry((*c2)[0].id, (*c2)[0].lease_version, "HTTP 503", "2026-12-01T10:01:30Z", 2));
  auto d = s->deliveries(10);
  ASSERT_TRUE(d && d->size() == 1u);
  EXPECT_EQ((*d)[0].state, "failed");
  EXPECT_EQ((*d)[0].attempts, 2);
  auto never = s->claim("2026-12-02T00:00:00Z", 60, 10);
  ASSERT_TRUE(never);
  EXPECT_TRUE(never->empty());
}

TEST_P(NotifyStoreContract, DigestRulesAreDueAtTheirHour) {
  auto s = open(fresh_location());
  ASSERT_TRUE(s);
  auto r = webhook();
  r.mode = "digest";
  r.digest_hour = 8;
  ASSERT_TRUE(s->add_rule(r));
  ASSERT_TRUE(s->add_event(event("55555555-5555-4555-8555-555555555555", "finding.new")));
  ASSERT_TRUE(s->fan_out("2026-12-01T10:00:00Z", 10));
  auto d = s->deliveries(10);
  ASSERT_TRUE(d && d->size() == 1u);
  EXPECT_EQ((*d)[0].next_at, "2026-12-02T08:00:00Z");
  auto early = s->claim("2026-12-02T07:59:59Z", 60, 10);
  ASSERT_TRUE(early);
  EXPECT_TRUE(early->empty());
  auto due = s->claim("2026-12-02T08:00:00Z", 60, 10);
  ASSERT_TRUE(due);
  EXPECT_EQ(due->size(), 1u);
}

TEST_P(NotifyStoreContract, FindingsWriteInsertsTheNotificationsARuleTakesInTheSameTransaction) {
  auto loc = fresh_location();
  auto p = open_portfolio(loc);
  ASSERT_TRUE(p);
  {  // A rule for new findings of acme, and a disabled rule taking every event.
    auto rules = open(loc);
    ASSERT_TRUE(rules);
    ASSERT_TRUE(rules->add_rule(webhook({"finding.new"}, {"acme"})));
    auto off = webhook();
    off.enabled = false;
    ASSERT_TRUE(rules->add_rule(off));
  }
  portfolio::Product prod;
  prod.name = "acme";
  prod.created_at = "2026-12-01T00:00:00Z";
  auto added = p->add_product(prod);
  ASSERT_TRUE(added) << added.error().message;
  portfolio::Release rel;
  rel.product_id = added->id;
  rel.version = "1.0";
  rel.created_at = "2026-12-01T00:00:00Z";
  auto r = p->add_release(rel, "{}", "{}", {});
  ASSERT_TRUE(r) << r.error().message;
  portfolio::StoredFinding f;
  f.component_key = "pkg:npm/lib@1.0";
  f.component_label = "lib@1.0";
  f.purl = "pkg:npm/lib@1.0";
  f.identity = "pkg:npm/lib";
  f.vuln_id = "CVE-2026-1";
  f.severity = "high";
  f.priority = "P1";
  f.fingerprint = "x";
  portfolio::FindingsWrite w;
  w.inserted.push_back(f);
  w.digest = "1:x";
  w.notifications.push_back(event("66666666-6666-4666-8666-666666666666", "finding.new"));
  // No enabled rule takes these two: not kept.
  w.notifications.push_back(event("77777777-7777-4777-8777-777777777777", "finding.kev"));
  w.notifications.push_back(event("88888888-8888-4888-8888-888888888888", "finding.new", "other"));
  // Rolled back: neither the finding nor its notification.
  auto failed = p->transaction([&]() -> Result<void> {
    auto ids = p->write_findings(r->id, w, "2026-12-01T10:00:00Z");
    if (!ids) return std::unexpected(ids.error());
    return make_error(ErrorCode::kInternal, "abort after the write");
  });
  ASSERT_FALSE(failed);
  auto s = open(loc);
  ASSERT_TRUE(s);
  auto none = s->events(10);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  // Committed: both.
  auto ids = p->write_findings(r->id, w, "2026-12-01T10:00:00Z");
  ASSERT_TRUE(ids) << ids.error().message;
  auto findings = p->findings(r->id, false);
  ASSERT_TRUE(findings);
  EXPECT_EQ(findings->size(), 1u);
  auto events = s->events(10);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].id, "66666666-6666-4666-8666-666666666666");
  EXPECT_EQ((*events)[0].kind, "finding.new");
}

// A sync builds finding events only when an enabled rule may take them (kind and product).
TEST_P(NotifyStoreContract, FindingEventsAreWantedOnlyWhenAnEnabledRuleMayTakeThem) {
  auto loc = fresh_location();
  auto p = open_portfolio(loc);
  auto rules = open(loc);
  ASSERT_TRUE(p && rules);
  auto wanted = [&](std::string_view product) {
    auto w = p->finding_events_wanted(product);
    EXPECT_TRUE(w) << (w ? "" : w.error().message);
    return w && *w;
  };
  EXPECT_FALSE(wanted("acme"));  // no rule
  auto off = webhook();
  off.enabled = false;
  ASSERT_TRUE(rules->add_rule(off));
  ASSERT_TRUE(rules->add_rule(webhook({"case.deadline", "support.ending"})));
  ASSERT_TRUE(rules->add_rule(webhook({"finding.kev"}, {"other"})));
  EXPECT_FALSE(wanted("acme"));  // disabled, no finding kind, another product
  EXPECT_TRUE(wanted("other"));
  ASSERT_TRUE(rules->add_rule(webhook({}, {"acme"})));  // every kind, acme
  EXPECT_TRUE(wanted("acme"));
  EXPECT_FALSE(wanted("third"));
}

INSTANTIATE_TEST_SUITE_P(Backends, NotifyStoreContract, ::testing::ValuesIn(test::store_backends()),
                         test::backend_name);

}  // namespace
}  // namespace bulwark
