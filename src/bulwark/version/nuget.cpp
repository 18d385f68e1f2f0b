// NuGet versions, ordered exactly like NuGet.Versioning's NuGetVersion with
// VersionComparer.Default.
//
// Parsing follows NuGetVersion.TryParse: trim, split at the first '-' (release labels) and the
// first '+' (metadata); the version part is 1-4 non-negative Int32 components (System.Version
// with a ".0" added to a lone number; each component may carry surrounding ASCII whitespace as
// int.TryParse allows); missing components are 0, so 1.0 == 1.0.0.0. Labels are dot-separated
// [0-9A-Za-z-]+ without leading zeros on numeric labels; metadata parts are [0-9A-Za-z-]+. No
// leading 'v'. Comparison: the four numbers, then a release (no labels) after any pre-release,
// then labels one by one: Int32-parsable labels compare numerically and before others, other
// labels compare with OrdinalIgnoreCase; fewer labels first. Metadata is ignored.
#include <cstdint>
#include <string>
#include <string_view>

#include "bulwark/version/schemes.hpp"

namespace bulwark::version::scheme {
namespace {

struct NuGet {
  std::int64_t parts[4] = {0, 0, 0, 0};
  std::string_view labels;  // empty = release
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_label_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
bool is_net_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_net_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_net_space(s.back())) s.remove_suffix(1);
  return s;
}

// int.TryParse with NumberStyles.Integer restricted to what can reach it here.
bool parse_int32(std::string_view s, std::int64_t& out, bool allow_minus) {
  s = trim(s);
  bool neg = false;
  if (allow_minus && !s.empty() && s.front() == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  std::int64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
    if (v > 2147483648LL) return false;
  }
  if (!neg && v > 2147483647LL) return false;
  out = neg ? -v : v;
  return true;
}

// System.Version.TryParse on the part before '-'/'+': 2-4 components (a lone number gets ".0").
const char* parse_numbers(std::string_view s, NuGet& v) {
  int n = 0;
  for (;;) {
    std::size_t dot = s.find('.');
    std::string_view part = s.substr(0, dot);
    if (n == 4) return "more than four numeric components";
    if (!parse_int32(part, v.parts[n], false) || v.parts[n] < 0)
      return "malformed numeric component";
    ++n;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  return nullptr;
}

// Each dot-separated part non-empty and [0-9A-Za-z-]; labels also refuse numeric leading zeros.
const char* check_parts(std::string_view s, bool labels) {
  for (;;) {
    std::size_t dot = s.find('.');
    std::string_view part = s.substr(0, dot);
    if (part.empty()) return labels ? "empty release label" : "empty metadata part";
    bool digits = true;
    for (char c : part) {
      if (!is_label_char(c))
        return labels ? "invalid character in release label" : "invalid character in metadata";
      digits = digits && is_digit(c);
    }
    if (labels && digits && part.size() > 1 && part[0] == '0')
      return "numeric release label with a leading zero";
    if (dot == std::string_view::npos) return nullptr;
    s.remove_prefix(dot + 1);
  }
}

const char* parse_nuget(std::string_view s, NuGet& v) {
  s = trim(s);
  std::size_t cut = s.find_first_of("-+");
  std::string_view version = s.substr(0, cut);
  if (version.empty()) return "missing version number";
  if (const char* why = parse_numbers(version, v)) return why;
  if (cut == std::string_view::npos) return nullptr;
  std::string_view rest = s.substr(cut);
  std::string_view metadata;
  if (rest.front() == '-') {
    std::size_t plus = rest.find('+');
    v.labels = rest.substr(1, plus == std::string_view::npos ? plus : plus - 1);
    if (const char* why = check_parts(v.labels, true)) return why;
    if (plus != std::string_view::npos) metadata = rest.substr(plus);
  } else {
    metadata = rest;
  }
  if (!metadata.empty()) return check_parts(metadata.substr(1), false);
  return nullptr;
}

Result<NuGet> parse(std::string_view text) {
  NuGet v;
  if (const char* why = parse_nuget(text, v))
    return invalid_input("invalid NuGet version '" + std::string(text) + "': " + why);
  return v;
}

int compare_icase(std::string_view a, std::string_view b) {
  std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    char x = upper(a[i]), y = upper(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

int compare_label(std::string_view a, std::string_view b) {
  std::int64_t x = 0, y = 0;
  bool xn = parse_int32(a, x, true), yn = parse_int32(b, y, true);
  if (xn && yn) return x == y ? 0 : (x < y ? -1 : 1);
  if (xn != yn) return xn ? -1 : 1;
  return compare_icase(a, b);
}

std::string_view next_label(std::string_view& rest) {
  std::size_t dot = rest.find('.');
  std::string_view part = rest.substr(0, dot);
  rest.remove_prefix(dot == std::string_view::npos ? rest.size() : dot + 1);
  return part;
}

int compare_labels(std::string_view a, std::string_view b) {
  while (!a.empty() && !b.empty())
    if (int c = compare_label(next_label(a), next_label(b))) return c;
  return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
}

int compare_parsed(const NuGet& a, const NuGet& b) {
  for (int i = 0; i < 4; ++i)
    if (a.parts[i] != b.parts[i]) return a.parts[i] < b.parts[i] ? -1 : 1;
  if (a.labels.empty() != b.labels.empty()) return a.labels.empty() ? 1 : -1;
  return compare_labels(a.labels, b.labels);
}

}  // namespace

Result<int> nuget(std::string_view a, std::string_view b) {
  auto pa = parse(a);
  if (!pa) return std::unexpected(std::move(pa.error()));
  auto pb = parse(b);
  if (!pb) return std::unexpected(std::move(pb.error()));
  return compare_parsed(*pa, *pb);
}

}  // namespace bulwark::version::scheme
