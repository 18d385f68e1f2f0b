// Pub (Dart's pub_semver Version.parse / compareTo). The grammar is pub_semver's regular
// expression, reproduced faithfully:
//   ^(\d+).(\d+).(\d+)(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$
// Its '.' is unescaped, so any one character separates the numbers ("1x2x3" is 1.2.3) and the
// first match in backtracking order wins; leading zeros are allowed; each number must fit in a
// 64-bit int. Ordering: major, minor, patch; a pre-release sorts before none; pre-release parts
// compare like Dart's _compareLists (int.tryParse-able parts are numbers, numbers < strings,
// a missing part first); then no build < build, and build parts compare the same way.
#include <cstdint>
#include <limits>

#include "bulwark/version/schemes.hpp"
#include "bulwark/version/semver_internal.hpp"

namespace bulwark::version::scheme {
namespace {

using detail::is_ascii_digit;

constexpr std::size_t kMaxLength = 4096;  // guard against quadratic backtracking on junk

struct PubVersion {
  std::int64_t major = 0, minor = 0, patch = 0;
  std::string_view pre, build;
  bool has_pre = false, has_build = false;
};

std::size_t run_end(std::string_view s, std::size_t p) {
  while (p < s.size() && is_ascii_digit(s[p])) ++p;
  return p;
}

// Bytes taken by a regex '.' at s[p] (one UTF-16 code unit except line terminators), or 0.
std::size_t any_char_width(std::string_view s, std::size_t p) {
  if (p >= s.size()) return 0;
  auto c = static_cast<unsigned char>(s[p]);
  if (c < 0x80) return (c == '\n' || c == '\r') ? 0 : 1;
  if (c < 0xC2 || c >= 0xF0) return 0;  // stray byte, or astral (two code units)
  std::size_t w = c >= 0xE0 ? 3 : 2;
  if (p + w > s.size()) return 0;
  for (std::size_t k = 1; k < w; ++k)
    if ((static_cast<unsigned char>(s[p + k]) & 0xC0) != 0x80) return 0;
  if (w == 3 && c == 0xE2 && static_cast<unsigned char>(s[p + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[p + 2]) == 0xA8 ||
       static_cast<unsigned char>(s[p + 2]) == 0xA9))
    return 0;  // U+2028, U+2029
  return w;
}

// [0-9A-Za-z-]+(\.[0-9A-Za-z-]+)* from p up to the first char outside it; returns the end or
// npos when the list is malformed.
std::size_t ident_list_end(std::string_view s, std::size_t p) {
  while (true) {
    std::size_t start = p;
    while (p < s.size() && detail::is_semver_ident_char(s[p])) ++p;
    if (p == start) return std::string_view::npos;
    if (p < s.size() && s[p] == '.') {
      ++p;
      continue;
    }
    return p;
  }
}

bool match_suffix(std::string_view s, std::size_t k, PubVersion& out) {
  if (k < s.size() && s[k] == '-') {
    std::size_t e = ident_list_end(s, k + 1);
    if (e == std::string_view::npos) return false;
    out.pre = s.substr(k + 1, e - k - 1);
    out.has_pre = true;
    k = e;
  }
  if (k < s.size() && s[k] == '+') {
    std::size_t e = ident_list_end(s, k + 1);
    if (e == std::string_view::npos) return false;
    out.build = s.substr(k + 1, e - k - 1);
    out.has_build = true;
    k = e;
  }
  return k == s.size();
}

// Parses a run of decimal digits into an int64 (Dart int.parse); false on overflow.
bool to_int64(std::string_view digits, std::int64_t& out) {
  std::uint64_t v = 0;
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  for (char c : digits) {
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (v > kMax) return false;
  }
  out = static_cast<std::int64_t>(v);
  return true;
}

struct Spans {
  std::string_view major, minor, patch;
};

// Backtracking search for the regex's first match: longest major first, then longest minor,
// patch greedy (a shorter patch would leave a digit where the suffix needs '-', '+' or end).
bool match_numbers(std::string_view s, Spans& sp, PubVersion& out) {
  std::size_t r0 = run_end(s, 0);
  for (std::size_t i = r0; i >= 1; --i) {
    std::size_t w1 = any_char_width(s, i);
    if (w1 == 0) continue;
    std::size_t m0 = i + w1;
    for (std::size_t j = run_end(s, m0); j > m0; --j) {
      std::size_t w2 = any_char_width(s, j);
      if (w2 == 0) continue;
      std::size_t p0 = j + w2;
      std::size_t k = run_end(s, p0);
      if (k == p0) continue;
      PubVersion tmp;
      if (!match_suffix(s, k, tmp)) continue;
      sp = {s.substr(0, i), s.substr(m0, j - m0), s.substr(p0, k - p0)};
      out = tmp;
      return true;
    }
  }
  return false;
}

Result<PubVersion> parse_pub(std::string_view v) {
  auto bad = [v](std::string_view why) {
    return invalid_input(detail::invalid_message("Pub", v, why));
  };
  if (v.empty()) return bad("empty version");
  if (v.size() > kMaxLength) return bad("longer than 4096 characters");
  PubVersion out;
  Spans sp;
  if (!match_numbers(v, sp, out)) return bad("expected MAJOR.MINOR.PATCH[-PRE][+BUILD]");
  if (!to_int64(sp.major, out.major) || !to_int64(sp.minor, out.minor) ||
      !to_int64(sp.patch, out.patch))
    return bad("number does not fit in 64 bits");
  return out;
}

// One part of a pre-release or build list: a number when Dart's int.tryParse accepts it
// (optional '-', decimal digits or 0x/0X hex digits, within int64), else a string.
struct Part {
  bool is_num = false;
  std::int64_t num = 0;
  std::string_view str;
};

bool parse_hex(std::string_view h, bool neg, std::int64_t& out) {
  if (h.empty()) return false;
  std::uint64_t v = 0;
  for (char c : h) {
    int d = is_ascii_digit(c)        ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : -1;
    if (d < 0 || v > (std::numeric_limits<std::uint64_t>::max() >> 4)) return false;
    v = (v << 4) | static_cast<std::uint64_t>(d);
  }
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (v > kMax + (neg ? 1 : 0)) return false;
  out = neg ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
  return true;
}

bool try_parse_int(std::string_view s, std::int64_t& out) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    return parse_hex(s.substr(2), neg, out);
  if (!detail::all_digits(s)) return false;
  while (s.size() > 1 && s[0] == '0') s.remove_prefix(1);
  if (s.size() > 19) return false;
  std::uint64_t v = 0;
  for (char c : s) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (v > kMax + (neg ? 1 : 0)) return false;
  out = neg ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
  return true;
}

Part next_part(std::string_view& list) {
  auto dot = list.find('.');
  Part p;
  p.str = list.substr(0, dot);
  list = dot == std::string_view::npos ? std::string_view{} : list.substr(dot + 1);
  p.is_num = try_parse_int(p.str, p.num);
  return p;
}

int compare_parts(const Part& a, const Part& b) {
  if (a.is_num && b.is_num) return a.num == b.num ? 0 : a.num < b.num ? -1 : 1;
  if (a.is_num != b.is_num) return a.is_num ? -1 : 1;
  return detail::sign(a.str.compare(b.str));
}

// Dart's _compareLists over dot-separated lists (an absent list is empty).
int compare_lists(std::string_view a, bool has_a, std::string_view b, bool has_b) {
  while (has_a || has_b) {
    if (!has_a) return -1;
    if (!has_b) return 1;
    Part pa = next_part(a);
    Part pb = next_part(b);
    if (int c = compare_parts(pa, pb)) return c;
    has_a = !a.empty();
    has_b = !b.empty();
  }
  return 0;
}

int compare_int(std::int64_t a, std::int64_t b) { return a == b ? 0 : a < b ? -1 : 1; }

}  // namespace

Result<int> pub(std::string_view a, std::string_view b) {
  auto pa = parse_pub(a);
  if (!pa) return std::unexpected(std::move(pa.error()));
  auto pb = parse_pub(b);
  if (!pb) return std::unexpected(std::move(pb.error()));
  if (int c = compare_int(pa->major, pb->major)) return c;
  if (int c = compare_int(pa->minor, pb->minor)) return c;
  if (int c = compare_int(pa->patch, pb->patch)) return c;
  if (pa->has_pre != pb->has_pre) return pa->has_pre ? -1 : 1;
  if (int c = compare_lists(pa->pre, pa->has_pre, pb->pre, pb->has_pre)) return c;
  if (pa->has_build != pb->has_build) return pa->has_build ? 1 : -1;
  return compare_lists(pa->build, pa->has_build, pb->build, pb->has_build);
}

}  // namespace bulwark::version::scheme
