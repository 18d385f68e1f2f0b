// Products: add, list, show, and target resolution.
#include "bulwark/service/products.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/core/text.hpp"
#include "bulwark/cra/lifecycle.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/portfolio/identity.hpp"

namespace bulwark::service {

Result<Target> resolve_target(portfolio::Store& store, std::string_view spec,
                              bool require_release) {
  const auto at = spec.find('@');
  const std::string name(spec.substr(0, at));
  if (name.empty())
    return invalid_input(fmt::format("'{}': expected PRODUCT or PRODUCT@VERSION", spec));
  auto p = store.product(name);
  if (!p) return std::unexpected(p.error());
  if (!*p)
    return not_found(
        fmt::format("unknown product '{}' (bulwark product list shows the products)", name));
  Target t{**p, std::nullopt};
  if (at == std::string_view::npos) {
    if (require_release)
      return invalid_input(fmt::format("'{}': a release is needed: {}@VERSION", spec, name));
    return t;
  }
  const std::string version(spec.substr(at + 1));
  auto r = store.release(t.product.id, version);
  if (!r) return std::unexpected(r.error());
  if (!*r)
    return not_found(
        fmt::format("unknown release '{}@{}' (bulwark product show {} lists its releases)", name,
                    version, name));
  t.release = **r;
  return t;
}

Result<portfolio::Product> add_product(portfolio::Store& store, const ProductInput& in,
                                       const Clock& clock) {
  if (trim(in.name).empty()) return invalid_input("name: a product needs a name");
  if (in.name.find('@') != std::string::npos)
    return invalid_input(
        fmt::format("name: '{}' contains '@', which separates product and version", in.name));
  auto cls = portfolio::canonical_cra_class(in.cra_class);
  if (!cls) return std::unexpected(std::move(cls.error()).with_context("cra_class"));
  if (!in.website.empty() && !in.website.starts_with("https://"))
    return invalid_input(fmt::format("website: '{}' is not an https:// URL", in.website));
  std::string contact = in.security_contact;
  if (!contact.empty() && !contact.starts_with("mailto:") && !contact.starts_with("https://")) {
    if (contact.find('@') == std::string::npos)
      return invalid_input(fmt::format(
          "security_contact: '{}' is not an e-mail address, mailto: or https:// URL", contact));
    contact = "mailto:" + contact;
  }
  if (in.support_years < 1 || in.support_years > 50)
    return invalid_input(
        fmt::format("support_years: {} is not between 1 and 50", in.support_years));
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  portfolio::Product p;
  p.name = in.name;
  p.vendor = in.vendor;
  p.cra_class = *cls;
  p.security_contact = contact;
  p.website = in.website;
  p.support_years = in.support_years;
  p.description = in.description;
  p.created_at = *now;
  return store.add_product(p);
}

ReleaseSupport release_support(const portfolio::Product& p, const portfolio::Release& r,
                               TimePoint now) {
  ReleaseSupport s;
  if (!r.support_end.empty()) s.end = r.support_end;
  auto period = cra::release_support_period(p.name, r.version, r.released_at, r.support_end,
                                            r.support_rationale, p.support_years);
  if (!period || !*period) return s;
  if (s.end.empty()) s.end = format_date((*period)->end);
  s.status = std::string(cra::to_string(cra::support_status(**period, now)));
  return s;
}

Result<ProductList> list_products(portfolio::Store& store) {
  auto products = store.products();
  if (!products) return std::unexpected(products.error());
  auto releases = store.releases(0);
  if (!releases) return std::unexpected(releases.error());
  ProductList out;
  out.products = std::move(*products);
  for (const auto& r : *releases) out.versions[r.product_id].push_back(r.version);
  return out;
}

Result<ProductDetails> show_product(portfolio::Store& store, std::string_view spec,
                                    const Clock& clock) {
  auto t = resolve_target(store, spec, false);
  if (!t) return std::unexpected(t.error());
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto releases = store.releases(t->product.id);
  if (!releases) return std::unexpected(releases.error());
  auto analyses = store.analyses(t->product.id);
  if (!analyses) return std::unexpected(analyses.error());
  ProductDetails d;
  d.product = t->product;
  d.analyses = analyses->size();
  for (const auto& r : *releases) {
    auto f = store.findings(r.id, false);
    if (!f) return std::unexpected(f.error());
    ReleaseSummary s{r, release_support(t->product, r, *now), f->size(), {}};
    for (const auto& x : *f) ++s.by_priority[x.priority];
    d.releases.push_back(std::move(s));
  }
  return d;
}

namespace {

using json = nlohmann::ordered_json;

json product_json(const portfolio::Product& p) {
  return {{"name", p.name},
          {"vendor", p.vendor},
          {"cra_class", p.cra_class},
          {"security_contact", p.security_contact},
          {"website", p.website},
          {"support_years", p.support_years},
          {"description", p.description},
          {"created_at", p.created_at}};
}

}  // namespace

std::string product_json_text(const portfolio::Product& p) { return product_json(p).dump(); }

namespace {

std::string dump(const json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string product_list_json(const ProductList& list) {
  auto arr = json::array();
  for (const auto& p : list.products) {
    auto j = product_json(p);
    auto it = list.versions.find(p.id);
    j["releases"] = it == list.versions.end() ? std::vector<std::string>{} : it->second;
    arr.push_back(std::move(j));
  }
  return dump(arr);
}

std::string product_details_json(const ProductDetails& d) {
  auto j = product_json(d.product);
  auto rels = json::array();
  for (const auto& s : d.releases) {
    const auto& r = s.release;
    rels.push_back(
        {{"support_status", s.support.status},
         {"product", r.product},
         {"version", r.version},
         {"released_at", r.released_at},
         {"support_end", s.support.end},
         {"support_rationale", r.support_rationale},
         {"sbom", {{"name", r.sbom_name}, {"format", r.sbom_format}, {"sha256", r.sbom_sha256}}},
         {"components", r.components},
         {"created_at", r.created_at},
         {"open_findings", s.open_findings},
         {"by_priority", s.by_priority}});
  }
  j["releases"] = std::move(rels);
  j["analyses"] = d.analyses;
  return dump(j);
}

Result<std::vector<portfolio::Usage>> where_used(portfolio::Store& store,
                                                 const WhereUsedRequest& request) {
  const auto component = std::string(trim(request.component));
  if (component.empty()) return invalid_input("component: a purl or a component name is required");
  std::string identity;
  if (component.starts_with("pkg:")) {
    identity = portfolio::purl_identity(component);
    if (identity.empty())
      return invalid_input("component: '" + component + "' is not a valid purl");
  } else {
    identity = "name:" + to_lower(component);
  }
  if (auto v = portfolio::validate_scope(request.versions); !v)
    return invalid_input("versions: " + v.error().message);
  auto all = store.where_used(identity);
  if (!all) return std::unexpected(all.error());
  if (request.versions.empty()) return all;
  std::vector<portfolio::Usage> out;
  for (auto& u : *all) {
    Component c;
    c.name = u.component.name;
    c.version = u.component.version;
    c.purl = u.component.purl;
    auto in = portfolio::version_in_scope(request.versions, c);
    if (!in) return std::unexpected(in.error());
    if (*in) out.push_back(std::move(u));
  }
  return out;
}

}  // namespace bulwark::service
