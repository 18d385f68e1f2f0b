// The CLI's subcommands. Each lives in its own cmd_*.cpp and only parses arguments, calls the
// library and renders the result. Exit codes: 0 ok, 1 gate failed, 2 bad input or usage,
// 3 runtime error.
#pragma once

#include <string>

#include "bulwark/core/result.hpp"

namespace CLI {
class App;
}

namespace bulwark::cli {

struct Context {
  std::string db_path;            // --db / BULWARK_DB; empty means vulndb::default_path()
  std::string progress = "auto";  // --progress / BULWARK_PROGRESS: none, auto, bar, plain
  int exit_code = 0;
};

// Prints "bulwark: <message>" to stderr and records the exit code for the error.
void report_error(Context& ctx, const Error& e);

void add_purl_command(CLI::App& app, Context& ctx);
void add_vercmp_command(CLI::App& app, Context& ctx);
void add_db_command(CLI::App& app, Context& ctx);
void add_scan_command(CLI::App& app, Context& ctx);
void add_cvss_command(CLI::App& app, Context& ctx);
void add_sbom_command(CLI::App& app, Context& ctx);
void add_product_command(CLI::App& app, Context& ctx);
void add_handling_commands(CLI::App& app, Context& ctx);
void add_cra_command(CLI::App& app, Context& ctx);
void add_risk_command(CLI::App& app, Context& ctx);
void add_exposure_command(CLI::App& app, Context& ctx);
void add_server_commands(CLI::App& app, Context& ctx);
void add_notify_command(CLI::App& app, Context& ctx);

}  // namespace bulwark::cli
