// Helpers shared by the CRA use cases (service/cra_*.hpp) and the front ends that call them:
// time and stage parsing, loading a case, the product's CRA facts and category, a release's
// support period. Errors name the field at fault, never a command-line option.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/cra/classification.hpp"
#include "bulwark/cra/clock.hpp"
#include "bulwark/cra/lifecycle.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::service {

// RFC 3339 with any offset, or a date "YYYY-MM-DD" (midnight UTC).
Result<TimePoint> parse_time_or_date(std::string_view text);

// "early-warning" / "early_warning" (and the other stages) -> Stage.
std::optional<cra::Stage> parse_stage(std::string_view text);
// "early-warning", "notification", "final-report" (file names).
std::string stage_slug(cra::Stage s);

// The case with that id; kNotFound ("unknown case 'ID'") when there is none.
Result<portfolio::StoredCase> load_case(portfolio::CraStore& cra, std::string_view id);

// The products named (one; kNotFound when unknown), or every product when name is empty.
Result<std::vector<portfolio::Product>> products_for(portfolio::Store& store,
                                                     std::string_view name);

// The product's stored CRA facts, or empty facts for it.
Result<portfolio::CraProduct> cra_product(portfolio::CraStore& cra, std::int64_t product_id);

// The product category: the recorded Annex III/IV item's, else the product's CRA class.
cra::ProductCategory category_of(const portfolio::Product& p, const portfolio::CraProduct& facts);

// A release's support period: from its release date to its support end (or release date +
// the product's support years). None when the release has no release date.
Result<std::optional<cra::SupportPeriod>> support_period(const portfolio::Product& p,
                                                         const portfolio::Release& r);

// A finding's alias group: its id and aliases.
std::vector<std::string> ids_of(const portfolio::StoredFinding& f);

}  // namespace bulwark::service
