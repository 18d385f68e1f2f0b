// bulwark db: import OSV records and the KEV, EPSS and NVD feeds (each input recognised by its
// content) into the vulnerability database, report what it holds, and copy a whole database to
// another location (`db migrate`: SQLite <-> PostgreSQL).
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/service/db.hpp"
#include "bulwark/service/db_migrate.hpp"
#include "bulwark/update/update.hpp"
#include "bulwark/vulndb/store.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace bulwark::cli {
namespace {

struct DbOptions {
  std::vector<std::string> paths;
  bool strict = false;
  std::string format = "table";
  std::string config;                   // update: sources file
  std::vector<std::string> sources;     // update: --source
  std::vector<std::string> ecosystems;  // update: --ecosystem
  bool dry_run = false;                 // update: --dry-run
  std::string to;                       // migrate: --to
};

std::unique_ptr<vulndb::Store> open_store(Context& ctx) {
  auto store = open_vulndb(ctx);
  if (!store) {
    report_error(ctx, store.error());
    return nullptr;
  }
  return std::move(*store);
}

// One line per input saying what it was recognised as (OSV-only imports keep the one summary
// line), then the OSV summary when OSV records were imported; then the verdict (no valid record).
void print_import_report(Context& ctx, const vulndb::ImportReport& report,
                         const service::ImportSummary& sum, const std::optional<Error>& failure) {
  for (const auto& bad : report.invalid) fmt::print(stderr, "{}: {}\n", bad.file, bad.reason);
  for (const auto& in : report.inputs) {
    if (!sum.any_feed) break;
    const double rate = in.seconds > 0 ? static_cast<double>(in.records) / in.seconds : 0.0;
    fmt::print("{}: {}, {} ({:.2f} s, {:.0f}/s)\n", in.path, in.kind, in.detail, in.seconds, rate);
  }
  if (sum.any_osv) {
    const double rate =
        report.seconds > 0 ? static_cast<double>(report.seen) / report.seconds : 0.0;
    fmt::print(
        "imported {} records (new {}, updated {}, unchanged {}, withdrawn {}, invalid {}) in "
        "{:.2f} s ({:.0f} records/s)\n",
        sum.valid_osv, report.inserted, report.updated, report.unchanged, report.withdrawn,
        sum.invalid_osv, report.seconds, rate);
  }
  if (failure) report_error(ctx, *failure);
}

void run_import(Context& ctx, const DbOptions& opt) {
  auto store = open_store(ctx);
  if (!store) return;
  auto progress = progress_reporter(ctx);
  service::ImportRequest req{opt.paths, opt.strict, &progress};
  auto result = service::import_data(*store, req);
  progress.clear();
  if (!result) return report_error(ctx, result.error());
  print_import_report(ctx, result->report, result->summary, result->failure);
}

std::string age_text(const std::optional<double>& days) {
  if (!days || *days < 0) return "-";
  if (*days < 1) return fmt::format("{:.1f} h", *days * 24);
  return fmt::format("{:.1f} d", *days);
}

// OSV, NVD, KEV, EPSS: how many records, how fresh (newest data, version) and when imported.
void print_sources_table(const service::StatusView& v) {
  std::size_t w_newest = 6, w_version = 7;
  for (const auto& src : v.status.sources) {
    w_newest = std::max(w_newest, src.newest.size());
    w_version = std::max(w_version, src.version.size());
  }
  fmt::print("\n{:<6}  {:>8}  {:<{}}  {:<{}}  {:<20}  {}\n", "SOURCE", "RECORDS", "NEWEST",
             w_newest, "VERSION", w_version, "IMPORTED", "AGE");
  for (const auto& [src, age] : v.sources)
    fmt::print("{:<6}  {:>8}  {:<{}}  {:<{}}  {:<20}  {}\n", src.name, src.records, src.newest,
               w_newest, src.version, w_version,
               src.imported_at.empty() ? "never" : src.imported_at, age_text(age));
}

void print_status_table(const service::StatusView& v) {
  const vulndb::Status& s = v.status;
  fmt::print("database:    {}\n", s.path);
  fmt::print("records:     {} ({} withdrawn)\n", s.records, s.withdrawn);
  fmt::print("last import: {}\n", s.last_import.empty() ? "never" : s.last_import);
  for (const auto& src : s.last_import_sources) fmt::print("  from {}\n", src);
  print_sources_table(v);
  if (s.per_ecosystem.empty()) return;
  std::size_t w_eco = 9, w_src = 6;
  for (const auto& e : s.per_ecosystem) {
    w_eco = std::max(w_eco, e.ecosystem.empty() ? std::size_t{12} : e.ecosystem.size());
    w_src = std::max(w_src, e.source.size());
  }
  fmt::print("\n{:<{}}  {:<{}}  {:>8}  {}\n", "ECOSYSTEM", w_eco, "SOURCE", w_src, "RECORDS",
             "NEWEST MODIFIED");
  for (const auto& e : s.per_ecosystem)
    fmt::print("{:<{}}  {:<{}}  {:>8}  {}\n", e.ecosystem.empty() ? "(no package)" : e.ecosystem,
               w_eco, e.source, w_src, e.records, e.newest_modified);
}

void run_status(Context& ctx, const DbOptions& opt) {
  auto store = open_store(ctx);
  if (!store) return;
  auto status = service::db_status(*store, system_clock());
  if (!status) return report_error(ctx, status.error());
  if (opt.format == "json") {
    fmt::print("{}\n", service::status_json(*status));
  } else {
    print_status_table(*status);
  }
}

std::string human_bytes(std::uint64_t n) {
  if (n < 1024) return fmt::format("{} B", n);
  if (n < (1u << 20)) return fmt::format("{:.1f} KiB", static_cast<double>(n) / 1024);
  return fmt::format("{:.1f} MiB", static_cast<double>(n) / (1u << 20));
}

Result<update::UpdateOptions> update_options(const DbOptions& opt) {
  update::UpdateOptions uo;
  for (const auto& s : opt.sources)
    uo.sources.push_back(*update::parse_source(s));  // checked by CLI11
  uo.ecosystems = opt.ecosystems;
  const bool osv = uo.sources.empty() || std::find(uo.sources.begin(), uo.sources.end(),
                                                   update::SourceKind::kOsv) != uo.sources.end();
  if (!uo.ecosystems.empty() && !osv)
    return make_error(ErrorCode::kUsage, "--ecosystem selects OSV archives: add --source osv");
  if (const char* key = std::getenv("NVD_API_KEY"); key && *key) uo.nvd_api_key = key;
  return uo;
}

void print_fetch(const update::FetchReport& f) {
  fmt::print("{}: {}", f.label, update::outcome_name(f.outcome));
  if (f.bytes > 0) fmt::print(", {}", human_bytes(f.bytes));
  fmt::print(" ({})\n", f.url);
  std::fflush(stdout);
}

void print_plan(const std::vector<update::PlannedFetch>& plan) {
  for (const auto& p : plan) {
    fmt::print("{}: {}", p.label, p.url);
    if (!p.note.empty()) fmt::print(" ({})", p.note);
    fmt::print(" [max {}{}]\n", human_bytes(p.max_bytes),
               p.insecure ? ", insecure: plain http allowed" : "");
  }
  fmt::print("dry run: nothing was downloaded\n");
}

void run_update(Context& ctx, const DbOptions& opt) {
  const bool explicit_config = !opt.config.empty();
  auto config = update::load_config(explicit_config ? opt.config : update::default_config_path(),
                                    explicit_config);
  if (!config) return report_error(ctx, config.error());
  auto uo = update_options(opt);
  if (!uo) return report_error(ctx, uo.error());
  const std::string path = database_path(ctx);
  service::UpdateRequest req{std::move(*config), std::move(*uo), {}};
  if (opt.dry_run) {
    auto plan = service::db_update_plan(path, req, system_clock());
    if (!plan) return report_error(ctx, plan.error());
    return print_plan(*plan);
  }
  auto store = open_store(ctx);
  if (!store) return;
  auto progress = progress_reporter(ctx);
  req.progress = &progress;
  req.on_fetch = [](const update::FetchReport& f) { print_fetch(f); };
  auto result = service::db_update(*store, path, std::move(req), system_clock());
  progress.clear();
  if (!result) return report_error(ctx, result.error());
  for (const auto& w : result->report.warnings) fmt::print(stderr, "bulwark: warning: {}\n", w);
  if (result->report.imported) {
    print_import_report(ctx, *result->report.imported, *result->summary, result->failure);
  } else {
    fmt::print("nothing new: the database is up to date\n");
  }
}

void print_migrate(const service::MigrateResult& r) {
  fmt::print("copied {} rows from {} to {} in {:.2f} s\n", r.rows, r.source, r.destination,
             r.copy_seconds);
  std::size_t width = 5;
  for (const auto& t : r.tables) width = std::max(width, t.name.size());
  fmt::print("\n{:<{}}  {:>10}  {:>11}  {:>8}\n", "TABLE", width, "SOURCE", "DESTINATION",
             "SECONDS");
  for (const auto& t : r.tables)
    fmt::print("{:<{}}  {:>10}  {:>11}  {:>8.2f}{}\n", t.name, width,
               t.in_source ? std::to_string(t.source_rows) : "-", t.destination_rows, t.seconds,
               t.destination_rows == t.source_rows ? "" : "  differs");
  fmt::print(
      "\ncompared {} releases ({} findings with their analyses) and {} analyses in {:.2f} s\n",
      r.releases_compared, r.findings_compared, r.analyses_compared, r.verify_seconds);
  for (const auto& c : r.skipped_columns) fmt::print("column not copied: {}\n", c);
  for (const auto& d : r.differences) fmt::print("differs: {}\n", d);
  fmt::print("{}\n", r.verified() ? "verified: the destination holds the same data"
                                  : "NOT verified: the destination differs from the source");
}

void run_migrate(Context& ctx, const DbOptions& opt) {
  service::MigrateRequest req{database_path(ctx), opt.to, {}};
  const bool tty = isatty(STDERR_FILENO) != 0;
  if (tty)
    req.on_table = [](const service::MigratedTable& t) {
      fmt::print(stderr, "\r\033[Kcopied {} ({} rows)", t.name, t.source_rows);
      std::fflush(stderr);
    };
  auto result = service::migrate_database(req);
  if (tty) fmt::print(stderr, "\r\033[K");
  if (!result) return report_error(ctx, result.error());
  if (opt.format == "json") {
    fmt::print("{}\n", service::migrate_json(*result));
  } else {
    print_migrate(*result);
  }
  if (!result->verified()) {
    fmt::print(stderr, "bulwark: {} was written but differs from {} (see above); do not use it\n",
               result->destination, result->source);
    ctx.exit_code = 3;
  }
}

}  // namespace

