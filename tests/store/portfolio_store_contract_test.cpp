// Contract of portfolio::Store, run on every backend (tests/store/backends.hpp): products, releases
// with their SBOM byte for byte, findings rows, analyses with the append-only history, advisories,
// monitor runs and transactions. Each test starts from a fresh, empty database.
#include <gtest/gtest.h>

#include <chrono>
#include "backends.hpp"

#include "bulwark/core/clock.hpp"
#include "bulwark/portfolio/store.hpp"
#include "raw_db.hpp"

namespace bulwark::portfolio {
namespace {

class PortfolioStoreContract : public test::BackendTest {
 protected:
  std::unique_ptr<Store> open() {
    location_ = fresh_location();
    return reopen();
  }
  // The store again on the same database.
  std::unique_ptr<Store> reopen() {
    auto s = postgresql() ? Store::open_postgresql(location_) : Store::open_sqlite(location_);
    EXPECT_TRUE(s) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }
  // A product and a release with a tiny SBOM.
  std::pair<Product, Release> seed(Store& s) {
    Product p;
    p.name = "acme";
    p.vendor = "Acme";
    p.created_at = "2026-11-29T10:00:00Z";
    auto added = s.add_product(p);
    EXPECT_TRUE(added) << added.error().message;
    Release r;
    r.product_id = added->id;
    r.version = "1.0";
    r.released_at = "2026-03-02";
    r.created_at = p.created_at;
    auto rel =
        s.add_release(r, kOriginal, "{}",
                      {{"a", "lodash", "4.17.20", "pkg:npm/lodash@4.17.20", "pkg:npm/lodash"}});
    EXPECT_TRUE(rel) << rel.error().message;
    return {*added, *rel};
  }
  static StoredFinding finding(const std::string& id, const std::string& priority) {
    StoredFinding f;
    f.component_key = "pkg:npm/lodash@4.17.20";
    f.component_label = "lodash@4.17.20";
    f.purl = f.component_key;
    f.identity = "pkg:npm/lodash";
    f.vuln_id = id;
    f.aliases = {"GHSA-" + id};
    f.severity = "HIGH";
    f.priority = priority;
    f.kev = priority == "P0";
    f.fingerprint = "fp-" + priority;
    f.priority_reason = "reason " + priority;
    return f;
  }
  static AnalysisRecord analysis(std::int64_t product_id, AnalysisState state,
                                 const std::string& at) {
    AnalysisRecord a;
    a.product_id = product_id;
    a.identity = "pkg:npm/lodash";
    a.vulnerability_ids = {"cve-2021-23337", "GHSA-35JH-R3H4-6JHM"};
    a.analysis.state = state;
    a.analysis.timestamp = at;
    a.analysis.author = "psirt";
    a.origin = "1.0";
    a.source = "triage";
    return a;
  }
  // SBOM bytes with a NUL, a byte that is not UTF-8 and CR LF: stored as they are.
  static inline const std::string kOriginal =
      std::string("{\"bomFormat\":\"CycloneDX\"}\r\n\0\xff end", 33);
  std::string location_;
};

TEST_P(PortfolioStoreContract, ProductsAddUpdateFindList) {
  auto s = open();
  ASSERT_TRUE(s);
  auto empty = s->products();
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  Product b;
  b.name = "beta";
  b.cra_class = "critical";
  b.support_years = 7;
  b.created_at = "2026-11-29T10:00:00Z";
  auto added_b = s->add_product(b);
  ASSERT_TRUE(added_b) << added_b.error().message;
  EXPECT_GT(added_b->id, 0);
  Product a = b;
  a.name = "alpha";
  ASSERT_TRUE(s->add_product(a));
  auto dup = s->add_product(b);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  auto list = s->products();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "alpha");  // ordered by name
  auto found = s->product("beta");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->cra_class, "critical");
  EXPECT_EQ((*found)->support_years, 7);
  auto by_id = s->product_by_id(added_b->id);
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->name, "beta");
  auto missing = s->product("gamma");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  Product changed = **found;
  changed.vendor = "Beta GmbH";
  changed.website = "https://beta.example";
  ASSERT_TRUE(s->update_product(changed));
  auto again = s->product("beta");
  ASSERT_TRUE(again && *again);
  EXPECT_EQ((*again)->vendor, "Beta GmbH");
  EXPECT_EQ((*again)->website, "https://beta.example");
}

