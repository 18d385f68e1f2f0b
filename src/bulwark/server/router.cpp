#include "bulwark/core/text.hpp"
#include "bulwark/server/internal.hpp"

namespace bulwark::server::detail {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  for (auto part : split(path, '/'))
    if (!part.empty()) out.emplace_back(part);
  return out;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Api api,
                 std::optional<accounts::Permission> permission, RouteFn fn, bool is_public) {
  Route r;
  r.method = std::move(method);
  r.segments = split_path(pattern);
  r.pattern = std::move(pattern);
  r.api = api;
  r.permission = permission;
  r.is_public = is_public;
  r.fn = std::move(fn);
  routes_.push_back(std::move(r));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match out;
  const auto parts = split_path(path);
  // Literal segments win over parameters ("/project/lookup" before "/project/{uuid}").
  int best_score = -1;
  for (const auto& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    std::map<std::string, std::string> params;
    int score = 0;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const auto& s = r.segments[i];
      if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
        params[s.substr(1, s.size() - 2)] = parts[i];
      } else if (s == parts[i]) {
        ++score;
      } else {
        ok = false;
      }
    }
    if (!ok) continue;
    if (r.method != method) {
      out.method_mismatch = true;
      continue;
    }
    if (score > best_score) {
      best_score = score;
      out.route = &r;
      out.params = std::move(params);
    }
  }
  if (out.route) out.method_mismatch = false;
  return out;
}

}  // namespace bulwark::server::detail
