// CPE matching of components against NVD configurations imported into a temporary store.
// Fixtures: the repository's tests/feeds/data/nvd_log4j_openssl.json (CVE-2023-0286 for
// OpenSSL, CVE-2021-44228 for Log4j) and NVD-shaped records written by this test.
#include "bulwark/match/cpe_matcher.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bulwark/cpe/cpe.hpp"
#include "bulwark/vulndb/store.hpp"
#include "shared.hpp"

namespace bulwark::match {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json cpe_match(const std::string& criteria, bool vulnerable, json bounds = json::object()) {
  json m = {{"vulnerable", vulnerable},
            {"criteria", criteria},
            {"matchCriteriaId", "00000000-0000-4000-8000-000000000000"}};
  for (auto& [k, v] : bounds.items()) m[k] = v;
  return m;
}

json node(std::vector<json> matches, const std::string& op = "OR", bool negate = false) {
  return {{"operator", op}, {"negate", negate}, {"cpeMatch", std::move(matches)}};
}

json cve(const std::string& id, std::vector<json> configurations,
         const std::string& status = "Analyzed") {
  return {{"cve",
           {{"id", id},
            {"published", "2099-01-01T00:00:00.000"},
            {"lastModified", "2099-01-02T00:00:00.000"},
            {"vulnStatus", status},
            {"descriptions", {{{"lang", "en"}, {"value", "test record " + id}}}},
            {"configurations", std::move(configurations)}}}};
}

json config(std::vector<json> nodes, const std::string& op = "") {
  json c = {{"nodes", std::move(nodes)}};
  if (!op.empty()) c["operator"] = op;
  return c;
}

// NVD-shaped records for the acme products (written here; facts, not copies).
json acme_feed() {
  std::vector<json> v;
  // A concrete-version criterion.
  v.push_back(
      cve("CVE-2099-0001",
          {config({node({cpe_match("cpe:2.3:a:acme:widget:2.4.1:*:*:*:*:*:*:*", true)})})}));
  // AND(application node, non-vulnerable platform node).
  v.push_back(cve("CVE-2099-0002",
                  {config({node({cpe_match("cpe:2.3:a:acme:gadget:*:*:*:*:*:*:*:*", true,
                                           {{"versionEndExcluding", "3.0"}})}),
                           node({cpe_match("cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*", false)})},
                          "AND")}));
  // Rejected: every widget version, but never to be matched.
  v.push_back(cve("CVE-2099-0003",
                  {config({node({cpe_match("cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*", true)})})},
                  "Rejected"));
  // Every version of acme:tool (no version constraint).
  v.push_back(cve("CVE-2099-0004",
                  {config({node({cpe_match("cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*", true)})})}));
  // acme:tool below 5.0.
  v.push_back(
      cve("CVE-2099-0005", {config({node({cpe_match("cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*", true,
                                                    {{"versionEndExcluding", "5.0"}})})})}));
  return {{"resultsPerPage", v.size()}, {"startIndex", 0},
          {"totalResults", v.size()},   {"format", "NVD_CVE"},
          {"version", "2.0"},           {"timestamp", "2099-01-03T00:00:00.000"},
          {"vulnerabilities", v}};
}

class CpeMatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path acme = tmp.path() / "nvd_acme.json";
    std::ofstream(acme) << acme_feed().dump(1);
    const fs::path repo =
        test::source_dir() / "tests" / "feeds" / "data" / "nvd_log4j_openssl.json";
    ASSERT_TRUE(fs::exists(repo)) << repo;
    auto s = vulndb::Store::open((tmp.path() / "v.db").string());
    ASSERT_TRUE(s.has_value()) << s.error().message;
    store = std::move(*s);
    auto r = store->import({repo.string(), acme.string()}, vulndb::ImportOptions{});
    ASSERT_TRUE(r.has_value()) << r.error().message;
    ASSERT_EQ(r->feeds.nvd_seen, 7u);
    ASSERT_EQ(r->feeds.nvd_rejected, 1u);
  }

  std::vector<CpeFinding> run(const Component& c, bool guess = false,
                              std::vector<std::string>* notes = nullptr) {
    CpeMatcher m(*store);
    auto r = m.match(c, guess, notes);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r ? *r : std::vector<CpeFinding>{};
  }

  test::TempDir tmp;
  std::unique_ptr<vulndb::Store> store;
};

Component with_cpes(std::vector<std::string> cpes, std::string version = {}) {
  Component c;
  c.name = "x";
  c.version = std::move(version);
  c.cpes = std::move(cpes);
  return c;
}

std::vector<std::string> cves_of(const std::vector<CpeFinding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.cve);
  return out;
}

