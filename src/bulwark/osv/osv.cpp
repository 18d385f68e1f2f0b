// OSV JSON parsing and validation with simdjson's DOM (one reused parser per thread).
#include "bulwark/osv/osv.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdio>
#include <string>
#include <utility>

#include "bulwark/core/nesting.hpp"
#include "bulwark/core/text.hpp"

namespace bulwark::osv {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;
using Status = std::expected<void, Error>;

#define BULWARK_TRY(expr)                                      \
  do {                                                         \
    if (auto bulwark_try_ = (expr); !bulwark_try_)             \
      return std::unexpected(std::move(bulwark_try_).error()); \
  } while (0)

// Where we are in the document; the JSON pointer is only built when an error is reported.
struct Path {
  const Path* parent = nullptr;
  std::string_view key;
  std::size_t index = 0;
  bool is_index = false;

  Path field(std::string_view k) const { return Path{this, k, 0, false}; }
  Path at(std::size_t i) const { return Path{this, {}, i, true}; }
};

void append_pointer(const Path* p, std::string& out) {
  if (p == nullptr || p->parent == nullptr) return;  // the root has an empty pointer
  append_pointer(p->parent, out);
  out += '/';
  out += p->is_index ? std::to_string(p->index) : json_pointer_escape(p->key);
}

std::unexpected<Error> fail(const Path& p, std::string_view message) {
  std::string ptr;
  append_pointer(&p, ptr);
  if (ptr.empty()) ptr = "/";
  return invalid_input(ptr + ": " + std::string(message));
}

const char* type_name(element_type t) {
  switch (t) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::STRING:
      return "a string";
    case element_type::NULL_VALUE:
      return "null";
    case element_type::BOOL:
      return "a boolean";
    default:
      return "a number";
  }
}

std::unexpected<Error> wrong_type(const Path& p, const char* expected, element e) {
  return fail(p, std::string("expected ") + expected + ", found " + type_name(e.type()));
}

// The member `key` of `obj`, or nothing when absent or null.
bool member(object obj, std::string_view key, element& out) {
  auto r = obj.at_key(key);
  if (r.error()) return false;
  out = r.value_unsafe();
  return !out.is_null();
}

Status get_string(object obj, std::string_view key, const Path& parent, std::string& out,
                  bool required) {
  element e;
  if (!member(obj, key, e)) {
    if (required) return fail(parent.field(key), "missing required field");
    return {};
  }
  if (!e.is_string()) return wrong_type(parent.field(key), "a string", e);
  out.assign(e.get_string().value_unsafe());
  if (required && out.empty()) return fail(parent.field(key), "must not be empty");
  return {};
}

Status get_array(object obj, std::string_view key, const Path& parent, array& out, bool& present) {
  element e;
  present = member(obj, key, e);
  if (!present) return {};
  if (!e.is_array()) return wrong_type(parent.field(key), "an array", e);
  out = e.get_array().value_unsafe();
  return {};
}

Status get_string_array(object obj, std::string_view key, const Path& parent,
                        std::vector<std::string>& out) {
  array arr;
  bool present = false;
  BULWARK_TRY(get_array(obj, key, parent, arr, present));
  if (!present) return {};
  Path p = parent.field(key);
  std::size_t i = 0;
  for (element item : arr) {
    if (!item.is_string()) return wrong_type(p.at(i), "a string", item);
    out.emplace_back(item.get_string().value_unsafe());
    ++i;
  }
  return {};
}

Status expect_object(element e, const Path& p, object& out) {
  if (!e.is_object()) return wrong_type(p, "an object", e);
  out = e.get_object().value_unsafe();
  return {};
}

// A free-form string field inside an optional object (database_specific.severity...).
std::string loose_string(object obj, std::string_view outer, std::string_view inner) {
  element o;
  if (!member(obj, outer, o) || !o.is_object()) return {};
  element v;
  if (!member(o.get_object().value_unsafe(), inner, v) || !v.is_string()) return {};
  return std::string(v.get_string().value_unsafe());
}

