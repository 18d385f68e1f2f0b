// The Annex I checklist (digest AI.P1.* essential requirements, AI.P2.* vulnerability handling):
// the catalogue compiled into the library, the per-product item state with validation,
// automatic evidence hooks (pure functions over facts the caller gathers), and the coverage table
// saying how Bulwark covers every ID of the digest's Annex I, Article 13 and Article 14 sections.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/model/handling.hpp"

namespace bulwark::cra {

struct CatalogueItem {
  std::string_view id;           // "AI.P1.2a"
  std::string_view part;         // "Annex I Part I" / "Annex I Part II"
  std::string_view title;        // short title
  std::string_view requirement;  // paraphrase from the digest
  bool may_be_not_applicable;    // only Part I point (2) applies "where applicable"
};

// All 22 items (AI.P1.1, AI.P1.2a..m, AI.P2.1..8), in digest order.
std::span<const CatalogueItem> annex_i_catalogue();
std::optional<CatalogueItem> find_catalogue_item(std::string_view id);

enum class ItemStatus { kOpen, kInProgress, kMet, kNotMet };
// "open", "in_progress", "met", "not_met".
std::string_view to_string(ItemStatus s);
std::optional<ItemStatus> item_status_from_string(std::string_view s);

struct EvidenceLink {
  std::string kind;  // e.g. "sbom", "finding", "url", "document", "test_report"
  std::string uri;   // where the evidence is (path, URL, record id); may be empty
  std::string description;
  bool automatic = false;  // produced by a hook rather than entered by a person
};

struct ChecklistItem {
  std::string id;  // catalogue ID
  bool applicable = true;
  std::string justification;  // mandatory when not applicable (A13.4)
  ItemStatus status = ItemStatus::kOpen;
  std::string owner;
  std::vector<EvidenceLink> evidence;
};

// One open, applicable item per catalogue entry.
std::vector<ChecklistItem> default_checklist();

// Errors (naming the item): unknown ID, duplicate ID, not applicable without a justification,
// not applicable for an item that always applies (AI.P1.1, AI.P2.*).
Result<void> validate(const std::vector<ChecklistItem>& items);

// ---- Automatic evidence hooks -------------------------------------------------------------

struct HookResult {
  std::string id;                         // checklist ID the result is evidence for
  ItemStatus status = ItemStatus::kOpen;  // kMet, kNotMet, or kOpen when there is nothing to judge
  std::string summary;
  std::vector<std::string> problems;  // one line per offending release/finding
  EvidenceLink evidence;              // automatic = true
};

// Sets the item's status from the hook and appends its evidence (an item marked not applicable
// keeps its status). Returns false when no item has the hook's ID.
bool apply_hook(std::vector<ChecklistItem>& items, const HookResult& r);

struct ReleaseSbomFact {
  std::string release;
  bool has_sbom = false;
  std::string sbom_ref;  // file name / record id when present
};
// AI.P2.1: every release has an SBOM.
HookResult check_sbom_per_release(const std::vector<ReleaseSbomFact>& releases);

struct ReleaseFindingFact {
  std::string release;
  std::string vulnerability;
  std::string component;                          // purl
  bool kev = false;                               // listed in a known-exploited catalogue
  bool exploited = false;                         // other reliable evidence of exploitation
  std::optional<AnalysisState> state_at_release;  // analysis recorded when the release shipped
};
// AI.P1.2a: no known exploitable (KEV/exploited) vulnerability was unhandled at release time.
// Handled = analysed as not_affected, fixed or false_positive by the release.
HookResult check_no_known_exploitable(const std::vector<ReleaseFindingFact>& findings);

struct CvdFacts {
  bool cvd_policy_published = false;
  std::string cvd_policy_url;
  bool security_txt_present = false;
  std::string security_txt_url;
  std::string contact;  // reporting contact address (e.g. security.txt Contact)
};
// AI.P2.5: a CVD policy is published (flag or URL).
HookResult check_cvd_policy(const CvdFacts& f);
// AI.P2.6: a reporting contact exists and security.txt is present.
HookResult check_vulnerability_contact(const CvdFacts& f);

struct FixDeadlineFact {
  std::string vulnerability;
  std::string release;
  TimePoint due;
  std::optional<TimePoint> fixed_at;
};
// AI.P2.2: every fix landed by its due date; unfixed findings past due at `now` are not met.
HookResult check_fix_deadlines(const std::vector<FixDeadlineFact>& findings, TimePoint now);

// ---- Coverage ---------------------------------------------------------------------------

struct CoverageEntry {
  std::string_view id;
  std::string_view coverage;  // "implemented: <what>" or "out of scope: <reason>"
};
// Every ID of the digest's Article 13, Article 14 and Annex I sections (including the
// definitions and cross-references given there).
std::span<const CoverageEntry> coverage_table();

}  // namespace bulwark::cra
