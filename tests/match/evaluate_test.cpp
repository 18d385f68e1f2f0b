// OSV range semantics, written from the OSV schema's evaluation rules.
#include <gtest/gtest.h>

#include "bulwark/match/matcher.hpp"

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
  EXPECT_FALSE(hit(a, "2.31"));      // PEP 440: 2.31 == 2.31.0
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
  auto a = affected("Maven", {{intro("2.0-beta9"), fixed("2.3.1")}, {intro("2.13.0"), fixed("2.15.0")}});
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
  a.ranges.push_back({OsvRangeType::kGit, "https://example.invalid/repo.git", {intro("0"), fixed("abc")}});
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

}  // namespace
}  // namespace bulwark::match
