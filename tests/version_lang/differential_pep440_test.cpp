// Differential test: Bulwark's PEP 440 ordering and validity against @renovatebot/pep440 (a port of
// pypa/packaging), on pairs generated deterministically from a grammar that exercises epochs,
// pre/post/dev releases with every alternate spelling, local labels, leading and trailing zeros,
// plus malformed variants. All pairs go through one node process (tests/oracles/pep440-batch.js).
//
// The generator keeps to inputs where the JavaScript port is known to equal packaging: numbers
// below 2^53 (it uses Number), no surrounding whitespace (its valid() does not strip), and no
// local segments that JavaScript reads as numbers in other notations ("1e5", "0x1f", "Infinity").
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bulwark/version/schemes.hpp"
#include "shared.hpp"

namespace {

constexpr std::size_t kPairs = 12000;
constexpr std::uint32_t kSeed = 440440;

class Gen {
 public:
  explicit Gen(std::uint32_t seed) : rng_(seed) {}
  std::size_t pick(std::size_t n) { return rng_() % n; }
  bool chance(int percent) { return pick(100) < static_cast<std::size_t>(percent); }
  template <class T, std::size_t N>
  const T& one_of(const T (&xs)[N]) {
    return xs[pick(N)];
  }

 private:
  std::mt19937 rng_;
};

// A version's meaning; rendered with randomly chosen spellings.
struct Abstract {
  int epoch = -1;  // -1: none
  std::vector<int> release;
  int pre_kind = 0;  // 0 none, 1 a, 2 b, 3 rc
  int pre_n = 0;
  int post = -1;  // -1: none
  int dev = -1;   // -1: none
  std::vector<std::string> local;
};

int small_number(Gen& g) {
  static const int kNumbers[] = {0, 0, 0, 1, 1, 2, 3, 5, 9, 10, 11, 20, 99, 100, 2024, 999999};
  return g.one_of(kNumbers);
}

std::string local_segment(Gen& g) {
  static const char* const kWords[] = {"abc", "local", "ubuntu", "deb", "z",       "foo",
                                       "Foo", "AbC",   "build",  "a1",  "ubuntu1", "deb12u1",
                                       "x86", "1a",    "12abc",  "3c",  "cpu",     "cu118"};
  if (g.chance(45)) return (g.chance(20) ? "0" : "") + std::to_string(small_number(g));
  return g.one_of(kWords);
}

Abstract random_abstract(Gen& g) {
  Abstract v;
  if (g.chance(12)) v.epoch = static_cast<int>(g.pick(3));
  std::size_t n = 1 + g.pick(4);
  for (std::size_t i = 0; i < n; ++i) v.release.push_back(small_number(g));
  if (g.chance(40))
    v.pre_kind = 1 + static_cast<int>(g.pick(3)), v.pre_n = static_cast<int>(g.pick(4));
  if (g.chance(25)) v.post = static_cast<int>(g.pick(4));
  if (g.chance(25)) v.dev = static_cast<int>(g.pick(4));
  if (g.chance(20))
    for (std::size_t i = 0, k = 1 + g.pick(3); i < k; ++i) v.local.push_back(local_segment(g));
  return v;
}

std::string number(Gen& g, int n) {
  std::string lead = g.chance(15) ? (g.chance(50) ? "0" : "00") : "";
  return lead + std::to_string(n);
}

std::string sep(Gen& g) {
  static const char* const kSeps[] = {"", "", ".", "-", "_"};
  return g.one_of(kSeps);
}

std::string pre_label(Gen& g, int kind) {
  static const char* const kA[] = {"a", "alpha", "A", "Alpha", "ALPHA"};
  static const char* const kB[] = {"b", "beta", "B", "Beta", "BETA"};
  static const char* const kRc[] = {"rc", "c", "pre", "preview", "RC", "C", "Pre", "PREVIEW", "Rc"};
  return kind == 1 ? g.one_of(kA) : kind == 2 ? g.one_of(kB) : g.one_of(kRc);
}

std::string render_post(Gen& g, int post) {
  static const char* const kLabels[] = {"post", "rev", "r", "POST", "Rev", "R"};
  if (post > 0 && g.chance(25)) return "-" + number(g, post);  // implicit post release
  std::string s = sep(g) + g.one_of(kLabels) + sep(g);
  return s + ((post == 0 && g.chance(40)) ? "" : number(g, post));
}

std::string render(Gen& g, const Abstract& v) {
  static const char* const kDev[] = {"dev", "DEV", "Dev"};
  std::string s = g.chance(8) ? (g.chance(50) ? "v" : "V") : "";
  if (v.epoch >= 0 || g.chance(3)) s += number(g, v.epoch < 0 ? 0 : v.epoch) + "!";
  for (std::size_t i = 0; i < v.release.size(); ++i) s += (i ? "." : "") + number(g, v.release[i]);
  for (std::size_t i = 0, extra = g.chance(20) ? 1 + g.pick(2) : 0; i < extra; ++i) s += ".0";
  if (v.pre_kind)
    s += sep(g) + pre_label(g, v.pre_kind) + sep(g) +
         ((v.pre_n == 0 && g.chance(40)) ? "" : number(g, v.pre_n));
  if (v.post >= 0) s += render_post(g, v.post);
  if (v.dev >= 0)
    s += sep(g) + g.one_of(kDev) + sep(g) + ((v.dev == 0 && g.chance(40)) ? "" : number(g, v.dev));
  for (std::size_t i = 0; i < v.local.size(); ++i) {
    static const char* const kLocalSeps[] = {".", "-", "_"};
    s += (i ? g.one_of(kLocalSeps) : "+") + v.local[i];
  }
  return s;
}

Abstract tweak(Gen& g, Abstract v) {
  switch (g.pick(7)) {
    case 0:
      v.release[g.pick(v.release.size())] += g.chance(50) ? 1 : 0;
      break;
    case 1:
      v.release.push_back(g.chance(60) ? 0 : 1);
      break;
    case 2:
      v.pre_kind = static_cast<int>(g.pick(4));
      break;
    case 3:
      v.post = v.post >= 0 ? -1 : static_cast<int>(g.pick(3));
      break;
    case 4:
      v.dev = v.dev >= 0 ? -1 : static_cast<int>(g.pick(3));
      break;
    case 5:
      v.local.empty() ? v.local.push_back(local_segment(g)) : v.local.pop_back();
      break;
    default:
      v.epoch = v.epoch >= 0 ? -1 : 1;
      break;
  }
  return v;
}

// Breaks a rendered version in one of the ways users and tools do.
std::string mangle(Gen& g, std::string s) {
  switch (g.pick(10)) {
    case 0:
      return s + "-foo";
    case 1:
      return s + ".";
    case 2:
      return "." + s;
    case 3:
      return s + "+";
    case 4:
      return s + "+a+b";
    case 5:
      return s.insert(g.pick(s.size() + 1), "..");
    case 6:
      return s.insert(g.pick(s.size() + 1), "#");
    case 7:
      return "1!" + s;
    case 8:
      return s + "_";
    default:
      return "french-toast";
  }
}

std::string maybe_mangle(Gen& g, std::string s) {
  return g.chance(10) ? mangle(g, std::move(s)) : s;
}

std::vector<std::pair<std::string, std::string>> generate_pairs() {
  Gen g(kSeed);
  std::vector<std::pair<std::string, std::string>> pairs;
  pairs.reserve(kPairs);
  while (pairs.size() < kPairs) {
    Abstract a = random_abstract(g);
    std::size_t mode = g.pick(100);
    Abstract b = mode < 35 ? a : mode < 70 ? tweak(g, a) : random_abstract(g);
    pairs.emplace_back(maybe_mangle(g, render(g, a)), maybe_mangle(g, render(g, b)));
  }
  return pairs;
}

struct Verdict {
  bool valid_a = false, valid_b = false;
  std::string cmp;  // "-1", "0", "1" or "x"
};

Verdict ours(const std::string& a, const std::string& b) {
  using bulwark::version::scheme::pep440;
  Verdict v{pep440(a, a).has_value(), pep440(b, b).has_value(), "x"};
  if (v.valid_a && v.valid_b) v.cmp = std::to_string(*pep440(a, b));
  return v;
}

// Where the reference lives; an empty string (with the reason in `why`) when unavailable.
std::string reference_dir(std::string& why) {
  const char* base = std::getenv("BULWARK_ORACLES");
  if (!base || !*base) {
    why = "BULWARK_ORACLES is not set (scripts/test.sh installs the reference and sets it)";
    return {};
  }
  auto pkg =
      std::filesystem::path(base) / "node_modules" / "@renovatebot" / "pep440" / "package.json";
  if (!std::filesystem::exists(pkg)) {
    why = "@renovatebot/pep440 is not installed under " + std::string(base) + "/node_modules";
    return {};
  }
  if (bulwark::test::run("node --version").exit_code != 0) {
    why = "node is not on PATH";
    return {};
  }
  return base;
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

// Runs the reference over all pairs in one node process; its stdout, one verdict a line.
std::string run_reference(const std::string& base, const Pairs& pairs) {
  bulwark::test::TempDir tmp;
  auto file = tmp.path() / "pairs.tsv";
  {
    std::ofstream out(file);
    for (const auto& [a, b] : pairs) out << a << '\t' << b << '\n';
  }
  auto script = bulwark::test::source_dir() / "tests" / "oracles" / "pep440-batch.js";
  auto r = bulwark::test::run("BULWARK_ORACLES='" + base + "' node '" + script.string() + "' '" +
                              file.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

struct Tally {
  std::size_t answered = 0, disagreements = 0, both_valid = 0, invalid = 0, equal = 0;
};

Tally compare_with_reference(const Pairs& pairs, const std::string& reference_out) {
  Tally t;
  std::istringstream lines(reference_out);
  std::string line;
  for (; t.answered < pairs.size() && std::getline(lines, line); ++t.answered) {
    const auto& [a, b] = pairs[t.answered];
    Verdict mine = ours(a, b);
    std::string expected =
        std::string(mine.valid_a ? "1" : "0") + '\t' + (mine.valid_b ? "1" : "0") + '\t' + mine.cmp;
    t.both_valid += mine.valid_a && mine.valid_b;
    t.invalid += !mine.valid_a + !mine.valid_b;
    t.equal += mine.cmp == "0";
    if (line != expected && ++t.disagreements <= 20)
      ADD_FAILURE() << "'" << a << "' vs '" << b << "': reference says [" << line << "], Bulwark ["
                    << expected << "]";
  }
  return t;
}

TEST(Pep440Differential, AgreesWithRenovatePep440) {
  std::string why;
  std::string base = reference_dir(why);
  if (base.empty()) {
    if (in_ci()) FAIL() << "PEP 440 reference implementation missing: " << why;
    GTEST_SKIP() << "PEP 440 reference implementation missing: " << why;
  }
  Pairs pairs = generate_pairs();
  Tally t = compare_with_reference(pairs, run_reference(base, pairs));
  EXPECT_EQ(t.answered, pairs.size())
      << "reference answered " << t.answered << " of " << pairs.size() << " pairs";
  EXPECT_EQ(t.disagreements, 0u);
  EXPECT_GE(pairs.size(), 10000u);
  EXPECT_GE(t.both_valid, 8000u);
  EXPECT_GE(t.invalid, 500u);
  EXPECT_GE(t.equal, 2000u);
  RecordProperty("pairs", static_cast<int>(pairs.size()));
  std::printf(
      "pep440 differential: %zu pairs tried (%zu both valid, %zu equal, %zu invalid versions), "
      "%zu disagreements\n",
      pairs.size(), t.both_valid, t.equal, t.invalid, t.disagreements);
}

}  // namespace
