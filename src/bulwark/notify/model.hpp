// Notifications (issue 12, part 2), the pure part: rules (destination, event filter, product and
// minimum priority / severity filters, immediate or daily digest), events (what happened, with a
// UUID receivers use to drop duplicates), which rule takes which event, the rule document of the
// API (parsed from untrusted JSON with errors naming the field), and the destination host
// allow-list. Rendering and signatures: render.hpp; storage (rules, events, the delivery outbox):
// store.hpp; delivery (libcurl): transport.hpp; use cases: service/notify.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::notify {

// Event kinds, as rules and payloads name them.
inline constexpr std::string_view kFindingNew = "finding.new";
inline constexpr std::string_view kFindingChanged = "finding.changed";
inline constexpr std::string_view kFindingResolved = "finding.resolved";
inline constexpr std::string_view kFindingKev = "finding.kev";  // a KEV listing on an open finding
inline constexpr std::string_view kCaseDeadline = "case.deadline";  // Article 14 due soon / overdue
inline constexpr std::string_view kSupportEnding = "support.ending";
inline constexpr std::string_view kSbomFailed = "sbom.failed";
inline constexpr std::string_view kTest = "test";    // `notify test`: sent to one rule only
const std::vector<std::string_view>& event_kinds();  // every kind above but "test"
bool is_event_kind(std::string_view kind);

// Something that happened, written to the outbox (in the transaction of the change for findings).
struct Event {
  std::string id;                // lower-case UUID: the notification id receivers deduplicate on
  std::string kind;              // one of the kinds above
  std::string product, release;  // names ("" when not about one)
  std::string priority;          // "P0".."P4" for findings, "" otherwise
  std::string severity;          // critical|high|medium|low|none|unknown, "" otherwise
  std::string subject;           // one line: "CVE-2024-1 in openssl@3.0.1 (acme-router 1.2)"
  std::string data = "{}";       // JSON object: the kind's details (finding, case, release...)
  std::string created_at;        // RFC 3339 UTC
};

enum class Destination { kWebhook, kEmail, kSlack, kTeams };
std::string_view destination_name(Destination d);  // "webhook", "email", "slack", "teams"
std::optional<Destination> parse_destination(std::string_view name);

struct Rule {
  std::int64_t id = 0;
  std::string name;  // free text, shown in lists
  Destination destination = Destination::kWebhook;
  std::string url;     // webhook/slack/teams: http(s) URL; email: smtp:// or smtps:// server URL
  std::string secret;  // webhook: the HMAC-SHA256 key of X-Bulwark-Signature ("" = unsigned)
  std::string email_to, email_from;  // email only
  std::string smtp_user, smtp_password;
  std::string smtp_tls = "all";       // email: "all" (STARTTLS required), "try", "none"
  std::vector<std::string> events;    // empty: every event
  std::vector<std::string> products;  // empty: every product
  std::string min_priority;           // "" or P0..P4: findings at this priority or more urgent
  std::string min_severity;           // "" or critical|high|medium|low
  std::string mode = "immediate";     // "immediate" or "digest" (one message a day)
  int digest_hour = 8;                // UTC hour the daily digest is sent (digest mode)
  int deadline_hours = 24;            // case.deadline: due within this many hours (or overdue)
  int support_days = 30;              // support.ending: support ends within this many days
  bool enabled = true;
  std::string created_at;
};

// Checks and normalises a rule (lower-cases kinds, severities and the mode, upper-cases
// priorities); kInvalidInput naming the field ("url: ...", "events: ...").
Result<void> validate(Rule& rule);

// Whether the rule takes the event: enabled, the kind among its events (or no event filter),
// the event's product among its products (or no product filter), and for findings the minimum
// priority and severity. "test" events match every rule.
bool matches(const Rule& rule, const Event& event);

// "P0" -> 0 ... "P4" -> 4; nullopt for anything else.
std::optional<int> priority_rank(std::string_view p);
// "critical" -> 0, "high" -> 1, "medium" -> 2, "low" -> 3, "none"/"unknown" -> 4; nullopt else.
std::optional<int> severity_rank(std::string_view s);

// The rule document of the API (untrusted): {"destination", "url", "secret", "email_to",
// "email_from", "smtp_user", "smtp_password", "smtp_tls", "events", "products", "min_priority",
// "min_severity", "mode", "digest_hour", "deadline_hours", "support_days", "name", "enabled"}.
// Unknown members, wrong types and invalid values are kInvalidInput naming the member; the
// result is validated. At most 64 KiB and 256 items per list.
Result<Rule> rule_from_json(std::string_view text);
// A rule as JSON for lists (secrets and the SMTP password replaced by "set" flags).
std::string rule_json(const Rule& rule);

// The host of an http(s)/smtp(s) URL, lower-cased, without brackets or port ("" if none).
std::string url_host(std::string_view url);
// Whether `host` is allowed by the comma-separated allow-list: an entry "example.com" allows
// that host, "*.example.com" any host under it; an empty list allows every host.
bool host_allowed(std::string_view host, std::string_view allow_list);
// The allow-list in force: BULWARK_NOTIFY_ALLOWED_HOSTS ("" when unset).
std::string allowed_hosts_from_env();

}  // namespace bulwark::notify
