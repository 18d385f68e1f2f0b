// Differential test: Bulwark's RPM comparison against rpm 4.18 itself, through Debian's
// python3-rpm (rpm.labelCompare on the epoch/version/release rpm.ver splits the string into;
// tests/oracles/rpm-labelcompare.py), on >= 10,000 deterministic generated pairs (fixed seed)
// stressing epochs, '~', '^', separators, letters against digits, leading zeros, long numbers,
// hyphens, colons and non-ASCII bytes, plus near-equal pairs. Validity verdicts must agree too
// (rpm.ver rejects only the empty string; the grammar does not produce the spaces and control
// characters that Bulwark also rejects).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "bulwark/version/schemes.hpp"
#include "vera_expect.hpp"
#include "vera_util.hpp"

namespace bulwark::test::vera {
namespace {

constexpr std::size_t kPairs = 12000;
constexpr const char* kPython = "/usr/bin/python3";  // Debian's, which has the rpm module

std::string gen_piece(Rng& r) {
  static const std::vector<std::string> words = {"a",   "b",  "z",   "A", "Z",    "rc",     "el",
                                                 "git", "fc", "pre", "p", "beta", "module", "aa"};
  static const std::vector<std::string> seps = {".", "_",  "+",  "~",  "^",        "-",       ":",
                                                ".", "~~", "^^", "..", "\xC3\xA9", "\xCE\xB1"};
  switch (r.below(8)) {
    case 0:
    case 1:
      return r.digits(4, true);
    case 2:
      return r.digits(30, true);
    case 3:
    case 4:
      return r.pick(words);
    case 5:
      return r.pick(seps);
    default:
      return r.pick(seps) + r.digits(3, true);
  }
}

std::string gen_rpm(Rng& r) {
  if (r.chance(1)) return "";
  std::string v;
  if (r.chance(30)) v += r.chance(10) ? ":" : r.digits(3, true) + ":";
  if (r.chance(90)) v += r.digits(3, true);
  for (std::size_t n = r.below(6); n > 0; --n) v += gen_piece(r);
  if (r.chance(60)) {
    v += "-";
    for (std::size_t n = r.below(4); n > 0; --n) v += gen_piece(r);
  }
  return v;
}

std::string near(Rng& r, std::string v) {
  switch (r.below(10)) {
    case 0:
      return v + "~";
    case 1:
      return v + "^";
    case 2:
      return v + "-";
    case 3:
      return "0:" + v;
    case 4:
      return v + ".0";
    case 5:
      return v + "a";
    case 6: {
      auto p = v.find_first_of("0123456789");
      if (p != std::string::npos) v.insert(p, "0");
      return v;
    }
    case 7:
      return v + "_";
    case 8:
      return v + "^git1";
    default:
      return v;
  }
}

TEST(DifferentialRpm, AgreesWithRpmLabelCompare) {
  auto probe = run(std::string(kPython) + " -c 'import rpm'");
  if (probe.exit_code != 0) VERA_ORACLE_MISSING("python3-rpm (import rpm) is not available");
  auto script = source_dir() / "tests" / "oracles" / "rpm-labelcompare.py";
  ASSERT_TRUE(std::filesystem::exists(script)) << script;

  Rng rng(0x4E57);
  std::vector<std::pair<std::string, std::string>> pairs;
  while (pairs.size() < kPairs) {
    std::string a = gen_rpm(rng);
    std::string b = rng.chance(40) ? near(rng, a) : gen_rpm(rng);
    if (rng.chance(50)) std::swap(a, b);
    pairs.emplace_back(a, b);
  }
  TempDir tmp;
  auto in = tmp.path() / "pairs.jsonl";
  {
    std::ofstream f(in);
    for (const auto& [a, b] : pairs) f << nlohmann::json::array({a, b}).dump() << "\n";
  }
  auto res = run(std::string(kPython) + " '" + script.string() + "' '" + in.string() + "'");
  ASSERT_EQ(res.exit_code, 0) << res.err;
  auto lines = lines_of(res.out);
  ASSERT_EQ(lines.size(), pairs.size()) << "the oracle did not answer every pair";

  std::size_t compared = 0, invalid_verdicts = 0, disagreements = 0, oracle_inconsistent = 0;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto& [a, b] = pairs[i];
    auto row = nlohmann::json::parse(lines[i]);
    bool ref_a = row[0].get<bool>(), ref_b = row[1].get<bool>();
    bool our_a = scheme::rpm(a, a).has_value(), our_b = scheme::rpm(b, b).has_value();
    if (our_a != ref_a || our_b != ref_b) {
      ++disagreements;
      ADD_FAILURE() << "validity differs for '" << a << "' / '" << b << "'";
      continue;
    }
    invalid_verdicts += !ref_a + !ref_b;
    if (!ref_a || !ref_b) continue;
    int theirs = row[2].get<int>();
    if (row[3].get<int>() != theirs) ++oracle_inconsistent;  // labelCompare vs rpmverCmp
    int ours = *scheme::rpm(a, b);
    ++compared;
    if (ours != theirs) {
      ++disagreements;
      ADD_FAILURE() << "'" << a << "' vs '" << b << "': rpm " << theirs << ", Bulwark " << ours;
    }
  }
  std::printf(
      "[ differential ] rpm: %zu pairs tried, %zu compared, %zu invalid verdicts agreed, "
      "%zu disagreements (labelCompare vs rpm.ver comparison differed on %zu)\n",
      pairs.size(), compared, invalid_verdicts, disagreements, oracle_inconsistent);
  RecordProperty("pairs", static_cast<int>(pairs.size()));
  EXPECT_EQ(disagreements, 0u);
  EXPECT_GE(pairs.size(), 10000u);
  EXPECT_GE(compared, 9000u);
  EXPECT_GE(invalid_verdicts, 50u);
}

}  // namespace
}  // namespace bulwark::test::vera
