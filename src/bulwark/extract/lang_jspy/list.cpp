// The extractors of this group (placeholder until they land).
#include "bulwark/extract/extractor.hpp"

namespace bulwark::extract {

std::vector<std::unique_ptr<Extractor>> javascript_python_extractors() { return {}; }

}  // namespace bulwark::extract
