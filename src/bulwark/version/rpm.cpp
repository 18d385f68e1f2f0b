// RPM versions: rpm 4.18's EVR split (parseEVR) and rpmvercmp(), compared like
// rpm.labelCompare: epoch (missing = "0"), then version, then release (a missing release sorts
// before any release, even an empty one). The epoch is the leading run of digits when a ':'
// follows it (":1" has epoch "0"); otherwise the whole text before the last '-' is the
// version ("a:1" is a version). rpmvercmp: runs of ASCII letters or digits are compared (digits
// numerically, digits newer than letters), other characters only separate, except '~' (sorts
// before everything, even the end) and '^' (sorts after the end, before anything else).
//
// Validity: as rpm.labelCompare, the version part must not be empty ("1:", "-1" are rejected);
// Bulwark also rejects ASCII control characters and spaces, which rpm would accept but no RPM
// header or OSV record carries.
#include "bulwark/version/schemes.hpp"
#include "bulwark/version/semver_internal.hpp"

namespace bulwark::version::scheme {
namespace {

struct Evr {
  std::string_view epoch = "0";
  std::string_view version;
  std::string_view release;
  bool has_release = false;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

const char* parse_evr(std::string_view s, Evr& out) {
  if (s.empty()) return "empty version";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) return "contains a space or control character";
  }
  std::size_t d = 0;
  while (d < s.size() && is_digit(s[d])) ++d;
  auto dash = s.rfind('-');
  if (dash != std::string_view::npos && dash >= d) {
    out.release = s.substr(dash + 1);
    out.has_release = true;
    s = s.substr(0, dash);
  }
  if (d < s.size() && s[d] == ':') {
    if (d > 0) out.epoch = s.substr(0, d);
    s.remove_prefix(d + 1);
  }
  out.version = s;
  if (s.empty()) return "empty version part";
  return nullptr;
}

struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool end() const { return i >= s.size(); }
  char ch() const { return end() ? '\0' : s[i]; }
};

void skip_separators(Cursor& c) {
  while (!c.end() && !is_alnum(c.ch()) && c.ch() != '~' && c.ch() != '^') ++c.i;
}

std::string_view take_segment(Cursor& c, bool digits) {
  std::size_t start = c.i;
  while (!c.end() && (digits ? is_digit(c.ch()) : is_alpha(c.ch()))) ++c.i;
  return c.s.substr(start, c.i - start);
}

// Compares the segments at the cursors; 2 means "equal, continue".
int compare_segment(Cursor& one, Cursor& two) {
  bool isnum = is_digit(one.ch());
  std::string_view x = take_segment(one, isnum);
  std::string_view y = take_segment(two, isnum);
  if (y.empty()) return isnum ? 1 : -1;
  if (isnum) return detail::compare_digits(x, y) == 0 ? 2 : detail::compare_digits(x, y);
  int c = detail::sign(x.compare(y));
  return c == 0 ? 2 : c;
}

int rpmvercmp(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  Cursor one{a};
  Cursor two{b};
  while (!one.end() || !two.end()) {
    skip_separators(one);
    skip_separators(two);
    if (one.ch() == '~' || two.ch() == '~') {
      if (one.ch() != '~') return 1;
      if (two.ch() != '~') return -1;
      ++one.i, ++two.i;
      continue;
    }
    if (one.ch() == '^' || two.ch() == '^') {
      if (one.end()) return -1;
      if (two.end()) return 1;
      if (one.ch() != '^') return 1;
      if (two.ch() != '^') return -1;
      ++one.i, ++two.i;
      continue;
    }
    if (one.end() || two.end()) break;
    int c = compare_segment(one, two);
    if (c != 2) return c;
  }
  if (one.end() && two.end()) return 0;
  return one.end() ? -1 : 1;
}

}  // namespace

Result<int> rpm(std::string_view a, std::string_view b) {
  Evr ea;
  Evr eb;
  if (auto* e = parse_evr(a, ea)) return invalid_input(detail::invalid_message("RPM", a, e));
  if (auto* e = parse_evr(b, eb)) return invalid_input(detail::invalid_message("RPM", b, e));
  if (int c = rpmvercmp(ea.epoch, eb.epoch)) return c;
  if (int c = rpmvercmp(ea.version, eb.version)) return c;
  if (ea.has_release != eb.has_release) return ea.has_release ? 1 : -1;
  return rpmvercmp(ea.release, eb.release);
}

}  // namespace bulwark::version::scheme
