// Releases, findings views with analyses, and monitoring.
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <sstream>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/walker.hpp"
#include "bulwark/portfolio/service.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/sbom/writer.hpp"
#include "bulwark/vex/vex.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::portfolio {
namespace {

std::vector<std::string> group_ids(const match::FindingCore& f) {
  std::vector<std::string> ids{to_upper(f.id)};
  for (const auto& a : f.aliases) ids.push_back(to_upper(a));
  return ids;
}

bool intersects(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a)
    for (const auto& y : b)
      if (x == y) return true;
  return false;
}

std::string fingerprint(const match::FindingCore& f) {
  std::string fx;
  for (const auto& v : f.fixed_versions) fx += v + " ";
  return fmt::format("{}|{}|{}|{}|{:.1f}", f.severity, f.priority, f.kev ? 1 : 0, fx, f.cvss_score);
}

StoredFinding snapshot(const Component& c, const match::FindingCore& f) {
  StoredFinding s;
  s.component_key = component_key(c);
  s.component_label = (c.group.empty() ? c.name : c.group + "/" + c.name) + "@" + c.version;
  s.purl = c.purl;
  s.identity = component_identity(c);
  s.vuln_id = f.id;
  s.aliases = f.aliases;
  s.severity = f.severity;
  s.priority = f.priority;
  s.kev = f.kev;
  s.fingerprint = fingerprint(f);
  s.key = finding_key(s.component_key, s.vuln_id);
  return s;
}

Result<Sbom> load_release_sbom(Store& store, const Release& r) {
  auto text = store.release_sbom(r.id, false);
  if (!text) return std::unexpected(text.error());
  auto sbom = sbom::read(*text, fmt::format("{}@{} (stored SBOM)", r.product, r.version));
  if (!sbom) return sbom;
  sbom->source_path = r.sbom_name;
  return sbom;
}

// The OS component that gives deb/rpm/apk purls without a distro qualifier their release.
std::string os_key(const Sbom& s) {
  for (const auto& c : s.components)
    if (c.type == "operating-system") return c.name + " " + c.version;
  return {};
}

std::string merge_key(const Component& c) {
  std::string k = c.purl + "\x1f" + c.name + "\x1f" + c.version + "\x1f" + c.group + "\x1f" + c.source_name + "\x1f" +
                  c.source_version + "\x1f" + c.type;
  for (const auto& cpe : c.cpes) k += "\x1f" + cpe;
  return k;
}

}  // namespace

