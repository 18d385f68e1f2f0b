// The monitor as one job per release (see monitor_jobs.hpp).
#include "bulwark/service/monitor_jobs.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/core/digest.hpp"
#include "bulwark/match/snapshot_scan.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/findings_sync.hpp"
#include "bulwark/service/reach.hpp"
#include "bulwark/service/releases.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::service {
namespace {

using nlohmann::json;

// The concurrency key of every job that writes one release (uploads use the same).
std::string release_key(const std::string& product, const std::string& version) {
  return "release:" + product + "@" + version;
}

Result<json> parse_payload(const std::string& payload) {
  json p = json::parse(payload, nullptr, false);
  if (p.is_discarded() || !p.is_object()) return invalid_input("job payload: not a JSON object");
  return p;
}

}  // namespace

Result<jobs::Job> queue_monitor(jobs::JobStore& jobs, const std::string& product,
                                const Clock& clock) {
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  jobs::Job j;
  j.kind = std::string(kMonitorJob);
  j.payload = json{{"product", product}}.dump();
  j.concurrency_key = std::string(kMonitorJob);
  j.created_at = *now;
  j.run_after = *now;
  return jobs.enqueue(j);
}

Result<std::string> fan_out_monitor(portfolio::Store& store, jobs::JobStore& jobs,
                                    const jobs::Job& monitor_job, const Clock& clock) {
  std::string product;
  if (!monitor_job.payload.empty()) {
    auto p = parse_payload(monitor_job.payload);
    if (!p) return std::unexpected(p.error());
    const auto it = p->find("product");
    if (it != p->end() && !it->is_string()) return invalid_input("job payload: product: a string");
    if (it != p->end()) product = it->get<std::string>();
  }
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  std::int64_t product_id = 0;
  if (!product.empty()) {
    auto p = store.product(product);
    if (!p) return std::unexpected(p.error());
    if (!*p) return not_found(fmt::format("unknown product '{}'", product));
    product_id = (*p)->id;
  }
  auto releases = store.releases(product_id);
  if (!releases) return std::unexpected(releases.error());
  std::size_t queued = 0;
  for (const auto& r : *releases) {
    jobs::Job j;
    j.kind = std::string(kMonitorReleaseJob);
    j.token = derived_uuid(fmt::format("monitor.release|{}|{}", monitor_job.token, r.id));
    j.payload = json{{"release_id", r.id}, {"at", *now}, {"run", monitor_job.token}}.dump();
    j.concurrency_key = release_key(r.product, r.version);
    j.priority = 0;
    j.created_at = *now;
    j.run_after = *now;
    auto e = jobs.enqueue(j);
    if (e)
      ++queued;
    else if (e.error().code != ErrorCode::kConflict)  // queued by an earlier attempt
      return std::unexpected(e.error());
  }
  if (auto run = store.add_monitor_run(*now, releases->size(), 0, 0, 0); !run)
    return std::unexpected(run.error());
  return json{{"at", *now}, {"releases", releases->size()}, {"queued", queued}}.dump();
}

Result<std::string> run_monitor_release(portfolio::Store& store, vulndb::Store& vulns,
                                        const std::string& payload, portfolio::RiskStore* risk) {
  auto p = parse_payload(payload);
  if (!p) return std::unexpected(p.error());
  const auto id = p->find("release_id");
  const auto at = p->find("at");
  if (id == p->end() || !id->is_number_integer())
    return invalid_input("job payload: release_id: an integer is required");
  if (at == p->end() || !at->is_string()) return invalid_input("job payload: at: required");
  const std::string now = at->get<std::string>();
  if (now.size() < 10) return invalid_input("job payload: at: an RFC 3339 time is required");

  auto release = store.release_by_id(id->get<std::int64_t>());
  if (!release) return std::unexpected(release.error());
  // A release removed since the fan-out has nothing left to match.
  if (!*release) return json{{"release_id", id->get<std::int64_t>()}, {"gone", true}}.dump();
  const portfolio::Release& rel = **release;
  auto product = store.product(rel.product);
  if (!product) return std::unexpected(product.error());
  if (!*product) return not_found(fmt::format("unknown product '{}'", rel.product));
  auto sbom = load_release_sbom(store, rel);
  if (!sbom) return std::unexpected(sbom.error());

  auto so = release_scan_options(risk, **product, rel.version, now.substr(0, 10));
  if (!so) return std::unexpected(so.error());
  auto result = match::scan_for_snapshot(*sbom, vulns, *so);
  if (!result) return std::unexpected(result.error());
  std::vector<portfolio::StoredFinding> snapshots = snapshots_of(*sbom, result->findings);
  const std::size_t open = snapshots.size();

  std::vector<FindingChange> changes;
  auto done = store.transaction([&]() -> Result<void> {
    auto c = sync_findings(store, rel.id, std::move(snapshots), now);
    if (!c) return std::unexpected(c.error());
    changes = std::move(*c);
    return {};
  });
  if (!done) return std::unexpected(done.error());
  std::size_t added = 0, changed = 0, resolved = 0;
  for (const auto& c : changes) {
    if (c.kind == "new" || c.kind == "reopened")
      ++added;
    else if (c.kind == "changed")
      ++changed;
    else
      ++resolved;
  }
  return json{{"release_id", rel.id},   {"product", rel.product},
              {"version", rel.version}, {"components", sbom->components.size()},
              {"open", open},           {"new", added},
              {"changed", changed},     {"resolved", resolved}}
      .dump();
}

}  // namespace bulwark::service
