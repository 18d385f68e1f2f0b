// Triage: record an analysis of one open finding of a release (scoped to every version of the
// component, this version, or version constraints), appended to the product's audit trail and
// carried over to the other releases it applies to.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/model/handling.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/products.hpp"

namespace bulwark::service {

struct TriageRequest {
  std::string vulnerability;  // any id of the group: CVE, GHSA, OSV id
  std::string component;      // purl (with or without version) or name; empty when unambiguous
  Analysis analysis;          // timestamp: set by the caller (or the clock, below)
  std::string scope = "all";  // "all" (every version of the component), "release" (this version
                              // only) or constraints
  // The open finding itself, when the caller has already read it (the server's triage by
  // finding id): no lookup over the release's findings; vulnerability and component are ignored.
  std::optional<portfolio::StoredFinding> finding;
};
struct TriageResult {
  portfolio::AnalysisRecord record;
  portfolio::StoredFinding finding;
};
Result<TriageResult> triage(portfolio::Store& store, const Target& target,
                            const TriageRequest& request);
// `triage PRODUCT@VERSION ...`: the analysis is timestamped by the clock when it has no timestamp.
Result<TriageResult> triage(portfolio::Store& store, std::string_view target, TriageRequest request,
                            const Clock& clock);

// The product's audit trail (`triage --history PRODUCT`), and its JSON document.
Result<std::vector<portfolio::HistoryEntry>> triage_history(portfolio::Store& store,
                                                            std::string_view product);
std::string triage_history_json(const std::vector<portfolio::HistoryEntry>& history);

}  // namespace bulwark::service
