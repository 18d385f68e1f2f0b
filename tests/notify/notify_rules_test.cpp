// The pure part of notifications: rule validation and the API's rule document (errors name the
// field), which rule takes which event (event, product, minimum priority and severity),
// rendering per destination with the HMAC-SHA256 signature, the host allow-list, digest times
// and back-off.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "bulwark/notify/model.hpp"
#include "bulwark/notify/render.hpp"
#include "bulwark/notify/store.hpp"

namespace bulwark::notify {
namespace {

Event finding(std::string kind, std::string product, std::string priority, std::string severity) {
  Event e;
  e.id = "0b0c6b1e-8f39-4d5e-9c1a-3a3a3a3a3a3a";
  e.kind = std::move(kind);
  e.product = std::move(product);
  e.release = "1.0";
  e.priority = std::move(priority);
  e.severity = std::move(severity);
  e.subject = "CVE-2026-1 in lib@1.0 (acme 1.0)";
  e.data = R"({"vulnerability":"CVE-2026-1"})";
  e.created_at = "2026-12-07T01:30:00Z";
  return e;
}

Rule hook() {
  Rule r;
  r.url = "https://hooks.example.test/x";
  r.secret = "k";
  return r;
}

TEST(NotifyRules, NoEventFilterTakesEveryEvent) {
  Rule r = hook();
  ASSERT_TRUE(validate(r));
  for (auto kind : event_kinds())
    EXPECT_TRUE(matches(r, finding(std::string(kind), "a", "P3", "low")));
}

TEST(NotifyRules, EventFilter) {
  Rule r = hook();
  r.events = {"finding.kev", "SBOM.FAILED"};
  ASSERT_TRUE(validate(r));
  EXPECT_EQ(r.events, (std::vector<std::string>{"finding.kev", "sbom.failed"}));
  EXPECT_TRUE(matches(r, finding("finding.kev", "a", "P0", "critical")));
  EXPECT_TRUE(matches(r, finding("sbom.failed", "a", "", "")));
  EXPECT_FALSE(matches(r, finding("finding.new", "a", "P0", "critical")));
}

TEST(NotifyRules, ProductFilter) {
  Rule r = hook();
  r.products = {"acme-router"};
  ASSERT_TRUE(validate(r));
  EXPECT_TRUE(matches(r, finding("finding.new", "acme-router", "P2", "medium")));
  EXPECT_FALSE(matches(r, finding("finding.new", "acme-gateway", "P2", "medium")));
  EXPECT_FALSE(matches(r, finding("case.deadline", "other", "", "")));
}

TEST(NotifyRules, MinimumPriorityAppliesToFindingsOnly) {
  Rule r = hook();
  r.min_priority = "p1";
  ASSERT_TRUE(validate(r));
  EXPECT_EQ(r.min_priority, "P1");
  EXPECT_TRUE(matches(r, finding("finding.new", "a", "P0", "critical")));
  EXPECT_TRUE(matches(r, finding("finding.changed", "a", "P1", "high")));
  EXPECT_FALSE(matches(r, finding("finding.new", "a", "P2", "critical")));
  EXPECT_FALSE(matches(r, finding("finding.new", "a", "", "critical")));
  EXPECT_TRUE(matches(r, finding("case.deadline", "a", "", ""))) << "not a finding";
}

TEST(NotifyRules, MinimumSeverity) {
  Rule r = hook();
  r.min_severity = "HIGH";
  ASSERT_TRUE(validate(r));
  EXPECT_TRUE(matches(r, finding("finding.new", "a", "P3", "critical")));
  EXPECT_TRUE(matches(r, finding("finding.new", "a", "P3", "high")));
  EXPECT_FALSE(matches(r, finding("finding.new", "a", "P0", "medium")));
  EXPECT_FALSE(matches(r, finding("finding.new", "a", "P0", "unknown")));
}

TEST(NotifyRules, DisabledRuleTakesNothingTestEventsReachEveryEnabledRule) {
  Rule r = hook();
  r.events = {"finding.kev"};
  ASSERT_TRUE(validate(r));
  EXPECT_TRUE(matches(r, finding("test", "", "", "")));
  r.enabled = false;
  EXPECT_FALSE(matches(r, finding("finding.kev", "a", "P0", "critical")));
}

TEST(NotifyRules, ValidationNamesTheField) {
  auto field_of = [](Rule r) {
    auto v = validate(r);
    return v ? std::string("ok") : v.error().message.substr(0, v.error().message.find(':'));
  };
  Rule r = hook();
  r.url = "ftp://x.test/";
  EXPECT_EQ(field_of(r), "url");
  r = hook();
  r.url = "https://user:pw@x.test/";
  EXPECT_EQ(field_of(r), "url");
  r = hook();
  r.url = "https://hooks.example>test/";  // found by fuzz_notify_rule
  EXPECT_EQ(field_of(r), "url");
  r = hook();
  r.events = {"finding.everything"};
  EXPECT_EQ(field_of(r), "events");
  r = hook();
  r.min_priority = "P9";
  EXPECT_EQ(field_of(r), "min_priority");
  r = hook();
  r.min_severity = "none";
  EXPECT_EQ(field_of(r), "min_severity");
  r = hook();
  r.mode = "hourly";
  EXPECT_EQ(field_of(r), "mode");
  r = hook();
  r.destination = Destination::kEmail;
  r.url = "smtp://mail.test:587";
  EXPECT_EQ(field_of(r), "email_to");
  r.email_to = "not-an-address";
  EXPECT_EQ(field_of(r), "email_to");
  r.email_to = "psirt@example.test";
  EXPECT_EQ(field_of(r), "ok");
  ASSERT_TRUE(validate(r));
  EXPECT_EQ(r.email_from, "bulwark@mail.test") << "the sender defaults to bulwark@<smtp host>";
  r.smtp_tls = "maybe";
  EXPECT_EQ(field_of(r), "smtp_tls");
  r = hook();
  r.name = "line\nbreak";
  EXPECT_EQ(field_of(r), "name");
}

TEST(NotifyRules, RuleDocumentFromJson) {
  auto r = rule_from_json(
      R"({"destination":"webhook","url":"https://h.example.test/a","secret":"s","events":["finding.new"],"products":["acme"],"min_priority":"P1","mode":"digest","digest_hour":6})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->destination, Destination::kWebhook);
  EXPECT_EQ(r->events, std::vector<std::string>{"finding.new"});
  EXPECT_EQ(r->digest_hour, 6);
  const auto listed = nlohmann::json::parse(rule_json(*r));
  EXPECT_EQ(listed["secret_set"], true);
  EXPECT_FALSE(listed.contains("secret")) << "secrets are never listed";
  struct Case {
    const char* body;
    const char* field;
  };
  for (const Case& c :
       {Case{R"({"url":"https://h.test/"})", "destination"},
        Case{R"({"destination":"pager","url":"https://h.test/"})", "destination"},
        Case{R"({"destination":"webhook","url":1})", "url"},
        Case{R"({"destination":"webhook","url":"https://h.test/","events":"x"})", "events"},
        Case{R"({"destination":"webhook","url":"https://h.test/","bogus":1})", "bogus"},
        Case{R"({"destination":"webhook","url":"https://h.test/","digest_hour":25})",
             "digest_hour"},
        Case{R"([1,2])", "body"}, Case{R"({"destination":)", "body"},
        Case{R"({"a":[[[[[[[[[[[[]]]]]]]]]]]]})", "body"}}) {
    auto bad = rule_from_json(c.body);
    ASSERT_FALSE(bad) << c.body;
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
    EXPECT_TRUE(bad.error().message.starts_with(std::string(c.field) + ":"))
        << c.body << " -> " << bad.error().message;
  }
}

TEST(NotifyRules, HostAllowList) {
  EXPECT_TRUE(host_allowed("anything.test", ""));
  EXPECT_TRUE(host_allowed("hooks.example.test", "hooks.example.test"));
  EXPECT_TRUE(host_allowed("a.b.example.test", "other.test, *.example.test"));
  EXPECT_FALSE(host_allowed("example.test", "*.example.test"));
  EXPECT_FALSE(host_allowed("evil-example.test", "*.example.test"));
  EXPECT_FALSE(host_allowed("127.0.0.1", "hooks.example.test"));
  EXPECT_EQ(url_host("https://User@Hooks.Example.TEST:8443/p?q"), "hooks.example.test");
  EXPECT_EQ(url_host("http://[::1]:80/x"), "::1");
  ::setenv("BULWARK_NOTIFY_ALLOWED_HOSTS", "*.example.test", 1);
  Rule r = hook();
  r.url = "https://elsewhere.test/";
  auto v = validate(r);
  ::unsetenv("BULWARK_NOTIFY_ALLOWED_HOSTS");
  ASSERT_FALSE(v);
  EXPECT_TRUE(v.error().message.starts_with("url:"));
}

TEST(NotifyRender, WebhookBodyIsSignedAndCarriesTheEventId) {
  Rule r = hook();
  r.secret = "topsecret";
  const Event e = finding("finding.new", "acme", "P1", "high");
  const Message m = render(r, {e}, "ignored", "2026-12-07T01:30:00Z");
  EXPECT_EQ(m.id, e.id);
  const auto j = nlohmann::json::parse(m.body);
  EXPECT_EQ(j["id"], e.id);
  EXPECT_EQ(j["kind"], "finding.new");
  EXPECT_EQ(j["data"]["vulnerability"], "CVE-2026-1");
  const std::string sig = "sha256=" + hmac_sha256_hex("topsecret", m.body);
  EXPECT_TRUE(verify_signature("topsecret", m.body, sig));
  EXPECT_FALSE(verify_signature("wrong", m.body, sig));
  EXPECT_FALSE(verify_signature("topsecret", m.body + " ", sig));
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(NotifyRender, DigestSlackTeamsAndEmail) {
  Rule r = hook();
  const std::vector<Event> two = {finding("finding.new", "acme", "P1", "high"),
                                  finding("finding.kev", "acme", "P0", "critical")};
  const Message digest = render(r, two, "d1", "2026-12-07T08:00:00Z");
  EXPECT_EQ(digest.id, "d1");
  EXPECT_EQ(nlohmann::json::parse(digest.body)["events"].size(), 2u);
  r.destination = Destination::kSlack;
  EXPECT_TRUE(nlohmann::json::parse(render(r, two, "d1", "").body)["text"].is_string());
  r.destination = Destination::kTeams;
  EXPECT_EQ(nlohmann::json::parse(render(r, two, "d1", "").body)["@type"], "MessageCard");
  r.destination = Destination::kEmail;
  r.email_to = "psirt@example.test";
  r.email_from = "bulwark@example.test";
  Event hostile = two[0];
  hostile.subject = "evil\r\nBcc: victim@example.test";
  const Message mail = render(r, {hostile}, "", "2026-12-07T01:30:00Z");
  EXPECT_NE(mail.body.find("Date: Mon, 07 Dec 2026 01:30:00 +0000\r\n"), std::string::npos);
  EXPECT_EQ(mail.body.find("\r\nBcc:"), std::string::npos) << "no header injection";
  EXPECT_NE(mail.body.find("Message-ID: <" + hostile.id + "@bulwark>"), std::string::npos);
}

TEST(NotifySchedule, DigestTimeAndBackoff) {
  EXPECT_EQ(next_digest_time("2026-12-07T07:59:59Z", 8), "2026-12-07T08:00:00Z");
  EXPECT_EQ(next_digest_time("2026-12-07T08:00:00Z", 8), "2026-12-08T08:00:00Z");
  EXPECT_EQ(next_digest_time("2026-12-31T23:00:00Z", 0), "2027-01-01T00:00:00Z");
  ::unsetenv("BULWARK_NOTIFY_RETRY_BASE_MS");
  EXPECT_EQ(backoff_ms(1), 30000);
  EXPECT_EQ(backoff_ms(2), 60000);
  EXPECT_EQ(backoff_ms(3), 120000);
  EXPECT_EQ(backoff_ms(30), 3600000);
}

}  // namespace
}  // namespace bulwark::notify
