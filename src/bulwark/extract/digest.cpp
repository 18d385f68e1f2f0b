// SHA-256 / SHA-512 of file contents (OpenSSL EVP), lower-case hex.
#include <openssl/evp.h>

#include <stdexcept>
#include <string>

#include "bulwark/extract/walker.hpp"

namespace bulwark::extract {
namespace {

std::string digest_hex(std::string_view data, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1)
    throw std::runtime_error("OpenSSL EVP_Digest failed");  // a bug or a broken libcrypto
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[out[i] >> 4]);
    hex.push_back(kHex[out[i] & 0xf]);
  }
  return hex;
}

}  // namespace

std::string sha256_hex(std::string_view data) { return digest_hex(data, EVP_sha256()); }
std::string sha512_hex(std::string_view data) { return digest_hex(data, EVP_sha512()); }

}  // namespace bulwark::extract
