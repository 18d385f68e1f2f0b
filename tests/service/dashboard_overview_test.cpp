// The portfolio overview (issue 12) answered from the store's aggregate equals the computation it
// replaced (one pass over every finding of every release, open and resolved), on a seeded
// portfolio of several products and releases with a history of writes and resolutions; a
// product's own risk policy decides its overdue findings.
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "bulwark/accounts/store.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/risk/policy.hpp"
#include "bulwark/service/dashboard.hpp"
#include "bulwark/service/risk_policy.hpp"
#include "shared.hpp"

namespace bulwark::service {
namespace {

constexpr const char* kPriorities[] = {"P0", "P1", "P2", "P3", "P4"};

// The overview's findings figures as service/dashboard.cpp computed them before the aggregate.
struct Reference {
  std::map<std::string, FindingCounts> by_release;  // "product@version"
  FindingCounts total;
  std::vector<WeekBucket> trend;
  std::size_t resolved_findings = 0;
  double fix_days_sum = 0;
};

Reference walk(portfolio::Store& store, TimePoint now, int weeks) {
  Reference ref;
  for (const char* p : kPriorities) ref.total.by_priority[p] = 0;
  const std::string today = format_date(now);
  using std::chrono::days;
  const auto horizon = now + std::chrono::seconds(1);
  const auto first_start = horizon - days(7) * weeks;
  std::vector<TimePoint> starts;
  for (int i = 0; i < weeks; ++i) {
    starts.push_back(first_start + days(7) * i);
    ref.trend.push_back({format_date(starts.back()), 0, 0, 0});
  }
  auto bucket_of = [&](TimePoint t) -> int {
    if (t < first_start || t >= horizon) return -1;
    return static_cast<int>((t - first_start) / days(7));
  };
  auto fix_by = [](const std::string& first_seen, const std::string& priority) {
    const auto& d = risk::default_policy().days;
    int n = d[4];
    for (int i = 0; i < 5; ++i)
      if (priority == kPriorities[i]) n = d[i];
    auto r = risk::add_days(std::string_view(first_seen).substr(0, 10), n);
    return r ? *r : std::string();
  };
  const auto products = store.products().value();  // named: a range over .value() of a
  for (const auto& p : products) {                 // temporary would dangle
    const auto releases = store.releases(p.id).value();
    for (const auto& r : releases) {
      FindingCounts c;
      for (const char* pr : kPriorities) c.by_priority[pr] = 0;
      const auto findings = store.findings(r.id, true).value();
      for (const auto& f : findings) {
        auto seen = parse_rfc3339(f.first_seen);
        std::optional<TimePoint> resolved;
        if (!f.resolved_at.empty())
          if (auto t = parse_rfc3339(f.resolved_at)) resolved = *t;
        if (seen) {
          if (int b = bucket_of(*seen); b >= 0) ++ref.trend[b].opened;
          for (std::size_t i = 0; i < starts.size(); ++i) {
            const auto end = starts[i] + days(7);
            if (*seen < end && (!resolved || *resolved >= end)) ++ref.trend[i].open;
          }
        }
        if (resolved) {
          if (int b = bucket_of(*resolved); b >= 0) ++ref.trend[b].resolved;
          if (seen) {
            ++ref.resolved_findings;
            ref.fix_days_sum += std::chrono::duration<double>(*resolved - *seen).count() / 86400.0;
          }
          continue;
        }
        ++c.open;
        ++c.by_priority[f.priority.empty() ? "P4" : f.priority];
        if (f.kev) ++c.kev;
        if (auto due = fix_by(f.first_seen, f.priority); !due.empty() && due < today) ++c.overdue;
      }
      ref.total.open += c.open;
      ref.total.kev += c.kev;
      ref.total.overdue += c.overdue;
      for (const auto& [k, n] : c.by_priority) ref.total.by_priority[k] += n;
      ref.by_release[p.name + "@" + r.version] = c;
    }
  }
  return ref;
}

TEST(DashboardOverview, AggregateEqualsWalkingEveryFinding) {
  test::TempDir dir;
  const std::string db = (dir.path() / "bulwark.db").string();
  auto store = portfolio::Store::open_sqlite(db).value();
  auto cra = portfolio::CraStore::open_sqlite(db).value();
  auto accounts = accounts::AccountStore::open_sqlite(db).value();
  std::uint32_t rnd = 4242;
  auto next = [&] { return rnd = rnd * 1103515245u + 12345u, (rnd >> 8) % 100000; };
  const char* prios[] = {"P0", "P1", "P2", "P3", "P4", ""};
  const char* sevs[] = {"critical", "high", "medium", "low"};
  const auto now = parse_rfc3339("2026-12-07T04:30:17Z").value();
  int n = 0;
  for (const char* name : {"alpha", "beta"}) {
    portfolio::Product p;
    p.name = name;
    p.created_at = "2026-01-01T00:00:00Z";
    auto prod = store->add_product(p).value();
    for (const char* version : {"1.0", "2.0"}) {
      portfolio::Release r;
      r.product_id = prod.id;
      r.version = version;
      r.created_at = p.created_at;
      auto rel = store->add_release(r, "{}", "{}", {}).value();
      // Writes spread over the last 20 weeks (and one before them), some findings resolved.
      auto t = now - std::chrono::days(150) + std::chrono::seconds(next());
      std::vector<std::int64_t> open_ids;
      for (int write = 0; write < 16 && t < now; ++write) {
        portfolio::FindingsWrite w;
        const int add = 10 + static_cast<int>(next() % 40);
        for (int i = 0; i < add; ++i) {
          portfolio::StoredFinding f;
          f.component_key = "pkg:npm/c" + std::to_string(next() % 50) + "@1";
          f.component_label = f.component_key.substr(8);
          f.purl = f.component_key;
          f.identity = f.component_key.substr(0, f.component_key.size() - 2);
          f.vuln_id = "CVE-2026-" + std::to_string(++n);
          f.severity = sevs[next() % 4];
          f.priority = prios[next() % 6];
          f.kev = next() % 9 == 0;
          f.fingerprint = "fp";
          w.inserted.push_back(f);
        }
        std::vector<std::int64_t> keep;
        for (auto id : open_ids) (next() % 5 == 0 ? w.resolved : keep).push_back(id);
        open_ids = keep;
        w.digest = "d" + std::to_string(write);
        auto ids = store->write_findings(rel.id, w, format_rfc3339(t)).value();
        open_ids.insert(open_ids.end(), ids.begin(), ids.end());
        t += std::chrono::days(6) + std::chrono::seconds(next() * 3);
      }
    }
  }
  Principal admin;
  admin.actor = "test";
  admin.permissions.insert(accounts::Permission::kAdminister);
  for (int weeks : {1, 4, 12, 26, 104}) {
    FixedClock clock(now);
    OverviewRequest rq;
    rq.weeks = weeks;
    rq.include_cases = false;
    auto o = overview(*store, *cra, *accounts, admin, rq, clock);
    ASSERT_TRUE(o) << o.error().message;
    auto ref = walk(*store, now, weeks);
    EXPECT_EQ(o->findings.open, ref.total.open);
    EXPECT_EQ(o->findings.kev, ref.total.kev);
    EXPECT_EQ(o->findings.overdue, ref.total.overdue);
    EXPECT_EQ(o->findings.by_priority, ref.total.by_priority);
    EXPECT_GT(ref.total.overdue, 0u);
    EXPECT_LT(ref.total.overdue, ref.total.open);
    for (const auto& p : o->products)
      for (const auto& r : p.releases) {
        const auto& c = ref.by_release.at(p.name + "@" + r.version);
        EXPECT_EQ(r.findings.open, c.open);
        EXPECT_EQ(r.findings.kev, c.kev);
        EXPECT_EQ(r.findings.overdue, c.overdue);
        EXPECT_EQ(r.findings.by_priority, c.by_priority);
      }
    ASSERT_EQ(o->trend.size(), ref.trend.size());
    for (std::size_t i = 0; i < ref.trend.size(); ++i) {
      EXPECT_EQ(o->trend[i].week_start, ref.trend[i].week_start) << i;
      EXPECT_EQ(o->trend[i].open, ref.trend[i].open) << weeks << " weeks, week " << i;
      EXPECT_EQ(o->trend[i].opened, ref.trend[i].opened) << weeks << " weeks, week " << i;
      EXPECT_EQ(o->trend[i].resolved, ref.trend[i].resolved) << weeks << " weeks, week " << i;
    }
    EXPECT_EQ(o->resolved_findings, ref.resolved_findings);
    ASSERT_TRUE(o->mean_time_to_fix_days);
    // The store sums whole seconds exactly; the walk summed days as doubles: equal up to rounding.
    EXPECT_NEAR(*o->mean_time_to_fix_days, ref.fix_days_sum / ref.resolved_findings, 1e-9);
  }
  // A product's own risk policy decides its fix-by dates: with 36,500 days for every priority
  // nothing of beta is overdue; alpha keeps the default policy's figures.
  auto risk = portfolio::RiskStore::open_sqlite(db).value();
  FixedClock clock(now);
  OverviewRequest rq;
  rq.weeks = 4;
  rq.include_cases = false;
  auto before = overview(*store, *cra, *accounts, admin, rq, clock, risk.get()).value();
  auto set = set_product_policy(
      *store, *risk,
      {"beta", "deadlines: {P0: 36500, P1: 36500, P2: 36500, P3: 36500, P4: 36500}\n", "slow.yaml",
       "lead", false},
      clock);
  ASSERT_TRUE(set) << set.error().message;
  auto after = overview(*store, *cra, *accounts, admin, rq, clock, risk.get()).value();
  ASSERT_EQ(after.products.size(), 2u);
  EXPECT_EQ(after.products[0].name, "alpha");
  EXPECT_EQ(after.products[0].findings.overdue, before.products[0].findings.overdue);
  EXPECT_GT(before.products[1].findings.overdue, 0u);
  EXPECT_EQ(after.products[1].findings.overdue, 0u);
  EXPECT_EQ(after.findings.overdue, before.products[0].findings.overdue);
}

}  // namespace
}  // namespace bulwark::service
