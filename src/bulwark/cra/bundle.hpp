// Reproducible evidence bundle (A13.22, AUTO.AUDIT): a zip whose bytes depend only on its input.
// Entries are sorted by name; every entry has the same fixed mtime (default 1980-01-02T00:00:00Z),
// mode 0644, uid/gid 0, no owner names, and is stored uncompressed (so the bytes do not depend on
// the zlib version). A manifest.json (files sorted by name, each with its SHA-256 and size) is
// added as an entry. The zip DOS date/time fields are written from the UTC time, so the bytes do
// not depend on the writer's time zone either.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/digest.hpp"
#include "bulwark/core/result.hpp"

namespace bulwark::cra {

struct BundleFile {
  std::string name;     // relative path inside the zip, "/"-separated, e.g. "reports/ew.md"
  std::string content;  // bytes
};

inline constexpr std::string_view kManifestName = "manifest.json";

// Lower-case hex SHA-256 of the bytes (the one implementation in core).
using bulwark::sha256_hex;

// The manifest text: {"files": [{"name", "sha256", "size"}...]} sorted by name, 2-space
// indented, trailing newline. Does not list itself.
std::string bundle_manifest(const std::vector<BundleFile>& files);

// The zip's bytes, built in memory. Errors as write_evidence_bundle; zip_path (may be empty) only
// names the bundle in messages.
Result<std::string> evidence_bundle_bytes(const std::vector<BundleFile>& files,
                                          std::optional<TimePoint> mtime = std::nullopt,
                                          const std::string& zip_path = "evidence bundle");

// Writes the zip atomically (write_file_atomic: a temporary file renamed over zip_path, never
// written in place). Errors: an empty, absolute, "."/".."-containing or
// duplicate name, the reserved name manifest.json, or a write failure (naming zip_path).
// mtime: the fixed entry time (default 1980-01-02T00:00:00Z; must be 1980..2107).
Result<void> write_evidence_bundle(const std::string& zip_path,
                                   const std::vector<BundleFile>& files,
                                   std::optional<TimePoint> mtime = std::nullopt);

}  // namespace bulwark::cra
