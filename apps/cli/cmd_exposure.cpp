// bulwark exposure TARGET: binary hardening, firmware configuration and secrets of a directory,
// tar/zip root filesystem, container image, SquashFS image or single ELF file, as CRA Annex I
// evidence (docs/exposure.md). Parses, calls exposure::analyse and renders; exit 1 when a fail
// reaches --fail-on. With --release PRODUCT@VERSION the result is stored for that release
// (service/exposure.hpp) and becomes Annex I evidence of `cra checklist` and `cra docs`.
//   bulwark exposure checks       lists the check catalogue.
//   bulwark exposure net HOST     scans a running unit (exposure/net.hpp), loopback by default.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ostream>
#include <string>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/exposure/exposure.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/service/exposure.hpp"
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
  std::string manifest;
  std::string release;  // PRODUCT@VERSION: store the result for this release
  std::uint64_t max_file_size_mib = 64;
  bool all = false;
  bool no_passes = false;
};

int render(Context& ctx, const exposure::Report& report, const std::string& format,
           const std::string& output, bool all, const std::optional<exposure::Severity>& threshold);

// --fail-on SEVERITY (empty: no threshold); false after reporting a usage error.
bool parse_fail_on(Context& ctx, const std::string& text,
                   std::optional<exposure::Severity>& threshold) {
  if (text.empty()) return true;
  auto s = exposure::parse_severity(text);
  if (!s) {
    report_error(ctx, Error{ErrorCode::kUsage, "--fail-on: " + s.error().message});
    return false;
  }
  threshold = *s;
  return true;
}

// The stores a result is recorded in when --release is given: opened before the analysis (a
// wrong --db fails first); an unknown release fails after it, storing nothing.
struct ReleaseStores {
  std::unique_ptr<portfolio::Store> store;
  std::unique_ptr<portfolio::ExposureStore> xs;

  bool open(Context& ctx, const std::string& release) {
    if (release.empty()) return true;
    auto s = open_portfolio(ctx);
    if (failed(ctx, s)) return false;
    store = std::move(*s);
    auto x = portfolio::ExposureStore::open(database_path(ctx));
    if (failed(ctx, x)) return false;
    xs = std::move(*x);
    return true;
  }
  bool record(Context& ctx, const std::string& release, const exposure::Report& report) {
    if (!store) return true;
    auto rec = service::record_exposure(*store, *xs, release, report, system_clock());
    if (failed(ctx, rec)) return false;
    fmt::print(stderr, "exposure result {} stored for {}@{}\n", rec->run.seq, rec->product,
               rec->release);
    return true;
  }
};

int run_exposure(Context& ctx, const ExposureOptions& o) {
  if (o.target.empty()) {
    report_error(ctx,
                 Error{ErrorCode::kUsage,
                       "exposure: a TARGET is required (directory, archive, image or ELF file)"});
    return ctx.exit_code;
  }
  std::optional<exposure::Severity> threshold;
  if (!parse_fail_on(ctx, o.fail_on, threshold)) return ctx.exit_code;
  service::ExposureRequest rq;
  rq.target = o.target;
  rq.options.max_file_size = o.max_file_size_mib << 20;
  rq.options.include_passes = !o.no_passes;
  rq.options.rules_file = o.rules;
  rq.manifest = o.manifest;
  ReleaseStores stores;
  if (!stores.open(ctx, o.release)) return ctx.exit_code;
  auto report = service::exposure_report(rq, system_clock());
  if (failed(ctx, report)) return ctx.exit_code;
  if (!stores.record(ctx, o.release, *report)) return ctx.exit_code;
  return render(ctx, *report, o.format, o.output, o.all, threshold);
}

struct NetCliOptions {
  service::NetRequest request;
  std::string format = "table", output, fail_on;
  std::string release;  // PRODUCT@VERSION: store the result for this release
  bool all = false;
};

int run_net(Context& ctx, const NetCliOptions& o) {
  std::optional<exposure::Severity> threshold;
  if (!parse_fail_on(ctx, o.fail_on, threshold)) return ctx.exit_code;
  ReleaseStores stores;
  if (!stores.open(ctx, o.release)) return ctx.exit_code;
  auto report = service::exposure_net(o.request, system_clock());
  if (failed(ctx, report)) return ctx.exit_code;
  if (!stores.record(ctx, o.release, *report)) return ctx.exit_code;
  return render(ctx, *report, o.format, o.output, o.all, threshold);
}

