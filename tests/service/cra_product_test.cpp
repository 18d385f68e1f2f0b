// Product-level CRA use cases in process (service/cra_product.hpp, service/cra_docs.hpp): support
// rows and the end-of-support notice, classification, the Annex I checklist with automatic
// evidence and item updates, and the documents with a reproducible evidence bundle.
#include "bulwark/service/cra_product.hpp"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "bulwark/cra/bundle.hpp"
#include "bulwark/service/cra_cases.hpp"
#include "bulwark/service/cra_docs.hpp"
#include "bulwark/service/cra_json.hpp"
#include "cra_world.hpp"

namespace bulwark::service {
namespace {

using test::at;
using test::CraWorld;

ClassifyRequest walkthrough_classification() {
  ClassifyRequest c;
  c.product = "acme-gateway";
  c.item = "AIII.C1.12";
  c.member_states = {"DE", "at", "GR"};
  c.cvd_policy_url = "https://acme.example/security/policy";
  c.manufacturer_address = "Musterstrasse 1, Berlin";
  return c;
}

TEST(CraProduct, SupportRowsAndWarningsFromTheClock) {
  CraWorld w;
  w.release("3.2.0", "2026-03-02");
  w.release("3.3.0", "");  // no release date: no support period yet
  auto s = support_report(*w.store, "", w.clock);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->rows.size(), 1u);
  const auto& r = s->rows[0];
  EXPECT_EQ(r.release.version, "3.2.0");
  EXPECT_EQ(r.period.end, at("2031-03-02T00:00:00Z"));  // + 5 years (support_years)
  EXPECT_EQ(r.retain, at("2036-03-02T00:00:00Z"));      // max(released + 10 years, end)
  EXPECT_EQ(r.status, cra::SupportStatus::kSupported);
  EXPECT_EQ(s->warnings, 0u);
  auto j = nlohmann::json::parse(support_json(*s));
  EXPECT_EQ(j["now"], "2026-11-29T10:00:00Z");
  EXPECT_EQ(j["releases"][0]["end"], "2031-03-02T00:00:00Z");
  EXPECT_EQ(j["releases"][0]["end_month"], "2031-03");

  w.clock.set(at("2030-12-01T00:00:00Z"));  // within 180 days of the end
  s = support_report(*w.store, "acme-gateway", w.clock);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->rows[0].status, cra::SupportStatus::kEndingSoon);
  ASSERT_EQ(s->warnings, 1u);
  EXPECT_NE(s->rows[0].warnings[0].find("2031-03-02"), std::string::npos);
  w.clock.set(at("2031-03-02T00:00:00Z"));
  s = support_report(*w.store, "acme-gateway", w.clock);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->rows[0].status, cra::SupportStatus::kEnded);
}

TEST(CraProduct, EndOfSupportNotice) {
  CraWorld w;
  w.release("3.2.0", "2026-03-02");
  w.release("3.3.0", "");
  auto n = end_of_support_notice(*w.store, "acme-gateway@3.2.0", w.clock);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_NE(n->find("March 2031"), std::string::npos) << *n;
  EXPECT_NE(n->find("Acme Devices GmbH"), std::string::npos);
  auto undated = end_of_support_notice(*w.store, "acme-gateway@3.3.0", w.clock);
  ASSERT_FALSE(undated);
  EXPECT_EQ(undated.error().code, ErrorCode::kConflict);
  auto missing = end_of_support_notice(*w.store, "acme-gateway@9.9", w.clock);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(CraProduct, ClassifyRecordsFactsAndRoutes) {
  CraWorld w;
  auto c = classify(*w.store, *w.cra, walkthrough_classification(), w.clock);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->category, cra::ProductCategory::kImportantClassI);
  ASSERT_TRUE(c->item);
  EXPECT_EQ(c->item->id, "AIII.C1.12");
  EXPECT_FALSE(c->class_differs);  // the product's class is important-1 too
  EXPECT_EQ(c->facts.member_states, (std::vector<std::string>{"AT", "DE", "EL"}));
  EXPECT_FALSE(c->routes.empty());
  auto stored = w.cra->product(w.product.id);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->updated_at, "2026-11-29T10:00:00Z");
  EXPECT_EQ((*stored)->cvd_policy_url, "https://acme.example/security/policy");

  ClassifyRequest bad;
  bad.product = "acme-gateway";
  bad.item = "AIII.C9.9";
  auto r = classify(*w.store, *w.cra, bad, w.clock);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(r.error().message.find("AIII.C9.9"), std::string::npos);
  bad.item.reset();
  bad.member_states = {"XX"};
  EXPECT_FALSE(classify(*w.store, *w.cra, bad, w.clock));
  bad.member_states.clear();
  bad.cvd_policy_url = "http://acme.example/policy";
  EXPECT_FALSE(classify(*w.store, *w.cra, bad, w.clock));
  stored = w.cra->product(w.product.id);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->category_item, "AIII.C1.12");  // the refused changes were not written

  ClassifyRequest critical;
  critical.product = "acme-gateway";
  critical.item = "AIV.1";
  auto differs = classify(*w.store, *w.cra, critical, w.clock);
  ASSERT_TRUE(differs) << differs.error().message;
  EXPECT_EQ(differs->category, cra::ProductCategory::kCritical);
  EXPECT_TRUE(differs->class_differs);
}

