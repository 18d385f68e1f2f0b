#include "bulwark/cra/checklist.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "shared.hpp"

namespace bulwark::cra {
namespace {

TimePoint at(const char* s) { return parse_rfc3339(s).value(); }

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// IDs in backticks inside the digest's sections 2 (Article 13) to 5 (Annex I Part II).
std::set<std::string> digest_ids(const std::string& text) {
  const auto begin = text.find("\n## 2.");
  const auto end = text.find("\n## 6.");
  EXPECT_NE(begin, std::string::npos);
  EXPECT_NE(end, std::string::npos);
  const std::string part = text.substr(begin, end - begin);
  std::set<std::string> ids;
  const std::regex re("`([A-Z][A-Z0-9]*(?:\\.[A-Za-z0-9]+)+)`");
  for (std::sregex_iterator it(part.begin(), part.end(), re), e; it != e; ++it)
    ids.insert((*it)[1].str());
  return ids;
}

TEST(CraChecklist, CatalogueHasEveryAnnexIItem) {
  std::set<std::string_view> ids;
  for (const auto& it : annex_i_catalogue()) {
    ids.insert(it.id);
    EXPECT_FALSE(it.title.empty()) << it.id;
    EXPECT_FALSE(it.requirement.empty()) << it.id;
  }
  EXPECT_EQ(ids.size(), 22u);
  for (char c = 'a'; c <= 'm'; ++c) EXPECT_TRUE(ids.count("AI.P1.2" + std::string(1, c))) << c;
  for (int i = 1; i <= 8; ++i) EXPECT_TRUE(ids.count("AI.P2." + std::to_string(i))) << i;
  EXPECT_TRUE(ids.count("AI.P1.1"));
}

TEST(CraChecklist, Validation) {
  auto items = default_checklist();
  ASSERT_EQ(items.size(), 22u);
  EXPECT_TRUE(validate(items));
  items[5].applicable = false;  // AI.P1.2e
  auto r = validate(items);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("AI.P1.2e"), std::string::npos);
  EXPECT_NE(r.error().message.find("justification"), std::string::npos);
  items[5].justification = "The product stores no data.";
  EXPECT_TRUE(validate(items));
  items[14].applicable = false;  // AI.P2.1 always applies
  items[14].justification = "no";
  EXPECT_FALSE(validate(items));
  items[14].applicable = true;
  items.push_back(ChecklistItem{"AI.P1.2e"});
  EXPECT_NE(validate(items).error().message.find("listed twice"), std::string::npos);
  items.back().id = "AI.P3.1";
  EXPECT_NE(validate(items).error().message.find("not an Annex I item"), std::string::npos);
}

TEST(CraChecklist, SbomHook) {
  auto r = check_sbom_per_release({{"1.0", true, "sbom-1.0.cdx.json"}, {"1.1", false, ""}});
  EXPECT_EQ(r.id, "AI.P2.1");
  EXPECT_EQ(r.status, ItemStatus::kNotMet);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0], "release 1.1 has no SBOM");
  EXPECT_TRUE(r.evidence.automatic);
  r = check_sbom_per_release({{"1.0", true, "a.json"}, {"1.1", true, "b.json"}});
  EXPECT_EQ(r.status, ItemStatus::kMet);
  EXPECT_EQ(check_sbom_per_release({}).status, ItemStatus::kOpen);
  auto items = default_checklist();
  ASSERT_TRUE(apply_hook(items, r));
  EXPECT_EQ(items[14].status, ItemStatus::kMet);
  EXPECT_EQ(items[14].evidence.size(), 1u);
}

TEST(CraChecklist, KnownExploitableHook) {
  std::vector<ReleaseFindingFact> f = {
      {"2.0", "CVE-2024-3094", "pkg:deb/debian/xz-utils@5.6.0", true, false, AnalysisState::kFixed},
      {"2.0", "CVE-2023-1", "pkg:npm/a@1", false, false, std::nullopt},  // not exploited: ignored
      {"2.1", "CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", false, true,
       AnalysisState::kUnderInvestigation},
      {"2.1", "CVE-2022-2", "pkg:npm/b@1", true, false, std::nullopt},
  };
  auto r = check_no_known_exploitable(f);
  EXPECT_EQ(r.id, "AI.P1.2a");
  EXPECT_EQ(r.status, ItemStatus::kNotMet);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].find("CVE-2021-44228"), std::string::npos);
  EXPECT_NE(r.problems[0].find("under_investigation"), std::string::npos);
  EXPECT_NE(r.problems[1].find("unanalysed"), std::string::npos);
  f.resize(2);
  EXPECT_EQ(check_no_known_exploitable(f).status, ItemStatus::kMet);
}

