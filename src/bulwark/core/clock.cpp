#include "bulwark/core/clock.hpp"

#include <fmt/format.h>
#include <cstdio>
#include <cstdlib>

namespace bulwark {

Result<TimePoint> parse_rfc3339(std::string_view text) {
  std::string s(text);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%*[Tt ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
                  &consumed) != 6)
    return invalid_input("'" + s + "' is not an RFC 3339 date-time");
  std::string_view rest = std::string_view(s).substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest[0] == '.') {
    std::size_t i = 1;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    rest.remove_prefix(i);
  }
  int offset_minutes = 0;
  if (rest == "Z" || rest == "z") {
    offset_minutes = 0;
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = std::atoi(std::string(rest.substr(1, 2)).c_str());
    int om = std::atoi(std::string(rest.substr(4, 2)).c_str());
    if (oh > 23 || om > 59) return invalid_input("'" + s + "': time zone offset out of range");
    offset_minutes = (rest[0] == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return invalid_input("'" + s + "': missing or malformed time zone (Z or +hh:mm)");
  }
  std::chrono::year_month_day ymd{std::chrono::year{y},
                                  std::chrono::month{static_cast<unsigned>(mo)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60)
    return invalid_input("'" + s + "' is not a valid date-time");
  auto tp = std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
            std::chrono::seconds{sec} - std::chrono::minutes{offset_minutes};
  return TimePoint{std::chrono::duration_cast<TimePoint::duration>(tp.time_since_epoch())};
}

std::string format_rfc3339(TimePoint t) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(t);
  const auto days = std::chrono::floor<std::chrono::days>(secs);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{secs - days};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

Result<TimePoint> now() {
  if (const char* fixed = std::getenv("BULWARK_NOW"); fixed && *fixed) {
    auto t = parse_rfc3339(fixed);
    if (!t) return invalid_input("BULWARK_NOW: " + t.error().message);
    return t;
  }
  return std::chrono::system_clock::now();
}

TimePoint now_or_system() {
  auto t = now();
  return t ? *t : std::chrono::system_clock::now();
}

std::string format_date(TimePoint t) { return format_rfc3339(t).substr(0, 10); }

Result<std::string> Clock::now_rfc3339() const {
  auto t = now();
  if (!t) return std::unexpected(t.error());
  return format_rfc3339(*t);
}

Result<std::string> Clock::today() const {
  auto t = now();
  if (!t) return std::unexpected(t.error());
  return format_date(*t);
}

namespace {
class SystemClock final : public Clock {
 public:
  Result<TimePoint> now() const override { return bulwark::now(); }
};
}  // namespace

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

}  // namespace bulwark
