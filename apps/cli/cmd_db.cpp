// bulwark db (placeholder until implemented).
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace bulwark::cli {

void add_db_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("db", "(not implemented yet)");
  cmd->callback([&ctx] { report_error(ctx, Error{ErrorCode::kUnsupported, "'db' is not implemented yet"}); });
}

}  // namespace bulwark::cli
