// The portfolio store: products, releases (with their SBOM as imported and as stored), component
// occurrences, findings with first-seen / last-seen history, analyses (triage) with an append-only
// history, and monitor runs. This header is the seam between the use cases (src/bulwark/service/)
// and the database: the SQLite implementation lives in sqlite_store.cpp and shares the database
// file of the vulnerability store (--db); the PostgreSQL one in pg_store.cpp.
// A Store is used from one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/handling.hpp"
#include "bulwark/notify/model.hpp"

namespace bulwark::portfolio {

struct Product {
  std::int64_t id = 0;
  std::string name;  // unique key, e.g. "acme-router"
  std::string vendor;
  std::string cra_class =
      "default";                 // default | important-1 | important-2 | critical (Annex III/IV)
  std::string security_contact;  // mailto:... or https://... (security.txt Contact, CSAF publisher)
  std::string website;           // https URL of the manufacturer (CSAF publisher namespace)
  int support_years = 5;         // declared support policy (CRA Art. 13(8): normally >= 5)
  std::string description;
  std::string created_at;  // RFC 3339 UTC
};

struct Release {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string product;  // product name (filled on reads)
  std::string version;
  std::string released_at;        // YYYY-MM-DD or RFC 3339; empty when unreleased
  std::string support_end;        // YYYY-MM-DD; empty: released_at + product support_years
  std::string support_rationale;  // why the support period is under five years, when it is
  std::string sbom_name;          // the file (or target) it was imported from
  std::string sbom_format;        // "CycloneDX JSON 1.6", ...
  std::string sbom_sha256;        // of the SBOM as imported
  std::size_t components = 0;
  std::string created_at;
};

// One component of a release's SBOM.
struct Occurrence {
  std::string bom_ref, name, version, purl;
  std::string identity;  // normalised identity (see identity.hpp)
};

// A component as one release ships it (where-used across the portfolio).
struct Usage {
  std::int64_t release_id = 0, product_id = 0;
  std::string product, release_version;
  Occurrence component;
};

// A finding as the last match (add, monitor) saw it. Identity within a release: component_key +
// the vulnerability's alias group (ids compared across vuln_id and aliases).
struct StoredFinding {
  std::int64_t id = 0;
  std::int64_t release_id = 0;
  std::string component_key;    // purl with version, else "name@version"
  std::string component_label;  // "name@version"
  std::string purl;
  std::string identity;
  std::string vuln_id;               // preferred id (CVE when there is one)
  std::vector<std::string> aliases;  // other ids of the group
  std::string severity, priority;
  std::string priority_reason;  // the risk policy's rule and any class or exposure adjustment
  bool kev = false;
  std::string fingerprint;  // what "changed" compares: severity|priority|kev|fixed versions|score
  std::string first_seen, last_seen, resolved_at;  // RFC 3339; resolved_at empty while open
  std::uint64_t key = 0;  // finding_key(component_key, vuln_id) when computed (0: not yet)
};

// A 64-bit key of (component key, vulnerability id compared case-insensitively), for indexing
// hundreds of thousands of findings without building strings.
std::uint64_t finding_key(std::string_view component_key, std::string_view vulnerability_id);

// One event of a finding's history (changed, resolved, reopened; "new" is the finding's
// first_seen).
struct FindingEvent {
  std::int64_t finding_id = 0;
  std::string kind;
  std::string detail;
};

// What one sync of a release writes (the diff is computed by the service, service/findings_sync):
// the store only persists it, in one transaction.
struct FindingsWrite {
  std::vector<StoredFinding> inserted;  // new rows: first_seen = last_seen = now
  std::vector<StoredFinding>
      updated;  // by id: ids, severity, priority, kev, fingerprint; last_seen = now; reopened
  std::vector<std::int64_t> resolved;  // resolved at now; last_seen = the release's previous match
  std::vector<FindingEvent> events;    // of existing findings (updated or resolved)
  std::string digest;                  // of the open findings after the write (see touch_findings)
  // Notification events of this change (service/notify), inserted into the notify outbox in the
  // same transaction as the findings: a committed change always has its notifications.
  std::vector<notify::Event> notifications;
};

// A recorded analysis (triage or VEX import). Applies to findings of its product whose component
// has the same identity, whose alias group shares an id with vulnerability_ids, and whose
// component version is inside `versions` (empty: every version).
struct AnalysisRecord {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string identity;                        // component identity key
  std::vector<std::string> vulnerability_ids;  // the alias group when recorded (upper case)
  std::string versions;                        // "", or constraints "=1.2.3" / ">=1.0,<2.0"
  Analysis analysis;
  std::string origin;  // release version where it was recorded ("" for a product-wide import)
  std::string source;  // "triage", "vex:<file>"
};

// The stored form of an analysis, the same for every backend: vulnerability ids upper-cased,
// sorted and unique; refused without an id or a component. `key` is the preferred id of the
// group (the CVE when there is one), the row's conflict key with product, identity and versions.
struct NormalizedAnalysis {
  AnalysisRecord record;
  std::string key;
  std::string ids;    // the group, space-separated
  std::string state;  // text forms of the analysis
  std::string justification;
  std::string responses;  // space-separated
};
Result<NormalizedAnalysis> normalize_analysis(const AnalysisRecord& in);

struct HistoryEntry {
  std::int64_t analysis_id = 0;
  std::string recorded_at;
  std::string identity;
  std::vector<std::string> vulnerability_ids;
  std::string versions;
  Analysis analysis;
  std::string origin, source;
};

// A keyset page of a release's open findings in id order (the primary key: no OFFSET, no sort
// on an unindexed column). Filters are conjunctive; an empty list means "any".
struct FindingQuery {
  std::int64_t release_id = 0;
  std::int64_t after_id = 0;            // ids greater than this
  std::size_t limit = 0;                // 0: every row
  std::vector<std::string> priorities;  // any of ("P0", "P1", ...)
  std::vector<std::string> severities;  // any of
  std::optional<bool> kev;              // only KEV-listed (true) or only not listed (false)
  // The filters below are indexed too; absent (empty) ones leave the statement as it was.
  std::vector<std::int64_t> release_ids;  // release_id 0: open findings of any of these releases
                                          // (the portfolio grid; both empty: nothing)
  enum class Identities { kAny, kIn, kNotIn };
  Identities identity_filter = Identities::kAny;  // component identity in / not in `identities`
  std::vector<std::string> identities;
  std::string first_seen_before;  // RFC 3339: only findings first seen before this time
  // Only findings whose preferred id is one of these (e.g. the CVEs over an EPSS threshold).
  std::optional<std::vector<std::string>> vulnerabilities;
  bool plain() const {
    return release_ids.empty() && identity_filter == Identities::kAny &&
           first_seen_before.empty() && !vulnerabilities;
  }
};

// Open findings grouped by their preferred vulnerability id (the grid grouped by vulnerability).
struct VulnerabilityGroup {
  std::string vulnerability;
  std::size_t findings = 0, releases = 0;  // open findings; distinct releases they are in
  std::string priority;                    // the highest (P0 first)
  std::string severity;                    // the worst (critical, high, medium, low, other)
  bool kev = false;                        // any of them KEV-listed
};

// The overview's figures over one release's findings (open and resolved), in one query: open
// findings by priority and KEV, those past their fix-by date, and their lifetimes in week
// buckets. Buckets: t < trend_start is -1, t >= trend_start + 7 days * weeks is `weeks`, else
// (t - trend_start) / 7 days.
struct AggregateQuery {
  std::int64_t release_id = 0;
  std::int64_t trend_start = 0;  // seconds since the epoch
  int weeks = 12;
  // An open finding is overdue when its first-seen date (YYYY-MM-DD) is before the cutoff of its
  // priority ("P0".."P4"; any other priority, or none, takes P4's).
  std::map<std::string, std::string> overdue_before;
};
struct FindingAggregate {
  std::size_t open = 0, kev = 0, overdue = 0;
  std::map<std::string, std::size_t> by_priority;  // open; "" counted under P4
  struct Cell {
    int first_seen = 0;           // bucket of first_seen
    std::optional<int> resolved;  // bucket of resolved_at; nullopt while open
    std::size_t count = 0;
    auto operator<=>(const Cell&) const = default;
  };
  std::vector<Cell> lifetimes;        // findings with a readable first_seen, by buckets
  std::size_t resolved_findings = 0;  // resolved with a readable first_seen (time to fix)
  std::int64_t fix_seconds = 0;       // their resolved_at - first_seen, summed
};

// Open findings of a release counted by priority, severity and KEV listing (one query).
struct FindingTally {
  std::size_t open = 0, kev = 0;
  std::map<std::string, std::size_t> by_priority, by_severity;
};

class Store {
 public:
  virtual ~Store() = default;

