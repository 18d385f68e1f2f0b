// Vulnerability handling over the portfolio store: releases with their SBOMs, findings views with
// the analyses that apply (recorded on this release or inherited), monitoring (re-match every
// release against the current database and say what changed), triage, VEX import/export and
// CSAF advisory input. Everything that writes does so in one transaction: a failure changes
// nothing.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/model/handling.hpp"
#include "bulwark/model/sbom.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/report/report.hpp"

namespace bulwark::vulndb {
class Store;
}

namespace bulwark::portfolio {

// ---- identity (identity.cpp) ----

// The identity an analysis is keyed on: the purl without version, qualifiers and subpath
// ("pkg:npm/lodash"), else "name:" + group/name in lower case.
std::string component_identity(const Component& c);
std::string purl_identity(std::string_view purl);  // the same for a purl string ("" when invalid)
// A finding's component key within a release: the purl (normalised, with version) or name@version.
std::string component_key(const Component& c);
// Whether a component version lies in a version scope: "" (all versions) or comma-separated
// constraints "=1.2.3", ">=1.0", "<2.0", "!=1.5" compared with the component's ecosystem rules.
// Fails when the scope is malformed.
Result<bool> version_in_scope(std::string_view scope, const Component& c);
Result<void> validate_scope(std::string_view scope);
// CRA class names (as scan --product-class): default, important-1, important-2, critical.
bool valid_cra_class(std::string_view s);
risk::ProductClass product_class_of(const Product& p);

// ---- releases and findings (releases.cpp) ----

struct ReleaseInput {
  std::string sbom_path;  // an SBOM file, or
  std::string target;     // a directory, archive or lockfile to inventory
  std::string released_at, support_end, support_rationale;
  std::string tool_version;
};

struct AddedRelease {
  Release release;
  std::size_t findings = 0;  // open findings after the first match (0 when the database is empty)
  bool matched = false;      // false when the vulnerability database was empty
};

// Reads (or inventories) the SBOM, stores it as imported and as CycloneDX JSON, records the
// component occurrences and matches it once. `vulns` may be null (no matching).
Result<AddedRelease> add_release(Store& store, vulndb::Store* vulns, const Product& product,
                                 const std::string& version, const ReleaseInput& in, const std::string& now);

// A release resolved from "PRODUCT@VERSION" (or "PRODUCT" alone when want_release is false).
struct Target {
  Product product;
  std::optional<Release> release;
};
Result<Target> resolve_target(Store& store, std::string_view spec, bool require_release);

struct ViewOptions {
  bool show_suppressed = false;
  std::string today;  // YYYY-MM-DD for fix-by dates; empty: today
  std::vector<VexDocument> vex;  // one-off VEX documents applied on top of stored analyses
  std::vector<std::string> vex_names;
};

// A release matched against the current database, with the applicable analyses.
struct ReleaseView {
  Sbom sbom;
  match::ScanResult result;  // suppressed findings removed unless show_suppressed
  std::vector<report::FindingStatus> statuses;  // parallel to result.findings
  std::size_t suppressed_hidden = 0;
};
Result<ReleaseView> release_view(Store& store, vulndb::Store& vulns, const Product& product, const Release& release,
                                 const ViewOptions& options);

// Applies analyses (stored records and/or VEX statements) to a scan result in place: fills the
// statuses and drops suppressed findings unless show_suppressed. Used by release_view and by
// `bulwark scan --vex`. `release_version` marks records from other releases as inherited.
struct AnalysisSource {
  const std::vector<AnalysisRecord>* records = nullptr;
  const std::vector<VexDocument>* vex = nullptr;
  const std::vector<std::string>* vex_names = nullptr;
  std::string release_version;
  const std::vector<StoredFinding>* history = nullptr;  // first/last seen
};
Result<void> apply_analyses(const Sbom& sbom, match::ScanResult& result, std::vector<report::FindingStatus>& statuses,
                            std::size_t& suppressed_hidden, const AnalysisSource& source, bool show_suppressed);

struct ReleaseDelta {
  Release release;
  std::vector<FindingChange> changes;
  std::size_t open = 0;  // open findings after the run
};
struct MonitorReport {
  std::string at;             // this run (RFC 3339)
  std::string previous_run;   // the last run before it, empty when first
  std::vector<ReleaseDelta> releases;
  std::size_t added = 0, changed = 0, resolved = 0, components = 0;
};
struct MonitorOptions {
  std::string now;    // RFC 3339
  std::string today;  // YYYY-MM-DD
  std::string product;  // only this product (empty: all)
};
Result<MonitorReport> monitor(Store& store, vulndb::Store& vulns, const MonitorOptions& options);

// ---- handling (handling.cpp) ----

struct TriageRequest {
  std::string vulnerability;  // any id of the group: CVE, GHSA, OSV id
  std::string component;      // purl (with or without version) or name; empty when unambiguous
  Analysis analysis;
  std::string scope = "all";  // "all" (every version of the component), "release" (this version only) or constraints
};
struct TriageResult {
  AnalysisRecord record;
  StoredFinding finding;
};
Result<TriageResult> triage(Store& store, const Target& target, const TriageRequest& request);

struct VexImportReport {
  std::size_t statements = 0;
  std::size_t applied = 0;    // statements that matched at least one finding
  std::size_t findings = 0;   // findings an imported analysis now covers
  std::size_t recorded = 0;   // analyses written
  std::vector<std::string> unmatched;  // "location: vulnerability on components: reason"
};
Result<VexImportReport> import_vex(Store& store, const Target& target, const VexDocument& doc,
                                   const std::string& source_name, const std::string& now);
Result<VexDocument> export_vex(Store& store, const Target& target, const std::string& author, const std::string& now);

// Reads a VEX document of any supported format (sniffed from the content).
Result<VexDocument> read_vex_file(const std::string& path);
Result<std::string> write_vex(const VexDocument& doc, VexFormat format, const Product* product);

// ---- advisories (advisory.cpp) ----
struct AdvisoryRequest {
  std::vector<std::string> vulnerabilities;  // ids as the findings know them
  std::string tracking_id;                   // empty: <PRODUCT>-SA-<year>-<n>
  std::string title, summary;
  std::vector<std::string> fixed_in;  // release versions that fix them (remediation vendor_fix)
  std::string remediation_url;
  std::string status = "final";
  std::string now;  // RFC 3339
  std::string today;
};
Result<AdvisoryInput> build_advisory(Store& store, vulndb::Store& vulns, const Product& product,
                                     const AdvisoryRequest& request);

}  // namespace bulwark::portfolio
