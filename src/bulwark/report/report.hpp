// Presenters for scan results. Each renders one view (ScanReport) to a stream and never touches
// the database. Formats: table (terminal), json (Bulwark's own, stable field names), sarif
// (SARIF 2.1.0), cyclonedx (CycloneDX 1.6 vulnerability report referring to the input SBOM's
// bom-refs).
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/model/sbom.hpp"

namespace bulwark::report {

struct ScanReport {
  const Sbom& sbom;
  const match::ScanResult& result;
  std::string database;      // path of the database used
  std::string tool_version;  // bulwark version
  std::string timestamp;     // RFC 3339 UTC of the scan
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
