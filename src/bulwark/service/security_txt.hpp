// security.txt (RFC 9116) from a product's contact and website.
#pragma once

#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::service {

struct SecurityTxtRequest {
  std::string product;
  std::string expires;  // RFC 3339; empty: 364 days after now (RFC 9116: less than a year)
  std::string policy, encryption;
  std::string csaf;  // provider-metadata.json URL; empty: under the product website
  std::vector<std::string> languages{"en"};
};
// The text of security.txt. A product without a security contact is kInvalidInput.
Result<std::string> security_txt(portfolio::Store& store, const SecurityTxtRequest& request,
                                 const Clock& clock);

}  // namespace bulwark::service
