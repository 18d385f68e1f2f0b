// vulndb::Store on fixtures written here: import inputs, replacement rules, atomic failure,
// lookups and status.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "bulwark/vulndb/store.hpp"
#include "fixtures.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::test::ArchiveKind;
using bulwark::test::dump_tables;
using bulwark::test::osv_record;
using bulwark::test::TempDir;
using bulwark::test::write_archive;
using bulwark::test::write_json;
using bulwark::test::write_text;
using bulwark::vulndb::ImportOptions;
using bulwark::vulndb::ImportReport;
using bulwark::vulndb::Store;

namespace {

class StoreTest : public ::testing::Test {
 protected:
  fs::path db_path() const { return tmp.path() / "v.db"; }
  fs::path in(const std::string& rel) const { return tmp.path() / "in" / rel; }

  std::unique_ptr<Store> open() {
    auto s = Store::open(db_path().string());
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }

  ImportReport import(Store& s, const std::vector<fs::path>& paths, bool strict = false) {
    std::vector<std::string> p;
    for (const auto& x : paths) p.push_back(x.string());
    ImportOptions o;
    o.strict = strict;
    auto r = s.import_osv(p, o);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r ? *r : ImportReport{};
  }

  TempDir tmp;
};

std::vector<std::string> ids_of(const std::vector<bulwark::vulndb::Candidate>& cs) {
  std::vector<std::string> out;
  for (const auto& c : cs) out.push_back(c.record->id);
  return out;
}

TEST_F(StoreTest, ImportsDirectoryTreeAndFinds) {
  write_json(in("a/GHSA-1.json"),
             osv_record("GHSA-1", "2024-01-01T00:00:00Z", "PyPI", "Foo_Bar", {"CVE-1"}));
  write_json(in("a/b/GO-1.json"),
             osv_record("GO-1", "2024-01-01T00:00:00Z", "Go", "example.org/m"));
  write_json(in("DEBIAN-1.json"),
             osv_record("DEBIAN-1", "2024-01-01T00:00:00Z", "Debian:12", "openssl"));
  write_json(in(".git/HIDDEN-1.json"), osv_record("HIDDEN-1", "2024-01-01T00:00:00Z", "npm", "x"));
  write_text(in("README.md"), "not a record");
  auto s = open();
  auto r = import(*s, {in("")});
  EXPECT_EQ(r.seen, 3u);
  EXPECT_EQ(r.inserted, 3u);
  EXPECT_TRUE(r.invalid.empty());
  EXPECT_EQ(s->record_count().value(), 3u);

  auto hits = s->find("PyPI", "foo.bar");  // PEP 503 normalisation on both sides
  ASSERT_TRUE(hits.has_value());
  EXPECT_EQ(ids_of(*hits), std::vector<std::string>{"GHSA-1"});
  EXPECT_EQ((*hits)[0].affected_index, 0u);
  EXPECT_EQ((*hits)[0].record->affected[0].name, "Foo_Bar");
  EXPECT_EQ(ids_of(s->find("Debian", "openssl").value()), std::vector<std::string>{"DEBIAN-1"});
  EXPECT_EQ((*s->find("Debian", "openssl"))[0].record->affected[0].ecosystem, "Debian:12");
  EXPECT_TRUE(s->find("npm", "x").value().empty());
  EXPECT_TRUE(s->find("Go", "example.org/M").value().empty());  // Go paths are case-sensitive
  EXPECT_EQ(s->ecosystems().value(), (std::vector<std::string>{"Debian", "Go", "PyPI"}));
}

TEST_F(StoreTest, FindSharesCachedRecords) {
  auto rec = osv_record("GHSA-2", "2024-01-01T00:00:00Z", "npm", "left-pad");
  rec["affected"].push_back(rec["affected"][0]);
  rec["affected"][1]["package"]["name"] = "right-pad";
  rec["affected"].push_back(rec["affected"][0]);
  write_json(in("GHSA-2.json"), rec);
  auto s = open();
  import(*s, {in("GHSA-2.json")});
  auto a = s->find("npm", "left-pad").value();
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].affected_index, 0u);
  EXPECT_EQ(a[1].affected_index, 2u);
  auto b = s->find("npm", "right-pad").value();
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].affected_index, 1u);
  EXPECT_EQ(a[0].record.get(), b[0].record.get());  // one parsed record shared
}

