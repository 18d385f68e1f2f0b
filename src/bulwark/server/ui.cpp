// The web dashboard (issue 12): GET / and the client-side routes answer index.html (every view
// has its own URL), /ui/... the embedded assets (ui_assets.hpp, generated at build time from
// web/). Versioned URLs /ui/v/<build id>/... are immutable; index.html is revalidated on every
// load (no-cache, strong ETag). Every answer carries a Content-Security-Policy that allows only
// this origin (and the one inline script, the import map, by its hash).
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "bulwark/core/base64.hpp"
#include "bulwark/core/digest.hpp"
#include "bulwark/server/internal.hpp"
#include "bulwark/server/ui_assets.hpp"

namespace bulwark::server::detail {
namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

// Shown when the binary was built without web/node_modules.
constexpr std::string_view kNotBuilt = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bulwark: UI not built</title></head>
<body><main><h1>UI not built</h1>
<p>This <code>bulwark</code> binary was built without the web dashboard's packages.
Run <code>make setup</code> (it runs <code>npm ci</code> in <code>web/</code>), then rebuild.</p>
<p>The API is available at <code>/api/bulwark/v1</code>.</p></main></body></html>
)";

struct Asset {
  std::string_view body;
  std::string content_type;
  std::string etag;  // quoted
};

std::string hex_to_bytes(std::string_view hex) {
  std::string out;
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  return out;
}

// The served files, built once: index.html with its build id filled in, and the CSP allowing
// its inline import map by hash.
struct Site {
  std::unordered_map<std::string, Asset> assets;
  std::string index, index_etag, csp;
  std::string build_id;

  Site() {
    build_id = web::kBuildId;
    for (std::size_t i = 0; i < web::kAssetCount; ++i) {
      const auto& a = web::kAssets[i];
      if (!a.data) continue;
      assets.emplace(a.name, Asset{std::string_view(reinterpret_cast<const char*>(a.data), a.size),
                                   a.content_type, fmt::format("\"{}\"", a.sha256)});
    }
    std::string script_hashes;
    if (auto it = assets.find("index.html"); web::kBuilt && it != assets.end()) {
      index = std::string(it->second.body);
      for (std::size_t p; (p = index.find("%BUILD%")) != std::string::npos;)
        index.replace(p, 7, build_id);
      // Every inline <script> (only the import map) is allowed by its SHA-256.
      constexpr std::string_view open = "<script type=\"importmap\">";
      for (std::size_t p = index.find(open); p != std::string::npos; p = index.find(open, p)) {
        p += open.size();
        const auto end = index.find("</script>", p);
        if (end == std::string::npos) break;
        script_hashes += fmt::format(
            " 'sha256-{}'", base64_encode(hex_to_bytes(sha256_hex(index.substr(p, end - p)))));
      }
    } else {
      index = std::string(kNotBuilt);
    }
    index_etag = fmt::format("\"{}\"", sha256_hex(index));
    csp = fmt::format(
        "default-src 'none'; script-src 'self'{}; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'",
        script_hashes);
  }
};

const Site& site() {
  static const Site s;
  return s;
}

Response secure(Response r) {
  r.set("Content-Security-Policy", site().csp);
  r.set("X-Frame-Options", "DENY");
  r.set("Referrer-Policy", "no-referrer");
  r.set("Cross-Origin-Opener-Policy", "same-origin");
  return r;
}

bool etag_matches(const Request& req, std::string_view etag) {
  auto h = req.header("If-None-Match");
  if (!h) return false;
  // A list of tags, or "*"; weak comparison as RFC 9110 asks for If-None-Match.
  std::string_view s = *h;
  while (!s.empty()) {
    auto comma = s.find(',');
    auto tag = s.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return false;
}

Response send(const Request& req, std::string_view body, const std::string& type,
              const std::string& etag, std::string_view cache) {
  Response r;
  if (etag_matches(req, etag)) {
    r = Response::empty(304);
  } else {
    r = Response::text(200, std::string(body), type);
  }
  r.set("ETag", etag);
  r.set("Cache-Control", std::string(cache));
  return secure(std::move(r));
}

Response index_page(Ctx& ctx) {
  const auto& s = site();
  return send(ctx.req, s.index, "text/html; charset=utf-8", s.index_etag, kRevalidate);
}

Response asset(Ctx& ctx) {
  const auto& s = site();
  std::string_view path = ctx.req.path;
  path.remove_prefix(4);  // "/ui/"
  bool versioned = false;
  if (path.starts_with("v/")) {
    path.remove_prefix(2);
    const auto slash = path.find('/');
    if (slash == std::string_view::npos) return secure(problem(404, "Not Found", "no such asset"));
    // An older build's URL still answers (with today's file), but is not cached for long.
    versioned = path.substr(0, slash) == s.build_id && !s.build_id.empty();
    path.remove_prefix(slash + 1);
  }
  auto it = s.assets.find(std::string(path));
  if (it == s.assets.end() || path == "index.html")
    return secure(problem(404, "Not Found", "no such asset: " + std::string(path)));
  return send(ctx.req, it->second.body, it->second.content_type, it->second.etag,
              versioned ? kImmutable : kRevalidate);
}

}  // namespace

void add_ui_routes(Router& r) {
  // The views (client-side routes of web/src/app.js): each answers index.html.
  for (const char* p :
       {"/", "/login", "/findings", "/cases", "/cases/{case}", "/products/{product}",
        "/products/{product}/releases/{version}", "/admin", "/admin/{section}", "/notifications",
        "/vulnerabilities/{id}", "/support", "/products/{product}/checklist",
        "/products/{product}/releases/{version}/components"})
    r.add("GET", p, Api::kNative, std::nullopt, index_page, true);
  std::string pattern = "/ui";
  for (int depth = 1; depth <= 6; ++depth) {
    pattern += fmt::format("/{{p{}}}", depth);
    r.add("GET", pattern, Api::kNative, std::nullopt, asset, true);
  }
}

}  // namespace bulwark::server::detail
