// Placeholder: to be replaced by the real implementation of this scheme.
#include "bulwark/version/schemes.hpp"

namespace bulwark::version::scheme {

Result<int> rubygems(std::string_view, std::string_view) {
  return unsupported("version scheme 'rubygems' is not implemented yet");
}

}  // namespace bulwark::version::scheme
