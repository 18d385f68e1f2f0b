// Packagist (Composer) versions, ordered like PHP's version_compare() after Composer strips a
// leading 'v'/'V' (the convention of OSV's Packagist ecosystem).
//
// A port of php_version_compare(): the version is canonicalised ('-', '_', '+' and any other
// non-alphanumeric become '.', and a '.' is inserted at every digit/non-digit transition), then
// compared part by part: numbers numerically; words by their special form, matched by prefix and
// case-sensitively: dev < alpha=a < beta=b < RC=rc < (number) < pl=p (patch), unknown words
// below dev; a number against a word is the number's "#" form. When one side runs out, a further
// number makes the longer side greater, a further word compares against "#". Deliberate deviations:
// numbers compare with arbitrary precision (PHP's strtol saturates above 2^63-1), identical
// strings are equal (PHP ranks "1." below itself), and an empty version is an error.
#include <array>
#include <string>
#include <string_view>

#include "bulwark/version/schemes.hpp"

namespace bulwark::version::scheme {
namespace {

constexpr std::string_view kNumberForm = "#N#";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_special_sep(char c) { return c == '-' || c == '_' || c == '+'; }
int sign(int x) { return (x > 0) - (x < 0); }

// php_canonicalize_version() into an inline buffer (a heap string for long versions).
class Canonical {
 public:
  explicit Canonical(std::string_view v) {
    if (v.size() * 2 > buf_.size()) {
      heap_.resize(v.size() * 2);
      out_ = heap_.data();
    }
    build(v);
  }
  Canonical(const Canonical&) = delete;
  Canonical& operator=(const Canonical&) = delete;
  std::string_view view() const { return {out_, n_}; }

 private:
  void put(char c) { out_[n_++] = c; }
  void put_dot() {
    if (out_[n_ - 1] != '.') put('.');
  }
  void build(std::string_view v) {
    if (v.empty()) return;
    char lp = v[0];
    put(lp);  // the first character is copied as is
    for (std::size_t i = 1; i < v.size(); ++i) {
      char c = v[i];
      bool transition =
          (!is_digit(lp) && lp != '.' && is_digit(c)) || (is_digit(lp) && !is_digit(c) && c != '.');
      if (is_special_sep(c)) {
        put_dot();
      } else if (transition) {
        put_dot();
        put(c);
      } else if (!is_alnum(c)) {
        put_dot();
      } else {
        put(c);
      }
      lp = c;
    }
  }
  std::array<char, 128> buf_{};
  std::string heap_;
  char* out_ = buf_.data();
  std::size_t n_ = 0;
};

// compare_special_version_forms: the first matching prefix decides.
int special_form(std::string_view s) {
  struct Form {
    std::string_view name;
    int order;
  };
  static constexpr Form kForms[] = {{"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2},
                                    {"RC", 3},  {"rc", 3},    {"#", 4}, {"pl", 5},   {"p", 5}};
  for (const Form& f : kForms)
    if (s.substr(0, f.name.size()) == f.name) return f.order;
  return -1;
}

int compare_forms(std::string_view a, std::string_view b) {
  return sign(special_form(a) - special_form(b));
}

int compare_numbers(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return sign(a.compare(b));
}

bool starts_digit(std::string_view s) { return !s.empty() && is_digit(s.front()); }

// The leading digits of a part (strtol reads only those).
std::string_view leading_digits(std::string_view s) {
  std::size_t k = 0;
  while (k < s.size() && is_digit(s[k])) ++k;
  return s.substr(0, k);
}

int compare_part(std::string_view p1, std::string_view p2) {
  bool d1 = starts_digit(p1), d2 = starts_digit(p2);
  if (d1 && d2) return compare_numbers(leading_digits(p1), leading_digits(p2));
  if (!d1 && !d2) return compare_forms(p1, p2);
  return d1 ? compare_forms(kNumberForm, p2) : compare_forms(p1, kNumberForm);
}

int php_compare(std::string_view a, std::string_view b);

// Splits canonical strings on '.' in lock-step, like the C loop with its n1/n2 pointers.
int compare_canonical(std::string_view v1, std::string_view v2) {
  std::size_t p1 = 0, p2 = 0;
  bool more1 = true, more2 = true;  // n1/n2 != NULL
  int cmp = 0;
  while (p1 < v1.size() && p2 < v2.size() && more1 && more2) {
    std::size_t n1 = v1.find('.', p1), n2 = v2.find('.', p2);
    more1 = n1 != std::string_view::npos;
    more2 = n2 != std::string_view::npos;
    cmp = compare_part(v1.substr(p1, (more1 ? n1 : v1.size()) - p1),
                       v2.substr(p2, (more2 ? n2 : v2.size()) - p2));
    if (cmp != 0) break;
    if (more1) p1 = n1 + 1;
    if (more2) p2 = n2 + 1;
  }
  if (cmp != 0) return cmp;
  if (more1) return starts_digit(v1.substr(p1)) ? 1 : php_compare(v1.substr(p1), kNumberForm);
  if (more2) return starts_digit(v2.substr(p2)) ? -1 : php_compare(kNumberForm, v2.substr(p2));
  return 0;
}

int php_compare(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
  if (a.front() == '#' && b.front() == '#') return compare_canonical(a, b);
  if (a.front() == '#') return compare_canonical(a, Canonical(b).view());
  if (b.front() == '#') return compare_canonical(Canonical(a).view(), b);
  return compare_canonical(Canonical(a).view(), Canonical(b).view());
}

Result<std::string_view> strip_v(std::string_view v) {
  std::string_view s = v;
  if (!s.empty() && (s.front() == 'v' || s.front() == 'V')) s.remove_prefix(1);
  if (s.empty()) return invalid_input("invalid Packagist version '" + std::string(v) + "': empty");
  // A version starts with a letter or digit and holds printable ASCII only (PHP reads every
  // other character as a separator). PHP's version_compare is not antisymmetric on strings
  // with a leading separator or control bytes (found by fuzzing), so those are rejected.
  auto alnum = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  if (!alnum(s.front()))
    return invalid_input("invalid Packagist version '" + std::string(v) +
                         "': must start with a letter or digit");
  for (char c : s)
    if (c <= ' ' || c > '~')
      return invalid_input("invalid Packagist version '" + std::string(v) +
                           "': unexpected character");
  return s;
}

}  // namespace

Result<int> packagist(std::string_view a, std::string_view b) {
  auto sa = strip_v(a);
  if (!sa) return std::unexpected(std::move(sa.error()));
  auto sb = strip_v(b);
  if (!sb) return std::unexpected(std::move(sb.error()));
  if (*sa == *sb) return 0;  // PHP answers -1 for e.g. "1." against itself; equal strings are equal
  return php_compare(*sa, *sb);
}

}  // namespace bulwark::version::scheme
