// Every OSV record of the public corpora parses; the deliberately broken linter records fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/osv/osv.hpp"
#include "bulwark/osv/yaml_fast.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;

namespace {

struct Tally {
  std::size_t files = 0;
  std::size_t records = 0;
  std::vector<std::string> failures;
};

std::vector<fs::path> files_under(const fs::path& dir, const std::vector<std::string>& exts) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    auto ext = e.path().extension().string();
    if (std::find(exts.begin(), exts.end(), ext) != exts.end()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void parse_one(const std::string& where, const std::string& json, Tally& t) {
  auto r = bulwark::osv::parse_json(json);
  if (!r) {
    t.failures.push_back(where + ": " + r.error().message);
    return;
  }
  if (r->id.empty() || r->modified.empty()) t.failures.push_back(where + ": empty id or modified");
  ++t.records;
}

// A file holds one record, or (OSV API responses) {"vulns": [...]}.
void parse_file(const fs::path& p, Tally& t) {
  ++t.files;
  auto text = bulwark::read_file(p.string());
  ASSERT_TRUE(text.has_value()) << text.error().message;
  std::string json = *text;
  if (p.extension() == ".yaml" || p.extension() == ".yml") {
    auto converted = bulwark::osv::yaml_to_json(*text);
    if (!converted) {
      t.failures.push_back(p.string() + ": " + converted.error().message);
      return;
    }
    json = *converted;
  }
  auto doc = nlohmann::json::parse(json);
  if (doc.is_object() && doc.contains("vulns") && !doc.contains("id")) {
    for (std::size_t i = 0; i < doc["vulns"].size(); ++i)
      parse_one(p.string() + "#/vulns/" + std::to_string(i), doc["vulns"][i].dump(), t);
    return;
  }
  parse_one(p.string(), json, t);
}

void expect_corpus(const fs::path& dir, const std::vector<std::string>& exts,
                   std::size_t min_records, const char* name) {
  Tally t;
  for (const auto& p : files_under(dir, exts)) parse_file(p, t);
  std::string failures;
  for (std::size_t i = 0; i < t.failures.size() && i < 10; ++i) failures += "\n  " + t.failures[i];
  EXPECT_TRUE(t.failures.empty()) << t.failures.size() << " failures:" << failures;
  EXPECT_GE(t.records, min_records);
  ::testing::Test::RecordProperty(std::string(name) + "_records", static_cast<int>(t.records));
  std::printf("[ corpus   ] %s: %zu files, %zu records parsed, %zu failures\n", name, t.files,
              t.records, t.failures.size());
}

TEST(OsvCorpus, GolangVulndb) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/golang-vulndb/data/osv");
  expect_corpus(dir, {".json"}, 4291, "golang-vulndb");
}

TEST(OsvCorpus, PypaAdvisoryDatabaseYaml) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/pypa-advisory-database/vulns");
  expect_corpus(dir, {".yaml", ".yml"}, 2661, "pypa-advisory-database");
}

TEST(OsvCorpus, RustsecCrates) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/rustsec-advisory-db/crates");
  expect_corpus(dir, {".json"}, 1206, "rustsec-advisory-db");
}

TEST(OsvCorpus, OsvRecordsMisc) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-records-misc");
  // 364 GHSA + 20 grype + 28 offline-db files, and 364 records inside the two API responses.
  expect_corpus(dir, {".json"}, 776, "osv-records-misc");
}

TEST(OsvCorpus, OsvSchemaSamples) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-schema/tools");
  Tally t;
  for (const auto& p : files_under(dir / "osv-linter" / "testdata", {".json"}))
    if (p.filename().string().find('-') != std::string::npos &&
        !std::islower(static_cast<unsigned char>(p.filename().string()[0])))
      parse_file(p, t);  // the real records: CVE-..., GHSA-..., GO-... (not nointroduced-... etc.)
  for (const auto& p : files_under(dir / "ghsa" / "testdata", {".json"}))
    if (p.string().ends_with(".osv.json")) parse_file(p, t);
  for (const auto& p : files_under(dir / "redhat" / "testdata" / "OSV", {".json"}))
    parse_file(p, t);
  EXPECT_TRUE(t.failures.empty()) << t.failures.front();
  EXPECT_EQ(t.records, 9u + 11u + 2u);
  std::printf("[ corpus   ] osv-schema samples: %zu records parsed\n", t.records);
}

TEST(OsvCorpus, LinterNegatives) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-schema/tools/osv-linter/testdata");
  auto text = bulwark::read_file((dir / "nointroduced-CVE-2023-41045.json").string());
  ASSERT_TRUE(text.has_value());
  auto r = bulwark::osv::parse_json(*text);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "/affected/0/ranges/0/events: the range has no 'introduced' event");

  // nondistinct-* repeats an event value and nopackage-* names a package that does not exist in
  // its registry: both are linter (quality) findings, not schema errors. Real records repeat
  // event values too (RUSTSEC-2022-0012), and a registry cannot be asked offline, so both
  // parse; the record content is what the linter saw.
  auto nd = bulwark::read_file((dir / "nondistinct-CVE-2018-5407.json").string());
  ASSERT_TRUE(nd.has_value());
  auto ndr = bulwark::osv::parse_json(*nd);
  ASSERT_TRUE(ndr.has_value()) << ndr.error().message;
  auto np = bulwark::read_file((dir / "nopackage-GHSA-9v2f-6vcg-3hgv.json").string());
  ASSERT_TRUE(np.has_value());
  auto npr = bulwark::osv::parse_json(*np);
  ASSERT_TRUE(npr.has_value()) << npr.error().message;
  EXPECT_EQ(npr->affected.at(0).name, "Gradi0");
}