  // Opens (creating the tables when absent) the portfolio in the SQLite database at path.
  // The store at `location`: a postgresql:// (postgres://) URL opens open_postgresql, anything
  // else open_sqlite.
  static Result<std::unique_ptr<Store>> open(const std::string& location);
  static Result<std::unique_ptr<Store>> open_sqlite(const std::string& path);
  // The same tables in the PostgreSQL database at `url` (postgresql://...), migrated on open.
  static Result<std::unique_ptr<Store>> open_postgresql(const std::string& url);

  // Runs fn inside one transaction: everything it wrote is rolled back when it fails.
  virtual Result<void> transaction(const std::function<Result<void>()>& fn) = 0;

  virtual Result<Product> add_product(const Product& p) = 0;  // kConflict when the name exists
  virtual Result<Product> update_product(const Product& p) = 0;
  virtual Result<std::optional<Product>> product(std::string_view name) = 0;
  virtual Result<std::optional<Product>> product_by_id(std::int64_t id) = 0;
  virtual Result<std::vector<Product>> products() = 0;

  virtual Result<Release> add_release(const Release& r, std::string_view sbom_original,
                                      std::string_view sbom_stored,
                                      const std::vector<Occurrence>& occurrences) = 0;
  // Replaces a release's SBOM (an upload to an existing release): sbom_name, sbom_format,
  // sbom_sha256, both SBOM texts, the occurrences and created_at (the time of the last import)
  // of release r.id; dates and findings are kept (the caller re-matches). kNotFound without it.
  virtual Result<Release> replace_release_sbom(const Release& r, std::string_view sbom_original,
                                               std::string_view sbom_stored,
                                               const std::vector<Occurrence>& occurrences) = 0;
  virtual Result<Release> update_release(const Release& r) = 0;  // dates and rationale only
  virtual Result<std::optional<Release>> release(std::int64_t product_id,
                                                 std::string_view version) = 0;
  virtual Result<std::optional<Release>> release_by_id(std::int64_t id) = 0;
  virtual Result<std::vector<Release>> releases(std::int64_t product_id /* 0: all products */) = 0;
  virtual Result<std::string> release_sbom(std::int64_t release_id, bool original) = 0;
  // Every release shipping a component of this identity (indexed), by product, release and
  // component version.
  virtual Result<std::vector<Usage>> where_used(std::string_view identity) = 0;

