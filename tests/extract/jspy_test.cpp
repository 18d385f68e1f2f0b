// JavaScript/Python extractors against the expected results of osv-scanner v1, osv-detector and
// osv-scalibr (read from ../shared at test time), plus our own small fixtures.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/extractor.hpp"
#include "shared.hpp"

namespace bulwark::extract {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const Extractor& by_name(std::string_view name) {
  static const auto all = javascript_python_extractors();
  for (const auto& e : all)
    if (e->name() == name) return *e;
  throw std::runtime_error("no extractor " + std::string(name));
}

Result<Inventory> run(const Extractor& e, const std::string& path, std::string_view content,
                      const OsRelease* os = nullptr) {
  FileInfo info{path, content.size(), false};
  return e.extract(ScanInput{info, content, os});
}

std::string property(const Component& c, std::string_view key) {
  std::string out;
  for (const auto& [k, v] : c.properties)
    if (k == key) out += (out.empty() ? "" : ",") + v;
  return out;
}

// "name@version#commit[groups]" for an extracted component.
std::string got_key(const Component& c, bool with_groups) {
  std::vector<std::string> groups;
  for (const auto& [k, v] : c.properties)
    if (k == "bulwark:dep-group") groups.push_back(v);
  std::sort(groups.begin(), groups.end());
  std::string key = c.name + "@" + c.version + "#" + property(c, "bulwark:commit");
  if (with_groups) {
    key += "[";
    for (const auto& g : groups) key += g + ";";
    key += "]";
  }
  return key;
}

std::string want_key(const json& p, bool with_groups) {
  std::string key =
      p.value("name", "") + "@" + p.value("version", "") + "#" +
      (p.contains("commit") && p["commit"].is_string() ? p["commit"].get<std::string>() : "");
  if (with_groups) {
    std::vector<std::string> groups;
    if (p.contains("dep_groups") && p["dep_groups"].is_array())
      for (const auto& g : p["dep_groups"]) groups.push_back(g.get<std::string>());
    std::sort(groups.begin(), groups.end());
    key += "[";
    for (const auto& g : groups) key += g + ";";
    key += "]";
  }
  return key;
}

std::string read_all(const fs::path& p) {
  auto r = read_file(p.string());
  return r ? *r : std::string();
}

json load_json(const fs::path& p) { return json::parse(read_all(p)); }

struct Tally {
  std::map<std::string, int> checked;  // per extractor
  std::map<std::string, int> excluded;
  int failures = 0;
  void print(const char* corpus) const {
    for (const auto& [name, n] : checked)
      std::printf("[ jspy     ] %s %s: %d cases checked, %d excluded\n", corpus, name.c_str(), n,
                  excluded.contains(name) ? excluded.at(name) : 0);
  }
};

// Cases whose expectation Bulwark does not share on purpose (fixture name -> reason).
const std::map<std::string, std::string>& exclusions() {
  static const std::map<std::string, std::string> m = {
      // -r/-c includes are not followed by design: the walker extracts each file on its own.
      {"pip/with-multiple-r-options.txt", "-r includes not followed"},
      {"pip/with-bad-r-option.txt",
       "-r includes not followed (the peer fails on the missing include)"},
      {"pip/duplicate-r-dev.txt", "-r includes not followed"},
      {"pip/cyclic-r-self.txt", "-r includes not followed"},
      {"pip/cyclic-r-complex-1.txt", "-r includes not followed"},
      // scalibr skips package-lock.json when npm-shrinkwrap.json sits beside it; an extractor sees
      // one file only (the walker may choose), so Bulwark extracts both.
      {"packagelockjson/testdata/both/package-lock.json",
       "sibling-file rule belongs to the walker"},
      {"requirements/testdata/loop.txt", "-r includes not followed"},
      // osv-scalibr's uv.lock expectations were extracted statically and are incomplete
      // (one-package.lock lists 0 packages, grouped-packages.lock 3 of its 14 tables); uv.lock is
      // checked against osv-detector instead.
      {"python/uvlock/testdata/one-package.lock", "incomplete static expectation"},
      {"python/uvlock/testdata/two-packages.lock", "incomplete static expectation"},
      {"python/uvlock/testdata/grouped-packages.lock", "incomplete static expectation"},
      {"python/uvlock/testdata/names-outside-package-block.lock", "incomplete static expectation"},
      {"requirements/testdata/other-loop.txt", "-r includes not followed"},
  };
  return m;
}

std::string exclusion_for(const std::string& fixture) {
  for (const auto& [suffix, why] : exclusions())
    if (fixture.ends_with(suffix)) return why;
  return {};
}

// requirements.txt: Bulwark keeps `==` pins only, so the peer's expectation is restricted to the
// packages the fixture pins with `==` (the peer reports `>=` bounds and "0.0.0" for the rest), and
// dependency groups are not compared (the peer uses the file name as a group).
// PEP 503 name normalisation (test-side copy, so that the oracle is independent).
std::string pep503(std::string_view n) {
  std::string out;
  bool sep = false;
  for (char c : n) {
    if (c == '-' || c == '_' || c == '.') {
      sep = true;
      continue;
    }
    if (sep && !out.empty()) out.push_back('-');
    sep = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// The fixture's requirement lines with continuations joined, comments, blanks and [extras]
// removed, lower-cased: "Twisted[http2] == 20.3.0  # x" -> "twisted==20.3.0".
std::vector<std::string> squeezed_lines(const std::string& text) {
  std::vector<std::string> out(1);
  bool comment = false;
  int bracket = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (c == '\n') {
      out.emplace_back();
      comment = false;
      continue;
    }
    if (comment || c == ' ' || c == '\t' || c == '\r') continue;
    if (c == '#')
      comment = true;
    else if (c == '[')
      ++bracket;
    else if (c == ']')
      --bracket;
    else if (bracket == 0)
      out.back().push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// Whether the fixture pins p with `==`/`===` to p's version, and that version is a real one
// (the peers also report ">=" bounds, "0.0.0" for unpinned names, and text such as
// "1.0 unexpected_text" or "4.5\\" that is not a version; Bulwark reports none of those).
bool pinned_in(const std::string& text, const json& p) {
  std::string v = p.value("version", "");
  if (v.empty() || v == "0.0.0") return false;
  for (char c : v)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '!' ||
          c == '-' || c == '_'))
      return false;
  std::string lv = v;
  for (auto& c : lv) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& line : squeezed_lines(text)) {
    auto eq = line.find("==");
    if (eq == std::string::npos || pep503(line.substr(0, eq)) != pep503(p.value("name", "")))
      continue;
    std::string rest = line.substr(eq + 2);
    if (rest.starts_with('=')) rest.erase(0, 1);
    if (rest.starts_with(lv)) return true;
  }
  return false;
}

// yarn berry: osv-scanner v1 reports the root workspace ("name@workspace:.", version
// 0.0.0-use.local); osv-detector's newer expectation (exclude-root.v2.lock) and Bulwark do not.
bool is_yarn_root(const std::string& text, const json& p) {
  return p.value("version", "") == "0.0.0-use.local" &&
         text.find(p.value("name", "") + "@workspace:.") != std::string::npos;
}

bool has_groups(const json& packages) {
  for (const auto& p : packages)
    if (p.contains("dep_groups")) return true;
  return false;
}

void check_case(const Extractor& e, const fs::path& fixture, const std::string& label,
                const json& want_packages, bool want_error, bool compare_groups, Tally& t) {
  std::string content = read_all(fixture);
  auto got = run(e, fixture.filename().string(), content);
  std::string name(e.name());
  ++t.checked[name];
  if (want_error) {
    EXPECT_FALSE(got.has_value()) << label << ": expected an error";
    if (got.has_value()) ++t.failures;
    return;
  }
  ASSERT_TRUE(got.has_value()) << label << ": " << got.error().message;
  const bool reqs = name == "python/requirements";
  // Groups are compared where the peer states them (osv-detector does not track npm groups).
  compare_groups = compare_groups && !reqs && has_groups(want_packages);
  std::vector<std::string> want;
  for (const auto& p : want_packages) {
    if ((reqs && !pinned_in(content, p)) || is_yarn_root(content, p)) continue;
    want.push_back(want_key(p, compare_groups));
    // requirements: osv-scanner normalises names, osv-scalibr keeps them; compare normalised.
    if (reqs)
      want.back() = pep503(p.value("name", "")) + want.back().substr(p.value("name", "").size());
  }
  std::vector<std::string> have;
  for (const auto& c : got->components) {
    have.push_back(got_key(c, compare_groups));
    if (reqs) have.back() = pep503(c.name) + have.back().substr(c.name.size());
  }
  std::sort(want.begin(), want.end());
  std::sort(have.begin(), have.end());
  EXPECT_EQ(have, want) << label;
  if (have != want) ++t.failures;
}

const char* osv_parser_extractor(const std::string& parser) {
  static const std::map<std::string, const char*> m = {
      {"ParseNpmLock", "javascript/packagelockjson"},
      {"ParseYarnLock", "javascript/yarnlock"},
      {"ParsePnpmLock", "javascript/pnpmlock"},
      {"ParseRequirementsTxt", "python/requirements"},
      {"ParsePipenvLock", "python/pipfilelock"},
      {"ParsePoetryLock", "python/poetrylock"},
      {"ParseUvLock", "python/uvlock"},
  };
  auto it = m.find(parser);
  return it == m.end() ? nullptr : it->second;
}

void run_osv_corpus(const fs::path& expected, const fs::path& fixtures, const char* corpus,
                    Tally& t) {
  json doc = load_json(expected);
  for (const auto& c : doc["cases"]) {
    const char* ex = osv_parser_extractor(c.value("parser", ""));
    if (!ex) continue;
    std::string fixture = c.value("fixture", "");
    if (!fs::exists(fixtures / fixture)) {
      ++t.excluded[ex];  // missing-file cases test the peer's file opening, which the walker does
      continue;
    }
    if (!exclusion_for(fixture).empty()) {
      ++t.excluded[ex];
      continue;
    }
    check_case(by_name(ex), fixtures / fixture, std::string(corpus) + " " + fixture,
               c["expected_packages"], !c["expect_error"].is_null(), true, t);
  }
}

TEST(JsPyCorpus, OsvScannerLockfileV1) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scanner-lockfile-v1");
  Tally t;
  run_osv_corpus(dir / "expected-results.json", dir / "fixtures", "osv-scanner-v1", t);
  t.print("osv-scanner-v1");
  EXPECT_EQ(t.failures, 0);
  EXPECT_GE(t.checked["javascript/packagelockjson"], 20);
  EXPECT_GE(t.checked["javascript/yarnlock"], 20);
  EXPECT_GE(t.checked["javascript/pnpmlock"], 25);
  EXPECT_GE(t.checked["python/requirements"], 10);
  EXPECT_GE(t.checked["python/pipfilelock"], 7);
  EXPECT_GE(t.checked["python/poetrylock"], 7);
}

