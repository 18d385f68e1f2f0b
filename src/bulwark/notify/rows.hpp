// Internal to the store implementations: the row mappers of the notify tables, written once for
// both backends. `Row` is a SQLite statement positioned on a row (vulndb::detail::Statement) or a
// PostgreSQL row (pg::Rows::Row); both read columns with text(i), integer(i) and boolean(i).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/words.hpp"
#include "bulwark/notify/model.hpp"
#include "bulwark/notify/store.hpp"

namespace bulwark::notify::detail {

// The SELECT lists the mappers below read (valid SQL on both backends).
constexpr std::string_view kRuleCols =
    "SELECT id, name, destination, url, secret, email_to, email_from, smtp_user, smtp_password, "
    "smtp_tls, events, products, min_priority, min_severity, mode, digest_hour, deadline_hours, "
    "support_days, enabled, created_at FROM notify_rule ";

constexpr std::string_view kDeliveryCols =
    "SELECT d.id, d.rule_id, d.state, d.attempts, d.lease_version, d.next_at, d.lease_until, "
    "d.last_error, d.delivered_at, d.created_at, e.id, e.kind, e.product, e.release, e.priority, "
    "e.severity, e.subject, e.data, e.created_at FROM notify_delivery d JOIN notify_event e ON "
    "e.id = d.event_id ";

// Whether one of `rules` takes the event (notify::matches). The outbox keeps only such events:
// a notification goes to the rules in force when its change commits, so a change no enabled
// rule subscribes to (a release's first match: one event per finding, tens of thousands) writes
// nothing for them.
inline bool taken(const std::vector<Rule>& rules, const Event& e) {
  for (const Rule& r : rules)
    if (matches(r, e)) return true;
  return false;
}

// Whether `rule` (enabled) may take a finding event of `product`: a finding kind among its
// events (or no event filter) and the product among its products (or no product filter).
inline bool may_take_finding_events(const Rule& rule, std::string_view product) {
  const bool kind = rule.events.empty() ||
                    std::any_of(rule.events.begin(), rule.events.end(),
                                [](const std::string& e) { return e.starts_with("finding."); });
  const bool prod = rule.products.empty() || std::find(rule.products.begin(), rule.products.end(),
                                                       product) != rule.products.end();
  return rule.enabled && kind && prod;
}

template <class Row>
Rule read_rule(const Row& r) {
  Rule out;
  out.id = r.integer(0);
  out.name = r.text(1);
  out.destination = parse_destination(r.text(2)).value_or(Destination::kWebhook);
  out.url = r.text(3);
  out.secret = r.text(4);
  out.email_to = r.text(5);
  out.email_from = r.text(6);
  out.smtp_user = r.text(7);
  out.smtp_password = r.text(8);
  out.smtp_tls = r.text(9);
  out.events = split_nonempty(r.text(10), ' ');
  out.products = split_nonempty(r.text(11), '\n');
  out.min_priority = r.text(12);
  out.min_severity = r.text(13);
  out.mode = r.text(14);
  out.digest_hour = static_cast<int>(r.integer(15));
  out.deadline_hours = static_cast<int>(r.integer(16));
  out.support_days = static_cast<int>(r.integer(17));
  out.enabled = r.boolean(18);
  out.created_at = r.text(19);
  return out;
}

// The event's nine columns from `first` on: id, kind, product, release, priority, severity,
// subject, data, created_at.
template <class Row>
Event read_event(const Row& r, int first = 0) {
  Event e;
  e.id = r.text(first);
  e.kind = r.text(first + 1);
  e.product = r.text(first + 2);
  e.release = r.text(first + 3);
  e.priority = r.text(first + 4);
  e.severity = r.text(first + 5);
  e.subject = r.text(first + 6);
  e.data = r.text(first + 7);
  e.created_at = r.text(first + 8);
  return e;
}

// id, rule_id, state, attempts, lease_version, next_at, lease_until, last_error, delivered_at,
// created_at, then the event's columns.
template <class Row>
Delivery read_delivery(const Row& r) {
  Delivery d;
  d.id = r.integer(0);
  d.rule_id = r.integer(1);
  d.state = r.text(2);
  d.attempts = static_cast<int>(r.integer(3));
  d.lease_version = r.integer(4);
  d.next_at = r.text(5);
  d.lease_until = r.text(6);
  d.last_error = r.text(7);
  d.delivered_at = r.text(8);
  d.created_at = r.text(9);
  d.event = read_event(r, 10);
  return d;
}

}  // namespace bulwark::notify::detail
