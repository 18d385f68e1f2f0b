// RubyGems versions, ordered exactly like Gem::Version#<=>.
//
// Valid: \s* [0-9]+ (\.[0-9a-zA-Z]+)* (-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)? \s*  (an empty version,
// which Ruby reads as "0", is rejected here). Each '-' reads as ".pre.". Segments are the runs of
// digits or letters; any letter makes a prerelease. Comparison uses the canonical segments: the
// leading numeric run and the rest each lose their trailing zeros; missing segments count as 0,
// strings sort before numbers and compare byte-wise (case-sensitive).
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/version/schemes.hpp"

namespace bulwark::version::scheme {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
bool is_ruby_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
int sign(int x) { return (x > 0) - (x < 0); }

struct Segment {
  std::string_view text;
  bool numeric = false;
};

std::string_view strip(std::string_view s) {
  while (!s.empty() && is_ruby_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ruby_space(s.back())) s.remove_suffix(1);
  return s;
}

// Returns the offset of the first character breaking Gem::Version's pattern, or npos.
std::size_t find_malformed(std::string_view s) {
  std::size_t i = 0;
  auto run = [&](bool dash_ok) {
    std::size_t start = i;
    while (i < s.size() && (is_alnum(s[i]) || (dash_ok && s[i] == '-'))) ++i;
    return i > start;
  };
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == 0) return 0;
  while (i < s.size() && s[i] == '.') {
    ++i;
    if (!run(false)) return i;
  }
  if (i < s.size() && s[i] == '-') {
    ++i;
    if (!run(true)) return i;
    while (i < s.size() && s[i] == '.') {
      ++i;
      if (!run(true)) return i;
    }
  }
  return i == s.size() ? std::string_view::npos : i;
}

// Gem::Version#segments after '-' -> ".pre." substitution.
void segments(std::string_view s, std::vector<Segment>& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '-') {
      out.push_back({"pre", false});
      ++i;
      continue;
    }
    bool digit = is_digit(s[i]);
    std::size_t start = i;
    while (i < s.size() && is_alnum(s[i]) && is_digit(s[i]) == digit) ++i;
    if (i > start)
      out.push_back({s.substr(start, i - start), digit});
    else
      ++i;  // '.'
  }
}

bool is_zero(const Segment& seg) {
  if (!seg.numeric) return false;
  for (char c : seg.text)
    if (c != '0') return false;
  return true;
}

// canonical_segments: drop trailing zeros of the numeric prefix and of the string part.
void canonicalize(std::vector<Segment>& segs) {
  std::size_t first_string = 0;
  while (first_string < segs.size() && segs[first_string].numeric) ++first_string;
  std::size_t end = segs.size();
  while (end > first_string && is_zero(segs[end - 1])) --end;
  segs.resize(end);
  std::size_t numeric_end = first_string;
  while (numeric_end > 0 && is_zero(segs[numeric_end - 1])) --numeric_end;
  segs.erase(segs.begin() + static_cast<std::ptrdiff_t>(numeric_end),
             segs.begin() + static_cast<std::ptrdiff_t>(first_string));
}

int compare_digits(std::string_view a, std::string_view b) {
  while (!a.empty() && a.front() == '0') a.remove_prefix(1);
  while (!b.empty() && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return sign(a.compare(b));
}

int compare_segment(const Segment& a, const Segment& b) {
  if (a.numeric && b.numeric) return compare_digits(a.text, b.text);
  if (a.numeric != b.numeric) return a.numeric ? 1 : -1;
  return sign(a.text.compare(b.text));
}

Result<void> check(std::string_view original, std::string_view s) {
  if (s.empty())
    return invalid_input("invalid RubyGems version '" + std::string(original) + "': empty");
  std::size_t at = find_malformed(s);
  if (at == std::string_view::npos) return {};
  return invalid_input("invalid RubyGems version '" + std::string(original) +
                       "': malformed version number string at offset " + std::to_string(at));
}

}  // namespace

Result<int> rubygems(std::string_view a, std::string_view b) {
  std::string_view sa = strip(a), sb = strip(b);
  if (auto ok = check(a, sa); !ok) return std::unexpected(std::move(ok.error()));
  if (auto ok = check(b, sb); !ok) return std::unexpected(std::move(ok.error()));
  if (sa == sb) return 0;
  thread_local std::vector<Segment> ga, gb;
  segments(sa, ga);
  segments(sb, gb);
  canonicalize(ga);
  canonicalize(gb);
  const Segment zero{"0", true};
  for (std::size_t i = 0; i < ga.size() || i < gb.size(); ++i) {
    const Segment& x = i < ga.size() ? ga[i] : zero;
    const Segment& y = i < gb.size() ? gb[i] : zero;
    if (int c = compare_segment(x, y)) return c;
  }
  return 0;
}

}  // namespace bulwark::version::scheme
