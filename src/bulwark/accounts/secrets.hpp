// The secrets of the team server (issue 11), made and checked here so that the store only ever
// sees their hashes: Argon2id password hashes (libargon2), random tokens (OpenSSL RAND_bytes) for
// sessions and CSRF, and API keys "bwk_<public_id>_<secret>" whose SHA-256 is what is stored.
// Clients of the Dependency-Track API may present the same key shape with the prefix "odt_".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark::accounts {

// Argon2id, t = 3, p = 1, 16-byte random salt, 32-byte hash, in the PHC encoded form
// ("$argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>"). Memory is 64 MiB unless
// BULWARK_ARGON2_MEMORY_KIB sets another amount (tests under sanitizers use 1024). Fails on an
// empty password or a malformed BULWARK_ARGON2_MEMORY_KIB.
Result<std::string> hash_password(std::string_view password);

// True when `password` matches the encoded Argon2id hash (its own parameters are used); false on
// a mismatch or a malformed hash.
bool verify_password(std::string_view password, const std::string& encoded);

// `bytes` random bytes as URL-safe base64 without padding (session cookies, CSRF tokens).
std::string random_token(std::size_t bytes);

struct NewKey {
  std::string key;          // shown once: "bwk_" + public_id + "_" + secret
  std::string public_id;    // 8 lower-case letters and digits
  std::string secret_hash;  // key_hash(key)
};

// A fresh API key: an 8-character public id ([a-z0-9]) and a 32-character secret ([A-Za-z0-9]).
NewKey new_api_key();

// The public id of a key of the shape "bwk_<8 [a-z0-9]>_<32 [A-Za-z0-9]>" ("odt_" accepted in
// place of "bwk_"); nullopt for anything else.
std::optional<std::string> key_public_id(std::string_view key);

// SHA-256 of the whole key, lower-case hex (what ApiKey::secret_hash holds).
std::string key_hash(std::string_view key);

}  // namespace bulwark::accounts
