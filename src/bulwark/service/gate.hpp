// Finding gates: "fail when a finding reaches this priority or severity" (the CLI's --fail-on,
// the server's CI gate). One rule for scan, findings and monitor.
#pragma once

#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/match/matcher.hpp"

namespace bulwark::service {

// A priority (P0..P4: reached when a finding is at least that urgent) or a severity (critical,
// high, medium, low: reached at that severity or above). Inactive when neither is set.
struct Gate {
  int priority = -1;  // 0..4
  int severity = -1;  // match::severity_rank
  bool active() const { return priority >= 0 || severity >= 0; }
  bool reached(std::string_view finding_priority, std::string_view finding_severity) const;
  bool reached(const match::Finding& f) const { return reached(f->priority, f->severity); }
};

// Parses "P1", "p1", "high", ... ("" gives an inactive gate). The error names the text.
Result<Gate> parse_gate(std::string_view text);

}  // namespace bulwark::service