TEST_F(CpeMatcherTest, OpensslInsideBoundsMatches) {
  const std::string cpe = "cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*";
  auto fs = run(with_cpes({cpe}));
  ASSERT_EQ(cves_of(fs), std::vector<std::string>{"CVE-2023-0286"});
  const CpeFinding& f = fs[0];
  EXPECT_DOUBLE_EQ(f.confidence, cpe::kConfidenceBounds);
  EXPECT_EQ(f.criteria, "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*");
  EXPECT_EQ(f.bounds, ">= 1.1.1, < 1.1.1t");
  EXPECT_EQ(f.component_cpe, cpe);
  EXPECT_FALSE(f.cpe_guessed);
  EXPECT_NE(f.explanation.find("within"), std::string::npos) << f.explanation;
  EXPECT_NE(f.explanation.find("configuration 1 of 1"), std::string::npos) << f.explanation;
}

TEST_F(CpeMatcherTest, OpensslVersionsAgainstAllThreeRanges) {
  struct Case {
    const char* version;
    bool affected;
  };
  const Case cases[] = {{"1.0.1", false},  {"1.0.2", true}, {"1.0.2zf", true}, {"1.0.2zg", false},
                        {"1.1.0", false},  {"1.1.1", true}, {"1.1.1s", true},  {"1.1.1t", false},
                        {"1.1.1u", false}, {"3.0.0", true}, {"3.0.7", true},   {"3.0.8", false},
                        {"3.1.0", false}};
  std::size_t checked = 0;
  for (const Case& c : cases) {
    auto fs =
        run(with_cpes({fmt::format("cpe:2.3:a:openssl:openssl:{}:*:*:*:*:*:*:*", c.version)}));
    EXPECT_EQ(!fs.empty(), c.affected) << c.version;
    ++checked;
  }
  RecordProperty("versions_checked", static_cast<int>(checked));
  EXPECT_EQ(checked, 13u);
}

TEST_F(CpeMatcherTest, FixedVersionDoesNotMatch) {
  EXPECT_TRUE(run(with_cpes({"cpe:2.3:a:openssl:openssl:1.1.1t:*:*:*:*:*:*:*"})).empty());
  EXPECT_TRUE(run(with_cpes({"cpe:2.3:a:openssl:openssl:3.0.8:*:*:*:*:*:*:*"})).empty());
}

TEST_F(CpeMatcherTest, ConcreteVersionCriterionMatchesOnlyThatVersion) {
  auto hit = run(with_cpes({"cpe:2.3:a:acme:widget:2.4.1:*:*:*:*:*:*:*"}));
  ASSERT_EQ(cves_of(hit), std::vector<std::string>{"CVE-2099-0001"});
  EXPECT_DOUBLE_EQ(hit[0].confidence, cpe::kConfidenceExact);
  EXPECT_EQ(hit[0].bounds, "= 2.4.1");
  EXPECT_EQ(hit[0].criteria, "cpe:2.3:a:acme:widget:2.4.1:*:*:*:*:*:*:*");
  for (const char* v : {"2.4.0", "2.4.2", "2.4.10", "2.4"})
    EXPECT_TRUE(run(with_cpes({fmt::format("cpe:2.3:a:acme:widget:{}:*:*:*:*:*:*:*", v)})).empty())
        << v;
}

TEST_F(CpeMatcherTest, Log4jPicksBestConfigurationAndConcreteCriterion) {
  auto bounded = run(with_cpes({"cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"}));
  ASSERT_EQ(cves_of(bounded), std::vector<std::string>{"CVE-2021-44228"});
  EXPECT_EQ(bounded[0].bounds, ">= 2.13.0, < 2.15.0");
  EXPECT_NE(bounded[0].explanation.find("configuration 1 of 2"), std::string::npos);

  auto beta = run(with_cpes({"cpe:2.3:a:apache:log4j:2.0:beta9:*:*:*:*:*:*"}));
  ASSERT_EQ(cves_of(beta), std::vector<std::string>{"CVE-2021-44228"});
  EXPECT_DOUBLE_EQ(beta[0].confidence, cpe::kConfidenceExact);
  EXPECT_EQ(beta[0].criteria, "cpe:2.3:a:apache:log4j:2.0:beta9:*:*:*:*:*:*");
  EXPECT_EQ(beta[0].bounds, "= 2.0 (update beta9)");

  EXPECT_TRUE(run(with_cpes({"cpe:2.3:a:apache:log4j:2.17.1:*:*:*:*:*:*:*"})).empty());
}

