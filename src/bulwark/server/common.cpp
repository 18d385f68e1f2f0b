// Helpers shared by the native and the Dependency-Track-compatible API.
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
