// `bulwark db migrate` (issue 16): copies a whole Bulwark database from one location to another
// (SQLite file ⇄ PostgreSQL URL; also SQLite → SQLite and PostgreSQL → PostgreSQL, though pg_dump
// is the tool for the latter). Both sides are first opened through the stores, so each schema is
// at this build's version for its backend by the one migration mechanism (an older source is
// brought up to date, a newer one refused); the destination must be empty. The copy is
// schema-driven (tables, columns, their types and foreign keys read from the destination's
// catalogue) and runs inside ONE destination transaction: all or nothing, primary keys kept; into
// PostgreSQL through COPY ... FROM STDIN, whose identity sequences are then moved past the copied
// ids; into SQLite through prepared multi-row INSERTs. The source's data is read in one snapshot,
// never written. Afterwards the copy is verified: row counts per table, and for every release the
// findings with their applicable analyses and every product's analyses and trail, read through the
// portfolio store on both sides.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::service {

struct MigratedTable {
  std::string name;
  std::size_t source_rows = 0;       // in the source snapshot (0 when absent there)
  std::size_t destination_rows = 0;  // counted after the commit
  bool in_source = true;             // false: the source predates the table's component
  double seconds = 0;                // copy time
};

struct MigratedComponent {
  std::string name;        // "vulndb", "portfolio", ...
  int source_version = 0;  // versions differ by backend (PostgreSQL began at SQLite's latest)
  int destination_version = 0;
};

struct MigrateRequest {
  std::string source;       // SQLite file path or postgresql:// URL (read only)
  std::string destination;  // must be empty (its schema is created when absent)
  // Called after each table is copied (progress output).
  std::function<void(const MigratedTable&)> on_table;
};

struct MigrateResult {
  std::string source, destination;  // as shown (URL passwords removed)
  std::vector<MigratedComponent> components;
  std::vector<MigratedTable> tables;  // in copy (dependency) order
  std::size_t rows = 0;               // copied
  // Columns one side has and the other not, left out by design ("release.open_findings
  // (derived, not copied)": SQLite's cache of a count, -1 when copied back: counted on read).
  std::vector<std::string> skipped_columns;
  std::size_t releases_compared = 0, findings_compared = 0, analyses_compared = 0;
  // What the verification found different ("table finding: 10 rows in the source, 9 in the
  // destination", "release acme@1.0: ..."); empty when the copy verified.
  std::vector<std::string> differences;
  double copy_seconds = 0, verify_seconds = 0;
  bool verified() const { return differences.empty(); }
};

// Copies and verifies. Errors: kNotFound (a SQLite source that does not exist), kPrecondition
// (the destination holds data, a schema is newer than this build, a source table or column has
// no counterpart), kDatabase (the copy failed: the destination is left as it was). A verification
// that finds differences is a result, not an error (MigrateResult::differences).
Result<MigrateResult> migrate_database(const MigrateRequest& request);

// The result as a JSON document (`db migrate --format json`).
std::string migrate_json(const MigrateResult& result);

}  // namespace bulwark::service
