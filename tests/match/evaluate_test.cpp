// OSV range semantics, written from the OSV schema's evaluation rules.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bulwark/match/matcher.hpp"
#include "bulwark/osv/osv.hpp"
#include "shared.hpp"

namespace bulwark::match {
namespace {

OsvAffected affected(std::string eco, std::vector<std::vector<OsvEvent>> ranges,
                     OsvRangeType type = OsvRangeType::kEcosystem,
                     std::vector<std::string> versions = {}) {
  OsvAffected a;
  a.ecosystem = std::move(eco);
  a.name = "pkg";
  for (auto& events : ranges) a.ranges.push_back({type, "", std::move(events)});
  a.versions = std::move(versions);
  return a;
}

OsvEvent intro(std::string v) { return {OsvEventKind::kIntroduced, std::move(v)}; }
OsvEvent fixed(std::string v) { return {OsvEventKind::kFixed, std::move(v)}; }
OsvEvent last(std::string v) { return {OsvEventKind::kLastAffected, std::move(v)}; }
OsvEvent limit(std::string v) { return {OsvEventKind::kLimit, std::move(v)}; }

bool hit(const OsvAffected& a, std::string_view v) {
  auto r = evaluate(a, v);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r && r->affected;
}

TEST(Evaluate, IntroducedZeroFixed) {
  auto a = affected("PyPI", {{intro("0"), fixed("2.31.0")}});
  EXPECT_TRUE(hit(a, "0.1"));
  EXPECT_TRUE(hit(a, "2.30.9"));
  EXPECT_TRUE(hit(a, "2.31.0rc1"));  // a pre-release of the fix is still before it
  EXPECT_FALSE(hit(a, "2.31.0"));
  EXPECT_FALSE(hit(a, "2.31"));  // PEP 440: 2.31 == 2.31.0
  EXPECT_FALSE(hit(a, "3.0"));
}

TEST(Evaluate, LastAffectedIsInclusive) {
  auto a = affected("npm", {{intro("1.0.0"), last("1.4.2")}});
  EXPECT_FALSE(hit(a, "0.9.9"));
  EXPECT_TRUE(hit(a, "1.0.0"));
  EXPECT_TRUE(hit(a, "1.4.2"));
  EXPECT_FALSE(hit(a, "1.4.3"));
}

TEST(Evaluate, UnsortedEventsAndSeveralIntervals) {
  // Events listed out of order still describe [1.0.0, 1.2.6) and [0, 0.2.4).
  auto a = affected("npm", {{fixed("1.2.6"), intro("1.0.0"), fixed("0.2.4"), intro("0")}},
                    OsvRangeType::kSemver);
  EXPECT_TRUE(hit(a, "0.2.3"));
  EXPECT_FALSE(hit(a, "0.2.4"));
  EXPECT_FALSE(hit(a, "0.9.0"));
  EXPECT_TRUE(hit(a, "1.2.5"));
  EXPECT_FALSE(hit(a, "1.2.6"));
}

TEST(Evaluate, SeveralRangesAreAlternatives) {
  auto a =
      affected("Maven", {{intro("2.0-beta9"), fixed("2.3.1")}, {intro("2.13.0"), fixed("2.15.0")}});
  EXPECT_TRUE(hit(a, "2.0-beta9"));
  EXPECT_TRUE(hit(a, "2.0"));
  EXPECT_FALSE(hit(a, "2.0-beta8"));
  EXPECT_FALSE(hit(a, "2.5"));
  EXPECT_TRUE(hit(a, "2.14.1"));
  EXPECT_FALSE(hit(a, "2.15.0"));
}

TEST(Evaluate, LimitBoundsTheRange) {
  auto a = affected("npm", {{intro("0"), limit("2.0.0")}}, OsvRangeType::kSemver);
  EXPECT_TRUE(hit(a, "1.9.9"));
  EXPECT_FALSE(hit(a, "2.0.0"));
}

TEST(Evaluate, VersionsListIsExactStringMatch) {
  // OSV: "versions" is matched by exact string (a leading "v" is ignored, as Go versions vary).
  auto a = affected("PyPI", {}, OsvRangeType::kEcosystem, {"1.0", "1.1"});
  EXPECT_TRUE(hit(a, "1.1"));
  EXPECT_FALSE(hit(a, "1.0.0"));
  EXPECT_FALSE(hit(a, "1.2"));
  auto g = affected("Go", {}, OsvRangeType::kSemver, {"0.10.0"});
  EXPECT_TRUE(hit(g, "v0.10.0"));
}

TEST(Evaluate, DebianRulesNotStringRules) {
  auto a = affected("Debian:11", {{intro("0"), fixed("1.1.1n-0+deb11u4")}});
  EXPECT_TRUE(hit(a, "1.1.1n-0+deb11u3"));
  EXPECT_FALSE(hit(a, "1.1.1n-0+deb11u4"));
  EXPECT_FALSE(hit(a, "1.1.1n-0+deb11u10"));  // numeric, not lexical
  EXPECT_TRUE(hit(a, "1.1.1n~rc1-0"));        // '~' sorts before the release
}

TEST(Evaluate, GitRangesAreNotedNotEvaluated) {
  OsvAffected a;
  a.ecosystem = "npm";
  a.ranges.push_back(
      {OsvRangeType::kGit, "https://example.invalid/repo.git", {intro("0"), fixed("abc")}});
  auto r = evaluate(a, "1.0.0");
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->affected);
  EXPECT_TRUE(r->git_skipped);
}

TEST(Evaluate, UnparsableVersionIsAnError) {
  auto a = affected("Debian:12", {{intro("0"), fixed("1.0-1")}});
  auto r = evaluate(a, "not a version!");
  EXPECT_FALSE(r.has_value());
}

TEST(Evaluate, FixedVersionsCollected) {
  auto a = affected("npm", {{intro("0"), fixed("1.0.1")}, {intro("2.0.0"), fixed("2.0.5")}});
  auto r = evaluate(a, "2.0.1");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->affected);
  EXPECT_EQ(r->fixed, (std::vector<std::string>{"1.0.1", "2.0.5"}));
}