Status parse_severity_list(object obj, const Path& parent, std::vector<OsvSeverity>& out) {
  array arr;
  bool present = false;
  BULWARK_TRY(get_array(obj, "severity", parent, arr, present));
  if (!present) return {};
  Path p = parent.field("severity");
  std::size_t i = 0;
  for (element item : arr) {
    Path ip = p.at(i++);
    object o;
    BULWARK_TRY(expect_object(item, ip, o));
    OsvSeverity s;
    BULWARK_TRY(get_string(o, "type", ip, s.type, true));
    BULWARK_TRY(get_string(o, "score", ip, s.score, true));
    out.push_back(std::move(s));
  }
  return {};
}

struct EventName {
  std::string_view name;
  OsvEventKind kind;
};
constexpr std::array<EventName, 4> kEventNames{{{"introduced", OsvEventKind::kIntroduced},
                                                {"fixed", OsvEventKind::kFixed},
                                                {"last_affected", OsvEventKind::kLastAffected},
                                                {"limit", OsvEventKind::kLimit}}};

Status parse_event(element e, const Path& p, OsvEvent& out) {
  object o;
  BULWARK_TRY(expect_object(e, p, o));
  std::size_t kinds = 0;
  for (auto field : o) {
    const EventName* found = nullptr;
    for (const auto& n : kEventNames)
      if (n.name == field.key) found = &n;
    if (found == nullptr) return fail(p, "unknown event kind '" + std::string(field.key) + "'");
    if (!field.value.is_string()) return wrong_type(p.field(found->name), "a string", field.value);
    out.kind = found->kind;
    out.value.assign(field.value.get_string().value_unsafe());
    ++kinds;
  }
  if (kinds != 1)
    return fail(p, "an event needs exactly one of introduced, fixed, last_affected, limit (found " +
                       std::to_string(kinds) + ")");
  return {};
}

Status parse_range_type(object o, const Path& p, OsvRange& out) {
  std::string type;
  BULWARK_TRY(get_string(o, "type", p, type, true));
  if (type == "SEMVER") {
    out.type = OsvRangeType::kSemver;
  } else if (type == "ECOSYSTEM") {
    out.type = OsvRangeType::kEcosystem;
  } else if (type == "GIT") {
    out.type = OsvRangeType::kGit;
  } else {
    return fail(p.field("type"), "unknown range type '" + type + "' (SEMVER, ECOSYSTEM or GIT)");
  }
  BULWARK_TRY(get_string(o, "repo", p, out.repo, out.type == OsvRangeType::kGit));
  return {};
}

Status parse_range(element e, const Path& p, OsvRange& out) {
  object o;
  BULWARK_TRY(expect_object(e, p, o));
  BULWARK_TRY(parse_range_type(o, p, out));
  array events;
  bool present = false;
  BULWARK_TRY(get_array(o, "events", p, events, present));
  Path ep = p.field("events");
  if (!present) return fail(ep, "missing required field");
  std::size_t i = 0;
  bool introduced = false;
  for (element item : events) {
    OsvEvent ev;
    BULWARK_TRY(parse_event(item, ep.at(i++), ev));
    introduced = introduced || ev.kind == OsvEventKind::kIntroduced;
    out.events.push_back(std::move(ev));
  }
  if (!introduced) return fail(ep, "the range has no 'introduced' event");
  return {};
}

Status parse_ranges(object o, const Path& p, OsvAffected& out) {
  array ranges;
  bool present = false;
  BULWARK_TRY(get_array(o, "ranges", p, ranges, present));
  if (!present) return {};
  Path rp = p.field("ranges");
  std::size_t i = 0;
  for (element item : ranges) {
    OsvRange r;
    BULWARK_TRY(parse_range(item, rp.at(i++), r));
    out.ranges.push_back(std::move(r));
  }
  return {};
}

bool only_git_ranges(const OsvAffected& a) {
  if (a.ranges.empty()) return false;
  for (const auto& r : a.ranges)
    if (r.type != OsvRangeType::kGit) return false;
  return true;
}

