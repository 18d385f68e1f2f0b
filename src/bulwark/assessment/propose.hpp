// Facts propose, people decide: from a release's components (its SBOM), findings and exposure
// results (telnet listening, a debug console without login, an undeclared open port, default
// credentials, a baked host key...), proposals of interfaces, threats and mitigations to add to
// the assessment, and review flags (Article
// 13(7)) when a release adds a component class or a known-exploited finding touches an asset.
// Each proposal carries a stable key (so a decision sticks across runs) and the fragment that
// accepting it merges into a new draft revision. Plus the starter threat catalogues for the
// Annex III/IV product categories (data written for Bulwark). Pure: facts in, proposals out.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/assessment/assessment.hpp"
#include "bulwark/core/clock.hpp"

namespace bulwark::assessment {

struct ComponentFact {
  std::string name, version, purl;
  std::string type;  // CycloneDX component type: library, operating-system, firmware, container...
};

struct FindingFact {
  std::string vulnerability;  // CVE-2021-44228
  std::string component;      // component name
  std::string version;
  bool kev = false;
  std::string priority;  // P0..P4
  std::string fixed;     // fixed versions, if known
};

// A failed, unwaived check of the release's newest stored exposure results (bulwark exposure /
// exposure net --release): what the product actually exposes.
struct ExposureFact {
  std::string check;    // catalogue id, "EXP.NET.TELNET"
  std::string where;    // the path inside the unit or host:port ("" for the whole target)
  std::string message;  // what was seen
  std::string run;      // "network scan run 2" / "file analysis run 1"
};

struct ProposalFacts {
  std::string product, release;
  std::string category_item;  // Annex III/IV item of the product, empty for default
  std::vector<ComponentFact> components;
  std::string previous_release;  // empty: first release
  std::vector<ComponentFact> previous_components;
  std::vector<FindingFact> findings;
  std::vector<ExposureFact> exposure;
  TimePoint now;
};

struct Proposal {
  std::string key;   // "interface:web", "threat:kev:CVE-2021-44228", "review:new-class:ssh"...
  std::string kind;  // "interface", "threat", "mitigation", "review"
  std::string title;
  std::string reason;   // the facts behind it
  Assessment fragment;  // merged into a new draft when accepted (empty for review flags)
};

// A component's class ("web-server", "tls", "ssh", "telnet", "update", "bootloader", "logging",
// "http-client", "operating-system"), or empty.
std::string component_class(const ComponentFact& c);

// Proposals not yet covered by `current` (an element with the proposed id exists), ordered by
// key. Review flags are always returned while their facts hold.
std::vector<Proposal> propose(const Assessment* current, const ProposalFacts& facts);

// ---- starter threat catalogues ----------------------------------------------------------

struct CatalogueThreat {
  std::string_view id;          // "CAT-ROUTER-1"
  std::string_view categories;  // space-separated Annex III/IV item ids, "*" for every product
  std::string_view title;
  std::string_view stride;        // letters, e.g. "STE"
  std::string_view requirements;  // space-separated AI.P1.2 points a mitigation implements
  std::string_view mitigation;
};
std::span<const CatalogueThreat> threat_catalogue();
// The entries for one Annex III/IV item (plus the "*" ones); every entry for an empty item.
std::vector<CatalogueThreat> catalogue_for(std::string_view category_item);

}  // namespace bulwark::assessment
