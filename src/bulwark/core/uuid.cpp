#include <cstdint>
#include <random>

#include "bulwark/core/text.hpp"

namespace bulwark {

std::string random_uuid4() {
  // One generator per thread, seeded once from the system's entropy (opening the random device
  // per UUID cost a system call pair on every server request). Not for secrets: those come from
  // OpenSSL (accounts/secrets.hpp).
  thread_local std::mt19937_64 gen = [] {
    std::random_device rd;
    return std::mt19937_64((std::uint64_t{rd()} << 32) ^ rd());
  }();
  std::uniform_int_distribution<unsigned> d(0, 15);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx";
  for (char& c : s) {
    if (c == 'x') {
      c = kHex[d(gen)];
    } else if (c == 'y') {
      c = kHex[8 + (d(gen) & 3)];
    }
  }
  return s;
}

}  // namespace bulwark