TEST_F(CpeMatcherTest, AndWithPlatformNodeLowersConfidenceAndSaysSo) {
  auto fs = run(with_cpes({"cpe:2.3:a:acme:gadget:2.0:*:*:*:*:*:*:*"}));
  ASSERT_EQ(cves_of(fs), std::vector<std::string>{"CVE-2099-0002"});
  EXPECT_DOUBLE_EQ(fs[0].confidence, cpe::kConfidenceBounds * cpe::kAssumedPlatformFactor);
  EXPECT_EQ(fs[0].bounds, "< 3.0");
  EXPECT_NE(fs[0].explanation.find("platform assumed"), std::string::npos) << fs[0].explanation;
  EXPECT_NE(fs[0].explanation.find("microsoft:windows"), std::string::npos) << fs[0].explanation;

  // A product whose CPEs name another operating system: the platform node is evaluated strictly.
  EXPECT_TRUE(run(with_cpes({"cpe:2.3:a:acme:gadget:2.0:*:*:*:*:*:*:*",
                             "cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*"}))
                  .empty());
  // Outside the application node's bounds.
  EXPECT_TRUE(run(with_cpes({"cpe:2.3:a:acme:gadget:3.0:*:*:*:*:*:*:*"})).empty());
}

TEST_F(CpeMatcherTest, RejectedCveNeverMatches) {
  // CVE-2099-0003 (Rejected) covers every acme:widget version; nothing else covers 9.9.
  EXPECT_TRUE(run(with_cpes({"cpe:2.3:a:acme:widget:9.9:*:*:*:*:*:*:*"})).empty());
  Component guessed;
  guessed.name = "widget";
  guessed.version = "9.9";
  guessed.purl = "pkg:generic/acme/widget@9.9";
  EXPECT_TRUE(run(guessed, true).empty());
  // The record is stored, flagged by its status.
  auto rec = store->nvd("CVE-2099-0003");
  ASSERT_TRUE(rec.has_value());
  ASSERT_TRUE(rec->has_value());
  EXPECT_TRUE((*rec)->rejected());
}

TEST_F(CpeMatcherTest, GuessedCpeHasLowerConfidenceAndIsMarked) {
  Component c;
  c.name = "OpenSSL";
  c.version = "1.1.1n";
  auto fs = run(c, true);
  ASSERT_EQ(cves_of(fs), std::vector<std::string>{"CVE-2023-0286"});
  EXPECT_TRUE(fs[0].cpe_guessed);
  EXPECT_DOUBLE_EQ(fs[0].confidence, cpe::kConfidenceBounds * cpe::kGuessedFactor);
  EXPECT_EQ(fs[0].component_cpe, "cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*");
  EXPECT_NE(fs[0].explanation.find("guessed"), std::string::npos) << fs[0].explanation;

  std::vector<std::string> notes;
  EXPECT_TRUE(run(c, false, &notes).empty());  // guessing off
  EXPECT_EQ(notes, std::vector<std::string>{"no CPE (guessing is off)"});
}

TEST_F(CpeMatcherTest, GuessUsesPurlNamespaceAsVendor) {
  Component c;
  c.name = "widget";
  c.purl = "pkg:generic/acme/widget@2.4.1";
  EXPECT_EQ(guess_cpes(c), (std::vector<std::string>{"cpe:2.3:a:widget:widget:2.4.1:*:*:*:*:*:*:*",
                                                     "cpe:2.3:a:acme:widget:2.4.1:*:*:*:*:*:*:*"}));
  auto fs = run(c, true);
  ASSERT_EQ(cves_of(fs), std::vector<std::string>{"CVE-2099-0001"});
  EXPECT_TRUE(fs[0].cpe_guessed);
  EXPECT_DOUBLE_EQ(fs[0].confidence, cpe::kConfidenceExact * cpe::kGuessedFactor);
  EXPECT_EQ(fs[0].component_cpe, "cpe:2.3:a:acme:widget:2.4.1:*:*:*:*:*:*:*");

  Component maven;
  maven.purl = "pkg:maven/org.apache.logging.log4j/log4j@2.14.1";
  EXPECT_EQ(guess_cpes(maven),
            (std::vector<std::string>{"cpe:2.3:a:log4j:log4j:2.14.1:*:*:*:*:*:*:*",
                                      "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"}));
  Component nameless;
  nameless.version = "1.0";
  EXPECT_TRUE(guess_cpes(nameless).empty());
  Component versionless;
  versionless.name = "openssl";
  std::vector<std::string> notes;
  EXPECT_TRUE(run(versionless, true, &notes).empty());
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("no name and version"), std::string::npos);
}