TEST(JsPyCorpus, OsvDetector) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-detector/lockfile-testdata");
  Tally t;
  run_osv_corpus(dir / "expected-results.json", dir, "osv-detector", t);
  t.print("osv-detector");
  EXPECT_EQ(t.failures, 0);
  EXPECT_GE(t.checked["javascript/packagelockjson"], 18);
  EXPECT_GE(t.checked["javascript/yarnlock"], 22);
  EXPECT_GE(t.checked["javascript/pnpmlock"], 30);
  EXPECT_GE(t.checked["python/uvlock"], 5);
  EXPECT_GE(t.checked["python/poetrylock"], 6);
}

const char* scalibr_extractor(const std::string& fixture) {
  static const std::vector<std::pair<const char*, const char*>> m = {
      {"javascript/packagelockjson/", "javascript/packagelockjson"},
      {"javascript/yarnlock/", "javascript/yarnlock"},
      {"javascript/pnpmlock/", "javascript/pnpmlock"},
      {"python/requirements/", "python/requirements"},
      {"python/pipfilelock/", "python/pipfilelock"},
      {"python/poetrylock/", "python/poetrylock"},
      {"python/uvlock/", "python/uvlock"},
  };
  for (const auto& [dir, ex] : m)
    if (fixture.find(dir) != std::string::npos) return ex;
  return nullptr;
}

