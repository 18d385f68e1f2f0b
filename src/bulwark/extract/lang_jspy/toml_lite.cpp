#include "bulwark/extract/lang_jspy/toml_lite.hpp"

#include <cctype>

#include <fmt/format.h>

#include "bulwark/extract/lang_jspy/common.hpp"

namespace bulwark::extract::jspy::toml {
namespace {

// Net bracket depth of a line, ignoring brackets inside strings and after comments.
int bracket_delta(std::string_view s, bool& in_triple) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_triple) {
      if (s.substr(i, 3) == "\"\"\"" || s.substr(i, 3) == "'''") {
        in_triple = false;
        i += 2;
      }
      continue;
    }
    if (quote) {
      if (c == '\\' && quote == '"')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (s.substr(i, 3) == "\"\"\"" || s.substr(i, 3) == "'''") {
      in_triple = true;
      i += 2;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#') {
      break;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return depth;
}

bool valid_key(std::string_view k) {
  if (k.empty()) return false;
  if (k.front() == '"' || k.front() == '\'') return k.size() >= 2 && k.back() == k.front();
  for (char c : k)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      return false;
  return true;
}

}  // namespace

const std::string* Table::raw(std::string_view key) const {
  for (const auto& [k, v] : values)
    if (k == key) return &v;
  return nullptr;
}

std::string Table::string(std::string_view key) const {
  const std::string* v = raw(key);
  return v ? decode_string(*v) : std::string();
}

bool Table::boolean(std::string_view key) const {
  const std::string* v = raw(key);
  return v && *v == "true";
}

Result<std::vector<Table>> parse(std::string_view text) {
  std::vector<Table> tables(1);
  std::size_t line_no = 0;
  int depth = 0;
  bool in_triple = false;
  std::string* open_value = nullptr;
  for (std::string_view raw : split(text, '\n')) {
    ++line_no;
    std::string_view line = strip(raw);
    if (open_value) {
      open_value->append("\n").append(line);
      depth += bracket_delta(line, in_triple);
      if (depth <= 0 && !in_triple) open_value = nullptr;
      continue;
    }
    if (line.empty() || line.starts_with('#')) continue;
    if (line.starts_with('[')) {
      bool array = line.starts_with("[[");
      auto close = line.find(array ? "]]" : "]");
      if (close == std::string_view::npos)
        return invalid_input(fmt::format("line {}: unterminated table header", line_no));
      tables.push_back(
          Table{std::string(strip(line.substr(array ? 2 : 1, close - (array ? 2 : 1)))),
                array,
                line_no,
                {}});
      continue;
    }
    auto eq = line.find('=');
    std::string_view key =
        eq == std::string_view::npos ? std::string_view() : strip(line.substr(0, eq));
    if (!valid_key(key))
      return invalid_input(
          fmt::format("line {}: expected `key = value` or a [table] header", line_no));
    std::string_view value = strip(line.substr(eq + 1));
    auto& slot = tables.back().values.emplace_back(std::string(unquote(key)), std::string(value));
    depth = bracket_delta(value, in_triple);
    if (depth > 0 || in_triple) open_value = &slot.second;
  }
  if (open_value)
    return invalid_input(fmt::format("line {}: unterminated value at end of file", line_no));
  return tables;
}

std::string decode_string(std::string_view raw) {
  raw = strip(raw);
  if (raw.size() < 2) return std::string(raw);
  if (raw.front() == '\'' && raw.back() == '\'') return std::string(raw.substr(1, raw.size() - 2));
  if (raw.front() != '"' || raw.back() != '"') return std::string(raw);
  std::string out;
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 2 < raw.size()) ++i;
    out.push_back(raw[i]);
  }
  return out;
}

std::string inline_field(std::string_view t, std::string_view key) {
  std::size_t pos = 0;
  while ((pos = t.find(key, pos)) != std::string_view::npos) {
    bool boundary = pos == 0 || t[pos - 1] == '{' || t[pos - 1] == ' ' || t[pos - 1] == ',';
    std::string_view rest = strip(t.substr(pos + key.size()));
    pos += key.size();
    if (!boundary || !rest.starts_with('=')) continue;
    rest = strip(rest.substr(1));
    if (rest.starts_with('"') || rest.starts_with('\'')) {
      auto close = rest.find(rest.front(), 1);
      return close == std::string_view::npos ? std::string()
                                             : decode_string(rest.substr(0, close + 1));
    }
    return std::string(strip(rest.substr(0, rest.find_first_of(",}"))));
  }
  return {};
}

std::vector<std::string> names_in_array(std::string_view raw, std::string_view key) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = raw.find('{', pos)) != std::string_view::npos) {
    auto close = raw.find('}', pos);
    if (close == std::string_view::npos) break;
    if (auto v = inline_field(raw.substr(pos, close - pos + 1), key); !v.empty())
      out.push_back(std::move(v));
    pos = close + 1;
  }
  return out;
}

}  // namespace bulwark::extract::jspy::toml
