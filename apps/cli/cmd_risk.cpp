// bulwark risk ...: the cybersecurity risk assessment of a product release (issue 17). import,
// show, export, diff, the four-eyes review (review, approve, return), history, proposals from
// the release's facts (propose, accept, reject) and the starter threat catalogues. Every rule is
// in service/risk_assessment.hpp; this file parses arguments, calls it and renders.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "bulwark/core/text.hpp"
#include "bulwark/service/risk_assessment.hpp"
#include "bulwark/service/risk_policy.hpp"
#include "cmd_cra.hpp"
#include "common.hpp"

namespace bulwark::cli {
namespace {

struct RiskOptions {
  std::string target, file, format, output, by, comment, reason, key, other, item;
  bool merge = false, clear = false, history = false;
};

std::string policy_line(const portfolio::StoredPolicy& p) {
  return fmt::format("version {}{} set by {} on {}", p.version,
                     p.text.empty() ? " (cleared: the default policy)"
                                    : (p.source.empty() ? "" : " from " + p.source),
                     p.set_by, p.set_at);
}

int run_policy(Context& ctx, const RiskOptions& o) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  if (!o.file.empty() || o.clear) {
    service::PolicyChange change{o.target, {}, o.file, actor_or_user(o.by), o.clear};
    if (!o.clear) {
      auto text = read_file(o.file);
      if (failed(ctx, text)) return ctx.exit_code;
      change.text = std::move(*text);
    }
    auto r = service::set_product_policy(*env->store, *env->risk, change, system_clock());
    if (failed(ctx, r)) return ctx.exit_code;
    if (r->unchanged)
      fmt::print("{}: unchanged: {}\n", o.target,
                 r->policy.version == 0 ? "the default policy is in force"
                                        : "identical to " + policy_line(r->policy));
    else
      fmt::print("{}: risk policy {}; stored releases follow it from the next monitor\n", o.target,
                 policy_line(r->policy));
    return 0;
  }
  auto versions = service::product_policy_versions(*env->store, *env->risk, o.target);
  if (failed(ctx, versions)) return ctx.exit_code;
  if (o.history) {
    if (versions->empty()) fmt::print("{}: never set; the default policy is in force\n", o.target);
    for (const auto& v : *versions) fmt::print("{}\n", policy_line(v));
    return 0;
  }
  if (versions->empty() || versions->back().text.empty()) {
    fmt::print("# {}: the default policy (docs/risk-policy.md){}\n", o.target,
               versions->empty() ? "" : "; " + policy_line(versions->back()));
    return 0;
  }
  fmt::print("# {}: risk policy {}\n{}", o.target, policy_line(versions->back()),
             versions->back().text);
  if (!versions->back().text.ends_with('\n')) fmt::print("\n");
  return 0;
}

void print_revision(const service::RevisionView& v) {
  const auto& r = v.revision;
  const auto& a = v.assessment;
  fmt::print("{}@{} {}\n", v.product.name, r.release, assessment::describe(r));
  fmt::print("source: {}\n", r.source.empty() ? "-" : r.source);
  fmt::print("intended purpose: {}\n",
             a.context.intended_purpose.empty() ? "-" : a.context.intended_purpose);
  fmt::print("{} assets, {} interfaces, {} threats, {} mitigations, {} accepted risks\n\n",
             a.assets.size(), a.interfaces.size(), a.threats.size(), a.mitigations.size(),
             a.accepted_risks.size());
  fmt::print("{:<14} {:<9} {:<9} {:<16} {}\n", "THREAT", "INHERENT", "RESIDUAL", "MITIGATIONS",
             "TITLE");
  for (const auto& t : a.threats) {
    const auto res = t.residual_or_inherent();
    fmt::print("{:<14} {:<9} {:<9} {:<16} {}\n", t.id,
               fmt::format("{} {}", t.inherent.score(), assessment::to_string(t.inherent.level())),
               fmt::format("{} {}", res.score(), assessment::to_string(res.level())),
               t.mitigations.empty() ? "-" : join(t.mitigations, ","), t.title);
  }
  fmt::print("\n{:<9} {:<8} {}\n", "POINT", "APPLIES", "JUSTIFICATION");
  for (const auto& d : v.applicability)
    fmt::print("{:<9} {:<8} {}\n", d.requirement, d.applicable ? "yes" : "no", d.justification);
  for (const auto& w : v.warnings) fmt::print(stderr, "warning: {}\n", w);
}

int run_import(Context& ctx, const RiskOptions& o) {
  auto fmt_in = assessment::source_format_from_string(o.format.empty() ? "auto" : o.format);
  if (!fmt_in)
    return cra_usage(ctx,
                     "--format: expected auto, bulwark, threat-dragon, otm, "
                     "tmbom or cyclonedx");
  auto text = read_file(o.file);
  if (failed(ctx, text)) return ctx.exit_code;
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  service::RiskImportRequest req{o.target, std::move(*text), o.file,
                                 *fmt_in,  o.merge,          actor_or_user(o.by)};
  auto r = service::import_assessment(*env->store, *env->risk, req, system_clock());
  if (failed(ctx, r)) return ctx.exit_code;
  fmt::print("{}: {} ({})\n", o.file, assessment::to_string(r->format),
             r->unchanged ? "unchanged: identical to the latest revision"
                          : assessment::describe(r->view.revision));
  for (const auto& m : r->mapped) fmt::print("  mapped:     {}\n", m);
  for (const auto& m : r->not_mapped) fmt::print("  not mapped: {}\n", m);
  const auto& a = r->view.assessment;
  fmt::print("{}@{}: {} assets, {} interfaces, {} threats, {} mitigations\n", r->view.product.name,
             r->view.revision.release, a.assets.size(), a.interfaces.size(), a.threats.size(),
             a.mitigations.size());
  for (const auto& w : r->view.warnings) fmt::print(stderr, "warning: {}\n", w);
  return 0;
}

int run_show(Context& ctx, const RiskOptions& o) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto v = service::load_revision(*env->store, *env->risk, o.target);
  if (failed(ctx, v)) return ctx.exit_code;
  if (o.format == "json")
    std::cout << service::revision_json(*v) << "\n";
  else
    print_revision(*v);
  return 0;
}

