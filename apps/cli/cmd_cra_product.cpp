// bulwark cra support [notice] | classify | checklist [set] | docs: parse, call the service
// (service/cra_product.hpp, service/cra_docs.hpp), render.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "bulwark/core/text.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/service/cra_docs.hpp"
#include "bulwark/service/cra_json.hpp"
#include "bulwark/service/cra_product.hpp"
#include "cmd_cra.hpp"
#include "common.hpp"

namespace bulwark::cli {
namespace {

std::string date_of(TimePoint t) { return format_rfc3339(t).substr(0, 10); }

// ---- support periods ----

struct SupportOptions {
  std::string product, format = "table", spec;
};

int run_support(Context& ctx, const SupportOptions& o) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto s = service::support_report(*env->store, o.product, system_clock());
  if (failed(ctx, s)) return ctx.exit_code;
  if (o.format == "json") {
    std::cout << service::support_json(*s) << "\n";
  } else {
    fmt::print("{:<20} {:<10} {:<11} {:<11} {:<12} {:<11} {}\n", "PRODUCT", "RELEASE", "START",
               "END", "STATUS", "RETAIN", "RATIONALE");
    for (const auto& r : s->rows) {
      fmt::print("{:<20} {:<10} {:<11} {:<11} {:<12} {:<11} {}\n", r.product, r.release.version,
                 date_of(r.period.start), date_of(r.period.end), cra::to_string(r.status),
                 date_of(r.retain), r.period.rationale.empty() ? "-" : r.period.rationale);
      for (const auto& w : r.warnings) fmt::print("  warning: {}\n", w);
    }
  }
  if (s->warnings) fmt::print(stderr, "{} support warning(s)\n", s->warnings);
  return 0;
}

int run_support_notice(Context& ctx, const SupportOptions& o) {
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto text = service::end_of_support_notice(*env->store, o.spec, system_clock());
  if (failed(ctx, text)) return ctx.exit_code;
  std::cout << *text;
  return 0;
}

// ---- classification ----

struct ClassifyOptions {
  std::string product, item, cvd_policy, address;
  std::vector<std::string> member_states;
  bool harmonised = false, no_harmonised = false, list = false;
};

int run_classify_list() {
  fmt::print("{:<11} {:<19} {}\n", "ITEM", "CATEGORY", "TITLE");
  for (const auto& it : cra::category_items())
    fmt::print("{:<11} {:<19} {}\n", it.id, cra::to_string(it.category), it.title);
  return 0;
}

int run_classify(Context& ctx, const ClassifyOptions& o) {
  if (o.list) return run_classify_list();
  if (o.product.empty()) return cra_usage(ctx, "cra classify needs PRODUCT (or --list)");
  service::ClassifyRequest req;
  req.product = o.product;
  if (!o.item.empty()) req.item = o.item;
  if (o.no_harmonised)
    req.harmonised = false;
  else if (o.harmonised)
    req.harmonised = true;
  req.member_states = o.member_states;
  req.cvd_policy_url = o.cvd_policy;
  req.manufacturer_address = o.address;
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto c = service::classify(*env->store, *env->cra, req, system_clock());
  if (failed(ctx, c)) return ctx.exit_code;
  const auto& f = c->facts;
  fmt::print(
      "product:      {}\ncategory:     {}{}\nharmonised:   {}\nmember states: {}\ncvd policy:   "
      "{}\naddress:      {}\n",
      c->product.name, cra::to_string(c->category),
      c->item ? fmt::format(" ({}: {})", c->item->id, c->item->title) : "",
      f.harmonised_standard_applied ? "applied in full" : "not applied in full",
      f.member_states.empty() ? "-" : join(f.member_states),
      f.cvd_policy_url.empty() ? "-" : f.cvd_policy_url,
      f.manufacturer_address.empty() ? "-" : f.manufacturer_address);
  fmt::print("conformity assessment routes (Article 32):\n");
  for (const auto& r : c->routes)
    fmt::print("  {:<16} {} [{}]: {}\n", r.id, r.name, r.legal_basis, r.explanation);
  if (c->class_differs)
    fmt::print(stderr,
               "warning: the product's CRA class '{}' (product add --class) differs from {} ({})\n",
               c->product.cra_class, c->item->id, cra::to_string(c->category));
  return 0;
}

// ---- Annex I checklist ----

struct ChecklistOptions {
  std::string product, format = "table", id, status, owner, justification;
  bool not_applicable = false, applicable = false;
  std::vector<std::string> evidence;
};

int run_checklist(Context& ctx, const ChecklistOptions& o) {
  auto env = open_cra_env(ctx, true);
  if (failed(ctx, env)) return ctx.exit_code;
  auto c = service::checklist(*env->store, *env->cra, *env->vulns, o.product, system_clock(),
                              env->risk.get(), env->exposure.get());
  if (failed(ctx, c)) return ctx.exit_code;
  if (o.format == "json") {
    std::cout << service::checklist_json(*c) << "\n";
    return 0;
  }
  fmt::print("risk assessment: {}\n\n",
             c->assessment.empty() ? "none approved (bulwark risk import / review / approve)"
                                   : c->assessment);
  fmt::print("{:<9} {:<12} {:<10} {:<16} {:>8}  {}\n", "ITEM", "STATUS", "APPLIES", "OWNER",
             "EVIDENCE", "TITLE");
  for (const auto& it : c->items) {
    auto cat = cra::find_catalogue_item(it.id);
    fmt::print("{:<9} {:<12} {:<10} {:<16} {:>8}  {}\n", it.id, cra::to_string(it.status),
               it.applicable ? "yes" : "no", it.owner.empty() ? "-" : it.owner, it.evidence.size(),
               cat ? cat->title : "");
    if (it.id.starts_with("AI.P1.2") && !it.justification.empty())
      fmt::print("{:<9} {}\n", "", it.justification);
  }
  fmt::print("\nautomatic evidence:\n");
  for (const auto& h : c->hooks) {
    fmt::print("  {:<9} {:<8} {}\n", h.id, cra::to_string(h.status), h.summary);
    for (const auto& pr : h.problems) fmt::print("            - {}\n", pr);
  }
  if (!c->releases.empty()) {
    fmt::print("\neach release judged on its own facts (AI.P1.2a):\n");
    for (const auto& r : c->releases)
      fmt::print("  {:<10} {:<11} {:<8} {}\n", r.release,
                 r.released_at.empty() ? "-" : r.released_at.substr(0, 10),
                 cra::to_string(r.status), r.summary);
  }
  return 0;
}

int run_checklist_set(Context& ctx, const ChecklistOptions& o) {
  service::ChecklistUpdate up;
  up.product = o.product;
  up.item = o.id;
  if (!o.status.empty()) up.status = o.status;
  up.owner = o.owner;
  if (o.applicable)
    up.applicable = true;
  else if (o.not_applicable)
    up.applicable = false;
  up.justification = o.justification;
  for (const auto& e : o.evidence) {
    auto link = service::parse_evidence_link(e);
    if (failed(ctx, link)) return ctx.exit_code;
    up.evidence.push_back(*link);
  }
  auto env = open_cra_env(ctx, false);
  if (failed(ctx, env)) return ctx.exit_code;
  auto saved = service::set_checklist_item(*env->store, *env->cra, up, system_clock());
  if (failed(ctx, saved)) return ctx.exit_code;
  const auto& it = saved->item;
  fmt::print("{} {}: {}, {}{}{}\n", saved->product.name, it.id, cra::to_string(it.status),
             it.applicable ? "applicable" : "not applicable (" + it.justification + ")",
             it.owner.empty() ? "" : ", owner " + it.owner,
             fmt::format(", {} evidence link(s)", it.evidence.size()));
  return 0;
}

// ---- documents and evidence bundle ----

struct DocsOptions {
  std::string spec, dir, format = "both", bundle;
};

int run_docs(Context& ctx, const DocsOptions& o) {
  auto env = open_cra_env(ctx, true);
  if (failed(ctx, env)) return ctx.exit_code;
  service::DocsRequest req;
  req.target = o.spec;
  req.markdown = o.format != "html";
  req.html = o.format != "md";
  const std::string location = database_path(ctx);
  req.database_name = pg::is_url(location) ? pg::redacted(location)
                                           : std::filesystem::path(location).filename().string();
  req.tool_version = BULWARK_VERSION;
  auto w = service::write_docs(*env->store, *env->cra, *env->vulns, req, o.dir, o.bundle,
                               system_clock(), env->risk.get(), env->exposure.get());
  if (failed(ctx, w)) return ctx.exit_code;
  for (const auto& [name, gaps] : w->documents)
    fmt::print("{}/{}: {} gap(s) to complete\n", o.dir, name, gaps);
  fmt::print("{}: evidence bundle ({} files + manifest.json)\n", w->bundle_path, w->bundle_files);
  return 0;
}

}  // namespace