TEST(CraProduct, ChecklistWithAutomaticEvidence) {
  CraWorld w;
  ASSERT_TRUE(classify(*w.store, *w.cra, walkthrough_classification(), w.clock));
  w.release("3.2.0", "2026-03-02");
  auto c = checklist(*w.store, *w.cra, *w.vulns, "acme-gateway", w.clock);
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->items.size(), 22u);
  ASSERT_EQ(c->hooks.size(), 5u);
  std::map<std::string, cra::ChecklistItem> items;
  for (const auto& it : c->items) items[it.id] = it;
  EXPECT_EQ(items["AI.P2.1"].status, cra::ItemStatus::kMet);      // SBOM per release
  EXPECT_EQ(items["AI.P1.2a"].status, cra::ItemStatus::kNotMet);  // Log4Shell shipped unhandled
  EXPECT_EQ(items["AI.P2.5"].status, cra::ItemStatus::kMet);      // CVD policy URL recorded
  EXPECT_EQ(items["AI.P2.6"].status, cra::ItemStatus::kMet);      // contact present
  ASSERT_FALSE(items["AI.P2.1"].evidence.empty());
  EXPECT_TRUE(items["AI.P2.1"].evidence.back().automatic);
  auto j = nlohmann::json::parse(checklist_json(*c));
  EXPECT_EQ(j["product"], "acme-gateway");
  EXPECT_EQ(j["items"].size(), 22u);
  EXPECT_EQ(j["hooks"].size(), 5u);
}

TEST(CraProduct, ChecklistItemUpdatesAreValidated) {
  CraWorld w;
  auto link = parse_evidence_link("test_report:https://acme.example/qa/pt.pdf:Pentest 2026");
  ASSERT_TRUE(link) << link.error().message;
  EXPECT_EQ(link->kind, "test_report");
  EXPECT_EQ(link->uri, "https://acme.example/qa/pt.pdf");
  EXPECT_EQ(link->description, "Pentest 2026");
  EXPECT_FALSE(parse_evidence_link("no-colons"));

  ChecklistUpdate up;
  up.product = "acme-gateway";
  up.item = "AI.P2.3";
  up.status = "in_progress";
  up.owner = "qa";
  up.evidence = {*link};
  auto saved = set_checklist_item(*w.store, *w.cra, up, w.clock);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->item.status, cra::ItemStatus::kInProgress);
  EXPECT_EQ(saved->item.evidence.size(), 1u);

  ChecklistUpdate always_applies;  // AI.P2.* always applies
  always_applies.product = "acme-gateway";
  always_applies.item = "AI.P2.1";
  always_applies.applicable = false;
  always_applies.justification = "x";
  EXPECT_FALSE(set_checklist_item(*w.store, *w.cra, always_applies, w.clock));
  ChecklistUpdate no_reason;
  no_reason.product = "acme-gateway";
  no_reason.item = "AI.P1.2b";
  no_reason.applicable = false;
  auto refused = set_checklist_item(*w.store, *w.cra, no_reason, w.clock);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  ChecklistUpdate unknown;
  unknown.product = "acme-gateway";
  unknown.item = "AI.P9.9";
  auto nf = set_checklist_item(*w.store, *w.cra, unknown, w.clock);
  ASSERT_FALSE(nf);
  EXPECT_EQ(nf.error().code, ErrorCode::kNotFound);
  up.status = "done";
  EXPECT_FALSE(set_checklist_item(*w.store, *w.cra, up, w.clock));

  auto stored = w.cra->checklist(w.product.id);
  ASSERT_TRUE(stored);
  std::map<std::string, cra::ChecklistItem> items;
  for (const auto& it : *stored) items[it.id] = it;
  EXPECT_TRUE(items["AI.P1.2b"].applicable);  // the refused changes were not written
  EXPECT_TRUE(items["AI.P2.1"].applicable);
  EXPECT_EQ(items["AI.P2.3"].status, cra::ItemStatus::kInProgress);
  EXPECT_EQ(items["AI.P2.3"].evidence.size(), 1u);  // not appended by the refused update
}