int run_export(Context& ctx, const RiskOptions& o) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto v = service::load_revision(*env->store, *env->risk, o.target);
  if (failed(ctx, v)) return ctx.exit_code;
  auto now = now_rfc3339();
  if (failed(ctx, now)) return ctx.exit_code;
  assessment::ExportHeader h{
      v->product.name + "@" + v->revision.release + " " + assessment::describe(v->revision), *now};
  std::string text;
  if (o.format == "md")
    text = assessment::to_markdown(v->assessment, h);
  else if (o.format == "html")
    text = assessment::to_html(v->assessment, h);
  else if (o.format == "cyclonedx")
    text = assessment::to_cyclonedx(v->assessment, h);
  else if (o.format == "yaml")
    text = assessment::to_yaml(v->assessment);
  else
    text = assessment::to_json(v->assessment);
  auto w = write_output(o.output, [&](std::ostream& os) -> Result<void> {
    os << text;
    return {};
  });
  if (failed(ctx, w)) return ctx.exit_code;
  if (!o.output.empty() && o.output != "-")
    fmt::print(stderr, "{}: {} of {}@{} revision {}\n", o.output, o.format, v->product.name,
               v->revision.release, v->revision.number);
  return 0;
}

int run_diff(Context& ctx, const RiskOptions& o) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto d = service::diff_revisions(*env->store, *env->risk, o.target, o.other);
  if (failed(ctx, d)) return ctx.exit_code;
  fmt::print("{} -> {}: {} change(s)\n", d->from, d->to, d->changes.size());
  for (const auto& c : d->changes)
    fmt::print("  {:<8} {:<14} {:<20} {}\n", c.change, c.kind, c.id.empty() ? "-" : c.id, c.detail);
  return 0;
}

int run_review(Context& ctx, const RiskOptions& o, const std::string& action) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto v = service::review_step(*env->store, *env->risk, o.target, action, actor_or_user(o.by),
                                action == "return" ? o.reason : o.comment, system_clock());
  if (failed(ctx, v)) return ctx.exit_code;
  fmt::print("{}@{} {}\n", v->product.name, v->revision.release, assessment::describe(v->revision));
  for (const auto& w : v->warnings) fmt::print(stderr, "warning: {}\n", w);
  return 0;
}