TEST_F(StoreTest, NewerModifiedReplaces) {
  write_json(in("v1/GHSA-3.json"),
             osv_record("GHSA-3", "2024-01-01T00:00:00Z", "npm", "old-name", {"CVE-OLD"}));
  write_json(in("v2/GHSA-3.json"),
             osv_record("GHSA-3", "2024-01-01T00:00:00.5Z", "npm", "new-name", {"CVE-NEW"}));
  auto s = open();
  import(*s, {in("v1")});
  auto r = import(*s, {in("v2")});
  EXPECT_EQ(r.updated, 1u);
  EXPECT_EQ(r.inserted, 0u);
  EXPECT_TRUE(s->find("npm", "old-name").value().empty());
  auto hits = s->find("npm", "new-name").value();
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].record->modified, "2024-01-01T00:00:00.5Z");
  EXPECT_TRUE(s->lookup("CVE-OLD").value().empty());
  EXPECT_EQ(s->lookup("CVE-NEW").value().size(), 1u);
  EXPECT_EQ(s->record_count().value(), 1u);
}

TEST_F(StoreTest, SameOrOlderModifiedLeftAlone) {
  write_json(in("new/GHSA-4.json"), osv_record("GHSA-4", "2024-03-01T00:00:00Z", "npm", "kept"));
  write_json(in("old/GHSA-4.json"), osv_record("GHSA-4", "2024-02-01T00:00:00Z", "npm", "older"));
  write_json(in("same/GHSA-4.json"),
             osv_record("GHSA-4", "2024-03-01T01:00:00+01:00", "npm", "same"));
  auto s = open();
  import(*s, {in("new")});
  const std::string before = dump_tables(db_path());
  auto r = import(*s, {in("old"), in("same")});
  EXPECT_EQ(r.unchanged, 2u);
  EXPECT_EQ(r.updated, 0u);
  EXPECT_EQ(dump_tables(db_path()), before);
  EXPECT_EQ(s->find("npm", "kept").value().size(), 1u);
  EXPECT_TRUE(s->find("npm", "older").value().empty());
}

TEST_F(StoreTest, ReimportIsIdempotent) {
  for (int i = 0; i < 20; ++i)
    write_json(in("GHSA-" + std::to_string(i) + ".json"),
               osv_record("GHSA-" + std::to_string(i), "2024-01-01T00:00:00Z", "PyPI",
                          "pkg" + std::to_string(i % 3), {"CVE-" + std::to_string(i)}));
  auto s = open();
  auto first = import(*s, {in("")});
  EXPECT_EQ(first.inserted, 20u);
  const std::string before = dump_tables(db_path());
  ASSERT_NE(before.find("GHSA-19"), std::string::npos);
  auto second = import(*s, {in("")});
  EXPECT_EQ(second.seen, first.seen);
  EXPECT_EQ(second.inserted, 0u);
  EXPECT_EQ(second.updated, 0u);
  EXPECT_EQ(second.unchanged, 20u);
  EXPECT_EQ(dump_tables(db_path()), before);
  EXPECT_EQ(s->find("PyPI", "pkg1").value().size(), 7u);
}