TEST_P(PortfolioStoreContract, ReleasesKeepTheSbomByteForByte) {
  auto s = open();
  ASSERT_TRUE(s);
  auto [p, r] = seed(*s);
  EXPECT_GT(r.id, 0);
  EXPECT_EQ(r.components, 1u);
  auto original = s->release_sbom(r.id, true);
  ASSERT_TRUE(original);
  EXPECT_EQ(*original, kOriginal);
  auto stored = s->release_sbom(r.id, false);
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, "{}");
  auto missing = s->release_sbom(r.id + 100, true);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto dup = s->add_release(r, "x", "x", {});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  auto found = s->release(p.id, "1.0");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->product, "acme");
  EXPECT_EQ((*found)->released_at, "2026-03-02");
  Release upd = **found;
  upd.support_end = "2031-03-02";
  upd.support_rationale = "why";
  ASSERT_TRUE(s->update_release(upd));
  auto all = s->releases(0);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].support_end, "2031-03-02");
  EXPECT_EQ((*all)[0].support_rationale, "why");
  auto none = s->release(p.id, "9.9");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST_P(PortfolioStoreContract, FindingsArePersistedAndRead) {
  auto s = open();
  ASSERT_TRUE(s);
  auto [p, r] = seed(*s);
  FindingsWrite w;
  w.inserted = {finding("CVE-1", "P2"), finding("CVE-2", "P0")};
  w.digest = "d1";
  auto ids = s->write_findings(r.id, w, "2026-11-01T00:00:00Z");
  ASSERT_TRUE(ids) << ids.error().message;
  ASSERT_EQ(ids->size(), 2u);
  auto open_rows = s->findings(r.id, false);
  ASSERT_TRUE(open_rows);
  ASSERT_EQ(open_rows->size(), 2u);
  const StoredFinding& f = (*open_rows)[1];
  EXPECT_EQ(f.id, (*ids)[1]);
  EXPECT_EQ(f.release_id, r.id);
  EXPECT_EQ(f.vuln_id, "CVE-2");
  EXPECT_EQ(f.aliases, std::vector<std::string>{"GHSA-CVE-2"});
  EXPECT_TRUE(f.kev);
  EXPECT_EQ(f.fingerprint, "fp-P0");
  EXPECT_EQ(f.priority_reason, "reason P0");
  EXPECT_EQ(f.first_seen, "2026-11-01T00:00:00Z");
  EXPECT_EQ(f.last_seen, "2026-11-01T00:00:00Z");
  EXPECT_TRUE(f.resolved_at.empty());
  // The digest fast path: only an equal digest touches the release.
  auto miss = s->touch_findings(r.id, "other", "2026-11-02T00:00:00Z");
  ASSERT_TRUE(miss);
  EXPECT_FALSE(*miss);
  auto hit = s->touch_findings(r.id, "d1", "2026-11-02T00:00:00Z");
  ASSERT_TRUE(hit);
  EXPECT_TRUE(*hit);
  open_rows = s->findings(r.id, false);
  ASSERT_TRUE(open_rows);
  EXPECT_EQ((*open_rows)[0].last_seen,
            "2026-11-02T00:00:00Z");  // open findings: the release's last match
  // Update one, resolve the other.
  FindingsWrite w2;
  StoredFinding up = finding("CVE-1", "P1");
  up.id = (*ids)[0];
  up.priority_reason = "CVSS >= 7.0; raised 1: lodash behind interface web-ui";
  w2.updated = {up};
  w2.resolved = {(*ids)[1]};
  w2.events = {{(*ids)[0], "changed", "priority P2 -> P1"}, {(*ids)[1], "resolved", "gone"}};
  w2.digest = "d2";
  ASSERT_TRUE(s->write_findings(r.id, w2, "2026-11-03T00:00:00Z"));
  auto all = s->findings(r.id, true);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].priority, "P1");
  EXPECT_EQ((*all)[0].priority_reason, "CVSS >= 7.0; raised 1: lodash behind interface web-ui");
  EXPECT_EQ((*all)[1].resolved_at, "2026-11-03T00:00:00Z");
  EXPECT_EQ((*all)[1].last_seen, "2026-11-02T00:00:00Z");  // last seen at the previous match
  open_rows = s->findings(r.id, false);
  ASSERT_TRUE(open_rows);
  EXPECT_EQ(open_rows->size(), 1u);
  auto touched = s->touch_findings(r.id, "d2", "2026-11-04T00:00:00Z");
  ASSERT_TRUE(touched);
  EXPECT_TRUE(*touched);
  // Rows of another release are not touched: the write fails and changes nothing.
  FindingsWrite bad;
  StoredFinding stray = up;
  stray.id = 999999;
  bad.updated = {stray};
  bad.inserted = {finding("CVE-3", "P3")};
  EXPECT_FALSE(s->write_findings(r.id, bad, "2026-11-05T00:00:00Z"));
  all = s->findings(r.id, true);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
}

