// CSAF VEX: write_vex structure, write -> read round trip, read_vex on the real CSAF documents of
// ../shared/corpora (OASIS examples and conformance suite, Red Hat, go-vex), errors, conformance.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "csaf_oracles.hpp"

namespace bulwark::csaf {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

VexStatement statement(std::string vuln, std::vector<std::string> comps, AnalysisState state,
                       Justification j = Justification::kNone, std::string detail = "",
                       std::string action = "") {
  VexStatement s;
  s.vulnerability = std::move(vuln);
  s.components = std::move(comps);
  s.analysis.state = state;
  s.analysis.justification = j;
  s.analysis.detail = std::move(detail);
  s.analysis.action_statement = std::move(action);
  return s;
}

VexDocument sample_vex() {
  VexDocument d;
  d.id = "ACME-VEX-2026-0007";
  d.author = "ACME Corp PSIRT";
  d.timestamp = "2026-03-01T12:00:00Z";
  d.statements = {
      statement("CVE-2021-44228", {"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
                AnalysisState::kNotAffected, Justification::kVulnerableCodeNotInExecutePath,
                "JNDI lookups are disabled in our configuration."),
      statement("CVE-2021-44228", {"pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1"},
                AnalysisState::kFixed),
      statement("CVE-2023-0001", {"pkg:npm/lodash@4.17.20", "pkg:npm/minimist@1.2.5"},
                AnalysisState::kAffected, Justification::kNone,
                "Prototype pollution reachable from the API.", "Update to 2.0.1."),
      statement("GHSA-aaaa-bbbb-cccc", {"cpe:2.3:a:acme:libfoo:1.0:*:*:*:*:*:*:*"},
                AnalysisState::kUnderInvestigation),
  };
  d.statements[0].analysis.timestamp = "2026-02-27T10:00:00Z";
  d.statements[2].product = "ACME Router";
  d.statements[2].product_version = "2.0";
  d.statements[2].analysis.responses = {"update"};
  d.statements[3].aliases = {"CVE-2024-9999"};
  VexStatement only_product = statement("CVE-2023-0002", {}, AnalysisState::kNotAffected,
                                        Justification::kComponentNotPresent, "");
  only_product.product = "ACME Switch";
  d.statements.push_back(only_product);
  d.statements.push_back(statement("CVE-2023-0003", {"pkg:pypi/requests@2.0.0"},
                                   AnalysisState::kNotAffected,
                                   Justification::kInlineMitigationsAlreadyExist, "Sandboxed."));
  d.statements.push_back(
      statement("CVE-2023-0004", {"pkg:pypi/requests@2.0.0"}, AnalysisState::kNotAffected,
                Justification::kVulnerableCodeCannotBeControlledByAdversary, "Input is constant."));
  d.statements.push_back(statement("CVE-2023-0005", {"pkg:pypi/urllib3@1.0.0"},
                                   AnalysisState::kNotAffected,
                                   Justification::kVulnerableCodeNotPresent, ""));
  return d;
}

VexCsafOptions sample_options() {
  VexCsafOptions o;
  o.publisher_namespace = "https://acme.example";
  o.summary = "VEX statements for ACME products.";
  return o;
}

std::string write_ok(const VexDocument& d, const VexCsafOptions& o = sample_options()) {
  auto r = write_vex(d, o);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : "";
}

TEST(CsafVexWrite, ProductTreeStatusFlagsThreatsRemediations) {
  const json doc = json::parse(write_ok(sample_vex()));
  EXPECT_EQ(doc["document"]["category"], "csaf_vex");
  EXPECT_EQ(doc["document"]["tracking"]["id"], "ACME-VEX-2026-0007");
  EXPECT_EQ(doc["document"]["tracking"]["version"], "1");
  EXPECT_EQ(doc["document"]["tracking"]["current_release_date"], "2026-03-01T12:00:00Z");
  const json& tree = doc["product_tree"];
  EXPECT_EQ(tree["full_product_names"][0],
            (json{{"name", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
                  {"product_id", "CSAFPID-0001"},
                  {"product_identification_helper",
                   {{"purl", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}}}}));
  ASSERT_EQ(tree["relationships"].size(), 2u);
  EXPECT_EQ(tree["relationships"][0]["category"], "default_component_of");
  EXPECT_EQ(tree["relationships"][0]["relates_to_product_reference"],
            tree["branches"][0]["branches"][0]["product"]["product_id"]);
  EXPECT_EQ(tree["branches"][0]["name"], "ACME Router");
  EXPECT_EQ(tree["branches"][0]["branches"][0]["name"], "2.0");
  const json& v0 = doc["vulnerabilities"][0];
  EXPECT_EQ(v0["cve"], "CVE-2021-44228");
  EXPECT_EQ(v0["product_status"],
            (json{{"known_not_affected", {"CSAFPID-0001"}}, {"fixed", {"CSAFPID-0002"}}}));
  EXPECT_EQ(v0["flags"], json::array({{{"label", "vulnerable_code_not_in_execute_path"},
                                       {"product_ids", {"CSAFPID-0001"}},
                                       {"date", "2026-02-27T10:00:00Z"}}}));
  EXPECT_EQ(v0["threats"][0]["details"], "JNDI lookups are disabled in our configuration.");
  const json& v1 = doc["vulnerabilities"][1];
  EXPECT_EQ(v1["product_status"]["known_affected"].size(), 2u);
  EXPECT_EQ(v1["remediations"][0]["category"], "vendor_fix");
  EXPECT_EQ(v1["remediations"][0]["details"], "Update to 2.0.1.");
  const json& v2 = doc["vulnerabilities"][2];
  EXPECT_FALSE(v2.contains("cve"));
  EXPECT_EQ(v2["ids"],
            json::parse(R"([{"system_name":"GitHub Security Advisory","text":"GHSA-aaaa-bbbb-cccc"},
                                       {"system_name":"CVE","text":"CVE-2024-9999"}])"));
  EXPECT_EQ(v2["product_status"]["under_investigation"], json::array({"CSAFPID-0008"}));
}

bool same_statement(const VexStatement& a, const VexStatement& b) {
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  return a.vulnerability == b.vulnerability && a.analysis.state == b.analysis.state &&
         a.analysis.justification == b.analysis.justification &&
         a.analysis.detail == b.analysis.detail && sorted(a.components) == sorted(b.components) &&
         a.product == b.product && a.product_version == b.product_version &&
         a.analysis.action_statement == b.analysis.action_statement &&
         a.analysis.timestamp == b.analysis.timestamp && sorted(a.aliases) == sorted(b.aliases);
}

std::string show(const VexStatement& s) {
  std::string out = s.vulnerability + " " + std::string(to_string(s.analysis.state)) + " " +
                    std::string(to_string(s.analysis.justification)) + " [" + s.product + " " +
                    s.product_version + "]";
  for (const auto& c : s.components) out += " " + c;
  return out + " detail='" + s.analysis.detail + "' action='" + s.analysis.action_statement + "'";
}

TEST(CsafVexRoundTrip, WriteThenReadGivesTheSameStatements) {
  const VexDocument in = sample_vex();
  auto read = read_vex(write_ok(in), "roundtrip.json");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->format, VexFormat::kCsaf);
  EXPECT_EQ(read->id, in.id);
  EXPECT_EQ(read->author, in.author);
  EXPECT_EQ(read->timestamp, in.timestamp);
  ASSERT_EQ(read->statements.size(), in.statements.size());
  std::size_t matched = 0;
  for (const auto& want : in.statements) {
    // Written defaults: an impact statement for not_affected without one.
    VexStatement expect = want;
    if (expect.analysis.state == AnalysisState::kNotAffected && expect.analysis.detail.empty() &&
        expect.analysis.justification == Justification::kNone)
      expect.analysis.detail = "The product is not affected by this vulnerability.";
    auto it = std::find_if(read->statements.begin(), read->statements.end(),
                           [&](const VexStatement& got) { return same_statement(got, expect); });
    EXPECT_NE(it, read->statements.end()) << "not read back: " << show(expect);
    if (it != read->statements.end()) ++matched;
  }
  EXPECT_EQ(matched, in.statements.size());
  EXPECT_EQ(read->statements[0].location, "/vulnerabilities/0/product_status/fixed");
}

TEST(CsafVexWrite, FalsePositiveAndDefaultsAndDeterminism) {
  VexDocument d = sample_vex();
  d.statements = {statement("CVE-2020-1", {"pkg:npm/a@1"}, AnalysisState::kFalsePositive),
                  statement("CVE-2020-2", {"pkg:npm/a@1"}, AnalysisState::kAffected)};
  const std::string text = write_ok(d);
  EXPECT_EQ(text, write_ok(d));
  const json doc = json::parse(text);
  EXPECT_EQ(doc["vulnerabilities"][0]["product_status"]["known_not_affected"],
            json::array({"CSAFPID-0001"}));
  EXPECT_EQ(doc["vulnerabilities"][0]["threats"][0]["details"],
            "False positive: the vulnerability does not apply to this product.");
  EXPECT_EQ(doc["vulnerabilities"][1]["remediations"][0]["category"], "none_available");
  auto back = read_vex(text, "fp.json");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->statements[0].analysis.state, AnalysisState::kNotAffected);
  EXPECT_EQ(back->statements[1].analysis.responses, std::vector<std::string>{"can_not_fix"});
}

TEST(CsafVexWrite, Errors) {
  VexDocument d = sample_vex();
  d.statements.push_back(statement("CVE-2021-44228",
                                   {"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
                                   AnalysisState::kAffected));
  auto r = write_vex(d, sample_options());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "statements[0] and statements[8] give different analyses of CVE-2021-44228 for "
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
  d = sample_vex();
  d.statements[1].components.clear();
  r = write_vex(d, sample_options());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "statements[1]: names neither a component nor a product");
  d = sample_vex();
  d.statements[2].analysis.timestamp = "yesterday";
  r = write_vex(d, sample_options());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "statements[2].analysis.timestamp: 'yesterday' is not an RFC 3339 date-time");
  VexCsafOptions o = sample_options();
  o.publisher_namespace = "acme";
  r = write_vex(sample_vex(), o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "publisher_namespace: 'acme' is not an http(s) URL");
  d = sample_vex();
  d.statements.clear();
  EXPECT_FALSE(write_vex(d, sample_options()));
}

