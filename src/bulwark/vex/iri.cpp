// OpenVEX @id values as IRIs (see internal.hpp).
#include <cctype>
#include <string>
#include <string_view>

#include "bulwark/vex/internal.hpp"

namespace bulwark::vex::detail {
namespace {

constexpr std::string_view kIriPrefix = "urn:bulwark:";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

bool is_iri(std::string_view id) {
  const auto colon = id.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= id.size()) return false;
  if (!std::isalpha(static_cast<unsigned char>(id[0]))) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(id[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  for (unsigned char c : id)
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' ||
        c == '|' || c == '\\' || c == '^' || c == '`')
      return false;
  return true;
}

std::string to_iri(std::string_view id, std::string_view kind) {
  if (is_iri(id)) return std::string(id);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = std::string(kIriPrefix) + std::string(kind) + ":";
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c >= 0x80) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string from_iri(std::string_view iri) {
  if (!iri.starts_with(kIriPrefix)) return std::string(iri);
  std::string_view rest = iri.substr(kIriPrefix.size());
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return std::string(iri);
  rest.remove_prefix(colon + 1);
  std::string out;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && hex_value(rest[i + 1]) >= 0 &&
        hex_value(rest[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(rest[i + 1]) * 16 + hex_value(rest[i + 2]));
      i += 2;
    } else {
      out += rest[i];
    }
  }
  return out;
}

}  // namespace bulwark::vex::detail
