#include "bulwark/core/digest.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace bulwark {
namespace {

std::string digest_hex(std::string_view data, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1)
    throw std::runtime_error("OpenSSL EVP_Digest failed");  // a bug or a broken libcrypto
  return to_hex(out, len);
}

}  // namespace

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * size);
  for (std::size_t i = 0; i < size; ++i) {
    hex.push_back(kHex[bytes[i] >> 4]);
    hex.push_back(kHex[bytes[i] & 0xf]);
  }
  return hex;
}

std::string sha256_hex(std::string_view data) { return digest_hex(data, EVP_sha256()); }
std::string sha512_hex(std::string_view data) { return digest_hex(data, EVP_sha512()); }

}  // namespace bulwark
