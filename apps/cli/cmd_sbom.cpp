// bulwark sbom: SBOM generation and handling.
//   bulwark sbom TARGET            (also: bulwark sbom generate TARGET) inventories a directory, a
//       root-filesystem archive (tar, tar.gz, tar.xz, zip; read without extracting) or a single
//       lockfile and writes an SBOM to standard output or --output; a summary goes to standard
//       error.
//   bulwark sbom check SBOM        BSI TR-03183-2 / NTIA quality report (docs/sbom-quality.md).
//   bulwark sbom diff A B          added / removed / changed components, across formats.
//   bulwark sbom convert IN -f F   rewrites an SBOM in another format.
// TARGET is an optional positional of `sbom` itself; CLI11 gives subcommand names priority, so a
// directory literally named "check" must be written ./check.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "bulwark/service/sbom.hpp"
#include "commands.hpp"
#include "common.hpp"

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

struct CheckOptions {
  std::string input;
  std::string format = "table";
  std::string profile = "all";
  int min_score = -1;
  bool all = false;
};

struct DiffOptions {
  std::string old_path;
  std::string new_path;
  std::string format = "table";
};

struct ConvertOptions {
  std::string input;
  std::string output;
  std::string format;
  std::string contact;
};

constexpr std::size_t kNotesShown = 20;
constexpr std::size_t kFailingShown = 10;

void print_summary(const SbomOptions& o, const Sbom& sbom, const extract::InventoryReport& r) {
  std::string os = r.os ? fmt::format("; distribution {} {}", r.os->id, r.os->version_id) : "";
  fmt::print(stderr, "{}: {} components from {} files ({} entries, {} bytes read){}\n", o.target,
             sbom.components.size(), r.files_read, r.entries, r.bytes_read, os);
  for (const auto& [extractor, count] : r.components_by_extractor)
    fmt::print(stderr, "  {:<36} {}\n", extractor, count);
  if (r.notes.empty()) return;
  fmt::print(stderr, "notes ({}):\n", r.notes.size());
  std::size_t shown = o.all_notes ? r.notes.size() : std::min(r.notes.size(), kNotesShown);
  for (std::size_t i = 0; i < shown; ++i) fmt::print(stderr, "  {}\n", r.notes[i]);
  if (shown < r.notes.size())
    fmt::print(stderr, "  ... {} more (--all-notes lists them)\n", r.notes.size() - shown);
}

// Writes `sbom` to standard output ("" or "-") or atomically to a file.
Result<void> emit(const std::string& output, const Sbom& sbom, sbom::OutputFormat format,
                  const sbom::WriteOptions& w) {
  auto written =
      write_output(output, [&](std::ostream& out) { return sbom::write(sbom, format, out, w); });
  if (!written && !output.empty() && output != "-" &&
      written.error().message.find(output) == std::string::npos)
    return std::unexpected(std::move(written).error().with_context(output));
  return written;
}

int fail(Context& ctx, const Error& e) {
  report_error(ctx, e);
  return ctx.exit_code;
}

int run_generate(Context& ctx, const SbomOptions& o) {
  if (o.target.empty())
    return fail(ctx,
                Error{ErrorCode::kUsage,
                      "sbom: a TARGET (directory, archive or lockfile) or a subcommand "
                      "(check, diff, convert, generate) is required; see bulwark sbom --help"});
  auto format = sbom::parse_output_format(o.format);
  if (!format) return fail(ctx, format.error());
  service::GenerateRequest req;
  req.target = o.target;
  req.inventory.name = o.name;
  req.inventory.version = o.version;
  req.inventory.supplier = o.supplier;
  req.inventory.max_file_size = o.max_file_size_mib << 20;
  req.inventory.strict = o.strict;
  auto progress = progress_reporter(ctx);
  req.progress = &progress;
  auto gen = service::generate_sbom(req);
  progress.clear();
  if (!gen) return fail(ctx, gen.error());
  const auto w = service::sbom_write_options(BULWARK_VERSION, o.contact);
  if (auto written = emit(o.output, gen->sbom, *format, w); !written)
    return fail(ctx, written.error());
  print_summary(o, gen->sbom, gen->report);
  return 0;
}

int run_check(Context& ctx, const CheckOptions& o) {
  auto profile = sbom::parse_check_profile(o.profile);
  if (!profile) return fail(ctx, profile.error());
  auto checked = service::check_sbom({{std::nullopt, o.input}, *profile, o.min_score});
  if (!checked) return fail(ctx, checked.error());
  const auto& report = checked->report;
  const std::size_t max = o.all ? 0 : kFailingShown;
  std::string text = o.format == "json" ? sbom::render_check_json(report, max)
                                        : sbom::render_check_table(report, max);
  fmt::print("{}", text);
  std::fflush(stdout);
  if (checked->below_min_score) {
    fmt::print(stderr, "bulwark: score {} is below --min-score {}\n", report.min_score(),
               o.min_score);
    return 1;
  }
  return 0;
}

int run_diff(Context& ctx, const DiffOptions& o) {
  auto d = service::diff_sboms({std::nullopt, o.old_path}, {std::nullopt, o.new_path});
  if (!d) return fail(ctx, d.error());
  fmt::print("{}", o.format == "json" ? sbom::render_diff_json(*d) : sbom::render_diff_table(*d));
  std::fflush(stdout);
  return 0;
}

