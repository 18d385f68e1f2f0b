// Internal to the `bulwark cra ...` commands (cmd_cra*.cpp): the stores they open and the pieces
// of argument handling they share. The use cases are in src/bulwark/service/cra_*.hpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/vulndb/store.hpp"
#include "commands.hpp"

namespace bulwark::cli {

// The stores a cra command needs (one database file, --db).
struct CraEnv {
  std::unique_ptr<portfolio::Store> store;
  std::unique_ptr<portfolio::CraStore> cra;
  std::unique_ptr<portfolio::RiskStore> risk;          // the risk assessments (bulwark risk)
  std::unique_ptr<portfolio::ExposureStore> exposure;  // stored exposure results per release
  std::unique_ptr<vulndb::Store> vulns;                // when asked for
};
Result<CraEnv> open_cra_env(Context& ctx, bool with_vulns);

// Reports a usage error (exit 2) and returns the exit code.
int cra_usage(Context& ctx, std::string message);

// An option's time: RFC 3339 with any offset, or a date YYYY-MM-DD; the error names the option.
Result<std::optional<TimePoint>> option_time(const std::string& text, std::string_view option);

// The actor named with --by, else $USER (else "unknown").
std::string actor_or_user(const std::string& by);

void add_cra_case_commands(CLI::App& cra, Context& ctx);
void add_cra_reporting_commands(CLI::App& cra, Context& ctx);
void add_cra_product_commands(CLI::App& cra, Context& ctx);

}  // namespace bulwark::cli
