// Internal: SemVer 2.0.0 parsing and precedence on string_views, shared by the SemVer-like
// schemes (semver, go, cargo, hex; npm and pub build on the same pieces). No allocation on the
// success path.
#pragma once

#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark::version::detail {

// The parts of a SemVer version, each a view into the input. Numeric parts are digit strings
// (possibly very long); pre and build exclude their leading '-' / '+'.
struct SemverParts {
  std::string_view major;
  std::string_view minor;
  std::string_view patch;
  std::string_view pre;
  std::string_view build;
  bool has_pre = false;
  bool has_build = false;
};

struct SemverRules {
  bool allow_v_prefix = false;    // "v1.2.3" accepted (OSV SEMVER, Go)
  bool require_v_prefix = false;  // Go proper; not used for OSV data
  bool allow_short = false;       // Go: "v1" and "v1.2" mean v1.0.0 / v1.2.0
  std::size_t max_digits = 0;     // 0 = unlimited; else the longest numeric part accepted
};

// Parses v under SemVer 2.0.0 rules; on failure returns a reason (a static string), else
// nullptr. With allow_short, a missing minor/patch is reported as an empty view.
const char* parse_semver(std::string_view v, const SemverRules& rules, SemverParts& out);

bool is_ascii_digit(char c);
bool is_semver_ident_char(char c);  // [0-9A-Za-z-]
bool all_digits(std::string_view s);

// Compares two non-negative decimal digit strings numerically (leading zeros ignored).
int compare_digits(std::string_view a, std::string_view b);

// SemVer 2.0.0 identifier-list precedence over dot-separated lists (both non-empty):
// numeric < alphanumeric, numerics numerically, others in ASCII order, shorter list first.
int compare_identifiers(std::string_view a, std::string_view b);

// SemVer precedence of parsed versions (build metadata ignored).
int compare_semver(const SemverParts& a, const SemverParts& b);

// "invalid <scheme> version '<v>': <reason>"
std::string invalid_message(std::string_view scheme, std::string_view v, std::string_view why);

// Parses both versions with the rules and returns their SemVer precedence.
Result<int> compare_semver_strings(std::string_view scheme, const SemverRules& rules,
                                   std::string_view a, std::string_view b);

inline int sign(int x) { return (x > 0) - (x < 0); }

}  // namespace bulwark::version::detail
