// Internal to the server module: the per-thread store connections, the request context the
// route handlers get, the route table and the response helpers shared by the two APIs.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/accounts/store.hpp"
#include "bulwark/core/digest.hpp"
#include "bulwark/jobs/store.hpp"
#include "bulwark/notify/store.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/server/http.hpp"
#include "bulwark/server/server.hpp"
#include "bulwark/service/access.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::server::detail {

// Rendered responses of read-only lists, per handler thread: an entry is served only while the
// store's change token equals the one it was rendered under (any commit, by any process, changes
// it). Bounded: at most kMaxEntries entries and kMaxBytes of bodies, cleared when full.
class ResponseCache {
 public:
  static constexpr std::size_t kMaxEntries = 256;
  static constexpr std::size_t kMaxBytes = 32u << 20;
  const std::string* find(const std::string& key, const std::string& token) const;
  void put(const std::string& key, const std::string& token, const std::string& body);

 private:
  struct Entry {
    std::string token, body;
  };
  std::map<std::string, Entry, std::less<>> entries_;
  std::size_t bytes_ = 0;
};

// One thread's connections to the database.
struct Backend {
  std::unique_ptr<portfolio::Store> portfolio;
  std::unique_ptr<vulndb::Store> vulns;
  std::unique_ptr<portfolio::CraStore> cra;
  std::unique_ptr<portfolio::RiskStore> risk;
  std::unique_ptr<portfolio::ExposureStore> exposure;  // results per release: Annex I evidence
  std::unique_ptr<accounts::AccountStore> accounts;
  std::unique_ptr<jobs::JobStore> jobs;
  std::unique_ptr<notify::Store> notify;  // rules and the notification outbox
  ResponseCache cache;
};
Result<std::unique_ptr<Backend>> open_backend(const std::string& database);

struct Ctx {
  Request& req;
  Backend& db;
  const Clock& clock;
  const AppConfig& config;
  std::map<std::string, std::string> params;  // path parameters
  service::Principal who;
  bool authenticated = false;
};

using RouteFn = std::function<Response(Ctx&)>;

enum class Api { kNative, kDtrack };

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/project/{uuid}"
  std::vector<std::string> segments;
  Api api = Api::kNative;
  std::optional<accounts::Permission> permission;  // nullopt: authentication only
  bool is_public = false;                          // no authentication at all
  RouteFn fn;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Api api,
           std::optional<accounts::Permission> permission, RouteFn fn, bool is_public = false);
  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool method_mismatch = false;  // the path exists with another method (405)
  };
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

void add_dtrack_routes(Router& router);
void add_native_routes(Router& router);
void add_cra_routes(
    Router& router);  // api_cra.cpp: Article 14 cases, deadlines, support, checklist
// ui.cpp: the web dashboard at / (views answer index.html) and its embedded assets under /ui/.
void add_ui_routes(Router& router);
// api_dashboard.cpp: the dashboard's read endpoints (portfolio overview).
void add_dashboard_routes(Router& router);
void add_notify_routes(Router& router);  // api_notify.cpp: notification rules
// api_risk.cpp: a release's risk assessment (show, import, review steps), history, risk policy.
void add_risk_routes(Router& router);
void add_admin_routes(Router& router);  // api_admin.cpp: users, teams, API keys
// api_advisory.cpp: a product's CSAF advisories (list, create or revise, the document).
void add_advisory_routes(Router& router);
// api_views.cpp: the dashboard's vulnerability, components and support-calendar endpoints.
void add_view_routes(Router& router);

// A request's JSON object body (Content-Type application/json; kUnsupported otherwise, a
// malformed or non-object body kInvalidInput naming "body"); with empty_ok an empty body is {}.
Result<nlohmann::json> json_body(const Request& req, bool empty_ok = false);

// RFC 9457 problem details naming the field (native API).
Response problem(int status, std::string title, std::string detail, std::string field = "");
// A JSON answer from text already rendered (the service layer's documents).
Response json_text(std::string text, int status = 200);
// A string member of a request body ("" when absent or null); kInvalidInput naming the member
// when present with another type.
Result<std::string> text_of(const nlohmann::json& j, const char* key);
// The HTTP status of a library error.
int status_for(const Error& e);
Response problem_of(const Error& e);
// Dependency-Track's plain-text error (Content-Type application/json, body not JSON).
Response dt_text(int status, std::string text);

// A lower-case canonical UUID (version 1-5, variant 8/9/a/b), as Dependency-Track validates.
bool is_uuid(std::string_view s);
// Epoch milliseconds of an RFC 3339 time (0 when it does not parse).
std::int64_t epoch_ms(std::string_view rfc3339);

// Multipart/form-data: the parts by name (the first of each), bounded by the body size.
struct Part {
  std::string name, filename, content_type, data;
};
Result<std::vector<Part>> parse_multipart(std::string_view content_type, std::string_view body);

// ---- CSV export of lists (RFC 4180) ----
// One cell: quoted when it holds a comma, a quote, CR or LF (quotes doubled); a text starting
// with = + - @, tab or CR is prefixed with ' so that a spreadsheet does not evaluate it (CSV
// injection). The one CSV escaping of the server.
std::string csv_cell(std::string_view text);
// Whether the request asks for CSV: format=csv, or an Accept header naming text/csv.
bool wants_csv(const Request& req);
// A list as CSV text: a header row, then one row per item. Columns are the items' members in the
// order first seen (stable: the handlers build their members in a fixed order); a nested object
// becomes dotted columns ("support.end", up to 4 levels); an array becomes its elements joined
// with ';' (an element that is an object or array as compact JSON); members named in
// json_columns (free-form objects such as an audit entry's before/after) are one cell of
// compact JSON. A non-object item is one column "value".
std::string csv_of(const nlohmann::ordered_json& items,
                   const std::vector<std::string>& json_columns = {});
struct CsvList {
  std::string items = "items";  // the member holding the list; "" when the answer is an array
  std::string filename;         // "releases": releases-<path parameters>.csv
  std::vector<std::string> json_columns;
};
// Wraps a list handler: with format=csv (or Accept: text/csv) its 200 JSON answer is rendered by
// csv_of as text/csv with a Content-Disposition file name; a next page is named in the
// X-Next-Page-Token (next_page_token) or X-Next-After (next_after) header. format other than
// json or csv is 400 naming it. Other answers (errors) pass through unchanged.
RouteFn csv_list(RouteFn fn, CsvList how);

// The release behind a Dependency-Track project UUID that the principal may see.
struct ReleaseRef {
  portfolio::Release release;
  portfolio::Product product;
};
Result<std::optional<ReleaseRef>> visible_release(Ctx& ctx, std::string_view uuid);
// The product named by the path parameter "product", if the principal sees it (else kNotFound,
// as for a missing one).
Result<portfolio::Product> visible_product(Ctx& ctx);

}  // namespace bulwark::server::detail
