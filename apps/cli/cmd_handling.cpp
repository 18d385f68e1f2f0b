// Vulnerability handling: bulwark findings, triage, monitor, vex import|export, advisory
// create|publish and security-txt. Parse, call the service layer, render, exit codes.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "bulwark/core/clock.hpp"
#include "bulwark/jobs/store.hpp"
#include "bulwark/report/report.hpp"
#include "bulwark/service/advisory.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/monitor.hpp"
#include "bulwark/service/monitor_jobs.hpp"
#include "bulwark/service/security_txt.hpp"
#include "bulwark/service/triage.hpp"
#include "bulwark/service/vex.hpp"
#include "bulwark/vulndb/store.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace bulwark::cli {
namespace {

Result<void> print_to(const std::string& output, const std::string& text) {
  return write_output(output, [&](std::ostream& os) -> Result<void> {
    os << text;
    if (!text.ends_with("\n")) os << "\n";
    return {};
  });
}

// ---- findings ----

struct FindingsOptions {
  std::string spec, format = "table", output, fail_on, priority, state;
  bool show_suppressed = false;
  std::vector<std::string> vex;
};

int run_findings(Context& ctx, const FindingsOptions& o) {
  auto gate = parse_gate(o.fail_on);
  auto store = open_portfolio(ctx);
  if (failed(ctx, gate) || failed(ctx, store)) return ctx.exit_code;
  // The product must exist before the vulnerability database is opened (an unknown product is bad
  // input).
  if (auto t = service::resolve_target(**store, o.spec, false); failed(ctx, t))
    return ctx.exit_code;
  auto vulns = open_vulndb(ctx);
  if (failed(ctx, vulns)) return ctx.exit_code;
  service::FindingsRequest req;
  req.target = o.spec;
  req.show_suppressed = o.show_suppressed;
  req.filter = {o.priority, o.state};
  req.gate = *gate;
  req.vex_paths = o.vex;
  auto risk = portfolio::RiskStore::open(database_path(ctx));
  if (failed(ctx, risk)) return ctx.exit_code;
  req.risk = risk->get();
  auto res = service::findings(**store, **vulns, req, system_clock());
  if (failed(ctx, res)) return ctx.exit_code;
  for (std::size_t i = 0; i < res->views.size(); ++i) {
    const auto& r = res->releases[i];
    const auto& view = res->views[i];
    report::ScanReport rep{view.sbom, view.result, database_label(ctx), BULWARK_VERSION, res->now};
    rep.statuses = &view.statuses;
    rep.suppressed_hidden = view.suppressed_hidden;
    const bool many = res->views.size() > 1;
    const std::string out = many && !o.output.empty() && o.output != "-"
                                ? fmt::format("{}.{}", o.output, r.version)
                                : o.output;
    if (many && o.format == "table") fmt::print("== {}@{}\n", r.product, r.version);
    auto w = write_output(out, [&](std::ostream& os) {
      bool color =
          o.format == "table" && out.empty() && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
      return report::render(o.format, rep, os, color);
    });
    if (failed(ctx, w)) return ctx.exit_code;
  }
  if (res->gate_reached) {
    fmt::print(stderr, "bulwark: gate failed: {} finding(s) at or above {}\n", res->gate_reached,
               o.fail_on);
    return 1;
  }
  return 0;
}

// ---- triage ----

struct TriageOptions {
  std::string spec, vulnerability, component, state, justification, detail, action, author,
      scope = "all";
  std::vector<std::string> responses;
  bool history = false;
  std::string format = "table";
};

int run_triage_history(Context& ctx, const TriageOptions& o) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto h = service::triage_history(**store, o.spec);
  if (failed(ctx, h)) return ctx.exit_code;
  if (o.format == "json") {
    std::cout << service::triage_history_json(*h);
    return 0;
  }
  fmt::print("{:<21} {:<20} {:<32} {:<20} {:<16} {}\n", "RECORDED", "AUTHOR", "COMPONENT",
             "VULNERABILITY", "STATE", "DETAIL");
  for (const auto& e : *h)
    fmt::print("{:<21} {:<20} {:<32} {:<20} {:<16} {}\n", e.recorded_at, e.analysis.author,
               e.identity, e.vulnerability_ids.empty() ? "" : e.vulnerability_ids.front(),
               to_string(e.analysis.state), e.analysis.detail);
  return 0;
}

