// What a release's components expose according to its cybersecurity risk assessment (issue 17):
// for each SBOM component, the declared interfaces naming it (by component name, group/name or
// purl name, case-insensitive), their kind and exposure, and the highest C/I/A need of the
// assets each carries. It becomes risk::Signals::reach through match::ScanOptions::reach, so the
// risk policy raises or lowers the finding's priority and says why (docs/risk-policy.md).
// release_scan_options is the one home of the scan options of a stored release: every path that
// computes a stored release's priorities (release add, monitor, monitor jobs, views) uses it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bulwark/assessment/assessment.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/risk/policy.hpp"

namespace bulwark::service {

class ReleaseReach {
 public:
  // From one revision of an assessment. active() is false when no interface lists components
  // and the assessment states no component unreachable: then nothing is known about reach and
  // no priority changes.
  ReleaseReach(const assessment::Assessment& a, int revision);
  bool active() const { return !paths_.empty() || !unreachable_.empty() || complete_; }
  int revision() const { return revision_; }
  // The reach of a component: the interfaces listing it; else, when the assessment states it
  // unreachable (by name, or by declaring its component lists complete), no interface and that
  // statement; else nullptr (reach unknown: the priority does not change). The pointer stays
  // valid as long as this object; components with the same name and reach share one. Not
  // thread-safe.
  const risk::Reach* of(const Component& c);

 private:
  int revision_ = 0;
  bool complete_ = false;               // the interfaces' component lists are complete
  std::vector<risk::ReachPath> paths_;  // one per interface listing components
  std::map<std::string, std::vector<std::size_t>> by_name_;  // lower-case name -> paths_ indices
  std::map<std::string, std::string> unreachable_;           // lower-case name -> rationale
  std::map<std::string, std::unique_ptr<risk::Reach>> cache_;
};

// The assessment that decides a release's reach: its approved revision when there is one, else
// its newest revision. nullptr without a RiskStore, without a revision, or when the revision
// says nothing about which components are reached (ReleaseReach::active()).
Result<std::shared_ptr<ReleaseReach>> release_reach(portfolio::RiskStore* risk,
                                                    const portfolio::Product& product,
                                                    const std::string& release);

// The scan options of a stored release: the product's risk policy (risk_policy.hpp; default
// without one), the product's CRA class, the date the fix-by clock starts (YYYY-MM-DD, empty:
// today) and the release's reach (policy and reach kept alive by the options).
Result<match::ScanOptions> release_scan_options(portfolio::RiskStore* risk,
                                                const portfolio::Product& product,
                                                const std::string& release, std::string today);

}  // namespace bulwark::service
