// Debian versions: dpkg's parseversion() and verrevcmp() (dpkg 1.21, lib/dpkg/version.c and
// parsehelp.c). [epoch:]upstream[-revision]: surrounding blanks are trimmed, the epoch is what
// strtol reads before the first ':', the revision follows the last '-'. Ordering: epoch
// numerically, then upstream and revision with verrevcmp ('~' before everything, even the end;
// letters before non-letters; digit runs numerically).
//
// Validity follows `dpkg --compare-versions`: its errors are rejected (empty version, embedded
// spaces, bad epoch, nothing after the colon, empty revision or upstream); what it only warns
// about and then compares is compared the same way (upstream not starting with a digit, such as
// "a1", a character outside [A-Za-z0-9.+~:-] in the upstream or [A-Za-z0-9.+~] in the revision:
// real archives carry such versions). An empty string is rejected too (dpkg treats it as "no
// version"), and so is a NUL byte (dpkg cannot be given one).
#include <climits>
#include <cstdint>

#include "bulwark/version/schemes.hpp"
#include "bulwark/version/semver_internal.hpp"

namespace bulwark::version::scheme {
namespace {

struct DebVersion {
  std::int64_t epoch = 0;
  std::string_view upstream;
  std::string_view revision;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// strtol(s, &end, 10) on the text before the colon; returns an error reason or nullptr.
const char* parse_epoch(std::string_view s, std::size_t colon, std::int64_t& epoch) {
  std::size_t p = 0;
  while (p < s.size() && is_space(s[p])) ++p;
  bool neg = false;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) neg = s[p++] == '-';
  std::size_t digits_start = p;
  std::uint64_t v = 0;
  bool overflow = false;
  for (; p < s.size() && is_digit(s[p]); ++p) {
    v = v * 10 + static_cast<std::uint64_t>(s[p] - '0');
    if (v > static_cast<std::uint64_t>(INT_MAX)) overflow = true, v = INT_MAX + 1ULL;
  }
  if (p == digits_start) return "epoch in version is empty";
  if (p != colon) return "epoch in version is not number";
  if (neg && v != 0) return "epoch in version is negative";
  if (overflow) return "epoch in version is too big";
  epoch = static_cast<std::int64_t>(v);
  return nullptr;
}

// dpkg's remaining checks are warnings only ("does not start with digit", "invalid character"):
// the version is compared all the same.
const char* check_chars(const DebVersion& v) {
  if (v.upstream.empty()) return "version number is empty";
  return nullptr;
}

const char* parse_deb(std::string_view s, DebVersion& out) {
  std::size_t b = 0;
  while (b < s.size() && is_blank(s[b])) ++b;
  s.remove_prefix(b);
  if (s.empty()) return "version string is empty";
  std::size_t end = 0;
  while (end < s.size() && !is_blank(s[end])) ++end;
  for (std::size_t p = end; p < s.size(); ++p)
    if (!is_blank(s[p])) return "version string has embedded spaces";
  s = s.substr(0, end);
  if (s.find('\0') != std::string_view::npos) return "version string contains a NUL byte";
  auto colon = s.find(':');
  if (colon != std::string_view::npos) {
    if (auto* e = parse_epoch(s, colon, out.epoch)) return e;
    if (colon + 1 == s.size()) return "nothing after colon in version number";
    s.remove_prefix(colon + 1);
  }
  auto hyphen = s.rfind('-');
  if (hyphen != std::string_view::npos) {
    if (hyphen + 1 == s.size()) return "revision number is empty";
    out.revision = s.substr(hyphen + 1);
    s = s.substr(0, hyphen);
  }
  out.upstream = s;
  return check_chars(out);
}

int order(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  char c = s[i];
  if (is_digit(c)) return 0;
  if (is_alpha(c)) return static_cast<unsigned char>(c);
  if (c == '~') return -1;
  return static_cast<unsigned char>(c) + 256;
}

// dpkg's verrevcmp on views (the end of a view acts as dpkg's NUL terminator).
int verrevcmp(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  auto digit_at = [](std::string_view s, std::size_t k) { return k < s.size() && is_digit(s[k]); };
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
      int ac = order(a, i);
      int bc = order(b, j);
      if (ac != bc) return ac < bc ? -1 : 1;
      ++i, ++j;
    }
    while (i < a.size() && a[i] == '0') ++i;
    while (j < b.size() && b[j] == '0') ++j;
    int first_diff = 0;
    while (digit_at(a, i) && digit_at(b, j)) {
      if (!first_diff) first_diff = a[i] - b[j];
      ++i, ++j;
    }
    if (digit_at(a, i)) return 1;
    if (digit_at(b, j)) return -1;
    if (first_diff) return first_diff < 0 ? -1 : 1;
  }
  return 0;
}

}  // namespace

Result<int> deb(std::string_view a, std::string_view b) {
  DebVersion va;
  DebVersion vb;
  if (auto* e = parse_deb(a, va)) return invalid_input(detail::invalid_message("Debian", a, e));
  if (auto* e = parse_deb(b, vb)) return invalid_input(detail::invalid_message("Debian", b, e));
  if (va.epoch != vb.epoch) return va.epoch < vb.epoch ? -1 : 1;
  if (int c = verrevcmp(va.upstream, vb.upstream)) return c;
  return verrevcmp(va.revision, vb.revision);
}

}  // namespace bulwark::version::scheme