int run_triage(Context& ctx, const TriageOptions& o) {
  if (o.history) return run_triage_history(ctx, o);
  if (o.vulnerability.empty() || o.state.empty()) {
    report_error(
        ctx,
        Error{ErrorCode::kUsage,
              "triage needs PRODUCT@VERSION VULNERABILITY --state STATE (or --history PRODUCT)"});
    return ctx.exit_code;
  }
  service::TriageRequest req;
  req.vulnerability = o.vulnerability;
  req.component = o.component;
  req.scope = o.scope;
  auto state = analysis_state_from_string(o.state);
  if (!state) {
    report_error(
        ctx, Error{ErrorCode::kUsage, fmt::format("--state '{}': expected affected, not_affected, "
                                                  "fixed, under_investigation or false_positive",
                                                  o.state)});
    return ctx.exit_code;
  }
  req.analysis.state = *state;
  if (!o.justification.empty()) {
    auto j = justification_from_string(o.justification);
    if (!j) {
      report_error(
          ctx,
          Error{ErrorCode::kUsage,
                fmt::format("--justification '{}': expected component_not_present, "
                            "vulnerable_code_not_present, vulnerable_code_not_in_execute_path, "
                            "vulnerable_code_cannot_be_controlled_by_adversary or "
                            "inline_mitigations_already_exist",
                            o.justification)});
      return ctx.exit_code;
    }
    req.analysis.justification = *j;
  }
  req.analysis.responses = o.responses;
  req.analysis.detail = o.detail;
  req.analysis.action_statement = o.action;
  req.analysis.author = o.author;
  if (req.analysis.author.empty()) {
    const char* user = std::getenv("USER");
    req.analysis.author = user ? user : "unknown";
  }
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto r = service::triage(**store, o.spec, req, system_clock());
  if (failed(ctx, r)) return ctx.exit_code;
  const auto at = o.spec.find('@');
  fmt::print("{} on {} in {}@{}: {}{} (scope: {}; analysis {}, recorded by {})\n",
             r->finding.vuln_id,
             r->finding.purl.empty() ? r->finding.component_label : r->finding.purl,
             o.spec.substr(0, at), o.spec.substr(at + 1), to_string(req.analysis.state),
             req.analysis.justification == Justification::kNone
                 ? ""
                 : fmt::format(" ({})", to_string(req.analysis.justification)),
             r->record.versions.empty() ? "every version of the component" : r->record.versions,
             r->record.id, req.analysis.author);
  return 0;
}

// ---- monitor ----

struct MonitorOpts {
  std::string format = "table", output, fail_on, product;
  bool queue = false;
};

// --queue: the monitor as jobs for `bulwark worker` processes (one per release).
int queue_monitor(Context& ctx, const MonitorOpts& o) {
  auto jobs = jobs::JobStore::open(database_path(ctx));
  if (failed(ctx, jobs)) return ctx.exit_code;
  auto j = service::queue_monitor(**jobs, o.product, system_clock());
  if (failed(ctx, j)) return ctx.exit_code;
  fmt::print("monitor queued as job {} ({})\n", j->token, j->id);
  return 0;
}

int run_monitor(Context& ctx, const MonitorOpts& o) {
  if (o.queue) return queue_monitor(ctx, o);
  auto gate = parse_gate(o.fail_on);
  auto store = open_portfolio(ctx);
  if (failed(ctx, gate) || failed(ctx, store)) return ctx.exit_code;
  auto vulns = open_vulndb(ctx);
  if (failed(ctx, vulns)) return ctx.exit_code;
  auto risk = portfolio::RiskStore::open(database_path(ctx));
  if (failed(ctx, risk)) return ctx.exit_code;
  auto progress = progress_reporter(ctx);
  auto res = service::monitor(**store, **vulns,
                              service::MonitorRequest{o.product, *gate, risk->get(), &progress},
                              system_clock());
  progress.clear();
  if (failed(ctx, res)) return ctx.exit_code;
  auto w = write_output(o.output, [&](std::ostream& os) -> Result<void> {
    os << (o.format == "json" ? service::monitor_json(res->report)
                              : service::monitor_text(res->report));
    return {};
  });
  if (failed(ctx, w)) return ctx.exit_code;
  if (res->gate_reached) {
    fmt::print(stderr, "bulwark: gate failed: {} new finding(s) at or above {}\n",
               res->gate_reached, o.fail_on);
    return 1;
  }
  return 0;
}

