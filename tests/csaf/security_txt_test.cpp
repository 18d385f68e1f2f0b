// security.txt (RFC 9116) with the CSAF field.
#include <gtest/gtest.h>

#include "bulwark/csaf/csaf.hpp"

namespace bulwark::csaf {
namespace {

SecurityTxtInput sample() {
  SecurityTxtInput in;
  in.contacts = {"mailto:psirt@acme.example", "https://acme.example/security/contact"};
  in.issued = "2026-03-01T00:00:00Z";
  in.expires = "2027-02-28T00:00:00+01:00";
  in.encryption = {"https://acme.example/psirt.asc"};
  in.acknowledgments = {"https://acme.example/hall-of-fame"};
  in.preferred_languages = {"en", "de"};
  in.canonical = {"https://acme.example/.well-known/security.txt"};
  in.policy = {"https://acme.example/disclosure-policy"};
  in.hiring = {"https://acme.example/jobs"};
  in.csaf = {"https://acme.example/.well-known/csaf/provider-metadata.json"};
  return in;
}

std::string error_of(const SecurityTxtInput& in) {
  auto r = security_txt(in);
  EXPECT_FALSE(r);
  return r ? "" : r.error().message;
}

TEST(SecurityTxt, AllFields) {
  auto r = security_txt(sample());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r,
            "Contact: mailto:psirt@acme.example\n"
            "Contact: https://acme.example/security/contact\n"
            "Expires: 2027-02-27T23:00:00Z\n"
            "Encryption: https://acme.example/psirt.asc\n"
            "Acknowledgments: https://acme.example/hall-of-fame\n"
            "Preferred-Languages: en, de\n"
            "Canonical: https://acme.example/.well-known/security.txt\n"
            "Policy: https://acme.example/disclosure-policy\n"
            "Hiring: https://acme.example/jobs\n"
            "CSAF: https://acme.example/.well-known/csaf/provider-metadata.json\n");
}

TEST(SecurityTxt, MinimalUsesNowWhenIssuedIsEmpty) {
  SecurityTxtInput in;
  in.contacts = {"mailto:a@b.example"};
  in.expires = "2026-06-01T00:00:00Z";
  setenv("BULWARK_NOW", "2026-01-01T00:00:00Z", 1);
  auto r = security_txt(in);
  unsetenv("BULWARK_NOW");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, "Contact: mailto:a@b.example\nExpires: 2026-06-01T00:00:00Z\n");
}

TEST(SecurityTxt, ValidationErrors) {
  auto in = sample();
  in.contacts.clear();
  EXPECT_EQ(error_of(in), "contacts: at least one Contact is required (RFC 9116 2.5.3)");
  in = sample();
  in.contacts = {"psirt@acme.example"};
  EXPECT_EQ(error_of(in),
            "contacts[0]: 'psirt@acme.example' is not a mailto:, https:// or tel: URI");
  in = sample();
  in.expires.clear();
  EXPECT_EQ(error_of(in), "expires: Expires is required (RFC 9116 2.5.5)");
  in = sample();
  in.expires = "2027-03-02T00:00:00Z";
  EXPECT_EQ(error_of(in),
            "expires: 2027-03-02T00:00:00Z is more than a year after 2026-03-01T00:00:00Z "
            "(RFC 9116 recommends less than a year)");
  in = sample();
  in.expires = "2026-02-01T00:00:00Z";
  EXPECT_EQ(error_of(in), "expires: 2026-02-01T00:00:00Z is not after 2026-03-01T00:00:00Z");
  in = sample();
  in.policy = {"http://acme.example/policy"};
  EXPECT_EQ(error_of(in), "policy[0]: 'http://acme.example/policy' is not an https:// URI");
  in = sample();
  in.csaf = {"https://acme.example/csaf/"};
  EXPECT_EQ(error_of(in),
            "csaf[0]: 'https://acme.example/csaf/' does not name a provider-metadata.json");
  in = sample();
  in.encryption = {"openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f"};
  EXPECT_TRUE(security_txt(in));
}

}  // namespace
}  // namespace bulwark::csaf