TEST_P(PortfolioStoreContract, FindingPagesAreKeysetOrderedAndFiltered) {
  auto s = open();
  ASSERT_TRUE(s);
  auto [p, r] = seed(*s);
  FindingsWrite w;
  for (int i = 0; i < 25; ++i) {
    auto f = finding("CVE-" + std::to_string(100 + i), i % 5 == 0 ? "P0" : (i % 2 ? "P1" : "P3"));
    f.severity = i % 3 == 0 ? "critical" : "medium";
    w.inserted.push_back(f);
  }
  w.digest = "d";
  auto ids = s->write_findings(r.id, w, "2026-11-01T00:00:00Z");
  ASSERT_TRUE(ids) << ids.error().message;
  FindingsWrite gone;
  gone.resolved = {(*ids)[1]};  // resolved rows are never listed nor counted
  gone.digest = "d2";
  ASSERT_TRUE(s->write_findings(r.id, gone, "2026-11-02T00:00:00Z"));
  // Walk the release in pages of 7: every open row exactly once, ascending.
  FindingQuery q;
  q.release_id = r.id;
  q.limit = 7;
  std::vector<std::int64_t> seen;
  for (int guard = 0; guard < 10; ++guard) {
    auto page = s->find_findings(q);
    ASSERT_TRUE(page) << page.error().message;
    if (page->empty()) break;
    EXPECT_LE(page->size(), 7u);
    for (const auto& f : *page) {
      seen.push_back(f.id);
      EXPECT_TRUE(f.resolved_at.empty());
      EXPECT_EQ(f.last_seen, "2026-11-02T00:00:00Z");
    }
    q.after_id = page->back().id;
  }
  std::vector<std::int64_t> want = *ids;
  want.erase(want.begin() + 1);
  EXPECT_EQ(seen, want);
  auto n = s->count_findings({r.id, 0, 0, {}, {}, {}});
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 24u);
  // Filters: any of the listed priorities and severities, KEV listing, and the cursor.
  FindingQuery f;
  f.release_id = r.id;
  f.priorities = {"P0", "P3"};
  f.severities = {"critical"};
  auto rows = s->find_findings(f);
  ASSERT_TRUE(rows);
  std::size_t expected = 0;
  for (int i = 0; i < 25; ++i)
    if (i != 1 && (i % 5 == 0 || i % 2 == 0) && i % 3 == 0) ++expected;
  EXPECT_EQ(rows->size(), expected);
  for (const auto& x : *rows) {
    EXPECT_TRUE(x.priority == "P0" || x.priority == "P3");
    EXPECT_EQ(x.severity, "critical");
  }
  auto counted = s->count_findings(f);
  ASSERT_TRUE(counted);
  EXPECT_EQ(*counted, expected);
  f = {};
  f.release_id = r.id;
  f.kev = true;
  auto kev = s->count_findings(f);
  ASSERT_TRUE(kev);
  EXPECT_EQ(*kev, 5u);  // i = 0, 5, 10, 15, 20
  f.kev = false;
  auto not_kev = s->count_findings(f);
  ASSERT_TRUE(not_kev);
  EXPECT_EQ(*not_kev, 19u);
  f.kev.reset();
  f.after_id = (*ids)[20];
  auto tail = s->find_findings(f);
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->size(), 4u);
  // A value that is a substring of another is not a match ("P" is not "P0").
  f = {};
  f.release_id = r.id;
  f.priorities = {"P"};
  auto none = s->count_findings(f);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0u);
  // Another release's findings are not in this one's pages.
  auto other = s->count_findings({r.id + 1000, 0, 0, {}, {}, {}});
  ASSERT_TRUE(other);
  EXPECT_EQ(*other, 0u);
  // The tally: open rows by priority, severity and KEV.
  auto t = s->tally_findings(r.id);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->open, 24u);
  EXPECT_EQ(t->kev, 5u);
  EXPECT_EQ(t->by_priority["P0"], 5u);
  EXPECT_EQ(t->by_priority["P0"] + t->by_priority["P1"] + t->by_priority["P3"], 24u);
  EXPECT_EQ(t->by_severity["critical"] + t->by_severity["medium"], 24u);
}