TEST(JsPyCorpus, OsvScalibr) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr");
  json doc = load_json(dir / "expected-results.json");
  Tally t;
  for (const auto& c : doc["cases"]) {
    std::string fixture = c.value("fixture", "");
    const char* ex = scalibr_extractor(fixture);
    if (!ex) continue;
    bool want_error = c.contains("want_err") && !c["want_err"].is_null();
    // null expectations are computed in the peer's code; absent fixtures test file opening.
    if ((c["expected_packages"].is_null() && !want_error) || c.value("fixture_absent", false) ||
        !fs::exists(dir / fixture) || !exclusion_for(fixture).empty()) {
      ++t.excluded[ex];
      continue;
    }
    check_case(by_name(ex), dir / fixture,
               "osv-scalibr " + c.value("test_case", "") + " " + fixture,
               c["expected_packages"].is_null() ? json::array() : c["expected_packages"],
               want_error, true, t);
  }
  t.print("osv-scalibr");
  EXPECT_EQ(t.failures, 0);
  EXPECT_GE(t.checked["javascript/packagelockjson"], 25);
  EXPECT_GE(t.checked["javascript/pnpmlock"], 25);
  EXPECT_GE(t.checked["javascript/yarnlock"], 20);
  EXPECT_GE(t.checked["python/poetrylock"], 8);
  EXPECT_GE(t.checked["python/pipfilelock"], 8);
}

}  // namespace
}  // namespace bulwark::extract
