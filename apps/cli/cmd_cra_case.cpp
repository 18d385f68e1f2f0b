// bulwark cra case propose|open|confirm|dismiss|fix|submit|close|show|list: parse, call the
// service (service/cra_cases.hpp), render.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <array>
#include <iostream>

#include "bulwark/core/text.hpp"
#include "bulwark/service/cra_cases.hpp"
#include "bulwark/service/cra_common.hpp"
#include "bulwark/service/cra_json.hpp"
#include "cmd_cra.hpp"
#include "common.hpp"

namespace bulwark::cli {
namespace {

struct CaseOptions {
  std::string id, product, spec, by, reason, at, description, stage, reference, format = "table",
                                                                                source = "user";
  std::string aware_at, incident, severe_answers, affects_security, sensitive_data, malicious_code,
      unlawful;
  std::vector<std::string> vulnerabilities;
};

std::string opt_time(const std::optional<TimePoint>& t, const char* none) {
  return t ? format_rfc3339(*t) : std::string(none);
}

int run_case_propose(Context& ctx, const CaseOptions& o) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto cases = service::propose_cases(*env->store, *env->cra, {o.product}, system_clock());
  if (failed(ctx, cases)) return ctx.exit_code;
  for (const auto& c : *cases)
    fmt::print("proposed {}: {} in {}@{} (CISA KEV; awareness {})\n", c.id,
               join(c.vulnerability_ids), c.product, join(c.releases), format_rfc3339(c.aware_at));
  fmt::print("{} case(s) proposed; confirm or dismiss each (bulwark cra case confirm|dismiss ID)\n",
             cases->size());
  return 0;
}

// The four Article 14(5) answers: --severe-answers a,b,c,d, each overridden by its own option.
Result<cra::SevereIncidentQuestionnaire> questionnaire(const CaseOptions& o) {
  std::array<std::string, 4> a{o.affects_security, o.sensitive_data, o.malicious_code, o.unlawful};
  if (!o.severe_answers.empty()) {
    auto parts = split(o.severe_answers, ',');
    if (parts.size() != 4)
      return make_error(ErrorCode::kUsage,
                        "--severe-answers: expected four answers (yes|no|unknown) for "
                        "affects-security,sensitive-data,malicious-code,unlawful");
    for (std::size_t i = 0; i < 4; ++i)
      if (a[i].empty()) a[i] = std::string(trim(parts[i]));
  }
  return service::questionnaire_from_answers(a);
}

int run_case_open(Context& ctx, const CaseOptions& o) {
  if (o.vulnerabilities.empty() == o.incident.empty())
    return cra_usage(
        ctx, "cra case open needs exactly one of --vulnerability ID... and --incident TEXT");
  service::OpenCaseRequest req;
  req.target = o.spec;
  req.vulnerabilities = o.vulnerabilities;
  req.incident = o.incident;
  req.source = o.source;
  req.actor = actor_or_user(o.by);
  auto aware = option_time(o.aware_at, "--aware-at");
  if (failed(ctx, aware)) return ctx.exit_code;
  req.aware_at = *aware;
  if (!o.incident.empty()) {
    auto q = questionnaire(o);
    if (failed(ctx, q)) return ctx.exit_code;
    req.questionnaire = *q;
  }
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto opened = service::open_case(*env->store, *env->cra, req, system_clock());
  if (failed(ctx, opened)) return ctx.exit_code;
  const auto& c = opened->stored.value;
  fmt::print("opened {} ({}) for {} [{}], awareness {}; status proposed\n", c.id,
             cra::to_string(c.kind), c.product, join(c.releases), format_rfc3339(c.aware_at));
  if (opened->assessment)
    fmt::print("severe-incident assessment: {} ({})\n",
               cra::to_string(opened->assessment->decision),
               join(opened->assessment->reasons, "; "));
  return 0;
}

// Prints the transition's audit event: "ID: action by actor at time - detail (status S)".
int print_transition(Context& ctx, const std::string& id, const Result<portfolio::StoredCase>& sc) {
  if (failed(ctx, sc)) return ctx.exit_code;
  const auto& e = sc->value.audit.back();
  fmt::print("{}: {} by {} at {}{} (status {})\n", id, e.action, e.actor, format_rfc3339(e.time),
             e.detail.empty() ? "" : " - " + e.detail, cra::to_string(sc->value.status));
  return 0;
}

template <class Fn>
int run_transition(Context& ctx, const std::string& id, Fn&& fn) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  return print_transition(ctx, id, fn(*env->cra));
}

