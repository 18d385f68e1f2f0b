#include "bulwark/service/sbom.hpp"

#include <utility>

#include "bulwark/sbom/reader.hpp"

namespace bulwark::service {

Result<Sbom> read_sbom(const SbomInput& input) {
  if (input.bytes) return sbom::read(*input.bytes, input.name);
  return sbom::read_file(input.name);
}

Result<GeneratedSbom> generate_sbom(const GenerateRequest& request) {
  if (request.target.empty())
    return make_error(ErrorCode::kUsage,
                      "a target (directory, archive or lockfile) to inventory is required");
  GeneratedSbom out;
  extract::InventoryOptions inventory = request.inventory;
  report_inventory_progress(inventory, request.progress);
  auto sbom = extract::inventory(request.target, inventory, &out.report);
  if (request.progress) request.progress->end();
  if (!sbom) return std::unexpected(std::move(sbom).error());
  out.sbom = std::move(*sbom);
  return out;
}

void report_inventory_progress(extract::InventoryOptions& inventory, Progress* progress) {
  if (progress == nullptr) return;
  progress->begin("inventory", 0, "entries");
  auto previous = std::move(inventory.on_progress);
  inventory.on_progress = [progress, previous = std::move(previous)](std::uint64_t entries,
                                                                     std::uint64_t bytes) {
    progress->update(entries);
    if (previous) previous(entries, bytes);
  };
}

sbom::WriteOptions sbom_write_options(std::string tool_version, std::string contact) {
  return sbom::WriteOptions{std::move(tool_version), sbom::current_timestamp(), std::move(contact)};
}

Result<CheckResult> check_sbom(const CheckRequest& request) {
  auto report = request.input.bytes
                    ? sbom::check(*request.input.bytes, request.input.name, request.profile)
                    : sbom::check_file(request.input.name, request.profile);
  if (!report) return std::unexpected(std::move(report).error());
  CheckResult out;
  out.below_min_score = request.min_score >= 0 && report->min_score() < request.min_score;
  out.report = std::move(*report);
  return out;
}

Result<sbom::SbomDiff> diff_sboms(const SbomInput& old_sbom, const SbomInput& new_sbom) {
  if (!old_sbom.bytes && !new_sbom.bytes) return sbom::diff_files(old_sbom.name, new_sbom.name);
  auto a = read_sbom(old_sbom);
  if (!a) return std::unexpected(std::move(a).error());
  auto b = read_sbom(new_sbom);
  if (!b) return std::unexpected(std::move(b).error());
  sbom::SbomDiff d = sbom::diff(*a, *b);
  d.old_file = old_sbom.name;
  d.new_file = new_sbom.name;
  return d;
}

}  // namespace bulwark::service