// The grid's extra filters (issue 12): component identities in / not in a list, first seen
// before a time, preferred ids in a list, several releases at once; bounded counts; groups by
// vulnerability.
TEST_P(PortfolioStoreContract, GridFiltersGroupsAndBoundedCounts) {
  auto s = open();
  ASSERT_TRUE(s);
  auto [p, r1] = seed(*s);
  Release rel2;
  rel2.product_id = p.id;
  rel2.version = "2.0";
  rel2.created_at = p.created_at;
  auto r2 = s->add_release(rel2, kOriginal, "{}", {});
  ASSERT_TRUE(r2) << r2.error().message;
  auto make = [](const std::string& id, const std::string& identity, const std::string& prio,
                 const std::string& sev) {
    StoredFinding f = finding(id, prio);
    f.identity = identity;
    f.component_key = identity + "@1";
    f.severity = sev;
    return f;
  };
  FindingsWrite w1;                                                  // A, B
  w1.inserted = {make("CVE-1", "pkg:npm/lodash", "P0", "CRITICAL"),  // ranked case-insensitively
                 make("CVE-2", "pkg:npm/express", "P2", "high")};
  auto ids1 = s->write_findings(r1.id, w1, "2026-10-01T00:00:00Z");
  ASSERT_TRUE(ids1) << ids1.error().message;
  FindingsWrite w2;  // C, D; B resolved
  w2.inserted = {make("CVE-3", "pkg:npm/lodash", "", "low"),
                 make("CVE-1", "pkg:npm/express", "P1", "medium")};
  w2.resolved = {(*ids1)[1]};
  auto ids2 = s->write_findings(r1.id, w2, "2026-11-20T12:00:00Z");
  ASSERT_TRUE(ids2) << ids2.error().message;
  FindingsWrite w3;  // E in the other release
  w3.inserted = {make("CVE-1", "pkg:npm/lodash", "P0", "high")};
  auto ids3 = s->write_findings(r2->id, w3, "2026-10-01T00:00:00Z");
  ASSERT_TRUE(ids3) << ids3.error().message;
  const auto A = (*ids1)[0], C = (*ids2)[0], D = (*ids2)[1], E = (*ids3)[0];
  auto list = [&](const FindingQuery& q) {
    std::vector<std::int64_t> out;
    auto rows = s->find_findings(q);
    EXPECT_TRUE(rows) << rows.error().message;
    if (rows)
      for (const auto& f : *rows) out.push_back(f.id);
    auto n = s->count_findings(q);
    EXPECT_TRUE(n);
    if (n && q.after_id == 0 && q.limit == 0) {
      EXPECT_EQ(*n, out.size());
    }
    return out;
  };
  using V = std::vector<std::int64_t>;
  using I = FindingQuery::Identities;
  FindingQuery q;
  q.release_id = r1.id;
  q.identity_filter = I::kIn;
  q.identities = {"pkg:npm/express"};
  EXPECT_EQ(list(q), V{D});  // B is resolved
  q.identity_filter = I::kNotIn;
  EXPECT_EQ(list(q), (V{A, C}));
  q.identities = {"pkg:npm/express", "pkg:npm/lodash"};
  EXPECT_EQ(list(q), V{});
  q.identities.clear();
  EXPECT_EQ(list(q), (V{A, C, D}));  // not in nothing: everything
  q.identity_filter = I::kIn;
  EXPECT_EQ(list(q), V{});  // in nothing: nothing
  q = {};
  q.release_id = r1.id;
  q.first_seen_before = "2026-11-01T00:00:00Z";
  EXPECT_EQ(list(q), V{A});
  q = {};
  q.release_id = r1.id;
  q.vulnerabilities = std::vector<std::string>{"CVE-1", "CVE-9"};
  EXPECT_EQ(list(q), (V{A, D}));
  q.vulnerabilities = std::vector<std::string>{};
  EXPECT_EQ(list(q), V{});
  // Several releases: id order across them, the other filters still apply, keyset pages.
  q = {};
  q.release_ids = {r1.id, r2->id};
  EXPECT_EQ(list(q), (V{A, C, D, E}));
  q.priorities = {"P0"};
  EXPECT_EQ(list(q), (V{A, E}));
  q.priorities.clear();
  q.vulnerabilities = std::vector<std::string>{"CVE-1"};
  q.limit = 2;
  EXPECT_EQ(list(q), (V{A, D}));
  q.after_id = D;
  EXPECT_EQ(list(q), V{E});
  q = {};
  q.release_ids = {r2->id};
  EXPECT_EQ(list(q), V{E});
  q.release_ids.clear();  // no release at all: nothing
  EXPECT_EQ(list(q), V{});
  // Bounded counts.
  q = {};
  q.release_ids = {r1.id, r2->id};
  EXPECT_EQ(s->count_findings_capped(q, 2).value(), 2u);
  EXPECT_EQ(s->count_findings_capped(q, 10).value(), 4u);
  EXPECT_EQ(s->count_findings_capped(q, 0).value(), 4u);
  q = {};
  q.release_id = r1.id;
  EXPECT_EQ(s->count_findings_capped(q, 2).value(), 2u);
  // Groups by vulnerability: findings, distinct releases, highest priority, worst severity, KEV.
  q = {};
  q.release_ids = {r1.id, r2->id};
  auto groups = s->group_findings(q, "", 0);
  ASSERT_TRUE(groups) << groups.error().message;
  ASSERT_EQ(groups->size(), 2u);
  const auto& g1 = (*groups)[0];
  EXPECT_EQ(g1.vulnerability, "CVE-1");
  EXPECT_EQ(g1.findings, 3u);
  EXPECT_EQ(g1.releases, 2u);
  EXPECT_EQ(g1.priority, "P0");
  EXPECT_EQ(g1.severity, "CRITICAL");  // over E's "high"
  EXPECT_TRUE(g1.kev);
  const auto& g3 = (*groups)[1];
  EXPECT_EQ(g3.vulnerability, "CVE-3");
  EXPECT_EQ(g3.findings, 1u);
  EXPECT_EQ(g3.releases, 1u);
  EXPECT_EQ(g3.priority, "P4");  // no priority counts as P4
  EXPECT_EQ(g3.severity, "low");
  EXPECT_FALSE(g3.kev);
  auto first = s->group_findings(q, "", 1);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].vulnerability, "CVE-1");
  auto next = s->group_findings(q, "CVE-1", 1);
  ASSERT_TRUE(next);
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ((*next)[0].vulnerability, "CVE-3");
  q.release_ids = {r1.id};
  q.kev = false;
  groups = s->group_findings(q, "", 0);
  ASSERT_TRUE(groups);
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*groups)[0].findings, 1u);  // D only
  EXPECT_EQ((*groups)[0].severity, "medium");
  EXPECT_EQ((*groups)[0].priority, "P1");
}

