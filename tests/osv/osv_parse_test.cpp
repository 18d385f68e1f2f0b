// osv::parse_json, osv::yaml_to_json and osv::sortable_time on small records written here.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/osv/osv.hpp"

namespace {

using bulwark::OsvEventKind;
using bulwark::OsvRangeType;
using nlohmann::json;

json minimal() {
  return json{
      {"id", "GHSA-aaaa-bbbb-cccc"},
      {"modified", "2024-01-02T03:04:05Z"},
      {"affected",
       json::array(
           {{{"package", {{"ecosystem", "PyPI"}, {"name", "Django"}}},
             {"ranges", json::array({{{"type", "ECOSYSTEM"},
                                      {"events", json::array({{{"introduced", "0"}},
                                                              {{"fixed", "4.2.1"}}})}}})}}})}};
}

std::string error_of(const json& j) {
  auto r = bulwark::osv::parse_json(j.dump());
  EXPECT_FALSE(r.has_value()) << "expected an error for " << j.dump();
  return r ? std::string() : r.error().message;
}

TEST(OsvParse, MinimalRecord) {
  auto r = bulwark::osv::parse_json(minimal().dump());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->id, "GHSA-aaaa-bbbb-cccc");
  EXPECT_EQ(r->modified, "2024-01-02T03:04:05Z");
  ASSERT_EQ(r->affected.size(), 1u);
  EXPECT_EQ(r->affected[0].ecosystem, "PyPI");
  EXPECT_EQ(r->affected[0].name, "Django");
  ASSERT_EQ(r->affected[0].ranges.size(), 1u);
  EXPECT_EQ(r->affected[0].ranges[0].type, OsvRangeType::kEcosystem);
  ASSERT_EQ(r->affected[0].ranges[0].events.size(), 2u);
  EXPECT_EQ(r->affected[0].ranges[0].events[1].kind, OsvEventKind::kFixed);
  EXPECT_EQ(r->affected[0].ranges[0].events[1].value, "4.2.1");
}

TEST(OsvParse, AllFields) {
  json j = minimal();
  j["schema_version"] = "1.6.0";
  j["published"] = "2023-12-01T00:00:00Z";
  j["withdrawn"] = "2024-02-01T00:00:00Z";
  j["summary"] = "s";
  j["details"] = "d";
  j["aliases"] = {"CVE-2024-1", "PYSEC-2024-9"};
  j["related"] = {"CVE-2023-7"};
  j["upstream"] = {"CVE-2022-5"};
  j["severity"] = json::array(
      {{{"type", "CVSS_V3"}, {"score", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}});
  j["references"] = json::array({{{"type", "WEB"}, {"url", "https://example.org/a"}}});
  j["database_specific"] = {{"cwe_ids", {"CWE-79", "CWE-89"}}, {"severity", "HIGH"}};
  j["affected"][0]["versions"] = {"4.0", "4.1"};
  j["affected"][0]["package"]["purl"] = "pkg:pypi/django";
  j["affected"][0]["ecosystem_specific"] = {{"severity", "MEDIUM"}};
  auto r = bulwark::osv::parse_json(j.dump());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->schema_version, "1.6.0");
  EXPECT_EQ(r->published, "2023-12-01T00:00:00Z");
  EXPECT_EQ(r->withdrawn, "2024-02-01T00:00:00Z");
  EXPECT_EQ(r->summary, "s");
  EXPECT_EQ(r->details, "d");
  EXPECT_EQ(r->aliases, (std::vector<std::string>{"CVE-2024-1", "PYSEC-2024-9"}));
  EXPECT_EQ(r->related, (std::vector<std::string>{"CVE-2023-7"}));
  EXPECT_EQ(r->upstream, (std::vector<std::string>{"CVE-2022-5"}));
  ASSERT_EQ(r->severity.size(), 1u);
  EXPECT_EQ(r->severity[0].type, "CVSS_V3");
  EXPECT_EQ(r->severity[0].score, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  EXPECT_EQ(r->references, (std::vector<std::string>{"https://example.org/a"}));
  EXPECT_EQ(r->cwes, (std::vector<std::string>{"CWE-79", "CWE-89"}));
  EXPECT_EQ(r->database_severity, "HIGH");
  EXPECT_EQ(r->affected[0].versions, (std::vector<std::string>{"4.0", "4.1"}));
  EXPECT_EQ(r->affected[0].purl, "pkg:pypi/django");
  EXPECT_EQ(r->affected[0].severity, "MEDIUM");
}

TEST(OsvParse, AffectedSeverityPrecedence) {
  json j = minimal();
  j["affected"][0]["database_specific"] = {{"severity", "LOW"}};
  EXPECT_EQ(bulwark::osv::parse_json(j.dump())->affected[0].severity, "LOW");
  j["affected"][0]["ecosystem_specific"] = {{"severity", "MEDIUM"}};
  EXPECT_EQ(bulwark::osv::parse_json(j.dump())->affected[0].severity, "MEDIUM");
  j["affected"][0]["severity"] = json::array({{{"type", "Ubuntu"}, {"score", "high"}}});
  EXPECT_EQ(bulwark::osv::parse_json(j.dump())->affected[0].severity, "high");
}

TEST(OsvParse, GitOnlyEntryNeedsNoPackage) {
  json j = minimal();
  j["affected"] =
      json::array({{{"ranges", json::array({{{"type", "GIT"},
                                             {"repo", "https://example.org/r.git"},
                                             {"events", json::array({{{"introduced", "abc"}},
                                                                     {{"limit", "def"}}})}}})}}});
  auto r = bulwark::osv::parse_json(j.dump());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->affected[0].ecosystem, "");
  EXPECT_EQ(r->affected[0].ranges[0].repo, "https://example.org/r.git");
  EXPECT_EQ(r->affected[0].ranges[0].events[1].kind, OsvEventKind::kLimit);
}

