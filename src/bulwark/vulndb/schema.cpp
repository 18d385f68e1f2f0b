#include "bulwark/vulndb/schema.hpp"

#include "bulwark/vulndb/migrate.hpp"

#include <array>
#include <string>
#include <string_view>

namespace bulwark::vulndb::detail {
namespace {

// migrations[i] takes the schema from version i to i + 1.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations{
    R"sql(
CREATE TABLE records (
  rid          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  source       TEXT NOT NULL,            -- id prefix before the first '-': GHSA, PYSEC, GO...
  modified     TEXT NOT NULL,            -- as written in the record
  modified_key TEXT NOT NULL,            -- canonical UTC form, compared as text
  published    TEXT,
  withdrawn    TEXT,                     -- NULL unless withdrawn
  json         TEXT NOT NULL             -- the record, minified: the one stored copy
);
CREATE TABLE aliases (
  rid   INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,
  alias TEXT NOT NULL
);
CREATE INDEX aliases_alias ON aliases(alias);
CREATE INDEX aliases_rid ON aliases(rid);
CREATE TABLE affected (
  rid            INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,
  idx            INTEGER NOT NULL,       -- position in the record's affected[]
  ecosystem      TEXT NOT NULL,          -- full: "Debian:12"
  ecosystem_base TEXT NOT NULL,          -- "Debian"
  name           TEXT NOT NULL           -- ecosystem::normalize_name
);
CREATE INDEX affected_lookup ON affected(ecosystem_base, name);
CREATE INDEX affected_rid ON affected(rid);
CREATE TABLE imports (
  iid       INTEGER PRIMARY KEY,
  finished  TEXT NOT NULL,               -- RFC 3339 UTC
  sources   TEXT NOT NULL,               -- the imported paths, one a line
  seen      INTEGER NOT NULL,
  inserted  INTEGER NOT NULL,
  updated   INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  withdrawn INTEGER NOT NULL,
  invalid   INTEGER NOT NULL,
  seconds   REAL NOT NULL
);
)sql",
    R"sql(
CREATE TABLE feeds (                     -- one row per source: OSV, NVD, KEV, EPSS
  name        TEXT PRIMARY KEY,
  version     TEXT NOT NULL DEFAULT '',  -- KEV catalogVersion, EPSS model_version
  published   TEXT NOT NULL DEFAULT '',  -- KEV dateReleased, EPSS score_date
  records     INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL,             -- RFC 3339 UTC
  source      TEXT NOT NULL DEFAULT ''   -- the path last imported
);
CREATE TABLE kev (
  cve             TEXT PRIMARY KEY,
  vendor          TEXT NOT NULL,
  product         TEXT NOT NULL,
  name            TEXT NOT NULL,
  date_added      TEXT NOT NULL,
  due_date        TEXT NOT NULL,
  required_action TEXT NOT NULL,
  ransomware      TEXT NOT NULL,
  notes           TEXT NOT NULL,
  cwes            TEXT NOT NULL,           -- one a line
  description     TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE epss (
  cve        TEXT PRIMARY KEY,
  score      REAL NOT NULL,
  percentile REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE nvd_cves (
  nid              INTEGER PRIMARY KEY,
  cve              TEXT NOT NULL UNIQUE,
  description      TEXT NOT NULL,
  published        TEXT NOT NULL,
  last_modified    TEXT NOT NULL,          -- as written
  modified_key     TEXT NOT NULL,          -- canonical UTC form, compared as text
  status           TEXT NOT NULL,          -- vulnStatus; 'Rejected' kept but flagged
  config_operators TEXT NOT NULL           -- per configuration, one a line ('' = absent)
);
CREATE TABLE nvd_metrics (
  nid        INTEGER NOT NULL REFERENCES nvd_cves(nid) ON DELETE CASCADE,
  idx        INTEGER NOT NULL,
  version    TEXT NOT NULL,
  vector     TEXT NOT NULL,
  source     TEXT NOT NULL,
  type       TEXT NOT NULL,
  base_score REAL NOT NULL,
  PRIMARY KEY (nid, idx)
) WITHOUT ROWID;
CREATE TABLE nvd_cwes (
  nid INTEGER NOT NULL REFERENCES nvd_cves(nid) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  cwe TEXT NOT NULL,
  PRIMARY KEY (nid, idx)
) WITHOUT ROWID;
CREATE TABLE nvd_refs (
  nid INTEGER NOT NULL REFERENCES nvd_cves(nid) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  url TEXT NOT NULL,
  PRIMARY KEY (nid, idx)
) WITHOUT ROWID;
CREATE TABLE nvd_matches (
  nid             INTEGER NOT NULL REFERENCES nvd_cves(nid) ON DELETE CASCADE,
  idx             INTEGER NOT NULL,
  config          INTEGER NOT NULL,
  node            INTEGER NOT NULL,
  node_operator   TEXT NOT NULL,
  node_negate     INTEGER NOT NULL,
  criteria        TEXT NOT NULL,
  vendor          TEXT NOT NULL,         -- CPE field unescaped, lower case
  product         TEXT NOT NULL,
  vulnerable      INTEGER NOT NULL,
  start_including TEXT NOT NULL,
  start_excluding TEXT NOT NULL,
  end_including   TEXT NOT NULL,
  end_excluding   TEXT NOT NULL,
  PRIMARY KEY (nid, idx)
) WITHOUT ROWID;
CREATE INDEX nvd_matches_product ON nvd_matches(vendor, product);
)sql"};

// Files written before the shared migration mechanism kept the version in meta.schema_version.
Result<int> legacy_version(Database& db) {
  auto has_meta =
      db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'");
  if (!has_meta) return std::unexpected(std::move(has_meta).error());
  auto row = has_meta->step();
  if (!row) return std::unexpected(std::move(row).error());
  if (has_meta->integer(0) == 0) {
    auto others =
        db.prepare("SELECT count(*) FROM sqlite_schema WHERE name <> 'schema_migrations'");
    if (!others) return std::unexpected(std::move(others).error());
    if (auto r = others->step(); !r) return std::unexpected(std::move(r).error());
    auto mig = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migrations'");
    if (!mig) return std::unexpected(std::move(mig).error());
    if (auto r = mig->step(); !r) return std::unexpected(std::move(r).error());
    if (others->integer(0) != 0 && mig->integer(0) == 0)
      return db_error(db.path() + ": not a Bulwark database (it has other tables)");
    return 0;
  }
  auto v = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!v) return std::unexpected(std::move(v).error());
  auto vr = v->step();
  if (!vr) return std::unexpected(std::move(vr).error());
  if (!*vr) return db_error(db.path() + ": table meta has no schema_version");
  return static_cast<int>(v->integer(0));
}

}  // namespace

VoidResult migrate(Database& db) {
  auto r = db.exec(
      "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA page_size = 16384; PRAGMA "
      "journal_mode = WAL");
  if (r) r = migrate_component(db, SchemaComponent{"vulndb", kMigrations, legacy_version});
  if (!r && r.error().message.find("file is not a database") != std::string::npos)
    return db_error(db.path() + ": not a SQLite database");
  return r;
}

}  // namespace bulwark::vulndb::detail
