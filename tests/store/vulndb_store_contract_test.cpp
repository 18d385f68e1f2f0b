// Contract of vulndb::Store, run on every backend (tests/store/backends.hpp): OSV imports (a
// newer `modified` wins, withdrawn records are kept but never matched, aliases), find and
// find_many, lookup, the KEV / EPSS / NVD feeds, status and record_count, and atomic imports.
// Only the Store interface is used, so a PostgreSQL backend runs the same tests.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "backends.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json record(const std::string& id, const std::string& modified, const std::string& ecosystem,
            const std::string& name, const std::vector<std::string>& aliases = {}) {
  json range = {{"type", "ECOSYSTEM"},
                {"events", json::array({{{"introduced", "0"}}, {{"fixed", "2.0.0"}}})}};
  json affected = {{"package", {{"ecosystem", ecosystem}, {"name", name}}},
                   {"ranges", json::array({range})}};
  return {{"schema_version", "1.6.0"}, {"id", id},
          {"modified", modified},      {"summary", id + " at " + modified},
          {"aliases", aliases},        {"affected", json::array({affected})}};
}

json nvd_cve(const std::string& id, const std::string& last_modified, const std::string& criteria) {
  return {{"id", id},
          {"published", "2024-01-01T00:00:00.000"},
          {"lastModified", last_modified},
          {"vulnStatus", "Analyzed"},
          {"descriptions", {{{"lang", "en"}, {"value", id + " text"}}}},
          {"configurations",
           {{{"nodes",
              {{{"operator", "OR"},
                {"negate", false},
                {"cpeMatch", {{{"vulnerable", true}, {"criteria", criteria}}}}}}}}}}};
}

class VulndbStoreContract : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    dir_ = scratch_dir() / ("in-" + backend() + "-" + name());
  }

  static std::string name() {
    return ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }

  std::unique_ptr<vulndb::Store> open() {
    if (!loc_) loc_ = fresh_location();
    auto s = vulndb::Store::open(*loc_);  // a file path or a postgresql:// URL
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }

  std::string write(const std::string& rel, const std::string& text) {
    const fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  static Result<vulndb::ImportReport> import(vulndb::Store& s,
                                             const std::vector<std::string>& paths,
                                             bool strict = false) {
    vulndb::ImportOptions o;
    o.strict = strict;
    return s.import(paths, o);
  }

  static std::vector<std::string> ids(const std::vector<vulndb::Candidate>& cands) {
    std::vector<std::string> out;
    for (const auto& c : cands)
      out.push_back(c.record->id + "#" + std::to_string(c.affected_index));
    return out;
  }

  fs::path dir_;
  std::optional<std::string> loc_;
};

TEST_P(VulndbStoreContract, NewerModifiedWinsOlderIsKept) {
  auto s = open();
  ASSERT_TRUE(s);
  auto a =
      import(*s, {write("v1/GHSA-aaaa.json",
                        record("GHSA-aaaa", "2024-01-01T00:00:00Z", "npm", "left-pad").dump())});
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->inserted, 1u);
  auto b =
      import(*s, {write("v2/GHSA-aaaa.json",
                        record("GHSA-aaaa", "2024-03-01T00:00:00Z", "npm", "left-pad").dump())});
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->updated, 1u);
  auto c =
      import(*s, {write("v0/GHSA-aaaa.json",
                        record("GHSA-aaaa", "2023-12-01T00:00:00Z", "npm", "left-pad").dump())});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->unchanged, 1u);
  auto got = s->lookup("GHSA-aaaa");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front()->modified, "2024-03-01T00:00:00Z");
  EXPECT_EQ(got->front()->summary, "GHSA-aaaa at 2024-03-01T00:00:00Z");
  EXPECT_EQ(s->record_count().value(), 1u);
}

