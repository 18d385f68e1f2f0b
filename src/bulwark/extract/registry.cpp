// Every extractor, listed explicitly by group.
#include "bulwark/extract/extractor.hpp"

namespace bulwark::extract {

std::vector<std::unique_ptr<Extractor>> all_extractors() {
  std::vector<std::unique_ptr<Extractor>> all;
  for (auto* group : {&javascript_python_extractors, &other_language_extractors,
                      &os_package_extractors, &binary_extractors})
    for (auto& e : (*group)()) all.push_back(std::move(e));
  return all;
}

}  // namespace bulwark::extract