Result<AddedRelease> add_release(Store& store, vulndb::Store* vulns, const Product& product, const std::string& version,
                                 const ReleaseInput& in, const std::string& now) {
  if (version.empty()) return invalid_input("a release needs a version");
  if (auto existing = store.release(product.id, version); !existing) {
    return std::unexpected(existing.error());
  } else if (*existing) {
    return invalid_input(fmt::format("release {}@{} already exists", product.name, version));
  }
  Sbom sbom;
  std::string original;
  std::string name;
  if (!in.sbom_path.empty()) {
    auto text = read_file(in.sbom_path);
    if (!text) return std::unexpected(text.error());
    auto doc = sbom::read(*text, in.sbom_path);
    if (!doc) return std::unexpected(doc.error());
    sbom = std::move(*doc);
    original = std::move(*text);
    name = std::filesystem::path(in.sbom_path).filename().string();
  } else if (!in.target.empty()) {
    extract::InventoryOptions inv;
    inv.name = product.name;
    inv.version = version;
    inv.supplier = product.vendor;
    auto doc = extract::inventory(in.target, inv);
    if (!doc) return std::unexpected(doc.error());
    sbom = std::move(*doc);
    name = std::filesystem::path(in.target).filename().string();
  } else {
    return invalid_input("a release needs an SBOM (--sbom FILE) or a target to inventory (--target PATH)");
  }
  std::ostringstream stored;
  sbom::WriteOptions w{in.tool_version, now, product.security_contact};
  if (auto x = sbom::write_cyclonedx_json(sbom, stored, w); !x) return std::unexpected(x.error());
  if (original.empty()) original = stored.str();

  Release r;
  r.product_id = product.id;
  r.product = product.name;
  r.version = version;
  r.released_at = in.released_at;
  r.support_end = in.support_end;
  r.support_rationale = in.support_rationale;
  r.sbom_name = name;
  r.sbom_format = fmt::format("{} {}", to_string(sbom.format), sbom.spec_version);
  r.sbom_sha256 = vex::sha256_hex(original);
  r.created_at = now;
  std::vector<Occurrence> occ;
  occ.reserve(sbom.components.size());
  for (const auto& c : sbom.components) occ.push_back({c.bom_ref, c.name, c.version, c.purl, component_identity(c)});

  AddedRelease out;
  auto done = store.transaction([&]() -> Result<void> {
    auto rel = store.add_release(r, original, stored.str(), occ);
    if (!rel) return std::unexpected(rel.error());
    out.release = *rel;
    if (!vulns) return {};
    auto count = vulns->record_count();
    if (!count) return std::unexpected(count.error());
    if (*count == 0) return {};
    match::ScanOptions so;
    so.product_class = product_class_of(product);
    so.today = now.substr(0, 10);
    auto result = match::scan(sbom, *vulns, so);
    if (!result) return std::unexpected(result.error());
    std::vector<StoredFinding> snapshots;
    snapshots.reserve(result->findings.size());
    std::unordered_set<std::uint64_t> seen;
    for (const auto& f : result->findings) {
      auto s = snapshot(sbom.components[f.component], *f.core);
      if (seen.insert(s.key).second) snapshots.push_back(std::move(s));
    }
    std::vector<const StoredFinding*> current;
    for (const auto& s : snapshots) current.push_back(&s);
    auto changes = store.sync_findings(out.release.id, current, now);
    if (!changes) return std::unexpected(changes.error());
    out.findings = current.size();
    out.matched = true;
    return {};
  });
  if (!done) return std::unexpected(done.error());
  return out;
}

Result<Target> resolve_target(Store& store, std::string_view spec, bool require_release) {
  const auto at = spec.find('@');
  const std::string name(spec.substr(0, at));
  if (name.empty()) return make_error(ErrorCode::kUsage, fmt::format("'{}': expected PRODUCT or PRODUCT@VERSION", spec));
  auto p = store.product(name);
  if (!p) return std::unexpected(p.error());
  if (!*p) return not_found(fmt::format("unknown product '{}' (bulwark product list shows the products)", name));
  Target t{**p, std::nullopt};
  if (at == std::string_view::npos) {
    if (require_release)
      return make_error(ErrorCode::kUsage, fmt::format("'{}': a release is needed: {}@VERSION", spec, name));
    return t;
  }
  const std::string version(spec.substr(at + 1));
  auto r = store.release(t.product.id, version);
  if (!r) return std::unexpected(r.error());
  if (!*r)
    return not_found(fmt::format("unknown release '{}@{}' (bulwark product show {} lists its releases)", name, version, name));
  t.release = **r;
  return t;
}

