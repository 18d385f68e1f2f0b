// Placeholder: to be replaced by the real implementation of this scheme.
#include "bulwark/version/schemes.hpp"

namespace bulwark::version::scheme {

Result<int> pep440(std::string_view, std::string_view) {
  return unsupported("version scheme 'pep440' is not implemented yet");
}

}  // namespace bulwark::version::scheme
