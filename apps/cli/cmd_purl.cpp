// bulwark purl (placeholder until implemented).
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace bulwark::cli {

void add_purl_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("purl", "(not implemented yet)");
  cmd->callback([&ctx] { report_error(ctx, Error{ErrorCode::kUnsupported, "'purl' is not implemented yet"}); });
}

}  // namespace bulwark::cli
