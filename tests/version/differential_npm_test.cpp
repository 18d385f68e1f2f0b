// Differential test: Bulwark's npm comparison against node-semver itself (the `semver` package
// pinned in tests/oracles/package.json, run by tests/oracles/semver-batch.js from
// $BULWARK_ORACLES/node_modules), on >= 10,000 deterministic generated pairs (fixed seed)
// stressing prefixes ('v', '=', whitespace), leading zeros, numbers around
// Number.MAX_SAFE_INTEGER and beyond, pre-release identifiers (numeric, alphanumeric, hyphens,
// empty), build metadata, bad characters and the 256-character limit, plus near-equal pairs.
// Validity verdicts (semver.valid) must agree too.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "bulwark/version/schemes.hpp"
#include "vera_expect.hpp"
#include "vera_util.hpp"

namespace bulwark::test::vera {
namespace {

constexpr std::size_t kPairs = 12000;

// `wild` versions draw from everything; the others only from valid pieces, so that about half
// of the pairs are comparable.
std::string gen_number(Rng& r, bool wild) {
  static const std::vector<std::string> edge = {"0",
                                                "00",
                                                "01",
                                                "9007199254740991",
                                                "9007199254740992",
                                                "9007199254740990",
                                                "99999999999999999999",
                                                "x",
                                                ""};
  static const std::vector<std::string> valid_edge = {"0", "9007199254740991", "9007199254740990"};
  if (r.chance(10)) return wild ? r.pick(edge) : r.pick(valid_edge);
  return r.digits(r.chance(80) ? 2 : 12, false);
}

std::string gen_ident(Rng& r, bool wild) {
  static const std::vector<std::string> ids = {"alpha",
                                               "beta",
                                               "rc",
                                               "a1",
                                               "1a",
                                               "-",
                                               "--",
                                               "a-b",
                                               "0",
                                               "x",
                                               "Z",
                                               "pre",
                                               "9007199254740991",
                                               "9007199254740992",
                                               "9007199254740993",
                                               "9007199254740994",
                                               "18014398509481985",
                                               "123456789012345678901234567890",
                                               "00",
                                               "01",
                                               "",
                                               "a_b",
                                               "\xC3\xA9",
                                               "a b"};
  constexpr std::size_t kValidIds = 18;  // ids[0..18) are valid identifiers
  if (r.chance(45)) return r.digits(r.chance(85) ? 2 : 18, false);
  return wild ? r.pick(ids) : ids[r.below(kValidIds)];
}

std::string gen_list(Rng& r, bool wild) {
  std::string s = gen_ident(r, wild);
  for (std::size_t n = r.below(4); n > 0; --n) s += "." + gen_ident(r, wild);
  return s;
}

std::string gen_npm(Rng& r) {
  static const std::vector<std::string> pre = {"",  "",  "",  "",   "",         "",   "v",  "v",
                                               "=", "V", " ", "\t", "\xC2\xA0", "v ", "=v", " v"};
  static const std::vector<std::string> post = {"",  "", "", "", "", "", " ", "\n", "\xE3\x80\x80",
                                                "x", "."};
  bool wild = r.chance(35);
  std::string v = (wild ? r.pick(pre) : r.chance(20) ? "v" : "") + gen_number(r, wild);
  if (!wild || !r.chance(3)) v += "." + gen_number(r, wild);
  if (!wild || !r.chance(3)) v += "." + gen_number(r, wild);
  if (r.chance(45)) v += "-" + gen_list(r, wild);
  if (r.chance(20)) v += "+" + gen_list(r, wild);
  if (r.chance(2)) v += "-" + std::string(240 + r.below(30), 'a');  // around the length limit
  return v + (wild ? r.pick(post) : "");
}

std::string near(Rng& r, const std::string& v) {
  switch (r.below(8)) {
    case 0:
      return "v" + v;
    case 1:
      return v + "+build.1";
    case 2:
      return v + ".0";
    case 3:
      return v + ".1";
    case 4:
      return " " + v + " ";
    case 5:
      return v + "-0";
    case 6:
      return v + "a";
    default:
      return v;
  }
}

TEST(DifferentialNpm, AgreesWithNodeSemver) {
  const char* oracles = std::getenv("BULWARK_ORACLES");
  if (oracles == nullptr)
    VERA_ORACLE_MISSING("BULWARK_ORACLES is not set (scripts/test.sh installs node-semver there)");
  auto module = std::filesystem::path(oracles) / "node_modules" / "semver" / "package.json";
  if (!std::filesystem::exists(module))
    VERA_ORACLE_MISSING("node-semver is not installed at " + module.string());
  if (run("command -v node").exit_code != 0) VERA_ORACLE_MISSING("node is not installed");
  auto script = source_dir() / "tests" / "oracles" / "semver-batch.js";
  ASSERT_TRUE(std::filesystem::exists(script)) << script;

  Rng rng(0x5E3E4);
  std::vector<std::pair<std::string, std::string>> pairs;
  while (pairs.size() < kPairs) {
    std::string a = gen_npm(rng);
    std::string b = rng.chance(40) ? near(rng, a) : gen_npm(rng);
    if (rng.chance(50)) std::swap(a, b);
    pairs.emplace_back(a, b);
  }
  TempDir tmp;
  auto in = tmp.path() / "pairs.jsonl";
  {
    std::ofstream f(in);
    for (const auto& [a, b] : pairs) f << nlohmann::json::array({a, b}).dump() << "\n";
  }
  auto res = run("node '" + script.string() + "' '" + in.string() + "'");
  ASSERT_EQ(res.exit_code, 0) << res.err;
  auto lines = lines_of(res.out);
  ASSERT_EQ(lines.size(), pairs.size()) << "the oracle did not answer every pair";

  std::size_t compared = 0, invalid_verdicts = 0, disagreements = 0;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto& [a, b] = pairs[i];
    auto row = nlohmann::json::parse(lines[i]);
    bool ref_a = row[0].get<bool>(), ref_b = row[1].get<bool>();
    bool our_a = scheme::npm(a, a).has_value(), our_b = scheme::npm(b, b).has_value();
    if (our_a != ref_a || our_b != ref_b) {
      ++disagreements;
      ADD_FAILURE() << "validity differs for '" << a << "' (node-semver " << ref_a << ") / '" << b
                    << "' (node-semver " << ref_b << ")";
      continue;
    }
    invalid_verdicts += !ref_a + !ref_b;
    if (!ref_a || !ref_b) continue;
    int theirs = row[2].get<int>();
    int ours = *scheme::npm(a, b);
    ++compared;
    if (ours != theirs) {
      ++disagreements;
      ADD_FAILURE() << "'" << a << "' vs '" << b << "': node-semver " << theirs << ", Bulwark "
                    << ours;
    }
  }
  std::printf(
      "[ differential ] npm: %zu pairs tried, %zu compared, %zu invalid verdicts agreed, "
      "%zu disagreements\n",
      pairs.size(), compared, invalid_verdicts, disagreements);
  RecordProperty("pairs", static_cast<int>(pairs.size()));
  EXPECT_EQ(disagreements, 0u);
  EXPECT_GE(pairs.size(), 10000u);
  EXPECT_GE(compared, 5000u);
  EXPECT_GE(invalid_verdicts, 2000u);
}

}  // namespace
}  // namespace bulwark::test::vera
