// Reads SBOM documents into the format-independent bulwark::Sbom.
//
// Supported: CycloneDX 1.4, 1.5, 1.6 (JSON and XML; 1.0 - 1.3 and 1.7 are read the same way)
// and SPDX 2.3 / 2.2 (JSON and tag-value; SPDX 3.0 JSON-LD, YAML and RDF are refused as
// unsupported); the format is sniffed from the content, never from the file name. Nested components
// are flattened with their parent index kept; the dependency graph (CycloneDX dependencies, SPDX
// relationships) is kept. A malformed document fails with an error that names the file and the
// location (line:column, or a JSON pointer for a wrong field). Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/model/sbom.hpp"

namespace bulwark::sbom {

// Reads and parses the file at path.
Result<Sbom> read_file(const std::string& path);

// Parses a document held in memory; `name` is used in error messages (usually the path).
Result<Sbom> read(std::string_view content, std::string_view name);

}  // namespace bulwark::sbom
