// bulwark scan SBOM: match an SBOM against the vulnerability database and report.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "bulwark/core/clock.hpp"
#include "bulwark/report/report.hpp"
#include "bulwark/risk/policy.hpp"
#include "bulwark/service/scan.hpp"
#include "bulwark/vulndb/store.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace bulwark::cli {
namespace {

int fail(Context& ctx, const Error& e) {
  report_error(ctx, e);
  return ctx.exit_code;
}

struct ScanOptions {
  std::string sbom;
  std::string format = "table";
  std::string output;
  std::string fail_on;
  std::string policy;
  std::string product_class = "default";
  double warn_age = 7;  // days
  double max_age = 30;  // days
  bool allow_stale = false;
  bool cpe_guess = false;
  std::vector<std::string> vex;
  bool show_suppressed = false;
};

// The freshness verdict as messages: a warning per old source, the refusal as an error (exit 3).
bool report_freshness(Context& ctx, const service::FreshnessVerdict& v, const ScanOptions& o) {
  for (const auto& s : v.sources) {
    if (s.stale) {
      fmt::print(stderr,
                 "bulwark: {} data is {:.0f} days old (imported {}), past --max-age {:.0f}{}\n",
                 s.name, s.age_days, s.imported_at, o.max_age,
                 o.allow_stale ? "; scanning anyway (--allow-stale)" : "");
    } else {
      fmt::print(stderr,
                 "bulwark: warning: {} data is {:.0f} days old (imported {}); update it (db update "
                 "/ db import)\n",
                 s.name, s.age_days, s.imported_at);
    }
  }
  if (!v.refused) return true;
  report_error(ctx, Error{ErrorCode::kDatabase,
                          "refusing to scan with stale vulnerability data: update the database or "
                          "pass --allow-stale"});
  return false;
}

int run_scan(Context& ctx, const ScanOptions& o) {
  auto gate = parse_gate(o.fail_on);
  if (!gate) return fail(ctx, gate.error());
  service::ScanRequest req;
  if (!o.policy.empty()) {
    auto p = risk::load_policy(o.policy);
    if (!p) return fail(ctx, p.error());
    req.policy = std::move(*p);
  }
  auto cls = risk::parse_product_class(o.product_class);
  if (!cls) return fail(ctx, Error{ErrorCode::kUsage, "--product-class: " + cls.error().message});
  req.product_class = *cls;
  req.input.name = o.sbom;
  req.cpe_guess = o.cpe_guess;
  req.vex_paths = o.vex;
  req.show_suppressed = o.show_suppressed;
  req.freshness = {o.warn_age, o.max_age, o.allow_stale};
  req.database = database_label(ctx);
  auto store = open_vulndb(ctx);
  if (!store) return fail(ctx, store.error());
  auto outcome = service::scan(**store, req, system_clock());
  if (!outcome) return fail(ctx, outcome.error());
  if (!report_freshness(ctx, outcome->freshness, o)) return ctx.exit_code;
  const auto view = outcome->view(BULWARK_VERSION);
  const bool to_stdout = o.output.empty() || o.output == "-";
  const bool color =
      to_stdout && o.format == "table" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  auto written = write_output(
      o.output, [&](std::ostream& out) { return report::render(o.format, view, out, color); });
  if (!written) return fail(ctx, written.error());
  if (!to_stdout) {
    const auto& s = outcome->result.summary;
    fmt::print(stderr, "{}: {} components, {} findings, {} not covered -> {}\n", o.sbom,
               s.components, s.findings, s.uncovered.size(), o.output);
  }
  if (const std::size_t reached = outcome->gate_count(*gate); reached > 0) {
    fmt::print(stderr, "bulwark: gate failed: {} finding(s) at or above {}\n", reached, o.fail_on);
    return 1;
  }
  return 0;
}

}  // namespace

void add_scan_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<ScanOptions>();
  auto* cmd = app.add_subcommand("scan",
                                 "Match an SBOM (or an inventoried directory, archive or lockfile) "
                                 "against the vulnerability database");
  cmd->add_option("target", opts->sbom,
                  "SBOM (CycloneDX 1.4-1.6 JSON/XML, SPDX 2.3 JSON/tag-value), or a directory, "
                  "root filesystem archive or lockfile to inventory first")
      ->required();
  cmd->add_option("-f,--format", opts->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "sarif", "cyclonedx"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", opts->output,
                  "Write the report to FILE instead of standard output");
  cmd->add_option("--fail-on", opts->fail_on,
                  "Exit 1 when a finding reaches this priority (P0..P4) or severity (critical, "
                  "high, medium, low)");
  cmd->add_option("--policy", opts->policy, "Risk policy file (YAML; see docs/risk-policy.md)");
  cmd->add_option("--product-class", opts->product_class,
                  "CRA product class: default, important-1, important-2, critical")
      ->capture_default_str();
  cmd->add_option("--warn-age", opts->warn_age,
                  "Warn when a data source is older than this many days")
      ->capture_default_str();
  cmd->add_option("--max-age", opts->max_age,
                  "Refuse to scan (exit 3) when a data source is older than this many days")
      ->capture_default_str();
  cmd->add_flag("--allow-stale", opts->allow_stale, "Scan even when data is older than --max-age");
  cmd->add_flag(
      "--cpe-guess", opts->cpe_guess,
      "For components without purl coverage or CPE, guess a CPE from the name (lower confidence)");
  cmd->add_option("--vex", opts->vex,
                  "VEX documents (OpenVEX, CycloneDX, CSAF) to honour: not_affected, fixed and "
                  "false_positive findings are suppressed");
  cmd->add_flag("--show-suppressed", opts->show_suppressed,
                "List suppressed findings too, marked as such");
  cmd->callback([&ctx, opts] { ctx.exit_code = run_scan(ctx, *opts); });
}

}  // namespace bulwark::cli