Result<void> apply_analyses(const Sbom& sbom, match::ScanResult& result, std::vector<report::FindingStatus>& statuses,
                            std::size_t& suppressed_hidden, const AnalysisSource& source, bool show_suppressed) {
  std::map<std::string, std::vector<const AnalysisRecord*>> by_identity;
  if (source.records)
    for (const auto& a : *source.records) by_identity[a.identity].push_back(&a);
  std::unordered_map<std::uint64_t, const StoredFinding*> seen_index;  // finding_key -> stored finding
  if (source.history)
    for (const auto& h : *source.history) {
      seen_index[finding_key(h.component_key, h.vuln_id)] = &h;
      for (const auto& a : h.aliases) seen_index[finding_key(h.component_key, a)] = &h;
    }
  std::vector<match::Finding> kept;
  std::vector<report::FindingStatus> kept_status;
  suppressed_hidden = 0;
  for (const auto& f : result.findings) {
    const Component& c = sbom.components[f.component];
    const auto ids = group_ids(*f.core);
    report::FindingStatus st;
    // Stored analyses: the most specific scope wins (a version scope over "all"), then the newest.
    const AnalysisRecord* best = nullptr;
    if (auto it = by_identity.find(component_identity(c)); it != by_identity.end()) {
      for (const AnalysisRecord* a : it->second) {
        if (!intersects(a->vulnerability_ids, ids)) continue;
        auto in = version_in_scope(a->versions, c);
        if (!in) return std::unexpected(in.error());
        if (!*in) continue;
        if (!best || (best->versions.empty() && !a->versions.empty()) ||
            (best->versions.empty() == a->versions.empty() && a->analysis.timestamp >= best->analysis.timestamp))
          best = a;
      }
    }
    if (best) {
      st.analysis = best->analysis;
      st.inherited = best->origin != source.release_version;
      st.origin = best->origin.empty() ? best->source : fmt::format("{}", best->origin);
      if (st.inherited && best->origin.empty()) st.origin = best->source;
    }
    // One-off VEX documents override stored analyses (the later statement wins).
    if (source.vex) {
      for (std::size_t d = 0; d < source.vex->size(); ++d) {
        for (const auto& s : (*source.vex)[d].statements) {
          if (!vex::statement_applies(s, c.purl, ids)) continue;
          st.analysis = s.analysis;
          st.inherited = false;
          const std::string name = source.vex_names && d < source.vex_names->size() ? (*source.vex_names)[d] : "VEX";
          st.origin = fmt::format("{} {}", name, s.location);
        }
      }
    }
    if (auto it = seen_index.find(finding_key(component_key(c), f.core->id)); it != seen_index.end()) {
      st.first_seen = it->second->first_seen;
      st.last_seen = it->second->last_seen;
    }
    const bool suppress = st.analysis && (st.analysis->state == AnalysisState::kNotAffected ||
                                          st.analysis->state == AnalysisState::kFixed ||
                                          st.analysis->state == AnalysisState::kFalsePositive);
    if (suppress && !show_suppressed) {
      ++suppressed_hidden;
      continue;
    }
    st.suppressed = suppress;
    kept.push_back(f);
    kept_status.push_back(std::move(st));
  }
  result.findings = std::move(kept);
  result.summary.findings = result.findings.size();
  statuses = std::move(kept_status);
  return {};
}

Result<ReleaseView> release_view(Store& store, vulndb::Store& vulns, const Product& product, const Release& release,
                                 const ViewOptions& options) {
  auto sbom = load_release_sbom(store, release);
  if (!sbom) return std::unexpected(sbom.error());
  match::ScanOptions so;
  so.product_class = product_class_of(product);
  so.today = options.today;
  auto result = match::scan(*sbom, vulns, so);
  if (!result) return std::unexpected(result.error());
  auto records = store.analyses(product.id);
  if (!records) return std::unexpected(records.error());
  auto history = store.findings(release.id, true);
  if (!history) return std::unexpected(history.error());
  ReleaseView view{std::move(*sbom), std::move(*result), {}, 0};
  AnalysisSource src{&*records, options.vex.empty() ? nullptr : &options.vex, &options.vex_names, release.version, &*history};
  if (auto x = apply_analyses(view.sbom, view.result, view.statuses, view.suppressed_hidden, src, options.show_suppressed); !x)
    return std::unexpected(x.error());
  return view;
}

