// bulwark exposure TARGET: binary hardening, firmware configuration and secrets of a directory,
// tar/zip root filesystem, container image, SquashFS image or single ELF file, as CRA Annex I
// evidence (docs/exposure.md). Parses, calls exposure::analyse and renders; exit 1 when a fail
// reaches --fail-on.
//   bulwark exposure checks       lists the check catalogue.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ostream>
#include <string>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/exposure/exposure.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace bulwark::cli {
namespace {

struct ExposureOptions {
  std::string target;
  std::string format = "table";
  std::string output;
  std::string fail_on;
  std::string rules;
  std::uint64_t max_file_size_mib = 64;
  bool all = false;
  bool no_passes = false;
};

int run_exposure(Context& ctx, const ExposureOptions& o) {
  if (o.target.empty()) {
    report_error(ctx,
                 Error{ErrorCode::kUsage,
                       "exposure: a TARGET is required (directory, archive, image or ELF file)"});
    return ctx.exit_code;
  }
  std::optional<exposure::Severity> threshold;
  if (!o.fail_on.empty()) {
    auto s = exposure::parse_severity(o.fail_on);
    if (!s) {
      report_error(ctx, Error{ErrorCode::kUsage, "--fail-on: " + s.error().message});
      return ctx.exit_code;
    }
    threshold = *s;
  }
  exposure::Options options;
  options.max_file_size = o.max_file_size_mib << 20;
  options.include_passes = !o.no_passes;
  options.rules_file = o.rules;
  auto report = exposure::analyse(o.target, options, system_clock());
  if (failed(ctx, report)) return ctx.exit_code;
  std::string text;
  if (o.format == "json")
    text = exposure::to_json(*report);
  else if (o.format == "sarif")
    text = exposure::to_sarif(*report);
  else
    text = exposure::to_table(*report, o.all);
  auto written = write_output(o.output, [&](std::ostream& out) -> Result<void> {
    out << text;
    return {};
  });
  if (failed(ctx, written)) return ctx.exit_code;
  if (o.format != "table")
    fmt::print(stderr, "{}: {} fail, {} pass, {} not applicable, {} indeterminate\n", o.target,
               report->summary.fail, report->summary.pass, report->summary.not_applicable,
               report->summary.indeterminate);
  constexpr std::size_t kNotesShown = 20;
  for (std::size_t i = 0; i < report->notes.size() && i < kNotesShown; ++i)
    fmt::print(stderr, "note: {}\n", report->notes[i]);
  if (report->notes.size() > kNotesShown)
    fmt::print(stderr, "note: ... {} more\n", report->notes.size() - kNotesShown);
  if (threshold && exposure::fails_at(*report, *threshold)) {
    fmt::print(stderr, "exposure gate failed: a check failed at severity {} or above\n",
               exposure::to_string(*threshold));
    ctx.exit_code = 1;
  }
  return ctx.exit_code;
}

void list_checks() {
  fmt::print("catalogue {} sha256:{}\n", exposure::kCatalogueVersion, exposure::catalogue_sha256());
  fmt::print("{:<20} {:<9} {:<10} {:<20} {:<10} {}\n", "ID", "SEVERITY", "CONFIDENCE", "ANNEX I",
             "CWE", "TITLE");
  for (const auto& c : exposure::catalogue())
    fmt::print("{:<20} {:<9} {:<10} {:<20} {:<10} {}\n", c.id, exposure::to_string(c.severity),
               exposure::to_string(c.confidence), c.annex, c.cwe.empty() ? "-" : c.cwe, c.title);
}

}  // namespace

void add_exposure_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ExposureOptions>();
  auto* cmd = app.add_subcommand("exposure",
                                 "Binary hardening, configuration and secrets checks of a firmware "
                                 "image or ELF (CRA Annex I evidence)");
  cmd->add_option(
      "target", o->target,
      "Directory, tar/zip root filesystem, container image, SquashFS image or ELF file");
  cmd->add_option("-f,--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "sarif"}));
  cmd->add_option("-o,--output", o->output, "Write the report to FILE (default: standard output)");
  cmd->add_option(
      "--fail-on", o->fail_on,
      "Exit 1 when a check fails at this severity or above (info, low, medium, high, critical)");
  cmd->add_option("--rules", o->rules,
                  "Extra secret rules in gitleaks' TOML format (regexes run with RE2)");
  cmd->add_option("--max-file-size", o->max_file_size_mib,
                  "Largest file read, in MiB (default 64)");
  cmd->add_flag("--all", o->all, "Table: also list passes and not-applicable checks");
  cmd->add_flag("--no-passes", o->no_passes,
                "Leave passes out of the report (JSON/SARIF keep them by default)");
  auto* checks = cmd->add_subcommand("checks", "List the check catalogue");
  checks->callback([] { list_checks(); });
  cmd->callback([&ctx, o, checks] {
    if (checks->parsed()) return;
    run_exposure(ctx, *o);
  });
}

}  // namespace bulwark::cli
