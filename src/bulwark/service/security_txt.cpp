// security.txt from a product's contact and website.
#include "bulwark/service/security_txt.hpp"

#include <fmt/format.h>

#include "bulwark/csaf/csaf.hpp"
#include "bulwark/service/products.hpp"

namespace bulwark::service {

Result<std::string> security_txt(portfolio::Store& store, const SecurityTxtRequest& request,
                                 const Clock& clock) {
  auto t = resolve_target(store, request.product, false);
  if (!t) return std::unexpected(t.error());
  if (t->product.security_contact.empty())
    return invalid_input(
        fmt::format("product '{}' has no security contact (security_contact)", t->product.name));
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  csaf::SecurityTxtInput in;
  in.contacts.push_back(t->product.security_contact);
  in.issued = format_rfc3339(*now);
  // Default expiry: 364 days after now (RFC 9116 recommends less than a year).
  in.expires =
      request.expires.empty() ? format_rfc3339(*now + std::chrono::days(364)) : request.expires;
  in.preferred_languages = request.languages;
  if (!request.policy.empty()) in.policy.push_back(request.policy);
  if (!request.encryption.empty()) in.encryption.push_back(request.encryption);
  std::string base = t->product.website;
  while (base.ends_with("/")) base.pop_back();
  if (!base.empty()) {
    in.canonical.push_back(base + "/.well-known/security.txt");
    in.csaf.push_back(request.csaf.empty() ? base + "/.well-known/csaf/provider-metadata.json"
                                           : request.csaf);
  }
  return csaf::security_txt(in);
}

}  // namespace bulwark::service
