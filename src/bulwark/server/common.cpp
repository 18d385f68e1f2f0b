// Helpers shared by the native and the Dependency-Track-compatible API.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "bulwark/core/digest.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/server/internal.hpp"

namespace bulwark::server::detail {

Result<std::unique_ptr<Backend>> open_backend(const std::string& database) {
  auto b = std::make_unique<Backend>();
  auto v = vulndb::Store::open(database);
  if (!v) return std::unexpected(v.error());
  b->vulns = std::move(*v);
  auto p = portfolio::Store::open(database);
  if (!p) return std::unexpected(p.error());
  b->portfolio = std::move(*p);
  auto c = portfolio::CraStore::open(database);
  if (!c) return std::unexpected(c.error());
  b->cra = std::move(*c);
  auto k = portfolio::RiskStore::open(database);
  if (!k) return std::unexpected(k.error());
  b->risk = std::move(*k);
  auto x = portfolio::ExposureStore::open(database);
  if (!x) return std::unexpected(x.error());
  b->exposure = std::move(*x);
  auto a = accounts::AccountStore::open(database);
  if (!a) return std::unexpected(a.error());
  b->accounts = std::move(*a);
  auto j = jobs::JobStore::open(database);
  if (!j) return std::unexpected(j.error());
  b->jobs = std::move(*j);
  auto n = notify::Store::open(database);
  if (!n) return std::unexpected(n.error());
  b->notify = std::move(*n);
  return b;
}

const std::string* ResponseCache::find(const std::string& key, const std::string& token) const {
  if (token.empty()) return nullptr;
  auto it = entries_.find(key);
  return it != entries_.end() && it->second.token == token ? &it->second.body : nullptr;
}

void ResponseCache::put(const std::string& key, const std::string& token, const std::string& body) {
  if (token.empty() || body.size() > kMaxBytes / 8) return;
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= it->second.body.size();
    entries_.erase(it);
  }
  if (entries_.size() >= kMaxEntries || bytes_ + body.size() > kMaxBytes) {
    entries_.clear();
    bytes_ = 0;
  }
  bytes_ += body.size();
  entries_.emplace(key, Entry{token, body});
}

Result<nlohmann::json> json_body(const Request& req, bool empty_ok) {
  if (empty_ok && req.body.empty()) return nlohmann::json::object();
  if (auto ct = req.header("Content-Type"); !ct || !ct->starts_with("application/json"))
    return make_error(ErrorCode::kUnsupported, "Content-Type: application/json required");
  try {
    auto j = nlohmann::json::parse(req.body);
    if (!j.is_object()) return invalid_input("body: a JSON object is required");
    return j;
  } catch (const nlohmann::json::exception& e) {
    return invalid_input(std::string("body: malformed JSON: ") + e.what());
  }
}

