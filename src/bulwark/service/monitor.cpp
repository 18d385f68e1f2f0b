// Monitoring: every stored release re-matched against the current database, with what changed.
#include "bulwark/service/monitor.hpp"

#include <fmt/format.h>

#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>
#include <unordered_set>

#include "bulwark/match/snapshot_scan.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/vulndb/store.hpp"

#include "bulwark/service/reach.hpp"
#include "bulwark/service/releases.hpp"

namespace bulwark::service {
namespace {

// The OS component that gives deb/rpm/apk purls without a distro qualifier their release.
std::string os_key(const Sbom& s) {
  for (const auto& c : s.components)
    if (c.type == "operating-system") return c.name + " " + c.version;
  return {};
}

std::string merge_key(const Component& c) {
  std::string k = c.purl + "\x1f" + c.name + "\x1f" + c.version + "\x1f" + c.group + "\x1f" +
                  c.source_name + "\x1f" + c.source_version + "\x1f" + c.type;
  for (const auto& cpe : c.cpes) k += "\x1f" + cpe;
  return k;
}

}  // namespace

Result<MonitorReport> monitor(portfolio::Store& store, vulndb::Store& vulns,
                              const MonitorOptions& options) {
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
    match::ScanOptions options;                // the same for every member (release_scan_options)
  };
  // (distribution, product class, release id when its risk assessment decides reach)
  std::map<std::tuple<std::string, std::string, std::int64_t>, Group> groups;
  std::vector<Sbom> sboms;
  Progress& progress = options.progress ? *options.progress : no_progress();
  progress.begin("load", 0, "releases");
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
      auto so = release_scan_options(options.risk, p, r.version, options.today);
      if (!so) return std::unexpected(so.error());
      // A release whose risk assessment decides reach is matched on its own.
      Group& g = groups[{os_key(*sbom),
                         std::string(portfolio::cra_class_name(portfolio::product_class_of(p))),
                         so->reach ? r.id : 0}];
      g.options = std::move(*so);
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
      progress.update(sboms.size());
    }
  }
  progress.end();
  if (!options.product.empty() && report.releases.empty()) {
    auto p = store.product(options.product);
    if (!p) return std::unexpected(p.error());
    if (!*p) return not_found(fmt::format("unknown product '{}'", options.product));
  }
  // One snapshot per (merged component, finding); releases point at them.
  std::deque<portfolio::StoredFinding> snapshots;
  std::vector<std::vector<const portfolio::StoredFinding*>> current(report.releases.size());
  std::vector<std::unordered_set<std::uint64_t>> seen(report.releases.size());
  for (std::size_t r = 0; r < sboms.size(); ++r) seen[r].reserve(sboms[r].components.size() * 8);
  progress.begin("match", groups.size(), "groups of releases");
  std::size_t matched = 0;
  for (auto& [key, g] : groups) {
    progress.update(matched++);
    auto result = match::scan_for_snapshot(g.merged, vulns, g.options);
    if (!result) return std::unexpected(result.error());
    // Members of a merged component share purl, name and version: the snapshot is computed once
    // per (merged component, finding) and copied to every release that has the component.
    Snapshots make(g.merged);
    for (const auto& f : result->findings) {
      const portfolio::StoredFinding& s = snapshots.emplace_back(make(f));
      for (const Member& m : g.members[f.component])
        if (seen[m.release].insert(s.key).second) current[m.release].push_back(&s);
    }
  }
  progress.update(matched);
  progress.end();
  progress.begin("store", report.releases.size(), "releases");
  auto done = store.transaction([&]() -> Result<void> {
    for (std::size_t i = 0; i < report.releases.size(); ++i) {
      progress.update(i);
      auto& d = report.releases[i];
      auto changes = sync_findings(store, d.release.id, current[i], options.now);
      if (!changes) return std::unexpected(changes.error());
      d.changes = std::move(*changes);
      d.open = current[i].size();
      for (const auto& c : d.changes) {
        if (c.kind == "new" || c.kind == "reopened")
          ++report.added;
        else if (c.kind == "changed")
          ++report.changed;
        else
          ++report.resolved;
      }
    }
    auto run = store.add_monitor_run(options.now, report.releases.size(), report.added,
                                     report.changed, report.resolved);
    if (!run) return std::unexpected(run.error());
    progress.update(report.releases.size());
    return {};
  });
  progress.end();
  if (!done) return std::unexpected(done.error());
  return report;
}

Result<MonitorResult> monitor(portfolio::Store& store, vulndb::Store& vulns,
                              const MonitorRequest& request, const Clock& clock) {
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  MonitorOptions mo{*now, now->substr(0, 10), request.product, request.risk, request.progress};
  auto rep = monitor(store, vulns, mo);
  if (!rep) return std::unexpected(rep.error());
  MonitorResult out{std::move(*rep), 0};
  for (const auto& d : out.report.releases)
    for (const auto& c : d.changes)
      if ((c.kind == "new" || c.kind == "reopened") &&
          request.gate.reached(c.finding.priority, c.finding.severity))
        ++out.gate_reached;
  return out;
}

std::string monitor_json(const MonitorReport& rep) {
  using json = nlohmann::ordered_json;
  json j;
  j["schema"] = "bulwark-monitor/1";
  j["at"] = rep.at;
  j["previous_run"] = rep.previous_run.empty() ? json(nullptr) : json(rep.previous_run);
  j["summary"] = {{"releases", rep.releases.size()},
                  {"components", rep.components},
                  {"new", rep.added},
                  {"changed", rep.changed},
                  {"resolved", rep.resolved}};
  auto rels = json::array();
  for (const auto& d : rep.releases) {
    auto changes = json::array();
    for (const auto& c : d.changes)
      changes.push_back({{"kind", c.kind},
                         {"id", c.finding.vuln_id},
                         {"aliases", c.finding.aliases},
                         {"component", c.finding.component_label},
                         {"purl", c.finding.purl},
                         {"severity", c.finding.severity},
                         {"priority", c.finding.priority},
                         {"kev", c.finding.kev},
                         {"first_seen", c.finding.first_seen},
                         {"detail", c.detail}});
    rels.push_back({{"product", d.release.product},
                    {"version", d.release.version},
                    {"open", d.open},
                    {"changes", std::move(changes)}});
  }
  j["releases"] = std::move(rels);
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string monitor_text(const MonitorReport& rep) {
  std::string out = fmt::format(
      "monitor at {} (previous run: {}): {} releases, {} components; {} new, {} changed, {} "
      "resolved\n",
      rep.at, rep.previous_run.empty() ? "none" : rep.previous_run, rep.releases.size(),
      rep.components, rep.added, rep.changed, rep.resolved);
  for (const auto& d : rep.releases) {
    if (d.changes.empty()) continue;
    out += fmt::format("\n{}@{} ({} open)\n", d.release.product, d.release.version, d.open);
    for (const auto& c : d.changes)
      out += fmt::format("  {:<9} {:<4} {:<20} {:<36} {}\n", c.kind, c.finding.priority,
                         c.finding.vuln_id, c.finding.component_label, c.detail);
  }
  return out;
}

}  // namespace bulwark::service
