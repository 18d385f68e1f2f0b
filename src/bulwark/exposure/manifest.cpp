// The interface manifest and waivers (manifest.hpp): a bounded, hand-written reader of the TOML
// subset it uses, and the step that lays it over a report.
#include "bulwark/exposure/manifest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "bulwark/core/digest.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/exposure/internal.hpp"

namespace bulwark::exposure {
namespace {

constexpr std::size_t kMaxEntries = 10000;
constexpr std::size_t kMaxLine = 4096;

std::unexpected<Error> line_error(std::size_t line, const std::string& what) {
  return invalid_input(fmt::format("manifest line {}: {}", line, what));
}

// A value: "basic" (escapes \" \\ \n \t), 'literal', or a decimal integer. Returns the text and
// whether it was a string; `rest` is what follows (only a comment may).
struct Value {
  std::string text;
  bool is_string = false;
};
Result<Value> parse_value(std::string_view v, std::size_t line) {
  v = trim(v);
  if (v.empty()) return line_error(line, "a value is missing after '='");
  Value out;
  std::size_t end = 0;
  if (v.front() == '"' || v.front() == '\'') {
    const char q = v.front();
    out.is_string = true;
    std::size_t i = 1;
    bool closed = false;
    for (; i < v.size(); ++i) {
      char c = v[i];
      if (c == q) {
        closed = true;
        break;
      }
      if (q == '"' && c == '\\') {
        if (i + 1 >= v.size()) break;
        char n = v[++i];
        switch (n) {
          case 'n':
            out.text += '\n';
            break;
          case 't':
            out.text += '\t';
            break;
          case '"':
          case '\\':
            out.text += n;
            break;
          default:
            return line_error(line, fmt::format("unknown escape '\\{}'", n));
        }
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
        return line_error(line, "control character in a string");
      out.text += c;
    }
    if (!closed) return line_error(line, "unterminated string");
    end = i + 1;
  } else {
    while (end < v.size() && ((v[end] >= '0' && v[end] <= '9') || (end == 0 && v[end] == '-')))
      ++end;
    if (end == 0 || (end == 1 && v[0] == '-'))
      return line_error(line, fmt::format("value '{}' is neither a string nor an integer",
                                          std::string(v.substr(0, 40))));
    out.text = std::string(v.substr(0, end));
  }
  auto rest = trim(v.substr(end));
  if (!rest.empty() && rest.front() != '#')
    return line_error(
        line, fmt::format("unexpected '{}' after the value", std::string(rest.substr(0, 40))));
  return out;
}

bool valid_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  int m = (d[5] - '0') * 10 + (d[6] - '0');
  int day = (d[8] - '0') * 10 + (d[9] - '0');
  return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

std::string_view strip_slash(std::string_view p) {
  while (p.starts_with('/')) p.remove_prefix(1);
  while (p.starts_with("./")) p.remove_prefix(2);
  return p;
}

bool path_matches(std::string_view pattern, std::string_view path) {
  pattern = strip_slash(pattern);
  path = strip_slash(path);
  if (pattern.ends_with('*')) return path.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == path;
}

enum class Table { kNone, kPort, kService, kSetuid, kWaiver };

Result<void> finish_entry(Table t, Manifest& m, std::size_t line) {
  switch (t) {
    case Table::kNone:
      return {};
    case Table::kPort:
      if (m.ports.back().port == 0) return line_error(line, "[[port]] without port");
      return {};
    case Table::kService:
      if (m.services.back().name.empty()) return line_error(line, "[[service]] without name");
      return {};
    case Table::kSetuid:
      if (m.setuid.back().path.empty()) return line_error(line, "[[setuid]] without path");
      return {};
    case Table::kWaiver: {
      const auto& w = m.waivers.back();
      if (w.check.empty()) return line_error(line, "[[waiver]] without check");
      if (w.reason.empty()) return line_error(line, "[[waiver]] without reason");
      if (w.expires.empty())
        return line_error(line, "[[waiver]] without expires (waivers must end)");
      return {};
    }
  }
  return {};
}

Result<void> set_key(Table t, Manifest& m, std::string_view key, const Value& v, std::size_t line) {
  auto want_string = [&]() -> Result<void> {
    if (!v.is_string) return line_error(line, fmt::format("{}: a string is expected", key));
    return {};
  };
  switch (t) {
    case Table::kNone:
      return line_error(line, fmt::format("key '{}' outside a table ([[port]], [[service]], "
                                          "[[setuid]], [[waiver]])",
                                          key));
    case Table::kPort: {
      auto& p = m.ports.back();
      if (key == "port") {
        int n = 0;
        auto [ptr, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), n);
        if (v.is_string || ec != std::errc() || ptr != v.text.data() + v.text.size() || n < 1 ||
            n > 65535)
          return line_error(line, "port: an integer from 1 to 65535 is expected");
        p.port = n;
        return {};
      }
      if (key == "protocol") {
        if (auto s = want_string(); !s) return s;
        if (v.text != "tcp" && v.text != "udp")
          return line_error(line, "protocol: \"tcp\" or \"udp\" is expected");
        p.protocol = v.text;
        return {};
      }
      if (key == "service") {
        if (auto s = want_string(); !s) return s;
        p.service = v.text;
        return {};
      }
      break;
    }
    case Table::kService:
      if (key == "name") {
        if (auto s = want_string(); !s) return s;
        m.services.back().name = v.text;
        return {};
      }
      break;
    case Table::kSetuid: {
      auto& s = m.setuid.back();
      if (key == "path" || key == "reason") {
        if (auto w = want_string(); !w) return w;
        (key == "path" ? s.path : s.reason) = v.text;
        return {};
      }
      break;
    }
    case Table::kWaiver: {
      auto& w = m.waivers.back();
      if (key == "check" || key == "path" || key == "reason" || key == "expires" || key == "by") {
        if (auto s = want_string(); !s) return s;
        if (key == "check") {
          if (!find_check(v.text))
            return line_error(line, fmt::format("check '{}' is not in the catalogue", v.text));
          w.check = v.text;
        } else if (key == "expires") {
          if (!valid_date(v.text))
            return line_error(line, "expires: a date YYYY-MM-DD is expected");
          w.expires = v.text;
        } else {
          (key == "path" ? w.path : key == "reason" ? w.reason : w.by) = v.text;
        }
        return {};
      }
      break;
    }
  }
  return line_error(line, fmt::format("unknown key '{}'", key));
}

}  // namespace

Result<Manifest> parse_manifest(std::string_view text) {
  Manifest m;
  m.sha256 = sha256_hex(text);
  Table table = Table::kNone;
  std::size_t table_line = 0, entries = 0, line = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line;
    if (raw.size() > kMaxLine) return line_error(line, "line longer than 4096 bytes");
    if (raw.ends_with('\r')) raw.remove_suffix(1);
    auto l = trim(raw);
    if (l.empty() || l.front() == '#') continue;
    if (l.front() == '[') {
      auto close = l.find("]]");
      if (!l.starts_with("[[") || close == std::string_view::npos)
        return line_error(line,
                          "only array tables ([[port]], [[service]], [[setuid]], "
                          "[[waiver]]) are allowed");
      auto after = trim(l.substr(close + 2));
      if (!after.empty() && after.front() != '#')
        return line_error(line, "unexpected text after the table name");
      if (auto f = finish_entry(table, m, table_line); !f) return std::unexpected(f.error());
      auto name = trim(l.substr(2, close - 2));
      if (++entries > kMaxEntries) return line_error(line, "more than 10000 entries");
      table_line = line;
      if (name == "port") {
        table = Table::kPort;
        m.ports.push_back({0, "tcp", "", line});
      } else if (name == "service") {
        table = Table::kService;
        m.services.push_back({"", line});
      } else if (name == "setuid") {
        table = Table::kSetuid;
        m.setuid.push_back({"", "", line});
      } else if (name == "waiver") {
        table = Table::kWaiver;
        m.waivers.push_back({"", "", "", "", "", line});
      } else {
        return line_error(line, fmt::format("unknown table [[{}]]", std::string(name)));
      }
      continue;
    }
    auto eq = l.find('=');
    if (eq == std::string_view::npos) return line_error(line, "'key = value' is expected");
    auto key = trim(l.substr(0, eq));
    if (key.empty() || !std::all_of(key.begin(), key.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }))
      return line_error(line, "a key of a-z, 0-9 and _ is expected");
    auto v = parse_value(l.substr(eq + 1), line);
    if (!v) return std::unexpected(v.error());
    if (auto s = set_key(table, m, key, *v, line); !s) return std::unexpected(s.error());
  }
  if (auto f = finish_entry(table, m, table_line); !f) return std::unexpected(f.error());
  return m;
}

