#include "bulwark/server/http.hpp"

#include "bulwark/core/text.hpp"

namespace bulwark::server {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> url_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (equals_icase(k, name)) return std::string_view(v);
  return std::nullopt;
}

std::vector<std::string> Request::params(std::string_view name) const {
  std::vector<std::string> out;
  std::string_view q = query;
  while (!q.empty()) {
    auto amp = q.find('&');
    auto part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    auto eq = part.find('=');
    auto key = url_decode(part.substr(0, eq), true);
    if (!key || *key != name) continue;
    auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                              : url_decode(part.substr(eq + 1), true);
    out.push_back(value ? *value : std::string(part.substr(eq + 1)));
  }
  return out;
}

std::optional<std::string> Request::param(std::string_view name) const {
  auto all = params(name);
  if (all.empty()) return std::nullopt;
  return all.front();
}

Response& Response::set(std::string_view name, std::string value) {
  for (auto& [k, v] : headers)
    if (equals_icase(k, name)) {
      v = std::move(value);
      return *this;
    }
  headers.emplace_back(std::string(name), std::move(value));
  return *this;
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (equals_icase(k, name)) return std::string_view(v);
  return std::nullopt;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("Content-Type", std::move(content_type));
  return r;
}

Response Response::json(int status, std::string body) {
  return text(status, std::move(body), "application/json");
}

Response Response::empty(int status) {
  Response r;
  r.status = status;
  return r;
}

}  // namespace bulwark::server
