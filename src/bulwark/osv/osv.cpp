// Placeholder: to be replaced by the real implementation.
#include "bulwark/osv/osv.hpp"

namespace bulwark::osv {
Result<OsvRecord> parse_json(std::string_view) { return unsupported("OSV parsing is not implemented yet"); }
Result<std::string> yaml_to_json(std::string_view) { return unsupported("OSV YAML is not implemented yet"); }
}  // namespace bulwark::osv
