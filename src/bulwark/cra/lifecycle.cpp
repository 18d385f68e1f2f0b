#include "bulwark/cra/lifecycle.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "bulwark/core/text.hpp"
#include "bulwark/cra/clock.hpp"
#include "bulwark/cra/render_internal.hpp"

namespace bulwark::cra {

namespace {
std::string name_of(const SupportPeriod& p) {
  std::string n = p.product.empty() ? std::string("product") : p.product;
  if (!p.release.empty()) n += " " + p.release;
  return n;
}
}  // namespace

bool shorter_than_five_years(const SupportPeriod& p) {
  return p.end < add_calendar_months(p.start, 60);
}

Result<void> validate(const SupportPeriod& p) {
  if (p.end <= p.start)
    return invalid_input(fmt::format("{}: support end {} is not after its start {}", name_of(p),
                                     format_rfc3339(p.end), format_rfc3339(p.start)));
  if (shorter_than_five_years(p) && trim(p.rationale).empty())
    return invalid_input(fmt::format(
        "{}: rationale: required because the support period ({} to {}) is under five years "
        "(A13.8.min: state the expected time in use)",
        name_of(p), detail::format_date(p.start), detail::format_date(p.end)));
  return {};
}

Result<TimePoint> parse_support_date(std::string_view text, std::string_view field) {
  const std::string t(trim(text));
  auto tp = parse_rfc3339(t.size() == 10 ? t + "T00:00:00Z" : t);
  if (!tp)
    return invalid_input(fmt::format("{}: '{}' is not a date (YYYY-MM-DD or RFC 3339): {}", field,
                                     t, tp.error().message));
  return *tp;
}

TimePoint default_support_end(TimePoint start, int years) {
  return add_calendar_months(start, 12 * years);
}

Result<std::optional<SupportPeriod>> release_support_period(
    std::string_view product, std::string_view release, std::string_view released_at,
    std::string_view support_end, std::string_view rationale, int support_years) {
  if (trim(released_at).empty()) return std::optional<SupportPeriod>{};
  const std::string where =
      release.empty() ? std::string(product) : fmt::format("{}@{}", product, release);
  auto start = parse_support_date(released_at, where + ": released_at");
  if (!start) return std::unexpected(start.error());
  TimePoint end = default_support_end(*start, support_years);
  if (!trim(support_end).empty()) {
    auto e = parse_support_date(support_end, where + ": support_end");
    if (!e) return std::unexpected(e.error());
    end = *e;
  }
  return std::optional<SupportPeriod>(SupportPeriod{std::string(product), std::string(release),
                                                    *start, end, std::string(rationale)});
}

Result<std::optional<SupportPeriod>> checked_release_support_period(
    std::string_view product, std::string_view release, std::string_view released_at,
    std::string_view support_end, std::string_view rationale, int support_years) {
  auto p =
      release_support_period(product, release, released_at, support_end, rationale, support_years);
  if (!p || !*p) return p;
  if (auto v = validate(**p); !v) return std::unexpected(v.error());
  return p;
}

std::string_view to_string(SupportStatus s) {
  switch (s) {
    case SupportStatus::kSupported:
      return "supported";
    case SupportStatus::kEndingSoon:
      return "ending_soon";
    case SupportStatus::kEnded:
      break;
  }
  return "ended";
}

SupportStatus support_status(const SupportPeriod& p, TimePoint now, std::chrono::days window) {
  if (now >= p.end) return SupportStatus::kEnded;
  if (p.end - now <= window) return SupportStatus::kEndingSoon;
  return SupportStatus::kSupported;
}

std::string support_end_month(TimePoint end) { return format_rfc3339(end).substr(0, 7); }

std::string support_end_month_name(TimePoint end) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(end)};
  return fmt::format("{} {}", kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()));
}

std::string end_of_support_notice(const SupportPeriod& p, const EndOfSupportNoticeFacts& f) {
  std::string t = fmt::format("End of support: {}\n\n", name_of(p));
  t += fmt::format(
      "Support for {} ends in {} (on {}). From that date {} no longer handles "
      "vulnerabilities in this release and provides no further security updates for it.\n\n",
      name_of(p), support_end_month_name(p.end), detail::format_date(p.end),
      f.manufacturer.empty() ? std::string("the manufacturer") : f.manufacturer);
  t += "Continuing to use unsupported software is a security risk: vulnerabilities found after "
       "the end of support will not be fixed.\n\n";
  if (!f.successor_release.empty())
    t += fmt::format("Upgrade to the supported release {}{}.\n\n", f.successor_release,
                     f.upgrade_url.empty() ? "" : " (" + f.upgrade_url + ")");
  else if (!f.upgrade_url.empty())
    t += fmt::format("Upgrade information: {}\n\n", f.upgrade_url);
  if (!f.contact.empty()) t += fmt::format("Questions and vulnerability reports: {}\n", f.contact);
  return t;
}

TimePoint retain_until(TimePoint update_released_at, TimePoint support_end) {
  return std::max(add_calendar_months(update_released_at, 120), support_end);
}

TimePoint documentation_retain_until(TimePoint placed_on_market, TimePoint support_end) {
  return std::max(add_calendar_months(placed_on_market, 120), support_end);
}

}  // namespace bulwark::cra
