// bulwark scan SBOM: match an SBOM against the vulnerability database and report.
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <cstring>
#include <unistd.h>

#include "bulwark/extract/walker.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/portfolio/service.hpp"
#include "bulwark/report/report.hpp"
#include "bulwark/risk/policy.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/vulndb/freshness.hpp"
#include "bulwark/vulndb/store.hpp"
#include "common.hpp"
#include "commands.hpp"

namespace bulwark::cli {
namespace {

struct ScanOptions {
  std::string sbom;
  std::string format = "table";
  std::string output;
  std::string fail_on;
  std::string policy;
  std::string product_class = "default";
  double warn_age = 7;   // days
  double max_age = 30;   // days
  bool allow_stale = false;
  bool cpe_guess = false;
  std::vector<std::string> vex;
  bool show_suppressed = false;
};

// Warns about sources older than warn_age days; refuses (exit 3) past max_age unless allowed.
bool check_freshness(Context& ctx, vulndb::Store& store, const ScanOptions& o) {
  auto status = store.status();
  if (!status) {
    report_error(ctx, status.error());
    return false;
  }
  auto now = vulndb::now();
  if (!now) {
    report_error(ctx, now.error());
    return false;
  }
  bool refuse = false;
  for (const auto& s : vulndb::source_ages(*status, *now)) {
    if (s.age_days > o.max_age) {
      fmt::print(stderr, "bulwark: {} data is {:.0f} days old (imported {}), past --max-age {:.0f}{}\n",
                 s.name, s.age_days, s.imported_at, o.max_age,
                 o.allow_stale ? "; scanning anyway (--allow-stale)" : "");
      refuse = refuse || !o.allow_stale;
    } else if (s.age_days > o.warn_age) {
      fmt::print(stderr, "bulwark: warning: {} data is {:.0f} days old (imported {}); update it (db update / db import)\n",
                 s.name, s.age_days, s.imported_at);
    }
  }
  if (refuse) {
    report_error(ctx, Error{ErrorCode::kDatabase,
                            "refusing to scan with stale vulnerability data: update the database or pass --allow-stale"});
    return false;
  }
  return true;
}

// A scan target is an SBOM document, or something to inventory first: a directory (source tree
// or root filesystem), an archive (root filesystem, container export) or a single lockfile.
Result<Sbom> load_target(const std::string& target) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(target, ec)) return extract::inventory(target, {});
  auto doc = sbom::read_file(target);
  if (doc || doc.error().code == ErrorCode::kNotFound) return doc;
  // Not an SBOM: an archive or a lockfile the extractors know.
  auto inv = extract::inventory(target, {});
  if (inv && !inv->components.empty()) return inv;
  return doc;  // report the SBOM parse error, which names the location
}

std::string now_utc() {
  auto t = now_rfc3339();
  return t ? *t : std::string();
}

int run_scan(Context& ctx, const ScanOptions& o) {
  const std::string& fail_on = o.fail_on;
  auto parsed_gate = parse_gate(o.fail_on);
  if (!parsed_gate) {
    report_error(ctx, parsed_gate.error());
    return ctx.exit_code;
  }
  const Gate gate = *parsed_gate;
  match::ScanOptions scan_opts;
  risk::Policy policy;
  if (!o.policy.empty()) {
    auto p = risk::load_policy(o.policy);
    if (!p) {
      report_error(ctx, p.error());
      return ctx.exit_code;
    }
    policy = std::move(*p);
    scan_opts.policy = &policy;
  }
  auto cls = risk::parse_product_class(o.product_class);
  if (!cls) {
    report_error(ctx, Error{ErrorCode::kUsage, "--product-class: " + cls.error().message});
    return ctx.exit_code;
  }
  scan_opts.product_class = *cls;
  scan_opts.today = today_utc();
  scan_opts.cpe_guess = o.cpe_guess;
  auto sbom = load_target(o.sbom);
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
  if (!check_freshness(ctx, **store, o)) return ctx.exit_code;
  auto result = match::scan(*sbom, **store, scan_opts);
  if (!result) {
    report_error(ctx, std::move(result.error()).with_context(db_path));
    return ctx.exit_code;
  }
  // VEX documents given with --vex: not_affected / fixed / false_positive suppress the finding.
  std::vector<VexDocument> vex_docs;
  std::vector<std::string> vex_names;
  for (const auto& path : o.vex) {
    auto doc = portfolio::read_vex_file(path);
    if (!doc) {
      report_error(ctx, doc.error());
      return ctx.exit_code;
    }
    vex_docs.push_back(std::move(*doc));
    vex_names.push_back(std::filesystem::path(path).filename().string());
  }
  std::vector<report::FindingStatus> statuses;
  std::size_t suppressed_hidden = 0;
  if (!vex_docs.empty()) {
    portfolio::AnalysisSource src;
    src.vex = &vex_docs;
    src.vex_names = &vex_names;
    if (auto a = portfolio::apply_analyses(*sbom, *result, statuses, suppressed_hidden, src, o.show_suppressed); !a) {
      report_error(ctx, a.error());
      return ctx.exit_code;
    }
  }
  report::ScanReport view{*sbom, *result, db_path, BULWARK_VERSION, now_utc()};
  if (!vex_docs.empty()) {
    view.statuses = &statuses;
    view.suppressed_hidden = suppressed_hidden;
  }
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
    std::size_t reached = 0;
    for (std::size_t i = 0; i < result->findings.size(); ++i)
      if (gate.reached(result->findings[i]) && !(i < statuses.size() && statuses[i].suppressed)) ++reached;
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
  auto* cmd = app.add_subcommand("scan", "Match an SBOM (or an inventoried directory, archive or lockfile) against the vulnerability database");
  cmd->add_option("target", opts->sbom,
                  "SBOM (CycloneDX 1.4-1.6 JSON/XML, SPDX 2.3 JSON/tag-value), or a directory, "
                  "root filesystem archive or lockfile to inventory first")
      ->required();
  cmd->add_option("-f,--format", opts->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "sarif", "cyclonedx"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", opts->output, "Write the report to FILE instead of standard output");
  cmd->add_option("--fail-on", opts->fail_on,
                  "Exit 1 when a finding reaches this priority (P0..P4) or severity (critical, high, medium, low)");
  cmd->add_option("--policy", opts->policy, "Risk policy file (YAML; see docs/risk-policy.md)");
  cmd->add_option("--product-class", opts->product_class,
                  "CRA product class: default, important-1, important-2, critical")
      ->capture_default_str();
  cmd->add_option("--warn-age", opts->warn_age, "Warn when a data source is older than this many days")
      ->capture_default_str();
  cmd->add_option("--max-age", opts->max_age,
                  "Refuse to scan (exit 3) when a data source is older than this many days")
      ->capture_default_str();
  cmd->add_flag("--allow-stale", opts->allow_stale, "Scan even when data is older than --max-age");
  cmd->add_flag("--cpe-guess", opts->cpe_guess,
                "For components without purl coverage or CPE, guess a CPE from the name (lower confidence)");
  cmd->add_option("--vex", opts->vex, "VEX documents (OpenVEX, CycloneDX, CSAF) to honour: not_affected, fixed and false_positive findings are suppressed");
  cmd->add_flag("--show-suppressed", opts->show_suppressed, "List suppressed findings too, marked as such");
  cmd->callback([&ctx, opts] { ctx.exit_code = run_scan(ctx, *opts); });
}

}  // namespace bulwark::cli
