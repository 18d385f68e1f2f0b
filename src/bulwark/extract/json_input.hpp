// JSON lock files and manifests: parsing with the nesting limit and errors naming the file and
// line, for every extractor (internal; includes nlohmann/json, so only .cpp files include it).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/extract/extractor.hpp"

namespace bulwark::extract {

// Parses the whole content as a JSON object; the error names the file and line.
Result<nlohmann::json> parse_json_object(const ScanInput& input);

// The string at key, or empty when absent or not a string.
std::string string_at(const nlohmann::json& obj, std::string_view key);

}  // namespace bulwark::extract
