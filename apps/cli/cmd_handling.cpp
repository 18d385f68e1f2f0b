// Vulnerability handling: bulwark findings, triage, monitor, vex import|export, advisory
// create|publish and security-txt.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "bulwark/core/clock.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/portfolio/service.hpp"
#include "bulwark/report/report.hpp"
#include "bulwark/vulndb/store.hpp"
#include "common.hpp"
#include "commands.hpp"

namespace bulwark::cli {
namespace {

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
  auto t = portfolio::resolve_target(**store, o.spec, false);
  if (failed(ctx, t)) return ctx.exit_code;
  auto vulns = open_vulndb(ctx);
  if (failed(ctx, vulns)) return ctx.exit_code;
  std::vector<portfolio::Release> releases;
  if (t->release) {
    releases.push_back(*t->release);
  } else {
    auto all = (*store)->releases(t->product.id);
    if (failed(ctx, all)) return ctx.exit_code;
    releases = std::move(*all);
  }
  portfolio::ViewOptions vo;
  vo.show_suppressed = o.show_suppressed;
  vo.today = today_utc();
  for (const auto& path : o.vex) {
    auto doc = portfolio::read_vex_file(path);
    if (failed(ctx, doc)) return ctx.exit_code;
    vo.vex.push_back(std::move(*doc));
    vo.vex_names.push_back(std::filesystem::path(path).filename().string());
  }
  auto now = now_rfc3339();
  if (failed(ctx, now)) return ctx.exit_code;
  std::size_t reached = 0;
  for (const auto& r : releases) {
    auto view = portfolio::release_view(**store, **vulns, t->product, r, vo);
    if (failed(ctx, view)) return ctx.exit_code;
    // Filters: --priority P0,P1 and --state affected,not_affected,... ("none" = no analysis).
    if (!o.priority.empty() || !o.state.empty()) {
      std::vector<match::Finding> kept;
      std::vector<report::FindingStatus> kept_st;
      for (std::size_t i = 0; i < view->result.findings.size(); ++i) {
        const auto& f = view->result.findings[i];
        const auto& st = view->statuses[i];
        const std::string state = st.analysis ? std::string(to_string(st.analysis->state)) : "none";
        if (!o.priority.empty() && o.priority.find(f->priority) == std::string::npos) continue;
        if (!o.state.empty() && ("," + o.state + ",").find("," + state + ",") == std::string::npos) continue;
        kept.push_back(f);
        kept_st.push_back(st);
      }
      view->result.findings = std::move(kept);
      view->statuses = std::move(kept_st);
      view->result.summary.findings = view->result.findings.size();
    }
    view->sbom.source_path = fmt::format("{}@{}", r.product, r.version);
    report::ScanReport rep{view->sbom, view->result, database_path(ctx), BULWARK_VERSION, *now};
    rep.statuses = &view->statuses;
    rep.suppressed_hidden = view->suppressed_hidden;
    const std::string out = releases.size() > 1 && !o.output.empty() && o.output != "-"
                                ? fmt::format("{}.{}", o.output, r.version)
                                : o.output;
    if (releases.size() > 1 && o.format == "table") fmt::print("== {}@{}\n", r.product, r.version);
    auto w = write_output(out, [&](std::ostream& os) {
      bool color = o.format == "table" && out.empty() && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
      return report::render(o.format, rep, os, color);
    });
    if (failed(ctx, w)) return ctx.exit_code;
    for (std::size_t i = 0; i < view->result.findings.size(); ++i)
      if (gate->active() && !view->statuses[i].suppressed && gate->reached(view->result.findings[i])) ++reached;
  }
  if (reached) {
    fmt::print(stderr, "bulwark: gate failed: {} finding(s) at or above {}\n", reached, o.fail_on);
    return 1;
  }
  return 0;
}

// ---- triage ----

struct TriageOptions {
  std::string spec, vulnerability, component, state, justification, detail, action, author, scope = "all";
  std::vector<std::string> responses;
  bool history = false;
  std::string format = "table";
};

int run_triage_history(Context& ctx, const TriageOptions& o) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto t = portfolio::resolve_target(**store, o.spec, false);
  if (failed(ctx, t)) return ctx.exit_code;
  auto h = (*store)->history(t->product.id);
  if (failed(ctx, h)) return ctx.exit_code;
  if (o.format == "json") {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& e : *h)
      arr.push_back({{"analysis", e.analysis_id}, {"recorded_at", e.recorded_at}, {"component", e.identity},
                     {"vulnerabilities", e.vulnerability_ids}, {"versions", e.versions},
                     {"state", to_string(e.analysis.state)}, {"justification", to_string(e.analysis.justification)},
                     {"responses", e.analysis.responses}, {"detail", e.analysis.detail}, {"author", e.analysis.author},
                     {"origin", e.origin}, {"source", e.source}});
    std::cout << arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return 0;
  }
  fmt::print("{:<21} {:<20} {:<32} {:<20} {:<16} {}\n", "RECORDED", "AUTHOR", "COMPONENT", "VULNERABILITY", "STATE", "DETAIL");
  for (const auto& e : *h)
    fmt::print("{:<21} {:<20} {:<32} {:<20} {:<16} {}\n", e.recorded_at, e.analysis.author, e.identity,
               e.vulnerability_ids.empty() ? "" : e.vulnerability_ids.front(), to_string(e.analysis.state),
               e.analysis.detail);
  return 0;
}

