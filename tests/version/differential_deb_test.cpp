// Differential test: Bulwark's Debian comparison against dpkg itself
// (`dpkg --compare-versions`), on >= 10,000 deterministic generated pairs (fixed seed) from a
// grammar that stresses epochs, '~', '+', letters against non-letters, leading zeros, long
// numbers, hyphens and colons, bad characters, plus near-equal pairs. Both the ordering and
// the validity verdict must agree: dpkg's "bad syntax" error = invalid for us; what dpkg only
// warns about ("a1", "1.0_1") it compares, and so do we (the orderings must agree there too).
// dpkg runs from one shell script (no process per pair from the test itself).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "bulwark/version/schemes.hpp"
#include "vera_expect.hpp"
#include "vera_util.hpp"

namespace bulwark::test::vera {
namespace {

constexpr std::size_t kPairs = 10500;

std::string gen_epoch(Rng& r) {
  if (r.chance(65)) return "";
  static const std::vector<std::string> odd = {
      "a:", ":", "1a:", "+1:", "2147483647:", "2147483648:", "99999999999999999999:", "0:"};
  if (r.chance(8)) return r.pick(odd);
  return r.digits(3, true) + ":";
}

std::string gen_piece(Rng& r) {
  static const std::vector<std::string> words = {
      "a", "b", "z", "A", "Z", "rc", "beta", "dfsg", "ubuntu", "deb", "git", "svn", "nmu", "build"};
  static const std::vector<std::string> seps = {".", "+", "~", "~~", "-", ":", ".", "+"};
  static const std::vector<std::string> bad = {"_", "@", "!", " ", "%", ",", "=", "é"};
  switch (r.below(8)) {
    case 0:
    case 1:
      return r.digits(4, true);
    case 2:
      return r.digits(25, true);
    case 3:
    case 4:
      return r.pick(words);
    case 5:
      return r.chance(6) ? r.pick(bad) : r.pick(seps);
    default:
      return r.pick(seps) + r.digits(3, true);
  }
}

std::string gen_deb(Rng& r) {
  std::string v = gen_epoch(r);
  v += r.chance(96) ? r.digits(3, true) : std::string(r.chance(50) ? "a" : "~");
  for (std::size_t n = r.below(6); n > 0; --n) v += gen_piece(r);
  if (r.chance(55)) {
    v += "-";
    if (!r.chance(3)) {
      v += r.chance(70) ? r.digits(2, true) : "0";
      for (std::size_t n = r.below(4); n > 0; --n) v += gen_piece(r);
    }
  }
  return v;
}

// A version close to v: the pairs where ordering subtleties decide.
std::string near(Rng& r, std::string v) {
  switch (r.below(10)) {
    case 0:
      return v + "~";
    case 1:
      return v + "+";
    case 2:
      return v + "-0";
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
    case 7: {
      auto p = v.find_last_of("0123456789");
      if (p != std::string::npos) v[p] = static_cast<char>('0' + (v[p] - '0' + 1) % 10);
      return v;
    }
    case 8:
      return v + "~rc1";
    default:
      return v;
  }
}

bool starts_ok_for_dpkg_cli(const std::string& v) {
  // dpkg would read a leading '-' as an option; an empty string is "no version" to it.
  return !v.empty() && v[0] != '-';
}

struct Outcome {
  int lt = -1;  // exit status of "A lt B"
  int eq = -1;  // exit status of "A eq B" (when lt said false)
  bool a_bad = false, b_bad = false, b_known = true;
};

std::string bad_syntax(const std::string& v) { return "error: version '" + v + "' has bad syntax"; }
std::string warned(const std::string& v) { return "warning: version '" + v + "' has bad syntax"; }

// Runs a script printing "@@ i" before and "@@= status" after each dpkg call.
std::map<std::size_t, std::pair<int, std::string>> run_script(const std::string& body,
                                                              const TempDir& tmp,
                                                              const std::string& name) {
  auto script = tmp.path() / name;
  std::ofstream(script) << body;
  auto res = run("sh '" + script.string() + "'");
  std::map<std::size_t, std::pair<int, std::string>> out;
  std::size_t cur = 0;
  std::string text;
  for (const auto& line : lines_of(res.out)) {
    if (line.rfind("@@ ", 0) == 0) {
      cur = std::stoul(line.substr(3));
      text.clear();
    } else if (line.rfind("@@= ", 0) == 0) {
      out[cur] = {std::stoi(line.substr(4)), text};
    } else {
      text += line + "\n";
    }
  }
  return out;
}

TEST(DifferentialDeb, AgreesWithDpkgCompareVersions) {
  if (run("command -v dpkg").exit_code != 0) VERA_ORACLE_MISSING("dpkg is not installed");
  Rng rng(0xDEB1A4);
  std::vector<std::pair<std::string, std::string>> pairs;
  while (pairs.size() < kPairs) {
    std::string a = gen_deb(rng);
    std::string b = rng.chance(40) ? near(rng, a) : gen_deb(rng);
    if (rng.chance(50)) std::swap(a, b);
    if (starts_ok_for_dpkg_cli(a) && starts_ok_for_dpkg_cli(b)) pairs.emplace_back(a, b);
  }
  TempDir tmp;
  std::string s1;
  for (std::size_t i = 0; i < pairs.size(); ++i)
    s1 += "echo '@@ " + std::to_string(i) + "'; dpkg --compare-versions " +
          shell_quote(pairs[i].first) + " lt " + shell_quote(pairs[i].second) +
          " 2>&1; echo \"@@= $?\"\n";
  auto r1 = run_script(s1, tmp, "lt.sh");
  ASSERT_EQ(r1.size(), pairs.size()) << "dpkg did not answer every pair";

  std::vector<Outcome> outcomes(pairs.size());
  std::string s2;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    auto& o = outcomes[i];
    const auto& [status, text] = r1[i];
    o.lt = status;
    o.a_bad = text.find(bad_syntax(pairs[i].first)) != std::string::npos;
    o.b_bad = text.find(bad_syntax(pairs[i].second)) != std::string::npos;
    if (status == 2 && o.a_bad) {  // dpkg stopped at A: ask about B alone
      o.b_known = false;
      s2 += "echo '@@ " + std::to_string(i) + "'; dpkg --compare-versions " +
            shell_quote(pairs[i].second) + " eq " + shell_quote(pairs[i].second) +
            " 2>&1; echo \"@@= $?\"\n";
    } else if (status == 1 && !o.a_bad && !o.b_bad) {
      s2 += "echo '@@ " + std::to_string(i) + "'; dpkg --compare-versions " +
            shell_quote(pairs[i].first) + " eq " + shell_quote(pairs[i].second) +
            " 2>/dev/null; echo \"@@= $?\"\n";
    }
  }
  auto r2 = run_script(s2, tmp, "eq.sh");
  for (auto& [i, res] : r2) {
    auto& o = outcomes[i];
    if (!o.b_known) {
      o.b_bad = res.second.find(bad_syntax(pairs[i].second)) != std::string::npos;
      o.b_known = true;
    } else {
      o.eq = res.first;
    }
  }

