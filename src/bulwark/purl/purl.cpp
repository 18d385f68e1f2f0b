// Placeholder: to be replaced by the real implementation.
#include "bulwark/purl/purl.hpp"

namespace bulwark::purl {
std::string_view Purl::qualifier(std::string_view) const { return {}; }
Result<Purl> parse(std::string_view) { return unsupported("purl parsing is not implemented yet"); }
Result<Purl> build(Purl) { return unsupported("purl building is not implemented yet"); }
std::string to_string(const Purl&) { return {}; }
}  // namespace bulwark::purl
