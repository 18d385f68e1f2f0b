// What every extractor needs to read a file and to name the place of an error in it (internal
// to src/bulwark/extract).
#pragma once

#include <cstddef>
#include <expected>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/extract/extractor.hpp"

namespace bulwark::extract {

// The 1-based line of a byte offset (clamped to the text).
std::size_t line_of(std::string_view text, std::size_t offset);

// The last path segment ("a/b/package-lock.json" -> "package-lock.json").
std::string_view base_name(std::string_view path);

// Removes one pair of surrounding double or single quotes.
std::string_view unquote(std::string_view s);

// "path: line N: message" as an invalid-input error.
std::unexpected<Error> line_error(const ScanInput& in, std::size_t line, std::string_view message);
// "path: message" as an invalid-input error.
std::unexpected<Error> file_error(const ScanInput& in, std::string_view message);

}  // namespace bulwark::extract