void add_db_command(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<DbOptions>();
  auto* cmd = app.add_subcommand("db", "Manage the local vulnerability database");
  cmd->require_subcommand(1);

  auto* imp = cmd->add_subcommand("import",
                                  "Import OSV records (directories, .json/.yaml files, all.zip, "
                                  ".tar.gz), the CISA KEV catalogue "
                                  "(JSON/CSV), FIRST EPSS scores (CSV, .csv.gz) and NVD CVE API "
                                  "2.0 JSON, recognised by content");
  imp->add_option("paths", opt->paths, "Inputs to import in one transaction")->required();
  imp->add_flag("--strict", opt->strict,
                "Fail the whole import (writing nothing) if any record or feed row is invalid");
  imp->callback([&ctx, opt] { run_import(ctx, *opt); });

  auto* st = cmd->add_subcommand("status", "Show what the database holds");
  st->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"table", "json"}));
  st->callback([&ctx, opt] { run_status(ctx, *opt); });

  auto* up = cmd->add_subcommand(
      "update",
      "Download the configured sources (OSV per-ecosystem archives, CISA KEV, FIRST EPSS, "
      "NVD CVE API 2.0) and import what changed in one transaction (see docs/db-update.md)");
  up->add_option("--config", opt->config,
                 "Sources file (default: $XDG_CONFIG_HOME/bulwark/sources.conf)");
  up->add_option("--source", opt->sources,
                 "Sources to update (default: all, or `sources` in the config)")
      ->check(CLI::IsMember({"osv", "kev", "epss", "nvd"}, CLI::ignore_case));
  up->add_option("--ecosystem", opt->ecosystems,
                 "OSV ecosystems to download (default: osv.ecosystems, else npm PyPI "
                 "Maven Go crates.io RubyGems NuGet Packagist Hex Pub Debian Ubuntu Alpine)");
  up->add_flag("--dry-run", opt->dry_run,
               "Print what would be fetched from where (no network access)");
  up->callback([&ctx, opt] { run_update(ctx, *opt); });

  auto* mig = cmd->add_subcommand(
      "migrate",
      "Copy the whole database (vulnerability data, portfolio, findings history, analyses, CRA "
      "cases, risk, accounts, jobs, notifications, exposure) to an EMPTY database at another "
      "location, SQLite <-> PostgreSQL, in one transaction, then verify it by row counts and by "
      "comparing every release's findings and analyses (see docs/postgresql.md). The source "
      "(--db) is opened as by any command (an older schema is brought up to date) and its data "
      "only read; stop servers and workers writing to it first");
  mig->add_option("--to", opt->to,
                  "Destination: a postgresql:// URL or a SQLite file path (created when absent)")
      ->required();
  mig->add_option("--format", opt->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}));
  mig->callback([&ctx, opt] { run_migrate(ctx, *opt); });
}

}  // namespace bulwark::cli
