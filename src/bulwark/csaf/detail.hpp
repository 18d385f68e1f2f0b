// Internal helpers shared by the csaf module's translation units (not installed, no heavy headers).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/digest.hpp"
#include "bulwark/core/result.hpp"

namespace bulwark::csaf::detail {

// RFC 3339 date-time with a time zone ("2026-01-02T03:04:05Z", "...+01:00").
bool is_rfc3339(std::string_view s);
// CSAF version_t: integer versioning ("1", "12") or semantic versioning ("1.0.0-rc.1").
bool is_integer_version(std::string_view s);
bool is_semantic_version(std::string_view s);
// BCP 47 language tag as CSAF's lang_t accepts it (simplified: "en", "en-US", "de-CH-1996").
bool is_language_tag(std::string_view s);
bool is_https_url(std::string_view s);
bool is_http_or_https_url(std::string_view s);
// Words or operators of a version range (CSAF mandatory test 6.1.31) or a vers: URI.
bool looks_like_version_range(std::string_view version);
// "CVE-2021-44228" (CSAF's cve pattern).
bool is_cve(std::string_view id);
// The system_name CSAF ids[] get for a vulnerability id: "GitHub Security Advisory" for GHSA-,
// else the prefix before the first "-" (e.g. "PYSEC", "GO", "RUSTSEC"), else "other".
std::string system_name_for(std::string_view id);
// CVSS v3 qualitative severity of a base score: NONE, LOW, MEDIUM, HIGH, CRITICAL.
std::string severity_of(double score);
// TLP label for CSAF 2.0 (upper case; CLEAR becomes WHITE); empty when not a TLP 2.0 label.
std::string normalize_tlp(std::string_view label);
// Hex digests (the one implementation in core).
using bulwark::sha256_hex;
using bulwark::sha512_hex;
// Detached ASCII-armoured OpenPGP signature of `data` by key `fingerprint` (GPGME).
Result<std::string> gpg_sign_detached(std::string_view data, const std::string& fingerprint,
                                      const std::string& gnupg_home);
// The ASCII-armoured public key `fingerprint` and its full fingerprint (GPGME).
struct PublicKey {
  std::string fingerprint;
  std::string armored;
};
Result<PublicKey> gpg_export_public(const std::string& fingerprint, const std::string& gnupg_home);

}  // namespace bulwark::csaf::detail
