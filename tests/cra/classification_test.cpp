#include "bulwark/cra/classification.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace bulwark::cra {
namespace {

std::vector<ConformityProcedure> procs(ProductCategory c, bool full, bool foss = false) {
  std::vector<ConformityProcedure> out;
  for (const auto& r : conformity_routes(c, full, foss)) out.push_back(r.procedure);
  return out;
}
bool has(const std::vector<ConformityProcedure>& v, ConformityProcedure p) {
  return std::find(v.begin(), v.end(), p) != v.end();
}

TEST(CraClassification, CatalogueCounts) {
  std::size_t c1 = 0, c2 = 0, crit = 0;
  std::set<std::string_view> ids;
  for (const auto& it : category_items()) {
    ids.insert(it.id);
    EXPECT_FALSE(it.title.empty());
    c1 += it.category == ProductCategory::kImportantClassI;
    c2 += it.category == ProductCategory::kImportantClassII;
    crit += it.category == ProductCategory::kCritical;
  }
  EXPECT_EQ(c1, 19u);
  EXPECT_EQ(c2, 4u);
  EXPECT_EQ(crit, 3u);
  EXPECT_EQ(ids.size(), 26u);
  ASSERT_TRUE(find_category_item("AIII.C2.2"));
  EXPECT_EQ(find_category_item("AIII.C2.2")->title,
            "Firewalls, intrusion detection and prevention systems");
  EXPECT_FALSE(find_category_item("AIII.C1.20"));
}

TEST(CraClassification, ConformityRoutes) {
  using P = ConformityProcedure;
  auto d = procs(ProductCategory::kDefault, false);
  EXPECT_EQ(d.size(), 4u);
  EXPECT_TRUE(has(d, P::kModuleA));
  EXPECT_FALSE(has(procs(ProductCategory::kImportantClassI, false), P::kModuleA));
  EXPECT_TRUE(has(procs(ProductCategory::kImportantClassI, true), P::kModuleA));
  EXPECT_TRUE(has(procs(ProductCategory::kImportantClassI, false), P::kModuleBC));
  auto c2 = procs(ProductCategory::kImportantClassII, true);
  EXPECT_FALSE(has(c2, P::kModuleA));
  EXPECT_EQ(c2.size(), 3u);
  EXPECT_TRUE(
      has(procs(ProductCategory::kImportantClassII, false, true), P::kModuleA));  // FOSS 32(5)
  auto crit = conformity_routes(ProductCategory::kCritical, true);
  ASSERT_FALSE(crit.empty());
  EXPECT_EQ(crit[0].procedure, P::kEuCertification);
  EXPECT_EQ(crit[0].legal_basis, "Art 32(4)");
  EXPECT_FALSE(has(procs(ProductCategory::kCritical, true, true), P::kModuleA));
  for (const auto& r : conformity_routes(ProductCategory::kImportantClassI, true)) {
    EXPECT_FALSE(r.id.empty());
    EXPECT_FALSE(r.explanation.empty());
  }
  EXPECT_EQ(product_category_from_string("important_class_ii"), ProductCategory::kImportantClassII);
}

}  // namespace
}  // namespace bulwark::cra
