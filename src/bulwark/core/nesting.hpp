// One nesting limit for every document Bulwark parses (JSON, XML, YAML): recursive walks of
// untrusted trees stop there, and JSON is pre-scanned on the raw bytes before any parser that
// recurses (nlohmann::json) or builds a tree our walks then recurse into.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark {

// The deepest nesting accepted in a JSON, XML or YAML document (arrays/objects, elements,
// block collections). Real SBOMs, VEX, CSAF and OSV documents stay far below it.
inline constexpr std::size_t kMaxNestingDepth = 100;

// "nesting deeper than 100" (the fixed part of every such error message).
std::string nesting_message(std::size_t limit = kMaxNestingDepth);

// Fails with kInvalidInput "NAME: nesting deeper than N at line L, column C" when the arrays and
// objects of the JSON text nest deeper than `limit` (brackets inside strings are skipped; the
// text need not be valid JSON: syntax is the parser's business). Linear, no allocation.
Result<void> check_json_depth(std::string_view text, std::string_view name,
                              std::size_t limit = kMaxNestingDepth);

}  // namespace bulwark
