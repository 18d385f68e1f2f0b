// The assessment's text forms: the native JSON/YAML document (schemas/risk-assessment.schema.json),
// imports from threat-modelling tools (OWASP Threat Dragon 2.x, Open Threat Model, the OWASP
// threat-model library's TM-BOM, CycloneDX 1.6 threat models) that list what did not map, and
// exports (canonical JSON, Markdown, CycloneDX 1.6). Malformed input fails with kInvalidInput
// naming the file and the JSON pointer; nesting is limited before any recursive parser runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/assessment/assessment.hpp"
#include "bulwark/core/result.hpp"

namespace bulwark::assessment {

enum class SourceFormat { kAuto, kNative, kThreatDragon, kOtm, kTmBom, kCycloneDx };
// "auto", "bulwark", "threat-dragon", "otm", "tmbom", "cyclonedx".
std::string_view to_string(SourceFormat f);
std::optional<SourceFormat> source_format_from_string(std::string_view s);

struct Imported {
  Assessment assessment;
  SourceFormat format = SourceFormat::kNative;
  std::vector<std::string> mapped;  // "3 assets (tm.Process, tm.Store)", one line per kind
  std::vector<std::string>
      not_mapped;  // "/detail/diagrams/0/cells/4: tm.Text 'note': no equivalent"
};

// Reads a document of any supported format (sniffed from its content with kAuto); `name` (the
// file name) prefixes every error. The native form is validated (validate()); interchange
// formats are mapped and then validated.
// With standalone false (a document laid over another with merge), a native document is
// not validated on its own: it may refer to elements of the base; validate the merged result.
Result<Imported> import_document(std::string_view text, std::string_view name,
                                 SourceFormat format = SourceFormat::kAuto, bool standalone = true);

// The native document (JSON or YAML, sniffed) without validation.
Result<Assessment> parse(std::string_view text, std::string_view name);

// Canonical JSON of the native form (two-space indentation, fixed key order, newline-terminated).
std::string to_json(const Assessment& a);
// The same document as block-style YAML (strings double-quoted); reads back with parse().
std::string to_yaml(const Assessment& a);

struct ExportHeader {    // what an export says about the revision it came from
  std::string revision;  // e.g. "revision 3, approved by cto@acme.example on 2026-12-02"
  std::string generated_at;
};
std::string to_markdown(const Assessment& a, const ExportHeader& h);
// The same document as one self-contained HTML page (every text escaped).
std::string to_html(const Assessment& a, const ExportHeader& h);
// CycloneDX 1.6 with the model as "threat-model" components (cdx:model:* properties, as the
// TM-BOM examples use) and Bulwark's ratings and links as bulwark:* properties; reads back
// with import_document.
std::string to_cyclonedx(const Assessment& a, const ExportHeader& h);

}  // namespace bulwark::assessment
