// Generic version comparison and NVD bounds: real NVD-style cases and the generic-ish
// version-ordering corpora of vers-spec in ../shared.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "bulwark/core/text.hpp"
#include "bulwark/cpe/cpe.hpp"
#include "shared.hpp"

namespace cpe = bulwark::cpe;

namespace {

int cmp(std::string_view a, std::string_view b) {
  auto r = cpe::compare_versions(a, b);
  EXPECT_TRUE(r.has_value()) << a << " vs " << b << ": " << (r ? "" : r.error().message);
  return r ? *r : 99;
}

// Asserts a strictly increasing sequence (and antisymmetry).
void expect_ascending(std::initializer_list<const char*> seq) {
  std::vector<const char*> v(seq);
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    EXPECT_EQ(cmp(v[i], v[i + 1]), -1) << v[i] << " < " << v[i + 1];
    EXPECT_EQ(cmp(v[i + 1], v[i]), 1) << v[i + 1] << " > " << v[i];
  }
}

bool in(std::string_view v, cpe::VersionBounds b) {
  auto r = cpe::in_bounds(v, b);
  EXPECT_TRUE(r.has_value()) << v << ": " << (r ? "" : r.error().message);
  return r && *r;
}

}  // namespace

TEST(CpeVersion, OpenSsl) {
  expect_ascending({"0.9.8",       "0.9.8a", "0.9.8z",      "0.9.8za", "0.9.8zh", "1.0.0",
                    "1.0.0e",      "1.0.1",  "1.0.2-beta1", "1.0.2",   "1.0.2u",  "1.1.0-pre1",
                    "1.1.0",       "1.1.1",  "1.1.1n",      "1.1.1t",  "1.1.1w",  "3.0.0-alpha1",
                    "3.0.0-beta2", "3.0.0",  "3.0.8"});
}

TEST(CpeVersion, UpstreamProjects) {
  expect_ascending({"1.35.0", "1.36.0", "1.36.1", "1.37.0"});                     // BusyBox
  expect_ascending({"5.10", "5.10.1", "5.10.9", "5.10.10", "5.10.190", "5.15"});  // Linux
  expect_ascending({"1.2.11", "1.2.12", "1.2.13", "1.3"});                        // zlib
  expect_ascending({"7.9.8", "7.88.0", "7.88.1", "8.0.0", "8.0.1"});              // curl
  expect_ascending({"2020.81", "2022.82", "2022.83", "2024.84"});                 // dropbear
  expect_ascending({"9.3", "9.3p1", "9.3p2", "9.4", "9.4p1"});                    // OpenSSH
  expect_ascending({"2.0.0-dev", "2.0.0-alpha", "2.0.0-alpha2", "2.0.0-beta", "2.0.0-m1",
                    "2.0.0-pre", "2.0.0-rc1", "2.0.0-rc2", "2.0.0", "2.0.0-post1", "2.0.1"});
  expect_ascending({"1.0b1", "1.0b2", "1.0rc1", "1.0"});
  expect_ascending({"2.4.0_1", "2.4.1"});
  expect_ascending({"1.1", "1.1+b1", "1.1+b2", "1.2"});
  expect_ascending({"0:2.0", "1:1.0", "2:0.1"});
}

TEST(CpeVersion, Equalities) {
  EXPECT_EQ(cmp("5.10", "5.10.0"), 0);
  EXPECT_EQ(cmp("1.0-rc1", "1.0.0-rc1"), 0);
  EXPECT_EQ(cmp("v1.2.3", "1.2.3"), 0);
  EXPECT_EQ(cmp("1.1.1N", "1.1.1n"), 0);
  EXPECT_EQ(cmp("1.2_3", "1.2.3"), 0);
  EXPECT_EQ(cmp("1.0-final", "1.0"), 0);
  EXPECT_EQ(cmp("0:1.0", "1.0"), 0);
  EXPECT_EQ(cmp("007", "7"), 0);
  EXPECT_EQ(cmp(" 1.0 ", "1.0"), 0);
  EXPECT_EQ(cmp("99999999999999999999999999.1", "99999999999999999999999999.1"), 0);
  EXPECT_EQ(cmp("99999999999999999999999999", "99999999999999999999999998"), 1);
}

TEST(CpeVersion, Errors) {
  for (const char* bad : {"", "   ", "*", "-", "1.0 beta", "1.\x01"}) {
    auto r = cpe::compare_versions(bad, "1.0");
    EXPECT_FALSE(r.has_value()) << '"' << bad << '"';
  }
  auto r = cpe::in_bounds("1.0", {.end_excluding = "*"});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("versionEndExcluding"), std::string::npos) << r.error().message;
  auto v = cpe::in_bounds("", {.end_excluding = "2.0"});
  ASSERT_FALSE(v.has_value());
  EXPECT_NE(v.error().message.find("component version"), std::string::npos) << v.error().message;
}

