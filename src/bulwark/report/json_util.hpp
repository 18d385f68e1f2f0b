// Internal to the report module: JSON fragments shared by the JSON-based presenters, written
// with the streaming JsonWriter (no document tree per finding).
#pragma once

#include <string>

#include "bulwark/core/json_writer.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/model/sbom.hpp"
#include "bulwark/report/report.hpp"

namespace bulwark::report::detail {

// {"bom_ref", "name", "version", "purl"?, "source_name"?} — the object stays open when `open`
// is true so that the caller can add members (e.g. "reason").
void write_component(JsonWriter& w, const Component& c, bool open = false);
// The "analysis" member of a finding (bulwark-scan/1 JSON).
void write_status(JsonWriter& w, const FindingStatus& st);
// CycloneDX 1.6 analysis object (state, justification, response, detail) for an analysis.
void write_cdx_analysis(JsonWriter& w, const Analysis& a);
void write_evidence(JsonWriter& w, const std::vector<match::Evidence>& evidence);

// Lower-case CycloneDX severity: critical, high, medium, low, unknown.
std::string cdx_severity(const std::string& severity);

}  // namespace bulwark::report::detail
