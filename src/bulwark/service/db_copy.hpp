// The table-level machinery of `db migrate` (internal to service/db_migrate.cpp): one database,
// SQLite or PostgreSQL, seen through its catalogue (tables, columns with their types, foreign
// keys, schema component versions), read table by table in one snapshot and written table by
// table inside one transaction. Values travel in a small tagged form and are converted to the
// destination column's type (SQLite 0/1 ⇄ PostgreSQL boolean, BLOB ⇄ BYTEA, reals round-trip).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::service::detail {

enum class ColumnKind { kInteger, kReal, kBoolean, kText, kBlob };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::kText;
  bool optional = false;  // nullable or with a default: an INSERT may leave it out
};

struct Value {
  enum Tag { kNull, kInteger, kReal, kText, kBlob } tag = kNull;
  std::int64_t integer = 0;
  double real = 0;
  std::string bytes;  // text or blob
};

using Row = std::vector<Value>;
using RowSink = std::function<Result<void>(const Row&)>;

class Database {
 public:
  virtual ~Database() = default;

  // Opens the database at `location` (postgresql://... or a SQLite file; `read_only` for the
  // source). PostgreSQL connections run without a statement timeout (a table's copy may take
  // longer than the stores' 30 s).
  static Result<std::unique_ptr<Database>> open(const std::string& location, bool read_only);

  virtual bool postgresql() const = 0;
  // schema_migrations: component -> version (empty when the table is absent).
  virtual Result<std::map<std::string, int>> versions() = 0;
  // Ordinary tables, without schema_migrations and SQLite's internal ones.
  virtual Result<std::vector<std::string>> tables() = 0;
  virtual Result<std::vector<Column>> columns(const std::string& table) = 0;
  // The tables `table` references by foreign key.
  virtual Result<std::vector<std::string>> references(const std::string& table) = 0;
  virtual Result<std::size_t> count(const std::string& table) = 0;

  // Reading: one snapshot from begin_read() to end().
  virtual Result<void> begin_read() = 0;
  // Every row of `table` (the `columns`, in that order) handed to `sink`; the number read.
  virtual Result<std::size_t> read(const std::string& table, const std::vector<Column>& columns,
                                   const RowSink& sink) = 0;

  // Writing: one transaction from begin_write() to commit() (end() rolls back).
  virtual Result<void> begin_write() = 0;
  // Writes the rows `produce` hands to its sink into `table`; the number written.
  virtual Result<std::size_t> write(
      const std::string& table, const std::vector<Column>& columns,
      const std::function<Result<std::size_t>(const RowSink&)>& produce) = 0;
  // Moves identity sequences past the copied ids (PostgreSQL) and commits.
  virtual Result<void> commit() = 0;
  // Ends an open read snapshot or rolls back an open write transaction.
  virtual void end() = 0;
};

// "name" quoted as an SQL identifier (both dialects).
std::string quote_identifier(std::string_view name);

}  // namespace bulwark::service::detail
