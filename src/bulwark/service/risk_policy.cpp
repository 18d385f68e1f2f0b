#include "bulwark/service/risk_policy.hpp"

#include "bulwark/core/text.hpp"

namespace bulwark::service {
namespace {

Result<portfolio::Product> named_product(portfolio::Store& store, std::string_view name) {
  auto p = store.product(name);
  if (!p) return std::unexpected(p.error());
  if (!*p) return not_found("unknown product '" + std::string(name) + "'");
  return **p;
}

}  // namespace

Result<PolicyChangeResult> set_product_policy(portfolio::Store& store, portfolio::RiskStore& risk,
                                              const PolicyChange& change, const Clock& clock) {
  if (trim(change.by).empty()) return invalid_input("who sets the policy is required");
  auto product = named_product(store, change.product);
  if (!product) return std::unexpected(product.error());
  std::string text = change.clear ? std::string() : change.text;
  if (!change.clear) {
    if (trim(text).empty())
      return invalid_input(change.source +
                           ": an empty policy (to return to the default policy, "
                           "clear it)");
    if (auto p = risk::parse_policy(text, change.source); !p) return std::unexpected(p.error());
  }
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  PolicyChangeResult out;
  auto r = risk.transaction([&]() -> Result<void> {
    auto versions = risk.policies(product->id);
    if (!versions) return std::unexpected(versions.error());
    if (!versions->empty() && versions->back().text == text) {
      out.policy = versions->back();
      out.unchanged = true;
      return {};
    }
    if (versions->empty() && change.clear) {  // nothing to clear: the default is in force
      out.policy.product_id = product->id;
      out.unchanged = true;
      return {};
    }
    out.policy = {product->id,     versions->empty() ? 1 : versions->back().version + 1,
                  std::move(text), change.clear ? std::string() : change.source,
                  change.by,       *now};
    return risk.save_policy(out.policy);
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Result<std::vector<portfolio::StoredPolicy>> product_policy_versions(portfolio::Store& store,
                                                                     portfolio::RiskStore& risk,
                                                                     std::string_view product) {
  auto p = named_product(store, product);
  if (!p) return std::unexpected(p.error());
  return risk.policies(p->id);
}

Result<std::shared_ptr<const risk::Policy>> product_policy(portfolio::RiskStore* risk,
                                                           const portfolio::Product& product) {
  if (!risk) return std::shared_ptr<const risk::Policy>{};
  auto versions = risk->policies(product.id);
  if (!versions) return std::unexpected(versions.error());
  if (versions->empty() || versions->back().text.empty())
    return std::shared_ptr<const risk::Policy>{};
  const auto& v = versions->back();
  auto p = risk::parse_policy(v.text, product.name + " policy version " +
                                          std::to_string(v.version) + " (" + v.source + ")");
  if (!p) return std::unexpected(p.error());
  return std::shared_ptr<const risk::Policy>(std::make_shared<risk::Policy>(std::move(*p)));
}

}  // namespace bulwark::service
