#include "bulwark/pg/migrate.hpp"

#include <fmt/format.h>

#include <string>

namespace bulwark::pg {
namespace {

// The advisory lock key of schema migration ("bulwark" in ASCII), shared by every component.
constexpr std::int64_t kMigrationLock = 0x62756c7761726b;

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT PRIMARY KEY, version INTEGER "
    "NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

// Holds the migration advisory lock for its lifetime.
class MigrationLock {
 public:
  explicit MigrationLock(Connection& c) : c_(c) {}
  Result<void> take() {
    auto r = c_.query("SELECT pg_advisory_lock($1)", {kMigrationLock});
    if (!r) return std::unexpected(std::move(r).error());
    held_ = true;
    return {};
  }
  ~MigrationLock() {
    if (held_) (void)c_.query("SELECT pg_advisory_unlock($1)", {kMigrationLock});
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  Connection& c_;
  bool held_ = false;
};

Result<int> read_version(Connection& c, std::string_view component) {
  auto rows = c.query(
      "SELECT version FROM schema_migrations WHERE component = $1 AND to_regclass("
      "'schema_migrations') IS NOT NULL",
      {component});
  if (!rows) return std::unexpected(std::move(rows).error());
  return rows->empty() ? 0 : static_cast<int>(rows->integer(0, 0));
}

}  // namespace

Result<int> component_version(Connection& c, std::string_view component) {
  auto exists = c.scalar(
      "SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations' "
      "AND schemaname = current_schema()");
  if (!exists) return std::unexpected(std::move(exists).error());
  if (*exists == 0) return 0;
  return read_version(c, component);
}

Result<void> migrate_component(Connection& c, const SchemaComponent& component) {
  const int target = static_cast<int>(component.steps.size());
  // Already current (every open after the first, e.g. each server thread's stores): nothing to
  // lock. A version never goes down, so a current one read without the lock stays current.
  auto current = component_version(c, component.name);
  if (!current) return std::unexpected(std::move(current).error());
  if (*current == target) return {};
  MigrationLock lock(c);
  if (auto r = lock.take(); !r) return r;
  if (auto r = c.exec(kCreateTable); !r) return r;
  auto v = read_version(c, component.name);
  if (!v) return std::unexpected(std::move(v).error());
  if (*v > target)
    return db_error(
        fmt::format("postgresql: {} schema version {} is newer than this bulwark supports ({})",
                    component.name, *v, target));
  for (int from = *v; from < target; ++from) {
    auto tx = Transaction::begin(c);
    if (!tx) return std::unexpected(std::move(tx).error());
    if (auto r = c.exec(component.steps[static_cast<std::size_t>(from)]); !r)
      return db_error(fmt::format("postgresql: {} migration {} -> {} failed: {}", component.name,
                                  from, from + 1, r.error().message));
    auto rec = c.query(
        "INSERT INTO schema_migrations (component, version) VALUES ($1, $2) ON CONFLICT "
        "(component) DO UPDATE SET version = excluded.version, applied_at = now()",
        {component.name, from + 1});
    if (!rec) return std::unexpected(std::move(rec).error());
    if (auto r = tx->commit(); !r) return r;
  }
  return {};
}

}  // namespace bulwark::pg
