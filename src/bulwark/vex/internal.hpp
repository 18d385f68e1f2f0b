// Helpers shared by the vex readers and writers. Not included outside src/bulwark/vex.
// Only nlohmann's forward declarations here; the .cpp files include the full header.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark::vex::detail {

// Parses JSON; a syntax error or nesting deeper than kMaxNestingDepth names the file, line and
// column.
Result<nlohmann::json> parse_json(std::string_view content, std::string_view name);

// The string at obj[key], or "" when absent; an error (naming pointer/key) when not a string.
Result<std::string> string_field(const nlohmann::json& obj, std::string_view key,
                                 const std::string& pointer);

// The string at obj[key] when obj is an object holding a string there, else "" (never throws).
std::string text_of(const nlohmann::json& obj, std::string_view key);

// Serialises without throwing: invalid UTF-8 in model strings is replaced (U+FFFD).
std::string dump_json(const nlohmann::ordered_json& j, int indent = -1);

// An RFC 3339 date-time normalised to UTC whole seconds ("" stays ""); the error names pointer.
Result<std::string> normalise_timestamp(const std::string& text, const std::string& pointer);

// A version-4-shaped UUID derived from the SHA-256 of `seed` (deterministic serial numbers).
std::string uuid_from(std::string_view seed);

// "NVD" for CVE-..., "GitHub Advisories" for GHSA-..., "OSV" for other OSV prefixes, else "".
std::string source_name_for(std::string_view vulnerability_id);

// OpenVEX @id values must be IRIs. An identifier that already is one (a scheme followed by ':',
// e.g. "https://...", "pkg:...", "urn:...") is kept; anything else ("acme-gateway") is written
// as "urn:bulwark:<kind>:<percent-encoded text>", which from_iri() turns back into the text.
bool is_iri(std::string_view id);
std::string to_iri(std::string_view id, std::string_view kind);
std::string from_iri(std::string_view iri);

}  // namespace bulwark::vex::detail