int run_history(Context& ctx, const RiskOptions& o) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto h = service::risk_history(*env->store, *env->risk, o.target);
  if (failed(ctx, h)) return ctx.exit_code;
  fmt::print("{:<10} {:<4} {:<21} {:<22} {:<10} {}\n", "RELEASE", "REV", "AT", "ACTOR", "ACTION",
             "DETAIL");
  for (const auto& e : *h)
    fmt::print("{:<10} {:<4} {:<21} {:<22} {:<10} {}\n", e.release, e.revision,
               format_rfc3339(e.event.time), e.event.actor, e.event.action, e.event.detail);
  return 0;
}

int run_propose(Context& ctx, const RiskOptions& o) {
  auto env = open_cra_env(ctx, true);
  if (failed(ctx, env)) return ctx.exit_code;
  auto l = service::risk_proposals(*env->store, *env->risk, *env->cra, *env->vulns, o.target,
                                   system_clock(), env->exposure.get());
  if (failed(ctx, l)) return ctx.exit_code;
  std::size_t open = 0;
  for (const auto& p : l->proposals) {
    if (p.state == "open") ++open;
    fmt::print("[{}] {:<34} {}\n", p.state, p.proposal.key, p.proposal.title);
    if (!p.proposal.reason.empty()) fmt::print("      because {}\n", p.proposal.reason);
    if (p.state != "open")
      fmt::print("      {} by {}{}{}\n", p.state, p.decided_by,
                 p.reason.empty() ? "" : ": " + p.reason,
                 p.revision ? fmt::format(" (draft revision {})", p.revision) : "");
  }
  fmt::print("{}@{}: {} proposal(s), {} open (against revision {})\n", l->product.name, l->release,
             l->proposals.size(), open,
             l->base_revision ? std::to_string(l->base_revision) : std::string("-"));
  return 0;
}

int run_decide(Context& ctx, const RiskOptions& o, bool accept) {
  auto env = open_cra_env(ctx, true);
  if (failed(ctx, env)) return ctx.exit_code;
  service::ProposalDecisionRequest req{o.target, o.key, accept, actor_or_user(o.by), o.reason};
  auto d = service::decide_proposal(*env->store, *env->risk, *env->cra, *env->vulns, req,
                                    system_clock(), env->exposure.get());
  if (failed(ctx, d)) return ctx.exit_code;
  fmt::print(
      "{} {} by {}{}\n", o.key, d->view.state, d->view.decided_by,
      d->draft ? fmt::format(": new draft {}", assessment::describe(d->draft->revision)) : "");
  return 0;
}

int run_catalogue(const RiskOptions& o) {
  fmt::print("{:<14} {:<7} {:<19} {}\n", "ID", "STRIDE", "ANNEX I", "THREAT (categories)");
  for (const auto& c : assessment::catalogue_for(o.item))
    fmt::print("{:<14} {:<7} {:<19} {} ({})\n", c.id, c.stride, c.requirements, c.title,
               c.categories);
  return 0;
}

}  // namespace

