// The request pipeline: request id, routing (404/405), authentication (X-Api-Key, or the session
// cookie with its CSRF token on unsafe methods), permission (403), the handler, common headers.
#include <fmt/format.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/server/doorbell.hpp"
#include "bulwark/server/internal.hpp"

namespace bulwark::server {

using detail::Api;
using detail::Backend;
using detail::Ctx;

struct App::Impl {
  AppConfig config;
  detail::Router router;
  std::mutex mu;
  // Open store connections not in use: a request takes one and gives it back, so there are at
  // most as many as requests handled at once (the handler threads), opened ahead by warm().
  std::vector<std::unique_ptr<Backend>> idle;

  Result<std::unique_ptr<Backend>> take() {
    {
      std::lock_guard lock(mu);
      if (!idle.empty()) {
        auto b = std::move(idle.back());
        idle.pop_back();
        return b;
      }
    }
    // Opened outside the lock (on PostgreSQL a connection per store, ~0.1-0.3 s in all): other
    // requests do not queue behind it.
    return detail::open_backend(config.database);
  }
  void give(std::unique_ptr<Backend> b) {
    std::lock_guard lock(mu);
    idle.push_back(std::move(b));
  }

  // A request's store connections, given back to the pool when the request is done.
  class Lease {
   public:
    Lease(Impl& impl, std::unique_ptr<Backend> b) : impl_(impl), b_(std::move(b)) {}
    ~Lease() {
      if (b_) impl_.give(std::move(b_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Backend& operator*() const { return *b_; }

   private:
    Impl& impl_;
    std::unique_ptr<Backend> b_;
  };
};

namespace {

constexpr std::string_view kDtVersion = "4.14.3";

bool sane_request_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      return false;
  return true;
}

std::string cookie_value(const Request& req, std::string_view name) {
  auto h = req.header("Cookie");
  if (!h) return {};
  for (auto part : split(*h, ';')) {
    part = trim(part);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
  }
  return {};
}

bool unsafe(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace

App::App(AppConfig config) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  detail::add_native_routes(impl_->router);
  detail::add_cra_routes(impl_->router);
  detail::add_risk_routes(impl_->router);
  detail::add_notify_routes(impl_->router);
  detail::add_admin_routes(impl_->router);
  detail::add_advisory_routes(impl_->router);
  detail::add_view_routes(impl_->router);
  detail::add_dtrack_routes(impl_->router);
  detail::add_dashboard_routes(impl_->router);
  detail::add_ui_routes(impl_->router);
}

Result<void> App::warm(int n) {
  std::vector<std::thread> openers;
  std::vector<Result<std::unique_ptr<Backend>>> opened(static_cast<std::size_t>(std::max(n, 0)));
  for (std::size_t i = 0; i < opened.size(); ++i)
    openers.emplace_back([&, i] { opened[i] = detail::open_backend(impl_->config.database); });
  for (auto& t : openers) t.join();
  for (auto& b : opened) {
    if (!b) return std::unexpected(b.error());
    impl_->give(std::move(*b));
  }
  return {};
}

App::~App() = default;

std::vector<App::RouteInfo> App::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : impl_->router.routes())
    out.push_back({r.method, r.pattern,
                   r.permission ? std::string(accounts::permission_name(*r.permission)) : "",
                   r.is_public});
  return out;
}

Response App::handle(Request& req) {
  if (auto id = req.header("X-Request-Id"); id && sane_request_id(*id))
    req.request_id = std::string(*id);
  else
    req.request_id = random_uuid4();
  const bool dt = req.path == "/api/version" || req.path.starts_with("/api/v1/");
  auto finish = [&](Response r) {
    r.set("X-Request-Id", req.request_id);
    if (dt) r.set("X-Powered-By", fmt::format("Dependency-Track v{}", kDtVersion));
    if (!r.header("Cache-Control"))
      r.set("Cache-Control", "private, max-age=0, must-revalidate, no-cache");
    r.set("X-Content-Type-Options", "nosniff");
    return r;
  };
  auto m = impl_->router.match(req.method, req.path);
  if (!m.route) {
    if (m.method_mismatch)
      return finish(detail::problem(405, "Method Not Allowed",
                                    req.method + " is not allowed on " + req.path));
    return finish(dt ? Response::empty(404)
                     : detail::problem(404, "Not Found", "no such resource: " + req.path));
  }
  auto opened = impl_->take();
  if (!opened) return finish(detail::problem(503, "Service Unavailable", opened.error().message));
  Impl::Lease be(*impl_, std::move(*opened));
  const Clock& clock = impl_->config.clock ? *impl_->config.clock : system_clock();
  Ctx ctx{req, *be, clock, impl_->config, std::move(m.params), {}, false};
  const auto& route = *m.route;
  if (!route.is_public) {
    std::optional<service::Principal> who;
    if (auto key = req.header("X-Api-Key")) {
      auto p = service::authenticate_key(*ctx.db.accounts, *key, clock);
      if (!p) return finish(detail::problem_of(p.error()));
      who = std::move(*p);
    } else if (auto token = cookie_value(req, "bulwark_session"); !token.empty()) {
      auto p = service::authenticate_session(*ctx.db.accounts, token, clock);
      if (!p) return finish(detail::problem_of(p.error()));
      if (*p && unsafe(req.method)) {
        auto sent = req.header("X-CSRF-Token");
        if (!sent || *sent != (*p)->csrf_token)
          return finish(detail::problem(403, "Forbidden", "missing or wrong X-CSRF-Token"));
      }
      who = std::move(*p);
    }
    if (!who) {
      if (route.api == Api::kDtrack) return finish(Response::empty(401));
      auto r =
          detail::problem(401, "Unauthorized", "an API key (X-Api-Key) or a session is required");
      return finish(r);
    }
    if (route.permission && !who->can(*route.permission)) {
      if (route.api == Api::kDtrack) return finish(Response::empty(403));
      return finish(detail::problem(
          403, "Forbidden",
          fmt::format("permission '{}' required", accounts::permission_name(*route.permission))));
    }
    ctx.who = std::move(*who);
    ctx.authenticated = true;
  }
  Response r = route.fn(ctx);
  if (impl_->config.jobs_bell && unsafe(req.method) && r.status >= 200 && r.status < 300)
    impl_->config.jobs_bell->ring();
  return finish(std::move(r));
}

}  // namespace bulwark::server