TEST(CraProduct, DocumentsAndReproducibleEvidenceBundle) {
  CraWorld w;
  ASSERT_TRUE(classify(*w.store, *w.cra, walkthrough_classification(), w.clock));
  w.release("3.2.0", "2026-03-02");
  w.release("3.3.0", "2026-12-01");
  w.clock.set(at("2026-12-02T08:00:00Z"));
  DocsRequest req;
  req.target = "acme-gateway@3.3.0";
  req.database_name = "bulwark.db";
  req.tool_version = "test";
  auto a = build_docs(*w.store, *w.cra, *w.vulns, req, w.clock);
  auto b = build_docs(*w.store, *w.cra, *w.vulns, req, w.clock);
  ASSERT_TRUE(a && b) << (a ? b.error().message : a.error().message);
  EXPECT_EQ(cra::sha256_hex(a->bundle), cra::sha256_hex(b->bundle));
  ASSERT_EQ(a->documents.size(), 4u);
  EXPECT_EQ(a->documents[0].name, "technical-documentation");
  ASSERT_EQ(a->documents[0].files.size(), 2u);  // .md and .html
  EXPECT_NE(a->documents[0].files[0].content.find("acme-gateway"), std::string::npos);
  std::vector<std::string> names;
  for (const auto& f : a->bundle_files) names.push_back(f.name);
  for (const char* n : {"sbom.cdx.json", "vex.openvex.json", "findings.json", "checklist.json",
                        "risk-assessment.md", "documents/technical-documentation.md",
                        "documents/user-information.html"})
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  EXPECT_NE(a->bundle.find("manifest.json"), std::string::npos);

  const auto d1 = w.dir.path() / "a";
  const auto d2 = w.dir.path() / "b";
  auto w1 = write_docs(*w.store, *w.cra, *w.vulns, req, d1.string(), "", w.clock);
  ASSERT_TRUE(w1) << w1.error().message;
  req.html = false;
  auto w2 = write_docs(*w.store, *w.cra, *w.vulns, req, d2.string(),
                       (w.dir.path() / "evidence.zip").string(), w.clock);
  ASSERT_TRUE(w2) << w2.error().message;
  EXPECT_EQ(w1->bundle_path, (d1 / "evidence.zip").string());
  EXPECT_EQ(w1->bundle_sha256, cra::sha256_hex(a->bundle));  // written as built
  EXPECT_NE(w1->bundle_sha256, w2->bundle_sha256);           // fewer documents, other bytes
  EXPECT_TRUE(std::filesystem::exists(d1 / "technical-documentation.html"));
  EXPECT_TRUE(std::filesystem::exists(d2 / "declaration-of-conformity.md"));
  EXPECT_FALSE(std::filesystem::exists(d2 / "declaration-of-conformity.html"));
  EXPECT_TRUE(std::filesystem::exists(w.dir.path() / "evidence.zip"));
  EXPECT_EQ(w1->bundle_files, 13u);  // 5 data files + 4 documents x 2 formats

  req.target = "acme-gateway";  // a release is needed
  EXPECT_FALSE(build_docs(*w.store, *w.cra, *w.vulns, req, w.clock));
}

}  // namespace
}  // namespace bulwark::service
