// bulwark scan (placeholder until implemented).
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace bulwark::cli {

void add_scan_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("scan", "(not implemented yet)");
  cmd->callback([&ctx] { report_error(ctx, Error{ErrorCode::kUnsupported, "'scan' is not implemented yet"}); });
}

}  // namespace bulwark::cli