Result<MonitorReport> monitor(Store& store, vulndb::Store& vulns, const MonitorOptions& options) {
  MonitorReport report;
  report.at = options.now;
  auto prev = store.last_monitor_run();
  if (!prev) return std::unexpected(prev.error());
  report.previous_run = *prev;
  auto products = store.products();
  if (!products) return std::unexpected(products.error());

  // Releases that share a distribution and a product class are matched as one merged SBOM of
  // their distinct components, so that 100 releases of one product cost little more than one.
  struct Member {
    std::size_t release;    // index in report.releases
    std::size_t component;  // index in that release's SBOM
  };
  struct Group {
    Sbom merged;
    std::vector<std::vector<Member>> members;  // per merged component
    std::map<std::string, std::size_t> index;  // merge_key -> merged component
    const Product* product = nullptr;
  };
  std::map<std::pair<std::string, std::string>, Group> groups;
  std::vector<Sbom> sboms;
  for (const auto& p : *products) {
    if (!options.product.empty() && p.name != options.product) continue;
    auto rels = store.releases(p.id);
    if (!rels) return std::unexpected(rels.error());
    for (const auto& r : *rels) {
      auto sbom = load_release_sbom(store, r);
      if (!sbom) return std::unexpected(sbom.error());
      const std::size_t ri = report.releases.size();
      report.releases.push_back({r, {}, 0});
      report.components += sbom->components.size();
      Group& g = groups[{os_key(*sbom), p.cra_class}];
      g.product = &p;
      for (std::size_t ci = 0; ci < sbom->components.size(); ++ci) {
        const Component& c = sbom->components[ci];
        auto [it, fresh] = g.index.emplace(merge_key(c), g.merged.components.size());
        if (fresh) {
          Component copy = c;
          copy.parent = -1;
          copy.bom_ref = fmt::format("m{}", g.merged.components.size());
          g.merged.components.push_back(std::move(copy));
          g.members.emplace_back();
        }
        g.members[it->second].push_back({ri, ci});
      }
      sboms.push_back(std::move(*sbom));
    }
  }
  if (!options.product.empty() && report.releases.empty()) {
    auto p = store.product(options.product);
    if (p && !*p) return not_found(fmt::format("unknown product '{}'", options.product));
  }
  // One snapshot per (merged component, finding); releases point at them.
  std::deque<StoredFinding> snapshots;
  std::vector<std::vector<const StoredFinding*>> current(report.releases.size());
  std::vector<std::unordered_set<std::uint64_t>> seen(report.releases.size());
  for (std::size_t r = 0; r < sboms.size(); ++r) seen[r].reserve(sboms[r].components.size() * 8);
  for (auto& [key, g] : groups) {
    match::ScanOptions so;
    so.product_class = product_class_of(*g.product);
    so.today = options.today;
    auto result = match::scan(g.merged, vulns, so);
    if (!result) return std::unexpected(result.error());
    // Members of a merged component share purl, name and version: the snapshot is computed once
    // per (merged component, finding) and copied to every release that has the component.
    for (const auto& f : result->findings) {
      const StoredFinding& s = snapshots.emplace_back(snapshot(g.merged.components[f.component], *f.core));
      for (const Member& m : g.members[f.component])
        if (seen[m.release].insert(s.key).second) current[m.release].push_back(&s);
    }
  }
  auto done = store.transaction([&]() -> Result<void> {
    for (std::size_t i = 0; i < report.releases.size(); ++i) {
      auto& d = report.releases[i];
      auto changes = store.sync_findings(d.release.id, current[i], options.now);
      if (!changes) return std::unexpected(changes.error());
      d.changes = std::move(*changes);
      d.open = current[i].size();
      for (const auto& c : d.changes) {
        if (c.kind == "new" || c.kind == "reopened") ++report.added;
        else if (c.kind == "changed") ++report.changed;
        else ++report.resolved;
      }
    }
    auto run = store.add_monitor_run(options.now, report.releases.size(), report.added, report.changed, report.resolved);
    if (!run) return std::unexpected(run.error());
    return {};
  });
  if (!done) return std::unexpected(done.error());
  return report;
}

}  // namespace bulwark::portfolio
