// Validation and digest helpers of the csaf module (detail.hpp).
#include "bulwark/csaf/detail.hpp"

#include "bulwark/core/clock.hpp"
#include "bulwark/core/shape.hpp"
#include "bulwark/core/text.hpp"

namespace bulwark::csaf::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
bool is_alnum_or_hyphen(char c) { return is_alnum(c) || c == '-'; }

// 0|[1-9][0-9]*
bool numeric_identifier(std::string_view s) {
  return all_digits(s) && (s.size() == 1 || s[0] != '0');
}

// SemVer pre-release identifier: a numeric identifier, or [0-9A-Za-z-]+ with a non-digit.
bool prerelease_identifier(std::string_view s) {
  if (s.empty()) return false;
  bool non_digit = false;
  for (char c : s) {
    if (!is_alnum_or_hyphen(c)) return false;
    non_digit = non_digit || !is_digit(c);
  }
  return non_digit || numeric_identifier(s);
}

// Build metadata identifier: [0-9A-Za-z-]+.
bool build_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_alnum_or_hyphen(c)) return false;
  return true;
}

template <typename Pred>
bool dot_separated(std::string_view s, Pred pred) {
  for (std::string_view part : split(s, '.'))
    if (!pred(part)) return false;
  return true;
}

}  // namespace

bool is_rfc3339(std::string_view s) {
  return is_rfc3339_shape(s, false) && parse_rfc3339(s).has_value();
}

bool is_integer_version(std::string_view s) { return numeric_identifier(s); }

// SemVer 2.0.0 (the pattern of the CSAF schema, written out): MAJOR.MINOR.PATCH[-pre][+build].
bool is_semantic_version(std::string_view s) {
  std::string_view build, pre;
  if (auto plus = s.find('+'); plus != std::string_view::npos) {
    build = s.substr(plus + 1);
    if (!dot_separated(build, build_identifier)) return false;
    s = s.substr(0, plus);
  }
  if (auto dash = s.find('-'); dash != std::string_view::npos) {
    pre = s.substr(dash + 1);
    if (!dot_separated(pre, prerelease_identifier)) return false;
    s = s.substr(0, dash);
  }
  const auto core = split(s, '.');
  return core.size() == 3 && numeric_identifier(core[0]) && numeric_identifier(core[1]) &&
         numeric_identifier(core[2]);
}

// [A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*
bool is_language_tag(std::string_view s) {
  const auto parts = split(s, '-');
  if (parts[0].size() < 2 || parts[0].size() > 3) return false;
  for (char c : parts[0])
    if (!is_alpha(c)) return false;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].size() < 2 || parts[i].size() > 8) return false;
    for (char c : parts[i])
      if (!is_alnum(c)) return false;
  }
  return true;
}

bool is_https_url(std::string_view s) {
  return s.size() > 8 && starts_with_icase(s, "https://") &&
         s.find_first_of(" \t\r\n") == std::string_view::npos;
}

bool is_http_or_https_url(std::string_view s) {
  return is_https_url(s) || (s.size() > 7 && starts_with_icase(s, "http://") &&
                             s.find_first_of(" \t\r\n") == std::string_view::npos);
}

bool looks_like_version_range(std::string_view version) {
  if (starts_with_icase(version, "vers:")) return true;
  const std::string v = to_lower(version);
  for (const char* op : {"<", ">"})
    if (v.find(op) != std::string::npos) return true;
  // One of the words below standing alone, delimited by white space or the ends of the text.
  static constexpr std::string_view kWords[] = {"after", "all",   "before",  "earlier",
                                                "later", "prior", "versions"};
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  for (std::size_t i = 0; i < v.size();) {
    while (i < v.size() && is_space(v[i])) ++i;
    std::size_t end = i;
    while (end < v.size() && !is_space(v[end])) ++end;
    const std::string_view word = std::string_view(v).substr(i, end - i);
    for (std::string_view w : kWords)
      if (word == w) return true;
    i = end;
  }
  return false;
}

// CVE-[0-9]{4}-[0-9]{4,}
bool is_cve(std::string_view id) {
  return id.size() >= 13 && id.starts_with("CVE-") && all_digits(id.substr(4, 4)) && id[8] == '-' &&
         all_digits(id.substr(9));
}

std::string system_name_for(std::string_view id) {
  if (starts_with_icase(id, "GHSA-")) return "GitHub Security Advisory";
  auto dash = id.find('-');
  if (dash == std::string_view::npos || dash == 0) return "other";
  return std::string(id.substr(0, dash));
}

std::string severity_of(double score) {
  if (score <= 0.0) return "NONE";
  if (score < 4.0) return "LOW";
  if (score < 7.0) return "MEDIUM";
  if (score < 9.0) return "HIGH";
  return "CRITICAL";
}

std::string normalize_tlp(std::string_view label) {
  std::string up;
  for (char c : label) up += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  if (up.starts_with("TLP:")) up = up.substr(4);
  if (up == "CLEAR") up = "WHITE";
  if (up == "WHITE" || up == "GREEN" || up == "AMBER" || up == "RED") return up;
  return "";
}

}  // namespace bulwark::csaf::detail
