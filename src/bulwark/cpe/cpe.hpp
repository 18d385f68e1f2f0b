// CPE (Common Platform Enumeration) names: parsing and binding per NIST IR 7695 (CPE 2.3
// Naming), name matching per NIST IR 7696 (CPE 2.3 Name Matching), and the NVD layer on top of
// it: version bounds (versionStartIncluding ... versionEndExcluding), one cpeMatch criterion
// against a component's CPE, and NVD configuration nodes.
//
// Both bindings unbind into one well-formed name (WFN), `Cpe`:
//   formatted string  cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:
//                     target_sw:target_hw:other    ('\' quotes, '*' ANY, '-' NA)
//   URI (CPE 2.2)     cpe:/part:vendor:product:version:update:edition:language  (percent-encoding,
//                     edition may pack "~edition~sw_edition~target_sw~target_hw~other")
// Attribute values are stored unquoted (literal characters) and lower-cased; unquoted wildcards
// ('*' = any run of characters, '?' = at most one character each) may only stand at the start
// and/or end of a value and are kept apart in Attr::prefix / Attr::suffix.
//
// Pure functions; thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::cpe {

enum class AttrKind { kAny, kNa, kValue };

// One attribute of a well-formed name.
struct Attr {
  AttrKind kind = AttrKind::kAny;
  std::string value;   // literal characters, unquoted, lower-case; non-empty iff kind == kValue
  std::string prefix;  // unquoted wildcards before value: "", "*" or one or more "?"
  std::string suffix;  // unquoted wildcards after value: "", "*" or one or more "?"

  bool has_wildcards() const noexcept { return !prefix.empty() || !suffix.empty(); }
  bool is_value() const noexcept { return kind == AttrKind::kValue; }
  bool operator==(const Attr&) const = default;

  static Attr any() { return {}; }
  static Attr na() { return Attr{AttrKind::kNa, {}, {}, {}}; }
  // A literal value without wildcards (lower-cased); an empty string gives ANY.
  static Attr literal(std::string_view v);
};

struct Cpe {
  char part = '*';  // 'a' application, 'o' operating system, 'h' hardware, '*' ANY, '-' NA
  Attr vendor, product, version, update, edition, language, sw_edition, target_sw, target_hw, other;
  bool operator==(const Cpe&) const = default;
};

// Parses either binding (chosen by the "cpe:2.3:" or "cpe:/" prefix, case-insensitively).
// Errors are kInvalidInput and name the attribute at fault, e.g.
//   CPE "cpe:2.3:a:ac@me:...": vendor: character '@' must be quoted as '\@'
Result<Cpe> parse(std::string_view text);
Result<Cpe> parse_fs(std::string_view text);   // formatted string binding only
Result<Cpe> parse_uri(std::string_view text);  // URI binding only

// Formatted string with canonical quoting: letters, digits, '_', '.' and '-' bare, every other
// character backslash-quoted (a value that is exactly "-" is written "\-" so it stays a value).
std::string to_fs(const Cpe& cpe);
// URI binding (2.2 form with the 2.3 extensions): literal characters other than letters,
// digits, '_', '.', '-' are percent-encoded (lower-case hex), wildcards '?'/'*' become
// %01/%02, extended attributes are packed into the edition with '~', trailing empty
// components are dropped.
std::string to_uri(const Cpe& cpe);

// ---- Name matching (NIST IR 7696) ----------------------------------------------------------

enum class Relation { kSuperset, kSubset, kEqual, kDisjoint, kUndefined };
std::string_view to_string(Relation r);

// Attribute comparison: the relation of source to target (source SUPERSET target means every
// value the target denotes is also denoted by the source). Wildcards are honoured in the
// source; a target with wildcards gives kUndefined.
Relation compare(const Attr& source, const Attr& target);
Relation compare_part(char source, char target);

// Relation of every attribute, in the order part, vendor, product, version, update, edition,
// language, sw_edition, target_sw, target_hw, other.
struct AttributeRelation {
  std::string_view attribute;
  Relation relation;
};
std::vector<AttributeRelation> compare_names(const Cpe& source, const Cpe& target);

