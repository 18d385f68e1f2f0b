// A thin RAII layer over the SQLite C API (internal to bulwark_vulndb). The sqlite3 types are
// only forward-declared here; sqlite3.h is included by the .cpp files.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "bulwark/core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace bulwark::vulndb::detail {

using VoidResult = std::expected<void, Error>;

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  bool prepared() const { return stmt_ != nullptr; }
  // Resets the statement and clears its bindings (and a recorded bind error), ready for new
  // parameters.
  Statement& reset();
  // Binds chain; the first failing bind is recorded and the next step()/run() fails with it
  // (naming the parameter index and the statement) without executing.
  Statement& bind(int index, std::string_view text);  // 1-based
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind_null(int index);
  Statement& bind_text_or_null(int index, std::string_view text);

  // Steps once: true when a row is available, false when done.
  Result<bool> step();
  // Steps to completion (for statements that return no rows).
  VoidResult run();

  std::string_view text(int column) const;  // 0-based; empty for NULL
  std::int64_t integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;
  // A 0/1 column read as pg::Rows::Row reads a boolean: row mappers shared by both backends
  // (e.g. jobs/rules.hpp) are written against this interface.
  bool boolean(int column) const { return integer(column) != 0; }

 private:
  Statement& check_bind(int rc, int index);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string bind_error_;  // the first bind failure since the last reset()
};

// A statement of a connection's cache, lent for one use: reset (ending its read snapshot and
// clearing its bindings) when the lease ends.
class CachedStatement {
 public:
  explicit CachedStatement(Statement* s) : s_(s) {}
  CachedStatement(CachedStatement&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  CachedStatement& operator=(CachedStatement&&) = delete;
  ~CachedStatement() {
    if (s_ != nullptr) s_->reset();
  }
  // The Statement's interface, so a lease reads like a prepared statement.
  Statement& bind(int index, std::string_view text) { return s_->bind(index, text); }
  Statement& bind(int index, std::int64_t value) { return s_->bind(index, value); }
  Statement& bind(int index, double value) { return s_->bind(index, value); }
  Statement& bind_null(int index) { return s_->bind_null(index); }
  Statement& bind_text_or_null(int index, std::string_view t) {
    return s_->bind_text_or_null(index, t);
  }
  Statement& reset() { return s_->reset(); }
  Result<bool> step() { return s_->step(); }
  VoidResult run() { return s_->run(); }
  std::string_view text(int column) const { return s_->text(column); }
  std::int64_t integer(int column) const { return s_->integer(column); }
  double real(int column) const { return s_->real(column); }
  bool is_null(int column) const { return s_->is_null(column); }
  bool boolean(int column) const { return s_->boolean(column); }
  Statement& statement() const { return *s_; }
  operator Statement&() const { return *s_; }  // NOLINT: passes where a Statement& is read

 private:
  Statement* s_;
};

class Database {
 public:
  Database() = default;
  Database(Database&& o) noexcept;
  Database& operator=(Database&& o) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  static Result<Database> open(const std::string& path);

  VoidResult exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // The connection's prepared statement for this exact SQL text (prepared once, kept until the
  // connection closes), for queries on hot paths. Not reentrant for the same text: a lease must
  // end before the same SQL is leased again.
  Result<CachedStatement> cached(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  // A token that changes whenever a commit (by this connection or any other, in any process)
  // may have changed the database: PRAGMA data_version with this connection's change count.
  Result<std::string> change_token();
  int changes() const;  // rows changed by the last INSERT/UPDATE/DELETE
  // Resets every statement of this connection that is still stepping (ends its read snapshot).
  void reset_statements();
  const std::string& path() const { return path_; }
  std::string last_error() const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;  // finalized before close
};

// Rolls back on destruction unless commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> begin_immediate(Database& db);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  VoidResult commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_ = nullptr;
};

// A store's transaction(fn): runs fn inside BEGIN IMMEDIATE ... COMMIT, or inside the caller's
// transaction when `active` (nested use cases share one); rolled back when fn fails.
Result<void> run_in_transaction(Database& db, bool& active,
                                const std::function<Result<void>()>& fn);

}  // namespace bulwark::vulndb::detail
