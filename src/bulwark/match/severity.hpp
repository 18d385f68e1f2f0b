// Internal: severity of an OSV record for a finding. Uses the CVSS v3.x base score computed
// from the record's vector when present, else the database's qualitative severity.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bulwark/model/osv.hpp"

namespace bulwark::match {

// CVSS v3.0/v3.1 base score of a vector ("CVSS:3.1/AV:N/..."); nullopt when it is not a
// complete, valid v3 base vector.
std::optional<double> cvss3_base_score(std::string_view vector);

// Qualitative rating of a CVSS v3 score: NONE, LOW, MEDIUM, HIGH, CRITICAL.
std::string cvss3_rating(double score);

struct SeverityInfo {
  std::string severity = "UNKNOWN";
  double score = -1;
  std::string vector;
};
SeverityInfo severity_of(const OsvRecord& record, const OsvAffected& affected);

}  // namespace bulwark::match
