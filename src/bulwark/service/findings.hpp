// Findings views: a release matched against the current database with the analyses that apply
// (recorded on this release, inherited from another, or from one-off VEX documents), the filters
// (priority, analysis state) and the gate of `bulwark findings`.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/model/handling.hpp"
#include "bulwark/model/sbom.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/report/report.hpp"
#include "bulwark/service/access.hpp"
#include "bulwark/service/gate.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/vex.hpp"

namespace bulwark::vulndb {
class Store;
}
namespace bulwark::accounts {
class AccountStore;
}

namespace bulwark::service {

struct ViewOptions {
  bool show_suppressed = false;
  std::string today;             // YYYY-MM-DD for fix-by dates; empty: today
  std::vector<VexDocument> vex;  // one-off VEX documents applied on top of stored analyses
  std::vector<std::string> vex_names;
  // The release's risk assessment decides what its components expose (service/reach.hpp);
  // nullptr: priorities do not depend on exposure.
  portfolio::RiskStore* risk = nullptr;
};

// A release matched against the current database, with the applicable analyses.
struct ReleaseView {
  Sbom sbom;
  match::ScanResult result;  // suppressed findings removed unless show_suppressed
  std::vector<report::FindingStatus> statuses;  // parallel to result.findings
  std::size_t suppressed_hidden = 0;
};
Result<ReleaseView> release_view(portfolio::Store& store, vulndb::Store& vulns,
                                 const portfolio::Product& product,
                                 const portfolio::Release& release, const ViewOptions& options);

// Applies analyses (stored records and/or VEX statements) to a scan result in place: fills the
// statuses and drops suppressed findings unless show_suppressed. Used by release_view and by
// `bulwark scan --vex`. `release_version` marks records from other releases as inherited.
struct AnalysisSource {
  const std::vector<portfolio::AnalysisRecord>* records = nullptr;
  const std::vector<VexDocument>* vex = nullptr;
  const std::vector<std::string>* vex_names = nullptr;
  std::string release_version;
  const std::vector<portfolio::StoredFinding>* history = nullptr;  // first/last seen
};
Result<void> apply_analyses(const Sbom& sbom, match::ScanResult& result,
                            std::vector<report::FindingStatus>& statuses,
                            std::size_t& suppressed_hidden, const AnalysisSource& source,
                            bool show_suppressed);

// The stored analysis that applies to a finding of component `c` whose alias group is `ids`,
// among records of the component's identity: an id shared, the version in scope; a version scope
// wins over "every version", then the newest. nullptr when none applies.
Result<const portfolio::AnalysisRecord*> applicable_analysis(
    const std::vector<const portfolio::AnalysisRecord*>& candidates,
    const std::vector<std::string>& ids, const Component& c);

// A stored finding with the analysis that applies to it (the server's findings list).
struct FindingRow {
  portfolio::StoredFinding stored;
  std::optional<Analysis> analysis;
  std::string origin;  // release version where recorded, else the record's source
  bool inherited = false;
  std::string state() const;  // the analysis state, "none" when not triaged
};
// Attaches the applicable analyses to stored findings of `release` (one indexed lookup for the
// identities of the rows).
Result<std::vector<FindingRow>> with_analyses(portfolio::Store& store,
                                              const portfolio::Release& release,
                                              std::vector<portfolio::StoredFinding> rows);

// A keyset page of a release's open findings in id order: filters by priority, severity, KEV,
// first seen and vulnerability ids are answered by the store's indexed query. A filter on
// analysis state: the state follows from the product's analyses (alias groups, version scopes),
// which apply only to findings of the components they were recorded for, so the store is asked
// for the findings of those component identities (indexed; each evaluated) and, for "none",
// for the findings of every other identity (untriaged by construction: indexed page and count).
// `total` counts every finding the filters match (up to `count_cap` when it is not 0).
struct FindingsPageRequest {
  portfolio::FindingQuery query;    // release_id is set from `release`; limit 0: every finding
  std::vector<std::string> states;  // analysis states, "none" for untriaged; empty: any
  std::size_t count_cap = 0;        // stop counting at this many (0: exact)
};
struct FindingsPage {
  std::vector<FindingRow> items;
  std::size_t total = 0;
  bool total_capped = false;    // total reached count_cap: at least this many
  std::int64_t next_after = 0;  // keyset cursor of the next page, 0 when this is the last
};
Result<FindingsPage> findings_page(portfolio::Store& store, const portfolio::Release& release,
                                   FindingsPageRequest request);
// The same over several releases (query.release_ids; query.release_id 0).
Result<FindingsPage> findings_page(portfolio::Store& store,
                                   const std::vector<portfolio::Release>& releases,
                                   FindingsPageRequest request);
// One open finding of a release by id, with its analysis (kNotFound when not open there).
Result<FindingRow> open_finding(portfolio::Store& store, const portfolio::Release& release,
                                std::int64_t id);

// Explain: one open finding with its analysis and what matching its component alone against the
// current database says about it (the records and ranges, how the package was identified,
// scores, KEV, priority reason). Reads the release's stored SBOM and matches only the finding's
// component (with the SBOM's operating-system component, the distro hint), never the release.
struct FindingExplanation {
  FindingRow row;
  std::shared_ptr<const match::FindingCore> core;  // nullptr: the database no longer reports it
};
Result<FindingExplanation> explain_finding(portfolio::Store& store, vulndb::Store& vulns,
                                           const portfolio::Product& product,
                                           const portfolio::Release& release, std::int64_t id,
                                           portfolio::RiskStore* risk = nullptr);

// The grid's filters beyond the store's columns: EPSS (the CVEs at or over a score and
// percentile, looked up in the vulnerability database once) and time in triage (open, first
// seen more than N days before `now`). Sets query.vulnerabilities / query.first_seen_before.
struct GridFilters {
  std::optional<double> epss_score, epss_percentile;  // 0..1
  std::optional<int> open_days;                       // first seen at least this many days ago
};
Result<void> apply_grid_filters(vulndb::Store& vulns, const GridFilters& filters,
                                const std::string& now_rfc3339, portfolio::FindingQuery& query);

// The releases the portfolio grid covers: those (archived ones left out) of the products `who`
// sees; of `product` only when named, and only its release `version` when named (kNotFound
// when not visible or absent, as for a missing one).
Result<std::vector<portfolio::Release>> grid_releases(portfolio::Store& store,
                                                      accounts::AccountStore& accounts,
                                                      const Principal& who,
                                                      std::string_view product,
                                                      std::string_view version);

// The portfolio-wide grid grouped by vulnerability: one row per vulnerability with the number of
// open findings and of releases they are in; keyset by vulnerability id.
struct VulnerabilityPage {
  std::vector<portfolio::VulnerabilityGroup> items;
  std::string next_after;  // empty when this is the last page
};
Result<VulnerabilityPage> vulnerability_page(portfolio::Store& store,
                                             const portfolio::FindingQuery& query,
                                             std::string_view after, std::size_t limit);

// Filters of a findings view: priorities ("P0,P1") and analysis states ("affected,none"; "none":
// not triaged). Empty: everything.
struct FindingFilter {
  std::string priorities;
  std::string states;
  bool active() const { return !priorities.empty() || !states.empty(); }
};
// Keeps the findings (and their statuses) that pass the filter.
void filter_view(ReleaseView& view, const FindingFilter& filter);
// Unsuppressed findings of the view that reach the gate.
std::size_t gate_hits(const ReleaseView& view, const Gate& gate);

// `findings PRODUCT[@VERSION]`: one view per release (every release of the product when no
// version is named), filtered, with the gate counted over what is shown.
struct FindingsRequest {
  std::string target;  // PRODUCT or PRODUCT@VERSION
  bool show_suppressed = false;
  FindingFilter filter;
  Gate gate;
  std::vector<std::string> vex_paths;    // one-off VEX documents (not stored): files, and/or
  std::vector<VexUpload> vex;            // documents as received
  portfolio::RiskStore* risk = nullptr;  // as ViewOptions::risk
};
struct FindingsResult {
  Target target;
  std::vector<portfolio::Release> releases;
  std::vector<ReleaseView> views;  // parallel to releases; sbom.source_path is PRODUCT@VERSION
  std::size_t gate_reached = 0;
  std::string now;  // RFC 3339 of the view
};
Result<FindingsResult> findings(portfolio::Store& store, vulndb::Store& vulns,
                                const FindingsRequest& request, const Clock& clock);

}  // namespace bulwark::service
