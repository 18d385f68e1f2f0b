// Minimal-exposure use cases (issue 13; bulwark exposure, release add --exposure, cra checklist
// and cra docs): run the analysis (or read a saved report), store it per release, and turn the
// newest stored result of each release into Annex I evidence (cra/exposure_evidence.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/cra/checklist.hpp"
#include "bulwark/exposure/exposure.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::service {

struct ExposureRequest {
  std::string target;         // what to analyse, or a saved report (see exposure_report)
  exposure::Options options;  // analysis options
  std::string manifest;       // interface manifest file ("" = none; exposure/manifest.hpp)
};

// The report of request.target: a file holding a saved `bulwark exposure -f json` report
// (recognised by its content) is read back, anything else is analysed; then the manifest (when
// named) is applied. Errors name the file (and the manifest's line).
Result<exposure::Report> exposure_report(const ExposureRequest& request, const Clock& clock);

struct NetRequest {
  std::string host;
  std::string ports;       // "22,443,8000-8010" ("" = the default list)
  std::string udp_ports;   // UDP probes: "161,1900,dns:5300" ("" = none; exposure::parse_udp_ports)
  std::string scope_file;  // "" = loopback only
  std::string manifest;    // "" = none
  double rate = 20;        // connection attempts per second
  int timeout_ms = 1500;   // per answer (connect: at most 1000 ms)
};
// bulwark exposure net: reads the scope, port list and manifest (errors name the file and line,
// or the port item), then scans (exposure/net.hpp).
Result<exposure::Report> exposure_net(const NetRequest& request, const Clock& clock);

struct RecordedExposure {
  std::string product, release;
  portfolio::ExposureRun run;  // as stored (with its seq)
};
// Stores `report` as the newest exposure result of release "PRODUCT@VERSION" (kNotFound for an
// unknown product or release).
Result<RecordedExposure> record_exposure(portfolio::Store& store, portfolio::ExposureStore& xs,
                                         const std::string& release_spec,
                                         const exposure::Report& report, const Clock& clock);

// The newest stored result of a release, with its report parsed (nullopt when none is stored).
struct StoredExposure {
  portfolio::ExposureRun run;
  exposure::Report report;
};
Result<std::optional<StoredExposure>> release_exposure(portfolio::ExposureStore& xs,
                                                       std::int64_t product_id,
                                                       const std::string& release);

// The newest stored result of each kind of a release: the network scan (`exposure net
// --release`, target_kind "network") and the analysis of the unit's files (filesystem or ELF),
// newest first; empty when none is stored. A network scan thus never hides the file analysis.
Result<std::vector<StoredExposure>> release_exposures(portfolio::ExposureStore& xs,
                                                      std::int64_t product_id,
                                                      const std::string& release);

// The evidence bundle's file stem of a stored result: "exposure" for the analysis of the unit's
// files, "exposure-network" for a network scan (".json", ".sarif.json", ".txt" follow).
std::string exposure_bundle_stem(const exposure::Report& report);
// One line naming a stored result for the documentation and the checklist evidence:
// "exposure-network.json (release 1.0, run 2, network scan of 127.0.0.1, catalogue 1.4.0,
// recorded 2026-12-07T10:00:00Z, sha256:...)".
std::string exposure_reference(const StoredExposure& stored);

// The AI.P1.2b/d/e/j/k/l hooks over the newest stored result of each kind (release_exposures)
// of each of the product's releases (only of `only` when it is not empty).
Result<std::vector<cra::HookResult>> exposure_hooks(portfolio::Store& store,
                                                    portfolio::ExposureStore& xs,
                                                    const portfolio::Product& product,
                                                    const std::string& only);

}  // namespace bulwark::service
