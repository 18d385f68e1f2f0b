// Product categories (A7.1, A8: Annex III class I/II, Annex IV critical) and the conformity
// assessment procedures Article 32 allows for each. The category items carry their digest IDs
// (AIII.C1.n, AIII.C2.n, AIV.n) so a CLI can list them. A product is important or critical when
// its core functionality falls in a listed category.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::cra {

enum class ProductCategory { kDefault, kImportantClassI, kImportantClassII, kCritical };
// "default", "important_class_i", "important_class_ii", "critical".
std::string_view to_string(ProductCategory c);
std::optional<ProductCategory> product_category_from_string(std::string_view s);

struct CategoryItem {
  std::string_view id;  // "AIII.C1.2"
  ProductCategory category;
  std::string_view title;
};

// All 26 items: 19 class I, 4 class II, 3 critical, in digest order.
std::span<const CategoryItem> category_items();
// The item with that ID, or nullopt.
std::optional<CategoryItem> find_category_item(std::string_view id);

enum class ConformityProcedure { kModuleA, kModuleBC, kModuleH, kEuCertification };
// "module_a", "module_b_c", "module_h", "eu_certification".
std::string_view to_string(ConformityProcedure p);

struct ConformityRoute {
  ConformityProcedure procedure = ConformityProcedure::kModuleA;
  std::string id;    // digest ID of the module: "AVIII.A", "AVIII.B+AVIII.C", "AVIII.H", "A27.9"
  std::string name;  // "Internal control (module A)"
  std::string legal_basis;  // "Art 32(1)", ...
  std::string explanation;  // plain words: who does what, and any condition
};

// The Article 32 procedures allowed for a category. harmonised_standard_applied_in_full: harmonised
// standards, common specifications or an EU certification scheme (at least "substantial") were
// applied in full (opens module A for class I). foss_documentation_public: free and open-source
// software whose technical documentation is public (Art 32(5): any 32(1) procedure for Annex III).
std::vector<ConformityRoute> conformity_routes(ProductCategory category,
                                               bool harmonised_standard_applied_in_full,
                                               bool foss_documentation_public = false);

}  // namespace bulwark::cra
