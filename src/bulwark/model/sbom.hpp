// The in-memory inventory every SBOM reader produces and every matcher consumes.
// Plain data; no behaviour beyond lookups. Independent of the document format it came from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bulwark {

struct Hash {
  std::string algorithm;  // as in CycloneDX: "SHA-256", "SHA-512", "SHA-1", "MD5", ...
  std::string value;      // lower-case hex
};

struct Component {
  std::string bom_ref;  // CycloneDX bom-ref or SPDX SPDXID; unique within the document
  std::string
      type;  // CycloneDX component type ("library", "operating-system", ...) or SPDX purpose
  std::string group;  // CycloneDX group (Maven groupId, npm scope) when given
  std::string name;
  std::string version;
  std::string purl;  // as written in the document (not normalised); empty when absent
  std::vector<std::string> cpes;
  std::string supplier;
  std::vector<std::string> licenses;  // SPDX expressions or license names as given
  std::vector<Hash> hashes;
  // Name/version of the source package when the document records it (Debian/RPM source
  // package, from SPDX sourceInfo, purl qualifier "upstream", or a tool property).
  std::string source_name;
  std::string source_version;
  std::vector<std::pair<std::string, std::string>> properties;
  int parent = -1;  // index in Sbom::components of the component this one is nested in
  // Where in the document this component was read: JSON pointer, or "line N" for tag-value/XML.
  std::string location;
};

struct Dependency {
  std::string ref;                      // bom-ref / SPDXID
  std::vector<std::string> depends_on;  // bom-refs / SPDXIDs
};

enum class SbomFormat { kCycloneDxJson, kCycloneDxXml, kSpdxJson, kSpdxTagValue };

struct Sbom {
  SbomFormat format = SbomFormat::kCycloneDxJson;
  std::string spec_version;           // "1.6", "SPDX-2.3", ...
  std::string serial_number;          // CycloneDX serialNumber or SPDX documentNamespace
  std::string source_path;            // the file it was read from
  std::optional<Component> subject;   // CycloneDX metadata.component / SPDX DESCRIBES target
  std::vector<Component> components;  // all components, nested ones flattened (see parent)
  std::vector<Dependency> dependencies;
};

const char* to_string(SbomFormat f);

}  // namespace bulwark
