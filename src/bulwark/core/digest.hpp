// The one home of whole-buffer digests: lower-case hex SHA-256 / SHA-512 (OpenSSL EVP).
// Streaming digests of large files stay in extract/ (both digests in one pass, on a thread pool).
#pragma once

#include <string>
#include <string_view>

namespace bulwark {

std::string sha256_hex(std::string_view data);
std::string sha512_hex(std::string_view data);
// Lower-case hex of raw bytes.
std::string to_hex(const unsigned char* bytes, std::size_t size);
// A stable UUID (version 5 layout) derived from the SHA-256 of a seed: the same seed gives the
// same id on every host and run (Dependency-Track component ids, notification and job ids).
std::string derived_uuid(std::string_view seed);

}  // namespace bulwark
