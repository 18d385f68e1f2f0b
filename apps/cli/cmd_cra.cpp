// bulwark cra ...: the CRA compliance commands. Article 14 cases and their clocks (case,
// deadlines, draft: cmd_cra_case.cpp, cmd_cra_report.cpp), support periods, classification, the
// Annex I checklist and the documentation with its evidence bundle (cmd_cra_product.cpp). Every
// rule is in the service layer (src/bulwark/service/cra_*.hpp); these files parse arguments, call
// it and render. Every command honours BULWARK_NOW; see docs/cra-cli.md.
#include "cmd_cra.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "bulwark/service/cra_common.hpp"
#include "common.hpp"

namespace bulwark::cli {

Result<CraEnv> open_cra_env(Context& ctx, bool with_vulns) {
  CraEnv env;
  auto store = open_portfolio(ctx);
  if (!store) return std::unexpected(store.error());
  env.store = std::move(*store);
  auto cra = portfolio::CraStore::open(database_path(ctx));
  if (!cra) return std::unexpected(cra.error());
  env.cra = std::move(*cra);
  auto risk = portfolio::RiskStore::open(database_path(ctx));
  if (!risk) return std::unexpected(risk.error());
  env.risk = std::move(*risk);
  auto exposure = portfolio::ExposureStore::open(database_path(ctx));
  if (!exposure) return std::unexpected(exposure.error());
  env.exposure = std::move(*exposure);
  if (with_vulns) {
    auto vulns = open_vulndb(ctx);
    if (!vulns) return std::unexpected(vulns.error());
    env.vulns = std::move(*vulns);
  }
  return env;
}

int cra_usage(Context& ctx, std::string message) {
  report_error(ctx, Error{ErrorCode::kUsage, std::move(message)});
  return ctx.exit_code;
}

Result<std::optional<TimePoint>> option_time(const std::string& text, std::string_view option) {
  if (text.empty()) return std::optional<TimePoint>{};
  auto t = service::parse_time_or_date(text);
  if (!t) return std::unexpected(std::move(t.error()).with_context(std::string(option)));
  return std::optional<TimePoint>(*t);
}

std::string actor_or_user(const std::string& by) {
  if (!by.empty()) return by;
  const char* user = std::getenv("USER");
  return user ? user : "unknown";
}

void add_cra_command(CLI::App& app, Context& ctx) {
  auto* cra = app.add_subcommand("cra",
                                 "EU Cyber Resilience Act: Article 14 cases and deadlines, support "
                                 "periods, classification, Annex I checklist, documentation");
  cra->require_subcommand(1);
  add_cra_case_commands(*cra, ctx);
  add_cra_reporting_commands(*cra, ctx);
  add_cra_product_commands(*cra, ctx);
}

}  // namespace bulwark::cli
