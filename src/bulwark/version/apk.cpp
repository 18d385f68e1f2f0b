// Alpine (apk-tools 2.x, src/version.c): {digits}{.digits}...{letter}{_suffix{digits}}...{-rN}.
// The token state machine and comparison are apk's (apk_version_validate and
// apk_version_compare_blob): dot-separated numbers compare numerically except that a number
// with leading zeros counts as minus the number of zeros (so 1.05 < 1.5 and 1.00 < 1.0);
// a letter follows the numbers; suffixes _alpha < _beta < _pre < _rc < (none) < _cvs < _svn <
// _git < _hg < _p, each with an optional number; -rN is the package revision. When one version
// runs out first, the longer one is newer unless what follows is a pre-release suffix.
// Numbers are compared exactly (apk uses a C int, which overflows on more than 9 digits).
//
// Validity: apk_version_validate, plus a leading digit is required (apk 2 also accepts an empty
// string or a bare letter, which no Alpine package version is).
#include <algorithm>
#include <charconv>

#include "bulwark/version/schemes.hpp"
#include "bulwark/version/semver_internal.hpp"

namespace bulwark::version::scheme {
namespace {

enum class Tok {
  kInvalid = -1,
  kDigitOrZero,
  kDigit,
  kLetter,
  kSuffix,
  kSuffixNo,
  kRevisionNo,
  kEnd
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

// A token's value: a small integer, or a run of digits compared numerically.
struct Val {
  int small = 0;
  std::string_view digits;
  bool is_digits = false;
};

int compare_val(const Val& a, const Val& b) {
  if (a.is_digits && b.is_digits) return detail::compare_digits(a.digits, b.digits);
  if (!a.is_digits && !b.is_digits) return a.small == b.small ? 0 : a.small < b.small ? -1 : 1;
  // A digit run (>= 0) against a small value: a leading-zero count (negative) or the 0 that
  // an exhausted version yields.
  const Val& d = a.is_digits ? a : b;
  const Val& s = a.is_digits ? b : a;
  int c = 1;
  if (s.small >= 0) {
    char buf[16];
    auto r = std::to_chars(buf, buf + sizeof buf, s.small);
    c = detail::compare_digits(d.digits,
                               std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  }
  return a.is_digits ? c : -c;
}

struct Lexer {
  std::string_view s;
  Tok type = Tok::kDigit;
};

// apk's next_token: classifies the separator at the front and consumes it.
void next_token(Lexer& lx) {
  Tok n = Tok::kInvalid;
  std::string_view& s = lx.s;
  if (s.empty()) {
    n = Tok::kEnd;
  } else if ((lx.type == Tok::kDigit || lx.type == Tok::kDigitOrZero) && is_lower(s[0])) {
    n = Tok::kLetter;
  } else if (lx.type == Tok::kLetter && is_digit(s[0])) {
    n = Tok::kDigit;
  } else if (lx.type == Tok::kSuffix && is_digit(s[0])) {
    n = Tok::kSuffixNo;
  } else {
    if (s[0] == '.') {
      n = Tok::kDigitOrZero;
    } else if (s[0] == '_') {
      n = Tok::kSuffix;
    } else if (s[0] == '-' && s.size() > 1 && s[1] == 'r') {
      n = Tok::kRevisionNo;
      s.remove_prefix(1);
    }
    s.remove_prefix(1);
  }
  if (n < lx.type) {
    bool allowed = (n == Tok::kDigitOrZero && lx.type == Tok::kDigit) ||
                   (n == Tok::kSuffix && lx.type == Tok::kSuffixNo) ||
                   (n == Tok::kDigit && lx.type == Tok::kLetter);
    if (!allowed) n = Tok::kInvalid;
  }
  lx.type = n;
}

// Index of the suffix at the front of s: pre-release suffixes are negative.
bool match_suffix(std::string_view s, int& value, std::size_t& len) {
  static constexpr std::string_view kPre[] = {"alpha", "beta", "pre", "rc"};
  static constexpr std::string_view kPost[] = {"cvs", "svn", "git", "hg", "p"};
  for (int k = 0; k < 4; ++k)
    if (s.starts_with(kPre[k])) return value = k - 4, len = kPre[k].size(), true;
  for (int k = 0; k < 5; ++k)
    if (s.starts_with(kPost[k])) return value = k, len = kPost[k].size(), true;
  return false;
}

// apk's get_token: reads the token of the current type and advances to the next type.
Val get_token(Lexer& lx) {
  Val v;
  std::string_view& s = lx.s;
  if (s.empty()) {
    lx.type = Tok::kEnd;
    return v;
  }
  std::size_t i = 0;
  Tok nt = Tok::kInvalid;
  switch (lx.type) {
    case Tok::kDigitOrZero:
      if (s[0] == '0') {
        while (i < s.size() && s[i] == '0') ++i;
        nt = Tok::kDigit;
        v.small = -static_cast<int>(std::min<std::size_t>(i, 1 << 30));
        break;
      }
      [[fallthrough]];
    case Tok::kDigit:
    case Tok::kSuffixNo:
    case Tok::kRevisionNo:
      while (i < s.size() && is_digit(s[i])) ++i;
      v.digits = s.substr(0, i);
      v.is_digits = true;
      break;
    case Tok::kLetter:
      v.small = static_cast<unsigned char>(s[i++]);
      break;
    case Tok::kSuffix:
      if (match_suffix(s, v.small, i)) break;  // next_token classifies what follows
      [[fallthrough]];
    default:
      lx.type = Tok::kInvalid;
      v.small = -1;
      return v;
  }
  s.remove_prefix(i);
  if (s.empty())
    lx.type = Tok::kEnd;
  else if (nt != Tok::kInvalid)
    lx.type = nt;
  else
    next_token(lx);
  return v;
}

const char* validate_apk(std::string_view v) {
  if (v.empty()) return "empty version";
  if (!is_digit(v[0])) return "does not start with a digit";
  Lexer lx{v};
  while (lx.type != Tok::kEnd && lx.type != Tok::kInvalid) get_token(lx);
  if (lx.type == Tok::kInvalid) return "not of the form digits{.digits}[letter]{_suffix[N]}[-rN]";
  return nullptr;
}

bool suffix_is_pre(Lexer lx) { return lx.type == Tok::kSuffix && get_token(lx).small < 0; }

int compare_apk(std::string_view a, std::string_view b) {
  Lexer la{a};
  Lexer lb{b};
  Val av, bv;
  int c = 0;
  while (la.type == lb.type && la.type != Tok::kEnd && la.type != Tok::kInvalid && c == 0) {
    av = get_token(la);
    bv = get_token(lb);
    c = compare_val(av, bv);
  }
  if (c != 0) return c;
  if (la.type == lb.type) return 0;
  if (suffix_is_pre(la)) return -1;
  if (suffix_is_pre(lb)) return 1;
  return la.type > lb.type ? -1 : 1;
}

}  // namespace

Result<int> apk(std::string_view a, std::string_view b) {
  if (auto* e = validate_apk(a)) return invalid_input(detail::invalid_message("Alpine", a, e));
  if (auto* e = validate_apk(b)) return invalid_input(detail::invalid_message("Alpine", b, e));
  return compare_apk(a, b);
}

}  // namespace bulwark::version::scheme
