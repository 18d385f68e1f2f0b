// bulwark product add|list|show and bulwark release add|list: the portfolio of products and
// their released versions, each with its SBOM.
#include <CLI/CLI.hpp>
#include <chrono>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "bulwark/core/clock.hpp"
#include "bulwark/cra/lifecycle.hpp"
#include "bulwark/portfolio/service.hpp"
#include "bulwark/vulndb/store.hpp"
#include "common.hpp"
#include "commands.hpp"

namespace bulwark::cli {
namespace {

struct ProductOptions {
  portfolio::Product product;
  std::string spec;
  std::string format = "table";
};

struct ReleaseOptions {
  std::string product, version, format = "table";
  portfolio::ReleaseInput input;
};

nlohmann::ordered_json product_json(const portfolio::Product& p) {
  return {{"name", p.name},           {"vendor", p.vendor},   {"cra_class", p.cra_class},
          {"security_contact", p.security_contact}, {"website", p.website}, {"support_years", p.support_years},
          {"description", p.description}, {"created_at", p.created_at}};
}

// The end of support: as given, else the release date plus the product's support years.
std::string support_end_of(const portfolio::Product& p, const portfolio::Release& r) {
  if (!r.support_end.empty()) return r.support_end;
  if (r.released_at.size() < 10) return {};
  int y = std::atoi(r.released_at.substr(0, 4).c_str()) + p.support_years;
  return fmt::format("{:04}{}", y, r.released_at.substr(4, 6));
}

// supported / ending_soon (within 180 days) / ended (CRA Art. 13(8)), "" when the dates are unknown.
std::string support_status_of(const portfolio::Product& p, const portfolio::Release& r) {
  const std::string end = support_end_of(p, r);
  if (end.size() < 10 || r.released_at.size() < 10) return {};
  auto from = parse_rfc3339(r.released_at.substr(0, 10) + "T00:00:00Z");
  auto to = parse_rfc3339(end.substr(0, 10) + "T00:00:00Z");
  auto now = bulwark::now();
  if (!from || !to || !now) return {};
  cra::SupportPeriod period{p.name, r.version, *from, *to, r.support_rationale};
  return std::string(cra::to_string(cra::support_status(period, *now)));
}

nlohmann::ordered_json release_json(const portfolio::Product& p, const portfolio::Release& r) {
  return {{"support_status", support_status_of(p, r)}, {"product", r.product},       {"version", r.version},         {"released_at", r.released_at},
          {"support_end", support_end_of(p, r)}, {"support_rationale", r.support_rationale},
          {"sbom", {{"name", r.sbom_name}, {"format", r.sbom_format}, {"sha256", r.sbom_sha256}}},
          {"components", r.components}, {"created_at", r.created_at}};
}

// CRA Art. 13(8): a support period under five years needs a rationale.
Result<void> check_support(const portfolio::Product& p, const portfolio::Release& r) {
  const std::string end = support_end_of(p, r);
  if (end.empty() || r.released_at.size() < 10) return {};
  auto from = parse_rfc3339(r.released_at.size() == 10 ? r.released_at + "T00:00:00Z" : r.released_at);
  auto to = parse_rfc3339(end.size() == 10 ? end + "T00:00:00Z" : end);
  if (!from) return std::unexpected(std::move(from.error()).with_context("--released"));
  if (!to) return std::unexpected(std::move(to.error()).with_context("--support-end"));
  if (*to < *from) return invalid_input("--support-end is before --released");
  const auto days = std::chrono::duration_cast<std::chrono::days>(*to - *from).count();
  if (days < 5 * 365 && r.support_rationale.empty())
    return invalid_input(fmt::format("the support period {} .. {} is under five years: give the reason with "
                                     "--support-rationale (CRA Article 13(8), A13.8)", r.released_at.substr(0, 10), end));
  return {};
}

int run_product_add(Context& ctx, ProductOptions& o) {
  if (!portfolio::valid_cra_class(o.product.cra_class)) {
    report_error(ctx, Error{ErrorCode::kUsage, "--class: expected default, important-1, important-2 or critical"});
    return ctx.exit_code;
  }
  if (!o.product.website.empty() && !o.product.website.starts_with("https://")) {
    report_error(ctx, Error{ErrorCode::kUsage, "--website must be an https:// URL"});
    return ctx.exit_code;
  }
  if (!o.product.security_contact.empty() && !o.product.security_contact.starts_with("mailto:") &&
      !o.product.security_contact.starts_with("https://")) {
    if (o.product.security_contact.find('@') != std::string::npos) o.product.security_contact = "mailto:" + o.product.security_contact;
    else {
      report_error(ctx, Error{ErrorCode::kUsage, "--contact must be an e-mail address, mailto: or https:// URL"});
      return ctx.exit_code;
    }
  }
  auto now = now_rfc3339();
  auto store = open_portfolio(ctx);
  if (!now || !store) {
    report_error(ctx, !now ? now.error() : store.error());
    return ctx.exit_code;
  }
  o.product.created_at = *now;
  auto p = (*store)->add_product(o.product);
  if (!p) {
    report_error(ctx, p.error());
    return ctx.exit_code;
  }
  fmt::print("product {} added (CRA class {}, support {} years)\n", p->name, p->cra_class, p->support_years);
  return 0;
}

int run_product_list(Context& ctx, const ProductOptions& o) {
  auto store = open_portfolio(ctx);
  if (!store) {
    report_error(ctx, store.error());
    return ctx.exit_code;
  }
  auto products = (*store)->products();
  auto releases = (*store)->releases(0);
  if (!products || !releases) {
    report_error(ctx, !products ? products.error() : releases.error());
    return ctx.exit_code;
  }
  std::map<std::int64_t, std::vector<std::string>> versions;
  for (const auto& r : *releases) versions[r.product_id].push_back(r.version);
  if (o.format == "json") {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& p : *products) {
      auto j = product_json(p);
      j["releases"] = versions[p.id];
      arr.push_back(std::move(j));
    }
    std::cout << arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return 0;
  }
  fmt::print("{:<24} {:<20} {:<12} {}\n", "PRODUCT", "VENDOR", "CRA CLASS", "RELEASES");
  for (const auto& p : *products) {
    std::string rel;
    for (const auto& v : versions[p.id]) rel += (rel.empty() ? "" : ", ") + v;
    fmt::print("{:<24} {:<20} {:<12} {}\n", p.name, p.vendor, p.cra_class, rel.empty() ? "-" : rel);
  }
  return 0;
}

int run_product_show(Context& ctx, const ProductOptions& o) {
  auto store = open_portfolio(ctx);
  if (!store) {
    report_error(ctx, store.error());
    return ctx.exit_code;
  }
  auto t = portfolio::resolve_target(**store, o.spec, false);
  if (!t) {
    report_error(ctx, t.error());
    return ctx.exit_code;
  }
  auto releases = (*store)->releases(t->product.id);
  auto analyses = (*store)->analyses(t->product.id);
  if (!releases || !analyses) {
    report_error(ctx, !releases ? releases.error() : analyses.error());
    return ctx.exit_code;
  }
  auto j = product_json(t->product);
  auto rels = nlohmann::ordered_json::array();
  for (const auto& r : *releases) {
    auto rj = release_json(t->product, r);
    auto f = (*store)->findings(r.id, false);
    if (!f) {
      report_error(ctx, f.error());
      return ctx.exit_code;
    }
    std::map<std::string, int> by_prio;
    for (const auto& x : *f) ++by_prio[x.priority];
    rj["open_findings"] = f->size();
    rj["by_priority"] = by_prio;
    rels.push_back(std::move(rj));
  }
  j["releases"] = rels;
  j["analyses"] = analyses->size();
  if (o.format == "json") {
    std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return 0;
  }
  const auto& p = t->product;
  fmt::print("product:   {}\nvendor:    {}\nCRA class: {}\ncontact:   {}\nwebsite:   {}\nsupport:   {} years\n", p.name,
             p.vendor, p.cra_class, p.security_contact, p.website, p.support_years);
  fmt::print("analyses:  {}\n\n{:<16} {:<12} {:<12} {:<12} {:>10} {:>8}  {}\n", analyses->size(), "RELEASE", "RELEASED",
             "SUPPORT END", "SUPPORT", "COMPONENTS", "FINDINGS", "SBOM");
  for (const auto& r : rels)
    fmt::print("{:<16} {:<12} {:<12} {:<12} {:>10} {:>8}  {}\n", r["version"].get<std::string>(),
               r["released_at"].get<std::string>().substr(0, 10), r["support_end"].get<std::string>(),
               r["support_status"].get<std::string>().empty() ? "-" : r["support_status"].get<std::string>(),
               r["components"].get<std::size_t>(), r["open_findings"].get<std::size_t>(),
               r["sbom"]["name"].get<std::string>());
  return 0;
}

int run_release_add(Context& ctx, ReleaseOptions& o) {
  if (o.input.sbom_path.empty() == o.input.target.empty()) {
    report_error(ctx, Error{ErrorCode::kUsage, "release add needs exactly one of --sbom FILE and --target PATH"});
    return ctx.exit_code;
  }
  auto now = now_rfc3339();
  auto store = open_portfolio(ctx);
  if (!now || !store) {
    report_error(ctx, !now ? now.error() : store.error());
    return ctx.exit_code;
  }
  auto t = portfolio::resolve_target(**store, o.product, false);
  if (!t) {
    report_error(ctx, t.error());
    return ctx.exit_code;
  }
  portfolio::Release probe;
  probe.released_at = o.input.released_at;
  probe.support_end = o.input.support_end;
  probe.support_rationale = o.input.support_rationale;
  if (auto s = check_support(t->product, probe); !s) {
    report_error(ctx, s.error());
    return ctx.exit_code;
  }
  auto vulns = open_vulndb(ctx);
  if (!vulns) {
    report_error(ctx, vulns.error());
    return ctx.exit_code;
  }
  o.input.tool_version = BULWARK_VERSION;
  auto added = portfolio::add_release(**store, vulns->get(), t->product, o.version, o.input, *now);
  if (!added) {
    report_error(ctx, added.error());
    return ctx.exit_code;
  }
  fmt::print("release {}@{} added: {} components from {}; {}\n", t->product.name, o.version, added->release.components,
             added->release.sbom_name,
             added->matched ? fmt::format("{} open findings", added->findings)
                            : std::string("not matched (the vulnerability database is empty)"));
  return 0;
}

}  // namespace