Status parse_package(object o, const Path& p, OsvAffected& out) {
  element pkg;
  if (!member(o, "package", pkg)) {
    if (only_git_ranges(out)) return {};
    return fail(p.field("package"), "missing (required unless every range is GIT)");
  }
  object po;
  Path pp = p.field("package");
  BULWARK_TRY(expect_object(pkg, pp, po));
  BULWARK_TRY(get_string(po, "ecosystem", pp, out.ecosystem, true));
  BULWARK_TRY(get_string(po, "name", pp, out.name, true));
  BULWARK_TRY(get_string(po, "purl", pp, out.purl, false));
  return {};
}

// affected[].severity (a string, or a list of {type, score}: the first score), else the
// ecosystem_specific / database_specific severity strings.
std::string affected_severity(object o) {
  element s;
  if (member(o, "severity", s)) {
    if (s.is_string()) return std::string(s.get_string().value_unsafe());
    if (s.is_array()) {
      array items = s.get_array().value_unsafe();
      for (element item : items) {
        if (!item.is_object()) break;
        element score;
        if (member(item.get_object().value_unsafe(), "score", score) && score.is_string())
          return std::string(score.get_string().value_unsafe());
        break;
      }
    }
  }
  std::string v = loose_string(o, "ecosystem_specific", "severity");
  if (v.empty()) v = loose_string(o, "database_specific", "severity");
  return v;
}

Status parse_affected_entry(element e, const Path& p, OsvAffected& out) {
  object o;
  BULWARK_TRY(expect_object(e, p, o));
  BULWARK_TRY(parse_ranges(o, p, out));
  BULWARK_TRY(parse_package(o, p, out));
  BULWARK_TRY(get_string_array(o, "versions", p, out.versions));
  out.severity = affected_severity(o);
  return {};
}

Status parse_affected(object root, const Path& p, std::vector<OsvAffected>& out) {
  array arr;
  bool present = false;
  BULWARK_TRY(get_array(root, "affected", p, arr, present));
  if (!present) return {};
  Path ap = p.field("affected");
  std::size_t i = 0;
  for (element item : arr) {
    OsvAffected a;
    BULWARK_TRY(parse_affected_entry(item, ap.at(i++), a));
    out.push_back(std::move(a));
  }
  return {};
}

Status parse_references(object root, const Path& p, std::vector<std::string>& out) {
  array arr;
  bool present = false;
  BULWARK_TRY(get_array(root, "references", p, arr, present));
  if (!present) return {};
  Path rp = p.field("references");
  std::size_t i = 0;
  for (element item : arr) {
    Path ip = rp.at(i++);
    object o;
    BULWARK_TRY(expect_object(item, ip, o));
    std::string url;
    BULWARK_TRY(get_string(o, "url", ip, url, true));
    out.push_back(std::move(url));
  }
  return {};
}

void parse_database_specific(object root, OsvRecord& out) {
  element db;
  if (!member(root, "database_specific", db) || !db.is_object()) return;
  object o = db.get_object().value_unsafe();
  element v;
  if (member(o, "severity", v) && v.is_string())
    out.database_severity = v.get_string().value_unsafe();
  if (member(o, "cwe_ids", v) && v.is_array()) {
    array ids = v.get_array().value_unsafe();
    for (element c : ids)
      if (c.is_string()) out.cwes.emplace_back(c.get_string().value_unsafe());
  }
}

Status parse_header(object root, const Path& p, OsvRecord& out) {
  BULWARK_TRY(get_string(root, "id", p, out.id, true));
  BULWARK_TRY(get_string(root, "modified", p, out.modified, true));
  if (sortable_time(out.modified).empty())
    return fail(p.field("modified"), "not an RFC 3339 time: '" + out.modified + "'");
  BULWARK_TRY(get_string(root, "schema_version", p, out.schema_version, false));
  BULWARK_TRY(get_string(root, "published", p, out.published, false));
  BULWARK_TRY(get_string(root, "withdrawn", p, out.withdrawn, false));
  BULWARK_TRY(get_string(root, "summary", p, out.summary, false));
  BULWARK_TRY(get_string(root, "details", p, out.details, false));
  return {};
}