// A long-lived store (a server's worker) keeps parsed records between scans; an import through
// another connection (another worker's `db update`) must be seen by its next find, find_many and
// lookup.
TEST_P(VulndbStoreContract, AnImportThroughAnotherConnectionIsSeen) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(
      import(*a, {write("v1/GHSA-cccc.json",
                        record("GHSA-cccc", "2024-01-01T00:00:00Z", "npm", "left-pad").dump())}));
  auto summary = [](const std::vector<vulndb::Candidate>& c) {
    return c.size() == 1 ? c.front().record->summary : std::string("?");
  };
  auto before = b->find("npm", "left-pad");
  ASSERT_TRUE(before) << before.error().message;
  EXPECT_EQ(summary(*before), "GHSA-cccc at 2024-01-01T00:00:00Z");
  ASSERT_TRUE(
      import(*a, {write("v2/GHSA-cccc.json",
                        record("GHSA-cccc", "2024-05-01T00:00:00Z", "npm", "left-pad").dump())}));
  auto after = b->find("npm", "left-pad");
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(summary(*after), "GHSA-cccc at 2024-05-01T00:00:00Z");
  auto many = b->find_many({{"npm", "left-pad"}});
  ASSERT_TRUE(many) << many.error().message;
  ASSERT_EQ(many->size(), 1u);
  EXPECT_EQ(summary(many->front()), "GHSA-cccc at 2024-05-01T00:00:00Z");
  auto looked = b->lookup("GHSA-cccc");
  ASSERT_TRUE(looked) << looked.error().message;
  ASSERT_EQ(looked->size(), 1u);
  EXPECT_EQ(looked->front()->modified, "2024-05-01T00:00:00Z");
}

TEST_P(VulndbStoreContract, WithdrawnIsKeptButNeverMatched) {
  auto s = open();
  auto w = record("GHSA-wwww", "2024-01-01T00:00:00Z", "PyPI", "requests");
  w["withdrawn"] = "2024-02-01T00:00:00Z";
  auto r =
      import(*s, {write("w/GHSA-wwww.json", w.dump()),
                  write("w/GHSA-kkkk.json",
                        record("GHSA-kkkk", "2024-01-01T00:00:00Z", "PyPI", "requests").dump())});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->withdrawn, 1u);
  EXPECT_EQ(ids(s->find("PyPI", "requests").value()), std::vector<std::string>{"GHSA-kkkk#0"});
  auto looked = s->lookup("GHSA-wwww").value();
  ASSERT_EQ(looked.size(), 1u);
  EXPECT_EQ(looked[0]->withdrawn, "2024-02-01T00:00:00Z");
  auto st = s->status().value();
  EXPECT_EQ(st.records, 2u);
  EXPECT_EQ(st.withdrawn, 1u);
}

TEST_P(VulndbStoreContract, LookupByIdOrAlias) {
  auto s = open();
  auto r = import(
      *s,
      {write("a/GHSA-1111.json",
             record("GHSA-1111", "2024-01-01T00:00:00Z", "npm", "a", {"CVE-2024-0001"}).dump()),
       write("a/PYSEC-1.json",
             record("PYSEC-1", "2024-01-01T00:00:00Z", "PyPI", "b", {"CVE-2024-0001"}).dump())});
  ASSERT_TRUE(r) << r.error().message;
  std::vector<std::string> got;
  const auto found = s->lookup("CVE-2024-0001").value();
  for (const auto& rec : found) got.push_back(rec->id);
  EXPECT_EQ(got, (std::vector<std::string>{"GHSA-1111", "PYSEC-1"}));
  EXPECT_TRUE(s->lookup("CVE-2099-0001").value().empty());
}

