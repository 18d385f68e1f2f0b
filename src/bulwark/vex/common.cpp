// Shared helpers of the vex module (see internal.hpp) and format sniffing.
#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/nesting.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/vex/internal.hpp"
#include "bulwark/vex/vex.hpp"

namespace bulwark::vex {
namespace detail {

Result<nlohmann::json> parse_json(std::string_view content, std::string_view name) {
  // nlohmann's DOM (and every walk of it) is recursive: bound the depth on the raw bytes first.
  if (auto deep = check_json_depth(content, name); !deep) return std::unexpected(deep.error());
  try {
    return nlohmann::json::parse(content.begin(), content.end());
  } catch (const nlohmann::json::parse_error& e) {
    std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    auto loc = location_of(content, offset < content.size() ? offset : content.size());
    return invalid_input(std::string(name) + ":" + std::to_string(loc.line) + ":" +
                         std::to_string(loc.column) + ": not valid JSON (" + e.what() + ")");
  } catch (const nlohmann::json::exception& e) {  // e.g. a number out of range
    return invalid_input(std::string(name) + ": not valid JSON (" + e.what() + ")");
  }
}

Result<std::string> string_field(const nlohmann::json& obj, std::string_view key,
                                 const std::string& pointer) {
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string())
    return invalid_input(pointer + "/" + json_pointer_escape(key) + ": expected a string");
  return it->get<std::string>();
}

std::string text_of(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(std::string(key));
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string dump_json(const nlohmann::ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::string> normalise_timestamp(const std::string& text, const std::string& pointer) {
  if (text.empty()) return std::string();
  auto t = parse_rfc3339(text);
  if (!t) return invalid_input(pointer + ": not an RFC 3339 date-time: '" + text + "'");
  return format_rfc3339(*t);
}

std::string uuid_from(std::string_view seed) {
  std::string h = sha256_hex(seed);
  h[12] = '4';                        // version 4 layout
  h[16] = "89ab"[(h[16] - '0') & 3];  // RFC 4122 variant
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string source_name_for(std::string_view id) {
  if (starts_with_icase(id, "CVE-")) return "NVD";
  if (starts_with_icase(id, "GHSA-")) return "GitHub Advisories";
  for (std::string_view p : {"GO-", "PYSEC-", "RUSTSEC-", "OSV-", "MAL-"})
    if (starts_with_icase(id, p)) return "OSV";
  return "";
}

}  // namespace detail

std::optional<VexFormat> sniff(std::string_view content) {
  if (!check_json_depth(content, "")) {
    // Too deep to parse: recognised by its markers, so that its reader reports the nesting.
    constexpr auto npos = std::string_view::npos;
    if (content.find("\"https://openvex.dev/ns") != npos) return VexFormat::kOpenVex;
    if (content.find("\"csaf_version\"") != npos) return VexFormat::kCsaf;
    if (content.find("\"bomFormat\"") != npos && content.find("\"CycloneDX\"") != npos)
      return VexFormat::kCycloneDx;
    return std::nullopt;
  }
  auto parsed = detail::parse_json(content, "");
  if (!parsed || !parsed->is_object()) return std::nullopt;
  const auto& doc = *parsed;
  auto ctx = doc.find("@context");
  if (ctx != doc.end() && ctx->is_string() &&
      ctx->get_ref<const std::string&>().starts_with("https://openvex.dev/ns"))
    return VexFormat::kOpenVex;
  auto fmt = doc.find("bomFormat");
  auto vulns = doc.find("vulnerabilities");
  if (fmt != doc.end() && *fmt == "CycloneDX" && vulns != doc.end() && vulns->is_array())
    return VexFormat::kCycloneDx;
  auto document = doc.find("document");
  if (document != doc.end() && document->is_object() && document->contains("csaf_version"))
    return VexFormat::kCsaf;
  return std::nullopt;
}

}  // namespace bulwark::vex
