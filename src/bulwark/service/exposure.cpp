// Minimal-exposure use cases (exposure.hpp).
#include "bulwark/service/exposure.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "bulwark/core/digest.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/cra/exposure_evidence.hpp"
#include "bulwark/exposure/manifest.hpp"
#include "bulwark/exposure/net.hpp"
#include "bulwark/service/products.hpp"

namespace bulwark::service {
namespace {

constexpr std::uintmax_t kMaxSavedReport = std::uintmax_t{256} << 20;

// A regular file whose first non-blank byte is '{' and that mentions the report's fields is a
// saved report; everything else is a target to analyse.
bool looks_like_saved_report(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  char buf[512] = {};
  in.read(buf, sizeof buf);
  std::string_view head(buf, static_cast<std::size_t>(in.gcount()));
  head = trim(head);
  return head.starts_with('{') && head.find("\"schema_version\"") != std::string_view::npos &&
         head.find("\"catalogue\"") != std::string_view::npos;
}

std::string worst_fail(const exposure::Report& r) {
  std::optional<exposure::Severity> worst;
  for (const auto& o : r.observations)
    if (o.status == exposure::Status::kFail && !o.waiver && (!worst || o.severity > *worst))
      worst = o.severity;
  return worst ? std::string(exposure::to_string(*worst)) : std::string();
}

}  // namespace

Result<exposure::Report> exposure_report(const ExposureRequest& request, const Clock& clock) {
  Result<exposure::Report> report = [&]() -> Result<exposure::Report> {
    if (!looks_like_saved_report(request.target))
      return exposure::analyse(request.target, request.options, clock);
    std::error_code ec;
    if (std::filesystem::file_size(request.target, ec) > kMaxSavedReport)
      return invalid_input(request.target + ": saved exposure report larger than 256 MiB");
    auto text = read_file(request.target);
    if (!text) return std::unexpected(std::move(text).error());
    auto r = exposure::from_json(*text);
    if (!r) return std::unexpected(std::move(r).error().with_context(request.target));
    return r;
  }();
  if (!report) return report;
  if (!request.manifest.empty()) {
    auto now = clock.now();
    if (!now) return std::unexpected(now.error());
    auto m = exposure::read_manifest(request.manifest);
    if (!m) return std::unexpected(std::move(m).error());
    exposure::apply_manifest(*report, *m, *now);
  }
  return report;
}

Result<exposure::Report> exposure_net(const NetRequest& request, const Clock& clock) {
  exposure::NetOptions o;
  o.host = request.host;
  if (!request.ports.empty()) {
    auto p = exposure::parse_ports(request.ports);
    if (!p) return std::unexpected(p.error());
    o.ports = std::move(*p);
  }
  if (!request.udp_ports.empty()) {
    auto p = exposure::parse_udp_ports(request.udp_ports);
    if (!p) return std::unexpected(std::move(p).error().with_context("udp-ports"));
    o.udp_ports = std::move(*p);
  }
  if (!request.scope_file.empty()) {
    auto s = exposure::read_scope(request.scope_file);
    if (!s) return std::unexpected(s.error());
    o.scope = std::move(*s);
  }
  if (request.rate <= 0 || request.rate > 1000)
    return invalid_input("rate: connection attempts per second must be in (0, 1000]");
  if (request.timeout_ms < 50 || request.timeout_ms > 60000)
    return invalid_input("timeout: 50 to 60000 ms");
  o.rate = request.rate;
  o.read_timeout = std::chrono::milliseconds(request.timeout_ms);
  o.connect_timeout = std::chrono::milliseconds(std::min(request.timeout_ms, 1000));
  std::optional<exposure::Manifest> m;
  if (!request.manifest.empty()) {
    auto r = exposure::read_manifest(request.manifest);
    if (!r) return std::unexpected(r.error());
    m = std::move(*r);
    o.manifest = &*m;
  }
  return exposure::scan_network(o, clock);
}

Result<RecordedExposure> record_exposure(portfolio::Store& store, portfolio::ExposureStore& xs,
                                         const std::string& release_spec,
                                         const exposure::Report& report, const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto t = resolve_target(store, release_spec, true);
  if (!t) return std::unexpected(t.error());
  portfolio::ExposureRun run;
  run.product_id = t->product.id;
  run.release = t->release->version;
  run.recorded_at = format_rfc3339(*now);
  run.target = report.target;
  run.catalogue_version = report.catalogue_version;
  run.catalogue_sha256 = report.catalogue_sha256;
  run.fail = static_cast<std::int64_t>(report.summary.fail);
  run.pass = static_cast<std::int64_t>(report.summary.pass);
  run.not_applicable = static_cast<std::int64_t>(report.summary.not_applicable);
  run.indeterminate = static_cast<std::int64_t>(report.summary.indeterminate);
  run.worst = worst_fail(report);
  run.report = exposure::to_json(report);
  run.report_sha256 = sha256_hex(run.report);
  auto stored = xs.add_run(run);
  if (!stored) return std::unexpected(stored.error());
  return RecordedExposure{t->product.name, t->release->version, std::move(*stored)};
}

Result<std::optional<StoredExposure>> release_exposure(portfolio::ExposureStore& xs,
                                                       std::int64_t product_id,
                                                       const std::string& release) {
  using R = std::optional<StoredExposure>;
  auto run = xs.latest(product_id, release);
  if (!run) return std::unexpected(run.error());
  if (!*run) return R{};
  auto report = exposure::from_json((*run)->report);
  if (!report)
    return std::unexpected(std::move(report).error().with_context(
        fmt::format("stored exposure result {} of release {}", (*run)->seq, release)));
  return R(StoredExposure{std::move(**run), std::move(*report)});
}

Result<std::vector<StoredExposure>> release_exposures(portfolio::ExposureStore& xs,
                                                      std::int64_t product_id,
                                                      const std::string& release) {
  std::vector<StoredExposure> out;
  auto runs = xs.runs(product_id, release, true);
  if (!runs) return std::unexpected(runs.error());
  bool network = false, files = false;
  for (auto it = runs->rbegin(); it != runs->rend() && !(network && files); ++it) {
    auto report = exposure::from_json(it->report);
    if (!report)
      return std::unexpected(std::move(report).error().with_context(
          fmt::format("stored exposure result {} of release {}", it->seq, release)));
    bool is_network = report->target_kind == "network";
    if (is_network ? network : files) continue;
    (is_network ? network : files) = true;
    out.push_back(StoredExposure{std::move(*it), std::move(*report)});
  }
  return out;
}

std::string exposure_bundle_stem(const exposure::Report& report) {
  return report.target_kind == "network" ? "exposure-network" : "exposure";
}

std::string exposure_reference(const StoredExposure& s) {
  return fmt::format("{}.json (release {}, run {}, {} of {}, catalogue {}, recorded {}, sha256:{})",
                     exposure_bundle_stem(s.report), s.run.release, s.run.seq,
                     s.report.target_kind == "network" ? "network scan" : "file analysis",
                     s.report.target, s.report.catalogue_version, s.run.recorded_at,
                     s.run.report_sha256);
}

Result<std::vector<cra::HookResult>> exposure_hooks(portfolio::Store& store,
                                                    portfolio::ExposureStore& xs,
                                                    const portfolio::Product& product,
                                                    const std::string& only) {
  auto rels = store.releases(product.id);
  if (!rels) return std::unexpected(rels.error());
  std::vector<cra::ReleaseExposureFact> facts;
  for (const auto& r : *rels) {
    if (!only.empty() && r.version != only) continue;
    auto stored = release_exposures(xs, product.id, r.version);
    if (!stored) return std::unexpected(stored.error());
    if (stored->empty()) continue;
    cra::ReleaseExposureFact f;
    f.release = r.version;
    for (const auto& s : *stored) {
      f.target += (f.target.empty() ? "" : " + ") + s.report.target;
      f.report_ref += (f.report_ref.empty() ? "" : "; ") + exposure_reference(s);
      for (const auto& o : s.report.observations) {
        const exposure::CheckDef* d = exposure::find_check(o.check);
        f.observations.push_back({o.check, d ? std::string(d->annex) : std::string(),
                                  std::string(exposure::to_string(o.status)),
                                  static_cast<int>(o.severity), o.path, o.waiver.has_value()});
      }
    }
    facts.push_back(std::move(f));
  }
  return cra::check_exposure(facts);
}

}  // namespace bulwark::service