std::int64_t epoch(const char* t) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             parse_rfc3339(t).value().time_since_epoch())
      .count();
}

// The overview's aggregate against the same figures computed by walking every finding of the
// release (open and resolved), over a seeded history of writes.
FindingAggregate walk(const std::vector<StoredFinding>& fs, const AggregateQuery& q) {
  FindingAggregate a;
  auto bucket = [&](std::int64_t t) -> int {
    if (t < q.trend_start) return -1;
    if (t >= q.trend_start + 604800LL * q.weeks) return q.weeks;
    return static_cast<int>((t - q.trend_start) / 604800);
  };
  std::map<std::pair<int, std::optional<int>>, std::size_t> cells;
  for (const auto& f : fs) {
    const std::int64_t s = epoch(f.first_seen.c_str());
    std::optional<std::int64_t> r;
    if (!f.resolved_at.empty()) r = epoch(f.resolved_at.c_str());
    cells[{bucket(s), r ? std::optional<int>(bucket(*r)) : std::nullopt}]++;
    if (r) {
      ++a.resolved_findings;
      a.fix_seconds += *r - s;
      continue;
    }
    ++a.open;
    const std::string p = f.priority.empty() ? "P4" : f.priority;
    ++a.by_priority[p];
    if (f.kev) ++a.kev;
    auto cut = q.overdue_before.find(q.overdue_before.count(f.priority) ? f.priority : "P4");
    if (cut != q.overdue_before.end() && f.first_seen.substr(0, 10) < cut->second) ++a.overdue;
  }
  for (const auto& [k, n] : cells) a.lifetimes.push_back({k.first, k.second, n});
  return a;
}

