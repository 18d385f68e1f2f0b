// VEX documents: OpenVEX 0.2.0 (reading 0.0.x/0.1 spellings too) and CycloneDX 1.6 VEX, read
// into and written from the plain model of model/handling.hpp, plus the rule that decides whether
// a statement applies to a finding. CSAF VEX is recognised by sniff() but read by the csaf module.
// The state/justification mapping across formats is documented in docs/vex.md.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/digest.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/model/handling.hpp"

namespace bulwark::vex {

// Which VEX format a document is: OpenVEX (@context starting "https://openvex.dev/ns"),
// CycloneDX (bomFormat "CycloneDX" with a vulnerabilities array) or CSAF (document.csaf_version).
// nullopt for anything else, including text that is not JSON.
std::optional<VexFormat> sniff(std::string_view content);

// Reads an OpenVEX document. `name` (usually the file name) prefixes every error, which also
// names the JSON pointer at fault, e.g. "vex.json: /statements/2/status: unknown status 'maybe'".
// A product with subcomponents yields one statement scoped to that product (product = its
// identifier, components = the subcomponents); plain products share one statement.
// Timestamps are normalised to RFC 3339 UTC; a statement's timestamp overrides the document's.
Result<VexDocument> read_openvex(std::string_view content, std::string_view name);

// Writes canonical, deterministic OpenVEX 0.2.0 (pretty-printed JSON). The @id is the document's
// id when given, else "https://openvex.dev/docs/public/vex-<sha256 of the content>".
// Lossy cases (responses, false_positive, placeholders for required texts): docs/vex.md.
std::string write_openvex(const VexDocument& doc);

// Reads the vulnerabilities of a CycloneDX BOM (1.4 to 1.7) as VEX statements. affects[].ref is
// resolved to the component's purl (or CPE) through the BOM's bom-refs; a ref that is a purl or a
// BOM-link whose fragment resolves is accepted too; an unresolvable ref is kept as written.
// Whatever the reader skipped or could not resolve is described in `notes` when given
// (vulnerabilities without analysis, version ranges, unresolved refs), one line each, naming the
// JSON pointer.
Result<VexDocument> read_cyclonedx_vex(std::string_view content, std::string_view name,
                                       std::vector<std::string>* notes = nullptr);

// Writes a standalone CycloneDX 1.6 VEX BOM: one component per distinct statement component
// (bom-ref = the purl), one vulnerability per statement with affects[].ref to those bom-refs.
std::string write_cyclonedx_vex(const VexDocument& doc);

// True when the statement speaks about this finding: its vulnerability id or one of its aliases
// equals (ASCII case-insensitive) one of `vulnerability_ids` (the finding's id and aliases), AND
// one of its components matches `component_purl`: same type/namespace/name after purl
// normalisation; the same version when the statement's purl has one (no version = all versions);
// every qualifier of the statement's purl present with the same value (none = any); the same
// subpath when the statement gives one. Components that are not purls match by exact text.
// A statement without components applies to nothing.
bool statement_applies(const VexStatement& statement, std::string_view component_purl,
                       const std::vector<std::string>& vulnerability_ids);

// Lower-case hex SHA-256 of the bytes (used for the canonical OpenVEX @id; core's one
// implementation).
using bulwark::sha256_hex;

}  // namespace bulwark::vex
