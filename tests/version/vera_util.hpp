// Helpers for the version-scheme tests (SemVer family, Debian, RPM, Alpine): reading the
// "a < b" corpora, a deterministic random generator, and the policy for missing reference
// tools (FAIL in CI, SKIP elsewhere).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "shared.hpp"

namespace bulwark::test::vera {

inline bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

// A missing reference implementation fails the test in CI and skips it elsewhere.
#define VERA_ORACLE_MISSING(msg)                                                   \
  do {                                                                             \
    if (::bulwark::test::vera::in_ci()) FAIL() << (msg) << " (CI=true: required)"; \
    GTEST_SKIP() << (msg);                                                         \
  } while (0)

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

// One "a < b" / "a = b" / "a > b" line of the osv-scalibr semantic corpora.
struct OrderCase {
  std::string a;
  std::string b;
  int expected = 0;
  std::size_t line = 0;
};

// Blank lines and comments ('#', "//") are skipped; a malformed line fails the test.
inline std::vector<OrderCase> read_order_cases(const std::filesystem::path& p) {
  std::vector<OrderCase> cases;
  auto lines = lines_of(slurp(p));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.empty() || l[0] == '#' || l.rfind("//", 0) == 0) continue;
    std::size_t pos = std::string::npos;
    int exp = 0;
    for (auto [op, e] : {std::pair{" < ", -1}, std::pair{" = ", 0}, std::pair{" > ", 1}}) {
      auto k = l.find(op);
      if (k != std::string::npos) pos = k, exp = e;
    }
    if (pos == std::string::npos) {
      ADD_FAILURE() << p << ":" << i + 1 << ": malformed line '" << l << "'";
      continue;
    }
    cases.push_back({l.substr(0, pos), l.substr(pos + 3), exp, i + 1});
  }
  return cases;
}

// Deterministic generator (splitmix64): the same sequence on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
  std::string digits(std::size_t max_len, bool leading_zeros) {
    std::size_t n = 1 + below(max_len);
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('0' + below(10));
    if (!leading_zeros && s.size() > 1 && s[0] == '0') s[0] = static_cast<char>('1' + below(9));
    return s;
  }

 private:
  std::uint64_t s_;
};

inline int sign(int x) { return (x > 0) - (x < 0); }

inline std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

}  // namespace bulwark::test::vera