// OSV compares "versions" entries as exact strings before any scheme: a version that is not
// valid under the ecosystem's rules is affected when a record lists it word for word.
TEST(Evaluate, VersionsListedWordForWordAreAffectedWhateverTheScheme) {
  auto a =
      affected("PyPI", {{intro("0"), fixed("0.4")}}, OsvRangeType::kEcosystem, {"0.3m5", "0.3"});
  auto r = evaluate(a, "0.3m5");  // not PEP 440
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->affected);
  EXPECT_EQ(r->range, "versions list entry 0.3m5");
  EXPECT_EQ(r->fixed, (std::vector<std::string>{"0.4"}));
  EXPECT_FALSE(evaluate(a, "0.3m6").has_value());  // not listed, not PEP 440: still not evaluable
  EXPECT_TRUE(hit(a, "0.3"));                      // valid versions: ranges decide as before
  // Every ecosystem, and the listed spelling (case included) is the one reported.
  auto d = affected("Debian:12", {{intro("0"), fixed("1.0-1")}}, OsvRangeType::kEcosystem,
                    {"Weird Version!"});
  r = evaluate(d, "Weird Version!");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->affected);
  EXPECT_EQ(r->range, "versions list entry Weird Version!");
  EXPECT_FALSE(evaluate(d, "weird version!").has_value());  // exact: case matters
  // PyPI versions are case-insensitive, and purls carry them lower-cased: the entry still
  // matches and is reported as the record spells it.
  auto j = affected("PyPI", {}, OsvRangeType::kEcosystem, {"-class.-jw.util.version.Version-"});
  r = evaluate(j, "-class.-jw.util.version.version-");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->affected);
  EXPECT_EQ(r->range, "versions list entry -class.-jw.util.version.Version-");
  auto n = affected("npm", {{intro("0"), fixed("2.0.0")}}, OsvRangeType::kSemver, {"1.0.0-Beta_1"});
  r = evaluate(n, "1.0.0-Beta_1");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->affected);
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The PyPA records that list versions pypa/packaging cannot parse.
TEST(Evaluate, PypaRecordsListingNonPep440Versions) {
  BULWARK_REQUIRE_SHARED(vulns, "corpora/pypa-advisory-database/vulns");
  struct Case {
    const char* file;
    const char* package;
    const char* version;
  };
  for (const Case& c :
       {Case{"rope/PYSEC-2018-100.yaml", "rope", "0.3m5"},
        Case{"limnoria/PYSEC-2019-102.yaml", "limnoria", "2013-09-11T19-27-10"},
        Case{"jw.util/PYSEC-2020-341.yaml", "jw.util", "-class.-jw.util.version.Version-"}}) {
    SCOPED_TRACE(c.file);
    auto json = osv::yaml_to_json(slurp(vulns / c.file));
    ASSERT_TRUE(json.has_value()) << json.error().message;
    auto record = osv::parse_json(*json);
    ASSERT_TRUE(record.has_value()) << record.error().message;
    bool found = false;
    for (const auto& aff : record->affected) {
      if (aff.name != c.package) continue;
      found = true;
      auto r = evaluate(aff, c.version);
      ASSERT_TRUE(r.has_value()) << r.error().message;
      EXPECT_TRUE(r->affected);
      EXPECT_EQ(r->range, std::string("versions list entry ") + c.version);
    }
    EXPECT_TRUE(found);
  }
}

}  // namespace
}  // namespace bulwark::match