TEST(OsvCorpus, NonOsvDocumentsFail) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-schema/tools");
  std::size_t rejected = 0;
  for (const auto& p : files_under(dir / "redhat" / "testdata" / "CSAF", {".json"})) {
    auto text = bulwark::read_file(p.string());
    ASSERT_TRUE(text.has_value());
    auto r = bulwark::osv::parse_json(*text);
    ASSERT_FALSE(r.has_value()) << p;
    EXPECT_EQ(r.error().message, "/id: missing required field");
    ++rejected;
  }
  EXPECT_EQ(rejected, 5u);
}

TEST(OsvCorpus, KnownRecordFields) {
  BULWARK_REQUIRE_SHARED(dir, "corpora");
  auto text = bulwark::read_file(
      (dir / "osv-records-misc/ghsa-via-osv-dev/GHSA-fjpj-2g6w-x25r.json").string());
  ASSERT_TRUE(text.has_value());
  auto r = bulwark::osv::parse_json(*text);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->id, "GHSA-fjpj-2g6w-x25r");
  EXPECT_FALSE(r->cwes.empty());
  EXPECT_FALSE(r->database_severity.empty());

  auto go = bulwark::read_file((dir / "golang-vulndb/data/osv/GO-2020-0001.json").string());
  ASSERT_TRUE(go.has_value());
  auto g = bulwark::osv::parse_json(*go);
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->modified, "0001-01-01T00:00:00Z");
  EXPECT_EQ(g->aliases, (std::vector<std::string>{"CVE-2020-36567", "GHSA-6vm3-jj99-7229"}));
  ASSERT_EQ(g->affected.size(), 1u);
  EXPECT_EQ(g->affected[0].ecosystem, "Go");
  EXPECT_EQ(g->affected[0].name, "github.com/gin-gonic/gin");
  ASSERT_EQ(g->affected[0].ranges.at(0).events.size(), 2u);
  EXPECT_EQ(g->affected[0].ranges[0].events[1].value, "1.6.0");
  EXPECT_EQ(g->references.size(), 2u);
}

}  // namespace

namespace {

// The fast YAML path must agree with yaml-cpp on every corpus file it accepts, and accept
// nearly all of them (it exists for import speed).
TEST(OsvCorpus, FastYamlMatchesYamlCpp) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/pypa-advisory-database/vulns");
  std::size_t files = 0, fast = 0;
  for (const auto& p : files_under(dir, {".yaml"})) {
    ++files;
    auto text = bulwark::read_file(p.string());
    ASSERT_TRUE(text.has_value());
    auto slow = bulwark::osv::detail::yaml_cpp_to_json(*text);
    ASSERT_TRUE(slow.has_value()) << p << ": " << slow.error().message;
    auto quick = bulwark::osv::detail::fast_yaml_to_json(*text);
    if (!quick) continue;
    ++fast;
    ASSERT_EQ(*quick, *slow) << p;
  }
  std::printf("[ corpus   ] fast YAML path: %zu of %zu files\n", fast, files);
  EXPECT_EQ(files, 2661u);
  EXPECT_GE(fast, files * 95 / 100);
}

TEST(OsvYamlFast, SubsetAndFallbacks) {
  using bulwark::osv::detail::fast_yaml_to_json;
  using bulwark::osv::detail::yaml_cpp_to_json;
  const char* same[] = {
      "a: 1\nb:\n- x\n- 'it''s'\nc:\n  d: \"q\\\"\\u00e9\\x41\"\n  e: |\n    line1\n\n    # not a "
      "comment\n  f: |-\n    z\n",
      "a: 'folded\n  across\n\n  lines'\nb: ~\nc: true\n",
      "list:\n  - k: v\n    k2: -dash\n  - - nested\n  -\n    deep: 1\n",
      "a: \"esc\\\n   aped\"\n",
  };
  for (const char* y : same) {
    auto quick = fast_yaml_to_json(y);
    auto slow = yaml_cpp_to_json(y);
    ASSERT_TRUE(slow.has_value()) << y;
    if (quick) {
      EXPECT_EQ(*quick, *slow) << y;
    }
  }
  EXPECT_TRUE(fast_yaml_to_json(same[0]).has_value());
  EXPECT_TRUE(fast_yaml_to_json(same[1]).has_value());
  for (const char* y :
       {"a: [1, 2]\n", "a: &x 1\nb: *x\n", "a: >\n  folded\n", "a: plain\n  # comment\n",
        "--- \na: 1\n", "'q': 1\n", "a: !tag x\n", "a: 1 # c\n"})
    EXPECT_FALSE(fast_yaml_to_json(y).has_value()) << y;
}

}  // namespace
