// Advisories through the service: creation with the clock's date, revisions keeping the initial
// date and history (also when the stored document lacks keys), publication as a provider
// directory; security.txt from the product; triage history.
#include "bulwark/service/advisory.hpp"
#include "bulwark/core/text.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "bulwark/service/security_txt.hpp"
#include "bulwark/service/triage.hpp"
#include "handling_world.hpp"

namespace bulwark::service {
namespace {

using testing::HandlingWorld;

CreateAdvisoryRequest log4shell() {
  CreateAdvisoryRequest r;
  r.product = "acme-gateway";
  r.vulnerabilities = {"CVE-2021-44228"};
  r.fixed_in = {"3.3.0"};
  r.remediation_url = "https://acme.example/downloads/3.3.0";
  return r;
}

TEST(ServiceAdvisory, SecondCreateIsRevisionTwoWithTheInitialDateKept) {
  HandlingWorld w;
  auto first = create_advisory(*w.store, *w.vulns, log4shell(), w.clock);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->input.tracking_id, "ACME-GATEWAY-SA-2026-0001");
  EXPECT_EQ(first->revision, "1");
  w.clock.set(testing::at("2026-12-01T09:00:00Z"));
  auto req = log4shell();
  req.tracking_id = first->input.tracking_id;
  auto second = create_advisory(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->revision, "2");
  EXPECT_EQ(second->input.initial_release_date, testing::kNow);
  EXPECT_EQ(second->input.current_release_date, "2026-12-01T09:00:00Z");
  auto stored = w.store->advisory(first->input.tracking_id);
  ASSERT_TRUE(stored && *stored);
  auto j = nlohmann::json::parse(**stored);
  EXPECT_EQ(j["document"]["tracking"]["revision_history"].size(), 2u);
  auto all = w.store->advisories(w.product.id);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 1u);  // replaced, not added
  auto unknown = log4shell();
  unknown.fixed_in = {"9.9"};
  auto bad = create_advisory(*w.store, *w.vulns, unknown, w.clock);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(bad.error().message.find("--"), std::string::npos) << bad.error().message;
}

TEST(ServiceAdvisory, RevisionOfAStoredAdvisoryLackingKeys) {
  AdvisoryInput in;
  in.initial_release_date = in.current_release_date = "2026-12-01T00:00:00Z";
  in.revisions.push_back({"1", "2026-12-01T00:00:00Z", "Initial version"});
  // No tracking at all: a revision with no history before it (and no crash).
  for (const char* stored :
       {R"({"document":{"title":"x"}})", R"({"document":{"tracking":{}}})",
        R"({"document":{"tracking":{"revision_history":"oops","initial_release_date":7}}})",
        R"({"document":"text"})", R"([1,2])"}) {
    AdvisoryInput copy = in;
    const bool revised = apply_previous_revision(copy, stored, "2026-12-02T00:00:00Z");
    EXPECT_EQ(copy.initial_release_date, "2026-12-01T00:00:00Z") << stored;
    if (!revised) continue;
    ASSERT_EQ(copy.revisions.size(), 1u) << stored;
    EXPECT_EQ(copy.revisions[0].number, "1");
    EXPECT_EQ(copy.revisions[0].summary, "Updated");
  }
  EXPECT_FALSE(apply_previous_revision(in, "not json", "2026-12-02T00:00:00Z"));
  // A stored advisory with a history: kept, and the next number appended.
  AdvisoryInput copy = in;
  ASSERT_TRUE(apply_previous_revision(
      copy,
      R"({"document":{"tracking":{"initial_release_date":"2026-01-01T00:00:00Z","revision_history":[
        {"number":"1","date":"2026-01-01T00:00:00Z","summary":"Initial version"},{"date":"2026-02-01T00:00:00Z"}]}}})",
      "2026-12-02T00:00:00Z"));
  EXPECT_EQ(copy.initial_release_date, "2026-01-01T00:00:00Z");
  ASSERT_EQ(copy.revisions.size(), 3u);
  EXPECT_EQ(copy.revisions[1].number, "");  // the missing number stays missing
  EXPECT_EQ(copy.revisions[2].number, "3");
  EXPECT_EQ(copy.revisions[2].date, "2026-12-02T00:00:00Z");
}

