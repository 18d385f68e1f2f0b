// Writes a bulwark::Sbom as CycloneDX 1.6 JSON or SPDX 2.3 JSON (SBOM generation).
//
// CycloneDX: metadata (timestamp, tools.components = bulwark, component = Sbom::subject,
// supplier), serialNumber (urn:uuid), components with bom-ref, type, supplier, group, name,
// version, purl, cpe, licenses, hashes, properties and evidence.occurrences (Component::location),
// nested by Component::parent, and the dependency graph. SPDX: one package per component,
// DESCRIBES the subject, DEPENDS_ON / CONTAINS relationships. Output validates against the
// official schemas. Thread-safe (no shared state).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/sbom.hpp"

namespace bulwark::sbom {

struct WriteOptions {
  std::string tool_version;  // bulwark's version, for the tool entry
  std::string timestamp;     // RFC 3339 UTC, e.g. "2024-05-01T12:00:00Z"; empty: current_timestamp()
  // The manufacturer's vulnerability contact (CRA): an e-mail address or a URL. CycloneDX:
  // metadata.manufacturer (named after the subject's supplier); SPDX: a creator comment.
  std::string contact;
};

// Writes `sbom` in `format` (kCycloneDxJson or kSpdxJson); other formats are unsupported.
Result<void> write(const Sbom& sbom, SbomFormat format, std::ostream& out, const WriteOptions& options);
Result<void> write_cyclonedx_json(const Sbom& sbom, std::ostream& out, const WriteOptions& options);
Result<void> write_spdx_json(const Sbom& sbom, std::ostream& out, const WriteOptions& options);

// The current UTC time as RFC 3339 ("2024-05-01T12:00:00Z"); SOURCE_DATE_EPOCH, when set to a
// number of seconds, replaces the clock (reproducible builds).
std::string current_timestamp();

// How a licence string is written: a known SPDX identifier (canonical spelling), an SPDX
// expression (operators AND/OR/WITH, parentheses, LicenseRef-), or a free-text name.
enum class LicenseKind { kSpdxId, kExpression, kName };
struct ClassifiedLicense {
  LicenseKind kind = LicenseKind::kName;
  std::string text;  // canonical identifier, expression or name (trimmed)
};
ClassifiedLicense classify_license(std::string_view license);

// The SPDX identifiers classify_license recognises (a common subset of the SPDX list).
const std::vector<std::string_view>& known_spdx_ids();

}  // namespace bulwark::sbom
