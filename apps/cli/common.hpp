// Helpers shared by the CLI commands: the clock (BULWARK_NOW), opening the stores, gates and
// writing output to a file or standard output.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "bulwark/core/progress.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/service/gate.hpp"
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

// The current time of the process clock (BULWARK_NOW when set) as RFC 3339 UTC, and its date.
// The progress reporter on stderr for --progress (auto: a bar on a terminal outside CI).
ProgressReporter progress_reporter(const Context& ctx);

Result<std::string> now_rfc3339();
std::string today_utc();

// Exit code for a library error: 2 for the caller's mistakes, 3 for runtime failures.
int exit_code_for(const Error& e);

std::string database_path(const Context& ctx);
// The location as shown in reports and documents: a PostgreSQL URL without its password.
std::string database_label(const Context& ctx);
Result<std::unique_ptr<vulndb::Store>> open_vulndb(const Context& ctx);
Result<std::unique_ptr<portfolio::Store>> open_portfolio(const Context& ctx);

// --fail-on takes a priority (P0..P4: fail when a finding is at least that urgent) or a
// severity (critical, high, medium, low); the rule is the service's.
using service::Gate;
Result<Gate> parse_gate(const std::string& fail_on);

// Writes with fn to `path` (atomically, through core/atomic_file) or to standard output when
// path is empty or "-".
Result<void> write_output(const std::string& path,
                          const std::function<Result<void>(std::ostream&)>& fn);

}  // namespace bulwark::cli
