#include "bulwark/core/uuid.hpp"

#include <chrono>
#include <cstdint>
#include <random>

#include "bulwark/core/text.hpp"

namespace bulwark {
namespace {

// One generator per thread, seeded once from the system's entropy (opening the random device
// per UUID cost a system call pair on every server request). Not for secrets: those come from
// OpenSSL (accounts/secrets.hpp).
std::mt19937_64& generator() {
  thread_local std::mt19937_64 gen = [] {
    std::random_device rd;
    return std::mt19937_64((std::uint64_t{rd()} << 32) ^ rd());
  }();
  return gen;
}

}  // namespace

std::string random_uuid4() {
  std::mt19937_64& gen = generator();
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

std::string uuid7() {
  std::mt19937_64& gen = generator();
  thread_local std::uint64_t last_ms = 0;
  thread_local std::uint16_t counter = 0;  // rand_a: 12 bits, increasing within a millisecond
  const auto ms =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  if (ms > last_ms) {
    last_ms = ms;
    counter = static_cast<std::uint16_t>(gen() & 0x7ff);  // room to count up
  } else if (++counter > 0xfff) {
    ++last_ms;  // more than the counter holds in one millisecond: borrow the next one
    counter = 0;
  }
  const std::uint64_t hi = (last_ms << 16) | 0x7000u | counter;
  const std::uint64_t lo = (gen() & 0x3fffffffffffffffull) | 0x8000000000000000ull;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(36, '-');
  int pos = 0;
  auto put = [&](std::uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      s[pos++] = kHex[(v >> (4 * i)) & 0xf];
    }
  };
  put(hi, 16);
  put(lo, 16);
  return s;
}

}  // namespace bulwark
