// The HTTP seam of the team server (issue 11): plain request/response values and the options of
// the listener. Handlers never see Boost.Beast types; Beast and Asio are confined to
// beast_server.cpp. Thread-safety: serve_http calls the handler from a fixed pool of handler
// threads (never on the I/O threads), so handlers may block on the database.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::server {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "PUT", ...
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded path without the query
  std::string query;   // raw query string (without '?')
  Headers headers;
  std::string body;
  std::string remote;      // "127.0.0.1:53422"
  std::string request_id;  // assigned by the server (or taken from a sane X-Request-Id)
  bool tls = false;

  // Case-insensitive header lookup (first occurrence).
  std::optional<std::string_view> header(std::string_view name) const;
  // Query parameter (first occurrence), decoded ('+' as space, %XX); tolerant of raw spaces.
  std::optional<std::string> param(std::string_view name) const;
  std::vector<std::string> params(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  bool close = false;  // close the connection after sending

  Response& set(std::string_view name, std::string value);  // replaces
  std::optional<std::string_view> header(std::string_view name) const;
  static Response text(int status, std::string body, std::string content_type = "text/plain");
  static Response json(int status, std::string body);
  static Response empty(int status);
};

using Handler = std::function<Response(Request&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;                      // 0: any free port (on_listening tells which)
  std::string tls_cert, tls_key;                   // PEM files; both set: HTTPS only
  std::size_t max_body = std::size_t{64} << 20;    // 413 above
  std::size_t max_header = std::size_t{16} << 10;  // 431 above
  std::size_t max_connections = 4096;              // further connections get 503 and are closed
  int header_timeout_s = 10;   // time to receive the request head (slow clients)
  int request_timeout_s = 60;  // time to receive the whole request
  int idle_timeout_s = 30;     // keep-alive idle time between requests
  int io_threads = 2;
  int handler_threads = 4;
};

// Access log sink: one structured line per request (JSON object, no trailing newline).
using LogSink = std::function<void(const std::string& line)>;

// Listens and serves until `stop` becomes true or SIGTERM/SIGINT arrives: stops accepting,
// lets in-flight requests finish (bounded by request_timeout_s), closes idle connections, then
// returns. on_listening(port) is called once the socket is bound. Errors: the address cannot be
// bound, the TLS files cannot be read.
Result<void> serve_http(const ServerOptions& options, const Handler& handler, const LogSink& log,
                        const std::function<void(unsigned short)>& on_listening,
                        std::atomic<bool>& stop);

// Percent-decoding of a URL component; nullopt on a malformed escape. plus_is_space for queries.
std::optional<std::string> url_decode(std::string_view s, bool plus_is_space);

}  // namespace bulwark::server
