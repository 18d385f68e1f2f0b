// Package URL parsing and formatting (ECMA-427 / purl-spec). Hand-written scanner over
// string_views: no regex, one allocation per decoded component.
#include "bulwark/purl/purl.hpp"

#include <algorithm>

#include "bulwark/purl/type_rules.hpp"

namespace bulwark::purl {
namespace {

std::unexpected<Error> bad(std::string message) {
  return invalid_input("invalid purl: " + std::move(message));
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `raw` onto `out`; `what` names the component for the error.
Result<void> decode_into(std::string& out, std::string_view raw, std::string_view what) {
  out.reserve(out.size() + raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out.push_back(raw[i]);
      continue;
    }
    int hi = i + 2 < raw.size() ? hex_value(raw[i + 1]) : -1;
    int lo = i + 2 < raw.size() ? hex_value(raw[i + 2]) : -1;
    if (hi < 0 || lo < 0)
      return bad("malformed percent-escape in " + std::string(what) + " '" + std::string(raw) +
                 "'");
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return {};
}

// Calls f(segment) for each '/'-separated segment of s; stops at the first error.
template <class F>
Result<void> for_each_segment(std::string_view s, F&& f) {
  while (true) {
    auto slash = s.find('/');
    if (auto r = f(s.substr(0, slash)); !r) return r;
    if (slash == std::string_view::npos) return {};
    s.remove_prefix(slash + 1);
  }
}

std::string_view strip_slashes(std::string_view s) {
  while (!s.empty() && s.front() == '/') s.remove_prefix(1);
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

// --- type -------------------------------------------------------------------------------------

Result<std::string> normalise_type(std::string_view raw) {
  if (raw.empty()) return bad("the type is missing");
  if (!is_alpha(raw.front()))
    return bad("the type '" + std::string(raw) + "' does not start with a letter");
  std::string type;
  type.reserve(raw.size());
  for (char c : raw) {
    if (!is_alpha(c) && !is_digit(c) && c != '.' && c != '-')
      return bad("invalid character '" + std::string(1, c) + "' in type '" + std::string(raw) +
                 "'");
    type.push_back(lower(c));
  }
  return type;
}

// --- qualifiers -------------------------------------------------------------------------------

Result<void> check_key(std::string_view key, Mode mode) {
  if (key.empty()) return bad("a qualifier key is empty");
  if (!is_alpha(key.front()))
    return bad("qualifier key '" + std::string(key) + "' does not start with a letter");
  for (char c : key) {
    if (!is_alpha(c) && !is_digit(c) && c != '.' && c != '-' && c != '_')
      return bad("invalid character '" + std::string(1, c) + "' in qualifier key '" +
                 std::string(key) + "'");
    if (mode == Mode::kStrict && is_upper(c))
      return bad("qualifier key '" + std::string(key) + "' is not lower-case");
  }
  return {};
}

std::string lower_key(std::string_view key) {
  std::string out(key);
  for (char& c : out) c = lower(c);
  return out;
}

// Sorts by key, rejects duplicate keys and lower-cases checksum values (algorithm:hex).
Result<void> finish_qualifiers(std::vector<std::pair<std::string, std::string>>& qs) {
  std::sort(qs.begin(), qs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  auto dup = std::adjacent_find(qs.begin(), qs.end(),
                                [](const auto& a, const auto& b) { return a.first == b.first; });
  if (dup != qs.end()) return bad("qualifier key '" + dup->first + "' appears more than once");
  for (auto& [key, value] : qs) {
    if (key == "checksum")
      for (char& c : value) c = lower(c);
  }
  return {};
}

Result<void> parse_qualifier(std::string_view pair, Mode mode, Purl& p) {
  auto eq = pair.find('=');
  auto key = pair.substr(0, eq);
  if (auto ok = check_key(key, mode); !ok) return ok;
  if (eq == std::string_view::npos || eq + 1 == pair.size()) return {};  // empty value: dropped
  std::string value;
  if (auto ok = decode_into(value, pair.substr(eq + 1), "qualifier '" + std::string(key) + "'");
      !ok)
    return ok;
  if (!value.empty()) p.qualifiers.emplace_back(lower_key(key), std::move(value));
  return {};
}

Result<void> parse_qualifiers(std::string_view query, Mode mode, Purl& p) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    if (!pair.empty())
      if (auto ok = parse_qualifier(pair, mode, p); !ok) return ok;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return finish_qualifiers(p.qualifiers);
}

// --- namespace, name, version, subpath --------------------------------------------------------

Result<void> append_segment(std::string& out, std::string_view raw, std::string_view what) {
  if (raw.empty()) return {};
  std::size_t start = out.size();
  if (start != 0) out.push_back('/');
  if (auto ok = decode_into(out, raw, what); !ok) return ok;
  if (out.find('/', start + (start != 0 ? 1 : 0)) != std::string::npos)
    return bad(std::string(what) + " segment '" + std::string(raw) + "' contains '/' once decoded");
  return {};
}

Result<void> append_subpath_segment(std::string& out, std::string_view raw) {
  std::string seg;
  if (auto ok = decode_into(seg, raw, "subpath"); !ok) return ok;
  if (seg.empty() || seg == "." || seg == "..") return {};
  if (seg.find('/') != std::string::npos)
    return bad("subpath segment '" + std::string(raw) + "' contains '/' once decoded");
  if (!out.empty()) out.push_back('/');
  out += seg;
  return {};
}

Result<void> parse_subpath(std::string_view fragment, Purl& p) {
  return for_each_segment(
      fragment, [&p](std::string_view seg) { return append_subpath_segment(p.subpath, seg); });
}

// path = everything between "type/" and '?'/'#': [namespace/]name[@version].
Result<void> parse_path(std::string_view path, Purl& p) {
  path = strip_slashes(path);
  auto last_slash = path.rfind('/');
  auto tail_start = last_slash == std::string_view::npos ? 0 : last_slash + 1;
  auto at = path.rfind('@');
  if (at != std::string_view::npos && at >= tail_start) {
    if (auto ok = decode_into(p.version, path.substr(at + 1), "version"); !ok) return ok;
    path = path.substr(0, at);
  }
  auto name_raw = path.substr(tail_start);
  if (name_raw.empty()) return bad("the name is missing");
  if (auto ok = decode_into(p.name, name_raw, "name"); !ok) return ok;
  if (tail_start == 0) return {};
  return for_each_segment(path.substr(0, tail_start - 1), [&p](std::string_view seg) {
    return append_segment(p.ns, seg, "namespace");
  });
}

bool is_scheme(std::string_view s) {
  return s.size() == 4 && lower(s[0]) == 'p' && lower(s[1]) == 'k' && lower(s[2]) == 'g' &&
         s[3] == ':';
}

// Splits "pkg:type/path?query#fragment" into its raw parts.
struct RawParts {
  std::string_view type, path, query, fragment;
};

Result<RawParts> split_parts(std::string_view text) {
  RawParts parts;
  if (auto hash = text.find('#'); hash != std::string_view::npos) {
    parts.fragment = text.substr(hash + 1);
    text = text.substr(0, hash);
  }
  if (auto q = text.find('?'); q != std::string_view::npos) {
    parts.query = text.substr(q + 1);
    text = text.substr(0, q);
  }
  if (!is_scheme(text.substr(0, 4))) return bad("the 'pkg:' scheme is missing");
  text.remove_prefix(4);
  while (!text.empty() && text.front() == '/') text.remove_prefix(1);
  auto slash = text.find('/');
  parts.type = text.substr(0, slash);
  parts.path = slash == std::string_view::npos ? std::string_view{} : text.substr(slash + 1);
  return parts;
}

// Checks that the name is there, then applies the per-type rules.
Result<Purl> finish(Purl p, Mode mode) {
  if (p.name.empty()) return bad("the name is missing (type '" + p.type + "')");
  if (auto ok = detail::apply_type_rules(p, mode != Mode::kPermissive); !ok)
    return std::unexpected(std::move(ok.error()));
  if (p.name.empty()) return bad("the name is empty once normalised (type '" + p.type + "')");
  return p;
}

Result<void> append_plain_segment(std::string& out, std::string_view seg) {
  if (seg.empty()) return {};
  if (!out.empty()) out.push_back('/');
  out += seg;
  return {};
}

}  // namespace

std::string_view Purl::qualifier(std::string_view key) const {
  for (const auto& [k, v] : qualifiers)
    if (k == key) return v;
  return {};
}

Result<Purl> parse(std::string_view text) { return parse(text, Mode::kLenient); }

Result<Purl> parse(std::string_view text, Mode mode) {
  auto parts = split_parts(text);
  if (!parts) return std::unexpected(std::move(parts.error()));
  Purl p;
  auto type = normalise_type(parts->type);
  if (!type) return std::unexpected(std::move(type.error()));
  p.type = std::move(*type);
  if (auto ok = parse_path(parts->path, p); !ok) return std::unexpected(std::move(ok.error()));
  if (auto ok = parse_qualifiers(parts->query, mode, p); !ok)
    return std::unexpected(std::move(ok.error()));
  if (auto ok = parse_subpath(parts->fragment, p); !ok)
    return std::unexpected(std::move(ok.error()));
  return finish(std::move(p), mode);
}

Result<Purl> build(Purl components) { return build(std::move(components), Mode::kLenient); }

Result<Purl> build(Purl c, Mode mode) {
  auto type = normalise_type(c.type);
  if (!type) return std::unexpected(std::move(type.error()));
  Purl p;
  p.type = std::move(*type);
  p.name = std::move(c.name);
  p.version = std::move(c.version);
  (void)for_each_segment(c.ns,
                         [&p](std::string_view seg) { return append_plain_segment(p.ns, seg); });
  for (auto& [key, value] : c.qualifiers) {
    if (auto ok = check_key(key, mode); !ok) return std::unexpected(std::move(ok.error()));
    if (!value.empty()) p.qualifiers.emplace_back(lower_key(key), std::move(value));
  }
  if (auto ok = finish_qualifiers(p.qualifiers); !ok) return std::unexpected(std::move(ok.error()));
  (void)for_each_segment(c.subpath, [&p](std::string_view seg) {
    return seg == "." || seg == ".." ? Result<void>{} : append_plain_segment(p.subpath, seg);
  });
  return finish(std::move(p), mode);
}

}  // namespace bulwark::purl