TEST_P(PortfolioStoreContract, AggregateEqualsWalkingTheFindings) {
  auto s = open();
  ASSERT_TRUE(s);
  auto [p, r] = seed(*s);
  std::uint32_t rnd = 12345;
  auto next = [&] { return rnd = rnd * 1103515245u + 12345u, (rnd >> 8) % 1000; };
  const char* prios[] = {"P0", "P1", "P2", "P3", "P4", ""};
  std::vector<std::int64_t> open_ids;
  auto t = parse_rfc3339("2026-06-03T07:11:05Z").value();
  int n = 0;
  for (int write = 0; write < 14; ++write) {
    FindingsWrite w;
    const int add = 5 + static_cast<int>(next() % 20);
    for (int i = 0; i < add; ++i) {
      auto f = finding("CVE-" + std::to_string(++n), prios[next() % 6]);
      f.kev = next() % 7 == 0;
      w.inserted.push_back(f);
    }
    std::vector<std::int64_t> keep;
    for (auto id : open_ids) (next() % 4 == 0 ? w.resolved : keep).push_back(id);
    open_ids = keep;
    w.digest = "d" + std::to_string(write);
    auto ids = s->write_findings(r.id, w, format_rfc3339(t));
    ASSERT_TRUE(ids) << ids.error().message;
    open_ids.insert(open_ids.end(), ids->begin(), ids->end());
    t += std::chrono::hours(24 * 9 + 5) + std::chrono::seconds(next());
  }
  auto all = s->findings(r.id, true);
  ASSERT_TRUE(all);
  for (int weeks : {1, 12, 30}) {
    for (const char* start : {"2026-06-01T00:00:00Z", "2026-08-15T13:00:01Z"}) {
      AggregateQuery q;
      q.release_id = r.id;
      q.trend_start = epoch(start);
      q.weeks = weeks;
      q.overdue_before = {{"P0", "2026-06-20"},
                          {"P1", "2026-07-30"},
                          {"P2", "2026-08-30"},
                          {"P3", "2026-09-30"},
                          {"P4", "2026-10-10"}};
      auto got = s->aggregate_findings(q);
      ASSERT_TRUE(got) << got.error().message;
      auto want = walk(*all, q);
      EXPECT_EQ(got->open, want.open);
      EXPECT_EQ(got->kev, want.kev);
      EXPECT_EQ(got->overdue, want.overdue);
      EXPECT_EQ(got->by_priority, want.by_priority);
      EXPECT_EQ(got->lifetimes, want.lifetimes) << weeks << " weeks from " << start;
      EXPECT_EQ(got->resolved_findings, want.resolved_findings);
      EXPECT_EQ(got->fix_seconds, want.fix_seconds);
      EXPECT_GT(want.open, 0u);
      EXPECT_GT(want.overdue, 0u);
      EXPECT_GT(want.resolved_findings, 0u);
    }
  }
  // Another release's aggregate is empty.
  AggregateQuery other;
  other.release_id = r.id + 1000;
  auto none = s->aggregate_findings(other);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->open, 0u);
  EXPECT_TRUE(none->lifetimes.empty());
}