void add_risk_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RiskOptions>();
  auto* risk = app.add_subcommand(
      "risk", "Cybersecurity risk assessment per release (Article 13(2)-(4), (7); Annex VII 3)");
  risk->require_subcommand(1);

  auto* im = risk->add_subcommand(
      "import",
      "Import a revision (draft) from a file: Bulwark JSON/YAML, OWASP Threat Dragon "
      "2.x, OTM, TM-BOM or CycloneDX 1.6");
  im->add_option("target", o->target, "PRODUCT@VERSION")->required();
  im->add_option("file", o->file, "The file")->required();
  im->add_option("--format", o->format,
                 "auto (default), bulwark, threat-dragon, otm, tmbom or cyclonedx");
  im->add_flag("--merge", o->merge,
               "Lay the file over the latest revision instead of replacing it");
  im->add_option("--by", o->by, "Author (default $USER)");
  im->callback([&ctx, o] { ctx.exit_code = run_import(ctx, *o); });

  auto* show = risk->add_subcommand("show", "Show a revision (latest unless #N)");
  show->add_option("target", o->target, "PRODUCT@VERSION[#N]")->required();
  show->add_option("-f,--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  show->callback([&ctx, o] { ctx.exit_code = run_show(ctx, *o); });

  auto* ex = risk->add_subcommand("export", "Export a revision");
  ex->add_option("target", o->target, "PRODUCT@VERSION[#N]")->required();
  ex->add_option("-f,--format", o->format, "json (default), yaml, md, html or cyclonedx")
      ->check(CLI::IsMember({"json", "yaml", "md", "html", "cyclonedx"}));
  ex->add_option("-o,--output", o->output, "Output file (default: standard output)");
  ex->callback([&ctx, o] { ctx.exit_code = run_export(ctx, *o); });

  auto* df = risk->add_subcommand("diff", "Compare two revisions or files");
  df->add_option("from", o->target, "PRODUCT@VERSION[#N] or FILE")->required();
  df->add_option("to", o->other, "PRODUCT@VERSION[#N] or FILE")->required();
  df->callback([&ctx, o] { ctx.exit_code = run_diff(ctx, *o); });

  for (const char* action : {"review", "approve", "return"}) {
    const std::string a = action;
    auto* cmd = risk->add_subcommand(
        a, a == "review"    ? "Review a draft (someone other than the author)"
           : a == "approve" ? "Approve a reviewed revision (someone other than the author)"
                            : "Return a reviewed revision to draft, with a reason");
    cmd->add_option("target", o->target, "PRODUCT@VERSION[#N]")->required();
    cmd->add_option("--by", o->by, "Who (default $USER)");
    if (a == "return")
      cmd->add_option("--reason", o->reason, "Changes requested")->required();
    else
      cmd->add_option("--comment", o->comment, "Comment recorded in the history");
    cmd->callback([&ctx, o, a] { ctx.exit_code = run_review(ctx, *o, a); });
  }

  auto* hist = risk->add_subcommand("history", "The append-only history of the assessments");
  hist->add_option("target", o->target, "PRODUCT or PRODUCT@VERSION")->required();
  hist->callback([&ctx, o] { ctx.exit_code = run_history(ctx, *o); });

  auto* pr = risk->add_subcommand(
      "propose", "Proposals from the release's SBOM and findings; accept or reject them");
  pr->add_option("target", o->target, "PRODUCT@VERSION")->required();
  auto* acc = pr->add_subcommand("accept", "Accept a proposal (a new draft revision)");
  acc->add_option("key", o->key, "Proposal key")->required();
  acc->add_option("--by", o->by, "Who (default $USER)");
  acc->callback([&ctx, o] { ctx.exit_code = run_decide(ctx, *o, true); });
  auto* rej = pr->add_subcommand("reject", "Reject a proposal, with a reason");
  rej->add_option("key", o->key, "Proposal key")->required();
  rej->add_option("--by", o->by, "Who (default $USER)");
  rej->add_option("--reason", o->reason, "Why")->required();
  rej->callback([&ctx, o] { ctx.exit_code = run_decide(ctx, *o, false); });
  pr->callback([&ctx, o, acc, rej] {
    if (!acc->parsed() && !rej->parsed()) ctx.exit_code = run_propose(ctx, *o);
  });

  auto* pol = risk->add_subcommand(
      "policy",
      "Show or set a product's risk policy (YAML, docs/risk-policy.md) for its stored releases");
  pol->add_option("product", o->target, "PRODUCT")->required();
  auto* set = pol->add_option("--set", o->file, "Set the policy from this YAML file");
  auto* clr = pol->add_flag("--clear", o->clear, "Return to the default policy");
  set->excludes(clr);
  pol->add_flag("--history", o->history, "List every version")->excludes(set)->excludes(clr);
  pol->add_option("--by", o->by, "Who sets it (default $USER)");
  pol->callback([&ctx, o] { ctx.exit_code = run_policy(ctx, *o); });

  auto* cat = risk->add_subcommand(
      "catalogue", "Starter threat catalogue for an Annex III/IV item (all entries without one)");
  cat->add_option("item", o->item, "Annex III/IV item, e.g. AIII.C1.12");
  cat->callback([o] { run_catalogue(*o); });
}

}  // namespace bulwark::cli