void add_product_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ProductOptions>();
  auto* cmd = app.add_subcommand("product", "Products of the portfolio (CRA: the products with digital elements you place on the market)");
  cmd->require_subcommand(1);
  auto* add = cmd->add_subcommand("add", "Add a product");
  add->add_option("name", o->product.name, "Product name (unique key)")->required();
  add->add_option("--vendor", o->product.vendor, "Manufacturer");
  add->add_option("--class", o->product.cra_class, "CRA class: default, important-1, important-2, critical")->capture_default_str();
  add->add_option("--contact", o->product.security_contact, "Vulnerability contact: e-mail, mailto: or https:// URL");
  add->add_option("--website", o->product.website, "Manufacturer's https:// URL (CSAF publisher namespace)");
  add->add_option("--support-years", o->product.support_years, "Declared support period in years")
      ->check(CLI::Range(1, 50))
      ->capture_default_str();
  add->add_option("--description", o->product.description, "Intended purpose, in one sentence");
  add->callback([&ctx, o] { ctx.exit_code = run_product_add(ctx, *o); });
  auto* list = cmd->add_subcommand("list", "List the products and their releases");
  list->add_option("-f,--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  list->callback([&ctx, o] { ctx.exit_code = run_product_list(ctx, *o); });
  auto* show = cmd->add_subcommand("show", "Show a product with its releases, support periods and open findings");
  show->add_option("product", o->spec, "PRODUCT")->required();
  show->add_option("-f,--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  show->callback([&ctx, o] { ctx.exit_code = run_product_show(ctx, *o); });

  auto r = std::make_shared<ReleaseOptions>();
  auto* rel = app.add_subcommand("release", "Releases (product versions) with their SBOMs");
  rel->require_subcommand(1);
  auto* radd = rel->add_subcommand("add", "Add a release from an SBOM or by inventorying a target, and match it");
  radd->add_option("product", r->product, "PRODUCT")->required();
  radd->add_option("version", r->version, "VERSION")->required();
  radd->add_option("--sbom", r->input.sbom_path, "SBOM file (CycloneDX or SPDX)");
  radd->add_option("--target", r->input.target, "Directory, archive, image or lockfile to inventory");
  radd->add_option("--released", r->input.released_at, "Release date (YYYY-MM-DD or RFC 3339)");
  radd->add_option("--support-end", r->input.support_end, "End of the support period (YYYY-MM-DD)");
  radd->add_option("--support-rationale", r->input.support_rationale, "Why the support period is under five years");
  radd->callback([&ctx, r] { ctx.exit_code = run_release_add(ctx, *r); });
}

}  // namespace bulwark::cli