TEST_F(StoreTest, WithdrawnStoredButNeverFound) {
  auto rec = osv_record("GHSA-5", "2024-01-01T00:00:00Z", "npm", "gone", {"CVE-5"});
  rec["withdrawn"] = "2024-01-02T00:00:00Z";
  write_json(in("GHSA-5.json"), rec);
  write_json(in("GHSA-6.json"), osv_record("GHSA-6", "2024-01-01T00:00:00Z", "npm", "gone"));
  auto s = open();
  auto r = import(*s, {in("")});
  EXPECT_EQ(r.withdrawn, 1u);
  EXPECT_EQ(ids_of(s->find("npm", "gone").value()), std::vector<std::string>{"GHSA-6"});
  auto by_alias = s->lookup("CVE-5").value();
  ASSERT_EQ(by_alias.size(), 1u);
  EXPECT_EQ(by_alias[0]->withdrawn, "2024-01-02T00:00:00Z");
  auto st = s->status().value();
  EXPECT_EQ(st.records, 2u);
  EXPECT_EQ(st.withdrawn, 1u);
}

TEST_F(StoreTest, LookupByIdOrAlias) {
  write_json(in("GHSA-7.json"),
             osv_record("GHSA-7", "2024-01-01T00:00:00Z", "npm", "a", {"CVE-2024-7"}));
  write_json(in("PYSEC-7.json"),
             osv_record("PYSEC-7", "2024-01-01T00:00:00Z", "PyPI", "a", {"CVE-2024-7", "GHSA-7"}));
  auto s = open();
  import(*s, {in("")});
  auto by_cve = s->lookup("CVE-2024-7").value();
  ASSERT_EQ(by_cve.size(), 2u);
  EXPECT_EQ(by_cve[0]->id, "GHSA-7");
  EXPECT_EQ(by_cve[1]->id, "PYSEC-7");
  auto by_id = s->lookup("GHSA-7").value();  // the record itself and the one naming it as alias
  ASSERT_EQ(by_id.size(), 2u);
  EXPECT_EQ(s->lookup("PYSEC-7").value().size(), 1u);
  EXPECT_TRUE(s->lookup("CVE-0000-0").value().empty());
}

TEST_F(StoreTest, ImportsYaml) {
  write_text(in("PYSEC-1.yaml"), R"(id: PYSEC-1
modified: 2024-01-01T00:00:00Z
aliases: [CVE-2024-11]
affected:
- package: {ecosystem: PyPI, name: Some.Pkg}
  ranges:
  - type: ECOSYSTEM
    events: [{introduced: "0"}, {fixed: 1.0}]
)");
  write_text(in("PYSEC-2.yml"), "id: PYSEC-2\nmodified: 2024-01-01T00:00:00Z\n");
  auto s = open();
  auto r = import(*s, {in("")});
  EXPECT_EQ(r.inserted, 2u);
  auto hits = s->find("PyPI", "some-pkg").value();
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].record->affected[0].ranges[0].events[1].value, "1.0");
  EXPECT_EQ(s->lookup("CVE-2024-11").value().size(), 1u);
}

TEST_F(StoreTest, ImportsZipLikeOsvAllZip) {
  const auto zip = tmp.path() / "all.zip";
  write_archive(
      zip, ArchiveKind::kZip,
      {{"GHSA-z1.json", osv_record("GHSA-z1", "2024-01-01T00:00:00Z", "Maven", "g:a").dump()},
       {"GHSA-z2.json", osv_record("GHSA-z2", "2024-01-01T00:00:00Z", "Maven", "g:b").dump()},
       {"sub/", ""},
       {"notes.txt", "ignored"},
       {"BAD-1.json", R"({"id": "BAD-1"})"}});
  auto s = open();
  auto r = import(*s, {zip});
  EXPECT_EQ(r.inserted, 2u);
  ASSERT_EQ(r.invalid.size(), 1u);
  EXPECT_EQ(r.invalid[0].file, zip.string() + "!BAD-1.json");
  EXPECT_EQ(r.invalid[0].reason, "/modified: missing required field");
  EXPECT_EQ(s->find("Maven", "g:b").value().size(), 1u);
}

