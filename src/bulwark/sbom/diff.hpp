// sbom diff: what changed between two SBOMs of any readable formats (CycloneDX vs SPDX works).
// Components are matched by purl without version, qualifiers and subpath (type lower-cased),
// else by type + group + name; several components under one key are paired by equal version
// first. Reported: added, removed, and changed components (version old -> new, licences,
// hashes, supplier). Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/sbom.hpp"

namespace bulwark::sbom {

struct ComponentDelta {
  std::string key;  // the match key: "pkg:npm/lodash" or "name:library//lodash"
  std::string name;
  std::string old_version, new_version;  // old_* empty for added, new_* empty for removed
  std::string old_purl, new_purl;
  bool version_changed = false;
  bool licenses_changed = false;
  bool hashes_changed = false;
  bool supplier_changed = false;
  std::vector<std::string> old_licenses, new_licenses;
  std::string old_supplier, new_supplier;
};

struct SbomDiff {
  std::string old_file, new_file;
  std::vector<ComponentDelta> added, removed, changed;  // each sorted by key, then version
  std::size_t unchanged = 0;
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

// The match key of a component (see above).
std::string diff_key(const Component& c);

SbomDiff diff(const Sbom& old_sbom, const Sbom& new_sbom);
// Reads both files and compares them; errors name the file.
Result<SbomDiff> diff_files(const std::string& old_path, const std::string& new_path);

std::string render_diff_json(const SbomDiff& d);
std::string render_diff_table(const SbomDiff& d);

}  // namespace bulwark::sbom
