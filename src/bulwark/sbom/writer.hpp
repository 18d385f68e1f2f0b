// Writes a bulwark::Sbom as CycloneDX 1.6 (JSON, XML), SPDX 2.3 (JSON, tag-value) or SPDX 3.0.1
// JSON-LD (SBOM generation).
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
  std::string timestamp;  // RFC 3339 UTC, e.g. "2024-05-01T12:00:00Z"; empty: current_timestamp()
  // The manufacturer's vulnerability contact (CRA): an e-mail address or a URL. CycloneDX:
  // metadata.manufacturer (named after the subject's supplier); SPDX: a creator comment.
  std::string contact;
};

// Every format Bulwark writes. SbomFormat (model/sbom.hpp) names what was read; this names what
// is written, including SPDX 3.0.1 JSON-LD, which the reader does not accept.
enum class OutputFormat { kCycloneDxJson, kCycloneDxXml, kSpdxJson, kSpdxTagValue, kSpdx3JsonLd };

// "cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tv", "spdx3-json"; anything else is a usage
// error that lists the accepted names.
Result<OutputFormat> parse_output_format(std::string_view name);
// The name parse_output_format accepts for `format`.
const char* format_name(OutputFormat format);
// The names, in the order above (for --help and CLI11 checks).
const std::vector<std::string>& output_format_names();

// Writes `sbom` in `format`.
Result<void> write(const Sbom& sbom, OutputFormat format, std::ostream& out,
                   const WriteOptions& options);
// Writes `sbom` in `format` (kCycloneDxJson or kSpdxJson; the OutputFormat overload has the rest).
Result<void> write(const Sbom& sbom, SbomFormat format, std::ostream& out,
                   const WriteOptions& options);
Result<void> write_cyclonedx_json(const Sbom& sbom, std::ostream& out, const WriteOptions& options);
Result<void> write_spdx_json(const Sbom& sbom, std::ostream& out, const WriteOptions& options);
// CycloneDX 1.6 XML: the same content as the JSON form, in the element order of bom-1.6.xsd.
Result<void> write_cyclonedx_xml(const Sbom& sbom, std::ostream& out, const WriteOptions& options);
// SPDX 2.3 tag-value: the same content as the SPDX JSON form.
Result<void> write_spdx_tag_value(const Sbom& sbom, std::ostream& out, const WriteOptions& options);
// SPDX 3.0.1 JSON-LD (Core, Software and SimpleLicensing profiles): CreationInfo, SpdxDocument,
// software_Package per component (packageVersion, externalIdentifier packageUrl/cpe23,
// verifiedUsing hashes), simplelicensing_LicenseExpression + hasDeclaredLicense, and
// describes / contains / dependsOn relationships.
Result<void> write_spdx3_jsonld(const Sbom& sbom, std::ostream& out, const WriteOptions& options);

// The current UTC time as RFC 3339 ("2024-05-01T12:00:00Z"); SOURCE_DATE_EPOCH, when set to a
// number of seconds, replaces the clock (reproducible builds).
std::string current_timestamp();

// A CycloneDX component type as given, when CycloneDX 1.6 defines it ("library", "firmware",
// "operating-system", ...); anything else (an SPDX purpose, empty) becomes "library".
std::string cyclonedx_component_type(std::string_view type);

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
