#include "common.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>

#include "bulwark/core/clock.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/risk/policy.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::cli {

Result<std::string> now_rfc3339() {
  auto t = bulwark::now();
  if (!t) return std::unexpected(t.error());
  return format_rfc3339(*t);
}

std::string today_utc() {
  auto t = now_rfc3339();
  return t ? t->substr(0, 10) : format_rfc3339(std::chrono::system_clock::now()).substr(0, 10);
}

std::string database_path(const Context& ctx) { return ctx.db_path.empty() ? vulndb::default_path() : ctx.db_path; }

Result<std::unique_ptr<vulndb::Store>> open_vulndb(const Context& ctx) { return vulndb::Store::open(database_path(ctx)); }

Result<std::unique_ptr<portfolio::Store>> open_portfolio(const Context& ctx) {
  // The vulnerability store creates the file and its directory; the portfolio adds its tables.
  const std::string path = database_path(ctx);
  if (auto v = vulndb::Store::open(path); !v) return std::unexpected(v.error());
  return portfolio::Store::open_sqlite(path);
}

bool Gate::reached(std::string_view finding_priority, std::string_view finding_severity) const {
  if (priority >= 0) return finding_priority.size() == 2 && finding_priority[1] - '0' <= priority;
  if (severity >= 0) return match::severity_rank(finding_severity) >= severity;
  return false;
}

Result<Gate> parse_gate(const std::string& fail_on) {
  Gate gate;
  if (fail_on.empty()) return gate;
  std::string up = fail_on;
  for (char& c : up)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (auto p = risk::parse_priority(up)) {
    gate.priority = static_cast<int>(*p);
  } else if (match::severity_rank(up) > 0) {
    gate.severity = match::severity_rank(up);
  } else {
    return make_error(ErrorCode::kUsage,
                      "--fail-on: expected a priority (P0..P4) or a severity (critical, high, medium, low), got '" + fail_on + "'");
  }
  return gate;
}

Result<void> write_output(const std::string& path, const std::function<Result<void>(std::ostream&)>& fn) {
  if (path.empty() || path == "-") {
    auto r = fn(std::cout);
    std::cout.flush();
    return r;
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return io_error(path + ": cannot open for writing");
    auto r = fn(out);
    out.close();
    if (!r || !out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      if (!r) return r;
      return io_error(path + ": write failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return io_error(path + ": cannot rename " + tmp + ": " + ec.message());
  return {};
}

}  // namespace bulwark::cli
