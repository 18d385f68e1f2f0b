// Automatic Annex I evidence from minimal-exposure results (issue 13): each release's newest
// stored `bulwark exposure` report judged for the six points its checks give evidence for
// (AI.P1.2b secure by default, d unauthorised access, e confidentiality, j attack surface,
// k exploitation mitigation, l security logging). Pure functions over facts the service gathers
// (the check's Annex I points come from the exposure catalogue as stored in the report).
//
// Rule per point, over the observations whose check names the point:
//   not_met  an unwaived fail at high or critical severity (each listed as a problem);
//   met      no unwaived fail at medium or above, and at least one pass;
//   open     otherwise (medium fails, or nothing judged): the report is attached as evidence
//            and a person decides.
// Waived fails (a waiver with reason and expiry, still valid when the report was made) never
// count; they are named in the summary.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/cra/checklist.hpp"

namespace bulwark::cra {

// The six points, in catalogue order.
std::span<const std::string_view> exposure_points();

struct ExposureObservationFact {
  std::string check;   // "EXP.BIN.NX"
  std::string annex;   // the check's Annex I points, space separated ("AI.P1.2d AI.P1.2e")
  std::string status;  // "pass", "fail", "not_applicable", "indeterminate"
  int severity = 0;    // 0 info, 1 low, 2 medium, 3 high, 4 critical
  std::string path;
  bool waived = false;
};

struct ReleaseExposureFact {
  std::string release;
  std::string report_ref;  // e.g. "exposure.json (run 2, sha256:...)"
  std::string target;      // what was analysed
  std::vector<ExposureObservationFact> observations;
};

// One HookResult per point of exposure_points(). Without facts every point is open ("no
// exposure result stored").
std::vector<HookResult> check_exposure(const std::vector<ReleaseExposureFact>& releases);

}  // namespace bulwark::cra
