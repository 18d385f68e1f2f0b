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
  std::string type;       // lower-case
  std::string ns;         // namespace, decoded; segments joined by '/'; may be empty
  std::string name;       // decoded
  std::string version;    // decoded; may be empty
  std::vector<std::pair<std::string, std::string>> qualifiers;  // keys lower-case, sorted, decoded
  std::string subpath;    // decoded, segments joined by '/'; may be empty

  // Value of a qualifier, or empty when absent.
  std::string_view qualifier(std::string_view key) const;
};

// Parses and normalises a purl string. The error says which part is wrong and why.
Result<Purl> parse(std::string_view text);

// Validates and normalises components given separately (the "build" direction of the spec
// tests): applies the same per-type rules as parse.
Result<Purl> build(Purl components);

// Canonical string form (percent-encoded as the specification requires).
std::string to_string(const Purl& p);

}  // namespace bulwark::purl