TEST_F(StoreTest, ImportsTarGz) {
  const auto tgz = tmp.path() / "osv.tar.gz";
  write_archive(
      tgz, ArchiveKind::kTarGz,
      {{"osv/", ""},
       {"osv/RUSTSEC-1.json",
        osv_record("RUSTSEC-1", "2024-01-01T00:00:00Z", "crates.io", "Foo").dump()},
       {"osv/.hidden/X-1.json", osv_record("X-1", "2024-01-01T00:00:00Z", "crates.io", "x").dump()},
       {"osv/PYSEC-9.yaml", "id: PYSEC-9\nmodified: 2024-01-01T00:00:00Z\n"}});
  auto s = open();
  auto r = import(*s, {tgz});
  EXPECT_EQ(r.inserted, 2u);
  EXPECT_TRUE(r.invalid.empty());
  EXPECT_EQ(s->find("crates.io", "foo").value().size(), 1u);
  EXPECT_TRUE(s->lookup("X-1").value().empty());
}

TEST_F(StoreTest, HostileArchivesFailClearly) {
  const auto big = tmp.path() / "big.zip";
  write_archive(big, ArchiveKind::kZip, {{"HUGE-1.json", std::string((64u << 20) + 1, ' ')}});
  const auto junk = tmp.path() / "junk.zip";
  write_text(junk, "PK\x03\x04 this is not really a zip file");
  auto s = open();
  auto r = s->import_osv({big.string()}, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message,
            big.string() +
                "!HUGE-1.json: archive member larger than 64 MiB (refusing a hostile archive)");
  auto j = s->import_osv({junk.string()}, {});
  ASSERT_FALSE(j.has_value());
  EXPECT_EQ(j.error().message.rfind(junk.string() + ": ", 0), 0u) << j.error().message;
  EXPECT_EQ(s->record_count().value(), 0u);
}

TEST_F(StoreTest, ArrayFilesAndApiResponses) {
  nlohmann::json arr =
      nlohmann::json::array({osv_record("A-1", "2024-01-01T00:00:00Z", "npm", "a"),
                             osv_record("A-2", "2024-01-01T00:00:00Z", "npm", "a")});
  arr[1]["affected"][0]["ranges"][0]["events"][0] = {{"fixd", "1"}};
  write_json(in("list.json"), arr);
  write_json(
      in("resp.json"),
      {{"vulns", nlohmann::json::array({osv_record("B-1", "2024-01-01T00:00:00Z", "npm", "b")})}});
  auto s = open();
  auto r = import(*s, {in("")});
  EXPECT_EQ(r.inserted, 2u);
  ASSERT_EQ(r.invalid.size(), 1u);
  EXPECT_EQ(r.invalid[0].file, in("list.json").string());
  EXPECT_EQ(r.invalid[0].reason, "/1/affected/0/ranges/0/events/0: unknown event kind 'fixd'");
}

TEST_F(StoreTest, InvalidRecordsListedAndSkipped) {
  write_json(in("GOOD-1.json"), osv_record("GOOD-1", "2024-01-01T00:00:00Z", "npm", "good"));
  write_text(in("broken.json"), "{\"id\": ");
  write_text(in("bad.yaml"), "id: [\n");
  auto s = open();
  auto r = import(*s, {in("")});
  EXPECT_EQ(r.inserted, 1u);
  EXPECT_EQ(r.seen, 3u);
  ASSERT_EQ(r.invalid.size(), 2u);
  EXPECT_EQ(r.invalid[0].file, in("bad.yaml").string());
  EXPECT_EQ(r.invalid[0].reason.rfind("invalid YAML: line ", 0), 0u) << r.invalid[0].reason;
  EXPECT_EQ(r.invalid[1].file, in("broken.json").string());
  EXPECT_EQ(r.invalid[1].reason.rfind("invalid JSON: ", 0), 0u) << r.invalid[1].reason;
}

