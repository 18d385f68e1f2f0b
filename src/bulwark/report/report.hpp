// Presenters for scan results. Each renders one view (ScanReport) to a stream and never touches
// the database. Formats: table (terminal), json (Bulwark's own, stable field names), sarif
// (SARIF 2.1.0), cyclonedx (CycloneDX 1.6 vulnerability report referring to the input SBOM's
// bom-refs).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/model/handling.hpp"
#include "bulwark/model/sbom.hpp"

namespace bulwark::report {

// What is known about a finding beyond the match: the analysis that applies to it (from triage in
// the portfolio or from a VEX document), whether it was inherited from another release, whether the
// finding is suppressed (not_affected / fixed / false_positive), and its history.
struct FindingStatus {
  std::optional<Analysis> analysis;
  bool inherited = false;  // recorded on another release (or a version range) and carried over
  std::string
      origin;  // where the analysis was recorded: "acme-router@1.0", "vex.json /statements/3"
  bool suppressed = false;            // listed only because --show-suppressed asked for it
  std::string first_seen, last_seen;  // RFC 3339, portfolio findings only
};

struct ScanReport {
  const Sbom& sbom;
  const match::ScanResult& result;
  std::string database;      // path of the database used
  std::string tool_version;  // bulwark version
  std::string timestamp;     // RFC 3339 UTC of the scan
  // Parallel to result.findings when set (same size, same order).
  const std::vector<FindingStatus>* statuses = nullptr;
  std::size_t suppressed_hidden = 0;  // findings left out as suppressed (said in the summary)

  const FindingStatus* status(std::size_t i) const {
    return statuses && i < statuses->size() ? &(*statuses)[i] : nullptr;
  }
};

// format: "table", "json", "sarif" or "cyclonedx". `color` applies to the table only.
Result<void> render(std::string_view format, const ScanReport& report, std::ostream& out,
                    bool color = false);

void write_table(const ScanReport& report, std::ostream& out, bool color);
void write_json(const ScanReport& report, std::ostream& out);
void write_sarif(const ScanReport& report, std::ostream& out);
void write_cyclonedx(const ScanReport& report, std::ostream& out);

// Display label of a component: "name@version" (group/name for Maven-like groups).
std::string component_label(const Component& c);

}  // namespace bulwark::report
