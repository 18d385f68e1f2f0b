// Internal to bulwark_osv: the two YAML converters behind osv::yaml_to_json.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark::osv::detail {

// A fast converter for the block-style YAML that advisory databases generate (block mappings
// and sequences, plain / quoted scalars, literal block scalars). Returns nothing for anything
// outside that subset (flow collections, anchors, tags, folded scalars, multi-line plain
// scalars...); the caller then uses yaml-cpp. Results equal yaml_cpp_to_json's.
std::optional<std::string> fast_yaml_to_json(std::string_view yaml);

// The general converter (yaml-cpp).
Result<std::string> yaml_cpp_to_json(std::string_view yaml);

}  // namespace bulwark::osv::detail