int run_triage(Context& ctx, const TriageOptions& o) {
  if (o.history) return run_triage_history(ctx, o);
  if (o.vulnerability.empty() || o.state.empty()) {
    report_error(ctx, Error{ErrorCode::kUsage, "triage needs PRODUCT@VERSION VULNERABILITY --state STATE (or --history PRODUCT)"});
    return ctx.exit_code;
  }
  portfolio::TriageRequest req;
  req.vulnerability = o.vulnerability;
  req.component = o.component;
  req.scope = o.scope;
  auto state = analysis_state_from_string(o.state);
  if (!state) {
    report_error(ctx, Error{ErrorCode::kUsage, fmt::format("--state '{}': expected affected, not_affected, fixed, under_investigation or false_positive", o.state)});
    return ctx.exit_code;
  }
  req.analysis.state = *state;
  if (!o.justification.empty()) {
    auto j = justification_from_string(o.justification);
    if (!j) {
      report_error(ctx, Error{ErrorCode::kUsage, fmt::format("--justification '{}': expected component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary or inline_mitigations_already_exist", o.justification)});
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
  auto now = now_rfc3339();
  auto store = open_portfolio(ctx);
  if (failed(ctx, now) || failed(ctx, store)) return ctx.exit_code;
  req.analysis.timestamp = *now;
  auto t = portfolio::resolve_target(**store, o.spec, true);
  if (failed(ctx, t)) return ctx.exit_code;
  auto r = portfolio::triage(**store, *t, req);
  if (failed(ctx, r)) return ctx.exit_code;
  fmt::print("{} on {} in {}@{}: {}{} (scope: {}; analysis {}, recorded by {})\n", r->finding.vuln_id,
             r->finding.purl.empty() ? r->finding.component_label : r->finding.purl, t->product.name,
             t->release->version, to_string(req.analysis.state),
             req.analysis.justification == Justification::kNone ? "" : fmt::format(" ({})", to_string(req.analysis.justification)),
             r->record.versions.empty() ? "every version of the component" : r->record.versions, r->record.id,
             req.analysis.author);
  return 0;
}

// ---- monitor ----

struct MonitorOpts {
  std::string format = "table", output, fail_on, product;
};

int run_monitor(Context& ctx, const MonitorOpts& o) {
  auto gate = parse_gate(o.fail_on);
  auto now = now_rfc3339();
  auto store = open_portfolio(ctx);
  if (failed(ctx, gate) || failed(ctx, now) || failed(ctx, store)) return ctx.exit_code;
  auto vulns = open_vulndb(ctx);
  if (failed(ctx, vulns)) return ctx.exit_code;
  portfolio::MonitorOptions mo{*now, now->substr(0, 10), o.product};
  auto rep = portfolio::monitor(**store, **vulns, mo);
  if (failed(ctx, rep)) return ctx.exit_code;
  std::size_t reached = 0;
  for (const auto& d : rep->releases)
    for (const auto& c : d.changes)
      if ((c.kind == "new" || c.kind == "reopened") && gate->reached(c.finding.priority, c.finding.severity)) ++reached;
  auto w = write_output(o.output, [&](std::ostream& os) -> Result<void> {
    if (o.format == "json") {
      nlohmann::ordered_json j;
      j["schema"] = "bulwark-monitor/1";
      j["at"] = rep->at;
      j["previous_run"] = rep->previous_run.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(rep->previous_run);
      j["summary"] = {{"releases", rep->releases.size()}, {"components", rep->components}, {"new", rep->added},
                      {"changed", rep->changed}, {"resolved", rep->resolved}};
      auto rels = nlohmann::ordered_json::array();
      for (const auto& d : rep->releases) {
        auto changes = nlohmann::ordered_json::array();
        for (const auto& c : d.changes)
          changes.push_back({{"kind", c.kind}, {"id", c.finding.vuln_id}, {"aliases", c.finding.aliases},
                             {"component", c.finding.component_label}, {"purl", c.finding.purl},
                             {"severity", c.finding.severity}, {"priority", c.finding.priority}, {"kev", c.finding.kev},
                             {"first_seen", c.finding.first_seen}, {"detail", c.detail}});
        rels.push_back({{"product", d.release.product}, {"version", d.release.version}, {"open", d.open},
                        {"changes", std::move(changes)}});
      }
      j["releases"] = std::move(rels);
      os << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
      return {};
    }
    os << fmt::format("monitor at {} (previous run: {}): {} releases, {} components; {} new, {} changed, {} resolved\n",
                      rep->at, rep->previous_run.empty() ? "none" : rep->previous_run, rep->releases.size(),
                      rep->components, rep->added, rep->changed, rep->resolved);
    for (const auto& d : rep->releases) {
      if (d.changes.empty()) continue;
      os << fmt::format("\n{}@{} ({} open)\n", d.release.product, d.release.version, d.open);
      for (const auto& c : d.changes)
        os << fmt::format("  {:<9} {:<4} {:<20} {:<36} {}\n", c.kind, c.finding.priority, c.finding.vuln_id,
                          c.finding.component_label, c.detail);
    }
    return {};
  });
  if (failed(ctx, w)) return ctx.exit_code;
  if (reached) {
    fmt::print(stderr, "bulwark: gate failed: {} new finding(s) at or above {}\n", reached, o.fail_on);
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
  auto now = now_rfc3339();
  auto store = open_portfolio(ctx);
  if (failed(ctx, now) || failed(ctx, store)) return ctx.exit_code;
  auto t = portfolio::resolve_target(**store, o.spec, false);
  if (failed(ctx, t)) return ctx.exit_code;
  // Read every document first: one unreadable file changes nothing.
  std::vector<VexDocument> docs;
  for (const auto& f : o.files) {
    auto d = portfolio::read_vex_file(f);
    if (failed(ctx, d)) return ctx.exit_code;
    docs.push_back(std::move(*d));
  }
  std::size_t unmatched = 0;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    auto rep = portfolio::import_vex(**store, *t, docs[i], std::filesystem::path(o.files[i]).filename().string(), *now);
    if (failed(ctx, rep)) return ctx.exit_code;
    fmt::print("{}: {} statements, {} applied to {} findings, {} analyses recorded, {} matched nothing\n", o.files[i],
               rep->statements, rep->applied, rep->findings, rep->recorded, rep->unmatched.size());
    for (const auto& u : rep->unmatched) fmt::print("  unmatched: {}\n", u);
    unmatched += rep->unmatched.size();
  }
  return 0;
}

int run_vex_export(Context& ctx, const VexOptions& o) {
  auto now = now_rfc3339();
  auto store = open_portfolio(ctx);
  if (failed(ctx, now) || failed(ctx, store)) return ctx.exit_code;
  auto t = portfolio::resolve_target(**store, o.spec, false);
  if (failed(ctx, t)) return ctx.exit_code;
  auto doc = portfolio::export_vex(**store, *t, o.author, *now);
  if (failed(ctx, doc)) return ctx.exit_code;
  const VexFormat f = o.format == "cyclonedx" ? VexFormat::kCycloneDx : o.format == "csaf" ? VexFormat::kCsaf : VexFormat::kOpenVex;
  auto text = portfolio::write_vex(*doc, f, &t->product);
  if (failed(ctx, text)) return ctx.exit_code;
  auto w = write_output(o.output, [&](std::ostream& os) -> Result<void> {
    os << *text;
    if (!text->ends_with("\n")) os << "\n";
    return {};
  });
  if (failed(ctx, w)) return ctx.exit_code;
  if (!o.output.empty()) fmt::print(stderr, "{} statements -> {}\n", doc->statements.size(), o.output);
  return 0;
}

// ---- advisories ----

struct AdvisoryOptions {
  std::string product, output, tracking_id, title, summary, url, status = "final";
  std::vector<std::string> vulns, fixed_in;
  // publish
  std::string dir, canonical_url, gpg_key, gnupg_home, role = "csaf_provider";
};

int run_advisory_create(Context& ctx, const AdvisoryOptions& o) {
  auto now = now_rfc3339();
  auto store = open_portfolio(ctx);
  if (failed(ctx, now) || failed(ctx, store)) return ctx.exit_code;
  auto t = portfolio::resolve_target(**store, o.product, false);
  if (failed(ctx, t)) return ctx.exit_code;
  auto vulns = open_vulndb(ctx);
  if (failed(ctx, vulns)) return ctx.exit_code;
  portfolio::AdvisoryRequest req{o.vulns, o.tracking_id, o.title, o.summary, o.fixed_in, o.url, o.status, *now, now->substr(0, 10)};
  auto in = portfolio::build_advisory(**store, **vulns, t->product, req);
  if (failed(ctx, in)) return ctx.exit_code;
  // A new revision of an advisory already issued keeps its initial date and history.
  auto previous = (*store)->advisory(in->tracking_id);
  if (failed(ctx, previous)) return ctx.exit_code;
  if (*previous) {
    auto prev = nlohmann::json::parse(**previous, nullptr, false);
    if (!prev.is_discarded()) {
      const auto& tr = prev["document"]["tracking"];
      in->initial_release_date = tr.value("initial_release_date", in->initial_release_date);
      in->revisions.clear();
      for (const auto& r : tr["revision_history"])
        in->revisions.push_back({r.value("number", ""), r.value("date", ""), r.value("summary", "")});
      in->revisions.push_back({std::to_string(in->revisions.size() + 1), *now, "Updated"});
    }
  }
  auto json = csaf::write_advisory(*in);
  if (failed(ctx, json)) return ctx.exit_code;
  auto saved = (*store)->save_advisory(t->product.id, in->tracking_id, in->current_release_date, *json);
  if (failed(ctx, saved)) return ctx.exit_code;
  auto w = write_output(o.output, [&](std::ostream& os) -> Result<void> {
    os << *json;
    if (!json->ends_with("\n")) os << "\n";
    return {};
  });
  if (failed(ctx, w)) return ctx.exit_code;
  fmt::print(stderr, "advisory {} revision {} stored ({} vulnerabilities, {} product versions)\n", in->tracking_id,
             in->revisions.back().number, in->vulnerabilities.size(), in->products.size());
  return 0;
}

int run_advisory_publish(Context& ctx, const AdvisoryOptions& o) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  std::int64_t product_id = 0;
  std::optional<portfolio::Product> product;
  if (!o.product.empty()) {
    auto t = portfolio::resolve_target(**store, o.product, false);
    if (failed(ctx, t)) return ctx.exit_code;
    product = t->product;
    product_id = t->product.id;
  }
  auto docs = (*store)->advisories(product_id);
  if (failed(ctx, docs)) return ctx.exit_code;
  if (docs->empty()) {
    report_error(ctx, Error{ErrorCode::kNotFound, "no advisories to publish (bulwark advisory create ...)"});
    return ctx.exit_code;
  }
  csaf::PublishOptions po;
  po.output_dir = o.dir;
  po.canonical_url = o.canonical_url;
  po.role = o.role;
  po.gpg_key = o.gpg_key;
  po.gnupg_home = o.gnupg_home;
  if (product) {
    po.publisher_name = product->vendor.empty() ? product->name : product->vendor;
    po.publisher_namespace = product->website;
    po.publisher_contact = product->security_contact;
  } else {
    auto first = nlohmann::json::parse(docs->front(), nullptr, false);
    if (!first.is_discarded()) {
      const auto& pub = first["document"]["publisher"];
      po.publisher_name = pub.value("name", "");
      po.publisher_namespace = pub.value("namespace", "");
      po.publisher_contact = pub.value("contact_details", "");
    }
  }
  if (po.canonical_url.empty() && !po.publisher_namespace.empty()) {
    std::string base = po.publisher_namespace;
    while (base.ends_with("/")) base.pop_back();
    po.canonical_url = base + "/.well-known/csaf/provider-metadata.json";
  }
  auto r = csaf::publish(*docs, po);
  if (failed(ctx, r)) return ctx.exit_code;
  fmt::print("{} advisories published to {}{}\n", docs->size(), o.dir, o.gpg_key.empty() ? "" : " (signed)");
  return 0;
}

struct SecurityTxtOptions {
  std::string product, expires, output, policy, encryption, csaf;
  std::vector<std::string> languages{"en"};
};

int run_security_txt(Context& ctx, const SecurityTxtOptions& o) {
  auto store = open_portfolio(ctx);
  auto now = now_rfc3339();
  if (failed(ctx, store) || failed(ctx, now)) return ctx.exit_code;
  auto t = portfolio::resolve_target(**store, o.product, false);
  if (failed(ctx, t)) return ctx.exit_code;
  if (t->product.security_contact.empty()) {
    report_error(ctx, Error{ErrorCode::kInvalidInput, fmt::format("product '{}' has no security contact (product add --contact)", t->product.name)});
    return ctx.exit_code;
  }
  csaf::SecurityTxtInput in;
  in.contacts.push_back(t->product.security_contact);
  in.issued = *now;
  if (o.expires.empty()) {
    // Default: 364 days after now (RFC 9116 recommends less than a year).
    auto tp = parse_rfc3339(*now);
    if (failed(ctx, tp)) return ctx.exit_code;
    in.expires = format_rfc3339(*tp + std::chrono::days(364));
  } else {
    in.expires = o.expires;
  }
  in.preferred_languages = o.languages;
  if (!o.policy.empty()) in.policy.push_back(o.policy);
  if (!o.encryption.empty()) in.encryption.push_back(o.encryption);
  std::string base = t->product.website;
  while (base.ends_with("/")) base.pop_back();
  if (!base.empty()) {
    in.canonical.push_back(base + "/.well-known/security.txt");
    in.csaf.push_back(o.csaf.empty() ? base + "/.well-known/csaf/provider-metadata.json" : o.csaf);
  }
  auto text = csaf::security_txt(in);
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
  auto* findings = app.add_subcommand("findings", "Findings of a product or release, matched against the current database, with their analyses");
  findings->add_option("target", fo->spec, "PRODUCT or PRODUCT@VERSION")->required();
  findings->add_option("-f,--format", fo->format, "table, json, sarif or cyclonedx")
      ->check(CLI::IsMember({"table", "json", "sarif", "cyclonedx"}))
      ->capture_default_str();
  findings->add_option("-o,--output", fo->output, "Write to FILE (FILE.VERSION per release for a whole product)");
  findings->add_option("--fail-on", fo->fail_on, "Exit 1 when an unsuppressed finding reaches this priority or severity");
  findings->add_option("--priority", fo->priority, "Only these priorities, e.g. P0,P1");
  findings->add_option("--state", fo->state, "Only these analysis states, e.g. affected,none (none: not triaged)");
  findings->add_flag("--show-suppressed", fo->show_suppressed, "Also list findings an analysis suppresses (not_affected, fixed, false_positive)");
  findings->add_option("--vex", fo->vex, "Apply these VEX documents on top of the stored analyses (not stored)");
  findings->callback([&ctx, fo] { ctx.exit_code = run_findings(ctx, *fo); });

  auto to = std::make_shared<TriageOptions>();
  auto* triage = app.add_subcommand("triage", "Record an analysis of a finding (appended to the audit trail; carried over to later releases)");
  triage->add_option("target", to->spec, "PRODUCT@VERSION (PRODUCT with --history)")->required();
  triage->add_option("vulnerability", to->vulnerability, "Any id of the vulnerability: CVE, GHSA, OSV id");
  triage->add_option("--component", to->component, "Component purl (with or without version) or name, when the vulnerability is in several");
  triage->add_option("--state", to->state, "affected, not_affected, fixed, under_investigation, false_positive");
  triage->add_option("--justification", to->justification,
                     "For not_affected: component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, "
                     "vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist");
  triage->add_option("--response", to->responses, "can_not_fix, will_not_fix, update, rollback, workaround_available (repeatable)");
  triage->add_option("--detail", to->detail, "Why (impact statement)");
  triage->add_option("--action", to->action, "What users should do (action statement)");
  triage->add_option("--author", to->author, "Who decided (default: $USER)");
  triage->add_option("--scope", to->scope, "all (every version of the component), release (this version only), or constraints like '>=2.0,<2.17.1'")
      ->capture_default_str();
  triage->add_flag("--history", to->history, "Show the product's audit trail of analyses instead");
  triage->add_option("-f,--format", to->format, "table or json (with --history)")->check(CLI::IsMember({"table", "json"}));
  triage->callback([&ctx, to] { ctx.exit_code = run_triage(ctx, *to); });

  auto mo = std::make_shared<MonitorOpts>();
  auto* mon = app.add_subcommand("monitor", "Re-match every stored release against the current database and report what is new, changed or resolved");
  mon->add_option("-f,--format", mo->format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  mon->add_option("-o,--output", mo->output, "Write the report to FILE");
  mon->add_option("--fail-on", mo->fail_on, "Exit 1 when a NEW finding reaches this priority (P0..P4) or severity");
  mon->add_option("--product", mo->product, "Only this product");
  mon->callback([&ctx, mo] { ctx.exit_code = run_monitor(ctx, *mo); });

  auto vo = std::make_shared<VexOptions>();
  auto* vex = app.add_subcommand("vex", "VEX documents: import statements as analyses, export analyses");
  vex->require_subcommand(1);
  auto* vin = vex->add_subcommand("import", "Apply VEX statements (OpenVEX, CycloneDX, CSAF; sniffed) to a product's findings");
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
  auto* create = adv->add_subcommand("create", "Create (or revise) a CSAF security advisory for vulnerabilities of a product");
  create->add_option("product", ao->product, "PRODUCT")->required();
  create->add_option("vulnerabilities", ao->vulns, "Vulnerability ids")->required();
  create->add_option("--fixed-in", ao->fixed_in, "Release(s) that fix them");
  create->add_option("--id", ao->tracking_id, "Tracking id (default PRODUCT-SA-YEAR-NNNN; an existing id makes a new revision)");
  create->add_option("--title", ao->title, "Title");
  create->add_option("--summary", ao->summary, "Summary note");
  create->add_option("--url", ao->url, "URL of the fixed release / download");
  create->add_option("--status", ao->status, "draft, interim or final")->check(CLI::IsMember({"draft", "interim", "final"}));
  create->add_option("-o,--output", ao->output, "Also write the document to FILE");
  create->callback([&ctx, ao] { ctx.exit_code = run_advisory_create(ctx, *ao); });
  auto* pub = adv->add_subcommand("publish", "Write the CSAF provider directory with every stored advisory");
  pub->add_option("dir", ao->dir, "Output directory (served as /.well-known/csaf/)")->required();
  pub->add_option("--product", ao->product, "Only this product's advisories");
  pub->add_option("--canonical-url", ao->canonical_url, "https URL of provider-metadata.json");
  pub->add_option("--role", ao->role, "csaf_publisher, csaf_provider or csaf_trusted_provider")
      ->check(CLI::IsMember({"csaf_publisher", "csaf_provider", "csaf_trusted_provider"}));
  pub->add_option("--sign-key", ao->gpg_key, "OpenPGP key fingerprint: sign every advisory (.asc)");
  pub->add_option("--gnupg-home", ao->gnupg_home, "GnuPG home directory of the key");
  pub->callback([&ctx, ao] { ctx.exit_code = run_advisory_publish(ctx, *ao); });

  auto so = std::make_shared<SecurityTxtOptions>();
  auto* stxt = app.add_subcommand("security-txt", "Write an RFC 9116 security.txt from a product's contacts");
  stxt->add_option("product", so->product, "PRODUCT")->required();
  stxt->add_option("--expires", so->expires, "RFC 3339 expiry (default: 364 days from now)");
  stxt->add_option("--policy", so->policy, "https URL of the vulnerability disclosure policy");
  stxt->add_option("--encryption", so->encryption, "https URL of the OpenPGP key");
  stxt->add_option("--csaf", so->csaf, "URL of provider-metadata.json (default: under the product website)");
  stxt->add_option("--language", so->languages, "Preferred languages");
  stxt->add_option("-o,--output", so->output, "Write to FILE");
  stxt->callback([&ctx, so] { ctx.exit_code = run_security_txt(ctx, *so); });
}

}  // namespace bulwark::cli