TEST_P(VulndbStoreContract, FindManyAnswersLikeFindPerKey) {
  auto s = open();
  auto r =
      import(*s, {write("m/GHSA-0001.json",
                        record("GHSA-0001", "2024-01-01T00:00:00Z", "PyPI", "Foo_Bar").dump()),
                  write("m/GHSA-0002.json",
                        record("GHSA-0002", "2024-01-01T00:00:00Z", "PyPI", "foo-bar").dump()),
                  write("m/GHSA-0003.json",
                        record("GHSA-0003", "2024-01-01T00:00:00Z", "npm", "foo-bar").dump()),
                  write("m/DSA-1.json",
                        record("DSA-1", "2024-01-01T00:00:00Z", "Debian:12", "openssl").dump()),
                  write("m/DSA-2.json",
                        record("DSA-2", "2024-01-01T00:00:00Z", "Debian:11", "openssl").dump())});
  ASSERT_TRUE(r) << r.error().message;
  const std::vector<vulndb::PackageRef> keys = {{"PyPI", "FOO.bar"}, {"npm", "foo-bar"},
                                                {"npm", "absent"},   {"Debian", "openssl"},
                                                {"PyPI", "foo_bar"}, {"Go", "x"}};
  auto many = s->find_many(keys);
  ASSERT_TRUE(many) << many.error().message;
  ASSERT_EQ(many->size(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto one = s->find(keys[i].ecosystem_base, keys[i].name);
    ASSERT_TRUE(one);
    EXPECT_EQ(ids((*many)[i]), ids(*one)) << keys[i].ecosystem_base << " " << keys[i].name;
  }
  EXPECT_EQ(ids((*many)[0]),
            (std::vector<std::string>{"GHSA-0001#0", "GHSA-0002#0"}));           // PEP 503 names
  EXPECT_EQ(ids((*many)[3]), (std::vector<std::string>{"DSA-1#0", "DSA-2#0"}));  // every release
  EXPECT_TRUE((*many)[2].empty());
  EXPECT_TRUE(s->find_many({}).value().empty());
  auto ecos = s->ecosystems().value();
  EXPECT_EQ(ecos, (std::vector<std::string>{"Debian", "PyPI", "npm"}));
}

TEST_P(VulndbStoreContract, FeedsImportAndQueries) {
  auto s = open();
  EXPECT_FALSE(s->has_nvd().value());
  const json kev = {{"catalogVersion", "2025.01.02"},
                    {"dateReleased", "2025-01-02T12:00:00.000Z"},
                    {"vulnerabilities",
                     {{{"cveID", "CVE-2021-44228"},
                       {"vendorProject", "Apache"},
                       {"product", "Log4j2"},
                       {"vulnerabilityName", "Log4Shell"},
                       {"dateAdded", "2021-12-10"},
                       {"shortDescription", "JNDI lookup."},
                       {"requiredAction", "Patch."},
                       {"dueDate", "2021-12-24"},
                       {"knownRansomwareCampaignUse", "Known"},
                       {"notes", ""}}}}};
  const std::string epss =
      "#model_version:v2025.03.14,score_date:2025-06-01T00:00:00Z\ncve,epss,percentile\n"
      "CVE-2021-44228,0.97000,0.99900\nCVE-2020-0002,0.20000,0.90000\n"
      "CVE-2020-0001,0.01000,0.40000\n";
  const json nvd = {{"format", "NVD_CVE"},
                    {"version", "2.0"},
                    {"vulnerabilities",
                     {{{"cve", nvd_cve("CVE-2021-44228", "2024-05-01T00:00:00.000",
                                       "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*")}},
                      {{"cve", nvd_cve("CVE-2022-0001", "2024-05-01T00:00:00.000",
                                       "cpe:2.3:a:other:thing:1.0:*:*:*:*:*:*:*")}}}}};
  auto r = import(*s, {write("f/kev.json", kev.dump()), write("f/epss.csv", epss),
                       write("f/nvd.json", nvd.dump())});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->feeds.kev, 1u);
  EXPECT_EQ(r->feeds.epss, 3u);
  EXPECT_EQ(r->feeds.nvd_inserted, 2u);
  EXPECT_TRUE(s->has_nvd().value());

  auto k = s->kev("cve-2021-44228").value();  // case-insensitive
  ASSERT_TRUE(k.has_value());
  EXPECT_EQ(k->ransomware, "Known");
  EXPECT_EQ(k->due_date, "2021-12-24");
  EXPECT_FALSE(s->kev("CVE-2022-0001").value().has_value());
  auto e = s->epss("CVE-2021-44228").value();
  ASSERT_TRUE(e.has_value());
  EXPECT_DOUBLE_EQ(e->score, 0.97);
  EXPECT_EQ(e->model_version, "v2025.03.14");
  // The EPSS filter's lookup: both minimums reached (inclusive), sorted.
  EXPECT_EQ(s->epss_at_least(0.0, 0.0).value(),
            (std::vector<std::string>{"CVE-2020-0001", "CVE-2020-0002", "CVE-2021-44228"}));
  EXPECT_EQ(s->epss_at_least(0.2, 0.0).value(),
            (std::vector<std::string>{"CVE-2020-0002", "CVE-2021-44228"}));
  EXPECT_EQ(s->epss_at_least(0.1, 0.95).value(), std::vector<std::string>{"CVE-2021-44228"});
  EXPECT_TRUE(s->epss_at_least(0.98, 0.0).value().empty());
  auto n = s->nvd("CVE-2021-44228").value();
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->description, "CVE-2021-44228 text");
  ASSERT_EQ(n->matches.size(), 1u);
  auto by = s->nvd_by_product("APACHE", "log4j").value();
  ASSERT_EQ(by.size(), 1u);
  EXPECT_EQ(by[0].cve, "CVE-2021-44228");

  // KEV and EPSS files are snapshots: a new one replaces the previous content.
  const std::string epss2 =
      "#model_version:v2025.03.14,score_date:2025-06-02T00:00:00Z\ncve,epss,percentile\n"
      "CVE-2022-0001,0.10000,0.50000\n";
  ASSERT_TRUE(import(*s, {write("f/epss2.csv", epss2)}));
  EXPECT_FALSE(s->epss("CVE-2021-44228").value().has_value());
  EXPECT_TRUE(s->epss("CVE-2022-0001").value().has_value());
}

