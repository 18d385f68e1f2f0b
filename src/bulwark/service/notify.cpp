// Notification use cases (see notify.hpp).
#include "bulwark/service/notify.hpp"
#include "bulwark/core/digest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "bulwark/core/text.hpp"
#include "bulwark/core/uuid.hpp"
#include "bulwark/notify/render.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/cra_cases.hpp"
#include "bulwark/service/cra_product.hpp"

namespace bulwark::service {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// The largest window among enabled rules taking `kind` (fallback when none does).
int widest(const std::vector<notify::Rule>& rules, std::string_view kind, int fallback,
           int notify::Rule::*field) {
  int best = 0;
  for (const auto& r : rules) {
    if (!r.enabled) continue;
    if (!r.events.empty() && std::find(r.events.begin(), r.events.end(), kind) == r.events.end())
      continue;
    best = std::max(best, r.*field);
  }
  return best > 0 ? best : fallback;
}

}  // namespace

Result<notify::Rule> add_notification_rule(notify::Store& store, notify::Rule rule,
                                           const Clock& clock) {
  if (auto v = notify::validate(rule); !v) return std::unexpected(v.error());
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  rule.created_at = *now;
  return store.add_rule(rule);
}

Result<std::vector<notify::Rule>> list_notification_rules(notify::Store& store) {
  return store.rules();
}

Result<void> remove_notification_rule(notify::Store& store, std::int64_t id) {
  return store.remove_rule(id);
}

Result<notify::SendResult> test_notification_rule(notify::Store& store, std::int64_t id,
                                                  const Clock& clock) {
  auto rule = store.rule(id);
  if (!rule) return std::unexpected(rule.error());
  if (!*rule) return not_found(fmt::format("notification rule {} does not exist", id));
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  notify::Event e;
  e.id = random_uuid4();
  e.kind = std::string(notify::kTest);
  e.subject = fmt::format("test notification for rule {}", id);
  e.created_at = *now;
  e.data = dump(json{{"rule", id}});
  const auto message = notify::render(**rule, {e}, "", *now);
  return notify::send(**rule, message, DeliveryOptions{}.timeout);
}

std::vector<notify::Event> finding_events(const std::string& product, const std::string& release,
                                          const std::vector<FindingChange>& changes,
                                          const std::string& now) {
  std::vector<notify::Event> out;
  out.reserve(changes.size());
  // A release's first match makes one event per finding (tens of thousands): the data object is
  // written directly, members in name order (as a JSON object dumps).
  auto member = [](std::string& d, std::string_view name, std::string_view value) {
    d += ",\"";  // after "aliases", the first member
    d += name;
    d += "\":";
    append_json_string(d, value);
  };
  for (const FindingChange& c : changes) {
    const auto& f = c.finding;
    auto make = [&](std::string_view kind) {
      notify::Event e;
      e.id = uuid7();
      e.kind = std::string(kind);
      e.product = product;
      e.release = release;
      e.priority = f.priority;
      e.severity = f.severity;
      e.created_at = now;
      e.subject = fmt::format("{} in {} ({} {})", f.vuln_id, f.component_label, product, release);
      std::string& d = e.data;
      d.clear();
      d.reserve(256);
      d += "{\"aliases\":[";
      for (std::size_t i = 0; i < f.aliases.size(); ++i) {
        if (i) d += ',';
        append_json_string(d, f.aliases[i]);
      }
      d += ']';
      member(d, "change", c.kind);
      member(d, "component", f.component_label);
      member(d, "detail", c.detail);
      if (f.id != 0) fmt::format_to(std::back_inserter(d), ",\"finding_id\":{}", f.id);
      member(d, "first_seen", f.first_seen);
      d += f.kev ? ",\"kev\":true" : ",\"kev\":false";
      member(d, "purl", f.purl);
      if (!f.resolved_at.empty()) member(d, "resolved_at", f.resolved_at);
      member(d, "vulnerability", f.vuln_id);
      d += '}';
      out.push_back(std::move(e));
    };
    if (c.kind == "new") {
      make(notify::kFindingNew);
      if (f.kev) make(notify::kFindingKev);
    } else if (c.kind == "resolved") {
      make(notify::kFindingResolved);
    } else {  // changed, reopened
      make(notify::kFindingChanged);
      const bool kev_now = c.detail.find("now listed in CISA KEV") != std::string::npos;
      if (f.kev && (kev_now || c.kind == "reopened")) make(notify::kFindingKev);
    }
  }
  return out;
}

