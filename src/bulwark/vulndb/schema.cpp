#include "bulwark/vulndb/schema.hpp"

#include <array>
#include <string>
#include <string_view>

namespace bulwark::vulndb::detail {
namespace {

// migrations[i] takes the schema from version i to i + 1.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations{R"sql(
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
)sql"};

Result<int> read_version(Database& db) {
  auto has_meta = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'");
  if (!has_meta) return std::unexpected(std::move(has_meta).error());
  auto row = has_meta->step();
  if (!row) return std::unexpected(std::move(row).error());
  if (has_meta->integer(0) == 0) {
    auto others = db.prepare("SELECT count(*) FROM sqlite_schema");
    if (!others) return std::unexpected(std::move(others).error());
    if (auto r = others->step(); !r) return std::unexpected(std::move(r).error());
    if (others->integer(0) != 0) return db_error(db.path() + ": not a Bulwark database (it has other tables)");
    return 0;
  }
  auto v = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!v) return std::unexpected(std::move(v).error());
  auto vr = v->step();
  if (!vr) return std::unexpected(std::move(vr).error());
  if (!*vr) return db_error(db.path() + ": table meta has no schema_version");
  return static_cast<int>(v->integer(0));
}

VoidResult apply(Database& db, int from) {
  auto tx = Transaction::begin_immediate(db);
  if (!tx) return std::unexpected(std::move(tx).error());
  auto current = read_version(db);  // re-read under the write lock: another process may have migrated
  if (!current) return std::unexpected(std::move(current).error());
  if (*current != from) return {};
  if (from == 0) {
    if (auto r = db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"); !r) return r;
    if (auto r = db.exec("INSERT INTO meta VALUES ('schema_version', 0)"); !r) return r;
  }
  if (auto r = db.exec(kMigrations[static_cast<std::size_t>(from)]); !r) return r;
  std::string bump = "UPDATE meta SET value = " + std::to_string(from + 1) + " WHERE key = 'schema_version'";
  if (auto r = db.exec(bump); !r) return r;
  return tx->commit();
}

}  // namespace

namespace {

VoidResult migrate_steps(Database& db) {
  if (auto r = db.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA page_size = 16384; PRAGMA journal_mode = WAL"); !r) return r;
  for (;;) {
    auto v = read_version(db);
    if (!v) return std::unexpected(std::move(v).error());
    if (*v > kSchemaVersion)
      return db_error(db.path() + ": database schema version " + std::to_string(*v) +
                      " is newer than this bulwark supports (" + std::to_string(kSchemaVersion) + ")");
    if (*v == kSchemaVersion) return {};
    if (auto r = apply(db, *v); !r) return r;
  }
}

}  // namespace

VoidResult migrate(Database& db) {
  auto r = migrate_steps(db);
  if (!r && r.error().message.find("file is not a database") != std::string::npos)
    return db_error(db.path() + ": not a SQLite database");
  return r;
}

}  // namespace bulwark::vulndb::detail
