// The cybersecurity risk assessment use cases (bulwark risk ...; the server's assessment API):
// import a revision from a file (native JSON/YAML or a threat-modelling tool's model), show,
// export and diff revisions, the four-eyes review (review, approve, return), the history,
// proposals from the release's facts with their decisions, and the approved assessment that
// drives the checklist and the technical documentation. Every write is one transaction of the
// RiskStore: an import or a decision never half-applies. Errors name the file and JSON pointer,
// the target or the revision; never a command-line option.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bulwark/assessment/assessment.hpp"
#include "bulwark/assessment/propose.hpp"
#include "bulwark/assessment/review.hpp"
#include "bulwark/assessment/text.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::vulndb {
class Store;
}

namespace bulwark::service {

struct RiskImportRequest {
  std::string target;  // "PRODUCT@VERSION" (the release must exist)
  std::string text;    // the file's content
  std::string name;    // the file's name (named in every error)
  assessment::SourceFormat format = assessment::SourceFormat::kAuto;
  // Lay the document over the release's latest revision (or the newest approved revision of
  // the product when the release has none) instead of replacing it.
  bool merge = false;
  std::string author;
};

struct RevisionView {
  portfolio::Product product;
  assessment::Revision revision;
  assessment::Assessment assessment;
  std::vector<assessment::DerivedPoint> applicability;
  std::vector<std::string> warnings;
};

struct RiskImportResult {
  RevisionView view;
  assessment::SourceFormat format = assessment::SourceFormat::kNative;
  std::vector<std::string> mapped, not_mapped;
  bool unchanged = false;  // identical to the latest revision: nothing was written
  int based_on = 0;        // the revision merged over (0: none)
};
Result<RiskImportResult> import_assessment(portfolio::Store& store, portfolio::RiskStore& risk,
                                           const RiskImportRequest& request, const Clock& clock);

// "PRODUCT@VERSION" or "PRODUCT@VERSION#N"; revision 0 (no #N): the latest.
Result<RevisionView> load_revision(portfolio::Store& store, portfolio::RiskStore& risk,
                                   const std::string& spec);

// The review steps: "review" (draft -> reviewed), "approve" (reviewed -> approved; an earlier
// approved revision of the release is superseded), "return" (reviewed -> draft, comment = the
// reason). Applies to the latest revision unless the spec names one.
Result<RevisionView> review_step(portfolio::Store& store, portfolio::RiskStore& risk,
                                 const std::string& spec, const std::string& action,
                                 const std::string& actor, const std::string& comment,
                                 const Clock& clock);

// The history of a product's assessments ("PRODUCT" or "PRODUCT@VERSION").
Result<std::vector<portfolio::RiskEvent>> risk_history(portfolio::Store& store,
                                                       portfolio::RiskStore& risk,
                                                       const std::string& spec);

struct RiskDiff {
  std::string from, to;  // "acme-gateway@3.2.0#2"
  std::vector<assessment::Change> changes;
};
// Two revisions ("PRODUCT@VERSION[#N]") or files (any path that is not a target) compared.
Result<RiskDiff> diff_revisions(portfolio::Store& store, portfolio::RiskStore& risk,
                                const std::string& from, const std::string& to);

// The assessment that judges a release: its newest approved revision, else the newest approved
// revision of an earlier release (carried over, to be reviewed under Article 13(7)).
struct ApprovedAssessment {
  assessment::Revision revision;
  assessment::Assessment assessment;
  std::vector<assessment::DerivedPoint> applicability;
  bool carried_over = false;  // from revision.release, an earlier release
  std::string label() const;  // "acme-gateway@3.3.0 revision 3 (approved by ... on ...)"
};
// release empty: the newest release with an approved revision.
Result<std::optional<ApprovedAssessment>> approved_assessment(portfolio::Store& store,
                                                              portfolio::RiskStore& risk,
                                                              const portfolio::Product& product,
                                                              const std::string& release);

// ---- proposals ----

struct ProposalView {
  assessment::Proposal proposal;
  std::string state = "open";  // open, accepted, rejected
  std::string decided_by, reason, decided_at;
  int revision = 0;  // the draft created when accepted
};
struct ProposalList {
  portfolio::Product product;
  std::string release;
  int base_revision = 0;  // the revision the proposals were computed against (0: none)
  std::vector<ProposalView> proposals;
};
// With an ExposureStore, the failed and unwaived checks of the release's newest exposure results
// (network scan and file analysis) propose too.
Result<ProposalList> risk_proposals(portfolio::Store& store, portfolio::RiskStore& risk,
                                    portfolio::CraStore& cra, vulndb::Store& vulns,
                                    const std::string& target, const Clock& clock,
                                    portfolio::ExposureStore* exposure = nullptr);

struct ProposalDecisionRequest {
  std::string target;  // PRODUCT@VERSION
  std::string key;     // the proposal's key
  bool accept = true;
  std::string actor, reason;  // a rejection needs a reason
};
struct ProposalDecided {
  ProposalView view;
  std::optional<RevisionView> draft;  // the new draft an accepted proposal created
};
// Accepting merges the proposal's fragment into the release's latest revision (or the newest
// approved one of the product) as a new draft; review flags are acknowledged without a draft.
Result<ProposalDecided> decide_proposal(portfolio::Store& store, portfolio::RiskStore& risk,
                                        portfolio::CraStore& cra, vulndb::Store& vulns,
                                        const ProposalDecisionRequest& request, const Clock& clock,
                                        portfolio::ExposureStore* exposure = nullptr);

// JSON of a revision view (for `risk show --format json`).
std::string revision_json(const RevisionView& v);

}  // namespace bulwark::service
