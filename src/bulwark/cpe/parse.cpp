// Unbinding of CPE names (NIST IR 7695 sections 6.1.3 and 6.2.3) into a WFN.
//
// Strictness follows the formatted-string ABNF/regular expression of IR 7695 (the one CSAF uses
// too): unquoted characters other than letters, digits, '-', '.', '_' must be quoted; wildcards
// appear only as a leading and/or trailing run ("*" or "?"...), around a non-empty value;
// language is a language tag (2-3 letters, optionally "-" and a 2-letter region or 3-digit
// area). The URI binding allows letters, digits, '-', '.', '_', '~' bare and percent-escapes of
// printable ASCII; %01 / %02 are the '?' / '*' wildcards of the 2.3 URI extensions.
#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "bulwark/core/text.hpp"
#include "bulwark/cpe/attributes.hpp"
#include "bulwark/cpe/cpe.hpp"

namespace bulwark::cpe {
namespace {

using detail::is_alnum;
using detail::is_alpha;
using detail::is_digit;
using detail::is_graph;
using detail::lower;

// Why a value was rejected; the message is only built on failure.
enum class Fault { kNone, kInsideWildcard, kDoubleWildcard, kNoValue };

std::string describe(Fault f, char w) {
  switch (f) {
    case Fault::kInsideWildcard:
      return "wildcards are allowed only at the start or end";
    case Fault::kDoubleWildcard:
      return fmt::format("wildcard '{}' cannot follow another wildcard ('*' stands alone)", w);
    case Fault::kNoValue:
      return "wildcards without a value";
    case Fault::kNone:
      break;
  }
  return {};
}

// Collects one attribute value into `out` and checks wildcard placement.
class ValueBuilder {
 public:
  explicit ValueBuilder(Attr& out) : a_(out) {
    a_.kind = AttrKind::kValue;
    a_.value.clear();
    a_.prefix.clear();
    a_.suffix.clear();
  }
  Fault literal(char c) {
    if (state_ == State::kTrailing) return Fault::kInsideWildcard;
    state_ = State::kBody;
    a_.value.push_back(lower(c));
    return Fault::kNone;
  }
  Fault wildcard(char w) {
    std::string& run = state_ == State::kLeading ? a_.prefix : a_.suffix;
    if (state_ == State::kBody) state_ = State::kTrailing;
    if (run == "*" || (w == '*' && !run.empty())) return Fault::kDoubleWildcard;
    run.push_back(w);
    return Fault::kNone;
  }
  Fault finish() const { return a_.value.empty() ? Fault::kNoValue : Fault::kNone; }

 private:
  enum class State { kLeading, kBody, kTrailing };
  State state_ = State::kLeading;
  Attr& a_;
};

std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 120;
  if (text.size() <= kMax) return std::string(text);
  return std::string(text.substr(0, kMax)) + "...";
}

std::unexpected<Error> name_error(std::string_view text, std::string_view what) {
  return invalid_input(fmt::format("CPE \"{}\": {}", excerpt(text), what));
}

std::unexpected<Error> attr_error(std::string_view text, std::string_view attr,
                                  std::string_view what) {
  return invalid_input(fmt::format("CPE \"{}\": {}: {}", excerpt(text), attr, what));
}

// Language tag as IR 7695 allows: 2-3 letters, optionally "-" + 2 letters or 3 digits.
bool valid_language(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && is_alpha(v[i])) ++i;
  if (i < 2 || i > 3) return false;
  if (i == v.size()) return true;
  if (v[i] != '-') return false;
  std::string_view region = v.substr(i + 1);
  if (region.size() == 2) return is_alpha(region[0]) && is_alpha(region[1]);
  if (region.size() == 3) return is_digit(region[0]) && is_digit(region[1]) && is_digit(region[2]);
  return false;
}

Result<void> check_language(const Attr& a) {
  if (!a.is_value()) return {};
  if (a.has_wildcards() || !valid_language(a.value))
    return invalid_input(fmt::format("\"{}{}{}\" is not a language tag (e.g. en or en-us)",
                                     a.prefix, a.value, a.suffix));
  return {};
}

// ---- formatted string -----------------------------------------------------------------------

bool plain_fs(char c) { return is_alnum(c) || c == '-' || c == '.' || c == '_'; }

