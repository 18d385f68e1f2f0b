// bulwark db: import OSV records and the KEV, EPSS and NVD feeds (each input recognised by its
// content) into the vulnerability database, and report what it holds.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bulwark/update/update.hpp"
#include "bulwark/vulndb/freshness.hpp"
#include "bulwark/vulndb/store.hpp"
#include "commands.hpp"

namespace bulwark::cli {
namespace {

struct DbOptions {
  std::vector<std::string> paths;
  bool strict = false;
  std::string format = "table";
  std::string config;                   // update: sources file
  std::vector<std::string> sources;     // update: --source
  std::vector<std::string> ecosystems;  // update: --ecosystem
};

std::unique_ptr<vulndb::Store> open_store(Context& ctx) {
  std::string path = ctx.db_path.empty() ? vulndb::default_path() : ctx.db_path;
  auto store = vulndb::Store::open(path);
  if (!store) {
    report_error(ctx, store.error());
    return nullptr;
  }
  return std::move(*store);
}

void draw_progress(std::size_t seen, std::size_t total) {
  if (total == 0) {
    fmt::print(stderr, "\rimporting: {} records", seen);
  } else {
    constexpr std::size_t kWidth = 30;
    std::size_t done = seen >= total ? kWidth : seen * kWidth / total;
    fmt::print(stderr, "\rimporting: [{}{}] {}/{}", std::string(done, '#'), std::string(kWidth - done, ' '), seen,
               total);
  }
  std::fflush(stderr);
}

// One line per input saying what it was recognised as (OSV-only imports keep the one summary
// line), then the OSV summary when OSV records were imported.
void print_import_report(Context& ctx, const vulndb::ImportReport& report) {
  for (const auto& bad : report.invalid) fmt::print(stderr, "{}: {}\n", bad.file, bad.reason);
  bool any_osv = false, any_feed = false;
  std::size_t feed_records = 0;
  for (const auto& in : report.inputs) {
    const bool osv = in.kind == "OSV";
    any_osv = any_osv || in.kind.find("OSV") != std::string::npos;
    any_feed = any_feed || !osv;
    if (!osv) feed_records += in.records;
  }
  for (const auto& in : report.inputs) {
    if (!any_feed) break;
    const double rate = in.seconds > 0 ? static_cast<double>(in.records) / in.seconds : 0.0;
    fmt::print("{}: {}, {} ({:.2f} s, {:.0f}/s)\n", in.path, in.kind, in.detail, in.seconds, rate);
  }
  const std::size_t valid = report.inserted + report.updated + report.unchanged;
  if (any_osv) {
    const double rate = report.seconds > 0 ? static_cast<double>(report.seen) / report.seconds : 0.0;
    fmt::print("imported {} records (new {}, updated {}, unchanged {}, withdrawn {}, invalid {}) in {:.2f} s ({:.0f} records/s)\n",
               valid, report.inserted, report.updated, report.unchanged, report.withdrawn, report.seen - valid,
               report.seconds, rate);
  }
  if (valid == 0 && feed_records == 0) {
    report_error(ctx, Error{ErrorCode::kInvalidInput, any_feed ? "no valid records were found" : "no valid OSV records were found"});
  }
}

void run_import(Context& ctx, const DbOptions& opt) {
  auto store = open_store(ctx);
  if (!store) return;
  vulndb::ImportOptions io;
  io.strict = opt.strict;
  const bool tty = isatty(STDERR_FILENO) != 0;
  if (tty) io.progress = draw_progress;
  auto report = store->import(opt.paths, io);
  if (tty) fmt::print(stderr, "\r\033[K");
  if (!report) return report_error(ctx, report.error());
  print_import_report(ctx, *report);
}

// Age in days of a source's last import (for freshness), or -1 when unknown.
double age_days(const vulndb::SourceStatus& src) {
  if (src.imported_at.empty()) return -1;
  auto now = vulndb::now();
  auto t = vulndb::parse_rfc3339(src.imported_at);
  if (!now || !t) return -1;
  return std::chrono::duration<double>(*now - *t).count() / 86400.0;
}

std::string age_text(double days) {
  if (days < 0) return "-";
  if (days < 1) return fmt::format("{:.1f} h", days * 24);
  return fmt::format("{:.1f} d", days);
}

nlohmann::json status_json(const vulndb::Status& s) {
  nlohmann::json eco = nlohmann::json::array();
  for (const auto& e : s.per_ecosystem)
    eco.push_back({{"ecosystem", e.ecosystem}, {"source", e.source}, {"records", e.records},
                   {"newest_modified", e.newest_modified}});
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& src : s.sources)
    sources.push_back({{"name", src.name}, {"records", src.records}, {"newest", src.newest},
                       {"version", src.version},
                       {"imported_at", src.imported_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(src.imported_at)},
                       {"age_days", age_days(src) < 0 ? nlohmann::json(nullptr) : nlohmann::json(age_days(src))}});
  return {{"path", s.path},
          {"records", s.records},
          {"withdrawn", s.withdrawn},
          {"last_import", s.last_import.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.last_import)},
          {"last_import_sources", s.last_import_sources},
          {"sources", sources},
          {"ecosystems", eco}};
}