TEST(OsvParse, RequiredFieldsNamedByPointer) {
  json j = minimal();
  j.erase("id");
  EXPECT_EQ(error_of(j), "/id: missing required field");
  j = minimal();
  j.erase("modified");
  EXPECT_EQ(error_of(j), "/modified: missing required field");
  j = minimal();
  j["modified"] = "yesterday";
  EXPECT_EQ(error_of(j), "/modified: not an RFC 3339 time: 'yesterday'");
  j = minimal();
  j["id"] = 7;
  EXPECT_EQ(error_of(j), "/id: expected a string, found a number");
  EXPECT_EQ(error_of(json::array()), "expected a JSON object, found an array");
}

TEST(OsvParse, PackageRequiredUnlessGit) {
  json j = minimal();
  j["affected"][0].erase("package");
  EXPECT_EQ(error_of(j), "/affected/0/package: missing (required unless every range is GIT)");
  j = minimal();
  j["affected"][0]["package"].erase("name");
  EXPECT_EQ(error_of(j), "/affected/0/package/name: missing required field");
  j = minimal();
  j["affected"][0]["package"]["ecosystem"] = "";
  EXPECT_EQ(error_of(j), "/affected/0/package/ecosystem: must not be empty");
}

TEST(OsvParse, EventErrors) {
  json j = minimal();
  j["affected"][0]["ranges"][0]["events"][1] = {{"foo", "1"}};
  EXPECT_EQ(error_of(j), "/affected/0/ranges/0/events/1: unknown event kind 'foo'");
  j["affected"][0]["ranges"][0]["events"][1] = {{"fixed", "1"}, {"limit", "2"}};
  EXPECT_EQ(error_of(j),
            "/affected/0/ranges/0/events/1: an event needs exactly one of introduced, fixed, "
            "last_affected, "
            "limit (found 2)");
  j["affected"][0]["ranges"][0]["events"][1] = json::object();
  EXPECT_EQ(error_of(j),
            "/affected/0/ranges/0/events/1: an event needs exactly one of introduced, fixed, "
            "last_affected, "
            "limit (found 0)");
  j["affected"][0]["ranges"][0]["events"][1] = {{"fixed", 2}};
  EXPECT_EQ(error_of(j), "/affected/0/ranges/0/events/1/fixed: expected a string, found a number");
  j["affected"][0]["ranges"][0]["events"] = json::array({{{"fixed", "1"}}});
  EXPECT_EQ(error_of(j), "/affected/0/ranges/0/events: the range has no 'introduced' event");
}

TEST(OsvParse, RangeErrors) {
  json j = minimal();
  j["affected"][0]["ranges"][0]["type"] = "SEMVERISH";
  EXPECT_EQ(error_of(j),
            "/affected/0/ranges/0/type: unknown range type 'SEMVERISH' (SEMVER, ECOSYSTEM or GIT)");
  j = minimal();
  j["affected"][0]["ranges"][0]["type"] = "GIT";
  EXPECT_EQ(error_of(j), "/affected/0/ranges/0/repo: missing required field");
  j = minimal();
  j["affected"][0]["ranges"][0].erase("events");
  EXPECT_EQ(error_of(j), "/affected/0/ranges/0/events: missing required field");
  j = minimal();
  j["affected"][0]["ranges"].push_back({{"type", "SEMVER"}, {"events", "x"}});
  EXPECT_EQ(error_of(j), "/affected/0/ranges/1/events: expected an array, found a string");
}

TEST(OsvParse, OtherTypeErrors) {
  json j = minimal();
  j["aliases"] = {"CVE-1", 2};
  EXPECT_EQ(error_of(j), "/aliases/1: expected a string, found a number");
  j = minimal();
  j["severity"] = json::array({{{"type", "CVSS_V3"}}});
  EXPECT_EQ(error_of(j), "/severity/0/score: missing required field");
  j = minimal();
  j["references"] = json::array({{{"type", "WEB"}}});
  EXPECT_EQ(error_of(j), "/references/0/url: missing required field");
}

