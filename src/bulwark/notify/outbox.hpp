// Internal to the store implementations: the notify schema and the event insert that the
// portfolio stores run inside their own findings-write transaction (one transaction for the
// change and its notifications), on SQLite and on PostgreSQL.
#pragma once

#include <vector>

#include "bulwark/notify/model.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/vulndb/sqlite.hpp"

namespace bulwark::notify::detail {

// Creates or migrates the notify tables (component "notify").
Result<void> migrate(vulndb::detail::Database& db);
Result<void> migrate(pg::Connection& c);

// Inserts the events an enabled rule takes (detail::taken in rows.hpp; an existing id is
// skipped) on the caller's connection, inside its transaction.
Result<void> insert_events(vulndb::detail::Database& db, const std::vector<Event>& events);
Result<void> insert_events(pg::Connection& c, const std::vector<Event>& events);

// Whether an enabled rule may take finding events of `product` (detail::may_take_finding_events).
Result<bool> finding_events_wanted(vulndb::detail::Database& db, std::string_view product);
Result<bool> finding_events_wanted(pg::Connection& c, std::string_view product);

}  // namespace bulwark::notify::detail
