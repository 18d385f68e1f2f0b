// bulwark vercmp (placeholder until implemented).
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace bulwark::cli {

void add_vercmp_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("vercmp", "(not implemented yet)");
  cmd->callback([&ctx] { report_error(ctx, Error{ErrorCode::kUnsupported, "'vercmp' is not implemented yet"}); });
}

}  // namespace bulwark::cli
