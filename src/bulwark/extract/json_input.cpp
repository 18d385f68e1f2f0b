#include "bulwark/extract/json_input.hpp"

#include "bulwark/extract/input.hpp"
#include "bulwark/extract/nesting.hpp"

namespace bulwark::extract {

Result<nlohmann::json> parse_json_object(const ScanInput& input) {
  if (auto at = json_too_deep(input.content))
    return line_error(input, line_of(input.content, *at),
                      "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(input.content);
  } catch (const nlohmann::json::parse_error& e) {
    return line_error(input, line_of(input.content, e.byte == 0 ? 0 : e.byte - 1),
                      std::string("invalid JSON: ") + e.what());
  }
  if (doc.is_null()) return file_error(input, "the JSON document is null, expected an object");
  if (!doc.is_object()) return file_error(input, "the JSON document is not an object");
  return doc;
}

std::string string_at(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  return (it != obj.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

}  // namespace bulwark::extract
