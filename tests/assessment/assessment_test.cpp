// The risk assessment as data: the likelihood x impact scale, validation errors naming the JSON
// pointer, the applicability rule that drives the checklist, the review states (four eyes),
// merge and diff.
#include "bulwark/assessment/assessment.hpp"

#include <gtest/gtest.h>

#include "bulwark/assessment/review.hpp"
#include "bulwark/assessment/text.hpp"
#include "bulwark/core/clock.hpp"

namespace bulwark::assessment {
namespace {

TimePoint at(const char* s) { return *parse_rfc3339(s); }

Assessment small() {
  Assessment a;
  a.product = "acme-gateway";
  a.release = "3.3.0";
  a.context.intended_purpose = "Industrial IoT gateway";
  a.assets = {{"A1", "Device credentials", "data", "", Need::kHigh, Need::kHigh, Need::kMedium}};
  Interface web;
  web.id = "I1";
  web.name = "Web UI";
  web.assets = {"A1"};
  a.interfaces = {web};
  Threat t;
  t.id = "T1";
  t.title = "Credential stuffing on the web UI";
  t.stride = {Stride::kSpoofing};
  t.assets = {"A1"};
  t.interfaces = {"I1"};
  t.inherent = {4, {1, 4, 3}};
  t.residual = Rating{2, {1, 4, 3}};
  t.mitigations = {"M1"};
  a.threats = {t};
  Mitigation m;
  m.id = "M1";
  m.title = "Per-device passwords and lockout";
  m.requirements = {"AI.P1.2d", "AI.P1.2b"};
  m.status = "verified";
  m.evidence = {{"test_report", "https://acme.example/qa/auth.pdf", "Authentication test"}};
  a.mitigations = {m};
  return a;
}

TEST(RiskScale, LikelihoodTimesHighestImpactBanded) {
  Rating r{4, {1, 4, 3}};
  EXPECT_EQ(r.impact.overall(), 4);
  EXPECT_EQ(r.score(), 16);
  EXPECT_EQ(r.level(), RiskLevel::kHigh);
  // Health and safety counts even when the business impact is low.
  EXPECT_EQ((Rating{3, {5, 1, 0}}).score(), 15);
  EXPECT_EQ(level_of(0), RiskLevel::kNone);
  EXPECT_EQ(level_of(1), RiskLevel::kLow);
  EXPECT_EQ(level_of(4), RiskLevel::kLow);
  EXPECT_EQ(level_of(5), RiskLevel::kMedium);
  EXPECT_EQ(level_of(9), RiskLevel::kMedium);
  EXPECT_EQ(level_of(10), RiskLevel::kHigh);
  EXPECT_EQ(level_of(16), RiskLevel::kHigh);
  EXPECT_EQ(level_of(17), RiskLevel::kCritical);
  EXPECT_EQ(level_of(25), RiskLevel::kCritical);
  EXPECT_EQ(likelihood_label(1), "rare");
  EXPECT_EQ(likelihood_label(5), "almost certain");
  EXPECT_EQ(impact_label(0), "none");
  EXPECT_EQ(impact_label(5), "severe");
}

TEST(RiskScale, StrideNamesAndLetters) {
  EXPECT_EQ(stride_from_string("Information disclosure"), Stride::kInformationDisclosure);
  EXPECT_EQ(stride_from_string("Elevation of Privileges"), Stride::kElevationOfPrivilege);
  EXPECT_EQ(stride_from_string("denial-of-service"), Stride::kDenialOfService);
  EXPECT_EQ(stride_from_string("T"), Stride::kTampering);
  EXPECT_FALSE(stride_from_string("Linkability"));
}

TEST(RiskValidate, AcceptsTheSmallAssessment) {
  auto v = validate(small());
  EXPECT_TRUE(v) << v.error().message;
}

TEST(RiskValidate, ErrorsNameTheJsonPointer) {
  auto a = small();
  a.threats[0].assets.push_back("A9");
  auto v = validate(a);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message, "/threats/0/assets/1: unknown asset 'A9'");

  a = small();
  a.threats[0].inherent.likelihood = 6;
  v = validate(a);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message, "/threats/0/inherent/likelihood: 6 is outside the scale 1..5");

  a = small();
  a.threats[0].residual = Rating{5, {1, 4, 3}};  // 20 > 16
  v = validate(a);
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("/threats/0/residual: residual risk 20 is above"),
            std::string::npos);

  a = small();
  a.mitigations[0].requirements.push_back("AI.P2.1");
  v = validate(a);
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("/mitigations/0/requirements/2"), std::string::npos);

  a = small();
  a.assets.push_back(a.assets[0]);
  v = validate(a);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message, "/assets/1/id: duplicate id 'A1'");

  a = small();
  a.accepted_risks.push_back({"T1", "", "cto@acme.example", "2026-12-01"});
  v = validate(a);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message, "/accepted_risks/0/rationale: a rationale is required");
}

