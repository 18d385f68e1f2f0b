// An OSV vulnerability record (https://ossf.github.io/osv-schema/), reduced to what matching,
// reporting and risk need. The complete original JSON is kept by the store.
#pragma once

#include <string>
#include <vector>

namespace bulwark {

enum class OsvEventKind { kIntroduced, kFixed, kLastAffected, kLimit };

struct OsvEvent {
  OsvEventKind kind = OsvEventKind::kIntroduced;
  std::string value;  // "0" for introduced means "since the beginning"
};

enum class OsvRangeType { kSemver, kEcosystem, kGit };

struct OsvRange {
  OsvRangeType type = OsvRangeType::kEcosystem;
  std::string repo;  // GIT ranges only
  std::vector<OsvEvent> events;
};

struct OsvAffected {
  std::string ecosystem;  // full OSV ecosystem, possibly suffixed: "Debian:12", "Alpine:v3.20"
  std::string name;       // package name as in the record
  std::string purl;       // affected[].package.purl when given
  std::vector<OsvRange> ranges;
  std::vector<std::string> versions;
  std::string severity;  // affected[].severity / database_specific severity when present
};

struct OsvSeverity {
  std::string type;   // "CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu", ...
  std::string score;  // the vector or value
};

struct OsvRecord {
  std::string id;
  std::string schema_version;
  std::string modified;   // RFC 3339
  std::string published;  // RFC 3339, may be empty
  std::string withdrawn;  // RFC 3339, empty when not withdrawn
  std::string summary;
  std::string details;
  std::vector<std::string> aliases;
  std::vector<std::string> related;
  std::vector<std::string> upstream;
  std::vector<OsvSeverity> severity;
  std::vector<OsvAffected> affected;
  std::vector<std::string> references;  // URLs
  std::vector<std::string> cwes;        // from database_specific.cwe_ids when present
  std::string database_severity;        // database_specific.severity (GHSA: LOW..CRITICAL)
};

const char* to_string(OsvEventKind k);
const char* to_string(OsvRangeType t);

}  // namespace bulwark
