// Product-level CRA use cases (bulwark cra support | classify | checklist; the server's product
// compliance API): support periods with their warnings and the end-of-support notice
// (Article 13(19)), the product category and conformity routes (Article 32), and the Annex I
// checklist with its automatic evidence (hooks over the portfolio and the vulnerability data).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/cra/checklist.hpp"
#include "bulwark/cra/classification.hpp"
#include "bulwark/cra/lifecycle.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/risk_assessment.hpp"

namespace bulwark::vulndb {
class Store;
}

namespace bulwark::service {

// ---- support periods ------------------------------------------------------------------------

struct SupportRow {
  std::string product;
  portfolio::Release release;
  cra::SupportPeriod period;
  cra::SupportStatus status = cra::SupportStatus::kSupported;
  TimePoint retain;                   // security updates kept available until (A13.9)
  std::vector<std::string> warnings;  // invalid period, ending soon, ended
};
struct SupportReport {
  TimePoint now;
  std::vector<SupportRow> rows;  // releases with a release date, per product
  std::size_t warnings = 0;
};
// The support periods of the product's releases (PRODUCT), or of every product when empty.
Result<SupportReport> support_report(portfolio::Store& store, const std::string& product,
                                     const Clock& clock);

// The end-of-support notice of a release ("PRODUCT@VERSION"; kConflict when it has no release
// date), naming the newest later release still supported as the successor.
Result<std::string> end_of_support_notice(portfolio::Store& store, const std::string& target,
                                          const Clock& clock);

// ---- classification -------------------------------------------------------------------------

struct ClassifyRequest {
  std::string product;
  std::optional<std::string> item;         // Annex III/IV item id, or "default" to clear it
  std::optional<bool> harmonised;          // harmonised standards applied in full
  std::vector<std::string> member_states;  // replaces the stored ones when not empty; GR -> EL
  std::string cvd_policy_url;              // https:// only; empty: unchanged
  std::string manufacturer_address;        // empty: unchanged
};
struct Classification {
  portfolio::Product product;
  portfolio::CraProduct facts;  // as stored now
  cra::ProductCategory category = cra::ProductCategory::kDefault;
  std::optional<cra::CategoryItem> item;
  std::vector<cra::ConformityRoute> routes;
  bool class_differs = false;  // the item's category differs from the product's CRA class
};
// Validates and records the request's changes (every call records the facts), then says which
// category and conformity routes apply. Errors (kInvalidInput) name the item, Member State or URL.
Result<Classification> classify(portfolio::Store& store, portfolio::CraStore& cra,
                                const ClassifyRequest& request, const Clock& clock);

// ---- Annex I checklist ----------------------------------------------------------------------

// AI.P1.2a judged on one release's own facts.
struct ReleaseJudgement {
  std::string release, released_at;
  cra::ItemStatus status = cra::ItemStatus::kOpen;  // of AI.P1.2a for this release alone
  std::string summary;
};
struct Checklist {
  portfolio::Product product;
  std::string release;                     // the release judged ("" for the whole product)
  std::vector<cra::ChecklistItem> items;   // stored state over the catalogue, hooks applied
  std::vector<cra::HookResult> hooks;      // AI.P2.1, AI.P1.2a, AI.P2.5, AI.P2.6, AI.P2.2 (and
                                           // AI.P1.2b/d/e/j/k/l with an ExposureStore)
  std::vector<ReleaseJudgement> releases;  // every release judged alone (the product view)
  std::string assessment;  // the approved risk assessment revision that set the Annex I Part I
                           // (2) applicability ("" when none is approved)
};
// The checklist of "PRODUCT" (hooks over every release) or "PRODUCT@VERSION" (hooks over that
// release only: its documents judge that release). With a RiskStore, the applicability and
// justification of each Annex I Part I (2) point come from the approved risk assessment of the
// release (or the newest approved one; see approved_assessment) with its mitigations' evidence.
// With an ExposureStore, the newest stored exposure result of each judged release is automatic
// evidence for AI.P1.2b/d/e/j/k/l (service/exposure.hpp, cra/exposure_evidence.hpp).
Result<Checklist> checklist(portfolio::Store& store, portfolio::CraStore& cra, vulndb::Store& vulns,
                            const std::string& product, const Clock& clock,
                            portfolio::RiskStore* risk = nullptr,
                            portfolio::ExposureStore* exposure = nullptr);

// Lays an approved assessment's derived applicability over checklist items.
void apply_assessment(std::vector<cra::ChecklistItem>& items, const ApprovedAssessment& a);

// "KIND:URI:DESCRIPTION" (the URI may hold colons). The error names the text.
Result<cra::EvidenceLink> parse_evidence_link(std::string_view text);

struct ChecklistUpdate {
  std::string product;
  std::string item;                   // AI.P1.1, AI.P1.2a..m, AI.P2.1..8 (kNotFound otherwise)
  std::optional<std::string> status;  // open, in_progress, met, not_met
  std::string owner;                  // empty: unchanged
  std::optional<bool> applicable;
  std::string justification;                // empty: unchanged
  std::vector<cra::EvidenceLink> evidence;  // appended
};
struct ChecklistItemSaved {
  portfolio::Product product;
  cra::ChecklistItem item;
};
// Updates one item; the whole checklist is validated before it is stored (nothing is written
// when it is invalid, e.g. not applicable without a justification).
Result<ChecklistItemSaved> set_checklist_item(portfolio::Store& store, portfolio::CraStore& cra,
                                              const ChecklistUpdate& update, const Clock& clock);

}  // namespace bulwark::service
