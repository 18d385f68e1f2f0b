// One HTTP GET into a file with libcurl (internal to bulwark_update): conditional requests,
// resuming a partial file with Range, timeouts for stalled peers, bounded retries with back-off
// for 5xx/429, and errors naming the URL and the HTTP status. Safe by default: https only
// unless the request is `insecure`; redirects are followed here (at most 5), never from https
// to http, and credential headers go to the request's own origin only; a size cap and a total
// timeout bound every download.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/update/update.hpp"

namespace bulwark::update::detail {

struct FetchRequest {
  std::string url;
  std::string label;                 // for progress
  std::string file;                  // the body goes here (the ".part" file)
  std::string validator_file;        // when set: the response's ETag/Last-Modified, for If-Range
  std::vector<std::string> headers;  // extra request headers, "Name: value"
  std::vector<std::string> credential_headers;  // like headers, but never sent to another origin
  bool insecure = false;                        // allow plain http (and redirects to it from http)
  std::uint64_t max_bytes = 0;                  // size cap of the body (0: none)
  std::string source_key;     // "kev", "osv"...: names the config keys in messages
  std::string etag;           // sent as If-None-Match when set
  std::string last_modified;  // sent as If-Modified-Since when set
  bool resume = false;        // continue `file` with Range when it holds bytes
  bool compressed = false;    // Accept-Encoding (not with resume)
};

struct FetchResult {
  long status = 0;  // 200, 206 or 304
  std::string etag, last_modified;
  std::uint64_t bytes = 0;  // body bytes received
  int attempts = 0;
};

using ProgressFn = std::function<void(const std::string&, std::uint64_t, std::uint64_t)>;

Result<FetchResult> fetch(const FetchRequest& request, const HttpSettings& http,
                          const ProgressFn& progress);

// Sleeps, in slices, for seconds (bounded by the caller's settings).
void sleep_seconds(double seconds);

// Whether a redirect from `from` to `to` may be followed: http(s) targets only, never from
// https to http, plain http only when insecure. The error says why not.
std::expected<void, std::string> check_redirect(std::string_view from, std::string_view to,
                                                bool insecure);
// Same scheme, host (case-insensitive) and port (default ports filled in).
bool same_origin(std::string_view a, std::string_view b);

}  // namespace bulwark::update::detail