Response problem(int status, std::string title, std::string detail, std::string field) {
  nlohmann::ordered_json j = {
      {"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
  if (!field.empty()) j["field"] = field;
  auto r = Response::text(status, j.dump(), "application/problem+json");
  return r;
}

int status_for(const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalidInput:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPrecondition:
      return 412;
    case ErrorCode::kUnsupported:
      return 415;
    default:
      return 500;
  }
}

Response problem_of(const Error& e) {
  const int status = status_for(e);
  static const std::map<int, std::string> kTitles = {{400, "Bad Request"},
                                                     {404, "Not Found"},
                                                     {409, "Conflict"},
                                                     {412, "Precondition Failed"},
                                                     {415, "Unsupported Media Type"},
                                                     {500, "Internal Server Error"}};
  // A field named at the start of the message ("projectName: required") is reported as such.
  std::string field;
  if (auto colon = e.message.find(": ");
      colon != std::string::npos && colon < 64 && e.message.find(' ') >= colon)
    field = e.message.substr(0, colon);
  return problem(status, kTitles.at(status), status == 500 ? "internal error" : e.message, field);
}

Response json_text(std::string text, int status) { return Response::json(status, std::move(text)); }

Result<std::string> text_of(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::string();
  if (!j[key].is_string()) return invalid_input(std::string(key) + ": a string is required");
  return j[key].get<std::string>();
}

// ---- CSV ----

std::string csv_cell(std::string_view text) {
  std::string s;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r'))
    s = "'";
  s += text;
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

bool wants_csv(const Request& req) {
  return req.param("format").value_or("") == "csv" ||
         req.header("Accept").value_or("").find("text/csv") != std::string_view::npos;
}

namespace {

using ojson = nlohmann::ordered_json;
constexpr int kCsvDepth = 4;  // nested objects flattened this deep; deeper as JSON

std::string compact(const ojson& v) {
  return v.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

// A scalar's text (strings as they are; numbers and booleans as JSON writes them; null empty).
std::string scalar_text(const ojson& v) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  return compact(v);
}

struct CsvCell {
  std::string text;
  bool number = false;  // written as it is (a negative number is not a formula)
};

// The item's cells by column name; new columns appended to `columns` in the order first seen.
void flatten(const ojson& v, const std::string& name, int depth,
             const std::vector<std::string>& json_columns, std::vector<std::string>& columns,
             std::map<std::string, CsvCell>& cells) {
  auto put = [&](std::string text, bool number = false) {
    if (cells.emplace(name, CsvCell{std::move(text), number}).second &&
        std::find(columns.begin(), columns.end(), name) == columns.end())
      columns.push_back(name);
  };
  const bool as_json =
      std::find(json_columns.begin(), json_columns.end(), name) != json_columns.end();
  if (v.is_object() && !as_json && depth < kCsvDepth) {
    if (v.empty()) {
      if (!name.empty()) put({});
      return;
    }
    for (const auto& [k, x] : v.items())
      flatten(x, name.empty() ? k : name + "." + k, depth + 1, json_columns, columns, cells);
  } else if (v.is_array() && !as_json) {
    std::string joined;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) joined += ';';
      joined += v[i].is_structured() ? compact(v[i]) : scalar_text(v[i]);
    }
    put(std::move(joined));
  } else if (v.is_structured()) {
    put(compact(v));
  } else {
    put(scalar_text(v), v.is_number());
  }
}

std::string file_part(std::string_view s) {
  std::string out;
  for (char c : s)
    out +=
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ? c : '_';
  return out;
}

}  // namespace

std::string csv_of(const nlohmann::ordered_json& items,
                   const std::vector<std::string>& json_columns) {
  std::vector<std::string> columns;
  std::vector<std::map<std::string, CsvCell>> rows;
  rows.reserve(items.size());
  for (const auto& item : items) {
    auto& cells = rows.emplace_back();
    flatten(item, item.is_object() ? "" : "value", 0, json_columns, columns, cells);
  }
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + csv_cell(columns[i]);
  out += '\n';
  for (const auto& cells : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ',';
      auto it = cells.find(columns[i]);
      if (it == cells.end()) continue;
      out += it->second.number ? it->second.text : csv_cell(it->second.text);
    }
    out += '\n';
  }
  return out;
}

RouteFn csv_list(RouteFn fn, CsvList how) {
  return [fn = std::move(fn), how = std::move(how)](Ctx& ctx) -> Response {
    if (auto f = ctx.req.param("format"); f && !f->empty() && *f != "json" && *f != "csv")
      return problem(400, "Bad Request", "format: json or csv", "format");
    if (!wants_csv(ctx.req)) return fn(ctx);
    Response r = fn(ctx);
    if (r.status != 200 || !r.header("Content-Type").value_or("").starts_with("application/json"))
      return r;
    ojson doc = ojson::parse(r.body, nullptr, false);
    if (doc.is_discarded()) return r;
    const ojson* items = how.items.empty() ? &doc : nullptr;
    if (!how.items.empty() && doc.is_object())
      if (auto it = doc.find(how.items); it != doc.end()) items = &*it;
    if (!items || !items->is_array()) return r;
    std::string name = how.filename;
    for (const auto& [k, v] : ctx.params) name += "-" + file_part(v);
    auto out = Response::text(200, csv_of(*items, how.json_columns), "text/csv; charset=utf-8");
    out.set("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    if (doc.is_object()) {
      if (auto t = doc.find("next_page_token"); t != doc.end() && t->is_string() && !t->empty())
        out.set("X-Next-Page-Token", t->get<std::string>());
      if (auto a = doc.find("next_after"); a != doc.end() && a->is_number_integer())
        out.set("X-Next-After", std::to_string(a->get<std::int64_t>()));
    }
    for (const auto& [k, v] : r.headers)
      if (k == "ETag" || k == "Cache-Control") out.set(k, v);
    return out;
  };
}

