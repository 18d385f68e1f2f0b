// bulwark product add|list|show|where-used and bulwark release add: parse, call the service layer
// (service/products.hpp, service/releases.hpp), render.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/service/exposure.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/releases.hpp"
#include "bulwark/vulndb/store.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace bulwark::cli {
namespace {

struct ProductOptions {
  service::ProductInput product;
  std::string spec;
  std::string format = "table";
};

struct ReleaseOptions {
  std::string product, version;
  service::ReleaseInput input;
  std::string exposure, exposure_manifest;  // --exposure TARGET|REPORT, --exposure-manifest FILE
};

int run_product_add(Context& ctx, const ProductOptions& o) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto p = service::add_product(**store, o.product, system_clock());
  if (failed(ctx, p)) return ctx.exit_code;
  fmt::print("product {} added (CRA class {}, support {} years)\n", p->name, p->cra_class,
             p->support_years);
  return 0;
}

int run_product_list(Context& ctx, const ProductOptions& o) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto list = service::list_products(**store);
  if (failed(ctx, list)) return ctx.exit_code;
  if (o.format == "json") {
    std::cout << service::product_list_json(*list);
    return 0;
  }
  fmt::print("{:<24} {:<20} {:<12} {}\n", "PRODUCT", "VENDOR", "CRA CLASS", "RELEASES");
  for (const auto& p : list->products) {
    auto it = list->versions.find(p.id);
    const std::string rel = it == list->versions.end() ? std::string() : join(it->second);
    fmt::print("{:<24} {:<20} {:<12} {}\n", p.name, p.vendor, p.cra_class, rel.empty() ? "-" : rel);
  }
  return 0;
}

int run_product_show(Context& ctx, const ProductOptions& o) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto d = service::show_product(**store, o.spec, system_clock());
  if (failed(ctx, d)) return ctx.exit_code;
  if (o.format == "json") {
    std::cout << service::product_details_json(*d);
    return 0;
  }
  const auto& p = d->product;
  fmt::print(
      "product:   {}\nvendor:    {}\nCRA class: {}\ncontact:   {}\nwebsite:   {}\nsupport:   {} "
      "years\n",
      p.name, p.vendor, p.cra_class, p.security_contact, p.website, p.support_years);
  fmt::print("analyses:  {}\n\n{:<16} {:<12} {:<12} {:<12} {:>10} {:>8}  {}\n", d->analyses,
             "RELEASE", "RELEASED", "SUPPORT END", "SUPPORT", "COMPONENTS", "FINDINGS", "SBOM");
  for (const auto& s : d->releases)
    fmt::print("{:<16} {:<12} {:<12} {:<12} {:>10} {:>8}  {}\n", s.release.version,
               s.release.released_at.substr(0, 10), s.support.end,
               s.support.status.empty() ? "-" : s.support.status, s.release.components,
               s.open_findings, s.release.sbom_name);
  return 0;
}

int run_release_add(Context& ctx, ReleaseOptions& o) {
  if (o.input.sbom_path.empty() == o.input.target.empty()) {
    report_error(ctx, Error{ErrorCode::kUsage,
                            "release add needs exactly one of --sbom FILE and --target PATH"});
    return ctx.exit_code;
  }
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto vulns = open_vulndb(ctx);
  if (failed(ctx, vulns)) return ctx.exit_code;
  o.input.tool_version = BULWARK_VERSION;
  // The exposure result is made before the release is added, so that a bad target adds nothing.
  std::optional<exposure::Report> exposed;
  std::unique_ptr<portfolio::ExposureStore> xs;
  if (!o.exposure.empty()) {
    auto x = portfolio::ExposureStore::open(database_path(ctx));
    if (failed(ctx, x)) return ctx.exit_code;
    xs = std::move(*x);
    service::ExposureRequest rq;
    rq.target = o.exposure;
    rq.manifest = o.exposure_manifest;
    auto rep = service::exposure_report(rq, system_clock());
    if (failed(ctx, rep)) return ctx.exit_code;
    exposed = std::move(*rep);
  }
  // The product's risk policy and the release's assessment decide the priorities from the first
  // match on, as at every later monitor (service/reach.hpp).
  auto risk = portfolio::RiskStore::open(database_path(ctx));
  if (failed(ctx, risk)) return ctx.exit_code;
  auto progress = progress_reporter(ctx);
  service::ReleaseInput input = o.input;
  input.progress = &progress;
  input.risk = risk->get();
  auto added =
      service::add_release(**store, vulns->get(), o.product, o.version, input, system_clock());
  progress.clear();
  if (failed(ctx, added)) return ctx.exit_code;
  fmt::print("release {}@{} added: {} components from {}; {}\n", added->release.product, o.version,
             added->release.components, added->release.sbom_name,
             added->matched ? fmt::format("{} open findings", added->findings)
                            : std::string("not matched (the vulnerability database is empty)"));
  if (exposed) {
    auto rec = service::record_exposure(**store, *xs, added->release.product + "@" + o.version,
                                        *exposed, system_clock());
    if (failed(ctx, rec)) return ctx.exit_code;
    fmt::print("exposure result {} stored for {}@{}: {} fail ({} waived), {} pass\n", rec->run.seq,
               rec->product, rec->release, exposed->summary.fail, exposed->summary.waived,
               exposed->summary.pass);
  }
  return 0;
}

