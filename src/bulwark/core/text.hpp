// Small string and file helpers shared by every parser. Thread-safe (no shared state).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark {

// Reads a whole file; the error names the path.
Result<std::string> read_file(const std::string& path);

// 1-based line and column of a byte offset in text (for error messages).
struct TextLocation {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextLocation location_of(std::string_view text, std::size_t offset);

std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);  // ASCII
std::string_view trim(std::string_view s);
bool starts_with_icase(std::string_view s, std::string_view prefix);
bool equals_icase(std::string_view a, std::string_view b);
std::vector<std::string_view> split(std::string_view s, char sep);
// The parts joined with sep ("a, b, c").
std::string join(const std::vector<std::string>& parts, std::string_view sep = ", ");

// Alias-group matching: whether two id groups (an id and its aliases: CVE, GHSA, OSV ids...)
// share an id, compared case-insensitively (ids are written as published, never rewritten).
bool shares_id(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Percent-decoding (RFC 3986); fails on a malformed escape.
Result<std::string> percent_decode(std::string_view s);

// Appends `s` as a JSON string literal (RFC 8259: quotes, backslash and control characters
// escaped). Bytes that are not valid UTF-8 become U+FFFD, so the output is always valid JSON.
// For responses written without building a document tree (hot paths).
void append_json_string(std::string& out, std::string_view s);

// Escapes a string for a JSON pointer token (RFC 6901): "~" -> "~0", "/" -> "~1".
std::string json_pointer_escape(std::string_view token);

}  // namespace bulwark

namespace bulwark {

// A random (version 4) UUID in its canonical lower-case text form, e.g. for serialNumber.
std::string random_uuid4();

}  // namespace bulwark
