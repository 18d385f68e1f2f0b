#include "bulwark/portfolio/cra_class.hpp"

#include <fmt/format.h>

namespace bulwark::portfolio {

std::string_view cra_class_name(risk::ProductClass c) {
  switch (c) {
    case risk::ProductClass::kDefault:
      return "default";
    case risk::ProductClass::kImportantI:
      return "important-1";
    case risk::ProductClass::kImportantII:
      return "important-2";
    case risk::ProductClass::kCritical:
      break;
  }
  return "critical";
}

Result<std::string> canonical_cra_class(std::string_view s) {
  auto c = risk::parse_product_class(s);
  if (!c)
    return invalid_input(fmt::format(
        "'{}' is not a CRA class (expected default, important-1, important-2 or critical)", s));
  return std::string(cra_class_name(*c));
}

bool valid_cra_class(std::string_view s) { return risk::parse_product_class(s).has_value(); }

risk::ProductClass product_class_of(const Product& p) {
  return risk::parse_product_class(p.cra_class).value_or(risk::ProductClass::kDefault);
}

cra::ProductCategory cra_category_of(risk::ProductClass c) {
  switch (c) {
    case risk::ProductClass::kDefault:
      return cra::ProductCategory::kDefault;
    case risk::ProductClass::kImportantI:
      return cra::ProductCategory::kImportantClassI;
    case risk::ProductClass::kImportantII:
      return cra::ProductCategory::kImportantClassII;
    case risk::ProductClass::kCritical:
      break;
  }
  return cra::ProductCategory::kCritical;
}

cra::ProductCategory cra_category_of(const Product& p) {
  return cra_category_of(product_class_of(p));
}

}  // namespace bulwark::portfolio
