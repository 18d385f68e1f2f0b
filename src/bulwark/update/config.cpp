// The sources file: "key = value" lines naming where each source lives and how to fetch it.
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "bulwark/core/text.hpp"
#include "bulwark/update/update.hpp"

namespace bulwark::update {
namespace {

using Setter = std::function<std::expected<void, std::string>(Config&, std::string_view)>;

std::expected<void, std::string> parse_whole(std::string_view v, long& out, long min) {
  long n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || end != v.data() + v.size() || n < min)
    return std::unexpected("expected a whole number >= " + std::to_string(min) + ", got '" +
                           std::string(v) + "'");
  out = n;
  return {};
}

std::expected<void, std::string> parse_seconds(std::string_view v, double& out) {
  double d = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc{} || end != v.data() + v.size() || d < 0 || d > 3600)
    return std::unexpected("expected seconds between 0 and 3600, got '" + std::string(v) + "'");
  out = d;
  return {};
}

// "scheme://host..." with http or https; a trailing '/' is dropped.
std::expected<std::string, std::string> parse_base(std::string_view v) {
  if (v.empty()) return std::string();
  if (!starts_with_icase(v, "http://") && !starts_with_icase(v, "https://"))
    return std::unexpected("expected an http:// or https:// URL, got '" + std::string(v) + "'");
  std::string s(v);
  while (s.size() > 8 && s.back() == '/') s.pop_back();
  return s;
}

std::vector<std::string> words(std::string_view v) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : v) {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

Setter base_setter(SourceKind k) {
  return [k](Config& c, std::string_view v) -> std::expected<void, std::string> {
    auto b = parse_base(v);
    if (!b) return std::unexpected(b.error());
    c.endpoint(k).base = *b;
    return {};
  };
}

Setter path_setter(SourceKind k) {
  return [k](Config& c, std::string_view v) -> std::expected<void, std::string> {
    if (v.empty() || v.front() != '/') return std::unexpected("expected a path starting with '/'");
    if (k == SourceKind::kOsv && v.find("{ecosystem}") == std::string_view::npos)
      return std::unexpected("the OSV path must contain {ecosystem}");
    c.endpoint(k).path = std::string(v);
    return {};
  };
}

std::expected<void, std::string> parse_bool(std::string_view v, bool& out) {
  if (equals_icase(v, "true") || v == "1" || equals_icase(v, "yes")) {
    out = true;
  } else if (equals_icase(v, "false") || v == "0" || equals_icase(v, "no")) {
    out = false;
  } else {
    return std::unexpected("expected true or false, got '" + std::string(v) + "'");
  }
  return {};
}

Setter insecure_setter(SourceKind k) {
  return [k](Config& c, std::string_view v) { return parse_bool(v, c.endpoint(k).insecure); };
}

// Size caps are given in MiB (1 .. 1 TiB).
Setter max_size_setter(SourceKind k) {
  return [k](Config& c, std::string_view v) -> std::expected<void, std::string> {
    long mib = 0;
    if (auto r = parse_whole(v, mib, 1); !r) return std::unexpected(r.error() + " (MiB)");
    if (mib > (1L << 20)) return std::unexpected("at most 1048576 MiB");
    c.endpoint(k).max_bytes = static_cast<std::uint64_t>(mib) * kMiB;
    return {};
  };
}

Setter long_setter(long HttpSettings::*field, long min) {
  return [field, min](Config& c, std::string_view v) { return parse_whole(v, c.http.*field, min); };
}

std::expected<void, std::string> set_sources(Config& c, std::string_view v) {
  c.sources.clear();
  for (const auto& w : words(v)) {
    auto k = parse_source(w);
    if (!k) return std::unexpected("unknown source '" + w + "' (expected osv, kev, epss or nvd)");
    c.sources.push_back(*k);
  }
  return {};
}

std::expected<void, std::string> set_ecosystems(Config& c, std::string_view v) {
  c.ecosystems.clear();
  for (const auto& w : words(v)) c.ecosystems.push_back(canonical_ecosystem(w));
  if (c.ecosystems.empty()) return std::unexpected("expected at least one ecosystem");
  return {};
}

const std::map<std::string, Setter, std::less<>>& setters() {
  static const std::map<std::string, Setter, std::less<>> table = [] {
    std::map<std::string, Setter, std::less<>> t;
    for (auto k : kAllSources) {
      t[std::string(source_name(k)) + ".base"] = base_setter(k);
      t[std::string(source_name(k)) + ".path"] = path_setter(k);
      t[std::string(source_name(k)) + ".insecure"] = insecure_setter(k);
      t[std::string(source_name(k)) + ".max_size"] = max_size_setter(k);
    }
    t["insecure"] = [](Config& c, std::string_view v) -> std::expected<void, std::string> {
      bool b = false;
      if (auto r = parse_bool(v, b); !r) return r;
      for (auto& e : c.endpoints) e.insecure = b;
      return {};
    };
    t["http.timeout"] = [](Config& c, std::string_view v) -> std::expected<void, std::string> {
      long n = 0;
      if (auto r = parse_whole(v, n, 1); !r) return r;
      if (n > 7 * 24 * 3600) return std::unexpected("at most 604800 seconds");
      c.http.total_timeout_s = static_cast<double>(n);
      return {};
    };
    t["mirror"] = [](Config& c, std::string_view v) -> std::expected<void, std::string> {
      auto b = parse_base(v);
      if (!b) return std::unexpected(b.error());
      c.mirror = *b;
      return {};
    };
    t["sources"] = set_sources;
    t["osv.ecosystems"] = set_ecosystems;
    t["http.connect_timeout"] = long_setter(&HttpSettings::connect_timeout_s, 1);
    t["http.low_speed_limit"] = long_setter(&HttpSettings::low_speed_limit, 1);
    t["http.low_speed_time"] = long_setter(&HttpSettings::low_speed_time_s, 1);
    t["http.retries"] = [](Config& c, std::string_view v) -> std::expected<void, std::string> {
      long n = 0;
      if (auto r = parse_whole(v, n, 0); !r) return r;
      if (n > 10) return std::unexpected("at most 10 retries");
      c.http.retries = static_cast<int>(n);
      return {};
    };
    t["http.retry_delay"] = [](Config& c, std::string_view v) {
      return parse_seconds(v, c.http.retry_delay_s);
    };
    t["nvd.results_per_page"] = [](Config& c,
                                   std::string_view v) -> std::expected<void, std::string> {
      long n = 0;
      if (auto r = parse_whole(v, n, 1); !r) return r;
      if (n > 2000) return std::unexpected("the NVD API allows at most 2000 results per page");
      c.nvd.results_per_page = static_cast<int>(n);
      return {};
    };
    t["nvd.delay"] = [](Config& c, std::string_view v) { return parse_seconds(v, c.nvd.delay_s); };
    t["nvd.delay_with_key"] = [](Config& c, std::string_view v) {
      return parse_seconds(v, c.nvd.delay_with_key_s);
    };
    return t;
  }();
  return table;
}

std::string_view unquote(std::string_view v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    return v.substr(1, v.size() - 2);
  return v;
}

}  // namespace

