// Placeholder: to be replaced by the real implementation.
#include "bulwark/vulndb/store.hpp"

namespace bulwark::vulndb {
std::string default_path() { return "bulwark.db"; }
Result<std::unique_ptr<Store>> Store::open(const std::string& path) { return unsupported(path + ": database is not implemented yet"); }
}  // namespace bulwark::vulndb
