// bulwark cvss VECTOR...: scores CVSS v2.0/v3.0/v3.1/v4.0 vectors, one JSON line per vector:
// {"vector","version","base","temporal"?,"threat"?,"environmental"?,"score","severity",
//  "normalized","nomenclature"?}. An invalid vector prints {"vector","error"} naming the
// offending metric; the command then exits 2 after all vectors have been printed.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "bulwark/cvss/cvss.hpp"
#include "commands.hpp"

namespace bulwark::cli {
namespace {

nlohmann::ordered_json to_json(const std::string& vector, const cvss::Score& s) {
  nlohmann::ordered_json j;
  j["vector"] = vector;
  j["version"] = cvss::to_string(s.version);
  j["base"] = s.base;
  if (s.temporal) j["temporal"] = *s.temporal;
  if (s.threat) j["threat"] = *s.threat;
  if (s.environmental) j["environmental"] = *s.environmental;
  j["score"] = s.overall;
  j["severity"] = s.severity;
  j["normalized"] = s.normalized_vector;
  if (!s.nomenclature.empty()) j["nomenclature"] = s.nomenclature;
  return j;
}

void run_cvss(const std::vector<std::string>& vectors, Context& ctx) {
  bool failed = false;
  for (const auto& v : vectors) {
    auto s = cvss::score(v);
    if (s) {
      fmt::print("{}\n", to_json(v, *s).dump());
      continue;
    }
    failed = true;
    nlohmann::ordered_json j;
    j["vector"] = v;
    j["error"] = s.error().message;
    fmt::print("{}\n", j.dump());
  }
  if (failed && ctx.exit_code == 0) ctx.exit_code = 2;
}

}  // namespace

void add_cvss_command(CLI::App& app, Context& ctx) {
  auto vectors = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand(
      "cvss", "Score CVSS v2.0/v3.0/v3.1/v4.0 vectors; one JSON line per vector");
  cmd->add_option("vectors", *vectors,
                  "CVSS vectors, e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
      ->required();
  cmd->callback([vectors, &ctx] { run_cvss(*vectors, ctx); });
}

}  // namespace bulwark::cli
