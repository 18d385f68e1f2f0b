// The database schema and its migrations (internal to bulwark_vulndb).
#pragma once

#include "bulwark/vulndb/sqlite.hpp"

namespace bulwark::vulndb::detail {

// The schema version this build writes.
inline constexpr int kSchemaVersion = 2;  // 2: feeds, kev, epss, nvd_* tables

// Sets the connection PRAGMAs (WAL, synchronous=NORMAL, foreign keys) and brings the schema up
// to kSchemaVersion, each step in its own transaction. Fails on a newer schema or a file that
// is not a Bulwark database.
VoidResult migrate(Database& db);

}  // namespace bulwark::vulndb::detail
