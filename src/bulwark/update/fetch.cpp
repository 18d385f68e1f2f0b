#include "bulwark/update/fetch.hpp"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "bulwark/core/atomic_file.hpp"
#include "bulwark/core/text.hpp"

namespace bulwark::update::detail {
namespace {

constexpr std::size_t kErrorBodyMax = 300;
constexpr double kMaxBackoff = 60;

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// State of one attempt, shared with the libcurl callbacks.
struct Transfer {
  const FetchRequest* request = nullptr;
  const ProgressFn* progress = nullptr;
  std::FILE* file = nullptr;
  std::uint64_t offset = 0;  // bytes already in the file when resuming
  long status = 0;
  std::string reason, etag, last_modified, content_range, retry_after;
  bool body_started = false;
  std::string failure;  // why a callback stopped the transfer
  bool too_large = false;
  std::string error_body;
  std::uint64_t received = 0;
  std::string redirect_url;  // Location of a 3xx, resolved

  bool ok_status() const { return status == 200 || status == 206; }
};

void reset_headers(Transfer& t, std::string_view status_line) {
  t.status = 0;
  t.reason.clear();
  t.etag.clear();
  t.last_modified.clear();
  t.content_range.clear();
  t.retry_after.clear();
  auto sp = status_line.find(' ');
  if (sp == std::string_view::npos) return;
  auto rest = status_line.substr(sp + 1);
  long code = 0;
  for (std::size_t i = 0; i < rest.size() && i < 3 && rest[i] >= '0' && rest[i] <= '9'; ++i)
    code = code * 10 + (rest[i] - '0');
  t.status = code;
  if (rest.size() > 4) t.reason = std::string(trim(rest.substr(4)));
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const std::string_view line = trim(std::string_view(data, size * n));
  if (line.starts_with("HTTP/")) {
    reset_headers(t, line);
    return size * n;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  const auto name = trim(line.substr(0, colon));
  const std::string value(trim(line.substr(colon + 1)));
  if (equals_icase(name, "ETag")) t.etag = value;
  if (equals_icase(name, "Last-Modified")) t.last_modified = value;
  if (equals_icase(name, "Content-Range")) t.content_range = value;
  if (equals_icase(name, "Retry-After")) t.retry_after = value;
  return size * n;
}

void write_validator(const Transfer& t) {
  const auto& path = t.request->validator_file;
  if (path.empty()) return;
  const bool strong = !t.etag.empty() && !t.etag.starts_with("W/");
  const std::string v = strong ? t.etag : t.last_modified;
  std::error_code ec;
  if (v.empty()) {
    std::filesystem::remove(path, ec);
    return;
  }
  (void)write_file_atomic(path, v);  // best effort: without it a resume restarts the file
}

// The first body bytes of a 200/206: restart the file on 200, check the range on 206.
bool start_body(Transfer& t) {
  t.body_started = true;
  if (t.status == 200) {
    if (t.offset > 0) {
      std::fflush(t.file);
      if (::ftruncate(::fileno(t.file), 0) != 0) {
        t.failure = "cannot truncate " + t.request->file;
        return false;
      }
      t.offset = 0;
    }
    write_validator(t);
    return true;
  }
  const std::string expected = "bytes " + std::to_string(t.offset) + "-";
  if (!t.content_range.starts_with(expected)) {
    t.failure = "HTTP 206 with Content-Range '" + t.content_range + "' does not continue at byte " +
                std::to_string(t.offset) + " (the partial download was discarded)";
    std::fflush(t.file);
    if (::ftruncate(::fileno(t.file), 0) != 0) t.failure += "; cannot truncate " + t.request->file;
    return false;
  }
  return true;
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const std::size_t len = size * n;
  if (!t.ok_status()) {
    t.error_body.append(
        data, std::min(len, kErrorBodyMax - std::min(kErrorBodyMax, t.error_body.size())));
    return len;
  }
  if (!t.body_started && !start_body(t)) return 0;
  const auto cap = t.request->max_bytes;
  if (cap > 0 && (t.status == 206 ? t.offset : 0) + t.received + len > cap) {
    t.too_large = true;
    t.failure = "the body exceeds the size cap of " + std::to_string(cap) + " bytes" +
                (t.request->source_key.empty() ? std::string()
                                               : " (" + t.request->source_key + ".max_size)");
    return 0;
  }
  if (std::fwrite(data, 1, len, t.file) != len) {
    t.failure = "cannot write " + t.request->file;
    return 0;
  }
  t.received += len;
  return len;
}

int on_progress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t) {
  auto& t = *static_cast<Transfer*>(user);
  if (t.ok_status() && t.progress && *t.progress) {
    const auto base = t.status == 206 ? t.offset : 0;
    (*t.progress)(t.request->label, base + static_cast<std::uint64_t>(now),
                  total > 0 ? base + static_cast<std::uint64_t>(total) : 0);
  }
  return 0;
}

std::unique_ptr<curl_slist, SlistDeleter> request_headers(const FetchRequest& r,
                                                          std::uint64_t offset, bool credentials) {
  curl_slist* list = nullptr;
  auto add = [&list](const std::string& h) { list = curl_slist_append(list, h.c_str()); };
  for (const auto& h : r.headers) add(h);
  if (credentials)
    for (const auto& h : r.credential_headers) add(h);
  if (!r.etag.empty()) add("If-None-Match: " + r.etag);
  if (!r.last_modified.empty()) add("If-Modified-Since: " + r.last_modified);
  if (offset > 0) {
    add("Range: bytes=" + std::to_string(offset) + "-");
    std::ifstream in(r.validator_file, std::ios::binary);
    std::string v;
    if (!r.validator_file.empty() && std::getline(in, v) && !v.empty()) add("If-Range: " + v);
  }
  return std::unique_ptr<curl_slist, SlistDeleter>(list);
}

void set_options(CURL* c, const FetchRequest& r, const std::string& url, const HttpSettings& http,
                 Transfer& t, curl_slist* headers, char* errbuf, long timeout_ms) {
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, r.insecure ? "http,https" : "https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // redirects are checked and followed by fetch()
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, std::max(1L, timeout_ms));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "bulwark");
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, http.connect_timeout_s);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, http.low_speed_limit);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, http.low_speed_time_s);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  if (r.compressed && !r.resume) curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
}

