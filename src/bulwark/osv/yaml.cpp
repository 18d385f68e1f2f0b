// OSV records written in YAML (e.g. the PyPA advisory database) converted to JSON text.
//
// Plain (unquoted) scalars stay strings except null (~, null, empty) and booleans: the OSV
// schema has no numeric fields outside free-form database_specific objects, while versions
// such as `1.0` or `2` written without quotes must remain strings.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/osv/osv.hpp"
#include "bulwark/osv/yaml_fast.hpp"

namespace bulwark::osv {
namespace {

constexpr std::size_t kMaxDepth = kMaxNestingDepth;
constexpr std::size_t kMaxNodes = 200'000;  // bounds alias ("billion laughs") expansion

struct Converter {
  std::size_t nodes = 0;
  std::string error;

  bool fail(const YAML::Node& n, const std::string& message) {
    const auto mark = n.Mark();
    error = message;
    if (!mark.is_null())
      error = "line " + std::to_string(mark.line + 1) + ", column " +
              std::to_string(mark.column + 1) + ": " + message;
    return false;
  }

  static nlohmann::json scalar(const YAML::Node& n) {
    const std::string& s = n.Scalar();
    if (n.Tag() != "?") return s;  // quoted or explicitly tagged: a string
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    return s;
  }

  bool convert_map(const YAML::Node& n, std::size_t depth, nlohmann::json& out) {
    out = nlohmann::json::object();
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) return fail(kv.first, "mapping keys must be scalars");
      nlohmann::json value;
      if (!convert(kv.second, depth + 1, value)) return false;
      out[kv.first.Scalar()] = std::move(value);
    }
    return true;
  }

  bool convert_seq(const YAML::Node& n, std::size_t depth, nlohmann::json& out) {
    out = nlohmann::json::array();
    for (const auto& item : n) {
      nlohmann::json value;
      if (!convert(item, depth + 1, value)) return false;
      out.push_back(std::move(value));
    }
    return true;
  }

  bool convert(const YAML::Node& n, std::size_t depth, nlohmann::json& out) {
    if (depth > kMaxDepth) return fail(n, nesting_message(kMaxDepth));
    if (++nodes > kMaxNodes) return fail(n, "more than " + std::to_string(kMaxNodes) + " nodes");
    switch (n.Type()) {
      case YAML::NodeType::Map:
        return convert_map(n, depth, out);
      case YAML::NodeType::Sequence:
        return convert_seq(n, depth, out);
      case YAML::NodeType::Scalar:
        out = scalar(n);
        return true;
      default:
        out = nullptr;
        return true;
    }
  }
};

}  // namespace

Result<std::string> yaml_to_json(std::string_view yaml) {
  Error too_deep;
  if (auto fast = detail::fast_yaml_to_json(yaml, &too_deep)) return std::move(*fast);
  if (!too_deep.message.empty()) return std::unexpected(std::move(too_deep));
  return detail::yaml_cpp_to_json(yaml);
}

Result<std::string> detail::yaml_cpp_to_json(std::string_view yaml) {
  if (auto deep = check_yaml_depth(yaml); !deep) return std::unexpected(deep.error());
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return invalid_input("invalid YAML: line " + std::to_string(e.mark.line + 1) + ", column " +
                         std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) return invalid_input("invalid YAML: empty document");
  Converter c;
  nlohmann::json out;
  try {
    if (!c.convert(root, 0, out)) return invalid_input("invalid YAML: " + c.error);
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const YAML::Exception& e) {
    return invalid_input("invalid YAML: " + e.msg);
  }
}

}  // namespace bulwark::osv