// Fast path: a value of letters, digits, '-', '.', '_' only (the usual NVD value).
bool unbind_plain(std::string_view s, Attr& out) {
  for (char c : s)
    if (!plain_fs(c)) return false;
  out.kind = AttrKind::kValue;
  out.value.assign(s);
  for (char& c : out.value) c = lower(c);
  return true;
}

Result<void> unbind_fs_value(std::string_view s, Attr& out) {
  if (s == "*") return {};  // out is ANY already
  if (s == "-") {
    out.kind = AttrKind::kNa;
    return {};
  }
  if (s.empty()) return invalid_input("empty value (use * for ANY or - for NA)");
  if (unbind_plain(s, out)) return {};
  ValueBuilder b(out);
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    Fault f = Fault::kNone;
    if (c == '\\') {
      if (i + 1 == s.size()) return invalid_input("value ends with a lone backslash");
      char q = s[++i];
      if (!is_graph(q) || is_alnum(q))
        return invalid_input(fmt::format("'\\' must quote a punctuation character, not '{}'", q));
      f = b.literal(q);
    } else if (c == '*' || c == '?') {
      f = b.wildcard(c);
    } else if (plain_fs(c)) {
      f = b.literal(c);
    } else if (is_graph(c)) {
      return invalid_input(fmt::format("character '{0}' must be quoted as '\\{0}'", c));
    } else {
      return invalid_input(fmt::format("byte 0x{:02x} is not allowed (printable ASCII only)",
                                       static_cast<unsigned char>(c)));
    }
    if (f != Fault::kNone) return invalid_input(describe(f, c));
  }
  if (Fault f = b.finish(); f != Fault::kNone) return invalid_input(describe(f, 0));
  return {};
}

// Splits on unquoted ':'; false when there are not exactly out.size() fields.
bool split_fs(std::string_view s, std::array<std::string_view, 11>& out) {
  std::size_t n = 0, start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] == '\\') {
      if (i + 1 < s.size()) ++i;  // skip the quoted character; a trailing backslash stays
      continue;
    }
    if (i == s.size() || s[i] == ':') {
      if (n == out.size()) return false;
      out[n++] = s.substr(start, i - start);
      start = i + 1;
    }
  }
  return n == out.size();
}

Result<char> unbind_part(std::string_view s, bool allow_empty) {
  if (s.empty() && allow_empty) return '*';
  if (s.size() == 1) {
    char c = lower(s[0]);
    if (c == 'a' || c == 'o' || c == 'h' || c == '*' || c == '-') return c;
  }
  return invalid_input(fmt::format("\"{}\" is not a part (a, o, h, * or -)", s));
}

// Splits s on sep into at most N fields; returns the number of fields, or N + 1 when more.
template <std::size_t N>
std::size_t split_into(std::string_view s, char sep, std::array<std::string_view, N>& out) {
  std::size_t n = 0;
  while (true) {
    std::size_t pos = s.find(sep);
    if (n == N) return N + 1;
    out[n++] = s.substr(0, pos);
    if (pos == std::string_view::npos) return n;
    s.remove_prefix(pos + 1);
  }
}

// ---- URI --------------------------------------------------------------------------------------

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

Result<void> unbind_uri_value(std::string_view s, Attr& out) {
  if (s.empty()) return {};  // out is ANY already
  if (s == "-") {
    out.kind = AttrKind::kNa;
    return {};
  }
  ValueBuilder b(out);
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    Fault f = Fault::kNone;
    if (c == '%') {
      int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
      int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
      if (lo < 0) return invalid_input(fmt::format("bad percent-escape \"{}\"", s.substr(i, 3)));
      char d = static_cast<char>(hi * 16 + lo);
      if (!is_graph(d) && d != 1 && d != 2)
        return invalid_input(
            fmt::format("percent-escape \"{}\" is not printable ASCII", s.substr(i, 3)));
      i += 2;
      c = d == 1 ? '?' : d == 2 ? '*' : d;
      f = (d == 1 || d == 2) ? b.wildcard(c) : b.literal(c);
    } else if (is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      f = b.literal(c);
    } else {
      return invalid_input(fmt::format("character '{}' must be percent-encoded", c));
    }
    if (f != Fault::kNone) return invalid_input(describe(f, c));
  }
  if (Fault f = b.finish(); f != Fault::kNone) return invalid_input(describe(f, 0));
  return {};
}

