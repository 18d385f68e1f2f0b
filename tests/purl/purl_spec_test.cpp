// Runs every case of the purl-spec test suite (../shared/corpora/purl-spec/tests/**/*.json):
// parse (compare decoded components), validate (round-trip to the canonical string) and build
// (components to canonical string), with expected failures. Fails on any failing case and when
// fewer cases than expected were found.
//
// Modes: cases expected to fail are checked with Mode::kStrict, the others with the default
// Mode::kLenient. The suite itself needs this split: a "required" parse test rejects
// `?Platform=java` (qualifier key not lower-case, ECMA-427 "shall") while a "required" maven
// parse test and the "recommended" validate tests accept and lower-case such keys. The test
// also checks that the two modes differ on nothing else, and that Mode::kPermissive gives the
// same result as Mode::kLenient on every valid input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bulwark/purl/purl.hpp"
#include "shared.hpp"

namespace bulwark::purl {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string str_or_empty(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? std::string{} : it->get<std::string>();
}

json components_json(const Purl& p) {
  auto nullable = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  json q = nullptr;
  if (!p.qualifiers.empty()) {
    q = json::object();
    for (const auto& [k, v] : p.qualifiers) q[k] = v;
  }
  return json{{"type", p.type},  {"namespace", nullable(p.ns)},
              {"name", p.name},  {"version", nullable(p.version)},
              {"qualifiers", q}, {"subpath", nullable(p.subpath)}};
}

Purl components_from_json(const json& in) {
  Purl p{str_or_empty(in, "type"),
         str_or_empty(in, "namespace"),
         str_or_empty(in, "name"),
         str_or_empty(in, "version"),
         {},
         str_or_empty(in, "subpath")};
  if (auto q = in.find("qualifiers"); q != in.end() && q->is_object())
    for (const auto& [k, v] : q->items())
      p.qualifiers.emplace_back(k, v.is_null() ? "" : v.get<std::string>());
  return p;
}

// True when the only thing strict mode objects to is the case of a qualifier key.
bool is_key_case_error(const Result<Purl>& r) {
  return !r && r.error().message.find("is not lower-case") != std::string::npos;
}

struct Outcome {
  bool ok = false;
  std::string detail;
};

Outcome run_string_case(const json& t, bool compare_components) {
  const std::string input = t.at("input").get<std::string>();
  const bool fail = t.value("expected_failure", false);
  auto lenient = parse(input);
  auto strict = parse(input, Mode::kStrict);
  // The modes may only disagree about qualifier-key case.
  if (lenient.has_value() != strict.has_value() && !is_key_case_error(strict))
    return {false, "lenient and strict modes disagree: " +
                       (lenient ? strict.error() : lenient.error()).message};
  if (fail) {
    if (strict) return {false, "expected a failure, got " + to_string(*strict)};
    return {true, {}};
  }
  if (!lenient) return {false, "unexpected error: " + lenient.error().message};
  // Permissive mode only adds acceptance: on valid input it must agree with lenient mode.
  auto permissive = parse(input, Mode::kPermissive);
  if (!permissive || to_string(*permissive) != to_string(*lenient))
    return {false, "permissive mode differs from lenient mode"};
  if (compare_components) {
    json got = components_json(*lenient);
    if (got != t.at("expected_output"))
      return {false, "got " + got.dump() + ", want " + t.at("expected_output").dump()};
    return {true, {}};
  }
  std::string canonical = to_string(*lenient);
  if (canonical != t.at("expected_output").get<std::string>())
    return {false, "got " + canonical + ", want " + t.at("expected_output").get<std::string>()};
  // The canonical form must parse back to itself.
  auto again = parse(canonical, Mode::kStrict);
  if (!again || to_string(*again) != canonical)
    return {false, "canonical form does not round-trip: " + canonical};
  return {true, {}};
}

Outcome run_build_case(const json& t) {
  const bool fail = t.value("expected_failure", false);
  auto built = build(components_from_json(t.at("input")), fail ? Mode::kStrict : Mode::kLenient);
  if (fail) {
    if (built) return {false, "expected a failure, got " + to_string(*built)};
    return {true, {}};
  }
  if (!built) return {false, "unexpected error: " + built.error().message};
  std::string got = to_string(*built);
  if (got != t.at("expected_output").get<std::string>())
    return {false, "got " + got + ", want " + t.at("expected_output").get<std::string>()};
  return {true, {}};
}

Outcome run_case(const json& t) {
  const std::string type = t.at("test_type").get<std::string>();
  if (type == "parse") return run_string_case(t, true);
  if (type == "validate") return run_string_case(t, false);
  if (type == "build") return run_build_case(t);
  return {false, "unknown test_type '" + type + "'"};
}

std::vector<fs::path> suite_files(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root / "tests"))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(PurlSpec, EveryCaseOfTheSuitePasses) {
  BULWARK_REQUIRE_SHARED(root, "corpora/purl-spec");
  std::map<std::string, int> passed, total;
  int failures = 0;
  auto files = suite_files(root);
  for (const auto& file : files) {
    std::ifstream in(file);
    json doc = json::parse(in);
    int index = 0;
    for (const auto& t : doc.at("tests")) {
      auto key = t.at("test_type").get<std::string>() +
                 (t.value("expected_failure", false) ? "(fail)" : "");
      ++total[key];
      auto outcome = run_case(t);
      if (outcome.ok) {
        ++passed[key];
      } else {
        ++failures;
        ADD_FAILURE() << file.filename().string() << " #" << index << " ["
                      << t.value("test_group", "") << "] " << t.value("description", "")
                      << "\n  input: " << t.at("input").dump() << "\n  " << outcome.detail;
      }
      ++index;
    }
  }
  int all = 0;
  std::string summary;
  for (const auto& [key, n] : total) {
    all += n;
    summary += " " + key + "=" + std::to_string(passed[key]) + "/" + std::to_string(n);
  }
  std::cout << "[purl-spec] " << files.size() << " files, " << all - failures << "/" << all
            << " cases passed:" << summary << "\n";
  RecordProperty("cases", all);
  RecordProperty("failures", failures);
  EXPECT_GE(files.size(), 40u);
  EXPECT_GE(all, 580);
  EXPECT_GE(total["parse"], 150);
  EXPECT_GE(total["validate"], 150);
  EXPECT_GE(total["build"], 150);
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace bulwark::purl
