// A release's components for the dashboard (issue 12): the stored SBOM's components searched by
// name, version or purl and paged by key; one component's dependency tree (depth- and
// size-limited, cycles marked); and the SBOM quality score of the release's SBOM as uploaded
// (sbom::check, the `bulwark sbom check` scorer: BSI TR-03183-2 and NTIA profiles).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/sbom/check.hpp"

namespace bulwark::service {

struct ComponentEntry {
  std::string bom_ref, name, version, purl, type;
  std::size_t depends_on = 0;  // direct dependencies listed in the SBOM
  std::size_t dependents = 0;  // components that list it as a dependency
  std::size_t open_findings = 0;
};

inline constexpr std::size_t kMaxComponentsPage = 500;

struct ComponentsRequest {
  std::string query;        // case-insensitive substring of name, version or purl; empty: all
  std::string after;        // keyset cursor: the bom-ref of the previous page's last component
  std::size_t limit = 100;  // 1..kMaxComponentsPage
};
struct ComponentsPage {
  std::vector<ComponentEntry> items;  // by name, version, bom-ref
  std::size_t total = 0;              // components the query matches
  std::string next_after;             // empty on the last page
  std::vector<std::string> roots;     // bom-refs of the components nothing depends on (≤ 50)
};
// kInvalidInput naming "limit", "q" (over 200 characters) or "page_token" (an unknown cursor).
Result<ComponentsPage> release_components(portfolio::Store& store,
                                          const portfolio::Release& release,
                                          const ComponentsRequest& request);

inline constexpr int kMaxTreeDepth = 12;
inline constexpr std::size_t kMaxTreeNodes = 2000;

struct DependencyNode {
  ComponentEntry component;
  std::vector<DependencyNode> children;
  bool repeated = false;   // shown earlier in the tree (or a cycle): children not repeated
  bool truncated = false;  // the depth or node limit cut its children
};
// The dependency tree below the component with bom-ref `ref` (kNotFound naming "ref"), at most
// `depth` levels (1..kMaxTreeDepth, else kInvalidInput naming "depth") and kMaxTreeNodes nodes.
Result<DependencyNode> dependency_tree(portfolio::Store& store, const portfolio::Release& release,
                                       const std::string& ref, int depth);

// The quality check of the release's SBOM as uploaded (both profiles).
Result<sbom::CheckReport> release_sbom_quality(portfolio::Store& store,
                                               const portfolio::Release& release);

}  // namespace bulwark::service
