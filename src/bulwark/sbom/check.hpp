// SBOM quality check against BSI TR-03183-2 v2.1.0 (ids BSI2.*) and the NTIA minimum elements
// (ids NTIA.*): per-field coverage over the components, document-level checks, the failing
// components per field, a "how to fix" line per gap and a 0-100 score per profile. The scoring
// formula and the JSON output are documented in docs/sbom-quality.md. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/sbom.hpp"

namespace bulwark::sbom {

enum class CheckProfile { kBsi, kNtia, kAll };

// "bsi", "ntia", "all"; anything else is a usage error.
Result<CheckProfile> parse_check_profile(std::string_view name);

// A requirement tier: kRequired items are scored; kAdditional ones (BSI2.ADD, disputed tier)
// are reported but do not change the score.
enum class Tier { kRequired, kAdditional };

// A document-level requirement (creator, timestamp, format, ...).
struct DocumentCheck {
  std::string id;       // requirement id from docs: "BSI2.SBOM", "NTIA.FIELDS", ...
  std::string field;    // stable machine name: "creator_contact", "timestamp", ...
  std::string profile;  // "bsi" or "ntia"
  Tier tier = Tier::kRequired;
  bool pass = false;
  std::string detail;  // what was found
  std::string fix;     // how to fix (empty when passing)
};

// A per-component requirement with its coverage.
struct FieldCoverage {
  std::string id;
  std::string field;  // "name", "version", "sha512_hash", ...
  std::string profile;
  Tier tier = Tier::kRequired;
  std::size_t have = 0;
  std::size_t total = 0;
  std::vector<std::string> failing;  // every failing component, as "name@version (bom-ref)"
  std::string fix;
  double percent() const {
    return total == 0 ? 0.0 : 100.0 * static_cast<double>(have) / static_cast<double>(total);
  }
};

struct ProfileScore {
  std::string profile;  // "bsi" or "ntia"
  int score = 0;        // 0-100
};

struct CheckReport {
  std::string file;
  std::string format;        // "CycloneDX JSON", ...
  std::string spec_version;  // "1.6", "SPDX-2.3"
  std::size_t components = 0;
  std::vector<DocumentCheck> document;
  std::vector<FieldCoverage> fields;
  std::vector<ProfileScore> scores;
  // The lowest score among the profiles checked.
  int min_score() const;
};

// Checks the SBOM document `content` (any format sbom::read accepts); `name` is used in messages.
Result<CheckReport> check(std::string_view content, std::string_view name, CheckProfile profile);
// Reads and checks the file at path.
Result<CheckReport> check_file(const std::string& path, CheckProfile profile);

// Renders the report; at most `max_failing` failing components per field (0: all).
std::string render_check_json(const CheckReport& report, std::size_t max_failing);
std::string render_check_table(const CheckReport& report, std::size_t max_failing);

}  // namespace bulwark::sbom
