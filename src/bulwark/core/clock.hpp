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

// The current time, or BULWARK_NOW when set (an error when it does not parse).
Result<TimePoint> now();

}  // namespace bulwark
