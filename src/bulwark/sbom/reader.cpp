// Placeholder: to be replaced by the real implementation.
#include "bulwark/sbom/reader.hpp"

namespace bulwark::sbom {
Result<Sbom> read_file(const std::string& path) { return unsupported(path + ": SBOM reading is not implemented yet"); }
Result<Sbom> read(std::string_view, std::string_view name) { return unsupported(std::string(name) + ": SBOM reading is not implemented yet"); }
}  // namespace bulwark::sbom
