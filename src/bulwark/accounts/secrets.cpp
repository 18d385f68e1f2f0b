#include "bulwark/accounts/secrets.hpp"

#include "bulwark/core/digest.hpp"

#include <argon2.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace bulwark::accounts {
namespace {

constexpr std::uint32_t kTimeCost = 3;
constexpr std::uint32_t kParallelism = 1;
constexpr std::uint32_t kDefaultMemoryKib = 65536;  // 64 MiB
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::size_t kPublicIdLength = 8;
constexpr std::size_t kSecretLength = 32;
constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kAlnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

void fill_random(unsigned char* out, std::size_t n) {
  if (n > 0 && RAND_bytes(out, static_cast<int>(n)) != 1)
    throw std::runtime_error("OpenSSL RAND_bytes failed");  // a broken libcrypto: a bug to report
}

// The Argon2 memory cost in KiB: the one read of BULWARK_ARGON2_MEMORY_KIB.
Result<std::uint32_t> argon2_memory_kib() {
  const char* raw = std::getenv("BULWARK_ARGON2_MEMORY_KIB");
  if (raw == nullptr || *raw == '\0') return kDefaultMemoryKib;
  std::string_view text(raw);
  std::uint32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 8 * kParallelism)
    return invalid_input(
        fmt::format("BULWARK_ARGON2_MEMORY_KIB: '{}' is not a number of KiB of at least 8", text));
  return v;
}

// `n` characters drawn uniformly from `alphabet` (rejection sampling: no modulo bias).
std::string random_chars(std::size_t n, std::string_view alphabet) {
  const unsigned limit = 256 - (256 % alphabet.size());
  std::string out;
  out.reserve(n);
  std::array<unsigned char, 64> buf{};
  while (out.size() < n) {
    fill_random(buf.data(), buf.size());
    for (unsigned char b : buf) {
      if (b >= limit) continue;
      out.push_back(alphabet[b % alphabet.size()]);
      if (out.size() == n) break;
    }
  }
  return out;
}

bool all_of(std::string_view s, std::string_view alphabet) {
  for (char c : s)
    if (alphabet.find(c) == std::string_view::npos) return false;
  return true;
}

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  if (password.empty()) return invalid_input("password: empty");
  auto memory = argon2_memory_kib();
  if (!memory) return std::unexpected(memory.error());
  std::array<unsigned char, kSaltBytes> salt{};
  fill_random(salt.data(), salt.size());
  std::string encoded(
      argon2_encodedlen(kTimeCost, *memory, kParallelism, kSaltBytes, kHashBytes, Argon2_id), '\0');
  int rc =
      argon2id_hash_encoded(kTimeCost, *memory, kParallelism, password.data(), password.size(),
                            salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK)
    return make_error(ErrorCode::kInternal,
                      fmt::format("password hash: Argon2id failed: {}", argon2_error_message(rc)));
  encoded.resize(encoded.find('\0') == std::string::npos ? encoded.size() : encoded.find('\0'));
  return encoded;
}

bool verify_password(std::string_view password, const std::string& encoded) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string random_token(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  fill_random(raw.data(), raw.size());
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes; i += 3) {
    std::uint32_t v = (raw[i] << 16) | (raw[i + 1] << 8) | raw[i + 2];
    out.push_back(kB64[(v >> 18) & 63]);
    out.push_back(kB64[(v >> 12) & 63]);
    out.push_back(kB64[(v >> 6) & 63]);
    out.push_back(kB64[v & 63]);
  }
  if (bytes - i == 1) {
    std::uint32_t v = raw[i] << 16;
    out.push_back(kB64[(v >> 18) & 63]);
    out.push_back(kB64[(v >> 12) & 63]);
  } else if (bytes - i == 2) {
    std::uint32_t v = (raw[i] << 16) | (raw[i + 1] << 8);
    out.push_back(kB64[(v >> 18) & 63]);
    out.push_back(kB64[(v >> 12) & 63]);
    out.push_back(kB64[(v >> 6) & 63]);
  }
  return out;
}

NewKey new_api_key() {
  NewKey k;
  k.public_id = random_chars(kPublicIdLength, kLower);
  k.key = "bwk_" + k.public_id + "_" + random_chars(kSecretLength, kAlnum);
  k.secret_hash = key_hash(k.key);
  return k;
}

std::optional<std::string> key_public_id(std::string_view key) {
  constexpr std::size_t kPrefix = 4;  // "bwk_" or "odt_"
  if (key.size() != kPrefix + kPublicIdLength + 1 + kSecretLength) return std::nullopt;
  if (!key.starts_with("bwk_") && !key.starts_with("odt_")) return std::nullopt;
  std::string_view id = key.substr(kPrefix, kPublicIdLength);
  std::string_view secret = key.substr(kPrefix + kPublicIdLength + 1);
  if (key[kPrefix + kPublicIdLength] != '_' || !all_of(id, kLower) || !all_of(secret, kAlnum))
    return std::nullopt;
  return std::string(id);
}

std::string key_hash(std::string_view key) { return bulwark::sha256_hex(key); }

}  // namespace bulwark::accounts
