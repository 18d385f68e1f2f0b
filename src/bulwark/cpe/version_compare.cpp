// Generic version comparison for NVD version bounds.
//
// NVD versions are upstream release numbers ("1.1.1n", "5.10.190", "2022.83", "9.3p1",
// "2.0.0-rc1"), not any one ecosystem's scheme. The rules:
//  1. Case does not matter; surrounding whitespace is trimmed; a leading 'v' before a digit is
//     dropped ("v1.2" == "1.2").
//  2. An epoch "N:" at the start is compared first (absent = 0).
//  3. Everything after the first '+' is build metadata: compared only when the rest is equal,
//     and a version without it sorts first ("1.1" < "1.1+b1").
//  4. The rest is split into tokens: runs of digits (numbers) and runs of letters (words);
//     every other character ('.', '-', '_', '~', ...) only separates tokens, and all separators
//     are alike ("1.0-1" == "1.0.1").
//  5. Numbers compare numerically, of any length ("1.01" == "1.1"). Missing numbers count as
//     zero, so trailing zeros do not matter ("5.10" == "5.10.0", "1.0-rc1" == "1.0.0-rc1"); a
//     non-zero number sorts after anything else at the same place ("1.5.1" > "1.5.b",
//     "1.0.1" > "1.0-rc1").
//  6. Words are ranked:
//       dev, snapshot, nightly                 < alpha, a*  < beta, b*  < milestone, m*
//       < pre, preview                         < rc, c*, cr  < (end of version)
//       < other words ("p1", "patch", "post", "sp2", "r1", "x"), compared alphabetically
//       < letter suffixes, compared alphabetically
//     where a*, b*, c*, m* are those single letters directly followed by a digit ("1.0b2" is a
//     beta) and a letter suffix is a word directly attached to a preceding digit and not
//     followed by a digit (OpenSSL's "1.1.1n", "0.9.8za"; so 1.1.1n < 1.1.1t < 3.0.0 and
//     0.9.8z < 0.9.8za). "final", "ga", "release" and "stable" are ignored ("1.0-final" ==
//     "1.0"). Pre-release markers sort before the release ("1.0rc1" < "1.0"), other words
//     after it ("9.3" < "9.3p1").
// Errors: empty versions, "*" and "-" (ANY/NA are not versions), and bytes outside printable
// ASCII.
#include <fmt/format.h>

#include <cstddef>
#include <string_view>

#include "bulwark/core/text.hpp"
#include "bulwark/cpe/attributes.hpp"
#include "bulwark/cpe/cpe.hpp"

namespace bulwark::cpe {
namespace {

using detail::is_alpha;
using detail::is_digit;
using detail::lower;

enum class TokKind { kEnd, kNumber, kWord };

// Word ranks; the end of a version ranks kRelease.
constexpr int kRankDev = 0, kRankAlpha = 1, kRankBeta = 2, kRankMilestone = 3, kRankPre = 4,
              kRankRc = 5, kRankRelease = 6, kRankOther = 7, kRankLetter = 8;

struct Token {
  TokKind kind = TokKind::kEnd;
  std::string_view text;  // digits without leading zeros ("" for zero), or the word
  int rank = kRankRelease;
};

bool word_is(std::string_view w, std::string_view lit) { return equals_icase(w, lit); }

int rank_of_word(std::string_view w, bool attached, bool digit_follows) {
  if (w.size() == 1 && digit_follows) {
    switch (lower(w[0])) {
      case 'a':
        return kRankAlpha;
      case 'b':
        return kRankBeta;
      case 'm':
        return kRankMilestone;
      case 'c':
        return kRankRc;
      default:
        break;
    }
  }
  for (auto lit : {"dev", "snapshot", "nightly"})
    if (word_is(w, lit)) return kRankDev;
  if (word_is(w, "alpha")) return kRankAlpha;
  if (word_is(w, "beta")) return kRankBeta;
  if (word_is(w, "milestone")) return kRankMilestone;
  if (word_is(w, "pre") || word_is(w, "preview")) return kRankPre;
  if (word_is(w, "rc") || word_is(w, "cr")) return kRankRc;
  for (auto lit : {"final", "ga", "release", "stable"})
    if (word_is(w, lit)) return kRankRelease;
  return attached && !digit_follows ? kRankLetter : kRankOther;
}

// Lazily yields the tokens of one version part (no allocation).
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  Token next() {
    while (true) {
      while (pos_ < s_.size() && !is_digit(s_[pos_]) && !is_alpha(s_[pos_])) ++pos_;
      if (pos_ >= s_.size()) return {};
      std::size_t start = pos_;
      if (is_digit(s_[pos_])) return number(start);
      Token t = word(start);
      if (t.rank != kRankRelease) return t;  // "final", "ga", ... are skipped
    }
  }

