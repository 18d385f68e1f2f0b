#include "common.hpp"

#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "bulwark/core/atomic_file.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/risk/policy.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::cli {

Result<std::string> now_rfc3339() { return system_clock().now_rfc3339(); }

std::string today_utc() {
  auto t = system_clock().today();
  return t ? *t : format_date(std::chrono::system_clock::now());
}

int exit_code_for(const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kUsage:
    case ErrorCode::kNotFound:
    case ErrorCode::kUnsupported:
    case ErrorCode::kConflict:
    case ErrorCode::kPrecondition:
      return 2;
    case ErrorCode::kIo:
    case ErrorCode::kDatabase:
    case ErrorCode::kInternal:
      break;
  }
  return 3;
}

std::string database_path(const Context& ctx) {
  return ctx.db_path.empty() ? vulndb::default_path() : ctx.db_path;
}

std::string database_label(const Context& ctx) {
  const std::string location = database_path(ctx);
  return pg::is_url(location) ? pg::redacted(location) : location;
}

ProgressReporter progress_reporter(const Context& ctx) {
  auto mode = parse_progress_mode(ctx.progress);
  return ProgressReporter::for_stream(stderr, mode ? *mode : ProgressMode::kAuto);
}

Result<std::unique_ptr<vulndb::Store>> open_vulndb(const Context& ctx) {
  return vulndb::Store::open(database_path(ctx));
}

Result<std::unique_ptr<portfolio::Store>> open_portfolio(const Context& ctx) {
  // The vulnerability store creates the file and its directory; the portfolio adds its tables.
  const std::string path = database_path(ctx);
  if (auto v = vulndb::Store::open(path); !v) return std::unexpected(v.error());
  return portfolio::Store::open(path);
}

Result<Gate> parse_gate(const std::string& fail_on) {
  auto g = service::parse_gate(fail_on);
  if (!g) return make_error(ErrorCode::kUsage, "--fail-on: " + g.error().message);
  return g;
}

Result<void> write_output(const std::string& path,
                          const std::function<Result<void>(std::ostream&)>& fn) {
  if (path.empty() || path == "-") {
    auto r = fn(std::cout);
    std::cout.flush();
    return r;
  }
  return write_file_atomic(path, fn);
}

}  // namespace bulwark::cli