TEST(ServiceAdvisory, CreateOverAStoredAdvisoryLackingTracking) {
  HandlingWorld w;
  ASSERT_TRUE(w.store->save_advisory(w.product.id, "ACME-1", testing::kNow,
                                     R"({"document":{"title":"old"}})"));
  auto req = log4shell();
  req.tracking_id = "ACME-1";
  auto made = create_advisory(*w.store, *w.vulns, req, w.clock);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->revision, "1");
  EXPECT_EQ(made->input.revisions.back().summary, "Updated");
}

TEST(ServiceAdvisory, PublishWritesTheProviderDirectory) {
  HandlingWorld w;
  test::TempDir out;
  PublishAdvisoriesRequest pub;
  pub.output_dir = (out.path() / "csaf").string();
  auto none = publish_advisories(*w.store, pub);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(create_advisory(*w.store, *w.vulns, log4shell(), w.clock));
  auto r = publish_advisories(*w.store, pub);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->advisories, 1u);
  const auto meta = out.path() / "csaf" / "provider-metadata.json";
  ASSERT_TRUE(std::filesystem::exists(meta));
  auto j = nlohmann::json::parse(*read_file(meta.string()));
  EXPECT_EQ(j["canonical_url"], "https://acme.example/.well-known/csaf/provider-metadata.json");
  EXPECT_TRUE(std::filesystem::exists(out.path() / "csaf" / "white" / "2026" /
                                      "acme-gateway-sa-2026-0001.json"));
  // No temporary files are left behind.
  for (const auto& e : std::filesystem::recursive_directory_iterator(out.path()))
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

TEST(ServiceSecurityTxt, FromTheProductAndTheClock) {
  HandlingWorld w(false, false);
  SecurityTxtRequest req;
  req.product = "acme-gateway";
  req.policy = "https://acme.example/policy";
  auto text = security_txt(*w.store, req, w.clock);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_NE(text->find("Contact: mailto:security@acme.example"), std::string::npos) << *text;
  EXPECT_NE(text->find("Expires: 2027-11-28T10:00:00Z"), std::string::npos) << *text;  // 364 days
  EXPECT_NE(text->find("Canonical: https://acme.example/.well-known/security.txt"),
            std::string::npos);
  EXPECT_NE(text->find("CSAF: https://acme.example/.well-known/csaf/provider-metadata.json"),
            std::string::npos);
  EXPECT_NE(text->find("Policy: https://acme.example/policy"), std::string::npos);
  ProductInput bare;
  bare.name = "bare";
  ASSERT_TRUE(add_product(*w.store, bare, w.clock));
  req.product = "bare";
  auto no_contact = security_txt(*w.store, req, w.clock);
  ASSERT_FALSE(no_contact);
  EXPECT_EQ(no_contact.error().code, ErrorCode::kInvalidInput);
}

TEST(ServiceTriage, ClockTimestampsAndTheHistoryDocument) {
  HandlingWorld w;
  TriageRequest t;
  t.vulnerability = "CVE-2021-23337";
  t.analysis.state = AnalysisState::kNotAffected;
  t.analysis.justification = Justification::kVulnerableCodeNotInExecutePath;
  t.analysis.author = "psirt";
  auto product_only = triage(*w.store, "acme-gateway", t, w.clock);
  ASSERT_FALSE(product_only);
  EXPECT_EQ(product_only.error().code, ErrorCode::kInvalidInput);
  auto r = triage(*w.store, "acme-gateway@3.2.0", t, w.clock);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->record.analysis.timestamp, testing::kNow);
  w.clock.set(testing::at("2026-11-30T08:00:00Z"));
  t.scope = "release";
  t.analysis.state = AnalysisState::kAffected;
  t.analysis.justification = Justification::kNone;
  ASSERT_TRUE(triage(*w.store, "acme-gateway@3.2.0", t, w.clock));
  auto h = triage_history(*w.store, "acme-gateway");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 2u);
  auto j = nlohmann::json::parse(triage_history_json(*h));
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["state"], "not_affected");
  EXPECT_EQ(j[0]["versions"], "");
  EXPECT_EQ(j[1]["recorded_at"], "2026-11-30T08:00:00Z");
  EXPECT_EQ(j[1]["versions"], "=4.17.20");
  EXPECT_EQ(j[1]["author"], "psirt");
  EXPECT_FALSE(triage_history(*w.store, "nope"));
}

}  // namespace
}  // namespace bulwark::service