TEST(OsvParse, PointerEscapesKeys) {
  // A key with '/' cannot come from the schema, but the pointer helper must escape it.
  json j = minimal();
  j["affected"][0]["ranges"][0]["events"][0] = {{"a/b", "1"}};
  EXPECT_EQ(error_of(j), "/affected/0/ranges/0/events/0: unknown event kind 'a/b'");
}

TEST(OsvParse, InvalidJson) {
  auto r = bulwark::osv::parse_json("{\"id\": ");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, bulwark::ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().message.rfind("invalid JSON: ", 0), 0u) << r.error().message;
  EXPECT_FALSE(bulwark::osv::parse_json("").has_value());
  EXPECT_FALSE(bulwark::osv::parse_json("{\"id\":\"a\xff\",\"modified\":\"2024-01-01T00:00:00Z\"}")
                   .has_value());
}

TEST(OsvParse, NullOptionalFieldsAreAbsent) {
  json j = minimal();
  j["withdrawn"] = nullptr;
  j["aliases"] = nullptr;
  auto r = bulwark::osv::parse_json(j.dump());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->withdrawn, "");
  EXPECT_TRUE(r->aliases.empty());
}

TEST(OsvTime, SortableForm) {
  using bulwark::osv::sortable_time;
  EXPECT_EQ(sortable_time("2024-07-03T20:05:21Z"), "2024-07-03T20:05:21.000000000Z");
  EXPECT_EQ(sortable_time("2024-07-03T20:05:21.5Z"), "2024-07-03T20:05:21.500000000Z");
  EXPECT_EQ(sortable_time("2024-07-03t20:05:21.123456789123z"), "2024-07-03T20:05:21.123456789Z");
  EXPECT_EQ(sortable_time("2024-01-01T01:30:00+02:00"), "2023-12-31T23:30:00.000000000Z");
  EXPECT_EQ(sortable_time("2024-02-28T23:00:00-01:30"), "2024-02-29T00:30:00.000000000Z");
  EXPECT_EQ(sortable_time("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00.000000000Z");
  EXPECT_EQ(sortable_time("2024-07-03"), "");
  EXPECT_EQ(sortable_time("2024-13-03T00:00:00Z"), "");
  EXPECT_EQ(sortable_time("2024-07-03T20:05:21"), "");
  EXPECT_EQ(sortable_time("2024-07-03T20:05:21Zjunk"), "");
  // Fractions compare correctly even when written with different precision.
  EXPECT_LT(sortable_time("2024-07-03T20:05:21Z"), sortable_time("2024-07-03T20:05:21.1Z"));
}

TEST(OsvYaml, ConvertsRecord) {
  const char* yaml = R"(id: PYSEC-2099-1
modified: 2024-01-02T03:04:05.123Z
aliases:
- CVE-2099-1
affected:
- package:
    ecosystem: PyPI
    name: demo
  ranges:
  - type: ECOSYSTEM
    events:
    - introduced: "0"
    - fixed: 1.0
  versions:
  - 0.9
  - 2
database_specific:
  reviewed: true
  note: ~
)";
  auto j = bulwark::osv::yaml_to_json(yaml);
  ASSERT_TRUE(j.has_value()) << j.error().message;
  auto parsed = json::parse(*j);
  EXPECT_EQ(parsed["modified"], "2024-01-02T03:04:05.123Z");
  EXPECT_EQ(parsed["affected"][0]["ranges"][0]["events"][1]["fixed"], "1.0");
  EXPECT_EQ(parsed["affected"][0]["versions"], json({"0.9", "2"}));
  EXPECT_EQ(parsed["database_specific"]["reviewed"], true);
  EXPECT_TRUE(parsed["database_specific"]["note"].is_null());
  auto r = bulwark::osv::parse_json(*j);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->id, "PYSEC-2099-1");
  EXPECT_EQ(r->aliases, (std::vector<std::string>{"CVE-2099-1"}));
  EXPECT_EQ(r->affected[0].versions, (std::vector<std::string>{"0.9", "2"}));
}

TEST(OsvYaml, ErrorsNameTheLine) {
  auto r = bulwark::osv::yaml_to_json("id: A\nmodified: [unclosed\n");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("invalid YAML: line "), std::string::npos) << r.error().message;
  auto empty = bulwark::osv::yaml_to_json("");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().message, "invalid YAML: empty document");
  auto key = bulwark::osv::yaml_to_json("? [a, b]\n: c\n");
  ASSERT_FALSE(key.has_value());
  EXPECT_NE(key.error().message.find("mapping keys must be scalars"), std::string::npos)
      << key.error().message;
}

TEST(OsvYaml, AliasExpansionIsBounded) {
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i)
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) +
            ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + "]\n";
  auto r = bulwark::osv::yaml_to_json(yaml);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("nodes"), std::string::npos) << r.error().message;
}

}  // namespace