int run_convert(Context& ctx, const ConvertOptions& o) {
  auto format = sbom::parse_output_format(o.format);
  if (!format) return fail(ctx, format.error());
  auto in = service::read_sbom({std::nullopt, o.input});
  if (!in) return fail(ctx, in.error());
  const auto w = service::sbom_write_options(BULWARK_VERSION, o.contact);
  if (auto written = emit(o.output, *in, *format, w); !written) return fail(ctx, written.error());
  fmt::print(stderr, "{}: {} components converted from {} {} to {}\n", o.input,
             in->components.size(), to_string(in->format), in->spec_version,
             sbom::format_name(*format));
  return 0;
}

// The generation options, shared by `sbom TARGET` and `sbom generate TARGET`.
void add_generate_options(CLI::App* cmd, SbomOptions& o) {
  cmd->add_option("-o,--output", o.output, "Write the SBOM to FILE instead of standard output");
  cmd->add_option("-f,--format", o.format, "SBOM format")
      ->check(CLI::IsMember(sbom::output_format_names()))
      ->capture_default_str();
  cmd->add_option("--name", o.name, "Product name (default: the target's file name)");
  cmd->add_option("--version", o.version, "Product version");
  cmd->add_option("--supplier", o.supplier, "Product supplier (manufacturer), e.g. your company");
  cmd->add_option("--contact", o.contact,
                  "Manufacturer's vulnerability contact: e-mail address or URL");
  cmd->add_option("--max-file-size", o.max_file_size_mib, "Largest file read, in MiB")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{4096}))
      ->capture_default_str();
  cmd->add_flag("--strict", o.strict,
                "Fail on a file an extractor cannot parse instead of noting it");
  cmd->add_flag("--all-notes", o.all_notes, "List every note in the summary");
}

void add_check(CLI::App* parent, Context& ctx) {
  auto o = std::make_shared<CheckOptions>();
  auto* cmd = parent->add_subcommand(
      "check", "Check an SBOM against BSI TR-03183-2 v2.1 and the NTIA minimum elements");
  cmd->add_option("sbom", o->input, "SBOM file (CycloneDX JSON/XML, SPDX JSON/tag-value)")
      ->required();
  cmd->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->add_option("--profile", o->profile, "Requirements checked")
      ->check(CLI::IsMember({"bsi", "ntia", "all"}))
      ->capture_default_str();
  cmd->add_option("--min-score", o->min_score, "Exit 1 when a profile scores below N (0-100)")
      ->check(CLI::Range(0, 100));
  cmd->add_flag("--all", o->all, "List every failing component (default: the first 10 per field)");
  cmd->callback([&ctx, o] { ctx.exit_code = run_check(ctx, *o); });
}

void add_diff(CLI::App* parent, Context& ctx) {
  auto o = std::make_shared<DiffOptions>();
  auto* cmd = parent->add_subcommand(
      "diff", "Compare two SBOMs (any readable formats): added, removed, changed components");
  cmd->add_option("old", o->old_path, "The older SBOM")->required();
  cmd->add_option("new", o->new_path, "The newer SBOM")->required();
  cmd->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([&ctx, o] { ctx.exit_code = run_diff(ctx, *o); });
}

void add_convert(CLI::App* parent, Context& ctx) {
  auto o = std::make_shared<ConvertOptions>();
  auto* cmd = parent->add_subcommand("convert", "Rewrite an SBOM in another format");
  cmd->add_option("input", o->input, "SBOM file (CycloneDX JSON/XML, SPDX JSON/tag-value)")
      ->required();
  cmd->add_option("-f,--format", o->format, "Output format")
      ->check(CLI::IsMember(sbom::output_format_names()))
      ->required();
  cmd->add_option("-o,--output", o->output, "Write to FILE instead of standard output");
  cmd->add_option("--contact", o->contact,
                  "Manufacturer's vulnerability contact: e-mail address or URL");
  cmd->callback([&ctx, o] { ctx.exit_code = run_convert(ctx, *o); });
}

}  // namespace

void add_sbom_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<SbomOptions>();
  auto* cmd =
      app.add_subcommand("sbom", "Generate an SBOM (sbom TARGET), or check, diff or convert SBOMs");
  cmd->add_option("target", opts->target,
                  "Directory, tar/tar.gz/tar.xz/zip archive, or lockfile to inventory");
  add_generate_options(cmd, *opts);
  cmd->require_subcommand(0, 1);

  auto gen_opts = std::make_shared<SbomOptions>();
  auto* gen = cmd->add_subcommand("generate", "Generate an SBOM (the same as bulwark sbom TARGET)");
  gen->add_option("target", gen_opts->target,
                  "Directory, tar/tar.gz/tar.xz/zip archive, or lockfile")
      ->required();
  add_generate_options(gen, *gen_opts);
  gen->callback([&ctx, gen_opts] { ctx.exit_code = run_generate(ctx, *gen_opts); });
  add_check(cmd, ctx);
  add_diff(cmd, ctx);
  add_convert(cmd, ctx);

  cmd->callback([&ctx, cmd, opts] {
    if (cmd->get_subcommands().empty()) ctx.exit_code = run_generate(ctx, *opts);
  });
}

}  // namespace bulwark::cli