TEST_P(VulndbStoreContract, StatusAndRecordCount) {
  auto s = open();
  auto empty = s->status().value();
  EXPECT_EQ(empty.records, 0u);
  EXPECT_EQ(empty.last_import, "");
  ASSERT_EQ(empty.sources.size(), 4u);
  for (const auto& src : empty.sources) EXPECT_EQ(src.records, 0u) << src.name;
  const std::string path =
      write("s/GHSA-5555.json", record("GHSA-5555", "2024-04-01T00:00:00Z", "npm", "x").dump());
  ASSERT_TRUE(import(*s, {path}));
  EXPECT_EQ(s->record_count().value(), 1u);
  auto st = s->status().value();
  EXPECT_EQ(st.records, 1u);
  EXPECT_NE(st.last_import, "");
  EXPECT_EQ(st.last_import_sources, std::vector<std::string>{path});
  ASSERT_EQ(st.per_ecosystem.size(), 1u);
  EXPECT_EQ(st.per_ecosystem[0].ecosystem, "npm");
  EXPECT_EQ(st.per_ecosystem[0].source, "GHSA");
  EXPECT_EQ(st.per_ecosystem[0].newest_modified, "2024-04-01T00:00:00Z");
  std::map<std::string, std::size_t> counts;
  for (const auto& src : st.sources) counts[src.name] = src.records;
  EXPECT_EQ(counts["OSV"], 1u);
  EXPECT_EQ(counts["KEV"], 0u);
}

TEST_P(VulndbStoreContract, AFailedImportChangesNothing) {
  auto s = open();
  ASSERT_TRUE(import(*s, {write("ok/GHSA-0001.json",
                                record("GHSA-0001", "2024-01-01T00:00:00Z", "npm", "a").dump())}));
  const auto before = s->status().value();

  // A valid newer record and a new one, then an unrecognised input: the whole import fails.
  auto bad = import(
      *s,
      {write("b/GHSA-0001.json", record("GHSA-0001", "2024-06-01T00:00:00Z", "npm", "a").dump()),
       write("b/GHSA-0009.json", record("GHSA-0009", "2024-06-01T00:00:00Z", "npm", "b").dump()),
       write("junk.bin", "\x01\x02 not a feed")});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kUnsupported) << bad.error().message;
  // --strict with one invalid record: nothing either.
  auto strict = import(
      *s,
      {write("c/GHSA-0001.json", record("GHSA-0001", "2024-07-01T00:00:00Z", "npm", "a").dump()),
       write("c/broken.json", "{\"id\": 5}")},
      true);
  ASSERT_FALSE(strict);

  auto after = s->status().value();
  EXPECT_EQ(after.records, before.records);
  EXPECT_EQ(after.last_import, before.last_import);
  EXPECT_EQ(after.last_import_sources, before.last_import_sources);
  EXPECT_EQ(s->lookup("GHSA-0001").value().at(0)->modified, "2024-01-01T00:00:00Z");
  EXPECT_TRUE(s->lookup("GHSA-0009").value().empty());
  EXPECT_TRUE(s->find("npm", "b").value().empty());
}