TEST_P(PortfolioStoreContract, WhereUsedListsEveryReleaseShippingAnIdentity) {
  auto s = open();
  ASSERT_TRUE(s);
  auto [p, r] = seed(*s);  // acme 1.0 ships lodash 4.17.20
  Release r2;
  r2.product_id = p.id;
  r2.version = "2.0";
  r2.released_at = "2026-06-01";
  r2.created_at = p.created_at;
  ASSERT_TRUE(
      s->add_release(r2, "{}", "{}",
                     {{"b", "lodash", "4.17.21", "pkg:npm/lodash@4.17.21", "pkg:npm/lodash"},
                      {"a", "lodash", "4.17.19", "pkg:npm/lodash@4.17.19", "pkg:npm/lodash"},
                      {"c", "express", "4.0.0", "pkg:npm/express@4.0.0", "pkg:npm/express"}}));
  auto used = s->where_used("pkg:npm/lodash");
  ASSERT_TRUE(used) << used.error().message;
  ASSERT_EQ(used->size(), 3u);
  EXPECT_EQ((*used)[0].release_version, "1.0");
  EXPECT_EQ((*used)[0].product, "acme");
  EXPECT_EQ((*used)[0].product_id, p.id);
  EXPECT_EQ((*used)[0].release_id, r.id);
  EXPECT_EQ((*used)[1].release_version, "2.0");
  EXPECT_EQ((*used)[1].component.version, "4.17.19");  // by component version within a release
  EXPECT_EQ((*used)[2].component.version, "4.17.21");
  EXPECT_EQ((*used)[2].component.bom_ref, "b");
  EXPECT_EQ((*used)[2].component.purl, "pkg:npm/lodash@4.17.21");
  auto none = s->where_used("pkg:npm/left-pad");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(PortfolioStoreContract, AnalysesForIdentitiesUseOnlyThoseIdentities) {
  auto s = open();
  ASSERT_TRUE(s);
  auto [p, r] = seed(*s);
  auto a = analysis(p.id, AnalysisState::kAffected, "2026-11-01T00:00:00Z");
  ASSERT_TRUE(s->record_analysis(a));
  auto b = a;
  b.identity = "pkg:npm/\"quoted\\name";  // JSON-special characters in an identity
  ASSERT_TRUE(s->record_analysis(b));
  auto c = a;
  c.identity = "pkg:npm/other";
  ASSERT_TRUE(s->record_analysis(c));
  auto got = s->analyses_for(p.id, {"pkg:npm/lodash", b.identity});
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0].identity, "pkg:npm/lodash");
  EXPECT_EQ((*got)[1].identity, b.identity);
  auto none = s->analyses_for(p.id + 1, {"pkg:npm/lodash"});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto empty = s->analyses_for(p.id, {});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST_P(PortfolioStoreContract, AnalysesReplaceAndTheHistoryIsAppendOnly) {
  auto s = open();
  ASSERT_TRUE(s);
  auto [p, r] = seed(*s);
  auto first =
      s->record_analysis(analysis(p.id, AnalysisState::kNotAffected, "2026-11-01T00:00:00Z"));
  ASSERT_TRUE(first) << first.error().message;
  auto second =
      s->record_analysis(analysis(p.id, AnalysisState::kAffected, "2026-11-02T00:00:00Z"));
  ASSERT_TRUE(second);
  EXPECT_EQ(first->id, second->id);  // same (product, identity, group, versions): replaced
  auto scoped = analysis(p.id, AnalysisState::kFixed, "2026-11-03T00:00:00Z");
  scoped.versions = "=4.17.20";
  ASSERT_TRUE(s->record_analysis(scoped));
  auto current = s->analyses(p.id);
  ASSERT_TRUE(current);
  ASSERT_EQ(current->size(), 2u);
  EXPECT_EQ((*current)[0].analysis.state, AnalysisState::kAffected);
  EXPECT_EQ(
      (*current)[0].vulnerability_ids,
      (std::vector<std::string>{"CVE-2021-23337", "GHSA-35JH-R3H4-6JHM"}));  // upper case, sorted
  EXPECT_EQ((*current)[1].versions, "=4.17.20");
  auto h = s->history(p.id);
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].analysis.state, AnalysisState::kNotAffected);
  EXPECT_EQ((*h)[0].recorded_at, "2026-11-01T00:00:00Z");
  EXPECT_EQ((*h)[2].versions, "=4.17.20");
  auto no_ids = analysis(p.id, AnalysisState::kAffected, "2026-11-04T00:00:00Z");
  no_ids.vulnerability_ids.clear();
  EXPECT_FALSE(s->record_analysis(no_ids));
  // The database refuses to rewrite the trail (UPDATE and DELETE).
  for (const char* sql :
       {"UPDATE analysis_history SET state = 'fixed'", "DELETE FROM analysis_history"}) {
    auto err = test::raw_exec(location_, sql);
    ASSERT_TRUE(err) << sql;
    EXPECT_NE(err->find("append-only"), std::string::npos) << *err;
  }
  h = s->history(p.id);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].analysis.state, AnalysisState::kNotAffected);
}