std::string_view source_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::kOsv:
      return "osv";
    case SourceKind::kKev:
      return "kev";
    case SourceKind::kEpss:
      return "epss";
    case SourceKind::kNvd:
      return "nvd";
  }
  return "?";
}

std::optional<SourceKind> parse_source(std::string_view name) {
  for (auto k : kAllSources)
    if (equals_icase(name, source_name(k))) return k;
  return std::nullopt;
}

std::vector<std::string> default_ecosystems() {
  return {"npm",       "PyPI", "Maven", "Go",     "crates.io", "RubyGems", "NuGet",
          "Packagist", "Hex",  "Pub",   "Debian", "Ubuntu",    "Alpine"};
}

std::string canonical_ecosystem(std::string_view name) {
  for (const auto& e : default_ecosystems())
    if (equals_icase(e, name)) return e;
  return std::string(name);
}

Config::Config() {
  endpoint(SourceKind::kOsv) = {std::string(kDefaultOsvBase), "/{ecosystem}/all.zip", false,
                                kDefaultOsvMaxBytes};
  endpoint(SourceKind::kKev) = {std::string(kDefaultKevBase),
                                "/sites/default/files/feeds/known_exploited_vulnerabilities.json",
                                false, kDefaultKevMaxBytes};
  endpoint(SourceKind::kEpss) = {std::string(kDefaultEpssBase), "/epss_scores-current.csv.gz",
                                 false, kDefaultEpssMaxBytes};
  endpoint(SourceKind::kNvd) = {std::string(kDefaultNvdBase), "/rest/json/cves/2.0", false,
                                kDefaultNvdMaxBytes};
}

std::string source_url(const Config& config, SourceKind kind) {
  return config.base(kind) + config.endpoint(kind).path;
}

std::string Config::base(SourceKind k) const { return mirror.empty() ? endpoint(k).base : mirror; }

std::string default_config_path() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x)
    return std::string(x) + "/bulwark/sources.conf";
  if (const char* h = std::getenv("HOME"); h && *h)
    return std::string(h) + "/.config/bulwark/sources.conf";
  return "sources.conf";
}

Result<Config> parse_config(std::string_view text, const std::string& name) {
  Config c;
  c.file = name;
  std::size_t line_no = 0;
  for (auto raw : split(text, '\n')) {
    ++line_no;
    auto line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = name + ":" + std::to_string(line_no);
    auto eq = line.find('=');
    if (eq == std::string_view::npos) return invalid_input(where + ": expected 'key = value'");
    auto key = trim(line.substr(0, eq));
    auto value = unquote(trim(line.substr(eq + 1)));
    auto it = setters().find(key);
    if (it == setters().end())
      return invalid_input(where + ": unknown key '" + std::string(key) + "'");
    if (auto r = it->second(c, value); !r)
      return invalid_input(where + ": " + std::string(key) + ": " + r.error());
  }
  return c;
}

Result<Config> load_config(const std::string& path, bool explicit_path) {
  Result<Config> c = Config{};
  c->file = path;
  if (std::filesystem::exists(path) || explicit_path) {
    auto text = read_file(path);
    if (!text) return std::unexpected(std::move(text).error());
    c = parse_config(*text, path);
    if (!c) return c;
  }
  if (const char* m = std::getenv("BULWARK_MIRROR"); m && *m) {
    auto b = parse_base(m);
    if (!b) return invalid_input("BULWARK_MIRROR: " + b.error());
    c->mirror = *b;
  }
  return c;
}

std::expected<void, Error> check_configured(const Config& config,
                                            const std::vector<SourceKind>& sources) {
  std::string msg;
  for (auto k : sources) {
    if (!config.base(k).empty()) continue;
    const std::string n(source_name(k));
    if (!msg.empty()) msg += "\n";
    msg += "no URL configured for source '" + n + "'; set " + n + ".base in " + config.file +
           " or BULWARK_MIRROR";
  }
  if (msg.empty()) return {};
  return make_error(ErrorCode::kUsage, msg);
}

}  // namespace bulwark::update