TEST_F(StoreTest, StrictFailureWritesNothing) {
  write_json(in("v1/S-1.json"), osv_record("S-1", "2024-01-01T00:00:00Z", "npm", "s"));
  write_json(in("v2/S-1.json"), osv_record("S-1", "2024-06-01T00:00:00Z", "npm", "s2"));
  write_json(in("v2/S-2.json"), osv_record("S-2", "2024-06-01T00:00:00Z", "npm", "s2"));
  write_text(in("v2/S-3.json"),
             R"({"id": "S-3", "modified": "2024-06-01T00:00:00Z", "affected": [{"ranges": []}]})");
  auto s = open();
  import(*s, {in("v1")});
  const std::string before = dump_tables(db_path());
  const auto status_before = s->status().value();
  ImportOptions strict;
  strict.strict = true;
  auto r = s->import_osv({in("v2").string()}, strict);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, bulwark::ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().message,
            "1 invalid record(s); strict import: nothing imported\n  " +
                in("v2/S-3.json").string() +
                ": /affected/0/package: missing (required unless every range is GIT)");
  EXPECT_EQ(dump_tables(db_path()), before);
  EXPECT_EQ(s->status().value().last_import, status_before.last_import);
  EXPECT_TRUE(s->find("npm", "s2").value().empty());
  // Without --strict the same input imports the valid records.
  auto lenient = import(*s, {in("v2")});
  EXPECT_EQ(lenient.updated, 1u);
  EXPECT_EQ(lenient.inserted, 1u);
  EXPECT_EQ(lenient.invalid.size(), 1u);
}

TEST_F(StoreTest, MissingOrEmptyInputsFail) {
  write_json(in("ok/K-1.json"), osv_record("K-1", "2024-01-01T00:00:00Z", "npm", "k"));
  fs::create_directories(in("empty"));
  write_text(in("empty/readme.txt"), "nothing here");
  write_text(in("unknown.bin"), "??");
  auto s = open();
  auto missing = s->import_osv({in("ok").string(), in("nope").string()}, {});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, bulwark::ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, in("nope").string() + ": no such file or directory");
  auto empty = s->import_osv({in("ok").string(), in("empty").string()}, {});
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().message,
            in("empty").string() + ": holds no OSV records (.json, .yaml or .yml files)");
  auto unknown = s->import_osv({in("unknown.bin").string()}, {});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, bulwark::ErrorCode::kUnsupported);
  EXPECT_EQ(s->record_count().value(), 0u);
}

TEST_F(StoreTest, StatusCountsPerEcosystemAndSource) {
  write_json(in("GHSA-s1.json"), osv_record("GHSA-s1", "2024-01-01T00:00:00Z", "npm", "a"));
  write_json(in("GHSA-s2.json"), osv_record("GHSA-s2", "2024-05-01T00:00:00.25Z", "npm", "b"));
  write_json(in("DSA-1.json"), osv_record("DSA-1", "2023-01-01T00:00:00Z", "Debian:12", "c"));
  nlohmann::json git = {
      {"id", "OSV-1"},
      {"modified", "2022-01-01T00:00:00Z"},
      {"affected",
       nlohmann::json::array(
           {{{"ranges", nlohmann::json::array(
                            {{{"type", "GIT"},
                              {"repo", "r"},
                              {"events", nlohmann::json::array({{{"introduced", "0"}}})}}})}}})}};
  write_json(in("OSV-1.json"), git);
  auto s = open();
  EXPECT_EQ(s->status().value().last_import, "");
  import(*s, {in("")});
  auto st = s->status().value();
  EXPECT_EQ(st.path, db_path().string());
  EXPECT_EQ(st.records, 4u);
  EXPECT_EQ(st.withdrawn, 0u);
  ASSERT_EQ(st.per_ecosystem.size(), 3u);
  EXPECT_EQ(st.per_ecosystem[0].ecosystem, "");
  EXPECT_EQ(st.per_ecosystem[0].source, "OSV");
  EXPECT_EQ(st.per_ecosystem[1].ecosystem, "Debian:12");
  EXPECT_EQ(st.per_ecosystem[1].source, "DSA");
  EXPECT_EQ(st.per_ecosystem[2].ecosystem, "npm");
  EXPECT_EQ(st.per_ecosystem[2].source, "GHSA");
  EXPECT_EQ(st.per_ecosystem[2].records, 2u);
  EXPECT_EQ(st.per_ecosystem[2].newest_modified, "2024-05-01T00:00:00.25Z");
  EXPECT_EQ(st.last_import.size(), 20u);  // YYYY-MM-DDTHH:MM:SSZ
  EXPECT_EQ(st.last_import_sources, std::vector<std::string>{in("").string()});
}

