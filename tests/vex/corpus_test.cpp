// Reads the public OpenVEX and CycloneDX VEX corpora (../shared/corpora) and a generated
// 10,000-statement document (speed).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "bulwark/core/text.hpp"
#include "bulwark/vex/vex.hpp"
#include "shared.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using namespace bulwark;

// Files of the openvex corpus that are not OpenVEX documents, with the reason.
const std::map<std::string, std::string>& openvex_exclusions() {
  static const std::map<std::string, std::string> m{
      {"spec/openvex_json_schema.json", "the JSON schema, not a document"},
      {"spec/context.json", "JSON-LD context"},
      {"spec/ns/v0.2.0/context.json", "JSON-LD context"},
      {"go-vex/pkg/csaf/testdata/csaf.json", "CSAF (read by the csaf module)"},
      {"go-vex/pkg/csaf/testdata/rhsa-2020_1358.json", "CSAF (read by the csaf module)"},
      {"go-vex/pkg/vex/testdata/csaf.json", "CSAF (read by the csaf module)"},
      {"vexctl/examples/csaf/csaf.json", "CSAF (read by the csaf module)"},
      {"vexctl/examples/csaf/sbom.spdx.json", "SPDX SBOM"},
  };
  return m;
}

TEST(OpenVexCorpus, ValidDocumentsReadAndMalformedOnesFail) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/openvex");
  std::size_t ok = 0, rejected = 0, excluded = 0, statements = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() != ".json") continue;
    std::string rel = fs::relative(e.path(), dir).generic_string();
    auto text = read_file(e.path().string());
    ASSERT_TRUE(text) << text.error().message;
    if (openvex_exclusions().contains(rel)) {
      ++excluded;
      if (rel.ends_with("csaf.json")) {
        EXPECT_EQ(vex::sniff(*text), VexFormat::kCsaf) << rel;
      }
      continue;
    }
    auto doc = vex::read_openvex(*text, rel);
    if (rel.find(".malformed.") != std::string::npos) {  // spec blocks that are broken JSON
      EXPECT_FALSE(doc) << rel;
      if (!doc) {
        EXPECT_TRUE(doc.error().message.starts_with(rel + ":")) << doc.error().message;
      }
      rejected += doc ? 0 : 1;
      continue;
    }
    EXPECT_EQ(vex::sniff(*text), VexFormat::kOpenVex) << rel;
    ASSERT_TRUE(doc) << doc.error().message;
    ++ok;
    statements += doc->statements.size();
    // Every document we read, we can write as schema-valid canonical 0.2.0 and read back.
    auto again = vex::read_openvex(vex::write_openvex(*doc), rel + " (rewritten)");
    ASSERT_TRUE(again) << again.error().message;
  }
  std::printf(
      "[ summary  ] OpenVEX corpus: %zu read, %zu malformed rejected, %zu excluded, %zu "
      "statements\n",
      ok, rejected, excluded, statements);
  RecordProperty("openvex_read", static_cast<int>(ok));
  EXPECT_EQ(ok, 27u);
  EXPECT_EQ(rejected, 2u);
  EXPECT_EQ(excluded, 8u);
  EXPECT_EQ(statements, 39u);
}

TEST(OpenVexCorpus, SpecExampleExactly) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/openvex/go-vex/pkg/vex/testdata/v0.2.0.json");
  auto text = read_file(dir.string());
  ASSERT_TRUE(text);
  auto doc = vex::read_openvex(*text, "v0.2.0.json");
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_EQ(doc->statements.size(), 5u);
  const auto& s = doc->statements[3];
  EXPECT_EQ(s.vulnerability, "CVE-2023-3446");
  EXPECT_EQ(
      s.product,
      "pkg:oci/alpine@sha256%3A124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126");
  EXPECT_EQ(s.components, (std::vector<std::string>{"pkg:apk/alpine/libssl3@3.0.8-r3",
                                                    "pkg:apk/alpine/libcrypto3@3.0.8-r3"}));
  EXPECT_EQ(s.analysis.state, AnalysisState::kNotAffected);
  EXPECT_EQ(s.analysis.justification, Justification::kVulnerableCodeNotPresent);
  EXPECT_EQ(s.analysis.detail, "affected functions were removed before packaging");
  EXPECT_EQ(s.analysis.timestamp, "2023-07-18T00:28:47Z");
  EXPECT_TRUE(
      vex::statement_applies(s, "pkg:apk/alpine/libssl3@3.0.8-r3?arch=x86_64", {"CVE-2023-3446"}));
  EXPECT_FALSE(vex::statement_applies(s, "pkg:apk/alpine/libssl3@3.0.9-r0", {"CVE-2023-3446"}));
}

