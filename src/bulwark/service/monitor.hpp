// Monitoring: re-match every stored release (or one product's) against the current database and
// say what is new, changed, reopened or resolved since the last run; the gate counts new and
// reopened findings. The monitor report (JSON and text) is built here.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/progress.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/findings_sync.hpp"
#include "bulwark/service/gate.hpp"

namespace bulwark::vulndb {
class Store;
}

namespace bulwark::service {

struct ReleaseDelta {
  portfolio::Release release;
  std::vector<FindingChange> changes;
  std::size_t open = 0;  // open findings after the run
};
struct MonitorReport {
  std::string at;            // this run (RFC 3339)
  std::string previous_run;  // the last run before it, empty when first
  std::vector<ReleaseDelta> releases;
  std::size_t added = 0, changed = 0, resolved = 0, components = 0;
};
struct MonitorOptions {
  std::string now;      // RFC 3339
  std::string today;    // YYYY-MM-DD
  std::string product;  // only this product (empty: all)
  // The releases' risk assessments decide what their components expose (service/reach.hpp);
  // nullptr: priorities do not depend on exposure.
  portfolio::RiskStore* risk = nullptr;
  Progress* progress = nullptr;  // stages: load (releases), match (groups), store (releases)
};
Result<MonitorReport> monitor(portfolio::Store& store, vulndb::Store& vulns,
                              const MonitorOptions& options);

struct MonitorRequest {
  std::string product;                   // only this product (empty: all)
  Gate gate;                             // counted over new and reopened findings
  portfolio::RiskStore* risk = nullptr;  // as MonitorOptions::risk
  Progress* progress = nullptr;
};
struct MonitorResult {
  MonitorReport report;
  std::size_t gate_reached = 0;
};
Result<MonitorResult> monitor(portfolio::Store& store, vulndb::Store& vulns,
                              const MonitorRequest& request, const Clock& clock);

// The report as `monitor --format json` (schema bulwark-monitor/1) and as the text table.
std::string monitor_json(const MonitorReport& report);
std::string monitor_text(const MonitorReport& report);

}  // namespace bulwark::service
