#include "bulwark/core/digest.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace bulwark {
namespace {

// The algorithms are fetched once (OpenSSL 3's implicit fetch behind EVP_sha256() takes the
// provider store's locks on every call, which serialised the server's threads), and each thread
// reuses one digest context.
const EVP_MD* fetched(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (md == nullptr) throw std::runtime_error(std::string("OpenSSL: no ") + name);
  return md;  // kept for the life of the process
}

std::string digest_hex(std::string_view data, const EVP_MD* md) {
  struct Ctx {
    EVP_MD_CTX* p = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(p); }
  };
  thread_local Ctx ctx;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (ctx.p == nullptr || EVP_DigestInit_ex(ctx.p, md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.p, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.p, out, &len) != 1)
    throw std::runtime_error("OpenSSL digest failed");  // a bug or a broken libcrypto
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

std::string sha256_hex(std::string_view data) {
  static const EVP_MD* md = fetched("SHA256");
  return digest_hex(data, md);
}
std::string sha512_hex(std::string_view data) {
  static const EVP_MD* md = fetched("SHA512");
  return digest_hex(data, md);
}

std::string derived_uuid(std::string_view seed) {
  std::string h = sha256_hex(seed).substr(0, 32);
  h[12] = '5';
  h[16] = "89ab"[(h[16] >= 'a' ? h[16] - 'a' + 10 : h[16] - '0') & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

}  // namespace bulwark
