// SemVer 2.0.0 (https://semver.org), strict grammar; shared helpers for the SemVer-like schemes.
// OSV SEMVER ranges: a leading 'v' is tolerated (OSV documents it), anything else must follow the
// grammar. Build metadata is ignored for precedence.
#include <fmt/format.h>

#include "bulwark/version/schemes.hpp"
#include "bulwark/version/semver_internal.hpp"

namespace bulwark::version::detail {
namespace {

// A numeric part: digits, no leading zero (except "0" itself).
const char* take_number(std::string_view& rest, std::string_view& out, const SemverRules& rules,
                        const char* what) {
  std::size_t n = 0;
  while (n < rest.size() && is_ascii_digit(rest[n])) ++n;
  if (n == 0) return what;
  if (n > 1 && rest[0] == '0') return "numeric part has a leading zero";
  if (rules.max_digits != 0 && n > rules.max_digits) return "numeric part is too large";
  out = rest.substr(0, n);
  rest.remove_prefix(n);
  return nullptr;
}

// Dot-separated identifiers up to the first char not in [0-9A-Za-z-.]; numeric identifiers
// must not have leading zeros when `numeric_strict`.
const char* take_identifiers(std::string_view& rest, std::string_view& out, bool numeric_strict) {
  std::size_t pos = 0;
  std::size_t start = 0;
  while (true) {
    while (pos < rest.size() && is_semver_ident_char(rest[pos])) ++pos;
    std::string_view ident = rest.substr(start, pos - start);
    if (ident.empty()) return "empty identifier";
    if (numeric_strict && ident.size() > 1 && ident[0] == '0' && all_digits(ident))
      return "numeric pre-release identifier has a leading zero";
    if (pos < rest.size() && rest[pos] == '.') {
      start = ++pos;
      continue;
    }
    break;
  }
  out = rest.substr(0, pos);
  rest.remove_prefix(pos);
  return nullptr;
}

const char* parse_core(std::string_view& rest, const SemverRules& rules, SemverParts& out) {
  if (auto* e = take_number(rest, out.major, rules, "expected a major version number")) return e;
  if (rest.empty() && rules.allow_short) return nullptr;
  if (rest.empty() || rest[0] != '.') return "expected MAJOR.MINOR.PATCH";
  rest.remove_prefix(1);
  if (auto* e = take_number(rest, out.minor, rules, "expected a minor version number")) return e;
  if (rest.empty() && rules.allow_short) return nullptr;
  if (rest.empty() || rest[0] != '.') return "expected MAJOR.MINOR.PATCH";
  rest.remove_prefix(1);
  return take_number(rest, out.patch, rules, "expected a patch version number");
}

}  // namespace

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

bool is_semver_ident_char(char c) {
  return is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_ascii_digit(c)) return false;
  return !s.empty();
}

const char* parse_semver(std::string_view v, const SemverRules& rules, SemverParts& out) {
  out = SemverParts{};
  if (v.empty()) return "empty version";
  if (!v.empty() && v[0] == 'v' && (rules.allow_v_prefix || rules.require_v_prefix))
    v.remove_prefix(1);
  else if (rules.require_v_prefix)
    return "missing leading 'v'";
  if (auto* e = parse_core(v, rules, out)) return e;
  bool is_short = out.patch.empty();
  if (!v.empty() && v[0] == '-') {
    if (is_short) return "pre-release needs MAJOR.MINOR.PATCH";
    v.remove_prefix(1);
    if (auto* e = take_identifiers(v, out.pre, true)) return e;
    out.has_pre = true;
  }
  if (!v.empty() && v[0] == '+') {
    if (is_short) return "build metadata needs MAJOR.MINOR.PATCH";
    v.remove_prefix(1);
    if (auto* e = take_identifiers(v, out.build, false)) return e;
    out.has_build = true;
  }
  if (!v.empty()) return "unexpected character after the version";
  return nullptr;
}

int compare_digits(std::string_view a, std::string_view b) {
  while (!a.empty() && a[0] == '0') a.remove_prefix(1);
  while (!b.empty() && b[0] == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return sign(a.compare(b));
}

namespace {

std::string_view next_ident(std::string_view& list) {
  auto dot = list.find('.');
  std::string_view id = list.substr(0, dot);
  list = dot == std::string_view::npos ? std::string_view{} : list.substr(dot + 1);
  return id;
}

int compare_one_identifier(std::string_view x, std::string_view y) {
  bool xn = all_digits(x);
  bool yn = all_digits(y);
  if (xn && yn) return compare_digits(x, y);
  if (xn != yn) return xn ? -1 : 1;
  return sign(x.compare(y));
}

}  // namespace

int compare_identifiers(std::string_view a, std::string_view b) {
  while (!a.empty() && !b.empty()) {
    int c = compare_one_identifier(next_ident(a), next_ident(b));
    if (c != 0) return c;
  }
  if (a.empty() && b.empty()) return 0;
  return a.empty() ? -1 : 1;
}

int compare_semver(const SemverParts& a, const SemverParts& b) {
  if (int c = compare_digits(a.major, b.major)) return c;
  if (int c = compare_digits(a.minor, b.minor)) return c;
  if (int c = compare_digits(a.patch, b.patch)) return c;
  if (a.has_pre != b.has_pre) return a.has_pre ? -1 : 1;
  if (!a.has_pre) return 0;
  return compare_identifiers(a.pre, b.pre);
}

std::string invalid_message(std::string_view scheme, std::string_view v, std::string_view why) {
  return fmt::format("invalid {} version '{}': {}", scheme, v, why);
}

Result<int> compare_semver_strings(std::string_view scheme, const SemverRules& rules,
                                   std::string_view a, std::string_view b) {
  SemverParts pa;
  SemverParts pb;
  if (auto* e = parse_semver(a, rules, pa)) return invalid_input(invalid_message(scheme, a, e));
  if (auto* e = parse_semver(b, rules, pb)) return invalid_input(invalid_message(scheme, b, e));
  return compare_semver(pa, pb);
}

}  // namespace bulwark::version::detail

namespace bulwark::version::scheme {

Result<int> semver(std::string_view a, std::string_view b) {
  static constexpr detail::SemverRules kRules{.allow_v_prefix = true};
  return detail::compare_semver_strings("SemVer", kRules, a, b);
}

}  // namespace bulwark::version::scheme
