// Releases: add one from an SBOM (file or bytes) or an inventory, check its support period, match
// it.
#include "bulwark/service/releases.hpp"
#include "bulwark/service/sbom.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <sstream>

#include "bulwark/core/digest.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/cra/lifecycle.hpp"
#include "bulwark/extract/walker.hpp"
#include "bulwark/match/snapshot_scan.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/sbom/writer.hpp"
#include "bulwark/service/findings_sync.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/reach.hpp"
#include "bulwark/vex/vex.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::service {

Result<AddedRelease> add_release(portfolio::Store& store, vulndb::Store* vulns,
                                 const portfolio::Product& product, const std::string& version,
                                 const ReleaseInput& in, const std::string& now) {
  if (version.empty()) return invalid_input("version: a release needs a version");
  const int sources = !in.sbom_path.empty() + !in.sbom_bytes.empty() + !in.target.empty();
  if (sources != 1)
    return invalid_input(
        "a release needs exactly one SBOM source: an SBOM file, SBOM content or a target to "
        "inventory");
  auto existing = store.release(product.id, version);
  if (!existing) return std::unexpected(existing.error());
  if (*existing && !in.replace)
    return conflict(fmt::format("release {}@{} already exists", product.name, version));
  // The one support-period rule (CRA Art. 13(8)): checked before anything is read or stored.
  if (!*existing)
    if (auto s = cra::checked_release_support_period(product.name, version, in.released_at,
                                                     in.support_end, in.support_rationale,
                                                     product.support_years);
        !s)
      return std::unexpected(s.error());
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
  } else if (!in.sbom_bytes.empty()) {
    name = in.sbom_name.empty() ? std::string("sbom") : in.sbom_name;
    auto doc = sbom::read(in.sbom_bytes, name);
    if (!doc) return std::unexpected(doc.error());
    sbom = std::move(*doc);
    original = in.sbom_bytes;
  } else {
    extract::InventoryOptions inv;
    inv.name = product.name;
    inv.version = version;
    inv.supplier = product.vendor;
    report_inventory_progress(inv, in.progress);
    auto doc = extract::inventory(in.target, inv);
    if (in.progress) in.progress->end();
    if (!doc) return std::unexpected(doc.error());
    sbom = std::move(*doc);
    name = std::filesystem::path(in.target).filename().string();
  }
  std::ostringstream stored;
  sbom::WriteOptions w{in.tool_version, now, product.security_contact};
  if (auto x = sbom::write_cyclonedx_json(sbom, stored, w); !x) return std::unexpected(x.error());
  if (original.empty()) original = stored.str();

  portfolio::Release r = *existing ? **existing : portfolio::Release{};
  r.product_id = product.id;
  r.product = product.name;
  r.version = version;
  if (!*existing) {
    r.released_at = in.released_at;
    r.support_end = in.support_end;
    r.support_rationale = in.support_rationale;
  }
  r.sbom_name = name;
  r.sbom_format = fmt::format("{} {}", to_string(sbom.format), sbom.spec_version);
  r.sbom_sha256 = sha256_hex(original);
  r.created_at = now;
  std::vector<portfolio::Occurrence> occ;
  occ.reserve(sbom.components.size());
  for (const auto& c : sbom.components)
    occ.push_back({c.bom_ref, c.name, c.version, c.purl, portfolio::component_identity(c)});

  AddedRelease out;
  Progress& progress = in.progress ? *in.progress : no_progress();
  progress.begin("store", occ.size(), "components");
  auto done = store.transaction([&]() -> Result<void> {
    auto rel = *existing ? store.replace_release_sbom(r, original, stored.str(), occ)
                         : store.add_release(r, original, stored.str(), occ);
    if (!rel) return std::unexpected(rel.error());
    out.release = *rel;
    out.replaced = existing->has_value();
    progress.update(occ.size());
    progress.end();
    if (!vulns) return {};
    auto count = vulns->record_count();
    if (!count) return std::unexpected(count.error());
    if (*count == 0) return {};
    auto so = release_scan_options(in.risk, product, version, now.substr(0, 10));
    if (!so) return std::unexpected(so.error());
    progress.begin("match", sbom.components.size(), "components");
    std::vector<portfolio::StoredFinding> snapshots;
    {  // the scan's findings (records, references, scores) are freed once snapshotted
      auto result = match::scan_for_snapshot(sbom, *vulns, *so);
      if (!result) return std::unexpected(result.error());
      progress.update(sbom.components.size());
      progress.end();
      snapshots = snapshots_of(sbom, result->findings);
    }
    out.findings = snapshots.size();
    auto changes = sync_findings(store, out.release.id, std::move(snapshots), now);
    if (!changes) return std::unexpected(changes.error());
    out.matched = true;
    return {};
  });
  progress.end();
  if (!done) return std::unexpected(done.error());
  return out;
}

Result<AddedRelease> add_release(portfolio::Store& store, vulndb::Store* vulns,
                                 const portfolio::Product& product, const std::string& version,
                                 const ReleaseInput& in, const Clock& clock) {
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  return add_release(store, vulns, product, version, in, *now);
}

Result<AddedRelease> add_release(portfolio::Store& store, vulndb::Store* vulns,
                                 std::string_view product, const std::string& version,
                                 const ReleaseInput& in, const Clock& clock) {
  auto t = resolve_target(store, product, false);
  if (!t) return std::unexpected(t.error());
  return add_release(store, vulns, t->product, version, in, clock);
}

Result<Sbom> load_release_sbom(portfolio::Store& store, const portfolio::Release& r) {
  auto text = store.release_sbom(r.id, false);
  if (!text) return std::unexpected(text.error());
  auto sbom = sbom::read(*text, fmt::format("{}@{} (stored SBOM)", r.product, r.version));
  if (!sbom) return sbom;
  sbom->source_path = r.sbom_name;
  return sbom;
}

}  // namespace bulwark::service