TEST(CraChecklist, CvdAndContactHooks) {
  CvdFacts f;
  EXPECT_EQ(check_cvd_policy(f).status, ItemStatus::kNotMet);
  EXPECT_EQ(check_vulnerability_contact(f).problems.size(), 2u);
  f.cvd_policy_url = "https://acme.example/cvd";
  f.security_txt_url = "https://acme.example/.well-known/security.txt";
  f.contact = "mailto:psirt@acme.example";
  auto cvd = check_cvd_policy(f);
  EXPECT_EQ(cvd.id, "AI.P2.5");
  EXPECT_EQ(cvd.status, ItemStatus::kMet);
  EXPECT_EQ(cvd.evidence.uri, "https://acme.example/cvd");
  auto contact = check_vulnerability_contact(f);
  EXPECT_EQ(contact.id, "AI.P2.6");
  EXPECT_EQ(contact.status, ItemStatus::kMet);
}

TEST(CraChecklist, FixDeadlineHook) {
  const TimePoint now = at("2026-12-01T00:00:00Z");
  std::vector<FixDeadlineFact> f = {
      {"CVE-1", "1.0", at("2026-11-01T00:00:00Z"), at("2026-10-30T00:00:00Z")},  // on time
      {"CVE-2", "1.0", at("2026-12-10T00:00:00Z"), std::nullopt},                // not yet due
  };
  EXPECT_EQ(check_fix_deadlines(f, now).status, ItemStatus::kMet);
  f.push_back({"CVE-3", "1.0", at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z")});  // late
  f.push_back({"CVE-4", "1.1", at("2026-11-15T00:00:00Z"), std::nullopt});                // overdue
  auto r = check_fix_deadlines(f, now);
  EXPECT_EQ(r.id, "AI.P2.2");
  EXPECT_EQ(r.status, ItemStatus::kNotMet);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].find("CVE-3"), std::string::npos);
  EXPECT_NE(r.problems[1].find("CVE-4 in 1.1 unfixed"), std::string::npos);
}

TEST(CraChecklist, CoverageEntriesAreWellFormed) {
  std::set<std::string_view> ids;
  for (const auto& e : coverage_table()) {
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate " << e.id;
    const bool ok =
        e.coverage.rfind("implemented: ", 0) == 0 || e.coverage.rfind("out of scope: ", 0) == 0;
    EXPECT_TRUE(ok) << e.id << ": " << e.coverage;
  }
  for (const auto& it : annex_i_catalogue()) EXPECT_TRUE(ids.count(it.id)) << it.id;
  EXPECT_GE(ids.size(), 80u);
}

TEST(CraChecklist, CoverageListsEveryDigestId) {
  BULWARK_REQUIRE_SHARED(digest, "docs/cra-requirements.md");
  const auto ids = digest_ids(slurp(digest));
  std::set<std::string_view> covered;
  for (const auto& e : coverage_table()) covered.insert(e.id);
  std::size_t checked = 0;
  for (const auto& id : ids) {
    EXPECT_TRUE(covered.count(id)) << id << " from the digest is missing in coverage_table()";
    ++checked;
  }
  RecordProperty("digest_ids_checked", static_cast<int>(checked));
  std::printf("[ coverage ] %zu digest IDs (Art 13, Art 14, Annex I) checked\n", checked);
  EXPECT_GE(checked, 70u);
  for (char c = 'a'; c <= 'm'; ++c) EXPECT_TRUE(ids.count("AI.P1.2" + std::string(1, c)));
}

TEST(CraChecklist, DocsListEveryCoveredId) {
  const auto path = test::source_dir() / "docs" / "cra.md";
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  const std::string doc = slurp(path);
  std::size_t checked = 0;
  for (const auto& e : coverage_table()) {
    EXPECT_NE(doc.find("`" + std::string(e.id) + "`"), std::string::npos)
        << e.id << " missing in docs/cra.md";
    ++checked;
  }
  EXPECT_GE(checked, 80u);
}

}  // namespace
}  // namespace bulwark::cra
