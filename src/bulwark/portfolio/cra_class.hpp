// CRA product classes (Article 7, Annexes III and IV) as products carry them: the one place that
// knows the names "default", "important-1", "important-2" and "critical" (and the aliases
// risk::parse_product_class accepts), and maps them onto the risk policy's ProductClass and the
// CRA classification's ProductCategory.
#pragma once

#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/cra/classification.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/risk/policy.hpp"

namespace bulwark::portfolio {

// "default", "important-1", "important-2", "critical".
std::string_view cra_class_name(risk::ProductClass c);
// The canonical name of a class given by name or alias ("Important-I" -> "important-1"); the
// error names the text and lists the names.
Result<std::string> canonical_cra_class(std::string_view s);
bool valid_cra_class(std::string_view s);
// The product's class for the risk policy and for the CRA classification (kDefault when the
// stored name is unknown).
risk::ProductClass product_class_of(const Product& p);
cra::ProductCategory cra_category_of(const Product& p);
cra::ProductCategory cra_category_of(risk::ProductClass c);

}  // namespace bulwark::portfolio
