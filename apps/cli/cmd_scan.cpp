// bulwark scan SBOM: match an SBOM against the vulnerability database and report.
#include <CLI/CLI.hpp>
#include <chrono>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "bulwark/match/matcher.hpp"
#include "bulwark/report/report.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/vulndb/store.hpp"
#include "commands.hpp"

namespace bulwark::cli {
namespace {

struct ScanOptions {
  std::string sbom;
  std::string format = "table";
  std::string output;
  std::string fail_on;
};

std::string now_utc() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

int run_scan(Context& ctx, const ScanOptions& o) {
  std::string fail_on = upper(o.fail_on);
  if (!fail_on.empty() && match::severity_rank(fail_on) <= 0) {
    report_error(ctx, Error{ErrorCode::kUsage, "--fail-on: expected critical, high, medium or low, got '" + o.fail_on + "'"});
    return ctx.exit_code;
  }
  auto sbom = sbom::read_file(o.sbom);
  if (!sbom) {
    report_error(ctx, sbom.error());
    return ctx.exit_code;
  }
  std::string db_path = ctx.db_path.empty() ? vulndb::default_path() : ctx.db_path;
  auto store = vulndb::Store::open(db_path);
  if (!store) {
    report_error(ctx, store.error());
    return ctx.exit_code;
  }
  auto result = match::scan(*sbom, **store);
  if (!result) {
    report_error(ctx, std::move(result.error()).with_context(db_path));
    return ctx.exit_code;
  }
  report::ScanReport view{*sbom, *result, db_path, BULWARK_VERSION, now_utc()};
  Result<void> written;
  if (o.output.empty() || o.output == "-") {
    bool color = o.format == "table" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    written = report::render(o.format, view, std::cout, color);
  } else {
    std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
    if (!out) {
      report_error(ctx, Error{ErrorCode::kIo, o.output + ": cannot open for writing"});
      return ctx.exit_code;
    }
    written = report::render(o.format, view, out);
    const auto& s = result->summary;
    fmt::print(stderr, "{}: {} components, {} findings, {} not covered -> {}\n", o.sbom,
               s.components, s.findings, s.uncovered.size(), o.output);
  }
  if (!written) {
    report_error(ctx, written.error());
    return ctx.exit_code;
  }
  if (!fail_on.empty()) {
    int gate = match::severity_rank(fail_on);
    std::size_t reached = 0;
    for (const auto& f : result->findings)
      if (match::severity_rank(f->severity) >= gate) ++reached;
    if (reached > 0) {
      fmt::print(stderr, "bulwark: gate failed: {} finding(s) at or above {}\n", reached, fail_on);
      return 1;
    }
  }
  return 0;
}

}  // namespace

void add_scan_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<ScanOptions>();
  auto* cmd = app.add_subcommand("scan", "Match an SBOM against the vulnerability database");
  cmd->add_option("sbom", opts->sbom, "SBOM file: CycloneDX 1.4-1.6 (JSON/XML) or SPDX 2.3 (JSON/tag-value)")
      ->required();
  cmd->add_option("-f,--format", opts->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "sarif", "cyclonedx"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", opts->output, "Write the report to FILE instead of standard output");
  cmd->add_option("--fail-on", opts->fail_on,
                  "Exit 1 when a finding has this severity or higher (critical, high, medium, low)");
  cmd->callback([&ctx, opts] { ctx.exit_code = run_scan(ctx, *opts); });
}

}  // namespace bulwark::cli