// ---- vex ----

struct VexOptions {
  std::string spec, format = "openvex", output, author;
  std::vector<std::string> files;
};

int run_vex_import(Context& ctx, const VexOptions& o) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto reports =
      service::import_vex(**store, service::VexImportRequest{o.spec, o.files, {}}, system_clock());
  if (failed(ctx, reports)) return ctx.exit_code;
  for (const auto& rep : *reports) {
    fmt::print(
        "{}: {} statements, {} applied to {} findings, {} analyses recorded, {} matched nothing\n",
        rep.document, rep.statements, rep.applied, rep.findings, rep.recorded,
        rep.unmatched.size());
    for (const auto& u : rep.unmatched) fmt::print("  unmatched: {}\n", u);
  }
  return 0;
}

int run_vex_export(Context& ctx, const VexOptions& o) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  const VexFormat f = o.format == "cyclonedx" ? VexFormat::kCycloneDx
                      : o.format == "csaf"    ? VexFormat::kCsaf
                                              : VexFormat::kOpenVex;
  auto ex =
      service::export_vex(**store, service::VexExportRequest{o.spec, f, o.author}, system_clock());
  if (failed(ctx, ex)) return ctx.exit_code;
  if (auto w = print_to(o.output, ex->text); failed(ctx, w)) return ctx.exit_code;
  if (!o.output.empty())
    fmt::print(stderr, "{} statements -> {}\n", ex->document.statements.size(), o.output);
  return 0;
}

// ---- advisories ----

struct AdvisoryOptions {
  service::CreateAdvisoryRequest create;
  service::PublishAdvisoriesRequest publish;
  std::string output;
};

int run_advisory_create(Context& ctx, const AdvisoryOptions& o) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  if (auto t = service::resolve_target(**store, o.create.product, false); failed(ctx, t))
    return ctx.exit_code;
  auto vulns = open_vulndb(ctx);
  if (failed(ctx, vulns)) return ctx.exit_code;
  auto made = service::create_advisory(**store, **vulns, o.create, system_clock());
  if (failed(ctx, made)) return ctx.exit_code;
  if (auto w = print_to(o.output, made->json); failed(ctx, w)) return ctx.exit_code;
  fmt::print(stderr, "advisory {} revision {} stored ({} vulnerabilities, {} product versions)\n",
             made->input.tracking_id, made->revision, made->input.vulnerabilities.size(),
             made->input.products.size());
  return 0;
}

int run_advisory_publish(Context& ctx, const AdvisoryOptions& o) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto r = service::publish_advisories(**store, o.publish);
  if (failed(ctx, r)) return ctx.exit_code;
  fmt::print("{} advisories published to {}{}\n", r->advisories, o.publish.output_dir,
             o.publish.gpg_key.empty() ? "" : " (signed)");
  return 0;
}

struct SecurityTxtOptions {
  service::SecurityTxtRequest request;
  std::string output;
};

int run_security_txt(Context& ctx, const SecurityTxtOptions& o) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto text = service::security_txt(**store, o.request, system_clock());
  if (failed(ctx, text)) return ctx.exit_code;
  auto w = write_output(o.output, [&](std::ostream& os) -> Result<void> {
    os << *text;
    return {};
  });
  if (failed(ctx, w)) return ctx.exit_code;
  return 0;
}

}  // namespace

