// JSON form of a Case (for a store or an export): every field, times as RFC 3339 UTC strings,
// absent optionals as null, enums by their to_string names. case_from_json(case_to_json(c)) == c
// for every field (times to whole seconds).
#pragma once

#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/cra/case.hpp"

namespace bulwark::cra {

std::string case_to_json(const Case& c);

// Errors name the JSON field at fault, e.g. "case JSON: /early_warning/submitted_at: ...".
Result<Case> case_from_json(std::string_view text);

}  // namespace bulwark::cra
