// JSON parsing for the extractors of this folder (internal; includes nlohmann/json, so only
// .cpp files include it).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bulwark/extract/lang_other/common.hpp"

namespace bulwark::extract::other {

// Parses the whole content as a JSON object; the error names the file and line.
Result<nlohmann::json> parse_json_object(const ScanInput& input);

// The string at key, or empty when absent or not a string.
std::string string_at(const nlohmann::json& obj, std::string_view key);

}  // namespace bulwark::extract::other
