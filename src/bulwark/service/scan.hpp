// The scan use case (bulwark scan, the server's scan endpoint): an SBOM (bytes or a path) or a
// target to inventory first, matched against the vulnerability store with a risk policy and a
// product class, VEX documents honoured, after the freshness policy has been applied. The front
// ends parse, call, render and map the typed results (the freshness verdict, the gate count).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/model/sbom.hpp"
#include "bulwark/report/report.hpp"
#include "bulwark/risk/policy.hpp"
#include "bulwark/service/gate.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::service {

// How old the vulnerability data may be (days since a source's last import).
struct FreshnessPolicy {
  double warn_age_days = 7;  // older: warn
  double max_age_days = 30;  // older: refuse to scan...
  bool allow_stale = false;  // ...unless stale data is allowed
};

struct SourceFreshness {
  std::string name;  // OSV, NVD, KEV, EPSS
  std::string imported_at;
  double age_days = 0;
  bool stale = false;  // past max_age_days (else only past warn_age_days)
};

// What the freshness policy says about the store: the sources to warn about (stale or old) and
// whether the scan is refused.
struct FreshnessVerdict {
  std::vector<SourceFreshness> sources;  // only sources past warn_age_days, in status order
  bool refused = false;                  // a stale source and stale data not allowed
};

Result<FreshnessVerdict> check_freshness(vulndb::Store& store, const FreshnessPolicy& policy,
                                         const Clock& clock);

// Where the SBOM comes from: bytes (an upload; `name` for messages) or a path, which may also
// be a directory, archive or lockfile to inventory first.
struct ScanInput {
  std::optional<std::string> sbom_bytes;
  std::string name;  // the path, or the upload's name
};

struct ScanRequest {
  ScanInput input;
  std::optional<risk::Policy> policy;  // nullopt: the default policy
  risk::ProductClass product_class = risk::ProductClass::kDefault;
  bool cpe_guess = false;
  std::vector<std::string> vex_paths;  // not_affected / fixed / false_positive suppress
  bool show_suppressed = false;
  FreshnessPolicy freshness;
  std::string database;  // the store's location, named in errors and in the report
};

struct ScanOutcome {
  FreshnessVerdict freshness;  // when refused, nothing below was computed
  Sbom sbom;
  match::ScanResult result;
  std::vector<report::FindingStatus> statuses;  // parallel to result.findings when VEX applied
  std::size_t suppressed_hidden = 0;
  bool vex_applied = false;
  std::string timestamp;  // RFC 3339 UTC of the scan (the clock's)
  std::string database;

  // The presenters' view (references this outcome: keep it alive while rendering).
  report::ScanReport view(std::string tool_version) const;
  // Findings at or above the gate, suppressed ones not counted.
  std::size_t gate_count(const Gate& gate) const;
};

// Loads everything the request names (the SBOM or inventory, VEX files), applies the freshness
// policy, matches and applies VEX. Errors name the file or value at fault; a refused freshness
// verdict is a successful outcome with `freshness.refused`.
Result<ScanOutcome> scan(vulndb::Store& store, const ScanRequest& request, const Clock& clock);

// The target loader: an SBOM document, or a directory / archive / lockfile to inventory.
Result<Sbom> load_scan_target(const ScanInput& input);

}  // namespace bulwark::service