// OSV, NVD, KEV, EPSS: how many records, how fresh (newest data, version) and when imported.
void print_sources_table(const vulndb::Status& s) {
  std::size_t w_newest = 6, w_version = 7;
  for (const auto& src : s.sources) {
    w_newest = std::max(w_newest, src.newest.size());
    w_version = std::max(w_version, src.version.size());
  }
  fmt::print("\n{:<6}  {:>8}  {:<{}}  {:<{}}  {:<20}  {}\n", "SOURCE", "RECORDS", "NEWEST", w_newest, "VERSION",
             w_version, "IMPORTED", "AGE");
  for (const auto& src : s.sources)
    fmt::print("{:<6}  {:>8}  {:<{}}  {:<{}}  {:<20}  {}\n", src.name, src.records, src.newest, w_newest,
               src.version, w_version, src.imported_at.empty() ? "never" : src.imported_at,
               age_text(age_days(src)));
}

void print_status_table(const vulndb::Status& s) {
  fmt::print("database:    {}\n", s.path);
  fmt::print("records:     {} ({} withdrawn)\n", s.records, s.withdrawn);
  fmt::print("last import: {}\n", s.last_import.empty() ? "never" : s.last_import);
  for (const auto& src : s.last_import_sources) fmt::print("  from {}\n", src);
  print_sources_table(s);
  if (s.per_ecosystem.empty()) return;
  std::size_t w_eco = 9, w_src = 6;
  for (const auto& e : s.per_ecosystem) {
    w_eco = std::max(w_eco, e.ecosystem.empty() ? std::size_t{12} : e.ecosystem.size());
    w_src = std::max(w_src, e.source.size());
  }
  fmt::print("\n{:<{}}  {:<{}}  {:>8}  {}\n", "ECOSYSTEM", w_eco, "SOURCE", w_src, "RECORDS", "NEWEST MODIFIED");
  for (const auto& e : s.per_ecosystem)
    fmt::print("{:<{}}  {:<{}}  {:>8}  {}\n", e.ecosystem.empty() ? "(no package)" : e.ecosystem, w_eco, e.source,
               w_src, e.records, e.newest_modified);
}

void run_status(Context& ctx, const DbOptions& opt) {
  auto store = open_store(ctx);
  if (!store) return;
  auto status = store->status();
  if (!status) return report_error(ctx, status.error());
  if (opt.format == "json") {
    fmt::print("{}\n", status_json(*status).dump(2));
  } else {
    print_status_table(*status);
  }
}

std::string human_bytes(std::uint64_t n) {
  if (n < 1024) return fmt::format("{} B", n);
  if (n < (1u << 20)) return fmt::format("{:.1f} KiB", static_cast<double>(n) / 1024);
  return fmt::format("{:.1f} MiB", static_cast<double>(n) / (1u << 20));
}

