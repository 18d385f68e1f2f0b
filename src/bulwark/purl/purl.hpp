// Package URL (purl) parsing, validation, normalisation and formatting per the purl
// specification (https://github.com/package-url/purl-spec), including the per-type rules
// (case folding, required namespace, name normalisation such as PEP 503 for pypi).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::purl {

struct Purl {
  std::string type;     // lower-case
  std::string ns;       // namespace, decoded; segments joined by '/'; may be empty
  std::string name;     // decoded
  std::string version;  // decoded; may be empty
  std::vector<std::pair<std::string, std::string>> qualifiers;  // keys lower-case, sorted, decoded
  std::string subpath;  // decoded, segments joined by '/'; may be empty

  // Value of a qualifier, or empty when absent.
  std::string_view qualifier(std::string_view key) const;
};

// How forgiving parse and build are.
//   kStrict: ECMA-427 "shall" rules only; a qualifier key that is not lower-case is an error
//     (the purl-spec "required" parse tests reject `?Arch=i386`).
//   kLenient (default): kStrict plus the purl-spec "recommended" normalisations: mixed-case
//     qualifier keys are lower-cased (`?Platform=java` becomes `?platform=java`).
//   kPermissive: for ingesting real-world SBOM and advisory data. kLenient's normalisations and
//     the per-type case folding still apply, but the per-type *checks* do not: a missing required
//     namespace (`pkg:golang/stdlib`, the Go standard library in OSV), a prohibited namespace,
//     a missing required qualifier and the chrome-extension/cpan/cocoapods/swid name checks are
//     accepted. A missing required namespace is taken from an encoded '/' in the name
//     (`pkg:composer/drupal%2Fcore` becomes `pkg:composer/drupal/core`).
// The generic rules (scheme, type, name present, percent-escapes, qualifier keys) hold in all
// modes.
enum class Mode { kStrict, kLenient, kPermissive };

// Parses and normalises a purl string. The error says which part is wrong and why.
Result<Purl> parse(std::string_view text);
Result<Purl> parse(std::string_view text, Mode mode);

// Validates and normalises components given separately (the "build" direction of the spec
// tests): applies the same per-type rules as parse.
Result<Purl> build(Purl components);
Result<Purl> build(Purl components, Mode mode);

// Canonical string form (percent-encoded as the specification requires).
std::string to_string(const Purl& p);

// Percent-encodes one purl component the canonical way: ASCII letters, digits, '-', '.', '_',
// '~' and ':' stay as they are; every other byte becomes %XX (upper-case hex). Appends to out.
void append_encoded(std::string& out, std::string_view component);

}  // namespace bulwark::purl
