// JSON entry point: parse once with simdjson, dispatch on bomFormat / spdxVersion. On a syntax
// error the document is re-scanned with nlohmann's SAX parser to locate the error (line:column).
#include <simdjson.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/core/nesting.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/sbom/internal.hpp"

namespace bulwark::sbom::detail {

namespace {

// A SAX consumer that keeps nothing but the first error's position and message.
struct ErrorLocator : nlohmann::json_sax<nlohmann::json> {
  std::size_t position = 0;
  std::string message;
  bool failed = false;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    failed = true;
    position = pos;
    message = ex.what();
    return false;
  }
};

// nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 4: syntax error
// ..."; keep the part after the location, which we print ourselves.
std::string strip_nlohmann_prefix(const std::string& what) {
  const auto col = what.find("column ");
  if (col != std::string::npos) {
    const auto colon = what.find(": ", col);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  const auto bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

Error syntax_error(std::string_view content, std::string_view name, simdjson::error_code code) {
  ErrorLocator locator;
  nlohmann::json::sax_parse(content.begin(), content.end(), &locator);
  if (!locator.failed)
    return Error{ErrorCode::kInvalidInput,
                 std::string(name) + ": " + simdjson::error_message(code)};
  const TextLocation loc = location_of(content, locator.position > 0 ? locator.position - 1 : 0);
  return Error{ErrorCode::kInvalidInput, std::string(name) + ":" + std::to_string(loc.line) + ":" +
                                             std::to_string(loc.column) + ": " +
                                             strip_nlohmann_prefix(locator.message)};
}

bool has_key(const simdjson::dom::object& obj, std::string_view key) {
  simdjson::dom::element ignored;
  return !obj.at_key(key).get(ignored);
}

}  // namespace

std::size_t JsonWalker::push(std::string_view key) {
  const std::size_t mark = path_.size();
  path_ += '/';
  path_ += json_pointer_escape(key);
  return mark;
}

std::size_t JsonWalker::push(std::size_t index) {
  const std::size_t mark = path_.size();
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, index);
  path_ += '/';
  path_.append(buf, res.ptr);
  return mark;
}

Error JsonWalker::error_at(std::string_view key, std::string_view message) const {
  std::string msg(name_);
  msg += ": ";
  msg += path_;
  if (!key.empty()) {
    msg += '/';
    msg += json_pointer_escape(key);
  }
  if (path_.empty() && key.empty()) msg += "/";
  msg += ": ";
  msg += message;
  return Error{ErrorCode::kInvalidInput, std::move(msg)};
}

Result<std::string_view> JsonWalker::string_of(const simdjson::dom::element& v,
                                               std::string_view key) const {
  std::string_view s;
  if (v.get_string().get(s)) return std::unexpected(error_at(key, "expected string"));
  return s;
}

Result<void> JsonWalker::expect_object(const simdjson::dom::element& v,
                                       std::string_view key) const {
  if (!v.is_object()) return std::unexpected(error_at(key, "expected object"));
  return {};
}

Result<void> JsonWalker::expect_array(const simdjson::dom::element& v, std::string_view key) const {
  if (!v.is_array()) return std::unexpected(error_at(key, "expected array"));
  return {};
}

static_assert(simdjson::SIMDJSON_PADDING <= kJsonPadding,
              "kJsonPadding must cover simdjson's padding");

Result<Sbom> read_json(std::string_view content, std::string_view name, std::string* owner) {
  // simdjson parses iteratively, but the readers walk its DOM recursively: bound the depth first.
  if (auto deep = check_json_depth(content, name); !deep) return std::unexpected(deep.error());
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::error_code code;
  if (owner != nullptr) {
    code = parser.parse(content.data(), content.size(), false).get(root);
  } else {
    const simdjson::padded_string padded(content.data(), content.size());
    code = parser.parse(padded).get(root);
  }
  if (code) return std::unexpected(syntax_error(content, name, code));
  if (owner != nullptr) std::string().swap(*owner);  // the DOM holds copies of every string
  simdjson::dom::object obj;
  if (root.get_object().get(obj))
    return invalid_input(std::string(name) + ": /: expected object (a CycloneDX or SPDX document)");
  if (has_key(obj, "bomFormat")) return read_cyclonedx_json(root, name);
  if (has_key(obj, "spdxVersion")) return read_spdx_json(root, name);
  if (has_key(obj, "@context") || has_key(obj, "@graph"))
    return unsupported(
        std::string(name) +
        ": SPDX 3.0 JSON-LD is not supported; use SPDX 2.2/2.3 (JSON or tag-value) or CycloneDX");
  return unsupported(std::string(name) +
                     ": not a recognised SBOM: JSON without \"bomFormat\" (CycloneDX) or "
                     "\"spdxVersion\" (SPDX 2.x)");
}

}  // namespace bulwark::sbom::detail
