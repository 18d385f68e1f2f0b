// The SBOM use cases (bulwark sbom generate / check / diff / convert, the server's SBOM
// endpoints): inventory a target into an SBOM, check an SBOM against BSI TR-03183-2 and NTIA,
// diff two SBOMs, read one for conversion; SBOMs given as bytes (uploads) or paths. Writing the
// result (any format) is sbom::write; the front ends pick the destination.
#pragma once

#include <optional>
#include <string>

#include "bulwark/core/progress.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/extract/walker.hpp"
#include "bulwark/model/sbom.hpp"
#include "bulwark/sbom/check.hpp"
#include "bulwark/sbom/diff.hpp"
#include "bulwark/sbom/writer.hpp"

namespace bulwark::service {

// An SBOM document: bytes (an upload; `name` for messages) or the path `name`.
struct SbomInput {
  std::optional<std::string> bytes;
  std::string name;
};
Result<Sbom> read_sbom(const SbomInput& input);

struct GenerateRequest {
  std::string target;  // directory, archive (tar, tar.gz, tar.xz, zip) or lockfile
  extract::InventoryOptions inventory;
  Progress* progress = nullptr;  // stage "inventory": entries walked
};

// inventory.on_progress as the "inventory" stage of `progress` (nothing when null); the caller
// ends the stage.
void report_inventory_progress(extract::InventoryOptions& inventory, Progress* progress);
struct GeneratedSbom {
  Sbom sbom;
  extract::InventoryReport report;
};
Result<GeneratedSbom> generate_sbom(const GenerateRequest& request);

// The writer options of an SBOM Bulwark writes (timestamp: SOURCE_DATE_EPOCH, else now).
sbom::WriteOptions sbom_write_options(std::string tool_version, std::string contact);

struct CheckRequest {
  SbomInput input;
  sbom::CheckProfile profile = sbom::CheckProfile::kAll;
  int min_score = -1;  // the gate; < 0: none
};
struct CheckResult {
  sbom::CheckReport report;
  bool below_min_score = false;  // a profile scored below min_score
};
Result<CheckResult> check_sbom(const CheckRequest& request);

Result<sbom::SbomDiff> diff_sboms(const SbomInput& old_sbom, const SbomInput& new_sbom);

}  // namespace bulwark::service
