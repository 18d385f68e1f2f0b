// Internal to the report module: JSON fragments shared by the JSON-based presenters.
#pragma once

#include <nlohmann/json.hpp>

#include "bulwark/match/matcher.hpp"
#include "bulwark/model/sbom.hpp"

namespace bulwark::report::detail {

nlohmann::ordered_json component_json(const Component& c);
nlohmann::ordered_json evidence_json(const match::Evidence& e);
// Lower-case CycloneDX severity: critical, high, medium, low, unknown.
std::string cdx_severity(const std::string& severity);

}  // namespace bulwark::report::detail