std::uint64_t existing_size(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::uint64_t>(n);
}

std::string status_text(const Transfer& t) {
  std::string s = "HTTP " + std::to_string(t.status);
  if (!t.reason.empty()) s += " " + t.reason;
  return s;
}

// One attempt at `url` (the request's, or where it was redirected). Returns the transfer state;
// an error only for transport/file failures.
Result<Transfer> attempt(const FetchRequest& r, const std::string& url, bool credentials,
                         const HttpSettings& http, const ProgressFn& progress, long timeout_ms) {
  Transfer t;
  t.request = &r;
  t.progress = &progress;
  t.offset = r.resume ? existing_size(r.file) : 0;
  std::unique_ptr<std::FILE, FileCloser> file(
      std::fopen(r.file.c_str(), t.offset > 0 ? "ab" : "wb"));
  if (!file) return io_error(r.file + ": cannot open for writing");
  t.file = file.get();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return io_error("GET " + url + ": cannot initialise libcurl");
  auto headers = request_headers(r, t.offset, credentials);
  char errbuf[CURL_ERROR_SIZE] = {};
  set_options(curl.get(), r, url, http, t, headers.get(), errbuf, timeout_ms);
  const CURLcode rc = curl_easy_perform(curl.get());
  if (std::fflush(t.file) != 0) return io_error(r.file + ": write failed");
  if (t.too_large && ::ftruncate(::fileno(t.file), 0) != 0)
    t.failure += "; cannot truncate " + r.file;
  if (rc != CURLE_OK) {
    std::string why =
        !t.failure.empty() ? t.failure : (errbuf[0] ? errbuf : curl_easy_strerror(rc));
    std::string at = t.status ? " (" + status_text(t) + ")" : "";
    return io_error("GET " + url + at + ": transfer failed: " + why);
  }
  if (t.status >= 300 && t.status < 400 && t.status != 304) {
    char* location = nullptr;
    if (curl_easy_getinfo(curl.get(), CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location)
      t.redirect_url = location;
  }
  if (t.status == 200 && !t.body_started && t.offset > 0 && ::ftruncate(::fileno(t.file), 0) != 0)
    return io_error("cannot truncate " + r.file);
  if (t.status == 200 && !t.body_started) write_validator(t);
  return t;
}

std::string fmt_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", s);
  return buf;
}

bool retryable(long status) { return status == 429 || (status >= 500 && status <= 599); }

double backoff(const Transfer& t, const HttpSettings& http, int attempt_no) {
  double delay = http.retry_delay_s * std::pow(2.0, attempt_no - 1);
  long after = 0;
  if (!t.retry_after.empty() &&
      std::all_of(t.retry_after.begin(), t.retry_after.end(),
                  [](char c) { return c >= '0' && c <= '9'; }) &&
      t.retry_after.size() < 6)
    after = std::stol(t.retry_after);
  return std::min(kMaxBackoff, std::max(delay, static_cast<double>(after)));
}

std::string body_hint(const std::string& body) {
  std::string s;
  for (char c : body) {
    if (c == '\n' || c == '\r') break;
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) s.push_back(c);
  }
  s = std::string(trim(s));
  return s.empty() ? s : ": " + s.substr(0, 120);
}

}  // namespace

