// Portfolio files written before the shared migration mechanism (schema version in
// portfolio_meta) open and keep working: version 1 and version 2 are migrated step by step to the
// current version (3: open_findings counted on the release), which is then kept in
// schema_migrations. A file newer than this build is refused.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "bulwark/portfolio/store.hpp"
#include "shared.hpp"

namespace bulwark::portfolio {
namespace {

constexpr int kCurrent = 5;  // the portfolio schema version this build writes

// The tables as the old store created them (version 1: no last_matched / findings_digest), with the
// old bookkeeping and one product, release and open finding.
constexpr const char* kOldV1 = R"sql(
CREATE TABLE portfolio_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, vendor TEXT NOT NULL DEFAULT '',
  cra_class TEXT NOT NULL DEFAULT 'default', security_contact TEXT NOT NULL DEFAULT '', website TEXT NOT NULL DEFAULT '',
  support_years INTEGER NOT NULL DEFAULT 5, description TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
CREATE TABLE release (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES product(id), version TEXT NOT NULL,
  released_at TEXT NOT NULL DEFAULT '', support_end TEXT NOT NULL DEFAULT '', support_rationale TEXT NOT NULL DEFAULT '',
  sbom_name TEXT NOT NULL DEFAULT '', sbom_format TEXT NOT NULL DEFAULT '', sbom_sha256 TEXT NOT NULL DEFAULT '',
  sbom_original BLOB NOT NULL, sbom_stored TEXT NOT NULL, components INTEGER NOT NULL, created_at TEXT NOT NULL,
  UNIQUE (product_id, version));
CREATE TABLE occurrence (release_id INTEGER NOT NULL REFERENCES release(id) ON DELETE CASCADE, bom_ref TEXT NOT NULL,
  name TEXT NOT NULL, version TEXT NOT NULL, purl TEXT NOT NULL, identity TEXT NOT NULL);
CREATE TABLE finding (id INTEGER PRIMARY KEY, release_id INTEGER NOT NULL REFERENCES release(id) ON DELETE CASCADE,
  component_key TEXT NOT NULL, component_label TEXT NOT NULL, purl TEXT NOT NULL, identity TEXT NOT NULL,
  vuln_id TEXT NOT NULL, aliases TEXT NOT NULL, severity TEXT NOT NULL, priority TEXT NOT NULL, kev INTEGER NOT NULL,
  fingerprint TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, resolved_at TEXT NOT NULL DEFAULT '');
CREATE TABLE finding_event (finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE, at TEXT NOT NULL,
  kind TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
CREATE TABLE analysis (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES product(id), identity TEXT NOT NULL,
  vuln_key TEXT NOT NULL, vuln_ids TEXT NOT NULL, versions TEXT NOT NULL DEFAULT '', state TEXT NOT NULL,
  justification TEXT NOT NULL DEFAULT '', responses TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '',
  action_statement TEXT NOT NULL DEFAULT '', author TEXT NOT NULL DEFAULT '', timestamp TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', UNIQUE (product_id, identity, vuln_key, versions));
CREATE TABLE analysis_history (id INTEGER PRIMARY KEY, analysis_id INTEGER NOT NULL REFERENCES analysis(id),
  product_id INTEGER NOT NULL, recorded_at TEXT NOT NULL, identity TEXT NOT NULL, vuln_ids TEXT NOT NULL,
  versions TEXT NOT NULL, state TEXT NOT NULL, justification TEXT NOT NULL, responses TEXT NOT NULL, detail TEXT NOT NULL,
  action_statement TEXT NOT NULL, author TEXT NOT NULL, origin TEXT NOT NULL, source TEXT NOT NULL);
CREATE TRIGGER analysis_history_append_only_u BEFORE UPDATE ON analysis_history
  BEGIN SELECT RAISE(ABORT, 'analysis_history is append-only'); END;
CREATE TRIGGER analysis_history_append_only_d BEFORE DELETE ON analysis_history
  BEGIN SELECT RAISE(ABORT, 'analysis_history is append-only'); END;
CREATE TABLE advisory (tracking_id TEXT PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES product(id),
  current_release_date TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE monitor_run (id INTEGER PRIMARY KEY, at TEXT NOT NULL, releases INTEGER NOT NULL, added INTEGER NOT NULL,
  changed INTEGER NOT NULL, resolved INTEGER NOT NULL);
INSERT INTO portfolio_meta VALUES ('schema', '1');
INSERT INTO product (id, name, vendor, created_at) VALUES (1, 'legacy', 'Old GmbH', '2025-01-01T00:00:00Z');
INSERT INTO release (id, product_id, version, released_at, sbom_original, sbom_stored, components, created_at)
  VALUES (1, 1, '1.0', '2025-01-01', 'orig', '{}', 0, '2025-01-01T00:00:00Z');
INSERT INTO finding (release_id, component_key, component_label, purl, identity, vuln_id, aliases, severity, priority,
  kev, fingerprint, first_seen, last_seen) VALUES (1, 'pkg:npm/a@1', 'a@1', 'pkg:npm/a@1', 'pkg:npm/a', 'CVE-1', '',
  'HIGH', 'P2', 0, 'fp', '2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z');
)sql";

void make_file(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

int migrations_row(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  int v = -1;
  if (sqlite3_prepare_v2(db, "SELECT version FROM schema_migrations WHERE component = 'portfolio'",
                         -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

// The release's stored count of open findings (schema version 3), -2 when it cannot be read.
int open_findings_column(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return -2;
  sqlite3_stmt* st = nullptr;
  int v = -2;
  if (sqlite3_prepare_v2(db, "SELECT open_findings FROM release WHERE id = 1", -1, &st, nullptr) ==
          SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

TEST(PortfolioMigration, VersionOneFileIsMigratedAndKeepsItsData) {
  test::TempDir dir;
  const std::string path = (dir.path() / "old.db").string();
  make_file(path, kOldV1);
  auto s = Store::open_sqlite(path);
  ASSERT_TRUE(s) << s.error().message;
  auto p = (*s)->product("legacy");
  ASSERT_TRUE(p && *p);
  EXPECT_EQ((*p)->vendor, "Old GmbH");
  auto f = (*s)->findings(1, false);
  ASSERT_TRUE(f) << f.error().message;
  ASSERT_EQ(f->size(), 1u);
  EXPECT_EQ((*f)[0].last_seen,
            "2025-03-01T00:00:00Z");  // no last match recorded yet: the row's own
  // The version 2 columns exist: the digest fast path works on the migrated file.
  FindingsWrite w;
  w.digest = "d";
  ASSERT_TRUE((*s)->write_findings(1, w, "2026-11-29T10:00:00Z"));
  auto touched = (*s)->touch_findings(1, "d", "2026-11-30T10:00:00Z");
  ASSERT_TRUE(touched) << touched.error().message;
  EXPECT_TRUE(*touched);
  EXPECT_EQ(migrations_row(path), kCurrent);
  s->reset();
  auto again = Store::open_sqlite(path);  // opens without migrating twice
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(migrations_row(path), kCurrent);
}

TEST(PortfolioMigration, VersionTwoFileIsMigratedAndCountsOpenFindings) {
  test::TempDir dir;
  const std::string path = (dir.path() / "old2.db").string();
  std::string sql = kOldV1;
  sql.replace(sql.find("('schema', '1')"), 15, "('schema', '2')");
  sql +=
      "ALTER TABLE release ADD COLUMN last_matched TEXT NOT NULL DEFAULT '';"
      "ALTER TABLE release ADD COLUMN findings_digest TEXT NOT NULL DEFAULT '';"
      "UPDATE release SET last_matched = '2025-04-01T00:00:00Z';";
  make_file(path, sql);
  auto s = Store::open_sqlite(path);
  ASSERT_TRUE(s) << s.error().message;
  auto f = (*s)->findings(1, false);
  ASSERT_TRUE(f);
  ASSERT_EQ(f->size(), 1u);
  EXPECT_EQ((*f)[0].last_seen, "2025-04-01T00:00:00Z");
  EXPECT_EQ(open_findings_column(path), 1);  // counted by the 2 -> 3 step
  EXPECT_EQ(migrations_row(path), kCurrent);
}

TEST(PortfolioMigration, NewerFilesAreRefused) {
  test::TempDir dir;
  const std::string path = (dir.path() / "new.db").string();
  std::string sql = kOldV1;
  sql.replace(sql.find("('schema', '1')"), 15, "('schema', '9')");
  make_file(path, sql);
  auto s = Store::open_sqlite(path);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("newer"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find(path), std::string::npos) << s.error().message;
}

TEST(PortfolioMigration, FreshFileStartsAtTheCurrentVersion) {
  test::TempDir dir;
  const std::string path = (dir.path() / "fresh.db").string();
  auto s = Store::open_sqlite(path);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(migrations_row(path), kCurrent);
}

}  // namespace
}  // namespace bulwark::portfolio
