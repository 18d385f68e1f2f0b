// Internal to bulwark_osv: the two YAML converters behind osv::yaml_to_json.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bulwark/core/nesting.hpp"
#include "bulwark/core/result.hpp"

namespace bulwark::osv::detail {

// A fast converter for the block-style YAML that advisory databases generate (block mappings
// and sequences, plain / quoted scalars, literal block scalars). Returns nothing for anything
// outside that subset (flow collections, anchors, tags, folded scalars, multi-line plain
// scalars...); the caller then uses yaml-cpp. Results equal yaml_cpp_to_json's. Collections
// nesting deeper than kMaxNestingDepth stop it at once: nothing is returned and, when `too_deep`
// is given, it receives the error ("nesting deeper than N at line L").
std::optional<std::string> fast_yaml_to_json(std::string_view yaml, Error* too_deep = nullptr);

// The general converter (yaml-cpp). Flow brackets and "- - -" chains nesting deeper than
// kMaxNestingDepth are refused before yaml-cpp (which recurses per level) sees the text.
Result<std::string> yaml_cpp_to_json(std::string_view yaml);

// The pre-scan behind yaml_cpp_to_json: a lower bound of the nesting depth per line (flow
// brackets outside quotes and comments, plus the "- " items opened on one line); an error
// naming the line when it exceeds kMaxNestingDepth.
Result<void> check_yaml_depth(std::string_view yaml);

}  // namespace bulwark::osv::detail
