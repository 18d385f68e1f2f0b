// Internal to the report module: JSON fragments shared by the JSON-based presenters.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>

#include "bulwark/match/matcher.hpp"
#include "bulwark/model/sbom.hpp"
#include "bulwark/report/report.hpp"

namespace bulwark::report::detail {

nlohmann::ordered_json component_json(const Component& c);
// The "analysis" member of a finding (bulwark-scan/1 JSON).
nlohmann::ordered_json status_json(const FindingStatus& st);
// CycloneDX 1.6 analysis object (state, justification, response, detail) for an analysis.
nlohmann::ordered_json cdx_analysis(const Analysis& a);
nlohmann::ordered_json evidence_json(const match::Evidence& e);
// Streams a JSON object member by member so that large arrays (findings) are written one
// element at a time instead of being built as one document in memory. Output is indented like
// nlohmann's dump(2).
class ObjectStream {
 public:
  explicit ObjectStream(std::ostream& out, int indent = 0);
  // Writes "key": value.
  void member(std::string_view key, const nlohmann::ordered_json& value);
  // Opens "key": [ ; then element() per item; then end_array().
  void begin_array(std::string_view key);
  void element(const nlohmann::ordered_json& value);
  void end_array();
  // Starts an array element that the caller writes itself (e.g. a nested ObjectStream with
  // indent + 4).
  void open_element();
  // Writes the closing brace.
  void close();

 private:
  void write_indented(const nlohmann::ordered_json& value, int indent);
  std::ostream& out_;
  int indent_;
  bool first_member_ = true;
  bool first_element_ = true;
};

// Lower-case CycloneDX severity: critical, high, medium, low, unknown.
std::string cdx_severity(const std::string& severity);

}  // namespace bulwark::report::detail