// Text that COPY's format treats specially (backslash, tab, newline, CR, "\N", "\.") comes back
// as written in every stored column: ids, aliases, package names, the record JSON; a newer
// version replaces the aliases and packages, and a record seen twice in one import is weighed
// against the first.
TEST_P(VulndbStoreContract, SpecialCharactersRoundTripAndReplaceCleanly) {
  auto s = open();
  const std::string name = "we\\ird\tpkg\nname\r\\N";
  const std::vector<std::string> v1_aliases = {"CVE-\\N", "\\.", "tab\tnew\nline\\"};
  auto v1 = record("GHSA-esc\\1", "2024-01-01T00:00:00Z", "npm", name, v1_aliases);
  v1["summary"] = "a\tb\\c\nd\re \\. \\N \xc3\xa9";
  auto r = import(*s, {write("e/v1.json", v1.dump())});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->inserted, 1u);
  for (const auto& alias : v1_aliases) {
    auto got = s->lookup(alias).value();
    ASSERT_EQ(got.size(), 1u) << alias;
    EXPECT_EQ(got[0]->id, "GHSA-esc\\1");
    EXPECT_EQ(got[0]->summary, v1["summary"].get<std::string>());
  }
  EXPECT_EQ(ids(s->find("npm", name).value()), std::vector<std::string>{"GHSA-esc\\1#0"});

  // Two versions in one import, the newer second: it replaces the first (and the stored one).
  auto v2 = record("GHSA-esc\\1", "2024-02-01T00:00:00Z", "npm", name, {"CVE-2\t"});
  auto v3 = record("GHSA-esc\\1", "2024-03-01T00:00:00Z", "npm", name, {"CVE-3\\"});
  r = import(*s, {write("e2/a.json", v2.dump()), write("e2/b.json", v3.dump())});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->updated, 2u);
  for (const auto& alias : v1_aliases) EXPECT_TRUE(s->lookup(alias).value().empty()) << alias;
  EXPECT_TRUE(s->lookup("CVE-2\t").value().empty());
  ASSERT_EQ(s->lookup("CVE-3\\").value().size(), 1u);
  EXPECT_EQ(s->lookup("CVE-3\\").value()[0]->modified, "2024-03-01T00:00:00Z");
  EXPECT_EQ(ids(s->find("npm", name).value()), std::vector<std::string>{"GHSA-esc\\1#0"});
  EXPECT_EQ(s->record_count().value(), 1u);
}

// More records than one batch of the PostgreSQL import (5,000), one of them twice: every record,
// alias and package arrives once; a second import of newer versions of some replaces only those.
TEST_P(VulndbStoreContract, ImportsAcrossBatches) {
  auto s = open();
  constexpr int kCount = 5200;
  std::vector<std::string> paths;
  for (int i = 0; i < kCount; ++i) {
    const std::string id = "GHSA-b" + std::to_string(i);
    paths.push_back(write("many/" + id + ".json",
                          record(id, "2024-01-01T00:00:00Z", "npm", "pkg" + std::to_string(i % 7),
                                 {"CVE-2024-" + std::to_string(i)})
                              .dump()));
  }
  // GHSA-b3's newer version again after the first batch.
  paths.push_back(
      write("many-again/GHSA-b3.json",
            record("GHSA-b3", "2024-05-01T00:00:00Z", "npm", "pkg3", {"CVE-2024-3"}).dump()));
  auto r = import(*s, paths);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->inserted, static_cast<std::size_t>(kCount));
  EXPECT_EQ(r->updated, 1u);
  EXPECT_EQ(s->record_count().value(), static_cast<std::size_t>(kCount));
  EXPECT_EQ(s->find("npm", "pkg3").value().size(), static_cast<std::size_t>((kCount + 3) / 7));
  auto b3 = s->lookup("CVE-2024-3").value();
  ASSERT_EQ(b3.size(), 1u);
  EXPECT_EQ(b3[0]->modified, "2024-05-01T00:00:00Z");
  EXPECT_EQ(s->lookup("CVE-2024-5199").value().size(), 1u);

  std::vector<std::string> newer;
  for (int i = 0; i < kCount; i += 1000)
    newer.push_back(write("newer/" + std::to_string(i) + ".json",
                          record("GHSA-b" + std::to_string(i), "2024-06-01T00:00:00Z", "npm",
                                 "moved", {"CVE-2025-" + std::to_string(i)})
                              .dump()));
  r = import(*s, newer);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->updated, newer.size());
  EXPECT_EQ(s->record_count().value(), static_cast<std::size_t>(kCount));
  EXPECT_EQ(s->find("npm", "moved").value().size(), newer.size());
  EXPECT_TRUE(s->lookup("CVE-2024-1000").value().empty());
  EXPECT_EQ(s->lookup("CVE-2025-1000").value().size(), 1u);
}