TEST_F(CpeMatcherTest, UnparsableCpeGivesNoMatchAndNoCrash) {
  std::vector<std::string> notes;
  auto fs = run(with_cpes({"cpe:2.3:a:openssl", "cpe:2.3:a:open@ssl:openssl:1.1.1n:*:*:*:*:*:*:*",
                           "not a cpe"},
                          "1.1.1n"),
                true, &notes);
  EXPECT_TRUE(fs.empty());
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_NE(notes[0].find("cpe[0] skipped"), std::string::npos) << notes[0];
  EXPECT_NE(notes[1].find("cpe[1] skipped"), std::string::npos) << notes[1];
}

TEST_F(CpeMatcherTest, UnparsableVersionGivesNoMatch) {
  // cpe::parse admits only printable ASCII, so such a version comes from the component: a
  // space is not allowed in a version by cpe::compare_versions.
  std::vector<std::string> notes;
  auto fs = run(with_cpes({"cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*"}, "1.1.1 n"), false, &notes);
  EXPECT_TRUE(fs.empty());
  EXPECT_TRUE(notes.empty()) << notes.front();
  Component guessed;
  guessed.name = "openssl";
  guessed.version = "1.1.1 n";
  EXPECT_TRUE(run(guessed, true).empty());
  guessed.version = "1.1.1n";  // the same component with a readable version does match
  EXPECT_EQ(cves_of(run(guessed, true)), std::vector<std::string>{"CVE-2023-0286"});
}

TEST_F(CpeMatcherTest, AnyVersionComponentCpe) {
  // No version anywhere: bounded criteria cannot decide; the unconstrained one matches low.
  auto fs = run(with_cpes({"cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*"}));
  ASSERT_EQ(cves_of(fs), std::vector<std::string>{"CVE-2099-0004"});
  EXPECT_DOUBLE_EQ(fs[0].confidence, cpe::kConfidenceAnyVersion);
  EXPECT_EQ(fs[0].bounds, "all versions");
  EXPECT_EQ(fs[0].explanation.find("undecided"), std::string::npos) << fs[0].explanation;
  EXPECT_TRUE(run(with_cpes({"cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*"})).empty());

  // The component's own version fills an ANY CPE version.
  auto filled = run(with_cpes({"cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*"}, "4.2"));
  ASSERT_EQ(cves_of(filled), (std::vector<std::string>{"CVE-2099-0004", "CVE-2099-0005"}));
  EXPECT_DOUBLE_EQ(filled[1].confidence, cpe::kConfidenceBounds);
  EXPECT_NE(filled[1].explanation.find("component version \"4.2\" used"), std::string::npos)
      << filled[1].explanation;
  EXPECT_EQ(cves_of(run(with_cpes({"cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*"}, "5.0"))),
            std::vector<std::string>{"CVE-2099-0004"});
}

TEST_F(CpeMatcherTest, SeveralCpesAreOneSetAndDeduplicated) {
  auto fs = run(with_cpes({"cpe:2.3:a:openssl_project:openssl:1.1.1n:*:*:*:*:*:*:*",
                           "cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*",
                           "cpe:/a:openssl:openssl:1.1.1n"}));
  ASSERT_EQ(cves_of(fs), std::vector<std::string>{"CVE-2023-0286"});
  EXPECT_EQ(fs[0].component_cpe, "cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*");
}

TEST_F(CpeMatcherTest, MatcherCachesPerProduct) {
  CpeMatcher m(*store);
  std::size_t hits = 0;
  for (const char* v : {"1.1.1a", "1.1.1n", "1.1.1t", "3.0.1"}) {
    auto r =
        m.match(with_cpes({fmt::format("cpe:2.3:a:openssl:openssl:{}:*:*:*:*:*:*:*", v)}), false);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    hits += r->size();
  }
  EXPECT_EQ(hits, 3u);
  EXPECT_EQ(m.cached_products(), 1u);
  ASSERT_TRUE(
      m.match(with_cpes({"cpe:2.3:a:nobody:nothing:1.0:*:*:*:*:*:*:*"}), false).has_value());
  EXPECT_EQ(m.cached_products(), 2u);

  auto once = match_cpe(with_cpes({"cpe:2.3:a:acme:widget:2.4.1:*:*:*:*:*:*:*"}), *store, false);
  ASSERT_TRUE(once.has_value());
  EXPECT_EQ(cves_of(*once), std::vector<std::string>{"CVE-2099-0001"});
}

TEST(CpeBounds, DescribesEveryBound) {
  EXPECT_EQ(describe_bounds("1.1.1", "", "", "1.1.1t"), ">= 1.1.1, < 1.1.1t");
  EXPECT_EQ(describe_bounds("", "2.0", "2.9", ""), "> 2.0, <= 2.9");
  EXPECT_EQ(describe_bounds("", "", "", ""), "all versions");
}

}  // namespace
}  // namespace bulwark::match