Response dt_text(int status, std::string text) {
  return Response::text(status, std::move(text), "application/json");
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return s[14] >= '1' && s[14] <= '5' &&
         (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

std::int64_t epoch_ms(std::string_view rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  if (!t) return 0;
  return std::chrono::duration_cast<std::chrono::milliseconds>(t->time_since_epoch()).count();
}

Result<std::vector<Part>> parse_multipart(std::string_view content_type, std::string_view body) {
  auto b = content_type.find("boundary=");
  if (b == std::string_view::npos) return invalid_input("Content-Type: multipart without boundary");
  std::string boundary(content_type.substr(b + 9));
  if (auto semi = boundary.find(';'); semi != std::string::npos) boundary.resize(semi);
  if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"')
    boundary = boundary.substr(1, boundary.size() - 2);
  if (boundary.empty() || boundary.size() > 200)
    return invalid_input("Content-Type: bad multipart boundary");
  const std::string delim = "--" + boundary;
  std::vector<Part> parts;
  std::size_t pos = body.find(delim);
  if (pos == std::string_view::npos) return invalid_input("body: no multipart boundary found");
  while (true) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") break;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return invalid_input("body: malformed multipart delimiter");
    pos += 2;
    const auto head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos)
      return invalid_input("body: multipart part without headers end");
    Part part;
    for (auto line : split(body.substr(pos, head_end - pos), '\n')) {
      line = trim(line);
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      auto name = trim(line.substr(0, colon));
      auto value = trim(line.substr(colon + 1));
      if (equals_icase(name, "Content-Type")) part.content_type = std::string(value);
      if (!equals_icase(name, "Content-Disposition")) continue;
      for (auto attr : split(value, ';')) {
        attr = trim(attr);
        auto eq = attr.find('=');
        if (eq == std::string_view::npos) continue;
        auto key = attr.substr(0, eq);
        auto v = attr.substr(eq + 1);
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        if (key == "name") part.name = std::string(v);
        if (key == "filename") part.filename = std::string(v);
      }
    }
    const auto data_start = head_end + 4;
    const auto next = body.find("\r\n" + delim, data_start);
    if (next == std::string_view::npos) return invalid_input("body: multipart part not terminated");
    part.data = std::string(body.substr(data_start, next - data_start));
    parts.push_back(std::move(part));
    if (parts.size() > 64) return invalid_input("body: more than 64 multipart parts");
    pos = next + 2;
  }
  return parts;
}

Result<portfolio::Product> visible_product(Ctx& ctx) {
  auto p = ctx.db.portfolio->product(ctx.params["product"]);
  if (!p) return std::unexpected(p.error());
  if (!*p || !ctx.who.sees((*p)->id))
    return not_found("product '" + ctx.params["product"] + "' does not exist");
  return **p;
}

Result<std::optional<ReleaseRef>> visible_release(Ctx& ctx, std::string_view uuid) {
  auto id = ctx.db.accounts->release_by_uuid(uuid);
  if (!id) return std::unexpected(id.error());
  if (!*id) return std::optional<ReleaseRef>();
  auto archived = ctx.db.accounts->archived(**id);
  if (!archived) return std::unexpected(archived.error());
  if (*archived) return std::optional<ReleaseRef>();
  auto r = ctx.db.portfolio->release_by_id(**id);
  if (!r) return std::unexpected(r.error());
  if (!*r || !ctx.who.sees((*r)->product_id)) return std::optional<ReleaseRef>();
  auto p = ctx.db.portfolio->product_by_id((*r)->product_id);
  if (!p) return std::unexpected(p.error());
  if (!*p) return std::optional<ReleaseRef>();
  return std::optional<ReleaseRef>(ReleaseRef{**r, **p});
}

}  // namespace bulwark::server::detail
