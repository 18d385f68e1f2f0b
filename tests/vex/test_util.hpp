// Helpers of the vex tests: schema validation through the shared python oracle, and a sample
// document exercising every model field.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/model/handling.hpp"
#include "shared.hpp"

namespace bulwark::vex::test {

// Validates `doc` against the shared schema for `kind` ("openvex" or "cdx"); skips when python3
// or the oracle is absent.
inline void expect_schema_valid(const std::string& doc, const std::string& kind) {
  namespace fs = std::filesystem;
  auto shared = bulwark::test::shared_dir();
  if (!shared || !fs::exists(*shared / "oracles/schema-validate.py") ||
      !fs::exists("/usr/bin/python3"))
    GTEST_SKIP()
        << "../shared/oracles/schema-validate.py or /usr/bin/python3 absent: schema not checked";
  bulwark::test::TempDir tmp;
  auto file = tmp.path() / ("doc." + kind + ".json");
  std::ofstream(file) << doc;
  auto r = bulwark::test::run("SCHEMAS=" + bulwark::test::shell_quote(*shared / "schemas") +
                              " /usr/bin/python3 " +
                              bulwark::test::shell_quote(*shared / "oracles/schema-validate.py") +
                              " --kind " + kind + " " + bulwark::test::shell_quote(file));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err << "\n" << doc;
  auto line = nlohmann::json::parse(r.out);
  EXPECT_EQ(line["valid"], true) << r.out;
  EXPECT_EQ(line["kind"], kind);
}

inline VexStatement make_statement(std::string vuln, std::vector<std::string> aliases,
                                   std::vector<std::string> components, AnalysisState state,
                                   Justification j = Justification::kNone) {
  VexStatement s;
  s.vulnerability = std::move(vuln);
  s.aliases = std::move(aliases);
  s.components = std::move(components);
  s.analysis.state = state;
  s.analysis.justification = j;
  s.analysis.timestamp = "2026-03-01T10:00:00Z";
  s.analysis.author = "Acme PSIRT";
  return s;
}

// Four statements covering every state OpenVEX can express, aliases, a product scope, a CPE.
inline VexDocument sample_document() {
  VexDocument d;
  d.author = "Acme PSIRT";
  d.timestamp = "2026-03-01T12:00:00Z";
  d.version = "3";
  auto a =
      make_statement("CVE-2021-44228", {"GHSA-jfh8-c2jp-5v3q"},
                     {"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
                     AnalysisState::kNotAffected, Justification::kVulnerableCodeNotInExecutePath);
  a.analysis.detail = "JndiLookup.class was removed from the jar.";
  a.product = "pkg:oci/acme-gateway@sha256%3Aabc123";
  auto b = make_statement("CVE-2023-1255", {},
                          {"pkg:apk/alpine/libssl3@3.0.8-r3", "pkg:apk/alpine/libcrypto3@3.0.8-r3"},
                          AnalysisState::kFixed);
  b.analysis.detail = "Rebuilt against 3.0.9.";
  auto c = make_statement("GHSA-xxxx-yyyy-zzzz", {"CVE-2024-0001"}, {"pkg:npm/lodash@4.17.20"},
                          AnalysisState::kAffected);
  c.analysis.action_statement = "Update lodash to 4.17.21.";
  auto e = make_statement("CVE-2024-9999", {}, {"cpe:2.3:a:acme:widget:1.0:*:*:*:*:*:*:*"},
                          AnalysisState::kUnderInvestigation);
  d.statements = {a, b, c, e};
  return d;
}

}  // namespace bulwark::vex::test
