// Wakes idle job workers of this process when a request may have queued work, so an upload is
// claimed at once instead of at the worker's next poll. Workers in other processes (`bulwark
// worker`, other hosts) still find work by polling; the bell only shortens the wait.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace bulwark::server {

class Doorbell {
 public:
  // Wakes every waiter (and makes the next wait of a waiter that has not seen this ring return
  // at once).
  void ring() {
    {
      std::lock_guard lock(mutex_);
      ++rings_;
    }
    cv_.notify_all();
  }
  // Waits until a ring the caller has not seen or `timeout`; `seen` is the caller's count of
  // rings, updated. True when rung.
  bool wait(std::chrono::milliseconds timeout, std::uint64_t& seen) {
    std::unique_lock lock(mutex_);
    const bool rung = cv_.wait_for(lock, timeout, [&] { return rings_ != seen; });
    seen = rings_;
    return rung;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t rings_ = 0;
};

}  // namespace bulwark::server