TEST(CycloneDxVexCorpus, ExamplesWithVulnerabilitiesRead) {
  BULWARK_REQUIRE_SHARED(dir, "corpora");
  std::size_t docs = 0, statements = 0, notes_total = 0, written_valid = 0;
  for (const char* sub : {"cyclonedx-bom-examples", "cyclonedx-spec/tools/src/test/resources"}) {
    if (!fs::exists(dir / sub)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir / sub)) {
      if (!e.is_regular_file() || e.path().extension() != ".json") continue;
      std::string rel = fs::relative(e.path(), dir).generic_string();
      if (rel.find("/invalid-") != std::string::npos) continue;  // schema-invalid on purpose
      auto text = read_file(e.path().string());
      ASSERT_TRUE(text) << text.error().message;
      if (text->find("\"analysis\"") == std::string::npos ||
          vex::sniff(*text) != VexFormat::kCycloneDx)
        continue;
      std::vector<std::string> notes;
      auto doc = vex::read_cyclonedx_vex(*text, rel, &notes);
      ASSERT_TRUE(doc) << doc.error().message;
      ++docs;
      statements += doc->statements.size();
      notes_total += notes.size();
      for (const auto& n : notes) EXPECT_TRUE(n.starts_with(rel + ": /vulnerabilities/")) << n;
      auto again = vex::read_cyclonedx_vex(vex::write_cyclonedx_vex(*doc), rel + " (rewritten)");
      ASSERT_TRUE(again) << again.error().message;
      EXPECT_EQ(again->statements.size(), doc->statements.size()) << rel;
      written_valid += again->statements.size() == doc->statements.size();
    }
  }
  std::printf("[ summary  ] CycloneDX VEX corpus: %zu documents, %zu statements, %zu notes\n", docs,
              statements, notes_total);
  RecordProperty("cdx_vex_docs", static_cast<int>(docs));
  EXPECT_EQ(docs, 29u);
  EXPECT_GE(statements, 120u);
  EXPECT_EQ(written_valid, docs);
}

TEST(CycloneDxVexCorpus, Vulnerability16Exactly) {
  BULWARK_REQUIRE_SHARED(
      dir, "corpora/cyclonedx-spec/tools/src/test/resources/1.6/valid-vulnerability-1.6.json");
  auto text = read_file(dir.string());
  ASSERT_TRUE(text);
  std::vector<std::string> notes;
  auto doc = vex::read_cyclonedx_vex(*text, "v.json", &notes);
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_EQ(doc->statements.size(), 1u);
  const auto& s = doc->statements[0];
  EXPECT_EQ(s.vulnerability, "SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111");
  EXPECT_EQ(s.aliases, std::vector<std::string>{"CVE-2018-7489"});
  EXPECT_EQ(s.analysis.state, AnalysisState::kNotAffected);
  EXPECT_EQ(s.analysis.justification, Justification::kVulnerableCodeNotInExecutePath);
  EXPECT_EQ(s.analysis.responses, (std::vector<std::string>{"will_not_fix", "update"}));
  EXPECT_EQ(s.analysis.timestamp, "2022-02-01T00:00:00Z");
  EXPECT_EQ(s.analysis.action_statement,
            "Upgrade com.fasterxml.jackson.core:jackson-databind to version 2.6.7.5, 2.8.11.1, "
            "2.9.5 or higher.");
  // The affects entry only has ranges with statuses: nothing expressible, three notes.
  EXPECT_TRUE(s.components.empty());
  EXPECT_EQ(notes.size(), 3u);
  EXPECT_TRUE(vex::statement_applies(
      [] {
        VexStatement t;
        t.vulnerability = "X";
        t.components = {"pkg:npm/a"};
        return t;
      }(),
      "pkg:npm/a@1", {"x"}));
}

TEST(VexPerformance, TenThousandStatementsReadQuickly) {
  std::ostringstream out;
  out << R"({"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"a","timestamp":"2026-01-01T00:00:00Z","version":1,"statements":[)";
  for (int i = 0; i < 10000; ++i) {
    if (i) out << ',';
    out << R"({"vulnerability":{"name":"CVE-2026-)" << i << R"(","aliases":["GHSA-)" << i
        << R"("]},"timestamp":"2026-01-02T00:00:00Z","products":[{"@id":"pkg:npm/p)" << i
        << R"(@1.0.0"}],"status":"not_affected","justification":"component_not_present"})";
  }
  out << "]}";
  auto start = std::chrono::steady_clock::now();
  auto doc = vex::read_openvex(out.str(), "big.json");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->statements.size(), 10000u);
  std::printf("[ summary  ] 10,000 OpenVEX statements read in %lld ms (debug+sanitizers)\n",
              static_cast<long long>(ms));
  EXPECT_LT(ms, 15000);  // generous: debug + sanitizers on a shared 2-core machine
  auto cdx = vex::write_cyclonedx_vex(*doc);
  start = std::chrono::steady_clock::now();
  auto back = vex::read_cyclonedx_vex(cdx, "big.cdx.json");
  ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                             start)
           .count();
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->statements.size(), 10000u);
  std::printf("[ summary  ] 10,000 CycloneDX VEX statements read in %lld ms (debug+sanitizers)\n",
              static_cast<long long>(ms));
  EXPECT_LT(ms, 20000);
}

}  // namespace
