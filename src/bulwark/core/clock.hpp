// Time points in UTC: RFC 3339 parsing (offsets accepted, converted to UTC) and formatting, and
// the current time, which BULWARK_NOW (RFC 3339) fixes for reproducible runs, dry runs and tests.
// Thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark {

using TimePoint = std::chrono::system_clock::time_point;

// Parses an RFC 3339 date-time ("2026-11-29T17:52:43Z", "...+01:00", fractional seconds
// allowed) to UTC. A leap second (":60") is read as the next second.
Result<TimePoint> parse_rfc3339(std::string_view text);

// "2026-11-29T17:52:43Z" (whole seconds, UTC).
std::string format_rfc3339(TimePoint t);

// The current time, or BULWARK_NOW when set (an error when it does not parse). The one read of
// the real clock in the library: everything else asks a Clock.
Result<TimePoint> now();

// now() for defaults that cannot fail (a record's import time, a document's timestamp when no
// clock was given): a malformed BULWARK_NOW, which front ends report at start, reads as unset.
TimePoint now_or_system();

// "YYYY-MM-DD" of a time point (UTC).
std::string format_date(TimePoint t);

// The clock a use case is given (injected, so that tests and the server fix time). now() may
// fail only for the system clock with a malformed BULWARK_NOW.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Result<TimePoint> now() const = 0;
  // now() as RFC 3339 ("2026-11-29T17:52:43Z") and as its date ("2026-11-29").
  Result<std::string> now_rfc3339() const;
  Result<std::string> today() const;
};

// The process clock: BULWARK_NOW when set, else the system time.
const Clock& system_clock();

// A clock standing still at one instant (tests, dry runs, replays); set() moves it.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint t) : t_(t) {}
  Result<TimePoint> now() const override { return t_; }
  void set(TimePoint t) { t_ = t; }

 private:
  TimePoint t_;
};

}  // namespace bulwark
