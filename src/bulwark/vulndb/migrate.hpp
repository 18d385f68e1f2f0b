// The one schema-migration mechanism of the database file (vulnerability data, portfolio, CRA,
// and what the server adds): each component ("vulndb", "portfolio", "cra", ...) owns an ordered
// list of steps; steps[i] takes it from version i to i + 1. Versions are kept in one table,
// schema_migrations(component, version, applied_at). Each step runs in its own BEGIN IMMEDIATE
// transaction and re-reads the version under the write lock, so concurrent openers migrate
// once. A database newer than this build is refused. The PostgreSQL backend runs the same
// component lists under an advisory lock. Internal to the storage implementations.
#pragma once

#include <functional>
#include <span>
#include <string_view>

#include "bulwark/vulndb/sqlite.hpp"

namespace bulwark::vulndb::detail {

struct SchemaComponent {
  std::string_view name;                    // "vulndb", "portfolio", "cra"
  std::span<const std::string_view> steps;  // SQL scripts; steps[i]: version i -> i + 1
  // For files written before the shared mechanism: the component's version from its old
  // bookkeeping (0 when it has none). Called under the write lock; may be empty.
  std::function<Result<int>(Database&)> legacy_version;
};

// Brings `component` up to steps.size(). Fails (naming the file) on a newer schema.
VoidResult migrate_component(Database& db, const SchemaComponent& component);

// The component's current version in the file (0 when never migrated).
Result<int> component_version(Database& db, std::string_view component);

}  // namespace bulwark::vulndb::detail