void add_handling_commands(CLI::App& app, Context& ctx) {
  auto fo = std::make_shared<FindingsOptions>();
  auto* findings = app.add_subcommand("findings",
                                      "Findings of a product or release, matched against the "
                                      "current database, with their analyses");
  findings->add_option("target", fo->spec, "PRODUCT or PRODUCT@VERSION")->required();
  findings->add_option("-f,--format", fo->format, "table, json, sarif or cyclonedx")
      ->check(CLI::IsMember({"table", "json", "sarif", "cyclonedx"}))
      ->capture_default_str();
  findings->add_option("-o,--output", fo->output,
                       "Write to FILE (FILE.VERSION per release for a whole product)");
  findings->add_option("--fail-on", fo->fail_on,
                       "Exit 1 when an unsuppressed finding reaches this priority or severity");
  findings->add_option("--priority", fo->priority, "Only these priorities, e.g. P0,P1");
  findings->add_option("--state", fo->state,
                       "Only these analysis states, e.g. affected,none (none: not triaged)");
  findings->add_flag(
      "--show-suppressed", fo->show_suppressed,
      "Also list findings an analysis suppresses (not_affected, fixed, false_positive)");
  findings->add_option("--vex", fo->vex,
                       "Apply these VEX documents on top of the stored analyses (not stored)");
  findings->callback([&ctx, fo] { ctx.exit_code = run_findings(ctx, *fo); });

  auto to = std::make_shared<TriageOptions>();
  auto* triage = app.add_subcommand("triage",
                                    "Record an analysis of a finding (appended to the audit trail; "
                                    "carried over to later releases)");
  triage->add_option("target", to->spec, "PRODUCT@VERSION (PRODUCT with --history)")->required();
  triage->add_option("vulnerability", to->vulnerability,
                     "Any id of the vulnerability: CVE, GHSA, OSV id");
  triage->add_option(
      "--component", to->component,
      "Component purl (with or without version) or name, when the vulnerability is in several");
  triage->add_option("--state", to->state,
                     "affected, not_affected, fixed, under_investigation, false_positive");
  triage->add_option(
      "--justification", to->justification,
      "For not_affected: component_not_present, vulnerable_code_not_present, "
      "vulnerable_code_not_in_execute_path, "
      "vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist");
  triage->add_option(
      "--response", to->responses,
      "can_not_fix, will_not_fix, update, rollback, workaround_available (repeatable)");
  triage->add_option("--detail", to->detail, "Why (impact statement)");
  triage->add_option("--action", to->action, "What users should do (action statement)");
  triage->add_option("--author", to->author, "Who decided (default: $USER)");
  triage
      ->add_option("--scope", to->scope,
                   "all (every version of the component), release (this version only), or "
                   "constraints like '>=2.0,<2.17.1'")
      ->capture_default_str();
  triage->add_flag("--history", to->history, "Show the product's audit trail of analyses instead");
  triage->add_option("-f,--format", to->format, "table or json (with --history)")
      ->check(CLI::IsMember({"table", "json"}));
  triage->callback([&ctx, to] { ctx.exit_code = run_triage(ctx, *to); });

  auto mo = std::make_shared<MonitorOpts>();
  auto* mon = app.add_subcommand("monitor",
                                 "Re-match every stored release against the current database and "
                                 "report what is new, changed or resolved");
  mon->add_option("-f,--format", mo->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  mon->add_option("-o,--output", mo->output, "Write the report to FILE");
  mon->add_option("--fail-on", mo->fail_on,
                  "Exit 1 when a NEW finding reaches this priority (P0..P4) or severity");
  mon->add_option("--product", mo->product, "Only this product");
  mon->add_flag("--queue", mo->queue,
                "Queue the monitor for `bulwark worker` processes (one job per release)");
  mon->callback([&ctx, mo] { ctx.exit_code = run_monitor(ctx, *mo); });

  auto vo = std::make_shared<VexOptions>();
  auto* vex =
      app.add_subcommand("vex", "VEX documents: import statements as analyses, export analyses");
  vex->require_subcommand(1);
  auto* vin = vex->add_subcommand(
      "import", "Apply VEX statements (OpenVEX, CycloneDX, CSAF; sniffed) to a product's findings");
  vin->add_option("target", vo->spec, "PRODUCT or PRODUCT@VERSION")->required();
  vin->add_option("files", vo->files, "VEX documents")->required();
  vin->callback([&ctx, vo] { ctx.exit_code = run_vex_import(ctx, *vo); });
  auto* vout = vex->add_subcommand("export", "Export the stored analyses as VEX");
  vout->add_option("target", vo->spec, "PRODUCT or PRODUCT@VERSION")->required();
  vout->add_option("-f,--format", vo->format, "openvex, cyclonedx or csaf")
      ->check(CLI::IsMember({"openvex", "cyclonedx", "csaf"}))
      ->capture_default_str();
  vout->add_option("-o,--output", vo->output, "Write to FILE");
  vout->add_option("--author", vo->author, "Document author (default: the vendor)");
  vout->callback([&ctx, vo] { ctx.exit_code = run_vex_export(ctx, *vo); });

  auto ao = std::make_shared<AdvisoryOptions>();
  auto* adv = app.add_subcommand("advisory", "CSAF 2.0 security advisories");
  adv->require_subcommand(1);
  auto* create = adv->add_subcommand(
      "create", "Create (or revise) a CSAF security advisory for vulnerabilities of a product");
  create->add_option("product", ao->create.product, "PRODUCT")->required();
  create->add_option("vulnerabilities", ao->create.vulnerabilities, "Vulnerability ids")
      ->required();
  create->add_option("--fixed-in", ao->create.fixed_in, "Release(s) that fix them");
  create->add_option(
      "--id", ao->create.tracking_id,
      "Tracking id (default PRODUCT-SA-YEAR-NNNN; an existing id makes a new revision)");
  create->add_option("--title", ao->create.title, "Title");
  create->add_option("--summary", ao->create.summary, "Summary note");
  create->add_option("--url", ao->create.remediation_url, "URL of the fixed release / download");
  create->add_option("--status", ao->create.status, "draft, interim or final")
      ->check(CLI::IsMember({"draft", "interim", "final"}));
  create->add_option("-o,--output", ao->output, "Also write the document to FILE");
  create->callback([&ctx, ao] { ctx.exit_code = run_advisory_create(ctx, *ao); });
  auto* pub = adv->add_subcommand("publish",
                                  "Write the CSAF provider directory with every stored advisory");
  pub->add_option("dir", ao->publish.output_dir, "Output directory (served as /.well-known/csaf/)")
      ->required();
  pub->add_option("--product", ao->publish.product, "Only this product's advisories");
  pub->add_option("--canonical-url", ao->publish.canonical_url,
                  "https URL of provider-metadata.json");
  pub->add_option("--role", ao->publish.role,
                  "csaf_publisher, csaf_provider or csaf_trusted_provider")
      ->check(CLI::IsMember({"csaf_publisher", "csaf_provider", "csaf_trusted_provider"}));
  pub->add_option("--sign-key", ao->publish.gpg_key,
                  "OpenPGP key fingerprint: sign every advisory (.asc)");
  pub->add_option("--gnupg-home", ao->publish.gnupg_home, "GnuPG home directory of the key");
  pub->callback([&ctx, ao] { ctx.exit_code = run_advisory_publish(ctx, *ao); });

  auto so = std::make_shared<SecurityTxtOptions>();
  auto* stxt = app.add_subcommand("security-txt",
                                  "Write an RFC 9116 security.txt from a product's contacts");
  stxt->add_option("product", so->request.product, "PRODUCT")->required();
  stxt->add_option("--expires", so->request.expires,
                   "RFC 3339 expiry (default: 364 days from now)");
  stxt->add_option("--policy", so->request.policy,
                   "https URL of the vulnerability disclosure policy");
  stxt->add_option("--encryption", so->request.encryption, "https URL of the OpenPGP key");
  stxt->add_option("--csaf", so->request.csaf,
                   "URL of provider-metadata.json (default: under the product website)");
  stxt->add_option("--language", so->request.languages, "Preferred languages");
  stxt->add_option("-o,--output", so->output, "Write to FILE");
  stxt->callback([&ctx, so] { ctx.exit_code = run_security_txt(ctx, *so); });
}

}  // namespace bulwark::cli