int run_case_fix(Context& ctx, const CaseOptions& o) {
  auto at = option_time(o.at, "--at");
  if (failed(ctx, at)) return ctx.exit_code;
  return run_transition(ctx, o.id, [&](portfolio::CraStore& cra) {
    return service::fix_case(cra, {o.id, actor_or_user(o.by), o.description, *at}, system_clock());
  });
}

int run_case_submit(Context& ctx, const CaseOptions& o) {
  auto stage = service::parse_stage(o.stage);
  if (!stage)
    return cra_usage(
        ctx,
        fmt::format("STAGE '{}': expected early-warning, notification or final-report", o.stage));
  auto at = option_time(o.at, "--at");
  if (failed(ctx, at)) return ctx.exit_code;
  return run_transition(ctx, o.id, [&](portfolio::CraStore& cra) {
    return service::submit_case(cra, {o.id, o.by, o.reference, *stage, *at}, system_clock());
  });
}

int run_case_show(Context& ctx, const CaseOptions& o) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto d = service::show_case(*env->cra, o.id, system_clock());
  if (failed(ctx, d)) return ctx.exit_code;
  if (o.format == "json") {
    std::cout << service::case_show_json(*d) << "\n";
    return 0;
  }
  const auto& c = d->stored.value;
  fmt::print("case:        {}\nproduct:     {} ({})\nkind:        {}\nstatus:      {}\n", c.id,
             c.product, join(c.releases), cra::to_string(c.kind), cra::to_string(c.status));
  if (c.kind == cra::CaseKind::kVulnerability)
    fmt::print("vulnerability: {}\n", join(c.vulnerability_ids));
  else
    fmt::print("incident:    {}\n", c.incident_description);
  fmt::print("source:      {}\nawareness:   {}\n", c.exploited_source, format_rfc3339(c.aware_at));
  if (c.corrective_measure_at)
    fmt::print("corrective:  {} ({})\n", format_rfc3339(*c.corrective_measure_at),
               c.corrective_measure);
  if (c.status == cra::CaseStatus::kDismissed)
    fmt::print("dismissed:   by {}: {}{}\n", c.dismissed_by, c.dismiss_reason,
               c.dismissed_not_exploitable ? " [not exploitable in the product]" : "");
  fmt::print("\n{:<14} {:<11} {:<21} {:<15} {:<21} {}\n", "STAGE", "ID", "DUE", "STATE",
             "SUBMITTED", "REFERENCE");
  for (const auto& k : cra::stage_clocks(c, d->now))
    fmt::print("{:<14} {:<11} {:<21} {:<15} {:<21} {}\n", cra::to_string(k.stage), k.id,
               opt_time(k.due, "-"), cra::to_string(k.state), opt_time(k.submitted_at, "-"),
               cra::stage_record(c, k.stage).reference);
  fmt::print("\naudit trail:\n");
  for (const auto& e : d->events)
    fmt::print("  {} {:<28} {:<18} {}\n", format_rfc3339(e.event.time), e.event.action,
               e.event.actor, e.event.detail);
  return 0;
}

int run_case_list(Context& ctx, const CaseOptions& o) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto l = service::list_cases(*env->store, *env->cra, o.product, system_clock());
  if (failed(ctx, l)) return ctx.exit_code;
  if (o.format == "json") {
    std::cout << service::case_list_json(*l) << "\n";
    return 0;
  }
  fmt::print("{:<15} {:<18} {:<16} {:<10} {:<21} {}\n", "CASE", "PRODUCT", "KIND", "STATUS",
             "AWARENESS", "SUBJECT");
  for (const auto& sc : l->cases) {
    const auto& c = sc.value;
    fmt::print("{:<15} {:<18} {:<16} {:<10} {:<21} {}\n", c.id, c.product, cra::to_string(c.kind),
               cra::to_string(c.status), format_rfc3339(c.aware_at), service::case_subject(c));
  }
  return 0;
}

}  // namespace

