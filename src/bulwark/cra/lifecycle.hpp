// Support periods and retention (digest A13.8.*, A13.9, A13.13, A13.19.*). Pure functions over
// UTC time points; years are calendar years (Feb 29 + 1 year -> Feb 28).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"

namespace bulwark::cra {

// The support period of one release of a product.
struct SupportPeriod {
  std::string product;
  std::string release;
  TimePoint start;        // placed on the market (start of the support period)
  TimePoint end;          // end of support
  std::string rationale;  // information used to set the period (A13.8.determine / A13.8.doc)
};

// A13.8.min: end must be after start; a period under five calendar years needs a rationale
// (the expected time in use). The error names the product/release and the field.
Result<void> validate(const SupportPeriod& p);

// True when the period is shorter than five calendar years.
bool shorter_than_five_years(const SupportPeriod& p);

// ---- the one support-period rule for releases (release add, product show, cra support) ----

inline constexpr int kMinimumSupportYears = 5;

// A release or support date: "YYYY-MM-DD" (midnight UTC) or RFC 3339. `field` names the value in
// the error ("acme@1.0: support_end").
Result<TimePoint> parse_support_date(std::string_view text, std::string_view field);

// The default end of support: `years` calendar years after the start, clamped to the end of the
// month (2024-02-29 + 5 years = 2029-02-28), so that it is always a valid date.
TimePoint default_support_end(TimePoint start, int years = kMinimumSupportYears);

// The support period of one release from its stored fields (dates as text): the end is
// support_end when given, else default_support_end(released_at, support_years). nullopt when the
// release has no release date. Errors name the product@release and the field (released_at,
// support_end); never a command-line option.
Result<std::optional<SupportPeriod>> release_support_period(
    std::string_view product, std::string_view release, std::string_view released_at,
    std::string_view support_end, std::string_view rationale, int support_years);

// The same, validated with validate(): what release add accepts. A release without a date passes.
Result<std::optional<SupportPeriod>> checked_release_support_period(
    std::string_view product, std::string_view release, std::string_view released_at,
    std::string_view support_end, std::string_view rationale, int support_years);

enum class SupportStatus { kSupported, kEndingSoon, kEnded };
std::string_view to_string(SupportStatus s);  // "supported", "ending_soon", "ended"

inline constexpr std::chrono::days kDefaultEndingSoonWindow{180};

// kEnded when now >= end; kEndingSoon when end - now <= window; else kSupported.
SupportStatus support_status(const SupportPeriod& p, TimePoint now,
                             std::chrono::days warning_window = kDefaultEndingSoonWindow);

// "2031-03" style month of the end date, and "March 2031" (A13.19.publish: at least month and
// year).
std::string support_end_month(TimePoint end);
std::string support_end_month_name(TimePoint end);

struct EndOfSupportNoticeFacts {
  std::string manufacturer;
  std::string contact;            // single point of contact (A13.17)
  std::string successor_release;  // supported release users can move to; optional
  std::string upgrade_url;        // optional
};

// A13.19.notify text shown to users when the release reached (or will reach) end of support: the
// product and release, the end date (month and year, and the exact date), that vulnerabilities are
// no longer handled and no security updates follow (DEF.20), the risk of running unsupported
// software (A13.11), what users can do (successor release) and whom to contact.
std::string end_of_support_notice(const SupportPeriod& p, const EndOfSupportNoticeFacts& facts);

// A13.9: a security update stays available until max(released + 10 years, support end).
TimePoint retain_until(TimePoint update_released_at, TimePoint support_end);

// A13.13 / A13.18: technical documentation, declaration and user information are kept until
// max(placed on the market + 10 years, support end).
TimePoint documentation_retain_until(TimePoint placed_on_market, TimePoint support_end);

}  // namespace bulwark::cra
