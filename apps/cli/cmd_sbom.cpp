// bulwark sbom TARGET: inventories a directory, a root-filesystem archive (tar, tar.gz, tar.xz,
// zip; read without extracting) or a single lockfile and writes an SBOM (CycloneDX 1.6 JSON or
// SPDX 2.3 JSON) to standard output or --output; a summary (components per extractor, notes)
// goes to standard error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "bulwark/extract/walker.hpp"
#include "bulwark/sbom/writer.hpp"
#include "commands.hpp"

namespace bulwark::cli {
namespace {

struct SbomOptions {
  std::string target;
  std::string output;
  std::string format = "cyclonedx-json";
  std::string name;
  std::string version;
  std::string supplier;
  std::string contact;
  std::uint64_t max_file_size_mib = 64;
  bool strict = false;
  bool all_notes = false;
};

constexpr std::size_t kNotesShown = 20;

void print_summary(const SbomOptions& o, const Sbom& sbom, const extract::InventoryReport& r) {
  std::string os = r.os ? fmt::format("; distribution {} {}", r.os->id, r.os->version_id) : "";
  fmt::print(stderr, "{}: {} components from {} files ({} entries, {} bytes read){}\n", o.target,
             sbom.components.size(), r.files_read, r.entries, r.bytes_read, os);
  for (const auto& [extractor, count] : r.components_by_extractor) fmt::print(stderr, "  {:<36} {}\n", extractor, count);
  if (r.notes.empty()) return;
  fmt::print(stderr, "notes ({}):\n", r.notes.size());
  std::size_t shown = o.all_notes ? r.notes.size() : std::min(r.notes.size(), kNotesShown);
  for (std::size_t i = 0; i < shown; ++i) fmt::print(stderr, "  {}\n", r.notes[i]);
  if (shown < r.notes.size()) fmt::print(stderr, "  ... {} more (--all-notes lists them)\n", r.notes.size() - shown);
}

// Writes to a temporary file beside `path` and renames it, so that a failure leaves no partial SBOM.
Result<void> write_file(const std::string& path, const Sbom& sbom, SbomFormat format, const sbom::WriteOptions& w) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return io_error(path + ": cannot open for writing");
    auto written = sbom::write(sbom, format, out, w);
    out.close();
    if (!written || !out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return written ? io_error(path + ": write failed") : std::unexpected(std::move(written).error().with_context(path));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return io_error(path + ": cannot rename " + tmp + ": " + ec.message());
  return {};
}

int run_sbom(Context& ctx, const SbomOptions& o) {
  extract::InventoryOptions inv;
  inv.name = o.name;
  inv.version = o.version;
  inv.supplier = o.supplier;
  inv.max_file_size = o.max_file_size_mib << 20;
  inv.strict = o.strict;
  extract::InventoryReport report;
  auto sbom = extract::inventory(o.target, inv, &report);
  if (!sbom) {
    report_error(ctx, sbom.error());
    return ctx.exit_code;
  }
  const SbomFormat format = o.format == "spdx-json" ? SbomFormat::kSpdxJson : SbomFormat::kCycloneDxJson;
  sbom::WriteOptions w{BULWARK_VERSION, sbom::current_timestamp(), o.contact};
  Result<void> written = o.output.empty() || o.output == "-" ? sbom::write(*sbom, format, std::cout, w)
                                                             : write_file(o.output, *sbom, format, w);
  std::cout.flush();
  if (!written) {
    report_error(ctx, written.error());
    return ctx.exit_code;
  }
  print_summary(o, *sbom, report);
  return 0;
}

}  // namespace

void add_sbom_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<SbomOptions>();
  auto* cmd = app.add_subcommand("sbom", "Generate an SBOM from a directory, a root-filesystem archive or a lockfile");
  cmd->add_option("target", opts->target, "Directory, tar/tar.gz/tar.xz/zip archive, or lockfile")->required();
  cmd->add_option("-o,--output", opts->output, "Write the SBOM to FILE instead of standard output");
  cmd->add_option("-f,--format", opts->format, "SBOM format")
      ->check(CLI::IsMember({"cyclonedx-json", "spdx-json"}))
      ->capture_default_str();
  cmd->add_option("--name", opts->name, "Product name (default: the target's file name)");
  cmd->add_option("--version", opts->version, "Product version");
  cmd->add_option("--supplier", opts->supplier, "Product supplier (manufacturer), e.g. your company");
  cmd->add_option("--contact", opts->contact, "Manufacturer's vulnerability contact: e-mail address or URL");
  cmd->add_option("--max-file-size", opts->max_file_size_mib, "Largest file read, in MiB")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{4096}))
      ->capture_default_str();
  cmd->add_flag("--strict", opts->strict, "Fail on a file an extractor cannot parse instead of noting it");
  cmd->add_flag("--all-notes", opts->all_notes, "List every note in the summary");
  cmd->callback([&ctx, opts] { ctx.exit_code = run_sbom(ctx, *opts); });
}

}  // namespace bulwark::cli
