#include "bulwark/core/uuid.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>

#include "bulwark/core/text.hpp"

namespace bulwark {
namespace {

bool canonical(const std::string& u) {
  if (u.size() != 36) return false;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (u[i] == '-')) return false;
    if (!dash && !((u[i] >= '0' && u[i] <= '9') || (u[i] >= 'a' && u[i] <= 'f'))) return false;
  }
  return true;
}

TEST(Uuid7, VersionVariantAndTimePrefix) {
  const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string u = uuid7();
  ASSERT_TRUE(canonical(u)) << u;
  EXPECT_EQ(u[14], '7') << u;
  EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos) << u;
  // The first 48 bits are the Unix time in milliseconds.
  const long long ms = std::stoll(u.substr(0, 8) + u.substr(9, 4), nullptr, 16);
  EXPECT_GE(ms, before);
  EXPECT_LE(ms, before + 60'000);
  const std::string v4 = random_uuid4();
  ASSERT_TRUE(canonical(v4));
  EXPECT_EQ(v4[14], '4');
}

TEST(Uuid7, StrictlyIncreasingAndUniqueWithinOneThread) {
  // Far more than 4,096 per millisecond: the counter borrows the next millisecond.
  std::set<std::string> seen;
  std::string last;
  for (int i = 0; i < 50'000; ++i) {
    std::string u = uuid7();
    ASSERT_TRUE(canonical(u)) << u;
    ASSERT_GT(u, last) << "after " << last;
    ASSERT_TRUE(seen.insert(u).second) << u;
    last = std::move(u);
  }
}

}  // namespace
}  // namespace bulwark