// NVD CVEs across more than one batch of the PostgreSQL import (5,000), every child row kind
// (metrics, CWEs, references, CPE matches with ranges and AND/negated nodes) with characters
// COPY must escape, one CVE twice in the same import (the newer wins) and a later replacement
// that leaves no row of the old version behind.
TEST_P(VulndbStoreContract, NvdImportsAcrossBatchesWithEveryRowKind) {
  auto s = open();
  auto rich = [](const std::string& id, const std::string& modified, const std::string& product,
                 const std::string& text) {
    json c = nvd_cve(id, modified, "cpe:2.3:a:acme:" + product + ":*:*:*:*:*:*:*:*");
    c["descriptions"] = {{{"lang", "en"}, {"value", text}}};
    c["metrics"] = {
        {"cvssMetricV31",
         {{{"source", "nvd@nist.gov"},
           {"type", "Primary"},
           {"cvssData",
            {{"version", "3.1"},
             {"vectorString", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
             {"baseScore", 9.8}}}}}},
        {"cvssMetricV2",
         {{{"source", "nvd@nist.gov"},
           {"type", "Primary"},
           {"cvssData", {{"vectorString", "AV:N/AC:L/Au:N/C:P/I:P/A:P"}, {"baseScore", 7.5}}}}}}};
    c["weaknesses"] = {
        {{"description",
          {{{"lang", "en"}, {"value", "CWE-79"}}, {{"lang", "en"}, {"value", "NVD-CWE-Other"}}}}}};
    c["references"] = {{{"url", "https://example.org/a\tb?x=1&y=\\N"}},
                       {{"url", "https://example.org/" + id}}};
    c["configurations"] = {
        {{"operator", "AND"},
         {"nodes",
          {{{"operator", "OR"},
            {"negate", false},
            {"cpeMatch",
             {{{"vulnerable", true},
               {"criteria", "cpe:2.3:a:acme:" + product + ":*:*:*:*:*:*:*:*"},
               {"versionStartIncluding", "1.0"},
               {"versionEndExcluding", "2.0"}}}}},
           {{"operator", "OR"},
            {"negate", true},
            {"cpeMatch",
             {{{"vulnerable", false}, {"criteria", "cpe:2.3:o:acme:fw:*:*:*:*:*:*:*:*"}}}}}}}}};
    return json{{"cve", c}};
  };
  constexpr int kCount = 5100;
  json list = json::array();
  for (int i = 0; i < kCount; ++i)
    list.push_back(
        i % 1000 == 7
            ? rich(fmt::format("CVE-2024-{:05}", i), "2024-05-01T00:00:00.000",
                   "tool" + std::to_string(i), "text\t\n\\N " + std::to_string(i))
            : json{{"cve",
                    nvd_cve(fmt::format("CVE-2024-{:05}", i), "2024-05-01T00:00:00.000",
                            "cpe:2.3:a:bulk:p" + std::to_string(i % 13) + ":*:*:*:*:*:*:*:*")}});
  // CVE-2024-00007 again, newer, after the first batch.
  list.push_back(rich("CVE-2024-00007", "2024-06-01T00:00:00.000", "renamed", "second"));
  const json feed = {{"format", "NVD_CVE"}, {"version", "2.0"}, {"vulnerabilities", list}};
  auto r = import(*s, {write("nvd-many/nvd.json", feed.dump())});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->feeds.nvd_inserted, static_cast<std::size_t>(kCount));
  EXPECT_EQ(r->feeds.nvd_updated, 1u);

  auto one = s->nvd("CVE-2024-01007").value();
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->description, "text\t\n\\N 1007");
  ASSERT_EQ(one->metrics.size(), 2u);
  EXPECT_EQ(one->metrics[0].version, "3.1");
  EXPECT_DOUBLE_EQ(one->metrics[0].nvd_base_score, 9.8);
  EXPECT_EQ(one->metrics[1].version, "2.0");
  EXPECT_EQ(one->cwes, (std::vector<std::string>{"CWE-79", "NVD-CWE-Other"}));
  EXPECT_EQ(one->references.at(0), "https://example.org/a\tb?x=1&y=\\N");
  ASSERT_EQ(one->matches.size(), 2u);
  EXPECT_EQ(one->matches[0].start_including, "1.0");
  EXPECT_EQ(one->matches[0].end_excluding, "2.0");
  EXPECT_TRUE(one->matches[0].vulnerable);
  EXPECT_TRUE(one->matches[1].node_negate);
  EXPECT_FALSE(one->matches[1].vulnerable);
  EXPECT_EQ(one->config_operators, std::vector<std::string>{"AND"});
  EXPECT_EQ(s->nvd_by_product("acme", "tool1007").value().size(), 1u);
  // i % 13 == 5 below 5,100, less none of the rich ones.
  EXPECT_EQ(s->nvd_by_product("bulk", "p5").value().size(), 391u);

  // The repeated CVE: the newer version only, its rows once.
  auto twice = s->nvd("CVE-2024-00007").value();
  ASSERT_TRUE(twice.has_value());
  EXPECT_EQ(twice->description, "second");
  EXPECT_EQ(twice->references.size(), 2u);
  EXPECT_TRUE(s->nvd_by_product("acme", "tool7").value().empty());
  EXPECT_EQ(s->nvd_by_product("acme", "renamed").value().size(), 1u);

  // A later feed replaces one CVE: none of its old rows stay; an older copy changes nothing.
  const json later = {{"format", "NVD_CVE"},
                      {"version", "2.0"},
                      {"vulnerabilities",
                       {{{"cve", nvd_cve("CVE-2024-01007", "2024-07-01T00:00:00.000",
                                         "cpe:2.3:a:acme:moved:*:*:*:*:*:*:*:*")}},
                        {{"cve", nvd_cve("CVE-2024-02007", "2024-01-01T00:00:00.000",
                                         "cpe:2.3:a:acme:old:*:*:*:*:*:*:*:*")}}}}};
  r = import(*s, {write("nvd-later/nvd.json", later.dump())});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->feeds.nvd_updated, 1u);
  auto moved = s->nvd("CVE-2024-01007").value();
  ASSERT_TRUE(moved.has_value());
  EXPECT_TRUE(moved->metrics.empty());
  EXPECT_TRUE(moved->cwes.empty());
  EXPECT_TRUE(moved->references.empty());
  ASSERT_EQ(moved->matches.size(), 1u);
  EXPECT_TRUE(s->nvd_by_product("acme", "tool1007").value().empty());
  EXPECT_EQ(s->nvd("CVE-2024-02007").value()->description, "text\t\n\\N 2007");
}

