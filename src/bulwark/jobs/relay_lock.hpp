// The one node that relays notifications (issue 16): workers on several hosts each try to hold
// a session-level PostgreSQL advisory lock on a connection of their own; the holder relays the
// outbox, the others run jobs only. The lock goes with the holder's connection, so when that
// worker dies another one takes over at its next try. On SQLite (one host, one writer) every
// worker may relay: deliveries are leased either way (notify::Store::claim).
#pragma once

#include <memory>
#include <string>

#include "bulwark/core/result.hpp"

namespace bulwark::jobs {

class RelayLock {
 public:
  virtual ~RelayLock() = default;
  // A lock for `location` (postgresql://: the advisory lock; anything else: always held). Opens
  // its own connection; nothing is locked until try_hold().
  static Result<std::unique_ptr<RelayLock>> open(const std::string& location);
  // True while this process holds the lock: takes it when free, keeps it when held (a lost
  // connection loses it: false, and the next call connects again).
  virtual bool try_hold() = 0;
};

}  // namespace bulwark::jobs