TEST(RiskApplicability, NotApplicableNeedsAJustification) {
  auto a = small();
  a.applicability.push_back({"AI.P1.2m", false, ""});
  auto v = validate(a);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message,
            "/applicability/0/justification: AI.P1.2m is marked not applicable without a "
            "justification (A13.4)");
  EXPECT_FALSE(derive_applicability(a));
}

TEST(RiskApplicability, DerivedFromStatementsAndMitigations) {
  auto a = small();
  a.applicability.push_back(
      {"AI.P1.2m", false, "The gateway stores no user data beyond its configuration"});
  auto d = derive_applicability(a);
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->size(), 13u);
  const auto& p2b = (*d)[1];
  EXPECT_EQ(p2b.requirement, "AI.P1.2b");
  EXPECT_TRUE(p2b.applicable);
  const auto& p2d = (*d)[3];
  EXPECT_EQ(p2d.requirement, "AI.P1.2d");
  EXPECT_EQ(p2d.justification, "implemented by M1 against T1");
  EXPECT_EQ(p2d.mitigations, std::vector<std::string>{"M1"});
  ASSERT_EQ(p2d.evidence.size(), 1u);
  EXPECT_EQ(p2d.evidence[0].uri, "https://acme.example/qa/auth.pdf");
  const auto& p2m = (*d)[12];
  EXPECT_FALSE(p2m.applicable);
  EXPECT_TRUE(p2m.stated);
  EXPECT_EQ(p2m.justification, "The gateway stores no user data beyond its configuration");
  const auto& p2g = (*d)[6];  // nothing says anything: applies by default
  EXPECT_TRUE(p2g.applicable);
  EXPECT_EQ(p2g.justification, "applies; no mitigation in the assessment yet");
  // Not applicable while a mitigation implements it: contradiction.
  a.applicability.push_back({"AI.P1.2d", false, "no access control needed"});
  auto bad = derive_applicability(a);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("AI.P1.2d: marked not applicable but mitigations M1"),
            std::string::npos);
}

TEST(RiskWarnings, HighResidualWithoutAcceptanceIsFlagged) {
  auto a = small();
  a.threats[0].residual.reset();  // 16 high
  auto w = warnings(a);
  auto has = [&](const std::string& s) {
    for (const auto& x : w)
      if (x.find(s) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("threat T1 keeps a high residual risk and is not accepted"));
  EXPECT_TRUE(has("/context/operational_environment: missing"));
  a.accepted_risks.push_back({"T1", "compensated by network segmentation", "cto", "2026-12-01"});
  EXPECT_FALSE(has("x") && false);
  w = warnings(a);
  EXPECT_FALSE(has("threat T1 keeps"));
}

TEST(RiskReview, DraftReviewedApprovedWithFourEyes) {
  auto r = create_revision("acme-gateway", "3.3.0", 1, "{}", "model.json", "alice",
                           at("2026-12-01T09:00:00Z"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->state, ReviewState::kDraft);
  // The author can neither review nor approve.
  auto self = review(*r, "alice", "", at("2026-12-01T10:00:00Z"));
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code, ErrorCode::kConflict);
  // Approving a draft skips the review: refused.
  auto early = approve(*r, "carol", "", at("2026-12-01T10:00:00Z"));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  auto reviewed = review(*r, "bob", "threats complete", at("2026-12-01T10:00:00Z"));
  ASSERT_TRUE(reviewed);
  EXPECT_EQ(reviewed->reviewer, "bob");
  auto returned = return_to_draft(*reviewed, "bob", "", at("2026-12-01T10:30:00Z"));
  EXPECT_FALSE(returned);  // a reason is required
  auto self_approve = approve(*reviewed, "Alice", "", at("2026-12-01T11:00:00Z"));
  ASSERT_FALSE(self_approve);  // case-insensitive identity
  auto approved = approve(*reviewed, "carol", "ok", at("2026-12-01T11:00:00Z"));
  ASSERT_TRUE(approved) << approved.error().message;
  EXPECT_EQ(approved->state, ReviewState::kApproved);
  EXPECT_EQ(approved->approver, "carol");
  ASSERT_EQ(approved->history.size(), 3u);
  EXPECT_EQ(approved->history[0].action, "create");
  EXPECT_EQ(approved->history[1].action, "review");
  EXPECT_EQ(approved->history[2].action, "approve");
  EXPECT_EQ(describe(*approved),
            "revision 1 (approved, approved by carol on 2026-12-01, reviewed by bob, author "
            "alice)");
  EXPECT_FALSE(review(*approved, "dave", "", at("2026-12-02T00:00:00Z")));
  auto sup = supersede(*approved, 2, at("2026-12-03T00:00:00Z"));
  ASSERT_TRUE(sup);
  EXPECT_EQ(sup->state, ReviewState::kSuperseded);
  EXPECT_FALSE(create_revision("p", "1", 1, "{}", "", " ", at("2026-12-01T09:00:00Z")));
}

TEST(RiskMergeDiff, OverlayAndChanges) {
  auto base = small();
  Assessment overlay;
  overlay.context.operational_environment = "Factory OT network";
  Threat t2;
  t2.id = "T2";
  t2.title = "Malicious update";
  t2.inherent = {3, {2, 4, 4}};
  overlay.threats = {t2};
  auto merged = merge(base, overlay);
  EXPECT_EQ(merged.context.intended_purpose, "Industrial IoT gateway");
  EXPECT_EQ(merged.context.operational_environment, "Factory OT network");
  ASSERT_EQ(merged.threats.size(), 2u);
  auto changes = diff(base, merged);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, "context");
  EXPECT_EQ(changes[1].kind, "threat");
  EXPECT_EQ(changes[1].id, "T2");
  EXPECT_EQ(changes[1].change, "added");
  EXPECT_EQ(changes[1].detail, "residual - -> high");
}