  std::size_t compared = 0, invalid_verdicts = 0, disagreements = 0, warned_compared = 0;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto& [a, b] = pairs[i];
    const auto& o = outcomes[i];
    bool our_a = scheme::deb(a, a).has_value(), our_b = scheme::deb(b, b).has_value();
    if (our_a == o.a_bad || our_b == o.b_bad) {
      ++disagreements;
      ADD_FAILURE() << "validity differs for '" << a << "' (dpkg bad=" << o.a_bad
                    << ", ours ok=" << our_a << ") / '" << b << "' (dpkg bad=" << o.b_bad
                    << ", ours ok=" << our_b << ")";
      continue;
    }
    invalid_verdicts += o.a_bad + o.b_bad;
    if (o.a_bad || o.b_bad) continue;
    int theirs = o.lt == 0 ? -1 : o.eq == 0 ? 0 : 1;
    ASSERT_TRUE(o.lt == 0 || o.eq == 0 || o.eq == 1)
        << "dpkg failed on '" << a << "' '" << b << "'";
    int ours = *scheme::deb(a, b);
    ++compared;
    if (r1[i].second.find(warned(a)) != std::string::npos ||
        r1[i].second.find(warned(b)) != std::string::npos)
      ++warned_compared;
    if (ours != theirs) {
      ++disagreements;
      ADD_FAILURE() << "'" << a << "' vs '" << b << "': dpkg " << theirs << ", Bulwark " << ours;
    }
  }
  std::printf(
      "[ differential ] deb: %zu pairs tried, %zu compared (%zu with a dpkg warning), "
      "%zu invalid verdicts agreed, %zu disagreements\n",
      pairs.size(), compared, warned_compared, invalid_verdicts, disagreements);
  RecordProperty("pairs", static_cast<int>(pairs.size()));
  EXPECT_EQ(disagreements, 0u);
  EXPECT_GE(pairs.size(), 10000u);
  EXPECT_GE(compared, 6000u);
  EXPECT_GE(invalid_verdicts, 300u);
  EXPECT_GE(warned_compared, 100u);
}

}  // namespace
}  // namespace bulwark::test::vera
