// bulwark cra deadlines | draft: parse, call the service (service/cra_cases.hpp,
// service/cra_reports.hpp), render.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "bulwark/core/text.hpp"
#include "bulwark/service/cra_cases.hpp"
#include "bulwark/service/cra_common.hpp"
#include "bulwark/service/cra_json.hpp"
#include "bulwark/service/cra_reports.hpp"
#include "cmd_cra.hpp"
#include "common.hpp"

namespace bulwark::cli {
namespace {

struct DeadlineOptions {
  std::string product, format = "table";
};

int run_deadlines(Context& ctx, const DeadlineOptions& o) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto d = service::deadlines(*env->store, *env->cra, o.product, system_clock());
  if (failed(ctx, d)) return ctx.exit_code;
  if (o.format == "json") {
    std::cout << service::deadlines_json(*d) << "\n";
  } else {
    fmt::print("now {}\n{:<21} {:<15} {:<15} {:<11} {:<15} {:<20} {}\n", format_rfc3339(d->now),
               "DUE", "STATE", "CASE", "STAGE ID", "STAGE", "PRODUCT", "SUBJECT");
    for (const auto& r : d->rows) {
      const auto& c = d->case_of(r);
      fmt::print("{:<21} {:<15} {:<15} {:<11} {:<15} {:<20} {}{}\n",
                 r.clock.due ? format_rfc3339(*r.clock.due) : "(not started)",
                 cra::to_string(r.clock.state), c.id, r.clock.id, cra::to_string(r.clock.stage),
                 c.product, service::case_subject(c),
                 c.status == cra::CaseStatus::kProposed ? " [awaiting confirmation]" : "");
    }
  }
  if (d->overdue > 0) {
    fmt::print(stderr, "bulwark: {} Article 14 deadline(s) overdue\n", d->overdue);
    return 1;
  }
  return 0;
}

struct DraftOptions {
  std::string id, stage = "all", dir, url;
  bool user_notice = false;
};

int run_draft(Context& ctx, const DraftOptions& o) {
  service::DraftRequest req;
  req.case_id = o.id;
  req.user_notice = o.user_notice;
  req.url = o.url;
  if (o.stage != "all") {
    auto s = service::parse_stage(o.stage);
    if (!s)
      return cra_usage(
          ctx,
          fmt::format("--stage '{}': expected early-warning, notification, final-report or all",
                      o.stage));
    req.stages.push_back(*s);
  }
  auto env = open_cra_env(ctx, true);
  if (failed(ctx, env)) return ctx.exit_code;
  auto written =
      service::write_drafts(*env->store, *env->cra, *env->vulns, req, o.dir, system_clock());
  if (failed(ctx, written)) return ctx.exit_code;
  for (const auto& d : written->drafts)
    fmt::print("{}.md/.json: {} ({} gap(s) to complete)\n", d.base, d.title, d.gaps);
  if (!written->user_notice_path.empty())
    fmt::print("{}: Article 14(8) user notice (CSAF advisory)\n", written->user_notice_path);
  return 0;
}

}  // namespace

void add_cra_reporting_commands(CLI::App& cra, Context& ctx) {
  auto d = std::make_shared<DeadlineOptions>();
  auto* dl = cra.add_subcommand(
      "deadlines",
      "Every reporting deadline of open cases, sorted by due time (exit 1 when one is overdue)");
  dl->add_option("-f,--format", d->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  dl->add_option("--product", d->product, "Only this product");
  dl->callback([&ctx, d] { ctx.exit_code = run_deadlines(ctx, *d); });

  auto r = std::make_shared<DraftOptions>();
  auto* dr =
      cra.add_subcommand("draft", "Write report drafts (Markdown and JSON) for a case's stages");
  dr->add_option("id", r->id, "Case id")->required();
  dr->add_option("--stage", r->stage, "early-warning, notification, final-report or all")
      ->capture_default_str();
  dr->add_option("-o,--output", r->dir, "Output directory")->required();
  dr->add_flag("--user-notice", r->user_notice,
               "Also write the Article 14(8) user notice as a CSAF advisory");
  dr->add_option("--url", r->url,
                 "Download URL of the fixed release (user notice remediation; default: the "
                 "product website)");
  dr->callback([&ctx, r] { ctx.exit_code = run_draft(ctx, *r); });
}

}  // namespace bulwark::cli
