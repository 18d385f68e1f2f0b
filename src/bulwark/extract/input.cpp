#include "bulwark/extract/input.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "bulwark/core/text.hpp"

namespace bulwark::extract {

std::size_t line_of(std::string_view text, std::size_t offset) {
  return location_of(text, std::min(offset, text.size())).line;
}

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

std::unexpected<Error> line_error(const ScanInput& in, std::size_t line, std::string_view message) {
  return invalid_input(fmt::format("{}: line {}: {}", in.info.path, line, message));
}

std::unexpected<Error> file_error(const ScanInput& in, std::string_view message) {
  return invalid_input(fmt::format("{}: {}", in.info.path, message));
}

}  // namespace bulwark::extract
