// Bounded parsers of the configuration files the checks read: passwd/shadow, BusyBox/SysV
// inittab, sshd_config-style "Keyword value" and "key = value" files. Errors name the line.
#include <algorithm>

#include "bulwark/core/text.hpp"
#include "bulwark/exposure/internal.hpp"

namespace bulwark::exposure::detail {
namespace {

constexpr std::size_t kMaxLines = 200'000;
constexpr std::size_t kMaxLineLength = 64 * 1024;

template <class F>
Result<void> for_each_line(std::string_view text, F&& fn) {
  std::size_t n = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (++n > kMaxLines) return invalid_input("more than " + std::to_string(kMaxLines) + " lines");
    if (line.size() > kMaxLineLength)
      return invalid_input("line " + std::to_string(n) + ": longer than " +
                           std::to_string(kMaxLineLength) + " bytes");
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find('\0') != std::string_view::npos)
      return invalid_input("line " + std::to_string(n) + ": NUL byte (not a text file)");
    if (auto ok = fn(n, line); !ok) return ok;
  }
  return {};
}

Result<std::vector<PasswdEntry>> parse_colon_file(std::string_view text, std::size_t min_fields,
                                                  bool passwd) {
  std::vector<PasswdEntry> out;
  auto ok = for_each_line(text, [&](std::size_t n, std::string_view line) -> Result<void> {
    auto t = trim(line);
    if (t.empty() || t.front() == '#') return {};
    if (t.front() == '+' || t.front() == '-') return {};  // NIS compat entries
    auto f = split(line, ':');
    if (f.size() < min_fields)
      return invalid_input("line " + std::to_string(n) + ": " + std::to_string(f.size()) +
                           " fields, expected at least " + std::to_string(min_fields));
    PasswdEntry e;
    e.line = n;
    e.name = std::string(f[0]);
    e.password = std::string(f[1]);
    if (passwd) {
      e.uid = std::string(f[2]);
      e.gid = std::string(f[3]);
      if (f.size() >= 7) e.shell = std::string(f[6]);
    }
    out.push_back(std::move(e));
    return {};
  });
  if (!ok) return std::unexpected(std::move(ok).error());
  return out;
}

}  // namespace

Result<std::vector<PasswdEntry>> parse_passwd(std::string_view text) {
  return parse_colon_file(text, 4, true);
}
Result<std::vector<PasswdEntry>> parse_shadow(std::string_view text) {
  return parse_colon_file(text, 2, false);
}

Result<std::vector<InittabEntry>> parse_inittab(std::string_view text) {
  std::vector<InittabEntry> out;
  auto ok = for_each_line(text, [&](std::size_t n, std::string_view line) -> Result<void> {
    auto t = trim(line);
    if (t.empty() || t.front() == '#') return {};
    // id:runlevels:action:process (the process may itself contain ':').
    std::size_t a = t.find(':');
    std::size_t b = a == std::string_view::npos ? a : t.find(':', a + 1);
    std::size_t c = b == std::string_view::npos ? b : t.find(':', b + 1);
    if (c == std::string_view::npos)
      return invalid_input("line " + std::to_string(n) + ": expected id:runlevels:action:process");
    out.push_back(
        InittabEntry{n, std::string(t.substr(0, a)), std::string(t.substr(a + 1, b - a - 1)),
                     std::string(t.substr(b + 1, c - b - 1)), std::string(trim(t.substr(c + 1)))});
    return {};
  });
  if (!ok) return std::unexpected(std::move(ok).error());
  return out;
}

Result<std::vector<ConfigLine>> parse_keyword_config(std::string_view text) {
  std::vector<ConfigLine> out;
  auto ok = for_each_line(text, [&](std::size_t n, std::string_view line) -> Result<void> {
    auto t = trim(line);
    if (t.empty() || t.front() == '#') return {};
    std::size_t sp = t.find_first_of(" \t=");
    std::string key(t.substr(0, sp));
    std::string_view rest = sp == std::string_view::npos ? std::string_view{} : t.substr(sp);
    rest = trim(rest);
    if (!rest.empty() && rest.front() == '=') rest = trim(rest.substr(1));
    if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"')
      rest = rest.substr(1, rest.size() - 2);
    out.push_back(ConfigLine{n, to_lower(key), std::string(rest)});
    return {};
  });
  if (!ok) return std::unexpected(std::move(ok).error());
  return out;
}

Result<std::vector<ConfigLine>> parse_key_value(std::string_view text) {
  std::vector<ConfigLine> out;
  auto ok = for_each_line(text, [&](std::size_t n, std::string_view line) -> Result<void> {
    auto t = trim(line);
    if (t.empty() || t.front() == '#' || t.front() == ';' || t.front() == '[') return {};
    auto eq = t.find('=');
    if (eq == std::string_view::npos) return {};
    std::string_view v = trim(t.substr(eq + 1));
    if (auto hash = v.find(" #"); hash != std::string_view::npos) v = trim(v.substr(0, hash));
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
      v = v.substr(1, v.size() - 2);
    out.push_back(ConfigLine{n, to_lower(trim(t.substr(0, eq))), std::string(v)});
    return {};
  });
  if (!ok) return std::unexpected(std::move(ok).error());
  return out;
}

}  // namespace bulwark::exposure::detail
