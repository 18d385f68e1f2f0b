// Rendering of notifications per destination and their HMAC signature (see render.hpp).
#include "bulwark/notify/render.hpp"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/digest.hpp"

namespace bulwark::notify {
namespace {

using nlohmann::ordered_json;

// Untrusted text (component names come from SBOMs) in a header or a one-line field: control
// characters become spaces, the length is bounded.
std::string one_line(std::string_view s, std::size_t max = 400) {
  std::string out;
  for (char c : s.substr(0, max))
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  return out;
}

ordered_json event_json(const Event& e) {
  ordered_json j;
  j["id"] = e.id;
  j["kind"] = e.kind;
  j["created_at"] = e.created_at;
  j["product"] = e.product;
  j["release"] = e.release;
  j["priority"] = e.priority;
  j["severity"] = e.severity;
  j["subject"] = e.subject;
  auto data = ordered_json::parse(e.data, nullptr, false);
  j["data"] = data.is_discarded() ? ordered_json::object() : data;
  return j;
}

std::string title_of(const std::vector<Event>& events) {
  if (events.size() == 1) return one_line("[Bulwark] " + events[0].kind + ": " + events[0].subject);
  return fmt::format("[Bulwark] daily digest: {} notifications", events.size());
}

std::string text_lines(const std::vector<Event>& events, bool markdown) {
  std::string out;
  for (const auto& e : events) {
    std::string line = markdown ? fmt::format("*{}* {}", e.kind, one_line(e.subject))
                                : fmt::format("{}  {}", e.kind, one_line(e.subject));
    if (!e.priority.empty()) line += fmt::format(" ({} {})", e.priority, e.severity);
    out += (markdown ? "• " : "- ") + line + "\n";
  }
  return out;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
  return to_hex(mac, len);
}

bool verify_signature(std::string_view key, std::string_view body, std::string_view header) {
  if (!header.starts_with("sha256=")) return false;
  const std::string want = hmac_sha256_hex(key, body);
  const std::string_view got = header.substr(7);
  return got.size() == want.size() && CRYPTO_memcmp(got.data(), want.data(), want.size()) == 0;
}

std::string rfc5322_date(std::string_view rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  if (!t) return "";
  const auto days = std::chrono::floor<std::chrono::days>(*t);
  const std::chrono::year_month_day ymd(days);
  const std::chrono::weekday wd(days);
  const auto secs = std::chrono::floor<std::chrono::seconds>(*t - days).count();
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000", kDays[wd.c_encoding()],
                     static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                     secs / 3600, secs / 60 % 60, secs % 60);
}

Message render(const Rule& rule, const std::vector<Event>& events, std::string_view digest_id,
               std::string_view now) {
  Message m;
  const bool single = events.size() == 1;
  m.id = single ? events[0].id : std::string(digest_id);
  m.subject = title_of(events);
  switch (rule.destination) {
    case Destination::kWebhook: {
      ordered_json j;
      if (single) {
        j = event_json(events[0]);
      } else {
        j["id"] = m.id;
        j["kind"] = "digest";
        j["created_at"] = std::string(now);
        j["events"] = ordered_json::array();
        for (const auto& e : events) j["events"].push_back(event_json(e));
      }
      m.content_type = "application/json";
      m.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      break;
    }
    case Destination::kSlack: {
      ordered_json j;
      j["text"] = m.subject + "\n" + text_lines(events, true);
      m.content_type = "application/json";
      m.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      break;
    }
    case Destination::kTeams: {
      ordered_json j;
      j["@type"] = "MessageCard";
      j["@context"] = "https://schema.org/extensions";
      j["summary"] = m.subject;
      j["title"] = m.subject;
      std::string text = text_lines(events, false);
      j["text"] = text;
      m.content_type = "application/json";
      m.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      break;
    }
    case Destination::kEmail: {
      m.content_type = "text/plain; charset=utf-8";
      std::string body;
      body += "From: " + one_line(rule.email_from) + "\r\n";
      body += "To: " + one_line(rule.email_to) + "\r\n";
      body += "Subject: " + one_line(m.subject, 200) + "\r\n";
      body += "Date: " + rfc5322_date(now) + "\r\n";
      body += "Message-ID: <" + m.id + "@bulwark>\r\n";
      body += "X-Bulwark-Notification-Id: " + m.id + "\r\n";
      body += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n";
      body += "Content-Transfer-Encoding: 8bit\r\n\r\n";
      for (const auto& e : events) {
        body += one_line(e.kind + ": " + e.subject) + "\r\n";
        if (!e.product.empty())
          body += one_line("  product: " + e.product + (e.release.empty() ? "" : " " + e.release)) +
                  "\r\n";
        if (!e.priority.empty())
          body += one_line("  priority: " + e.priority + ", severity: " + e.severity) + "\r\n";
        body += "  id: " + e.id + "  at: " + e.created_at + "\r\n\r\n";
      }
      m.body = std::move(body);
      break;
    }
  }
  return m;
}

}  // namespace bulwark::notify
