// bulwark purl PURL... : parses, validates and normalises package URLs. Prints one JSON object
// per input on its own line; an invalid purl prints {"input","error"} and makes the command exit
// 2 once every input has been processed.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bulwark/purl/purl.hpp"
#include "commands.hpp"

namespace bulwark::cli {
namespace {

struct PurlOptions {
  std::vector<std::string> purls;
  std::string file;
  bool strict = false;
  bool permissive = false;
};

nlohmann::ordered_json nullable(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
}

nlohmann::ordered_json to_json(std::string_view input, const purl::Purl& p) {
  nlohmann::ordered_json q = nullptr;
  if (!p.qualifiers.empty()) {
    q = nlohmann::ordered_json::object();
    for (const auto& [k, v] : p.qualifiers) q[k] = v;
  }
  return {{"input", input},  {"purl", purl::to_string(p)},
          {"type", p.type},  {"namespace", nullable(p.ns)},
          {"name", p.name},  {"version", nullable(p.version)},
          {"qualifiers", q}, {"subpath", nullable(p.subpath)}};
}

// Prints the line for one input; returns false when it is not a valid purl.
bool report_one(std::string_view input, purl::Mode mode) {
  auto parsed = purl::parse(input, mode);
  nlohmann::ordered_json line =
      parsed ? to_json(input, *parsed)
             : nlohmann::ordered_json{{"input", input}, {"error", parsed.error().message}};
  // Decoded components may hold arbitrary bytes: replace invalid UTF-8 rather than throw.
  fmt::print("{}\n", line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  return parsed.has_value();
}

// Reads one purl a line from a file ("-" = standard input); blank lines are skipped.
Result<std::vector<std::string>> read_lines(const std::string& path) {
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) return not_found(path + ": cannot open file");
  }
  std::istream& in = path == "-" ? std::cin : file;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

void run_purl(const PurlOptions& opt, Context& ctx) {
  std::vector<std::string> inputs = opt.purls;
  if (!opt.file.empty()) {
    auto lines = read_lines(opt.file);
    if (!lines) return report_error(ctx, lines.error());
    inputs.insert(inputs.end(), lines->begin(), lines->end());
  }
  if (inputs.empty())
    return report_error(ctx, Error{ErrorCode::kUsage, "purl: give at least one PURL or --file"});
  auto mode = opt.strict       ? purl::Mode::kStrict
              : opt.permissive ? purl::Mode::kPermissive
                               : purl::Mode::kLenient;
  bool all_valid = true;
  for (const auto& input : inputs) all_valid = report_one(input, mode) && all_valid;
  std::fflush(stdout);
  if (!all_valid) ctx.exit_code = 2;
}

}  // namespace

void add_purl_command(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<PurlOptions>();
  auto* cmd = app.add_subcommand(
      "purl", "Parse, validate and normalise package URLs (one JSON line per input)");
  cmd->add_option("purls", opt->purls, "Package URLs, e.g. pkg:npm/%40angular/core@17.0.0");
  cmd->add_option("-f,--file", opt->file, "Read one purl a line from FILE ('-' = standard input)");
  auto* strict = cmd->add_flag("--strict", opt->strict,
                               "ECMA-427 strict: reject qualifier keys that are not lower-case");
  cmd->add_flag("--permissive", opt->permissive,
                "Accept real-world deviations from the per-type rules (e.g. pkg:golang/stdlib); "
                "still normalise")
      ->excludes(strict);
  cmd->footer(
      "Exit codes: 0 all valid, 2 at least one invalid purl (each gets {\"input\",\"error\"}).");
  cmd->callback([opt, &ctx] { run_purl(*opt, ctx); });
}

}  // namespace bulwark::cli