void add_cra_case_commands(CLI::App& cra, Context& ctx) {
  auto o = std::make_shared<CaseOptions>();
  auto* cs = cra.add_subcommand(
      "case", "Article 14 cases: actively exploited vulnerabilities and severe incidents");
  cs->require_subcommand(1);
  auto* propose = cs->add_subcommand(
      "propose", "Propose a case for every KEV-listed open finding of a released product");
  propose->add_option("--product", o->product, "Only this product");
  propose->callback([&ctx, o] { ctx.exit_code = run_case_propose(ctx, *o); });
  auto* open = cs->add_subcommand(
      "open", "Open a case by hand (a vulnerability known to be exploited, or a severe incident)");
  open->add_option("target", o->spec, "PRODUCT or PRODUCT@VERSION")->required();
  open->add_option("--vulnerability", o->vulnerabilities,
                   "Vulnerability id(s) of one vulnerability (CVE, GHSA, ...)");
  open->add_option("--incident", o->incident, "Description of a severe incident");
  open->add_option("--aware-at", o->aware_at,
                   "When the manufacturer became aware (RFC 3339; default now)");
  open->add_option("--source", o->source, "Evidence of exploitation (default: user)")
      ->capture_default_str();
  open->add_option("--by", o->by, "Who opens it (default: $USER)");
  open->add_option("--severe-answers", o->severe_answers,
                   "Article 14(5) answers: affects-security,sensitive-data,malicious-code,unlawful "
                   "(yes|no|unknown each)");
  open->add_option("--affects-security", o->affects_security,
                   "DEF.44: affects the product's security? yes|no|unknown");
  open->add_option("--sensitive-data", o->sensitive_data,
                   "A14.5(a): sensitive or important data or functions affected? yes|no|unknown");
  open->add_option("--malicious-code", o->malicious_code,
                   "A14.5(b): malicious code introduced or executed? yes|no|unknown");
  open->add_option("--unlawful", o->unlawful,
                   "Suspected unlawful or malicious act? yes|no|unknown");
  open->callback([&ctx, o] { ctx.exit_code = run_case_open(ctx, *o); });
  auto* confirm = cs->add_subcommand(
      "confirm", "Confirm a proposed case (the clocks already run from awareness)");
  confirm->add_option("id", o->id, "Case id")->required();
  confirm->add_option("--by", o->by, "Who confirms")->required();
  confirm->callback([&ctx, o] {
    ctx.exit_code = run_transition(ctx, o->id, [&](portfolio::CraStore& cra) {
      return service::confirm_case(cra, o->id, o->by, system_clock());
    });
  });
  auto* dismiss = cs->add_subcommand(
      "dismiss", "Dismiss a case with a reason (e.g. \"not exploitable in the product\")");
  dismiss->add_option("id", o->id, "Case id")->required();
  dismiss->add_option("--reason", o->reason, "Why it is not reportable")->required();
  dismiss->add_option("--by", o->by, "Who dismisses")->required();
  dismiss->callback([&ctx, o] {
    ctx.exit_code = run_transition(ctx, o->id, [&](portfolio::CraStore& cra) {
      return service::dismiss_case(cra, o->id, o->by, o->reason, system_clock());
    });
  });
  auto* fix = cs->add_subcommand("fix",
                                 "Record that a corrective or mitigating measure is available "
                                 "(starts the 14-day final report clock)");
  fix->add_option("id", o->id, "Case id")->required();
  fix->add_option("--at", o->at, "When it became available (RFC 3339; default now)");
  fix->add_option("--description", o->description, "What the measure is")->required();
  fix->add_option("--by", o->by, "Who records it (default: $USER)");
  fix->callback([&ctx, o] { ctx.exit_code = run_case_fix(ctx, *o); });
  auto* submit = cs->add_subcommand("submit", "Record the submission of a report stage");
  submit->add_option("id", o->id, "Case id")->required();
  submit->add_option("stage", o->stage, "early-warning, notification or final-report")->required();
  submit->add_option("--reference", o->reference, "Submission reference of the reporting platform")
      ->required();
  submit->add_option("--at", o->at, "When it was submitted (RFC 3339; default now)");
  submit->add_option("--by", o->by, "Who submitted it")->required();
  submit->callback([&ctx, o] { ctx.exit_code = run_case_submit(ctx, *o); });
  auto* close = cs->add_subcommand("close", "Close a case once the final report is submitted");
  close->add_option("id", o->id, "Case id")->required();
  close->add_option("--by", o->by, "Who closes it (default: $USER)");
  close->callback([&ctx, o] {
    ctx.exit_code = run_transition(ctx, o->id, [&](portfolio::CraStore& cra) {
      return service::close_case(cra, o->id, actor_or_user(o->by), system_clock());
    });
  });
  auto* show = cs->add_subcommand("show", "Show a case with its clocks and audit trail");
  show->add_option("id", o->id, "Case id")->required();
  show->add_option("-f,--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  show->callback([&ctx, o] { ctx.exit_code = run_case_show(ctx, *o); });
  auto* list = cs->add_subcommand("list", "List the cases");
  list->add_option("--product", o->product, "Only this product");
  list->add_option("-f,--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  list->callback([&ctx, o] { ctx.exit_code = run_case_list(ctx, *o); });
}

}  // namespace bulwark::cli