Result<Manifest> read_manifest(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(std::move(text).error());
  if (text->size() > (std::size_t{4} << 20))
    return invalid_input(path + ": manifest larger than 4 MiB");
  auto m = parse_manifest(*text);
  if (!m) return std::unexpected(std::move(m).error().with_context(path));
  m->name = path;
  return m;
}

void apply_manifest(Report& r, const Manifest& m, TimePoint now) {
  using detail::observe;
  const std::string today = format_rfc3339(now).substr(0, 10);
  r.manifest = fmt::format("{} sha256:{}", m.name.empty() ? "manifest" : m.name, m.sha256);
  std::vector<Observation> added;
  for (auto it = r.observations.begin(); it != r.observations.end();) {
    auto& o = *it;
    if (o.check == "EXP.FS.SUID" && o.status == Status::kFail && !o.path.empty()) {
      auto d = std::find_if(m.setuid.begin(), m.setuid.end(),
                            [&](const DeclaredSetuid& s) { return path_matches(s.path, o.path); });
      if (d != m.setuid.end()) {
        o.status = Status::kPass;
        o.message += "; declared in the manifest" + (d->reason.empty() ? "" : ": " + d->reason);
        o.evidence.emplace_back("manifest", fmt::format("declared (line {})", d->line));
      } else {
        o.severity = std::max(o.severity, Severity::kHigh);
        o.message += "; not declared in the manifest";
        o.evidence.emplace_back("manifest", "undeclared");
      }
    }
    if (o.check == "EXP.SVC.INVENTORY" && o.status != Status::kNotApplicable) {
      std::size_t declared = 0;
      Evidence all = o.evidence;
      for (const auto& [daemon, where] : all) {
        bool ok = std::any_of(m.services.begin(), m.services.end(),
                              [&](const DeclaredService& s) { return s.name == daemon; });
        if (ok) {
          ++declared;
          continue;
        }
        auto colon = where.rfind(':');
        added.push_back(observe(
            "EXP.SVC.INVENTORY", Status::kFail,
            colon == std::string::npos ? where : where.substr(0, colon),
            fmt::format("service '{}' is started at boot but not declared in the manifest", daemon),
            {{"service", daemon}, {"started", where}, {"manifest", "undeclared"}}, daemon,
            Severity::kHigh));
      }
      if (declared == all.size()) {
        o.status = Status::kPass;
        o.message = all.empty() ? "no known daemon started at boot"
                                : fmt::format(
                                      "{} service(s) started at boot, all declared in the "
                                      "manifest",
                                      all.size());
      } else {
        o.status = Status::kIndeterminate;
        o.message = fmt::format("{} of {} service(s) started at boot are declared in the manifest",
                                declared, all.size());
      }
    }
    ++it;
  }
  for (auto& a : added) r.observations.push_back(std::move(a));
  std::vector<bool> used(m.waivers.size(), false);
  for (auto& o : r.observations) {
    if (o.status != Status::kFail) continue;
    for (std::size_t i = 0; i < m.waivers.size(); ++i) {
      const auto& w = m.waivers[i];
      if (w.check != o.check) continue;
      if (!w.path.empty() && !path_matches(w.path, o.path)) continue;
      used[i] = true;
      if (w.expires < today) continue;
      o.waiver = Waiver{w.reason, w.expires, w.by};
      break;
    }
  }
  for (std::size_t i = 0; i < m.waivers.size(); ++i) {
    const auto& w = m.waivers[i];
    if (w.expires < today)
      r.notes.push_back(fmt::format("manifest line {}: the waiver of {}{} expired on {}", w.line,
                                    w.check, w.path.empty() ? "" : " (" + w.path + ")", w.expires));
    else if (!used[i])
      r.notes.push_back(fmt::format("manifest line {}: the waiver of {}{} matches no fail", w.line,
                                    w.check, w.path.empty() ? "" : " (" + w.path + ")"));
  }
  finish(r);
}

}  // namespace bulwark::exposure
