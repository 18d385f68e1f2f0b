// libcurl delivery of notifications (see transport.hpp).
#include "bulwark/notify/transport.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cstring>
#include <mutex>

namespace bulwark::notify {
namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Easy {
  CURL* h = curl_easy_init();
  curl_slist* headers = nullptr;
  ~Easy() {
    if (headers) curl_slist_free_all(headers);
    if (h) curl_easy_cleanup(h);
  }
};

// Keeps at most 4 KiB of a response (for the error message); the rest is dropped.
std::size_t keep_some(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  const std::size_t len = size * n;
  if (out->size() < 4096) out->append(data, std::min(len, 4096 - out->size()));
  return len;
}

struct Upload {
  const std::string* body;
  std::size_t pos = 0;
};
std::size_t read_body(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  const std::size_t len = std::min(size * n, u->body->size() - u->pos);
  std::memcpy(buffer, u->body->data() + u->pos, len);
  u->pos += len;
  return len;
}

// A transfer to rule.url over `protocols` with the timeout for connect and whole transfer;
// false (with `out` set to a retryable failure) when libcurl gives no handle.
bool start(const Easy& e, const Rule& rule, const char* protocols,
           std::chrono::milliseconds timeout, SendResult& out) {
  if (!e.h) {
    out.retry = true;
    out.error = "libcurl: cannot create a handle";
    return false;
  }
  curl_easy_setopt(e.h, CURLOPT_URL, rule.url.c_str());
  curl_easy_setopt(e.h, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(e.h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e.h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(e.h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
  return true;
}

SendResult http_post(const Rule& rule, const Message& m, std::chrono::milliseconds timeout) {
  Easy e;
  SendResult out;
  if (!start(e, rule, "http,https", timeout, out)) return out;
  std::string response;
  e.headers = curl_slist_append(e.headers, ("Content-Type: " + m.content_type).c_str());
  e.headers = curl_slist_append(e.headers, ("X-Bulwark-Notification-Id: " + m.id).c_str());
  if (rule.destination == Destination::kWebhook && !rule.secret.empty())
    e.headers = curl_slist_append(
        e.headers, ("X-Bulwark-Signature: sha256=" + hmac_sha256_hex(rule.secret, m.body)).c_str());
  e.headers = curl_slist_append(e.headers, "Expect:");
  curl_easy_setopt(e.h, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is a failure, never followed
  curl_easy_setopt(e.h, CURLOPT_HTTPHEADER, e.headers);
  curl_easy_setopt(e.h, CURLOPT_USERAGENT, "Bulwark-Notify/1");
  curl_easy_setopt(e.h, CURLOPT_POST, 1L);
  curl_easy_setopt(e.h, CURLOPT_POSTFIELDS, m.body.data());
  curl_easy_setopt(e.h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(m.body.size()));
  curl_easy_setopt(e.h, CURLOPT_WRITEFUNCTION, keep_some);
  curl_easy_setopt(e.h, CURLOPT_WRITEDATA, &response);
  const CURLcode rc = curl_easy_perform(e.h);
  if (rc != CURLE_OK) {
    out.retry = true;
    out.error = fmt::format("{}: {}", rule.url, curl_easy_strerror(rc));
    return out;
  }
  curl_easy_getinfo(e.h, CURLINFO_RESPONSE_CODE, &out.status);
  if (out.status >= 200 && out.status < 300) {
    out.ok = true;
    return out;
  }
  out.retry = out.status >= 500 || out.status == 408 || out.status == 429;
  out.error =
      fmt::format("{}: HTTP {}{}", rule.url, out.status,
                  out.status >= 300 && out.status < 400 ? " (redirects are not followed)" : "");
  return out;
}

SendResult smtp_send(const Rule& rule, const Message& m, std::chrono::milliseconds timeout) {
  Easy e;
  SendResult out;
  if (!start(e, rule, "smtp,smtps", timeout, out)) return out;
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + rule.email_to + ">").c_str());
  Upload up{&m.body};
  const long ssl = rule.smtp_tls == "none"  ? CURLUSESSL_NONE
                   : rule.smtp_tls == "try" ? CURLUSESSL_TRY
                                            : CURLUSESSL_ALL;
  curl_easy_setopt(e.h, CURLOPT_USE_SSL, ssl);
  if (!rule.smtp_user.empty()) {
    curl_easy_setopt(e.h, CURLOPT_USERNAME, rule.smtp_user.c_str());
    curl_easy_setopt(e.h, CURLOPT_PASSWORD, rule.smtp_password.c_str());
  }
  curl_easy_setopt(e.h, CURLOPT_MAIL_FROM, ("<" + rule.email_from + ">").c_str());
  curl_easy_setopt(e.h, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(e.h, CURLOPT_READFUNCTION, read_body);
  curl_easy_setopt(e.h, CURLOPT_READDATA, &up);
  curl_easy_setopt(e.h, CURLOPT_UPLOAD, 1L);
  const CURLcode rc = curl_easy_perform(e.h);
  curl_slist_free_all(rcpt);
  curl_easy_getinfo(e.h, CURLINFO_RESPONSE_CODE, &out.status);
  if (rc == CURLE_OK) {
    out.ok = true;
    return out;
  }
  // 5xx replies are permanent in SMTP; everything else (network, 4xx) is tried again.
  out.retry = !(out.status >= 500 && out.status < 600);
  out.error = fmt::format("{}: {} (reply {})", rule.url, curl_easy_strerror(rc), out.status);
  return out;
}

}  // namespace

SendResult send(const Rule& rule, const Message& message, std::chrono::milliseconds timeout) {
  global_init();
  const std::string host = url_host(rule.url);
  if (!host_allowed(host, allowed_hosts_from_env())) {
    SendResult out;
    out.error =
        fmt::format("{}: host '{}' is not in the allowed destination hosts", rule.url, host);
    return out;
  }
  if (rule.destination == Destination::kEmail) return smtp_send(rule, message, timeout);
  return http_post(rule, message, timeout);
}

}  // namespace bulwark::notify