// A NUL byte (JSON \u0000) in a stored text: PostgreSQL text cannot hold it, so the PostgreSQL
// import fails naming the record and the field and keeps the previous contents; SQLite stores it.
TEST_P(VulndbStoreContract, ANulByteInATextIsRefusedByPostgresql) {
  auto s = open();
  ASSERT_TRUE(import(*s, {write("n0/GHSA-0001.json",
                                record("GHSA-0001", "2024-01-01T00:00:00Z", "npm", "a").dump())}));
  auto r = import(
      *s,
      {write("n/GHSA-0001.json", record("GHSA-0001", "2024-06-01T00:00:00Z", "npm", "a").dump()),
       write("n/GHSA-nul.json",
             record("GHSA-nul", "2024-06-01T00:00:00Z", "npm", "b", {std::string("CVE-\0-1", 7)})
                 .dump())});
  if (!postgresql()) {
    ASSERT_TRUE(r) << r.error().message;
    return;
  }
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(r.error().message.find("GHSA-nul"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("alias contains a NUL byte"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(s->lookup("GHSA-0001").value().at(0)->modified, "2024-01-01T00:00:00Z");
  EXPECT_TRUE(s->lookup("GHSA-nul").value().empty());
  EXPECT_EQ(s->record_count().value(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, VulndbStoreContract, ::testing::ValuesIn(store_backends()),
                         backend_name);

}  // namespace
}  // namespace bulwark::test
