// Runs one SQL statement directly on a store's database, past the store (for contract tests that
// check what the database itself refuses): a SQLite file path or a PostgreSQL URL.
#pragma once

#include <optional>
#include <string>

namespace bulwark::test {

// nullopt when the statement succeeded, else the database's error message.
std::optional<std::string> raw_exec(const std::string& location, const std::string& sql);

}  // namespace bulwark::test
