// Helpers shared by the CLI commands: the clock (BULWARK_NOW), opening the stores, gates and
// writing output to a file or standard output.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "bulwark/core/result.hpp"
#include "bulwark/match/matcher.hpp"
#include "commands.hpp"

namespace bulwark::vulndb {
class Store;
}
namespace bulwark::portfolio {
class Store;
}

namespace bulwark::cli {

// Reports the error of a failed result (exit code recorded in ctx); true when it failed.
template <class T>
bool failed(Context& ctx, const Result<T>& r) {
  if (r) return false;
  report_error(ctx, r.error());
  return true;
}

// The current time (BULWARK_NOW when set) as RFC 3339 UTC, and its date YYYY-MM-DD.
Result<std::string> now_rfc3339();
std::string today_utc();

std::string database_path(const Context& ctx);
Result<std::unique_ptr<vulndb::Store>> open_vulndb(const Context& ctx);
Result<std::unique_ptr<portfolio::Store>> open_portfolio(const Context& ctx);

// --fail-on takes a priority (P0..P4: fail when a finding is at least that urgent) or a
// severity (critical, high, medium, low).
struct Gate {
  int priority = -1;  // 0..4
  int severity = -1;  // severity_rank
  bool active() const { return priority >= 0 || severity >= 0; }
  bool reached(std::string_view finding_priority, std::string_view finding_severity) const;
  bool reached(const match::Finding& f) const { return reached(f->priority, f->severity); }
};
Result<Gate> parse_gate(const std::string& fail_on);

// Writes with fn to `path` (atomically: a temporary file renamed into place) or to standard
// output when path is empty or "-".
Result<void> write_output(const std::string& path, const std::function<Result<void>(std::ostream&)>& fn);

}  // namespace bulwark::cli