Result<void> unbind_uri_edition(std::string_view text, std::string_view s, Cpe& out) {
  if (s.empty() || s[0] != '~') {
    auto r = unbind_uri_value(s, out.edition);
    if (!r) return attr_error(text, "edition", r.error().message);
    return {};
  }
  std::array<std::string_view, 5> fields;
  if (split_into(s.substr(1), '~', fields) != 5)
    return attr_error(text, "edition",
                      "a packed edition needs five '~'-separated fields "
                      "(~edition~sw_edition~target_sw~target_hw~other)");
  static constexpr std::array<std::string_view, 5> kNames{"edition", "sw_edition", "target_sw",
                                                          "target_hw", "other"};
  Attr* slots[5] = {&out.edition, &out.sw_edition, &out.target_sw, &out.target_hw, &out.other};
  for (std::size_t k = 0; k < 5; ++k) {
    auto r = unbind_uri_value(fields[k], *slots[k]);
    if (!r) return attr_error(text, kNames[k], r.error().message);
  }
  return {};
}

}  // namespace

Attr Attr::literal(std::string_view v) {
  if (v.empty()) return any();
  Attr a;
  a.kind = AttrKind::kValue;
  a.value.reserve(v.size());
  for (char c : v) a.value.push_back(lower(c));
  return a;
}

Result<Cpe> parse_fs(std::string_view text) {
  constexpr std::string_view kPrefix = "cpe:2.3:";
  if (!starts_with_icase(text, kPrefix))
    return name_error(text, "a formatted string must start with \"cpe:2.3:\"");
  std::array<std::string_view, 11> fields;
  if (!split_fs(text.substr(kPrefix.size()), fields))
    return name_error(text,
                      "a formatted string has exactly 11 ':'-separated attributes after "
                      "\"cpe:2.3:\" (part through other)");
  Result<Cpe> out{std::in_place};  // filled in place: no move of the 30 strings
  Cpe& cpe = *out;
  auto part = unbind_part(fields[0], false);
  if (!part) return attr_error(text, "part", part.error().message);
  cpe.part = *part;
  for (std::size_t k = 0; k < detail::kAttributes.size(); ++k) {
    const auto& slot = detail::kAttributes[k];
    Attr& a = cpe.*slot.member;
    auto r = unbind_fs_value(fields[k + 1], a);
    if (r && slot.member == &Cpe::language) r = check_language(a);
    if (!r) return attr_error(text, slot.name, r.error().message);
  }
  return out;
}

Result<Cpe> parse_uri(std::string_view text) {
  constexpr std::string_view kPrefix = "cpe:/";
  if (!starts_with_icase(text, kPrefix)) return name_error(text, "a URI must start with \"cpe:/\"");
  std::array<std::string_view, 7> comps;
  const std::size_t count = split_into(text.substr(kPrefix.size()), ':', comps);
  if (count > comps.size())
    return name_error(text,
                      "a URI has at most 7 ':'-separated components (part through "
                      "language)");
  Result<Cpe> out{std::in_place};
  Cpe& cpe = *out;
  auto part = unbind_part(comps[0], true);
  if (!part) return attr_error(text, "part", part.error().message);
  cpe.part = *part;
  if (cpe.part == '*' && !comps[0].empty())
    return attr_error(text, "part", "'*' is not a URI part");
  static constexpr std::array<Attr Cpe::*, 4> kFirst{&Cpe::vendor, &Cpe::product, &Cpe::version,
                                                     &Cpe::update};
  for (std::size_t k = 0; k < kFirst.size() && k + 1 < count; ++k) {
    auto r = unbind_uri_value(comps[k + 1], cpe.*kFirst[k]);
    if (!r) return attr_error(text, detail::kAttributes[k].name, r.error().message);
  }
  if (count > 5) {
    if (auto r = unbind_uri_edition(text, comps[5], cpe); !r) return std::unexpected(r.error());
  }
  if (count > 6) {
    auto r = unbind_uri_value(comps[6], cpe.language);
    if (r) r = check_language(cpe.language);
    if (!r) return attr_error(text, "language", r.error().message);
  }
  return out;
}

Result<Cpe> parse(std::string_view text) {
  if (starts_with_icase(text, "cpe:2.3:")) return parse_fs(text);
  if (starts_with_icase(text, "cpe:/")) return parse_uri(text);
  return name_error(text, "not a CPE name (expected \"cpe:2.3:\" or \"cpe:/\")");
}

}  // namespace bulwark::cpe