Result<OsvRecord> parse_root(element doc) {
  Path root;
  object o;
  if (!doc.is_object())
    return invalid_input(std::string("expected a JSON object, found ") + type_name(doc.type()));
  o = doc.get_object().value_unsafe();
  OsvRecord rec;
  BULWARK_TRY(parse_header(o, root, rec));
  BULWARK_TRY(get_string_array(o, "aliases", root, rec.aliases));
  BULWARK_TRY(get_string_array(o, "related", root, rec.related));
  BULWARK_TRY(get_string_array(o, "upstream", root, rec.upstream));
  BULWARK_TRY(parse_severity_list(o, root, rec.severity));
  BULWARK_TRY(parse_affected(o, root, rec.affected));
  BULWARK_TRY(parse_references(o, root, rec.references));
  parse_database_specific(o, rec);
  return rec;
}

// --- RFC 3339 ---------------------------------------------------------------------------

bool read_digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool expect_char(std::string_view s, std::size_t& pos, std::string_view allowed) {
  if (pos >= s.size() || allowed.find(s[pos]) == std::string_view::npos) return false;
  ++pos;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

struct Civil {
  long long y;
  unsigned m, d;
};
Civil civil_from_days(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<long long>(yoe) + era * 400 + (m <= 2), m, d};
}

struct TimeParts {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::string nanos = "000000000";
  int offset_minutes = 0;
};

bool parse_fraction(std::string_view s, std::size_t& pos, TimeParts& t) {
  if (pos >= s.size() || s[pos] != '.') return true;
  ++pos;
  std::size_t start = pos;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  if (pos == start) return false;
  std::string_view digits = s.substr(start, std::min<std::size_t>(pos - start, 9));
  t.nanos.replace(0, digits.size(), digits);
  return true;
}

bool parse_offset(std::string_view s, std::size_t& pos, TimeParts& t) {
  if (expect_char(s, pos, "Zz")) return pos == s.size();
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return false;
  int sign = s[pos++] == '-' ? -1 : 1;
  int oh = 0, om = 0;
  if (!read_digits(s, pos, 2, oh) || !expect_char(s, pos, ":") || !read_digits(s, pos, 2, om))
    return false;
  if (oh > 23 || om > 59) return false;
  t.offset_minutes = sign * (oh * 60 + om);
  return pos == s.size();
}

bool parse_time(std::string_view s, TimeParts& t) {
  std::size_t pos = 0;
  if (!read_digits(s, pos, 4, t.year) || !expect_char(s, pos, "-") ||
      !read_digits(s, pos, 2, t.month) || !expect_char(s, pos, "-") ||
      !read_digits(s, pos, 2, t.day) || !expect_char(s, pos, "Tt ") ||
      !read_digits(s, pos, 2, t.hour) || !expect_char(s, pos, ":") ||
      !read_digits(s, pos, 2, t.minute) || !expect_char(s, pos, ":") ||
      !read_digits(s, pos, 2, t.second))
    return false;
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 ||
      t.second > 60)
    return false;
  return parse_fraction(s, pos, t) && parse_offset(s, pos, t);
}

}  // namespace

std::string sortable_time(std::string_view rfc3339) {
  TimeParts t;
  if (!parse_time(rfc3339, t)) return {};
  long long minutes =
      days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day)) * 1440 +
      t.hour * 60 + t.minute - t.offset_minutes;
  long long days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
  long long in_day = minutes - days * 1440;
  Civil c = civil_from_days(days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02d.%sZ", c.y, c.m, c.d,
                in_day / 60, in_day % 60, t.second, t.nanos.c_str());
  return buf;
}

Result<OsvRecord> parse_json(std::string_view json) {
  if (auto deep = check_json_depth(json, "invalid JSON"); !deep)
    return std::unexpected(deep.error());
  thread_local simdjson::dom::parser parser;
  auto doc = parser.parse(json.data(), json.size(), true);
  if (doc.error())
    return invalid_input(std::string("invalid JSON: ") + simdjson::error_message(doc.error()));
  return parse_root(doc.value_unsafe());
}

}  // namespace bulwark::osv
