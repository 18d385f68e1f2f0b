// The schema-migration mechanism of vulndb/migrate.hpp for PostgreSQL: each component ("jobs",
// "accounts", "portfolio", ...) owns an ordered list of SQL scripts; steps[i] takes it from
// version i to i + 1. Versions are kept in schema_migrations(component, version, applied_at).
// Migration runs under a session advisory lock (pg_advisory_lock), so concurrent openers on any
// host migrate once; each step runs in its own transaction with its version row. A database newer
// than this build is refused. Internal to the PostgreSQL store implementations.
#pragma once

#include <span>
#include <string_view>

#include "bulwark/pg/pg.hpp"

namespace bulwark::pg {

struct SchemaComponent {
  std::string_view name;                    // "jobs", "accounts", ...
  std::span<const std::string_view> steps;  // SQL scripts; steps[i]: version i -> i + 1
};

// Brings `component` up to steps.size() under the migration advisory lock.
Result<void> migrate_component(Connection& c, const SchemaComponent& component);

// The component's current version in the database (0 when never migrated).
Result<int> component_version(Connection& c, std::string_view component);

}  // namespace bulwark::pg
