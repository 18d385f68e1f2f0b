#include "bulwark/service/release_components.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "bulwark/core/text.hpp"
#include "bulwark/sbom/reader.hpp"

namespace bulwark::service {
namespace {

// The release's SBOM with every component's counts, indexed by bom-ref.
struct Index {
  Sbom sbom;
  std::vector<ComponentEntry> entries;  // parallel to sbom.components
  std::unordered_map<std::string, std::size_t> by_ref;
  std::unordered_map<std::string, const std::vector<std::string>*> deps;
};

Result<Index> load(portfolio::Store& store, const portfolio::Release& release) {
  auto text = store.release_sbom(release.id, false);
  if (!text) return std::unexpected(text.error());
  auto sbom = sbom::read(*text, release.product + "@" + release.version);
  if (!sbom) return std::unexpected(sbom.error());
  Index ix;
  ix.sbom = std::move(*sbom);
  ix.entries.reserve(ix.sbom.components.size());
  for (std::size_t i = 0; i < ix.sbom.components.size(); ++i) {
    const auto& c = ix.sbom.components[i];
    ComponentEntry e;
    e.bom_ref = c.bom_ref;
    e.name = c.group.empty() ? c.name : c.group + "/" + c.name;
    e.version = c.version;
    e.purl = c.purl;
    e.type = c.type;
    ix.entries.push_back(std::move(e));
    if (!c.bom_ref.empty()) ix.by_ref.emplace(c.bom_ref, i);
  }
  for (const auto& d : ix.sbom.dependencies) {
    ix.deps[d.ref] = &d.depends_on;
    if (auto it = ix.by_ref.find(d.ref); it != ix.by_ref.end())
      ix.entries[it->second].depends_on = d.depends_on.size();
    for (const auto& to : d.depends_on)
      if (auto it = ix.by_ref.find(to); it != ix.by_ref.end()) ++ix.entries[it->second].dependents;
  }
  // Open findings per component ("name@version" labels as stored with the findings).
  auto findings = store.findings(release.id, false);
  if (!findings) return std::unexpected(findings.error());
  std::map<std::string, std::size_t> open;
  for (const auto& f : *findings) ++open[f.purl.empty() ? f.component_label : f.purl];
  for (auto& e : ix.entries) {
    auto it = open.find(e.purl.empty() ? e.name + "@" + e.version : e.purl);
    if (it == open.end() && !e.purl.empty()) it = open.find(e.name + "@" + e.version);
    if (it != open.end()) e.open_findings = it->second;
  }
  return ix;
}

auto key(const ComponentEntry& e) { return std::tie(e.name, e.version, e.bom_ref); }

bool matches(const ComponentEntry& e, const std::string& q) {
  if (q.empty()) return true;
  return to_lower(e.name).find(q) != std::string::npos ||
         to_lower(e.version).find(q) != std::string::npos ||
         to_lower(e.purl).find(q) != std::string::npos;
}

}  // namespace

Result<ComponentsPage> release_components(portfolio::Store& store,
                                          const portfolio::Release& release,
                                          const ComponentsRequest& request) {
  if (request.limit == 0 || request.limit > kMaxComponentsPage)
    return invalid_input("limit: a number from 1 to 500 is required");
  if (request.query.size() > 200) return invalid_input("q: at most 200 characters");
  auto ix = load(store, release);
  if (!ix) return std::unexpected(ix.error());
  const std::string q = to_lower(request.query);
  std::vector<const ComponentEntry*> hits;
  for (const auto& e : ix->entries)
    if (matches(e, q)) hits.push_back(&e);
  std::sort(hits.begin(), hits.end(), [](auto* a, auto* b) { return key(*a) < key(*b); });
  ComponentsPage page;
  page.total = hits.size();
  auto from = hits.begin();
  if (!request.after.empty()) {
    auto it = ix->by_ref.find(request.after);
    if (it == ix->by_ref.end()) return invalid_input("page_token: not a component of this release");
    const auto& last = ix->entries[it->second];
    from = std::upper_bound(hits.begin(), hits.end(), &last,
                            [](auto* a, auto* b) { return key(*a) < key(*b); });
  }
  for (auto it = from; it != hits.end() && page.items.size() < request.limit; ++it)
    page.items.push_back(**it);
  if (!page.items.empty() && from + static_cast<std::ptrdiff_t>(page.items.size()) != hits.end())
    page.next_after = page.items.back().bom_ref;
  for (const auto& e : ix->entries)
    if (e.dependents == 0 && e.depends_on > 0 && page.roots.size() < 50)
      page.roots.push_back(e.bom_ref);
  return page;
}

Result<DependencyNode> dependency_tree(portfolio::Store& store, const portfolio::Release& release,
                                       const std::string& ref, int depth) {
  if (depth < 1 || depth > kMaxTreeDepth) return invalid_input("depth: a number from 1 to 12");
  auto ix = load(store, release);
  if (!ix) return std::unexpected(ix.error());
  auto root = ix->by_ref.find(ref);
  if (root == ix->by_ref.end())
    return not_found("ref: no component '" + ref.substr(0, 200) + "' in this release");
  std::set<std::string> shown;
  std::size_t nodes = 0;
  // Depth-first, bounded by `depth` levels and kMaxTreeNodes nodes; a component already shown
  // (a diamond or a cycle) is listed again without its children.
  auto walk = [&](auto& self, std::size_t index, int level) -> DependencyNode {
    DependencyNode n;
    n.component = ix->entries[index];
    ++nodes;
    if (!shown.insert(n.component.bom_ref).second) {
      n.repeated = true;
      return n;
    }
    auto d = ix->deps.find(n.component.bom_ref);
    if (d == ix->deps.end() || d->second->empty()) return n;
    if (level >= depth) {
      n.truncated = true;
      return n;
    }
    for (const auto& to : *d->second) {
      if (nodes >= kMaxTreeNodes) {
        n.truncated = true;
        break;
      }
      auto it = ix->by_ref.find(to);
      if (it == ix->by_ref.end()) continue;
      n.children.push_back(self(self, it->second, level + 1));
    }
    return n;
  };
  return walk(walk, root->second, 0);
}

Result<sbom::CheckReport> release_sbom_quality(portfolio::Store& store,
                                               const portfolio::Release& release) {
  auto text = store.release_sbom(release.id, true);
  if (!text) return std::unexpected(text.error());
  if (text->empty()) {  // only the normalised copy kept
    text = store.release_sbom(release.id, false);
    if (!text) return std::unexpected(text.error());
  }
  return sbom::check(*text, release.sbom_name.empty() ? release.version : release.sbom_name,
                     sbom::CheckProfile::kAll);
}

}  // namespace bulwark::service