TEST(CsafVexRead, ErrorsNameTheJsonPointer) {
  auto r =
      read_vex("{\"document\": {\"csaf_version\": \"2.0\"}, \"vulnerabilities\": {}}", "a.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "a.json: /vulnerabilities: is not an array");
  r = read_vex(
      R"({"document":{"csaf_version":"2.0"},"vulnerabilities":[{"cve":"CVE-2020-1","product_status":{"fixed":[7]}}]})",
      "b.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "b.json: /vulnerabilities/0/product_status/fixed/0: is not a product_id string");
  r = read_vex(R"({"document":{"csaf_version":"2.1"}})", "c.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(r.error().message, "c.json: /document/csaf_version: '2.1' is not 2.0");
  r = read_vex("{\n  \"document\": [\n", "d.json");
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().message.starts_with("d.json:3:")) << r.error().message;
  r = read_vex(
      R"({"document":{"csaf_version":"2.0"},"product_tree":{"branches":[{"category":"vendor","name":5}]}})",
      "e.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "e.json: /product_tree/branches/0/name: is not a string");
}

TEST(CsafVexRead, OasisVexExampleWithFlags) {
  BULWARK_REQUIRE_SHARED(dir,
                         "corpora/csaf/csaf_2.0/examples/csaf/csaf_vex/sec-vex-2022-0001.json");
  auto text = read_file(dir.string());
  ASSERT_TRUE(text);
  auto doc = read_vex(*text, "sec-vex-2022-0001.json");
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_EQ(doc->statements.size(), 3u);
  const VexStatement& s = doc->statements[0];
  EXPECT_EQ(s.vulnerability, "CVE-2021-44228");
  EXPECT_EQ(s.analysis.state, AnalysisState::kNotAffected);
  EXPECT_EQ(s.analysis.justification, Justification::kComponentNotPresent);
  EXPECT_EQ(s.analysis.detail, "Secvisogram is written in JavaScript. No Java is included.");
  EXPECT_EQ(s.analysis.timestamp, "2022-05-27T10:00:00.000Z");
  EXPECT_EQ(s.product, "Secvisogram");
  EXPECT_EQ(s.product_version, "<=1.14.0");
  EXPECT_TRUE(s.components.empty());
}

TEST(CsafVexRead, RedHatRelationshipsGivePackagePurlsInProducts) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-schema/tools/redhat/testdata/CSAF");
  std::size_t with_product = 0, statements = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto text = read_file(e.path().string());
    ASSERT_TRUE(text);
    auto doc = read_vex(*text, e.path().filename().string());
    ASSERT_TRUE(doc) << doc.error().message;
    for (const auto& s : doc->statements) {
      ++statements;
      if (!s.product.empty() && !s.components.empty()) ++with_product;
    }
  }
  std::printf("[ summary  ] Red Hat CSAF: %zu statements, %zu with product and component\n",
              statements, with_product);
  EXPECT_GT(statements, 5u);
  EXPECT_GT(with_product, 0u);
}

std::vector<fs::path> valid_corpus_documents(const fs::path& csaf) {
  std::vector<fs::path> files;
  for (const char* sub : {"csaf_2.0/examples/csaf", "csaf_2.0/examples/csaf/csaf_vex"})
    for (const auto& e : fs::directory_iterator(csaf / sub))
      if (e.path().extension() == ".json") files.push_back(e.path());
  const fs::path data = csaf / "csaf_2.0/test/validator/data";
  std::ifstream in(data / "testcases.json");
  const json cases = json::parse(in);
  for (const auto& t : cases["tests"])
    for (const auto& v : t.value("valid", json::array()))
      files.push_back(data / v["name"].get<std::string>());
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

TEST(CsafVexRead, EveryValidCsafDocumentOfTheCorpusReads) {
  BULWARK_REQUIRE_SHARED(csaf, "corpora/csaf");
  const auto files = valid_corpus_documents(csaf);
  std::size_t read = 0, statements = 0, vex = 0;
  for (const auto& f : files) {
    auto text = read_file(f.string());
    ASSERT_TRUE(text) << f;
    auto doc = read_vex(*text, f.filename().string());
    EXPECT_TRUE(doc) << f << ": " << doc.error().message;
    if (!doc) continue;
    ++read;
    statements += doc->statements.size();
    if (text->find("\"csaf_vex\"") != std::string::npos) ++vex;
    for (const auto& s : doc->statements) EXPECT_FALSE(s.vulnerability.empty()) << f;
  }
  RecordProperty("csaf_documents_read", static_cast<int>(read));
  std::printf(
      "[ summary  ] CSAF 2.0 corpus: %zu of %zu valid documents read (%zu csaf_vex), %zu "
      "statements\n",
      read, files.size(), vex, statements);
  EXPECT_EQ(read, files.size());
  EXPECT_GE(read, 100u);  // 19 examples + 94 valid conformance documents (some listed twice)
  EXPECT_GE(vex, 13u);
  EXPECT_GT(statements, 100u);
}

TEST(CsafVexRead, GoVexCsafTestdata) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/openvex");
  std::size_t n = 0;
  for (const char* f : {"go-vex/pkg/csaf/testdata/csaf.json", "go-vex/pkg/vex/testdata/csaf.json",
                        "vexctl/examples/csaf/csaf.json"}) {
    if (!fs::exists(dir / f)) continue;
    auto text = read_file((dir / f).string());
    ASSERT_TRUE(text);
    auto doc = read_vex(*text, f);
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_FALSE(doc->statements.empty()) << f;
    ++n;
  }
  EXPECT_EQ(n, 3u);
}

TEST(CsafVexWrite, ConformsToSchemaAndMandatoryTests) {
  std::vector<std::string> docs = {write_ok(sample_vex())};
  VexDocument d = sample_vex();
  d.statements = {statement("CVE-2020-1", {"pkg:npm/a@1"}, AnalysisState::kFalsePositive),
                  statement("CVE-2020-2", {"pkg:npm/a@1"}, AnalysisState::kAffected),
                  statement("OSV-2020-3", {"pkg:npm/b@1"}, AnalysisState::kFixed,
                            Justification::kNone, "", "Upgrade.")};
  VexCsafOptions o = sample_options();
  o.revisions = {{"1", "2026-01-01T00:00:00Z", "First."}, {"2", "2026-03-01T12:00:00Z", "Second."}};
  o.tlp = "GREEN";
  docs.push_back(write_ok(d, o));
  const std::size_t n = testing::expect_csaf_valid(docs);
  RecordProperty("vex_validated", static_cast<int>(n));
  std::printf("[ summary  ] CSAF VEX documents validated by csaf-validator-lib: %zu of %zu\n", n,
              docs.size());
}

}  // namespace
}  // namespace bulwark::csaf
