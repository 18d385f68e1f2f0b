// Per-type purl rules, encoded from the purl-spec type definitions (types/*-definition.json):
// namespace required/prohibited, case folding of namespace, name and version, name
// normalisation (pypi, pub), required qualifiers and the few type-specific checks
// (chrome-extension, cpan, cocoapods, swid, git, mlflow). Internal to bulwark_purl.
#pragma once

#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/purl/purl.hpp"

namespace bulwark::purl::detail {

enum class Requirement { kOptional, kRequired, kProhibited };
enum class Fold { kKeep, kLower, kUpper };
enum class Special {
  kNone,
  kChromeExtension,
  kCocoapods,
  kCpan,
  kGit,
  kMlflow,
  kPub,
  kPypi,
  kSwid
};

struct TypeRule {
  std::string_view type;
  Requirement ns = Requirement::kOptional;
  Fold ns_fold = Fold::kKeep;
  Fold name_fold = Fold::kKeep;
  Fold version_fold = Fold::kKeep;
  std::string_view required_qualifier = {};
  Special special = Special::kNone;
};

// The rule of a registered type, or nullptr for a type the specification does not register
// (such purls are valid; only the generic rules apply to them).
const TypeRule* find_rule(std::string_view type);

// Applies the rule of p.type to decoded, otherwise normalised components, in place. With
// check == false only the normalisations run (Mode::kPermissive); nothing is rejected.
Result<void> apply_type_rules(Purl& p, bool check);

}  // namespace bulwark::purl::detail