  virtual Result<std::vector<StoredFinding>> findings(std::int64_t release_id,
                                                      bool include_resolved) = 0;
  // An opaque token that changes whenever committed data this store reads may have changed
  // (whoever committed it); readers cache what they derived from the store under it. Empty: the
  // backend cannot tell, nothing may be cached.
  virtual Result<std::string> change_token() { return std::string(); }

  // A page of open findings (see FindingQuery) and the number of rows the filters match.
  virtual Result<std::vector<StoredFinding>> find_findings(const FindingQuery& q) = 0;
  virtual Result<std::size_t> count_findings(const FindingQuery& q) = 0;
  virtual Result<FindingTally> tally_findings(std::int64_t release_id) = 0;
  // The overview's aggregate of one release (see AggregateQuery), computed by the database.
  virtual Result<FindingAggregate> aggregate_findings(const AggregateQuery& q) = 0;
  // Open findings matching q (after_id and limit ignored) grouped by preferred vulnerability id,
  // in id order: the groups after `after_vulnerability`, at most `limit` (0: all).
  virtual Result<std::vector<VulnerabilityGroup>> group_findings(
      const FindingQuery& q, std::string_view after_vulnerability, std::size_t limit) = 0;
  // count_findings that stops counting at `cap` (0: no cap) for the portfolio-wide grid.
  virtual Result<std::size_t> count_findings_capped(const FindingQuery& q, std::size_t cap) = 0;
  // Persists one sync of a release at `now`: inserts, updates, resolutions and events of `w`, and
  // records `now` as the release's last match (the last_seen of every open finding) with the
  // digest of its open findings. Returns the ids of the inserted rows, in order.
  virtual Result<std::vector<std::int64_t>> write_findings(std::int64_t release_id,
                                                           const FindingsWrite& w,
                                                           const std::string& now) = 0;
  // The fast path of a sync: when the release's stored digest equals `digest`, records `now` as
  // its last match (one UPDATE) and returns true; otherwise changes nothing and returns false.
  virtual Result<bool> touch_findings(std::int64_t release_id, const std::string& digest,
                                      const std::string& now) = 0;
  // Whether an enabled notification rule may take finding events of `product` (its kinds and
  // products; the outbox applies the full filter): when none does, a sync builds no events
  // (one per finding on a release's first match).
  virtual Result<bool> finding_events_wanted(std::string_view product) = 0;

  // Records an analysis: replaces the current one with the same (product, identity, preferred
  // vulnerability id, versions) or adds it, and appends it to the history (never rewritten).
  virtual Result<AnalysisRecord> record_analysis(const AnalysisRecord& a) = 0;
  virtual Result<std::vector<AnalysisRecord>> analyses(std::int64_t product_id) = 0;
  // The current analyses of a product recorded for any of these component identities (indexed).
  virtual Result<std::vector<AnalysisRecord>> analyses_for(
      std::int64_t product_id, const std::vector<std::string>& identities) = 0;
  virtual Result<std::vector<HistoryEntry>> history(std::int64_t product_id) = 0;

  // CSAF advisories as issued (the JSON document; a new revision replaces the stored one).
  virtual Result<void> save_advisory(std::int64_t product_id, const std::string& tracking_id,
                                     const std::string& current_release_date,
                                     const std::string& json) = 0;
  virtual Result<std::optional<std::string>> advisory(const std::string& tracking_id) = 0;
  virtual Result<std::vector<std::string>> advisories(std::int64_t product_id /* 0: all */) = 0;

  virtual Result<std::int64_t> add_monitor_run(const std::string& at, std::size_t releases,
                                               std::size_t added, std::size_t changed,
                                               std::size_t resolved) = 0;
  virtual Result<std::string> last_monitor_run() = 0;  // RFC 3339, empty when never
};

}  // namespace bulwark::portfolio
