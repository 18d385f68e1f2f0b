// bulwark sbom (placeholder until implemented).
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace bulwark::cli {

void add_sbom_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("sbom", "(not implemented yet)");
  cmd->callback([&ctx] { report_error(ctx, Error{ErrorCode::kUnsupported, "'sbom' is not implemented yet"}); });
}

}  // namespace bulwark::cli
