// security.txt (RFC 9116) with the CSAF field of CSAF 2.0 section 7.1.8 (csaf.hpp).
#include <chrono>

#include <fmt/format.h>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/csaf/detail.hpp"

namespace bulwark::csaf {
namespace {

Result<void> check_uris(const std::vector<std::string>& values, const char* field,
                        bool allow_other_schemes) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& v = values[i];
    const bool ok = detail::is_https_url(v) ||
                    (allow_other_schemes &&
                     (starts_with_icase(v, "openpgp4fpr:") || starts_with_icase(v, "dns:")));
    if (!ok) return invalid_input(fmt::format("{}[{}]: '{}' is not an https:// URI", field, i, v));
  }
  return {};
}

Result<void> check_contacts(const std::vector<std::string>& contacts) {
  if (contacts.empty())
    return invalid_input("contacts: at least one Contact is required (RFC 9116 2.5.3)");
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    const std::string& c = contacts[i];
    const bool ok = detail::is_https_url(c) ||
                    (starts_with_icase(c, "mailto:") && c.find('@') != std::string::npos) ||
                    starts_with_icase(c, "tel:");
    if (!ok || c.find_first_of(" \t\r\n") != std::string::npos)
      return invalid_input(
          fmt::format("contacts[{}]: '{}' is not a mailto:, https:// or tel: URI", i, c));
  }
  return {};
}

Result<std::string> expires_line(const SecurityTxtInput& in) {
  if (in.expires.empty()) return invalid_input("expires: Expires is required (RFC 9116 2.5.5)");
  if (!detail::is_rfc3339(in.expires))
    return invalid_input("expires: '" + in.expires + "' is not an RFC 3339 date-time");
  Result<TimePoint> issued = in.issued.empty() ? now() : parse_rfc3339(in.issued);
  if (!in.issued.empty() && !detail::is_rfc3339(in.issued))
    return invalid_input("issued: '" + in.issued + "' is not an RFC 3339 date-time");
  if (!issued) return std::unexpected(issued.error());
  const TimePoint expires = *parse_rfc3339(in.expires);
  if (expires <= *issued)
    return invalid_input("expires: " + in.expires + " is not after " + format_rfc3339(*issued));
  if (expires - *issued > std::chrono::days(365))
    return invalid_input("expires: " + in.expires + " is more than a year after " +
                         format_rfc3339(*issued) + " (RFC 9116 recommends less than a year)");
  return format_rfc3339(expires);
}

void lines(std::string& out, const char* field, const std::vector<std::string>& values) {
  for (const auto& v : values) out += fmt::format("{}: {}\n", field, v);
}

}  // namespace

Result<std::string> security_txt(const SecurityTxtInput& in) {
  if (auto r = check_contacts(in.contacts); !r) return std::unexpected(r.error());
  auto expires = expires_line(in);
  if (!expires) return std::unexpected(expires.error());
  for (const auto& [values, field, other] : {std::tuple{&in.encryption, "encryption", true},
                                             {&in.acknowledgments, "acknowledgments", false},
                                             {&in.canonical, "canonical", false},
                                             {&in.policy, "policy", false},
                                             {&in.hiring, "hiring", false},
                                             {&in.csaf, "csaf", false}})
    if (auto r = check_uris(*values, field, other); !r) return std::unexpected(r.error());
  for (std::size_t i = 0; i < in.csaf.size(); ++i)
    if (!in.csaf[i].ends_with("/provider-metadata.json"))
      return invalid_input(
          fmt::format("csaf[{}]: '{}' does not name a provider-metadata.json", i, in.csaf[i]));
  for (std::size_t i = 0; i < in.preferred_languages.size(); ++i)
    if (!detail::is_language_tag(in.preferred_languages[i]))
      return invalid_input(fmt::format("preferred_languages[{}]: '{}' is not a language tag", i,
                                       in.preferred_languages[i]));
  std::string out;
  lines(out, "Contact", in.contacts);
  out += "Expires: " + *expires + "\n";
  lines(out, "Encryption", in.encryption);
  lines(out, "Acknowledgments", in.acknowledgments);
  if (!in.preferred_languages.empty()) {
    out += "Preferred-Languages: ";
    for (std::size_t i = 0; i < in.preferred_languages.size(); ++i)
      out += (i ? ", " : "") + in.preferred_languages[i];
    out += "\n";
  }
  lines(out, "Canonical", in.canonical);
  lines(out, "Policy", in.policy);
  lines(out, "Hiring", in.hiring);
  lines(out, "CSAF", in.csaf);
  return out;
}

}  // namespace bulwark::csaf
