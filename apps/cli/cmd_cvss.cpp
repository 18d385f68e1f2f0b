// bulwark cvss (placeholder until the CVSS module lands).
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace bulwark::cli {

void add_cvss_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("cvss", "(not implemented yet)");
  cmd->callback([&ctx] { report_error(ctx, Error{ErrorCode::kUnsupported, "'cvss' is not implemented yet"}); });
}

}  // namespace bulwark::cli
