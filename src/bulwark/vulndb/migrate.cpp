#include "bulwark/vulndb/migrate.hpp"

#include <string>

namespace bulwark::vulndb::detail {
namespace {

Result<bool> has_table(Database& db, std::string_view name) {
  auto st = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  if (!st) return std::unexpected(std::move(st).error());
  st->bind(1, name);
  auto row = st->step();
  if (!row) return std::unexpected(std::move(row).error());
  return st->integer(0) != 0;
}

VoidResult ensure_table(Database& db) {
  return db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT PRIMARY KEY, version INTEGER "
      "NOT NULL, "
      "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
}

// The version under the current lock: the table's row, else the legacy bookkeeping, else 0.
Result<int> read_version(Database& db, const SchemaComponent& c) {
  auto has = has_table(db, "schema_migrations");
  if (!has) return std::unexpected(std::move(has).error());
  if (*has) {
    auto st = db.prepare("SELECT version FROM schema_migrations WHERE component = ?1");
    if (!st) return std::unexpected(std::move(st).error());
    st->bind(1, c.name);
    auto row = st->step();
    if (!row) return std::unexpected(std::move(row).error());
    if (*row) return static_cast<int>(st->integer(0));
  }
  if (c.legacy_version) return c.legacy_version(db);
  return 0;
}

}  // namespace

Result<int> component_version(Database& db, std::string_view component) {
  SchemaComponent c{component, {}, {}};
  return read_version(db, c);
}

VoidResult migrate_component(Database& db, const SchemaComponent& c) {
  const int target = static_cast<int>(c.steps.size());
  for (;;) {
    auto tx = Transaction::begin_immediate(db);
    if (!tx) return std::unexpected(std::move(tx).error());
    auto v = read_version(db, c);  // under the write lock: another process may have migrated
    if (!v) return std::unexpected(std::move(v).error());
    if (*v > target)
      return db_error(db.path() + ": " + std::string(c.name) + " schema version " +
                      std::to_string(*v) + " is newer than this bulwark supports (" +
                      std::to_string(target) + ")");
    if (*v == target) {
      // Record a legacy version in the shared table once, so the old bookkeeping is not needed
      // again.
      if (auto r = ensure_table(db); !r) return r;
      auto st = db.prepare(
          "INSERT OR IGNORE INTO schema_migrations (component, version) VALUES (?1, ?2)");
      if (!st) return std::unexpected(std::move(st).error());
      st->bind(1, c.name).bind(2, static_cast<std::int64_t>(target));
      if (auto r = st->run(); !r) return r;
      return tx->commit();
    }
    if (auto r = db.exec(c.steps[static_cast<std::size_t>(*v)]); !r)
      return db_error(db.path() + ": " + std::string(c.name) + " migration " + std::to_string(*v) +
                      " -> " + std::to_string(*v + 1) + " failed: " + r.error().message);
    if (auto r = ensure_table(db); !r) return r;
    auto st = db.prepare(
        "INSERT INTO schema_migrations (component, version) VALUES (?1, ?2) "
        "ON CONFLICT(component) DO UPDATE SET version = excluded.version, applied_at = "
        "excluded.applied_at");
    if (!st) return std::unexpected(std::move(st).error());
    st->bind(1, c.name).bind(2, static_cast<std::int64_t>(*v + 1));
    if (auto r = st->run(); !r) return r;
    if (auto r = tx->commit(); !r) return r;
  }
}

}  // namespace bulwark::vulndb::detail
