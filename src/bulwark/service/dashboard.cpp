#include "bulwark/service/dashboard.hpp"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "bulwark/accounts/store.hpp"
#include "bulwark/cra/clock.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/risk/policy.hpp"
#include "bulwark/service/cra_cases.hpp"
#include "bulwark/service/risk_policy.hpp"

namespace bulwark::service {
namespace {

constexpr const char* kPriorities[] = {"P0", "P1", "P2", "P3", "P4"};

FindingCounts zero_counts() {
  FindingCounts c;
  for (const char* p : kPriorities) c.by_priority[p] = 0;
  return c;
}

void add(FindingCounts& to, const FindingCounts& from) {
  to.open += from.open;
  to.kev += from.kev;
  to.overdue += from.overdue;
  for (const auto& [k, n] : from.by_priority) to.by_priority[k] += n;
}

bool earlier(const NextDeadline& a, const std::optional<NextDeadline>& b) {
  return !b || a.due < b->due;  // RFC 3339 UTC strings order as times
}

}  // namespace

Result<Overview> overview(portfolio::Store& store, portfolio::CraStore& cra,
                          accounts::AccountStore& accounts, const Principal& who,
                          const OverviewRequest& request, const Clock& clock,
                          portfolio::RiskStore* risk) {
  if (request.weeks < 1 || request.weeks > 104)
    return invalid_input("weeks: a number from 1 to 104 is required");
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  Overview o;
  o.at = format_rfc3339(*now);
  o.findings = zero_counts();
  const std::string today = format_date(*now);
  using std::chrono::days;
  // Week buckets ending now (inclusive: times are whole seconds, so the last bucket ends one
  // second after now): bucket i covers [start_i, start_i + 7 days). The store counts findings by
  // the buckets of their first-seen and resolution times, and the overdue ones by a first-seen
  // date before today minus the priority's days (the fix-by date before today).
  const auto horizon = *now + std::chrono::seconds(1);
  const auto first_start = horizon - days(7) * request.weeks;
  for (int i = 0; i < request.weeks; ++i)
    o.trend.push_back({format_date(first_start + days(7) * i), 0, 0, 0});
  portfolio::AggregateQuery aq;
  // Stored times are whole seconds: t < start exactly when t < start rounded up.
  aq.trend_start = std::chrono::ceil<std::chrono::seconds>(first_start.time_since_epoch()).count();
  aq.weeks = request.weeks;
  std::int64_t fix_seconds = 0;

  auto products = store.products();
  if (!products) return std::unexpected(products.error());
  bool found = request.product.empty();
  for (const auto& p : *products) {
    if (!who.sees(p.id)) continue;
    if (!request.product.empty() && p.name != request.product) continue;
    found = true;
    auto policy = product_policy(risk, p);
    if (!policy) return std::unexpected(policy.error());
    const risk::Policy& days_of = *policy ? **policy : risk::default_policy();
    for (int i = 0; i < 5; ++i) {
      auto cut = risk::add_days(today, -days_of.days[i]);
      if (!cut) return std::unexpected(cut.error());
      aq.overdue_before[kPriorities[i]] = *cut;
    }
    ProductOverview po;
    po.name = p.name;
    po.cra_class = p.cra_class;
    po.findings = zero_counts();
    auto rels = store.releases(p.id);
    if (!rels) return std::unexpected(rels.error());
    for (const auto& r : *rels) {
      auto archived = accounts.archived(r.id);
      if (!archived) return std::unexpected(archived.error());
      if (*archived) continue;
      ReleaseOverview ro{r.version, r.released_at, r.support_end, r.components, zero_counts()};
      aq.release_id = r.id;
      auto agg = store.aggregate_findings(aq);
      if (!agg) return std::unexpected(agg.error());
      aq.release_id = 0;
      ro.findings.open = agg->open;
      ro.findings.kev = agg->kev;
      ro.findings.overdue = agg->overdue;
      for (const auto& [k, n] : agg->by_priority) ro.findings.by_priority[k] += n;
      // Week b of first seen / resolution: opened in b, resolved in b, open at the end of week i
      // when first seen by then (b <= i) and not resolved by then (resolved in a later bucket).
      for (const auto& c : agg->lifetimes) {
        if (c.first_seen >= 0 && c.first_seen < request.weeks)
          o.trend[c.first_seen].opened += c.count;
        if (c.resolved && *c.resolved >= 0 && *c.resolved < request.weeks)
          o.trend[*c.resolved].resolved += c.count;
        for (int i = std::max(c.first_seen, 0); i < request.weeks; ++i)
          if (!c.resolved || *c.resolved > i) o.trend[i].open += c.count;
      }
      o.resolved_findings += agg->resolved_findings;
      fix_seconds += agg->fix_seconds;
      add(po.findings, ro.findings);
      po.releases.push_back(std::move(ro));
    }
    if (request.include_cases) {
      auto d = deadlines(store, cra, p.name, clock);
      if (!d) return std::unexpected(d.error());
      po.open_cases = d->cases.size();
      for (const auto& row : d->rows) {
        if (!row.clock.due || row.clock.state == cra::StageState::kSubmitted ||
            row.clock.state == cra::StageState::kSubmittedLate)
          continue;
        NextDeadline n{d->case_of(row).id, p.name, std::string(cra::to_string(row.clock.stage)),
                       std::string(cra::to_string(row.clock.state)),
                       format_rfc3339(*row.clock.due)};
        if (earlier(n, po.next_deadline)) po.next_deadline = n;
      }
    }
    add(o.findings, po.findings);
    o.releases += po.releases.size();
    o.open_cases += po.open_cases;
    if (po.next_deadline && earlier(*po.next_deadline, o.next_deadline))
      o.next_deadline = po.next_deadline;
    o.products.push_back(std::move(po));
  }
  if (!found) return not_found("product: '" + request.product + "' does not exist");
  if (o.resolved_findings)
    o.mean_time_to_fix_days =
        static_cast<double>(fix_seconds) / 86400.0 / static_cast<double>(o.resolved_findings);
  return o;
}

namespace {

nlohmann::ordered_json counts_json(const FindingCounts& c) {
  nlohmann::ordered_json by = nlohmann::ordered_json::object();
  for (const auto& [k, n] : c.by_priority) by[k] = n;
  return {{"open", c.open}, {"kev", c.kev}, {"overdue", c.overdue}, {"by_priority", by}};
}

nlohmann::ordered_json deadline_json(const std::optional<NextDeadline>& d) {
  if (!d) return nullptr;
  return {{"case", d->case_id},
          {"product", d->product},
          {"stage", d->stage},
          {"state", d->state},
          {"due", d->due}};
}

}  // namespace

std::string overview_json(const Overview& o) {
  using nlohmann::ordered_json;
  ordered_json products = ordered_json::array();
  for (const auto& p : o.products) {
    ordered_json rels = ordered_json::array();
    for (const auto& r : p.releases)
      rels.push_back({{"version", r.version},
                      {"released_at", r.released_at},
                      {"support_end", r.support_end},
                      {"components", r.components},
                      {"findings", counts_json(r.findings)}});
    products.push_back({{"name", p.name},
                        {"cra_class", p.cra_class},
                        {"findings", counts_json(p.findings)},
                        {"open_cases", p.open_cases},
                        {"next_deadline", deadline_json(p.next_deadline)},
                        {"releases", rels}});
  }
  ordered_json trend = ordered_json::array();
  for (const auto& w : o.trend)
    trend.push_back({{"week_start", w.week_start},
                     {"open", w.open},
                     {"new", w.opened},
                     {"resolved", w.resolved}});
  ordered_json j = {
      {"at", o.at},
      {"products", o.products.size()},
      {"releases", o.releases},
      {"findings", counts_json(o.findings)},
      {"open_cases", o.open_cases},
      {"next_deadline", deadline_json(o.next_deadline)},
      {"trend", trend},
      {"resolved_findings", o.resolved_findings},
      {"mean_time_to_fix_days",
       o.mean_time_to_fix_days ? ordered_json(*o.mean_time_to_fix_days) : ordered_json(nullptr)},
      {"by_product", products}};
  return j.dump();
}

}  // namespace bulwark::service
