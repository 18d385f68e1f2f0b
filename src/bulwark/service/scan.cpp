#include "bulwark/service/scan.hpp"

#include <filesystem>

#include "bulwark/extract/walker.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/service/advisory.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/findings_sync.hpp"
#include "bulwark/service/monitor.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/releases.hpp"
#include "bulwark/service/triage.hpp"
#include "bulwark/service/vex.hpp"
#include "bulwark/vulndb/freshness.hpp"

namespace bulwark::service {

Result<FreshnessVerdict> check_freshness(vulndb::Store& store, const FreshnessPolicy& policy,
                                         const Clock& clock) {
  auto status = store.status();
  if (!status) return std::unexpected(std::move(status).error());
  auto now = clock.now();
  if (!now) return std::unexpected(std::move(now).error());
  FreshnessVerdict v;
  for (const auto& s : vulndb::source_ages(*status, *now)) {
    if (s.age_days > policy.max_age_days) {
      v.sources.push_back({s.name, s.imported_at, s.age_days, true});
      v.refused = v.refused || !policy.allow_stale;
    } else if (s.age_days > policy.warn_age_days) {
      v.sources.push_back({s.name, s.imported_at, s.age_days, false});
    }
  }
  return v;
}

Result<Sbom> load_scan_target(const ScanInput& input) {
  if (input.sbom_bytes) return sbom::read(*input.sbom_bytes, input.name);
  namespace fs = std::filesystem;
  const std::string& target = input.name;
  std::error_code ec;
  if (fs::is_directory(target, ec)) return extract::inventory(target, {});
  auto doc = sbom::read_file(target);
  if (doc || doc.error().code == ErrorCode::kNotFound) return doc;
  // Not an SBOM: an archive or a lockfile the extractors know.
  auto inv = extract::inventory(target, {});
  if (inv && !inv->components.empty()) return inv;
  return doc;  // report the SBOM parse error, which names the location
}

Result<ScanOutcome> scan(vulndb::Store& store, const ScanRequest& request, const Clock& clock) {
  match::ScanOptions opts;
  if (request.policy) opts.policy = &*request.policy;
  opts.product_class = request.product_class;
  auto today = clock.today();
  if (!today) return std::unexpected(std::move(today).error());
  opts.today = *today;
  opts.cpe_guess = request.cpe_guess;

  ScanOutcome out;
  out.database = request.database;
  auto sbom = load_scan_target(request.input);
  if (!sbom) return std::unexpected(std::move(sbom).error());
  out.sbom = std::move(*sbom);

  auto verdict = check_freshness(store, request.freshness, clock);
  if (!verdict) return std::unexpected(std::move(verdict).error());
  out.freshness = std::move(*verdict);
  if (out.freshness.refused) return out;

  auto result = match::scan(out.sbom, store, opts);
  if (!result) return std::unexpected(std::move(result).error().with_context(request.database));
  out.result = std::move(*result);

  std::vector<VexDocument> vex_docs;
  std::vector<std::string> vex_names;
  for (const auto& path : request.vex_paths) {
    auto doc = service::read_vex_file(path);
    if (!doc) return std::unexpected(std::move(doc).error());
    vex_docs.push_back(std::move(*doc));
    vex_names.push_back(std::filesystem::path(path).filename().string());
  }
  if (!vex_docs.empty()) {
    service::AnalysisSource src;
    src.vex = &vex_docs;
    src.vex_names = &vex_names;
    auto a = service::apply_analyses(out.sbom, out.result, out.statuses, out.suppressed_hidden, src,
                                     request.show_suppressed);
    if (!a) return std::unexpected(std::move(a).error());
    out.vex_applied = true;
  }
  auto ts = clock.now_rfc3339();
  out.timestamp = ts ? *ts : std::string();
  return out;
}

report::ScanReport ScanOutcome::view(std::string tool_version) const {
  report::ScanReport v{sbom, result, database, std::move(tool_version), timestamp};
  if (vex_applied) {
    v.statuses = &statuses;
    v.suppressed_hidden = suppressed_hidden;
  }
  return v;
}

std::size_t ScanOutcome::gate_count(const Gate& gate) const {
  if (!gate.active()) return 0;
  std::size_t reached = 0;
  for (std::size_t i = 0; i < result.findings.size(); ++i)
    if (gate.reached(result.findings[i]) && !(i < statuses.size() && statuses[i].suppressed))
      ++reached;
  return reached;
}

}  // namespace bulwark::service
