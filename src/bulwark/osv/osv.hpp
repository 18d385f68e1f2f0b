// OSV record parsing and validation (https://ossf.github.io/osv-schema/).
// Accepts JSON and YAML. Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/model/osv.hpp"

namespace bulwark::osv {

// Parses one OSV record from JSON text. Validates what matching relies on: id and modified
// present, each affected entry names a package (or is a GIT range), event kinds known, ranges
// have an "introduced" event. The error names the field as a JSON pointer.
Result<OsvRecord> parse_json(std::string_view json);

// Converts an OSV record written in YAML to its JSON text (then parse_json applies).
Result<std::string> yaml_to_json(std::string_view yaml);

// An RFC 3339 time in a canonical UTC form that sorts as text
// ("2024-07-03T20:05:21.000000000Z"); empty when the text is not RFC 3339. Used to compare
// `modified` times written with different precisions or offsets.
std::string sortable_time(std::string_view rfc3339);

}  // namespace bulwark::osv