void draw_download(const std::string& label, std::uint64_t now, std::uint64_t total) {
  static auto last = std::chrono::steady_clock::time_point{};
  const auto t = std::chrono::steady_clock::now();
  if (t - last < std::chrono::milliseconds(100) && (total == 0 || now < total)) return;  // at most 10 redraws/s
  last = t;
  if (total == 0) {
    fmt::print(stderr, "\r\033[K{}: {}", label, human_bytes(now));
  } else {
    constexpr std::uint64_t kWidth = 30;
    const std::uint64_t done = now >= total ? kWidth : now * kWidth / total;
    fmt::print(stderr, "\r\033[K{}: [{}{}] {} / {}", label, std::string(done, '#'), std::string(kWidth - done, ' '),
               human_bytes(now), human_bytes(total));
  }
  std::fflush(stderr);
}

Result<update::UpdateOptions> update_options(const DbOptions& opt) {
  update::UpdateOptions uo;
  for (const auto& s : opt.sources) uo.sources.push_back(*update::parse_source(s));  // checked by CLI11
  uo.ecosystems = opt.ecosystems;
  const bool osv = uo.sources.empty() || std::find(uo.sources.begin(), uo.sources.end(), update::SourceKind::kOsv) != uo.sources.end();
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

void run_update(Context& ctx, const DbOptions& opt) {
  const bool explicit_config = !opt.config.empty();
  auto config = update::load_config(explicit_config ? opt.config : update::default_config_path(), explicit_config);
  if (!config) return report_error(ctx, config.error());
  auto uo = update_options(opt);
  if (!uo) return report_error(ctx, uo.error());
  const std::string path = ctx.db_path.empty() ? vulndb::default_path() : ctx.db_path;
  auto store = open_store(ctx);
  if (!store) return;
  const bool tty = isatty(STDERR_FILENO) != 0;
  if (tty) uo->progress = draw_download;
  auto on_fetch = [tty](const update::FetchReport& f) {
    if (tty) fmt::print(stderr, "\r\033[K");
    print_fetch(f);
  };
  auto report = update::run_update(*store, path, *config, *uo, on_fetch);
  if (tty) fmt::print(stderr, "\r\033[K");
  if (!report) return report_error(ctx, report.error());
  for (const auto& w : report->warnings) fmt::print(stderr, "bulwark: warning: {}\n", w);
  if (report->imported) {
    print_import_report(ctx, *report->imported);
  } else {
    fmt::print("nothing new: the database is up to date\n");
  }
}

}  // namespace

void add_db_command(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<DbOptions>();
  auto* cmd = app.add_subcommand("db", "Manage the local vulnerability database");
  cmd->require_subcommand(1);

  auto* imp = cmd->add_subcommand("import", "Import OSV records (directories, .json/.yaml files, all.zip, .tar.gz), the CISA KEV catalogue "
                                 "(JSON/CSV), FIRST EPSS scores (CSV, .csv.gz) and NVD CVE API 2.0 JSON, recognised by content");
  imp->add_option("paths", opt->paths, "Inputs to import in one transaction")->required();
  imp->add_flag("--strict", opt->strict, "Fail the whole import (writing nothing) if any record or feed row is invalid");
  imp->callback([&ctx, opt] { run_import(ctx, *opt); });

  auto* st = cmd->add_subcommand("status", "Show what the database holds");
  st->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"table", "json"}));
  st->callback([&ctx, opt] { run_status(ctx, *opt); });

  auto* up = cmd->add_subcommand("update", "Download the configured sources (OSV per-ecosystem archives, CISA KEV, FIRST EPSS, "
                                "NVD CVE API 2.0) and import what changed in one transaction (see docs/db-update.md)");
  up->add_option("--config", opt->config, "Sources file (default: $XDG_CONFIG_HOME/bulwark/sources.conf)");
  up->add_option("--source", opt->sources, "Sources to update (default: all, or `sources` in the config)")
      ->check(CLI::IsMember({"osv", "kev", "epss", "nvd"}, CLI::ignore_case));
  up->add_option("--ecosystem", opt->ecosystems, "OSV ecosystems to download (default: osv.ecosystems, else npm PyPI "
                                                 "Maven Go crates.io RubyGems NuGet Packagist Hex Pub Debian Ubuntu Alpine)");
  up->callback([&ctx, opt] { run_update(ctx, *opt); });
}

}  // namespace bulwark::cli