TEST_P(PortfolioStoreContract, AdvisoriesAndMonitorRuns) {
  auto s = open();
  ASSERT_TRUE(s);
  auto [p, r] = seed(*s);
  auto none = s->advisory("ACME-1");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  ASSERT_TRUE(s->save_advisory(p.id, "ACME-2", "2026-11-01T00:00:00Z", "{\"v\":1}"));
  ASSERT_TRUE(s->save_advisory(p.id, "ACME-1", "2026-11-01T00:00:00Z", "{\"v\":1}"));
  ASSERT_TRUE(s->save_advisory(p.id, "ACME-1", "2026-11-02T00:00:00Z",
                               "{\"v\":2}"));  // a new revision replaces
  auto one = s->advisory("ACME-1");
  ASSERT_TRUE(one && *one);
  EXPECT_EQ(**one, "{\"v\":2}");
  auto mine = s->advisories(p.id);
  ASSERT_TRUE(mine);
  EXPECT_EQ(*mine, (std::vector<std::string>{"{\"v\":2}", "{\"v\":1}"}));  // by tracking id
  auto all = s->advisories(0);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
  auto others = s->advisories(p.id + 1);
  ASSERT_TRUE(others);
  EXPECT_TRUE(others->empty());
  auto never = s->last_monitor_run();
  ASSERT_TRUE(never);
  EXPECT_TRUE(never->empty());
  auto id1 = s->add_monitor_run("2026-11-01T00:00:00Z", 1, 2, 3, 4);
  auto id2 = s->add_monitor_run("2026-11-02T00:00:00Z", 1, 0, 0, 0);
  ASSERT_TRUE(id1 && id2);
  EXPECT_LT(*id1, *id2);
  auto last = s->last_monitor_run();
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, "2026-11-02T00:00:00Z");
}

TEST_P(PortfolioStoreContract, TransactionRollsBackEverythingOnFailure) {
  auto s = open();
  ASSERT_TRUE(s);
  auto [p, r] = seed(*s);
  auto failed = s->transaction([&]() -> Result<void> {
    Product q;
    q.name = "inside";
    q.created_at = "2026-11-29T10:00:00Z";
    if (auto x = s->add_product(q); !x) return std::unexpected(x.error());
    if (auto x =
            s->record_analysis(analysis(p.id, AnalysisState::kAffected, "2026-11-01T00:00:00Z"));
        !x)
      return std::unexpected(x.error());
    if (auto x = s->add_monitor_run("2026-11-01T00:00:00Z", 1, 0, 0, 0); !x)
      return std::unexpected(x.error());
    // Nested: joins the outer transaction.
    if (auto x = s->transaction([] { return Result<void>{}; }); !x) return x;
    return invalid_input("stop");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "stop");
  auto inside = s->product("inside");
  ASSERT_TRUE(inside);
  EXPECT_FALSE(*inside);
  auto h = s->history(p.id);
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->empty());
  auto last = s->last_monitor_run();
  ASSERT_TRUE(last);
  EXPECT_TRUE(last->empty());
  auto ok = s->transaction([&]() -> Result<void> {
    Product q;
    q.name = "kept";
    q.created_at = "2026-11-29T10:00:00Z";
    if (auto x = s->add_product(q); !x) return std::unexpected(x.error());
    return {};
  });
  ASSERT_TRUE(ok);
  auto kept = s->product("kept");
  ASSERT_TRUE(kept);
  EXPECT_TRUE(*kept);
}

TEST_P(PortfolioStoreContract, ReopeningKeepsEverything) {
  {
    auto s = open();
    ASSERT_TRUE(s);
    seed(*s);
  }
  auto again = reopen();
  ASSERT_TRUE(again);
  auto p = again->product("acme");
  ASSERT_TRUE(p && *p);
  auto rels = again->releases((*p)->id);
  ASSERT_TRUE(rels);
  EXPECT_EQ(rels->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, PortfolioStoreContract,
                         ::testing::ValuesIn(test::store_backends()), test::backend_name);

}  // namespace
}  // namespace bulwark::portfolio