void add_cra_product_commands(CLI::App& cra, Context& ctx) {
  auto s = std::make_shared<SupportOptions>();
  auto* sup = cra.add_subcommand(
      "support", "Support periods of the releases: end, status, rationale, update retention");
  sup->add_option("--product", s->product, "Only this product");
  sup->add_option("-f,--format", s->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  auto* notice = sup->add_subcommand(
      "notice", "Print the end-of-support notice of a release (Article 13(19))");
  notice->add_option("target", s->spec, "PRODUCT@VERSION")->required();
  notice->callback([&ctx, s] { ctx.exit_code = run_support_notice(ctx, *s); });
  sup->callback([&ctx, s, notice] {
    if (!notice->parsed()) ctx.exit_code = run_support(ctx, *s);
  });

  auto c = std::make_shared<ClassifyOptions>();
  auto* cl = cra.add_subcommand(
      "classify", "Record the product category (Annex III/IV) and show the conformity routes");
  cl->add_option("product", c->product, "PRODUCT");
  cl->add_option("--item", c->item,
                 "Annex III/IV item, e.g. AIII.C1.2 (default: the default category)");
  cl->add_flag("--harmonised", c->harmonised,
               "Harmonised standards (or common specifications, a certification scheme) applied "
               "in full");
  cl->add_flag("--no-harmonised", c->no_harmonised, "Not applied in full");
  cl->add_option("--member-state", c->member_states,
                 "Member States where the product is made available (AT, DE, ...)");
  cl->add_option("--cvd-policy", c->cvd_policy,
                 "https URL of the coordinated vulnerability disclosure policy");
  cl->add_option("--address", c->address, "Manufacturer's postal address");
  cl->add_flag("--list", c->list, "List the Annex III and IV items");
  cl->callback([&ctx, c] { ctx.exit_code = run_classify(ctx, *c); });

  auto k = std::make_shared<ChecklistOptions>();
  auto* ck = cra.add_subcommand("checklist",
                                "The Annex I checklist of a product, with automatic evidence");
  ck->add_option("product", k->product,
                 "PRODUCT (every release) or PRODUCT@VERSION (that release alone)")
      ->required();
  ck->add_option("-f,--format", k->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  auto* set = ck->add_subcommand("set", "Update one checklist item");
  set->add_option("id", k->id, "Item id, e.g. AI.P2.3")->required();
  set->add_option("--status", k->status, "open, in_progress, met or not_met");
  set->add_option("--owner", k->owner, "Owner");
  set->add_flag("--not-applicable", k->not_applicable, "Not applicable (needs --justification)");
  set->add_flag("--applicable", k->applicable, "Applicable again");
  set->add_option("--justification", k->justification, "Why it does not apply");
  set->add_option("--evidence", k->evidence, "Evidence link KIND:URI:DESCRIPTION (repeatable)");
  set->callback([&ctx, k] { ctx.exit_code = run_checklist_set(ctx, *k); });
  ck->callback([&ctx, k, set] {
    if (!set->parsed()) ctx.exit_code = run_checklist(ctx, *k);
  });

  auto dc = std::make_shared<DocsOptions>();
  auto* docs = cra.add_subcommand(
      "docs", "Generate Annex VII, V, VI and II documents and the evidence bundle of a release");
  docs->add_option("target", dc->spec, "PRODUCT@VERSION")->required();
  docs->add_option("-o,--output", dc->dir, "Output directory")->required();
  docs->add_option("--format", dc->format, "md, html or both")
      ->check(CLI::IsMember({"md", "html", "both"}))
      ->capture_default_str();
  docs->add_option("--bundle", dc->bundle, "Evidence zip path (default: OUTPUT/evidence.zip)");
  docs->callback([&ctx, dc] { ctx.exit_code = run_docs(ctx, *dc); });
}

}  // namespace bulwark::cli
