// The doorbell that wakes serve()'s idle job workers after a change (server/doorbell.hpp).
#include "bulwark/server/doorbell.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace bulwark::server {
namespace {

using std::chrono::milliseconds;

TEST(Doorbell, WaitTimesOutWithoutARing) {
  Doorbell bell;
  std::uint64_t seen = 0;
  EXPECT_FALSE(bell.wait(milliseconds(1), seen));
  EXPECT_EQ(seen, 0u);
}

TEST(Doorbell, ARingBeforeTheWaitIsNotLost) {
  // A request that queues a job while the worker is busy: the worker's next wait returns at
  // once, and only once per ring.
  Doorbell bell;
  std::uint64_t seen = 0;
  bell.ring();
  EXPECT_TRUE(bell.wait(milliseconds(10'000), seen));
  EXPECT_EQ(seen, 1u);
  EXPECT_FALSE(bell.wait(milliseconds(1), seen));
}

TEST(Doorbell, ARingWakesEveryWaiter) {
  Doorbell bell;
  std::atomic<int> rung{0};
  std::atomic<int> waiting{0};
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i)
    workers.emplace_back([&] {
      std::uint64_t seen = 0;
      ++waiting;
      // Far longer than the test: only a ring ends this wait with true.
      if (bell.wait(milliseconds(60'000), seen)) ++rung;
    });
  while (waiting < 3) std::this_thread::yield();
  bell.ring();
  for (auto& t : workers) t.join();
  EXPECT_EQ(rung, 3);
}

}  // namespace
}  // namespace bulwark::server