int render(Context& ctx, const exposure::Report& report, const std::string& format,
           const std::string& output, bool all,
           const std::optional<exposure::Severity>& threshold) {
  std::string text;
  if (format == "json")
    text = exposure::to_json(report);
  else if (format == "sarif")
    text = exposure::to_sarif(report);
  else
    text = exposure::to_table(report, all);
  auto written = write_output(output, [&](std::ostream& out) -> Result<void> {
    out << text;
    return {};
  });
  if (failed(ctx, written)) return ctx.exit_code;
  if (format != "table")
    fmt::print(stderr, "{}: {} fail ({} waived), {} pass, {} not applicable, {} indeterminate\n",
               report.target, report.summary.fail, report.summary.waived, report.summary.pass,
               report.summary.not_applicable, report.summary.indeterminate);
  constexpr std::size_t kNotesShown = 20;
  for (std::size_t i = 0; i < report.notes.size() && i < kNotesShown; ++i)
    fmt::print(stderr, "note: {}\n", report.notes[i]);
  if (report.notes.size() > kNotesShown)
    fmt::print(stderr, "note: ... {} more\n", report.notes.size() - kNotesShown);
  if (threshold && exposure::fails_at(report, *threshold)) {
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
  cmd->add_option("--manifest", o->manifest,
                  "Interface manifest: declared services, setuid files, ports, waivers "
                  "(docs/exposure.md)");
  cmd->add_option("--release", o->release,
                  "Store the result for release PRODUCT@VERSION (CRA evidence; --db)");
  cmd->add_option("--max-file-size", o->max_file_size_mib,
                  "Largest file read, in MiB (default 64)");
  cmd->add_flag("--all", o->all, "Table: also list passes and not-applicable checks");
  cmd->add_flag("--no-passes", o->no_passes,
                "Leave passes out of the report (JSON/SARIF keep them by default)");
  auto* checks = cmd->add_subcommand("checks", "List the check catalogue");
  checks->callback([] { list_checks(); });
  auto n = std::make_shared<NetCliOptions>();
  auto* net = cmd->add_subcommand(
      "net",
      "Network exposure of a running unit: TCP connect scan, banners, TLS versions/ciphers/"
      "certificate, SSH algorithms and host keys, STARTTLS, clear-text mail authentication, "
      "anonymous FTP, UDP SNMP/SSDP/mDNS/DNS/NTP "
      "(loopback only without --scope)");
  net->add_option("host", n->request.host, "Numeric IPv4/IPv6 address or localhost")->required();
  net->add_option("--ports", n->request.ports, "Ports: 22,443,8000-8010 (default: common ports)");
  net->add_option("--udp-ports", n->request.udp_ports,
                  "UDP probes: 53 (DNS), 123 (NTP), 161 (SNMP), 1900 (SSDP), 5353 (mDNS), or "
                  "SERVICE:PORT for other ports (all five well-known ports when given without a "
                  "list; default: no UDP)")
      ->expected(0, 1)
      ->default_str("53,123,161,1900,5353");
  net->add_option("--scope", n->request.scope_file,
                  "Scope file: addresses/CIDR ranges that may be scanned (default: loopback)");
  net->add_option("--manifest", n->request.manifest,
                  "Interface manifest: declared ports ([[port]]) and waivers");
  net->add_option("--rate", n->request.rate, "Connection attempts per second (default 20)");
  net->add_option("--timeout", n->request.timeout_ms, "Answer timeout in ms (default 1500)");
  net->add_option("-f,--format", n->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "sarif"}));
  net->add_option("-o,--output", n->output, "Write the report to FILE");
  net->add_option("--fail-on", n->fail_on, "Exit 1 when a check fails at this severity or above");
  net->add_flag("--all", n->all, "Table: also list passes");
  net->add_option("--release", n->release,
                  "Store the result for release PRODUCT@VERSION (CRA evidence; --db)");
  net->callback([&ctx, n] { ctx.exit_code = run_net(ctx, *n); });
  cmd->callback([&ctx, o, checks, net] {
    if (checks->parsed() || net->parsed()) return;
    run_exposure(ctx, *o);
  });
}

}  // namespace bulwark::cli
