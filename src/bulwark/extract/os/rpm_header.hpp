// RPM header blobs as stored in the rpm databases (SQLite, NDB, BerkeleyDB): parsing and
// the Component built from one header. Internal to the OS extractors.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/extract/extractor.hpp"

namespace bulwark::extract::os {

struct RpmPackage {
  std::string name, version, release, arch, license, vendor, source_rpm;
  std::optional<long long> epoch;
  std::vector<std::string> files;     // DIRNAMES[DIRINDEXES[i]] + BASENAMES[i], absolute
  std::vector<std::string> required;  // REQUIRENAME (capabilities, file paths, rpmlib(...))
  std::vector<std::string> provides;  // PROVIDENAME
};

// Parses a header blob (no lead, no magic: int32 index count, int32 data size, index
// entries, data store; big-endian). Fails when the structure is out of bounds or NAME is absent.
Result<RpmPackage> parse_rpm_header(std::string_view blob);

// An rpm License tag as an SPDX expression: Fedora's legacy short names ("GPLv2+", "ASL 2.0",
// "LGPLv2.1", "MPLv2.0") mapped to SPDX ids, "and"/"or" (any case) as AND/OR, parentheses kept;
// names SPDX has no single id for ("BSD", "Public Domain", an unversioned GPL) become
// LicenseRef-. The tag as written ("") when a term cannot be placed: a WITH exception that is
// no SPDX exception, an empty term, unbalanced parentheses.
std::string rpm_license_expression(std::string_view tag);

// Collects the packages of one rpm database into an inventory.
class RpmInventoryBuilder {
 public:
  explicit RpmInventoryBuilder(const OsRelease* os) : os_(os) {}
  // Adds one header blob; a malformed blob becomes a note naming `where`.
  void add(std::string_view blob, const std::string& where);
  Inventory finish() &&;

 private:
  const OsRelease* os_;
  Inventory inv_;
  std::vector<std::vector<std::string>> requires_;  // per component
  std::vector<std::vector<std::string>> provides_;
};

}  // namespace bulwark::extract::os
