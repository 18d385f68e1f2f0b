// osv-scalibr semantic/testdata ordering corpora ("a < b" lines) for Alpine, Debian, Red Hat,
// SemVer and Pub. Every line is checked; lines that encode osv-scalibr's own lenient handling
// of strings that are not versions under the real tool's rules are excluded explicitly and
// counted (the expected exclusion counts are asserted, so a change is noticed).
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>

#include "bulwark/version/schemes.hpp"
#include "vera_expect.hpp"
#include "vera_util.hpp"

namespace bulwark::test::vera {
namespace {

struct Tally {
  std::size_t checked = 0;
  std::size_t excluded = 0;
};

// Runs every case; a version we reject must be in `invalid_ok` (strings the real tool rejects
// too), otherwise it is a failure.
using PairSet = std::set<std::pair<std::string, std::string>>;

using Known = std::function<bool(const std::string&)>;

Known in_set(std::set<std::string> s) {
  return [s = std::move(s)](const std::string& v) { return s.count(v) > 0; };
}

Tally run_file(const std::filesystem::path& file, SchemeFn fn, const Known& invalid_ok,
               const PairSet& differs = {}) {
  Tally t;
  for (const auto& c : read_order_cases(file)) {
    if (differs.count({c.a, c.b})) {
      ++t.excluded;
      continue;
    }
    auto r = fn(c.a, c.b);
    if (!r) {
      bool a_bad = !fn(c.a, c.a), b_bad = !fn(c.b, c.b);
      bool known = (!a_bad || invalid_ok(c.a)) && (!b_bad || invalid_ok(c.b));
      EXPECT_TRUE(known) << file.filename() << ":" << c.line << ": " << r.error().message;
      ++t.excluded;
      continue;
    }
    EXPECT_EQ(*r, c.expected) << file.filename() << ":" << c.line << ": '" << c.a << "' vs '" << c.b
                              << "'";
    ++t.checked;
  }
  ::testing::Test::RecordProperty("checked", static_cast<int>(t.checked));
  ::testing::Test::RecordProperty("excluded", static_cast<int>(t.excluded));
  std::printf("[ corpus   ] %s: %zu checked, %zu excluded\n", file.filename().c_str(), t.checked,
              t.excluded);
  return t;
}

TEST(CorpusScalibr, Debian) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  auto t = run_file(dir / "debian-versions.txt", scheme::deb, in_set({}));
  EXPECT_EQ(t.excluded, 0u);
  EXPECT_GE(t.checked, 30u);
  auto g = run_file(dir / "debian-versions-generated.txt", scheme::deb, in_set({}));
  EXPECT_EQ(g.excluded, 0u);
  EXPECT_GE(g.checked, 14000u);
}

TEST(CorpusScalibr, Alpine) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  // Not apk versions: apk_version_validate rejects them ('-' not followed by 'r', a digit
  // after the revision, unknown "_suffix", two letters, an upper-case letter) or they lack
  // the leading digit Bulwark requires. osv-scalibr orders such strings its own way.
  const std::set<std::string> not_apk = {
      "1-r-0",    "1-r-1",      "1-ruff",     "1-r0-1", "1-r-2",  "1-r0-2",   "1-ruff2",  "1-ruff1",
      "1--ruff1", "1-r0-ruff2", "1-r0-ruff1", "1.2.0A", "1.2.0D", "1.2_blah", "1.2_csv2", ".1",
      ".2",       "a",          "b",          "c",      "23_foo", "1.0bc"};
  // Valid for apk-tools, which orders them the other way: after "0" the '.' makes "0.r1"'s
  // next token a number (kDigitOrZero) while "0r2" continues with a letter, and apk ranks the
  // version whose next token type is lower as newer. osv-scalibr compares them as strings.
  const PairSet differs = {{"0.r1", "0r2"}, {"0.8.21.r2", "0.8.21r2"}};
  auto t = run_file(dir / "alpine-versions.txt", scheme::apk, in_set(not_apk), differs);
  EXPECT_EQ(t.excluded, 24u);
  EXPECT_GE(t.checked, 700u);
  auto g = run_file(dir / "alpine-versions-generated.txt", scheme::apk, in_set({}));
  EXPECT_EQ(g.excluded, 0u);
  EXPECT_GE(g.checked, 13900u);
}

TEST(CorpusScalibr, RedHat) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  auto t = run_file(dir / "redhat-versions.txt", scheme::rpm, in_set({}));
  EXPECT_EQ(t.excluded, 0u);
  EXPECT_GE(t.checked, 150u);
}

TEST(CorpusScalibr, SemVer) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  // osv-scalibr's "SemVer" accepts a bare number and extra components; SemVer 2.0.0 does not.
  const std::set<std::string> not_semver = {"999999999999999999999999999991",
                                            "999999999999999999999999999999", "1.1.3.4.5"};
  auto t = run_file(dir / "semver-versions.txt", scheme::semver, in_set(not_semver));
  EXPECT_EQ(t.excluded, 2u);  // "9..91 < 9..99" and "1.1.3.4.5 = 1.1.3.4.5"
  EXPECT_GE(t.checked, 80u);
}

TEST(CorpusScalibr, Pub) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/semantic/testdata");
  // pub_semver's Version.parse rejects a leading 'v' and numbers beyond 64 bits (int.parse);
  // osv-scalibr accepts both.
  auto not_pub = [](const std::string& v) {
    return (!v.empty() && v[0] == 'v') || v.rfind("9999999999999999999999999999", 0) == 0 ||
           v == "1.1.3.4.5";
  };
  auto t = run_file(dir / "pub-versions.txt", scheme::pub, not_pub);
  EXPECT_EQ(t.excluded, 32u);
  EXPECT_GE(t.checked, 65u);
}

}  // namespace
}  // namespace bulwark::test::vera
