// Test helpers of the csaf area: sample inputs and the two conformance oracles every document
// the writers produce must pass: the CSAF 2.0 JSON schema (../shared/oracles/schema-validate.py,
// python3-jsonschema) and the strict schema + mandatory tests of @secvisogram/csaf-validator-lib
// (tests/oracles/csaf-validate.js from $BULWARK_ORACLES/node_modules).
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bulwark/model/handling.hpp"
#include "shared.hpp"

namespace bulwark::csaf::testing {

inline AdvisoryInput sample_advisory() {
  AdvisoryInput in;
  in.tracking_id = "ACME-SA-2026-0001";
  in.title = "ACME Router: remote code execution in the web interface";
  in.publisher_name = "ACME Corp PSIRT";
  in.publisher_namespace = "https://acme.example";
  in.publisher_contact = "psirt@acme.example";
  in.summary = "A flaw in the web interface allows remote code execution.";
  in.initial_release_date = "2026-01-10T08:00:00Z";
  in.current_release_date = "2026-02-01T09:30:00Z";
  in.revisions = {{"1", "2026-01-10T08:00:00Z", "Initial version."},
                  {"2", "2026-02-01T09:30:00Z", "Fixed version added."}};
  in.products = {{"CSAFPID-0001", "ACME", "Router", "1.0", "pkg:generic/acme/router@1.0", ""},
                 {"CSAFPID-0002", "ACME", "Router", "1.1", "pkg:generic/acme/router@1.1",
                  "cpe:2.3:h:acme:router:1.1:*:*:*:*:*:*:*"},
                 {"CSAFPID-0003", "ACME", "Switch", "", "", ""}};
  AdvisoryVulnerability v;
  v.cve = "CVE-2026-12345";
  v.ids = {"GHSA-abcd-efgh-ijkl"};
  v.cwe_id = "CWE-79";
  v.cwe_name =
      "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')";
  v.title = "Cross-site scripting in the web interface";
  v.description = "The web interface does not escape the host name field.";
  v.scores = {{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CRITICAL"},
              {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 0, ""}};
  v.known_affected = {"CSAFPID-0001"};
  v.fixed = {"CSAFPID-0002"};
  v.known_not_affected = {"CSAFPID-0003"};
  v.remediations = {{"vendor_fix",
                     "Update to version 1.1.",
                     "https://acme.example/download",
                     {"CSAFPID-0001"},
                     ""}};
  v.exploitation = "No known exploitation.";
  v.impact = "An attacker can run code as root.";
  v.references = {"https://nvd.nist.gov/vuln/detail/CVE-2026-12345"};
  in.vulnerabilities = {v};
  in.references = {"https://acme.example/.well-known/csaf/white/2026/acme-sa-2026-0001.json"};
  return in;
}

// Validates `docs` with both oracles, each skipping with a message when absent; returns the number
// of documents the node oracle validated (0 when it was skipped).
inline std::size_t expect_csaf_valid(const std::vector<std::string>& docs) {
  namespace fs = std::filesystem;
  test::TempDir tmp;
  std::string args;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const auto file = tmp.path() / ("doc" + std::to_string(i) + ".json");
    std::ofstream(file) << docs[i];
    args += " " + test::shell_quote(file);
  }
  auto shared = test::shared_dir();
  if (shared && fs::exists(*shared / "oracles/schema-validate.py") &&
      fs::exists("/usr/bin/python3")) {
    auto r = test::run("SCHEMAS=" + test::shell_quote(*shared / "schemas") + " /usr/bin/python3 " +
                       test::shell_quote(*shared / "oracles/schema-validate.py") + " --kind csaf" +
                       args);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    std::size_t lines = 0;
    for (std::size_t p = 0; (p = r.out.find("\"valid\": true", p)) != std::string::npos; ++p)
      ++lines;
    EXPECT_EQ(lines, docs.size()) << r.out;
  } else {
    std::printf(
        "[ skipped  ] CSAF JSON schema oracle absent (../shared/oracles/schema-validate.py)\n");
  }
  const char* oracles = std::getenv("BULWARK_ORACLES");
  const fs::path lib =
      oracles ? fs::path(oracles) / "node_modules/@secvisogram/csaf-validator-lib/package.json"
              : fs::path();
  if (oracles == nullptr || !fs::exists(lib) || test::run("command -v node").exit_code != 0) {
    std::printf(
        "[ skipped  ] @secvisogram/csaf-validator-lib absent (BULWARK_ORACLES): mandatory tests "
        "not run\n");
    return 0;
  }
  auto r = test::run(
      "node " + test::shell_quote(test::source_dir() / "tests/oracles/csaf-validate.js") + args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::size_t valid = 0, pos = 0;
  while (pos < r.out.size()) {
    auto nl = r.out.find('\n', pos);
    if (nl == std::string::npos) nl = r.out.size();
    auto line = nlohmann::json::parse(r.out.substr(pos, nl - pos), nullptr, false);
    pos = nl + 1;
    if (line.is_discarded()) continue;
    EXPECT_EQ(line["isValid"], true) << line.dump();
    EXPECT_EQ(line["tests"], 44) << "the strict schema test and the 43 mandatory tests";
    if (line["isValid"] == true) ++valid;
  }
  EXPECT_EQ(valid, docs.size());
  return valid;
}

}  // namespace bulwark::csaf::testing
