// NuGet ordering (NuGet.Versioning): osv-scalibr fixtures, vers-spec tests and our facts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "bulwark/version/schemes.hpp"
#include "bulwark/version/version.hpp"
#include "compare_corpus.hpp"
#include "shared.hpp"

namespace {

using bulwark::version::scheme::nuget;

int cmp(std::string_view a, std::string_view b) {
  auto r = nuget(a, b);
  EXPECT_TRUE(r.has_value()) << a << " vs " << b << ": " << (r ? "" : r.error().message);
  return r ? *r : 99;
}

// osv-scalibr compares NuGet numbers as big integers; NuGet.Versioning parses each component as
// an Int32 (System.Version), so these versions do not parse at all.
const std::map<std::string, std::string> kBeyondInt32 = {
    {"999999999999999999999999999991 < 999999999999999999999999999999", "Int32 overflow"},
    {"999999999999999999999999999991.999999999999999999999999999991.999999999999999999999999999991 "
     "< "
     "999999999999999999999999999999.999999999999999999999999999991.999999999999999999999999999991",
     "Int32 overflow"},
};

TEST(NuGetScalibr, Fixtures) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  auto stats = bulwark::test::check_compare_file(nuget, dir / "nuget-versions.txt", kBeyondInt32);
  EXPECT_GE(stats.checked, 30u);
  EXPECT_EQ(stats.excluded, 2u);
  EXPECT_FALSE(nuget("999999999999999999999999999991", "1").has_value());
  std::printf("nuget-versions.txt: %zu checked, %zu excluded\n", stats.checked, stats.excluded);
}

TEST(NuGetVersSpec, ComparisonAndEquality) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/vers-spec/tests");
  std::ifstream in(dir / "nuget_version_cmp_test.json");
  auto doc = nlohmann::json::parse(in);
  std::size_t n = 0;
  for (const auto& t : doc.at("tests")) {
    const auto& v = t.at("input").at("versions");
    std::string a = v.at(0), b = v.at(1);
    if (t.at("test_type") == "equality") {
      EXPECT_EQ(cmp(a, b) == 0, t.at("expected_output").get<bool>()) << a << " vs " << b;
    } else {
      std::string lo = t.at("expected_output").at(0), hi = t.at("expected_output").at(1);
      EXPECT_LE(cmp(lo, hi), 0) << lo << " vs " << hi;
      EXPECT_GE(cmp(hi, lo), 0) << hi << " vs " << lo;
    }
    ++n;
  }
  EXPECT_GE(n, 30u);
  std::printf("vers-spec nuget: %zu cases\n", n);
}

TEST(NuGet, Facts) {
  EXPECT_EQ(cmp("1", "1.0.0.0"), 0);
  EXPECT_EQ(cmp("1.0.0.1", "1.0.0"), 1);
  EXPECT_EQ(cmp("1.0.0-alpha", "1.0.0"), -1);
  EXPECT_EQ(cmp("1.0.0-2", "1.0.0-10"), -1);      // numeric labels compare numerically
  EXPECT_EQ(cmp("1.0.0-10", "1.0.0-alpha"), -1);  // and before alphanumeric ones
  EXPECT_EQ(cmp("1.0.0-Alpha", "1.0.0-aLPHA"), 0);
  EXPECT_EQ(cmp("1.0.0-alpha", "1.0.0-alpha.1"), -1);
  EXPECT_EQ(cmp("1.0.0+build.5", "1.0.0+other"), 0);
  EXPECT_EQ(cmp(" 1.2 ", "1.2"), 0);
}

TEST(NuGet, InvalidVersions) {
  for (const char* bad : {"", "v1.0", "1.0.0.0.0", "1.a", "1.0-", "1.0-01", "1.0-a..b", "1.0+",
                          "1.0-a+b+c", "2147483648.0", "-1.0", "1..0", "1.0-a_b"}) {
    auto r = nuget(bad, "1.0");
    ASSERT_FALSE(r.has_value()) << "accepted '" << bad << "'";
    EXPECT_EQ(r.error().code, bulwark::ErrorCode::kInvalidInput);
    EXPECT_NE(r.error().message.find("NuGet version '" + std::string(bad) + "'"), std::string::npos)
        << r.error().message;
  }
}

TEST(NuGet, RegistryMapsNuGet) {
  auto r = bulwark::version::compare("NuGet", "4.0.0-rc.1", "4.0.0");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, -1);
}

}  // namespace
