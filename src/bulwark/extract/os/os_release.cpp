// os-release(5) parser.
#include "bulwark/extract/os/os_release.hpp"

#include <string>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/os/os_common.hpp"

namespace bulwark::extract {
namespace {

// Unquotes an os-release value; fails on an unterminated quote.
Result<std::string> unquote(std::string_view v) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    bool has_next = i + 1 < v.size();
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        out += c;
    } else if (quote == '"') {
      if (c == '"')
        quote = 0;
      else if (c == '\\' && has_next &&
               std::string_view("\"\\$`").find(v[i + 1]) != std::string_view::npos)
        out += v[++i];
      else
        out += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '\\' && has_next) {
      out += v[++i];
    } else {
      out += c;
    }
  }
  if (quote != 0) return invalid_input(std::string("unterminated ") + quote + " quote");
  return out;
}

}  // namespace

std::string os_release_field(std::string_view text, std::string_view wanted) {
  os::LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    std::string_view t = trim(line);
    auto eq = t.find('=');
    if (t.empty() || t.front() == '#' || eq == std::string_view::npos) continue;
    if (t.substr(0, eq) != wanted) continue;
    auto value = unquote(t.substr(eq + 1));
    return value ? std::move(*value) : std::string();
  }
  return {};
}

Result<OsRelease> parse_os_release(std::string_view text) {
  OsRelease os;
  bool any = false;
  os::LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    auto eq = t.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return invalid_input("os-release line " + std::to_string(lines.line_no()) +
                           ": expected KEY=VALUE");
    std::string_view key = t.substr(0, eq);
    auto value = unquote(t.substr(eq + 1));
    if (!value)
      return invalid_input("os-release line " + std::to_string(lines.line_no()) + " (" +
                           std::string(key) + "): " + value.error().message);
    any = true;
    if (key == "ID")
      os.id = std::move(*value);
    else if (key == "VERSION_ID")
      os.version_id = std::move(*value);
    else if (key == "PRETTY_NAME")
      os.pretty_name = std::move(*value);
  }
  if (!any) return invalid_input("os-release: no KEY=VALUE assignment");
  if (os.id.empty()) os.id = "linux";
  return os;
}

}  // namespace bulwark::extract