// Only a statement lowers a priority for lack of exposure (docs/risk-policy.md): the statement
// is checked, merged, diffed and carried through the text forms like the rest.
TEST(RiskReachability, StatementsAreCheckedMergedDiffedAndRoundTripped) {
  auto a = small();
  a.interfaces[0].components = {"express"};
  a.reachability.unreachable = {{"minimist", "local diagnostics tool only"}};
  ASSERT_TRUE(validate(a));
  auto b = a;
  b.reachability.unreachable.push_back({"MINIMIST", "again"});
  auto v = validate(b);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message, "/reachability/unreachable/1/component: 'MINIMIST' is stated twice");
  b = a;
  b.reachability.unreachable[0].rationale = " ";
  v = validate(b);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message,
            "/reachability/unreachable/0/rationale: why nothing reaches 'minimist' is required");
  b = a;
  b.reachability.unreachable.push_back({"Express", "contradicts I1"});
  v = validate(b);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message,
            "/reachability/unreachable/1/component: 'Express' is stated unreachable but an "
            "interface lists it");

  Assessment overlay;
  overlay.reachability.complete = true;
  overlay.reachability.unreachable = {{"Minimist", "serial console only"}, {"zlib", "unused"}};
  auto merged = merge(a, overlay);
  EXPECT_TRUE(merged.reachability.complete);
  ASSERT_EQ(merged.reachability.unreachable.size(), 2u);
  EXPECT_EQ(merged.reachability.unreachable[0].rationale, "serial console only");
  auto changes = diff(a, merged);
  std::vector<std::string> seen;
  for (const auto& c : changes)
    if (c.kind == "reachability") seen.push_back(c.id + " " + c.change);
  EXPECT_EQ(seen, (std::vector<std::string>{"complete changed", "Minimist changed", "zlib added"}));

  for (const std::string& text : {to_json(merged), to_yaml(merged)}) {
    auto back = parse(text, "a");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->reachability, merged.reachability);
  }
  EXPECT_NE(to_markdown(merged, {}).find("| Minimist | serial console only |"), std::string::npos);
  auto bad =
      import_document(R"({"reachability":{"unreachable":[{"component":"x"}], "all":1}})", "r.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "r.json: /reachability/all: unknown field");
  bad = import_document(R"({"reachability":{"unreachable":{}}})", "r.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("r.json: /reachability/unreachable"), std::string::npos)
      << bad.error().message;
}

TEST(RiskText, JsonRoundTripAndYaml) {
  const auto a = small();
  const std::string text = to_json(a);
  auto back = parse(text, "a.json");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, a);
  const std::string yaml =
      "format: bulwark-risk-assessment/1\nproduct: acme-gateway\nrelease: 3.3.0\n"
      "assets:\n  - id: A1\n    name: Config\n    confidentiality: high\n"
      "threats:\n  - id: T1\n    title: Tampering\n    stride: [T]\n    assets: [A1]\n"
      "    inherent: {likelihood: 3, impact: {business: 4}}\n";
  auto y = import_document(yaml, "a.yaml");
  ASSERT_TRUE(y) << y.error().message;
  EXPECT_EQ(y->assessment.threats[0].inherent.score(), 12);
  EXPECT_EQ(y->assessment.assets[0].confidentiality, Need::kHigh);
}

TEST(RiskText, MalformedInputNamesFileAndPointer) {
  auto bad = import_document(
      R"({"threats":[{"id":"T1","title":"x","inherent":{"likelihood":"high"}}]})", "model.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "model.json: /threats/0/inherent/likelihood: expected an integer");
  bad = import_document(R"({"assets":[{"id":"A1","confidentiality":"secret"}]})", "m.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "m.json: /assets/0/confidentiality: 'secret' is not a protection need (none, low, "
            "medium, high)");
  bad = import_document(R"({"threat":[]})", "typo.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "typo.json: /threat: unknown field");
  bad = import_document("{\"assets\": [", "cut.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("cut.json: invalid JSON at line 1"), std::string::npos);
  std::string deep(500, '[');
  bad = import_document("{\"a\":" + deep, "deep.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("nesting deeper than"), std::string::npos);
  bad = import_document(R"({"applicability":[{"requirement":"AI.P1.2g","applicable":false}]})",
                        "na.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("na.json: /applicability/0/justification"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::assessment