int run_where_used(Context& ctx, const service::WhereUsedRequest& rq, const std::string& format) {
  auto store = open_portfolio(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto used = service::where_used(**store, rq);
  if (failed(ctx, used)) return ctx.exit_code;
  if (format == "json") {
    std::string out = "[";
    for (std::size_t i = 0; i < used->size(); ++i) {
      const auto& u = (*used)[i];
      out += i ? ",\n " : "";
      out += "{\"product\":";
      append_json_string(out, u.product);
      out += ",\"release\":";
      append_json_string(out, u.release_version);
      out += ",\"name\":";
      append_json_string(out, u.component.name);
      out += ",\"version\":";
      append_json_string(out, u.component.version);
      out += ",\"purl\":";
      append_json_string(out, u.component.purl);
      out += "}";
    }
    std::cout << out << "]\n";
    return 0;
  }
  fmt::print("{:<24} {:<16} {:<24} {:<20} {}\n", "PRODUCT", "RELEASE", "COMPONENT", "VERSION",
             "PURL");
  for (const auto& u : *used)
    fmt::print("{:<24} {:<16} {:<24} {:<20} {}\n", u.product, u.release_version, u.component.name,
               u.component.version, u.component.purl);
  fmt::print("{} release(s)\n", used->size());
  return 0;
}

}  // namespace

void add_product_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ProductOptions>();
  auto* cmd = app.add_subcommand("product",
                                 "Products of the portfolio (CRA: the products with digital "
                                 "elements you place on the market)");
  cmd->require_subcommand(1);
  auto* add = cmd->add_subcommand("add", "Add a product");
  add->add_option("name", o->product.name, "Product name (unique key)")->required();
  add->add_option("--vendor", o->product.vendor, "Manufacturer");
  add->add_option("--class", o->product.cra_class,
                  "CRA class: default, important-1, important-2, critical")
      ->capture_default_str();
  add->add_option("--contact", o->product.security_contact,
                  "Vulnerability contact: e-mail, mailto: or https:// URL");
  add->add_option("--website", o->product.website,
                  "Manufacturer's https:// URL (CSAF publisher namespace)");
  add->add_option("--support-years", o->product.support_years, "Declared support period in years")
      ->check(CLI::Range(1, 50))
      ->capture_default_str();
  add->add_option("--description", o->product.description, "Intended purpose, in one sentence");
  add->callback([&ctx, o] { ctx.exit_code = run_product_add(ctx, *o); });
  auto* list = cmd->add_subcommand("list", "List the products and their releases");
  list->add_option("-f,--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  list->callback([&ctx, o] { ctx.exit_code = run_product_list(ctx, *o); });
  auto* show = cmd->add_subcommand(
      "show", "Show a product with its releases, support periods and open findings");
  show->add_option("product", o->spec, "PRODUCT")->required();
  show->add_option("-f,--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  show->callback([&ctx, o] { ctx.exit_code = run_product_show(ctx, *o); });
  auto wu = std::make_shared<service::WhereUsedRequest>();
  auto* where = cmd->add_subcommand(
      "where-used", "Which releases ship a component (e.g. pkg:deb/debian/openssl below 3.0.13)");
  where->add_option("component", wu->component, "A purl (its version is ignored) or a name")
      ->required();
  where->add_option("--versions", wu->versions,
                    "Only versions inside these constraints, e.g. \"<3.0.13\" or \">=1.0,<2.0\"");
  where->add_option("-f,--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  where->callback([&ctx, o, wu] { ctx.exit_code = run_where_used(ctx, *wu, o->format); });

  auto r = std::make_shared<ReleaseOptions>();
  auto* rel = app.add_subcommand("release", "Releases (product versions) with their SBOMs");
  rel->require_subcommand(1);
  auto* radd = rel->add_subcommand(
      "add", "Add a release from an SBOM or by inventorying a target, and match it");
  radd->add_option("product", r->product, "PRODUCT")->required();
  radd->add_option("version", r->version, "VERSION")->required();
  radd->add_option("--sbom", r->input.sbom_path, "SBOM file (CycloneDX or SPDX)");
  radd->add_option("--target", r->input.target,
                   "Directory, archive, image or lockfile to inventory");
  radd->add_option("--exposure", r->exposure,
                   "Store the minimal-exposure result of this target (or of a saved `bulwark "
                   "exposure -f json` report) for the release");
  radd->add_option("--exposure-manifest", r->exposure_manifest,
                   "Interface manifest applied to the --exposure result");
  radd->add_option("--released", r->input.released_at, "Release date (YYYY-MM-DD or RFC 3339)");
  radd->add_option("--support-end", r->input.support_end, "End of the support period (YYYY-MM-DD)");
  radd->add_option("--support-rationale", r->input.support_rationale,
                   "Why the support period is under five years");
  radd->callback([&ctx, r] { ctx.exit_code = run_release_add(ctx, *r); });
}

}  // namespace bulwark::cli