void sleep_seconds(double seconds) {
  if (seconds <= 0) return;
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

namespace {

struct Origin {
  std::string scheme, host, port;
};

std::optional<Origin> origin_of(std::string_view url) {
  const auto colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  Origin o{to_lower(url.substr(0, colon)), {}, {}};
  auto rest = url.substr(colon + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  std::string_view host = rest, port;
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    const auto close = rest.find(']');
    host = rest.substr(0, close == std::string_view::npos ? rest.size() : close + 1);
    if (close != std::string_view::npos && close + 1 < rest.size() && rest[close + 1] == ':')
      port = rest.substr(close + 2);
  } else if (auto c = rest.rfind(':'); c != std::string_view::npos) {
    host = rest.substr(0, c);
    port = rest.substr(c + 1);
  }
  o.host = to_lower(host);
  o.port = !port.empty()         ? std::string(port)
           : o.scheme == "https" ? "443"
           : o.scheme == "http"  ? "80"
                                 : "";
  return o;
}

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

constexpr int kMaxRedirects = 5;

}  // namespace

std::expected<void, std::string> check_redirect(std::string_view from, std::string_view to,
                                                bool insecure) {
  const auto a = origin_of(from);
  const auto b = origin_of(to);
  if (!b || (b->scheme != "http" && b->scheme != "https"))
    return std::unexpected("a redirect to a non-http(s) URL is refused");
  if (b->scheme == "http" && a && a->scheme == "https")
    return std::unexpected("a redirect from https to http is refused");
  if (b->scheme == "http" && !insecure)
    return std::unexpected("a redirect to plain http is refused");
  return {};
}

bool same_origin(std::string_view a, std::string_view b) {
  const auto x = origin_of(a);
  const auto y = origin_of(b);
  return x && y && x->scheme == y->scheme && x->host == y->host && x->port == y->port;
}

Result<FetchResult> fetch(const FetchRequest& request, const HttpSettings& http,
                          const ProgressFn& progress) {
  global_init();
  using Steady = std::chrono::steady_clock;
  const auto limit =
      std::chrono::duration<double>(http.total_timeout_s > 0 ? http.total_timeout_s : 1e9);
  const auto deadline = Steady::now() + std::chrono::duration_cast<Steady::duration>(limit);
  auto remaining_ms = [&] {
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now()).count());
  };
  const std::string key_hint =
      request.source_key.empty() ? ""
                                 : " (set " + request.source_key + ".insecure = true to allow it)";
  if (const auto o = origin_of(request.url); !o || (o->scheme != "https" && o->scheme != "http"))
    return invalid_input("GET " + request.url + ": not an http(s) URL");
  else if (o->scheme == "http" && !request.insecure)
    return unsupported("GET " + request.url + ": plain http is refused; only https is fetched" +
                       key_hint);
  const auto timed_out = [&](const std::string& url) {
    return io_error("GET " + url + ": the download exceeded its total timeout of " +
                    fmt_seconds(http.total_timeout_s) + " (http.timeout)");
  };
  std::string url = request.url;
  bool credentials = true;
  int redirects = 0;
  const int attempts = 1 + std::max(0, http.retries);
  for (int i = 1;;) {
    if (remaining_ms() <= 0) return timed_out(url);
    auto t = attempt(request, url, credentials, http, progress, remaining_ms());
    if (!t) {
      // CURLOPT_TIMEOUT_MS was the rest of the total time: past the deadline, that is what ended it
      if (remaining_ms() <= 0) return timed_out(url);
      return std::unexpected(std::move(t).error());
    }
    if (is_redirect(t->status) && !t->redirect_url.empty()) {
      if (++redirects > kMaxRedirects)
        return io_error("GET " + request.url + ": more than " + std::to_string(kMaxRedirects) +
                        " redirects");
      if (auto ok = check_redirect(url, t->redirect_url, request.insecure); !ok)
        return unsupported("GET " + url + ": " + status_text(*t) + " to " + t->redirect_url + ": " +
                           ok.error());
      credentials = credentials && same_origin(request.url, t->redirect_url);
      url = t->redirect_url;
      continue;
    }
    if (t->ok_status() || t->status == 304)
      return FetchResult{t->status, t->etag, t->last_modified, t->received, i};
    if (t->status == 416 && t->offset > 0 &&
        i < attempts) {  // the partial file does not fit: start over
      std::error_code ec;
      std::filesystem::resize_file(request.file, 0, ec);
      if (ec) return io_error(request.file + ": cannot truncate: " + ec.message());
      ++i;
      continue;
    }
    if (!retryable(t->status) || i >= attempts) {
      std::string tail = i > 1 ? " (gave up after " + std::to_string(i) + " attempts)" : "";
      return io_error("GET " + url + ": " + status_text(*t) + body_hint(t->error_body) + tail);
    }
    const double wait = backoff(*t, http, i);
    if (wait * 1000 >= static_cast<double>(remaining_ms())) return timed_out(url);
    sleep_seconds(wait);
    ++i;
  }
}

}  // namespace bulwark::update::detail