 private:
  Token number(std::size_t start) {
    while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
    std::string_view digits = s_.substr(start, pos_ - start);
    std::size_t nz = digits.find_first_not_of('0');
    return {TokKind::kNumber, nz == std::string_view::npos ? "" : digits.substr(nz), 0};
  }
  Token word(std::size_t start) {
    while (pos_ < s_.size() && is_alpha(s_[pos_])) ++pos_;
    bool attached = start > 0 && is_digit(s_[start - 1]);
    bool digit_follows = pos_ < s_.size() && is_digit(s_[pos_]);
    std::string_view w = s_.substr(start, pos_ - start);
    return {TokKind::kWord, w, rank_of_word(w, attached, digit_follows)};
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

int sign(int v) { return (v > 0) - (v < 0); }

int compare_numbers(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return sign(a.compare(b));
}

int compare_words_lexically(std::string_view a, std::string_view b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    char x = lower(a[i]), y = lower(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

// Both tokens are words or the end.
int compare_words(const Token& a, const Token& b) {
  if (a.rank != b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.rank == kRankOther || a.rank == kRankLetter) return compare_words_lexically(a.text, b.text);
  return 0;
}

int compare_part(std::string_view a, std::string_view b) {
  Cursor ca(a), cb(b);
  Token ta = ca.next(), tb = cb.next();
  while (ta.kind != TokKind::kEnd || tb.kind != TokKind::kEnd) {
    if (ta.kind == TokKind::kNumber && tb.kind == TokKind::kNumber) {
      if (int c = compare_numbers(ta.text, tb.text)) return c;
      ta = ca.next();
      tb = cb.next();
    } else if (ta.kind == TokKind::kNumber) {  // against a word or the end: zero-padding
      if (!ta.text.empty()) return 1;
      ta = ca.next();
    } else if (tb.kind == TokKind::kNumber) {
      if (!tb.text.empty()) return -1;
      tb = cb.next();
    } else {
      if (int c = compare_words(ta, tb)) return c;
      ta = ca.next();
      tb = cb.next();
    }
  }
  return 0;
}

struct Split {
  std::string_view epoch;  // digits, may be empty
  std::string_view main;
  std::string_view build;
  bool has_build = false;
};

Result<Split> split_version(std::string_view v) {
  std::string_view t = trim(v);
  if (t.empty()) return invalid_input("empty version");
  if (t == "*" || t == "-")
    return invalid_input(fmt::format("\"{}\" is not a version (ANY/NA)", t));
  for (char c : t)
    if (!detail::is_graph(c))
      return invalid_input(
          fmt::format("version \"{}\" has a space or a byte outside printable "
                      "ASCII",
                      t));
  Split s;
  std::size_t colon = t.find(':');
  if (colon != std::string_view::npos && colon > 0 &&
      t.substr(0, colon).find_first_not_of("0123456789") == std::string_view::npos) {
    s.epoch = t.substr(0, colon);
    t.remove_prefix(colon + 1);
  }
  if (t.size() > 1 && (t[0] == 'v' || t[0] == 'V') && is_digit(t[1])) t.remove_prefix(1);
  std::size_t plus = t.find('+');
  s.main = t.substr(0, plus);
  if (plus != std::string_view::npos) {
    s.build = t.substr(plus + 1);
    s.has_build = true;
  }
  return s;
}

int compare_split(const Split& a, const Split& b) {
  auto strip = [](std::string_view d) {
    std::size_t nz = d.find_first_not_of('0');
    return nz == std::string_view::npos ? std::string_view{} : d.substr(nz);
  };
  if (int c = compare_numbers(strip(a.epoch), strip(b.epoch))) return c;
  if (int c = compare_part(a.main, b.main)) return c;
  if (a.has_build != b.has_build) return a.has_build ? 1 : -1;
  return compare_part(a.build, b.build);
}

}  // namespace

Result<int> compare_versions(std::string_view a, std::string_view b) {
  auto sa = split_version(a);
  if (!sa) return std::unexpected(sa.error());
  auto sb = split_version(b);
  if (!sb) return std::unexpected(sb.error());
  return compare_split(*sa, *sb);
}

Result<bool> in_bounds(std::string_view version, const VersionBounds& bounds) {
  auto v = split_version(version);
  if (!v) return std::unexpected(std::move(v.error()).with_context("component version"));
  struct Check {
    const std::string& bound;
    std::string_view name;
    bool (*ok)(int);
  };
  const Check checks[] = {
      {bounds.start_including, "versionStartIncluding", [](int c) { return c >= 0; }},
      {bounds.start_excluding, "versionStartExcluding", [](int c) { return c > 0; }},
      {bounds.end_including, "versionEndIncluding", [](int c) { return c <= 0; }},
      {bounds.end_excluding, "versionEndExcluding", [](int c) { return c < 0; }},
  };
  bool inside = true;
  for (const auto& check : checks) {
    if (check.bound.empty()) continue;
    auto b = split_version(check.bound);
    if (!b) return std::unexpected(std::move(b.error()).with_context(std::string(check.name)));
    if (!check.ok(compare_split(*v, *b))) inside = false;
  }
  return inside;
}

}  // namespace bulwark::cpe