Result<void> notify_upload_failed(notify::Store& store, const std::string& job_token,
                                  const std::string& payload, const std::string& error,
                                  const Clock& clock) {
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  std::string payload_product, payload_version;
  const json p = json::parse(payload, nullptr, false);
  if (p.is_object()) {
    if (p.contains("product") && p["product"].is_string()) payload_product = p["product"];
    if (p.contains("version") && p["version"].is_string()) payload_version = p["version"];
  }
  notify::Event e;
  e.id = derived_uuid("sbom.failed|" + job_token);
  e.kind = std::string(notify::kSbomFailed);
  e.product = payload_product;
  e.release = payload_version;
  e.created_at = *now;
  e.subject = fmt::format("SBOM processing failed for {} {}: {}", payload_product, payload_version,
                          error.substr(0, 200));
  e.data = dump(json{{"job", job_token}, {"error", error.substr(0, 2000)}});
  auto r = store.add_event(e);
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<std::size_t> check_clocks(portfolio::Store& portfolio, portfolio::CraStore& cra,
                                 notify::Store& store, const Clock& clock) {
  auto rules = store.rules();
  if (!rules) return std::unexpected(rules.error());
  if (rules->empty()) return std::size_t{0};  // nobody listens: nothing to record
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  const std::string now_text = format_rfc3339(*now);
  std::size_t added = 0;
  auto add = [&](notify::Event e) -> Result<void> {
    e.created_at = now_text;
    auto r = store.add_event(e);
    if (!r) return std::unexpected(r.error());
    added += *r ? 1 : 0;
    return {};
  };

  const int hours = widest(*rules, notify::kCaseDeadline, 24, &notify::Rule::deadline_hours);
  auto d = deadlines(portfolio, cra, "", clock);
  if (!d) return std::unexpected(d.error());
  for (const DeadlineRow& row : d->rows) {
    if (!row.clock.due) continue;
    const auto& c = d->case_of(row);
    const auto state = row.clock.state;
    const bool overdue = state == cra::StageState::kOverdue;
    const bool soon = !overdue &&
                      (state == cra::StageState::kDueSoon || state == cra::StageState::kNotDue) &&
                      *row.clock.due - *now <= std::chrono::hours(hours);
    if (!overdue && !soon) continue;
    const std::string due = format_rfc3339(*row.clock.due);
    const std::string what = overdue ? "overdue" : "due soon";
    notify::Event e;
    e.id = derived_uuid(fmt::format("case.deadline|{}|{}|{}|{}", c.id, row.clock.id,
                                    overdue ? "overdue" : "due", due));
    e.kind = std::string(notify::kCaseDeadline);
    e.product = c.product;
    e.release = join(c.releases, " ");
    e.subject = fmt::format("Article 14 {} of case {} {} (due {})", cra::to_string(row.clock.stage),
                            c.id, what, due);
    e.data = dump(json{{"case", c.id},
                       {"stage", std::string(cra::to_string(row.clock.stage))},
                       {"stage_id", std::string(row.clock.id)},
                       {"due", due},
                       {"state", overdue ? "overdue" : "due_soon"},
                       {"subject", case_subject(c)}});
    if (auto r = add(std::move(e)); !r) return std::unexpected(r.error());
  }

  const int days = widest(*rules, notify::kSupportEnding, 30, &notify::Rule::support_days);
  auto s = support_report(portfolio, "", clock);
  if (!s) return std::unexpected(s.error());
  for (const SupportRow& row : s->rows) {
    if (row.period.end - *now > std::chrono::days(days)) continue;
    const std::string end = format_date(row.period.end);
    const bool ended = row.period.end <= *now;
    notify::Event e;
    e.id =
        derived_uuid(fmt::format("support.ending|{}|{}|{}", row.product, row.release.version, end));
    e.kind = std::string(notify::kSupportEnding);
    e.product = row.product;
    e.release = row.release.version;
    e.subject = fmt::format("support of {} {} {} {}", row.product, row.release.version,
                            ended ? "ended on" : "ends on", end);
    e.data = dump(json{{"support_end", end}, {"ended", ended}});
    if (auto r = add(std::move(e)); !r) return std::unexpected(r.error());
  }
  return added;
}

Result<DeliveryStats> deliver_notifications(notify::Store& store, const Clock& clock,
                                            const DeliveryOptions& options) {
  DeliveryStats stats;
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  auto fanned = store.fan_out(*now, 1000);
  if (!fanned) return std::unexpected(fanned.error());
  stats.fanned_out = *fanned;
  auto claimed = store.claim(*now, options.lease_seconds, options.batch);
  if (!claimed) return std::unexpected(claimed.error());
  if (claimed->empty()) return stats;
  auto rules = store.rules();
  if (!rules) return std::unexpected(rules.error());
  std::map<std::int64_t, const notify::Rule*> by_id;
  for (const auto& r : *rules) by_id[r.id] = &r;

  // Messages: one per delivery for immediate rules, one per rule for digest rules.
  struct Batch {
    const notify::Rule* rule;
    std::vector<const notify::Delivery*> deliveries;
  };
  std::vector<Batch> batches;
  std::map<std::int64_t, std::size_t> digest_batch;
  for (const auto& d : *claimed) {
    auto it = by_id.find(d.rule_id);
    if (it == by_id.end()) continue;  // the rule was removed meanwhile (its rows go with it)
    if (it->second->mode == "digest") {
      auto [pos, fresh] = digest_batch.emplace(d.rule_id, batches.size());
      if (fresh) batches.push_back({it->second, {}});
      batches[pos->second].deliveries.push_back(&d);
    } else {
      batches.push_back({it->second, {&d}});
    }
  }
  for (const Batch& b : batches) {
    std::vector<notify::Event> events;
    std::vector<std::string> ids;
    for (const auto* d : b.deliveries) {
      events.push_back(d->event);
      ids.push_back(std::to_string(d->id));
    }
    // A digest's id follows from its deliveries, so a redelivered digest keeps it.
    const std::string digest_id =
        derived_uuid(fmt::format("digest|{}|{}", b.rule->id, join(ids, ",")));
    const auto message = notify::render(*b.rule, events, digest_id, *now);
    const auto sent = notify::send(*b.rule, message, options.timeout);
    ++stats.sent;
    auto end = clock.now();
    if (!end) return std::unexpected(end.error());
    for (const auto* d : b.deliveries) {
      Result<void> r;
      if (sent.ok) {
        r = store.delivered(d->id, d->lease_version, format_rfc3339(*end));
        if (r) ++stats.delivered;
      } else {
        const auto next = *end + std::chrono::milliseconds(notify::backoff_ms(d->attempts));
        const bool last = !sent.retry || d->attempts >= options.max_attempts;
        r = store.retry(d->id, d->lease_version, sent.error, format_rfc3339(next),
                        sent.retry ? options.max_attempts : 0);
        if (r) ++(last ? stats.failed : stats.retried);
      }
      // A lost lease: another worker took the delivery over and reports it.
      if (!r && r.error().code != ErrorCode::kPrecondition) return std::unexpected(r.error());
    }
  }
  return stats;
}

}  // namespace bulwark::service
