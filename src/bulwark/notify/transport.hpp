// Sending one rendered notification to its destination with libcurl: webhooks (and Slack/Teams
// incoming webhooks) as an HTTP POST with the signature header, no redirects, http(s) only and a
// timeout; email over SMTP (smtp:// with STARTTLS required, tried or off per rule; smtps://).
// The destination host is checked against the allow-list again at send time.
#pragma once

#include <chrono>
#include <string>

#include "bulwark/notify/model.hpp"
#include "bulwark/notify/render.hpp"

namespace bulwark::notify {

struct SendResult {
  bool ok = false;
  bool retry = false;  // a network error, a timeout, 5xx, 408 or 429: try again later
  long status = 0;     // HTTP status or SMTP reply code (0 when none)
  std::string error;   // what went wrong, for the delivery's last_error
};

SendResult send(const Rule& rule, const Message& message, std::chrono::milliseconds timeout);

}  // namespace bulwark::notify
