#include "bulwark/service/gate.hpp"

#include "bulwark/core/text.hpp"
#include "bulwark/risk/policy.hpp"

namespace bulwark::service {

bool Gate::reached(std::string_view finding_priority, std::string_view finding_severity) const {
  if (priority >= 0) return finding_priority.size() == 2 && finding_priority[1] - '0' <= priority;
  if (severity >= 0) return match::severity_rank(finding_severity) >= severity;
  return false;
}

Result<Gate> parse_gate(std::string_view text) {
  Gate gate;
  if (text.empty()) return gate;
  const std::string up = to_upper(text);
  if (auto p = risk::parse_priority(up)) {
    gate.priority = static_cast<int>(*p);
  } else if (match::severity_rank(up) > 0) {
    gate.severity = match::severity_rank(up);
  } else {
    return invalid_input(
        "expected a priority (P0..P4) or a severity (critical, high, medium, low), got '" +
        std::string(text) + "'");
  }
  return gate;
}

}  // namespace bulwark::service
