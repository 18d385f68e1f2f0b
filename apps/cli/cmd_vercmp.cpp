// bulwark vercmp ECOSYSTEM A B: compares two versions under an OSV ecosystem's rules and prints
// -1, 0 or 1. An unknown ecosystem or a version the ecosystem cannot parse exits 2 with the
// reason on stderr. Versions that start with '-' can follow "--".
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <string>

#include "bulwark/version/version.hpp"
#include "commands.hpp"

namespace bulwark::cli {
namespace {

struct VercmpOptions {
  std::string ecosystem;
  std::string a;
  std::string b;
};

void run_vercmp(const VercmpOptions& opt, Context& ctx) {
  if (!version::supports(opt.ecosystem)) {
    report_error(ctx, Error{ErrorCode::kUnsupported,
                            fmt::format("no version scheme for ecosystem '{}'", opt.ecosystem)});
    return;
  }
  auto r = version::compare(opt.ecosystem, opt.a, opt.b);
  if (!r) {
    report_error(ctx, r.error());
    return;
  }
  fmt::print("{}\n", *r);
}

}  // namespace

void add_vercmp_command(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<VercmpOptions>();
  auto* cmd = app.add_subcommand(
      "vercmp", "Compare two versions under an ecosystem's rules; prints -1, 0 or 1");
  cmd->add_option("ecosystem", opt->ecosystem,
                  "OSV ecosystem, e.g. Debian, npm, \"Red Hat\", SEMVER")
      ->required();
  cmd->add_option("a", opt->a, "First version")->required();
  cmd->add_option("b", opt->b, "Second version")->required();
  cmd->callback([opt, &ctx] { run_vercmp(*opt, ctx); });
}

}  // namespace bulwark::cli
