// npm: node-semver's `compare` with loose=false (semver 7.x). Accepted input: at most 256
// characters, surrounding JavaScript whitespace trimmed, an optional leading 'v', then strict
// SemVer 2.0.0 with major/minor/patch <= Number.MAX_SAFE_INTEGER. Ordering: SemVer precedence,
// except that numeric pre-release identifiers compare as JavaScript numbers (doubles), as
// node-semver does, so very long numeric identifiers can compare equal.
#include <charconv>
#include <cstdint>
#include <limits>
#include <system_error>

#include "bulwark/version/schemes.hpp"
#include "bulwark/version/semver_internal.hpp"

namespace bulwark::version::scheme {
namespace {

constexpr std::size_t kMaxLength = 256;
constexpr std::string_view kMaxSafeInteger = "9007199254740991";

// Length in UTF-16 code units, as JavaScript's String.length counts (input assumed UTF-8).
std::size_t js_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;  // a lead or ASCII byte starts a code point
    if (c >= 0xF0) ++n;           // astral code point: a surrogate pair
  }
  return n;
}

bool is_js_space_cp(std::uint32_t cp) {
  switch (cp) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

// Length in bytes of a JS whitespace code point starting at s[i], or 0.
std::size_t space_at(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return is_js_space_cp(c) ? 1 : 0;
  if (c >= 0xF0 || c < 0xC0) return 0;  // no JS space is astral; continuation bytes
  std::size_t len = c >= 0xE0 ? 3 : 2;
  if (i + len > s.size()) return 0;
  std::uint32_t cp = len == 2 ? c & 0x1F : c & 0x0F;
  for (std::size_t k = 1; k < len; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  return is_js_space_cp(cp) ? len : 0;
}

// Length of the JS whitespace code point ending at s[end-1], or 0.
std::size_t space_before(std::string_view s, std::size_t end) {
  for (std::size_t len = 1; len <= 3 && len <= end; ++len)
    if (space_at(s, end - len) == len) return len;
  return 0;
}

std::string_view js_trim(std::string_view s) {
  std::size_t b = 0;
  while (b < s.size())
    if (std::size_t n = space_at(s, b))
      b += n;
    else
      break;
  std::size_t e = s.size();
  while (e > b)
    if (std::size_t n = space_before(s, e))
      e -= n;
    else
      break;
  return s.substr(b, e - b);
}

Result<detail::SemverParts> parse_npm(std::string_view raw) {
  static constexpr detail::SemverRules kRules{.allow_v_prefix = true};
  auto bad = [raw](std::string_view why) {
    return invalid_input(detail::invalid_message("npm", raw, why));
  };
  if (js_length(raw) > kMaxLength) return bad("longer than 256 characters");
  detail::SemverParts p;
  if (auto* e = detail::parse_semver(js_trim(raw), kRules, p)) return bad(e);
  for (auto part : {p.major, p.minor, p.patch})
    if (detail::compare_digits(part, kMaxSafeInteger) > 0)
      return bad("number exceeds Number.MAX_SAFE_INTEGER");
  return p;
}

double js_number(std::string_view digits) {
  double d = 0;
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), d);
  if (r.ec == std::errc::result_out_of_range) return std::numeric_limits<double>::infinity();
  return d;
}

std::string_view next_ident(std::string_view& list) {
  auto dot = list.find('.');
  std::string_view id = list.substr(0, dot);
  list = dot == std::string_view::npos ? std::string_view{} : list.substr(dot + 1);
  return id;
}

// node-semver compareIdentifiers: numeric ones as JS numbers, numeric < non-numeric,
// others by UTF-16 code unit order (byte order for the ASCII identifiers SemVer allows).
int compare_npm_identifier(std::string_view x, std::string_view y) {
  bool xn = detail::all_digits(x);
  bool yn = detail::all_digits(y);
  if (xn && yn) {
    double dx = js_number(x);
    double dy = js_number(y);
    return dx == dy ? 0 : dx < dy ? -1 : 1;
  }
  if (xn != yn) return xn ? -1 : 1;
  return detail::sign(x.compare(y));
}

int compare_npm_pre(std::string_view a, std::string_view b) {
  while (!a.empty() && !b.empty()) {
    if (int c = compare_npm_identifier(next_ident(a), next_ident(b))) return c;
  }
  if (a.empty() && b.empty()) return 0;
  return a.empty() ? -1 : 1;
}

}  // namespace

Result<int> npm(std::string_view a, std::string_view b) {
  auto pa = parse_npm(a);
  if (!pa) return std::unexpected(std::move(pa.error()));
  auto pb = parse_npm(b);
  if (!pb) return std::unexpected(std::move(pb.error()));
  if (int c = detail::compare_digits(pa->major, pb->major)) return c;
  if (int c = detail::compare_digits(pa->minor, pb->minor)) return c;
  if (int c = detail::compare_digits(pa->patch, pb->patch)) return c;
  if (pa->has_pre != pb->has_pre) return pa->has_pre ? -1 : 1;
  if (!pa->has_pre) return 0;
  return compare_npm_pre(pa->pre, pb->pre);
}

}  // namespace bulwark::version::scheme