// True when every attribute relation of criteria (source) to target is SUPERSET or EQUAL.
bool matches(const Cpe& criteria, const Cpe& target);

// ---- Versions (NVD bounds) -----------------------------------------------------------------

// Generic comparison for upstream software versions as NVD records them (no one ecosystem's
// scheme); returns -1, 0 or 1. The rules are documented in version_compare.cpp. Errors
// (kInvalidInput) for an empty version, "*"/"-", or characters outside printable ASCII.
Result<int> compare_versions(std::string_view a, std::string_view b);

// NVD cpeMatch bounds; an empty string means the bound is absent.
struct VersionBounds {
  std::string start_including, start_excluding, end_including, end_excluding;
  bool empty() const noexcept {
    return start_including.empty() && start_excluding.empty() && end_including.empty() &&
           end_excluding.empty();
  }
};

// True when version lies within every bound that is present (true when none is). The error
// names the bound ("versionEndExcluding") or the version that cannot be compared.
Result<bool> in_bounds(std::string_view version, const VersionBounds& bounds);

// ---- NVD cpeMatch criteria and configurations ----------------------------------------------

struct Criterion {
  Cpe cpe;
  VersionBounds bounds;
  bool vulnerable = true;
};

struct MatchResult {
  bool matched = false;
  double confidence = 0.0;  // 0 when not matched
  std::string explanation;
};

// Confidence levels used by match():
inline constexpr double kConfidenceExact = 1.0;        // concrete version EQUAL (or wildcard)
inline constexpr double kConfidenceBounds = 0.9;       // version inside NVD bounds
inline constexpr double kConfidenceAnyVersion = 0.3;   // every version / component version unknown
inline constexpr double kGuessedFactor = 0.7;          // target vendor/product were guessed
inline constexpr double kAssumedPlatformFactor = 0.6;  // a platform node taken as satisfied

// One NVD cpeMatch entry against one component CPE. Every attribute but the version must be
// SUPERSET or EQUAL (IR 7696). Version: a concrete (or wildcard) criterion version must be
// EQUAL (SUPERSET for wildcards) and the bounds, if any, must hold; ANY with bounds needs the
// component version inside the bounds (a component version of ANY matches with low confidence,
// NA or wildcards do not match); ANY without bounds matches every version with low confidence;
// NA matches only NA. target_guessed: the component's vendor/product were guessed (e.g. from a
// package name), which scales the confidence by kGuessedFactor.
MatchResult match(const Criterion& criterion, const Cpe& component_cpe,
                  bool target_guessed = false);

// One node of an NVD configuration (flat, as in the NVD 2.0 API).
struct Node {
  std::string op = "OR";  // "OR" | "AND" (case-insensitive; empty means OR)
  bool negate = false;
  std::vector<Criterion> matches;
};

struct ConfigurationResult {
  bool satisfied = false;
  double confidence = 0.0;
  std::string explanation;
};

// Evaluates an NVD configuration (nodes joined by config_operator "AND"/"OR", empty = OR)
// against the CPE set of a product. A configuration is satisfied when the node logic holds and
// at least one vulnerable criterion matched.
//
// Platform nodes: NVD often writes AND(vulnerable application node, non-vulnerable platform
// node such as "running on windows"). A single component SBOM usually cannot prove the
// platform, so a node whose criteria are all non-vulnerable and that no product CPE satisfies
// is taken as satisfied, the confidence is scaled by kAssumedPlatformFactor and the
// explanation says so; except when the product's CPE set does name an operating system or
// hardware ('o'/'h' part) of the same part as the node's criteria: then the platform is known
// and the node is evaluated strictly.
ConfigurationResult evaluate_configuration_detailed(const std::vector<Node>& nodes,
                                                    std::string_view config_operator,
                                                    const std::vector<Cpe>& product_cpes,
                                                    bool targets_guessed = false);
bool evaluate_configuration(const std::vector<Node>& nodes, std::string_view config_operator,
                            const std::vector<Cpe>& product_cpes);

}  // namespace bulwark::cpe
