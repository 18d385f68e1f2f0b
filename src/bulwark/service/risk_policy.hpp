// A product's risk policy (issue 17): the YAML of docs/risk-policy.md set per product with
// `bulwark risk policy PRODUCT --set FILE`, kept as append-only versions in the RiskStore (who
// set it, when, from which file). The newest version decides the priorities and fix-by dates of
// every stored release of the product wherever they are computed (release add, monitor, monitor
// jobs, views, documents: release_scan_options in reach.hpp); `--clear` stores an empty version,
// which means the documented default policy again. A file that does not parse is refused with
// the error naming the file and line; nothing is stored.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/risk/policy.hpp"

namespace bulwark::service {

struct PolicyChange {
  std::string product;  // the product's name
  std::string text;     // the policy file's content; empty with clear
  std::string source;   // the file's name (named in errors and stored)
  std::string by;       // who sets it (mandatory)
  bool clear = false;   // back to the default policy
};
struct PolicyChangeResult {
  portfolio::StoredPolicy policy;  // the version now in force
  bool unchanged = false;          // identical to the version in force: nothing was written
};
Result<PolicyChangeResult> set_product_policy(portfolio::Store& store, portfolio::RiskStore& risk,
                                              const PolicyChange& change, const Clock& clock);

// Every version of the product's policy, oldest first (empty: never set, the default applies).
Result<std::vector<portfolio::StoredPolicy>> product_policy_versions(portfolio::Store& store,
                                                                     portfolio::RiskStore& risk,
                                                                     std::string_view product);

// The policy in force for a product: its newest stored version parsed, nullptr when none is set
// or it was cleared (the default policy applies), or without a RiskStore.
Result<std::shared_ptr<const risk::Policy>> product_policy(portfolio::RiskStore* risk,
                                                           const portfolio::Product& product);

}  // namespace bulwark::service
