// Products of the portfolio: add, list, show (with each release's support period and open
// findings), and the resolution of "PRODUCT" / "PRODUCT@VERSION" every other use case starts from.
// The JSON documents the front ends return (product list, product show) are built here.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::service {

// A product, and a release of it when the spec named one.
struct Target {
  portfolio::Product product;
  std::optional<portfolio::Release> release;
};
// "PRODUCT@VERSION" (or "PRODUCT" alone unless require_release). Unknown product or release:
// kNotFound; a malformed spec or a missing version: kInvalidInput.
Result<Target> resolve_target(portfolio::Store& store, std::string_view spec, bool require_release);

struct ProductInput {
  std::string name;
  std::string vendor;
  std::string cra_class =
      "default";                 // any name or alias of portfolio/cra_class.hpp; stored canonical
  std::string security_contact;  // e-mail (stored as mailto:), mailto: or https:// URL
  std::string website;           // https:// URL
  int support_years = 5;
  std::string description;
};
// Validates (errors name the field: "cra_class", "website", "security_contact", "support_years")
// and stores the product; an existing name is kConflict.
Result<portfolio::Product> add_product(portfolio::Store& store, const ProductInput& in,
                                       const Clock& clock);

// ---- views ----

struct ReleaseSupport {
  std::string
      end;  // YYYY-MM-DD: as given, else released + the product's support years ("" without a date)
  std::string
      status;  // supported | ending_soon | ended ("" when the dates are unknown or malformed)
};
// The support period of a release by the one rule (cra/lifecycle.hpp), at `now`.
ReleaseSupport release_support(const portfolio::Product& p, const portfolio::Release& r,
                               TimePoint now);

// A product as the JSON object of `product list --format json` (compact, one line).
std::string product_json_text(const portfolio::Product& p);

struct ProductList {
  std::vector<portfolio::Product> products;
  std::map<std::int64_t, std::vector<std::string>> versions;  // product id -> release versions
};
Result<ProductList> list_products(portfolio::Store& store);

struct ReleaseSummary {
  portfolio::Release release;
  ReleaseSupport support;
  std::size_t open_findings = 0;
  std::map<std::string, int> by_priority;
};
struct ProductDetails {
  portfolio::Product product;
  std::vector<ReleaseSummary> releases;
  std::size_t analyses = 0;
};
Result<ProductDetails> show_product(portfolio::Store& store, std::string_view spec,
                                    const Clock& clock);

// Where a component ships across the portfolio ("which releases ship pkg:deb/debian/openssl
// below 3.0.13"): `component` is a purl (a version in it is ignored) or a component name
// ("group/name"); `versions` optional constraints compared with the component's ecosystem rules
// ("<3.0.13", ">=1.0,<2.0", "=1.2.3"; empty: every version).
struct WhereUsedRequest {
  std::string component;
  std::string versions;
};
Result<std::vector<portfolio::Usage>> where_used(portfolio::Store& store,
                                                 const WhereUsedRequest& request);

// JSON documents (2-space indented, invalid UTF-8 replaced), as `product list|show --format json`
// print them.
std::string product_list_json(const ProductList& list);
std::string product_details_json(const ProductDetails& details);

}  // namespace bulwark::service