TEST_F(StoreTest, ReopenKeepsDataAndRejectsForeignFiles) {
  write_json(in("R-1.json"), osv_record("R-1", "2024-01-01T00:00:00Z", "npm", "r"));
  {
    auto s = open();
    import(*s, {in("")});
  }
  auto again = open();
  EXPECT_EQ(again->record_count().value(), 1u);
  EXPECT_EQ(bulwark::test::dump_query(
                db_path(), "SELECT version FROM schema_migrations WHERE component = 'vulndb'"),
            "2|\n");

  const auto text_file = tmp.path() / "notes.db";
  write_text(text_file, std::string(4096, 'x'));
  auto bad = Store::open(text_file.string());
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, text_file.string() + ": not a SQLite database");

  const auto missing_dir = tmp.path() / "no" / "such" / "dir" / "v.db";
  auto nodir = Store::open(missing_dir.string());
  ASSERT_FALSE(nodir.has_value());
  EXPECT_EQ(nodir.error().message.rfind(missing_dir.string() + ": cannot open database", 0), 0u);
}

TEST_F(StoreTest, RejectsNewerSchema) {
  { open(); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().string().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE schema_migrations SET version = 99 WHERE component = 'vulndb'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto s = Store::open(db_path().string());
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(
      s.error().message,
      db_path().string() + ": vulndb schema version 99 is newer than this bulwark supports (2)");
}

// A file written before the shared migration table (version in meta.schema_version) opens and
// is recorded in schema_migrations; a newer legacy version is refused.
TEST_F(StoreTest, AdoptsLegacySchemaBookkeeping) {
  { open(); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().string().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(
          db,
          "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
          "INSERT OR REPLACE INTO meta VALUES ('schema_version', 2); DROP TABLE schema_migrations",
          nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  ASSERT_TRUE(Store::open(db_path().string()).has_value());
  ASSERT_EQ(sqlite3_open(db_path().string().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db, "SELECT version FROM schema_migrations WHERE component = 'vulndb'", -1,
                         &st, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 2);
  sqlite3_finalize(st);
  ASSERT_EQ(
      sqlite3_exec(
          db,
          "DROP TABLE schema_migrations; UPDATE meta SET value = 7 WHERE key = 'schema_version'",
          nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto s = Store::open(db_path().string());
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("schema version 7 is newer"), std::string::npos);
}

class EnvGuard {
 public:
  explicit EnvGuard(const char* name) : name_(name) {
    if (const char* v = std::getenv(name)) old_ = v, had_ = true;
  }
  ~EnvGuard() {
    if (had_) {
      setenv(name_, old_.c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

TEST(DefaultPath, HonoursEnvironment) {
  EnvGuard g1("BULWARK_DB"), g2("XDG_DATA_HOME"), g3("HOME");
  TempDir tmp;
  setenv("BULWARK_DB", "/some/where.db", 1);
  EXPECT_EQ(bulwark::vulndb::default_path(), "/some/where.db");
  unsetenv("BULWARK_DB");
  setenv("XDG_DATA_HOME", (tmp.path() / "xdg").c_str(), 1);
  EXPECT_EQ(bulwark::vulndb::default_path(),
            (tmp.path() / "xdg" / "bulwark" / "bulwark.db").string());
  EXPECT_TRUE(fs::is_directory(tmp.path() / "xdg" / "bulwark"));
  unsetenv("XDG_DATA_HOME");
  setenv("HOME", (tmp.path() / "home").c_str(), 1);
  EXPECT_EQ(bulwark::vulndb::default_path(),
            (tmp.path() / "home" / ".local/share/bulwark/bulwark.db").string());
  EXPECT_TRUE(fs::is_directory(tmp.path() / "home" / ".local/share/bulwark"));
}

}  // namespace
