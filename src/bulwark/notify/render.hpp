// What a destination receives: the webhook JSON document (signed with HMAC-SHA256), Slack- and
// Teams-style incoming-webhook JSON, and an RFC 5322 email. One event renders as one
// notification (its id is the event's id); several events render as one digest (its id given by
// the caller, stable across redeliveries). Pure functions; OpenSSL stays in render.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/notify/model.hpp"

namespace bulwark::notify {

struct Message {
  std::string id;            // the notification id (X-Bulwark-Notification-Id, Message-ID)
  std::string content_type;  // "application/json" or "text/plain; charset=utf-8"
  std::string subject;       // one line (email subject, chat title)
  std::string body;          // the request body, or the whole email with its headers
};

// `events` non-empty; one event: its own notification; more: a digest with `digest_id`.
Message render(const Rule& rule, const std::vector<Event>& events, std::string_view digest_id,
               std::string_view now);

// Lower-case hex HMAC-SHA256 of `body` under `key`; the header value is "sha256=" + this.
std::string hmac_sha256_hex(std::string_view key, std::string_view body);
// Whether `header` ("sha256=<hex>") is the signature of body under key (constant-time compare).
bool verify_signature(std::string_view key, std::string_view body, std::string_view header);

// "Mon, 07 Dec 2026 01:30:00 +0000" for an RFC 3339 UTC time ("" when it does not parse).
std::string rfc5322_date(std::string_view rfc3339);

}  // namespace bulwark::notify
