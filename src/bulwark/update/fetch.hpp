// One HTTP GET into a file with libcurl (internal to bulwark_update): conditional requests,
// resuming a partial file with Range, timeouts for stalled peers, bounded retries with back-off
// for 5xx/429, and errors naming the URL and the HTTP status.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
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
  std::string etag;                  // sent as If-None-Match when set
  std::string last_modified;         // sent as If-Modified-Since when set
  bool resume = false;               // continue `file` with Range when it holds bytes
  bool compressed = false;           // Accept-Encoding (not with resume)
};

struct FetchResult {
  long status = 0;  // 200, 206 or 304
  std::string etag, last_modified;
  std::uint64_t bytes = 0;  // body bytes received
  int attempts = 0;
};

using ProgressFn = std::function<void(const std::string&, std::uint64_t, std::uint64_t)>;

Result<FetchResult> fetch(const FetchRequest& request, const HttpSettings& http, const ProgressFn& progress);

// Sleeps, in slices, for seconds (bounded by the caller's settings).
void sleep_seconds(double seconds);

}  // namespace bulwark::update::detail
