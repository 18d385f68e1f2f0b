// Private to the assessment module: reading a JSON (or YAML converted to JSON) document with
// errors that name the file and the JSON pointer.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark::assessment::detail {

using json = nlohmann::json;

// JSON when the first non-blank character is '{' or '[', else YAML; depth-checked; the error
// names `name` and the line/column.
Result<json> load(std::string_view text, std::string_view name);

// pointer + "/" + escaped token
std::string child(const std::string& pointer, std::string_view token);
std::string child(const std::string& pointer, std::size_t index);

// A string member ("" when absent); kInvalidInput when present and not a string.
Result<std::string> str(const json& obj, std::string_view key, const std::string& pointer);
// A string or number member rendered as text ("" when absent).
std::string text_of(const json& obj, std::string_view key);
// An integer member (fallback when absent); kInvalidInput when not an integer.
Result<int> integer(const json& obj, std::string_view key, const std::string& pointer,
                    int fallback);
// An array of strings ({} when absent).
Result<std::vector<std::string>> strings(const json& obj, std::string_view key,
                                         const std::string& pointer);
// The member when it is an array (empty array otherwise; kInvalidInput when present but not
// an array).
Result<const json*> array(const json& obj, std::string_view key, const std::string& pointer);

// Finds "AI.P1.2x" tokens in free text (no regex): e.g. "AI.P1.2d: per-device passwords".
std::vector<std::string> requirement_refs(std::string_view text);

}  // namespace bulwark::assessment::detail