TEST(CpeVersion, NvdBounds) {
  // CVE-2022-0778-style range for OpenSSL 1.1.1: [1.1.1, 1.1.1n)
  cpe::VersionBounds b{.start_including = "1.1.1", .end_excluding = "1.1.1n"};
  EXPECT_TRUE(in("1.1.1", b));
  EXPECT_TRUE(in("1.1.1m", b));
  EXPECT_FALSE(in("1.1.1n", b));
  EXPECT_FALSE(in("1.1.1t", b));
  EXPECT_FALSE(in("1.1.0l", b));
  EXPECT_FALSE(in("3.0.0", b));
  // Linux kernel: (5.10, 5.10.190]
  cpe::VersionBounds k{.start_excluding = "5.10", .end_including = "5.10.190"};
  EXPECT_FALSE(in("5.10.0", k));  // 5.10.0 == 5.10, excluded
  EXPECT_TRUE(in("5.10.1", k));
  EXPECT_TRUE(in("5.10.190", k));
  EXPECT_FALSE(in("5.10.191", k));
  // curl < 8.0.0; zlib <= 1.2.13; BusyBox < 1.36.1; dropbear < 2022.83
  EXPECT_TRUE(in("7.88.1", {.end_excluding = "8.0.0"}));
  EXPECT_FALSE(in("8.0.0", {.end_excluding = "8.0.0"}));
  EXPECT_TRUE(in("1.2.13", {.end_including = "1.2.13"}));
  EXPECT_FALSE(in("1.3", {.end_including = "1.2.13"}));
  EXPECT_TRUE(in("1.36.0", {.end_excluding = "1.36.1"}));
  EXPECT_FALSE(in("1.36.1", {.end_excluding = "1.36.1"}));
  EXPECT_TRUE(in("2022.82", {.end_excluding = "2022.83"}));
  EXPECT_FALSE(in("2022.83", {.end_excluding = "2022.83"}));
  EXPECT_TRUE(in("anything-1", {}));  // no bounds
}

namespace {

struct CorpusStats {
  int checked = 0;
  int skipped = 0;
};

// Runs one vers-spec *_version_cmp_test.json file; `divergent` lists "a|b" pairs (as in the
// file's input) where the generic rules knowingly differ from that scheme.
CorpusStats run_vers_file(const std::filesystem::path& file,
                          const std::set<std::string>& divergent) {
  std::ifstream in(file);
  auto doc = nlohmann::json::parse(in);
  CorpusStats st;
  for (const auto& t : doc.at("tests")) {
    const auto& vs = t.at("input").at("versions");
    std::string a = vs.at(0), b = vs.at(1);
    if (divergent.count(a + "|" + b)) {
      ++st.skipped;
      continue;
    }
    const std::string type = t.at("test_type");
    if (type == "equality") {
      bool eq = t.at("expected_output");
      EXPECT_EQ(cmp(a, b) == 0, eq) << file.filename() << ": " << a << " == " << b;
    } else {
      std::string lo = t.at("expected_output").at(0), hi = t.at("expected_output").at(1);
      int expected = bulwark::equals_icase(lo, hi) ? 0 : -1;
      EXPECT_EQ(cmp(lo, hi), expected) << file.filename() << ": " << lo << " < " << hi;
    }
    ++st.checked;
  }
  std::printf("%s: %d checked, %d known divergences skipped\n", file.filename().string().c_str(),
              st.checked, st.skipped);
  return st;
}

}  // namespace

TEST(CpeVersionCorpus, OpenSsl) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/vers-spec/tests");
  auto st = run_vers_file(dir / "openssl_version_cmp_test.json", {});
  RecordProperty("checked", st.checked);
  EXPECT_EQ(st.checked, 44);
}

TEST(CpeVersionCorpus, Conan) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/vers-spec/tests");
  // Conan sorts a letter segment after a number ("1.a" > "1.1") and an empty pre-release
  // first; the generic rules put "1.1" after "1.a" (as alpm/rpm do) and ignore a trailing '-'.
  auto st = run_vers_file(dir / "conan_version_cmp_test.json", {"1.a|1.1", "1.0.0-alpha1|1.0.0-"});
  RecordProperty("checked", st.checked);
  EXPECT_EQ(st.skipped, 2);
  EXPECT_GE(st.checked, 45);
}

TEST(CpeVersionCorpus, Gentoo) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/vers-spec/tests");
  // Gentoo keeps "1.0" and "1.0.0" distinct, reads "1.01" as a decimal fraction and "-r0" as
  // an explicit revision; the generic rules pad missing numbers with zeros (NVD writes
  // "versionEndExcluding 5.10" meaning 5.10.0) and compare numbers numerically.
  const std::set<std::string> divergent{"1.0-r0|1.0", "1.0|1.0-r0", "5.0|5",      "5|5.0",
                                        "1.0.0|1.0",  "1.0|1.0.0",  "1.0.0|1.0b", "1.0b|1.0.0",
                                        "1.01|1.1",   "0|0.0"};
  auto st = run_vers_file(dir / "gentoo_version_cmp_test.json", divergent);
  RecordProperty("checked", st.checked);
  EXPECT_LE(st.skipped, 13);
  EXPECT_GE(st.checked, 35);
}

TEST(CpeVersionCorpus, NuGet) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/vers-spec/tests");
  // NuGet (SemVer) ignores build metadata for equality; the generic rules order it after the
  // plain version (as Conan does).
  auto st =
      run_vers_file(dir / "nuget_version_cmp_test.json", {"1.0.0|1.0.0+beta", "1.0+test|1.0.0.0"});
  RecordProperty("checked", st.checked);
  EXPECT_EQ(st.skipped, 2);
  EXPECT_GE(st.checked, 31);
}
