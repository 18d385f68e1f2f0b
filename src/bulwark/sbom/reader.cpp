// sbom::read / sbom::read_file: sniff the serialization, dispatch to the format reader.
#include "bulwark/sbom/reader.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "bulwark/core/text.hpp"
#include "bulwark/sbom/internal.hpp"

namespace bulwark::sbom {

namespace {

// `owner`, when given, holds `content` followed by at least kJsonPadding spare bytes.
Result<Sbom> read_impl(std::string_view content, std::string_view name, std::string* owner) {
  const std::string_view body = detail::strip_preamble(content);
  if (body.empty()) return invalid_input(std::string(name) + ": empty document");
  Result<Sbom> result;
  switch (detail::sniff(body)) {
    case detail::Syntax::kJson:
      result = detail::read_json(body, name, owner);
      break;
    case detail::Syntax::kXml:
      result = detail::read_cyclonedx_xml(body, name);
      break;
    case detail::Syntax::kTagValue:
      result = detail::read_spdx_tag_value(body, name);
      break;
    case detail::Syntax::kUnknown:
      return unsupported(
          std::string(name) +
          ": not a recognised SBOM (expected CycloneDX JSON/XML or SPDX 2.x JSON/tag-value)");
  }
  if (result) result->source_path = std::string(name);
  return result;
}

// Reads the whole file into a buffer with kJsonPadding spare bytes (no copy for the parser).
Result<std::size_t> load(const std::string& path, std::string& buffer) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return not_found(path + ": cannot open: " + std::strerror(errno));
  const std::streamoff size = in.tellg();
  if (size < 0) return io_error(path + ": cannot determine the size");
  buffer.assign(static_cast<std::size_t>(size) + detail::kJsonPadding, '\0');
  in.seekg(0);
  if (!in.read(buffer.data(), size)) return io_error(path + ": read failed");
  return static_cast<std::size_t>(size);
}

}  // namespace

Result<Sbom> read(std::string_view content, std::string_view name) {
  return read_impl(content, name, nullptr);
}

Result<Sbom> read_file(const std::string& path) {
  std::string buffer;
  auto size = load(path, buffer);
  if (!size) {
    // Not a regular file (a pipe, /dev/stdin): fall back to the streaming reader.
    auto content = bulwark::read_file(path);
    if (!content) return std::unexpected(std::move(size.error()));
    return read(*content, path);
  }
  return read_impl(std::string_view(buffer.data(), *size), path, &buffer);
}

}  // namespace bulwark::sbom
