// A small TOML reader for lockfiles (poetry.lock, uv.lock) until a TOML library is available:
// tables and arrays of tables, `key = value` pairs whose raw value text is kept (multi-line
// arrays and strings joined), plus helpers to read strings, booleans and `name = "..."` items.
// Not a validating TOML parser: it rejects lines that are neither headers nor key/value pairs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::extract::jspy::toml {

struct Table {
  std::string header;  // "package", "package.source", "metadata"; empty for the root
  bool array = false;  // [[header]]
  std::size_t line = 0;
  std::vector<std::pair<std::string, std::string>> values;  // key -> raw value text

  const std::string* raw(std::string_view key) const;
  std::string string(std::string_view key) const;  // decoded string value or ""
  bool boolean(std::string_view key) const;        // true only for `true`
};

// Splits a document into tables; the error names the line.
Result<std::vector<Table>> parse(std::string_view text);

// Decodes a TOML basic or literal string ("a\"b" or 'a'); other values are returned as is.
std::string decode_string(std::string_view raw);

// The value of `key` inside an inline table "{ a = "x", key = "y" }", or "".
std::string inline_field(std::string_view inline_table, std::string_view key);

// Every `name = "..."` (or the given key) in an array of inline tables or strings.
std::vector<std::string> names_in_array(std::string_view raw, std::string_view key = "name");

}  // namespace bulwark::extract::jspy::toml
