#include "bulwark/extract/binary/common.hpp"

#include <fmt/format.h>

#include "bulwark/core/text.hpp"
#include "bulwark/purl/purl.hpp"

namespace bulwark::extract::binary {

std::optional<std::uint64_t> read_uint(std::string_view data, std::uint64_t offset, int width,
                                       bool little_endian) {
  if (width < 1 || width > 8 || offset > data.size() ||
      data.size() - offset < static_cast<std::uint64_t>(width))
    return std::nullopt;
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i) {
    auto byte = static_cast<unsigned char>(data[offset + (little_endian ? width - 1 - i : i)]);
    v = (v << 8) | byte;
  }
  return v;
}

namespace {

bool is_shared_object(std::string_view name) {
  return name.ends_with(".so") || name.find(".so.") != std::string_view::npos;
}

bool under_binary_dir(std::string_view path) {
  for (std::string_view dir : {"bin/", "sbin/", "lib/", "lib64/", "libexec/", "boot/"})
    if (path.starts_with(dir) || path.find("/" + std::string(dir)) != std::string_view::npos)
      return true;
  return false;
}

}  // namespace

bool looks_like_binary(const FileInfo& file) {
  auto name = base_name(file.path);
  if (name.empty() || file.size < 64 || file.size > kMaxBinaryFileSize) return false;
  if (file.executable || is_shared_object(name)) return true;
  if (name.starts_with("vmlinu") || name.starts_with("u-boot")) return true;
  return name.find('.') == std::string_view::npos && under_binary_dir(file.path);
}

bool has_executable_magic(std::string_view c) {
  if (c.starts_with("\x7f"
                    "ELF") ||
      c.starts_with("MZ"))
    return true;
  for (std::string_view m : {"\xfe\xed\xfa\xce", "\xfe\xed\xfa\xcf", "\xce\xfa\xed\xfe",
                             "\xcf\xfa\xed\xfe", "\xca\xfe\xba\xbe"})
    if (c.starts_with(m)) return true;
  return false;
}

std::string make_purl(std::string type, std::string ns, std::string name, std::string version,
                      std::vector<std::pair<std::string, std::string>> qualifiers,
                      std::vector<std::string>& notes) {
  purl::Purl p;
  p.type = std::move(type);
  p.ns = std::move(ns);
  p.name = std::move(name);
  p.version = std::move(version);
  p.qualifiers = std::move(qualifiers);
  std::string label = p.name;
  auto built = purl::build(std::move(p), purl::Mode::kPermissive);
  if (!built) {
    notes.push_back(fmt::format("{}: no purl: {}", label, built.error().message));
    return {};
  }
  return purl::to_string(*built);
}

}  // namespace bulwark::extract::binary
