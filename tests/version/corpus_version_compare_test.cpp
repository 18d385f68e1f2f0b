// version-compare corpus: rpm's rpmvercmp.at vectors, dpkg's Dpkg_Version.t table and
// node-semver's fixtures (comparisons, equality, valid and invalid versions).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "bulwark/version/schemes.hpp"
#include "vera_expect.hpp"
#include "vera_util.hpp"

namespace bulwark::test::vera {
namespace {

// Rows "a<TAB>b<TAB>expected" after '#' comments and the header; returns the count checked.
std::size_t run_tsv(const std::filesystem::path& file, SchemeFn fn) {
  std::size_t n = 0;
  bool header = true;
  for (const auto& line : lines_of(slurp(file))) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    auto a_end = line.find('\t');
    auto b_end = line.find('\t', a_end + 1);
    EXPECT_NE(b_end, std::string::npos) << file.filename() << ": malformed row '" << line << "'";
    if (b_end == std::string::npos) continue;
    std::string a = line.substr(0, a_end), b = line.substr(a_end + 1, b_end - a_end - 1);
    int expected = std::stoi(line.substr(b_end + 1));
    auto r = fn(a, b);
    EXPECT_TRUE(r.has_value()) << file.filename() << ": " << (r ? "" : r.error().message);
    if (r) EXPECT_EQ(*r, expected) << file.filename() << ": '" << a << "' vs '" << b << "'";
    ++n;
  }
  std::printf("[ corpus   ] %s: %zu rows\n", file.filename().c_str(), n);
  return n;
}

TEST(CorpusVersionCompare, RpmVercmp) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/version-compare/rpm");
  EXPECT_GE(run_tsv(dir / "rpmvercmp.tsv", scheme::rpm), 90u);
}

TEST(CorpusVersionCompare, DpkgVersionTable) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/version-compare/dpkg");
  EXPECT_GE(run_tsv(dir / "dpkg_version_compare.tsv", scheme::deb), 40u);
}

bool loose_option(const nlohmann::json& row, std::size_t at) {
  if (row.size() <= at) return false;
  const auto& o = row[at];
  if (o.is_boolean()) return o.get<bool>();
  return o.is_object() && o.value("loose", false);
}

// Pairs with an expected ordering; rows run in node-semver's loose mode are checked when our
// strict parser accepts both versions and counted as excluded otherwise (loose-only syntax
// such as "= 1.2.3" or "v 1.2.3", which strict node-semver rejects too).
void run_pairs(const std::filesystem::path& file, int expected, std::size_t min_checked) {
  auto rows = nlohmann::json::parse(slurp(file));
  std::size_t checked = 0, excluded = 0;
  for (const auto& row : rows) {
    auto a = row[0].get<std::string>(), b = row[1].get<std::string>();
    auto r = scheme::npm(a, b);
    if (!r && loose_option(row, 2)) {
      ++excluded;
      continue;
    }
    ASSERT_TRUE(r.has_value()) << file.filename() << ": " << r.error().message;
    EXPECT_EQ(*r, expected) << file.filename() << ": '" << a << "' vs '" << b << "'";
    ++checked;
  }
  std::printf("[ corpus   ] %s: %zu checked, %zu excluded (loose-only syntax)\n",
              file.filename().c_str(), checked, excluded);
  EXPECT_GE(checked, min_checked);
}

TEST(CorpusVersionCompare, NodeSemverComparisons) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/version-compare/node-semver");
  run_pairs(dir / "comparisons.json", 1, 30);
}

TEST(CorpusVersionCompare, NodeSemverEquality) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/version-compare/node-semver");
  run_pairs(dir / "equality.json", 0, 10);
}

TEST(CorpusVersionCompare, NodeSemverValidAndInvalid) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/version-compare/node-semver");
  std::size_t valid = 0, invalid = 0, not_strings = 0;
  for (const auto& row : nlohmann::json::parse(slurp(dir / "valid-versions.json"))) {
    auto v = row[0].get<std::string>();
    EXPECT_TRUE(scheme::npm(v, v).has_value()) << v;
    ++valid;
  }
  for (const auto& row : nlohmann::json::parse(slurp(dir / "invalid-versions.json"))) {
    if (!row[0].is_string()) {  // a RegExp or object: not representable as a string input
      ++not_strings;
      continue;
    }
    auto v = row[0].get<std::string>();
    EXPECT_FALSE(scheme::npm(v, "1.0.0").has_value()) << v;
    ++invalid;
  }
  std::printf("[ corpus   ] node-semver: %zu valid, %zu invalid checked, %zu non-string skipped\n",
              valid, invalid, not_strings);
  EXPECT_GE(valid, 20u);
  EXPECT_GE(invalid, 6u);
}

}  // namespace
}  // namespace bulwark::test::vera
