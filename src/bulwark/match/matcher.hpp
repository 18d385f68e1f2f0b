// Matching: turns SBOM components into exact, explained findings against the OSV store.
//
// Pipeline per scan: resolve each component to an OSV package key (ecosystem from the purl
// type, namespace and distro qualifier; name normalised per ecosystem; Debian/Ubuntu by source
// package), look each distinct key up once, evaluate every candidate's affected ranges with the
// ecosystem's version rules exactly as the OSV schema defines them, and merge records that
// alias each other into one finding per component and vulnerability. Nothing is silently
// dropped: components that cannot be matched are listed with the reason.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/osv.hpp"
#include "bulwark/model/sbom.hpp"
#include "bulwark/risk/policy.hpp"

namespace bulwark::vulndb {
class Store;
}

namespace bulwark::match {

// The OSV identity of a component.
struct PackageKey {
  std::string ecosystem_base;  // "Debian", "PyPI", ...
  std::string release;         // distro release when known ("12", "v3.20", "22.04"), else empty
  std::string name;            // as looked up (normalised per ecosystem)
  std::string version;         // the version evaluated
  std::string
      matched_by;  // "purl", "source package (upstream qualifier)", "binary package name", ...
};

// Resolves a component, or says why it cannot be matched (no purl, unknown type, ...).
struct Resolution {
  std::optional<PackageKey> key;
  std::string reason;  // when !key
};
// `distro_hint` is the SBOM's operating-system component ("debian 12.5"), used when a deb/apk/rpm
// purl carries no distro qualifier.
Resolution resolve(const Component& c, std::string_view distro_hint = {});

// Outcome of evaluating one affected[] entry against a version.
struct Evaluation {
  bool affected = false;
  std::string range;               // the range or list entry that matched, human-readable
  std::vector<std::string> fixed;  // fixed versions of the ranges (filled when affected)
  std::vector<std::string> notes;  // e.g. a range whose versions do not parse
  bool git_skipped = false;        // the entry has GIT ranges, which are not evaluated offline
};
// Memo of per-range work that does not depend on the evaluated version (event order). Valid as
// long as the evaluated records stay alive; one per scan. Not thread-safe.
class EvalCache;

// Evaluates affected.ranges (SEMVER, ECOSYSTEM; GIT is noted, not evaluated) and
// affected.versions per the OSV schema (the versions list is matched by exact string, a leading
// "v" ignored). Fails when the version or an event version does not parse under the
// ecosystem's rules.
Result<Evaluation> evaluate(const OsvAffected& affected, std::string_view version,
                            EvalCache* cache = nullptr);

struct Evidence {
  std::string record_id;
  std::string ecosystem;  // the affected entry's full ecosystem ("Debian:12")
  std::string package;    // the affected entry's package name
  std::string matched_by;
  std::string range;
};

struct CvssEntry {
  std::string version;   // "2.0", "3.0", "3.1", "4.0"
  double score = 0;      // base score (v4: the vector's CVSS-B/BT/BE/BTE score)
  std::string vector;    // normalised
  std::string severity;  // qualitative rating of the score
  std::string source;    // "OSV GHSA-...", "NVD nvd@nist.gov (Primary)", ...
};

// Options that shape risk: the policy, the product's CRA class and the date the clock starts.
struct ScanOptions {
  const risk::Policy* policy = nullptr;              // nullptr: risk::default_policy()
  std::shared_ptr<const risk::Policy> owned_policy;  // keeps `policy` alive when it owns it
  risk::ProductClass product_class = risk::ProductClass::kDefault;
  std::string today;  // YYYY-MM-DD the fix-by clock starts from (UTC)
  // CPE matching against NVD configurations runs for components the OSV path cannot cover
  // (no purl, or an ecosystem without OSV data) that carry a CPE; `cpe_guess` also guesses a
  // CPE from the name for such components without one (lower confidence).
  bool cpe = true;
  bool cpe_guess = false;
  // What each component exposes per the release's risk assessment (risk::Signals::reach); empty
  // or returning nullptr: nothing known, priorities do not depend on exposure. The Reach must
  // outlive the scan; components given the same Reach share their findings.
  std::function<const risk::Reach*(const Component&)> reach;
};

// What a finding says about a vulnerability in a package at a version. Shared (immutable) by
// every component that carries the same package at the same version, so that an SBOM with
// hundreds of thousands of components does not copy it per component.
struct FindingCore {
  std::string id;                    // preferred id of the group (CVE when there is one)
  std::vector<std::string> aliases;  // every other id of the group (record ids and aliases), sorted
  std::vector<std::string> record_ids;
  std::string summary;
  std::string severity;    // CRITICAL, HIGH, MEDIUM, LOW, NONE or UNKNOWN
  double cvss_score = -1;  // best score known (see best_cvss), -1 when none
  std::string cvss_vector;
  std::string cvss_version;
  std::string cvss_source;
  std::vector<CvssEntry> cvss_all;  // every score known, from the advisories and NVD
  // EPSS (FIRST) for the group's CVE(s): the highest when several.
  std::optional<double> epss;
  std::optional<double> epss_percentile;
  std::string epss_date;
  // CISA Known Exploited Vulnerabilities.
  bool kev = false;
  std::string kev_date_added;
  std::string kev_due_date;
  bool kev_ransomware = false;
  // Risk (risk::assess): priority P0..P4, fix-by date and why.
  std::string priority;
  std::string fix_by;
  std::string priority_reason;
  std::string priority_exposure;     // the risk assessment's part of the reason (empty: none)
  bool article14_candidate = false;  // known exploited: candidate for a CRA Article 14 report
  std::vector<std::string> cwes;
  std::vector<std::string> fixed_versions;
  std::vector<std::string> references;
  std::string published;
  std::string modified;
  std::vector<Evidence> evidence;
  std::string match_kind = "osv";  // "osv" (package URL + OSV ranges) or "cpe" (NVD configuration)
  double confidence = 1.0;         // 1.0 for OSV matches; CPE matches say how sure they are
};

struct Finding {
  std::size_t component = 0;  // index into Sbom::components
  std::shared_ptr<const FindingCore> core;
  const FindingCore* operator->() const { return core.get(); }
};

struct Uncovered {
  std::size_t component = 0;
  std::string reason;
};

struct ScanSummary {
  std::size_t components = 0;
  std::size_t resolved = 0;            // components with an OSV package key
  std::size_t matched_components = 0;  // components with at least one finding
  std::size_t findings = 0;
  std::vector<Uncovered> uncovered;  // not matched: no purl, ecosystem without data, bad version
  std::vector<std::string> notes;    // scan-wide notes (GIT ranges skipped, unknown distro release)
};

struct ScanResult {
  std::vector<Finding> findings;
  ScanSummary summary;
};

// Matches every component of sbom against the store and enriches each finding with CVSS, EPSS,
// KEV and its priority. Fails when the store is empty.
Result<ScanResult> scan(const Sbom& sbom, vulndb::Store& store, const ScanOptions& options = {});

// Severity rank for gates: UNKNOWN 0, LOW 1, MEDIUM 2, HIGH 3, CRITICAL 4; -1 for an unknown word.
int severity_rank(std::string_view severity);

}  // namespace bulwark::match
