// A thin RAII layer over libpq (internal to the PostgreSQL store implementations). The libpq types
// are only forward-declared here; libpq-fe.h is included by pg.cpp alone.
//
// - Connection: one server connection with a statement timeout; every parameterised statement
//   is prepared once per connection (keyed by its SQL text) and executed with bound parameters
//   (sent as text). SQL is never built from values.
// - Rows: the rows of one statement, read by row and column (text format; integers and reals
//   parsed from it).
// - Transaction: BEGIN on creation, ROLLBACK on destruction unless commit() succeeded.
// - Pool: a small thread-safe pool of connections lent as RAII leases.
// Errors are Result errors of kind kDatabase whose message names the statement (its first line,
// shortened) and the server's message with its SQLSTATE.
#pragma once

#include <chrono>
#include <concepts>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bulwark/core/result.hpp"

struct pg_conn;
struct pg_result;

namespace bulwark::pg {

// Whether `location` names a PostgreSQL database (postgresql:// or postgres:// URL) rather than
// a SQLite file path.
bool is_url(std::string_view location);

// `url` without its password (for status output and logs).
std::string redacted(std::string_view url);

// The default statement timeout of a connection (BULWARK_PG_STATEMENT_TIMEOUT_MS overrides it).
std::chrono::milliseconds default_statement_timeout();

// One bound parameter: text, an integer, a real, a boolean or NULL, sent in text form.
class Param {
 public:
  Param(std::string_view text) : text_(text) {}    // NOLINT: implicit on purpose
  Param(const std::string& text) : text_(text) {}  // NOLINT
  Param(const char* text) : text_(text) {}         // NOLINT
  Param(bool value) : text_(value ? "t" : "f") {}  // NOLINT
  template <std::integral T>
  requires(!std::same_as<T, bool>) Param(T value) : text_(std::to_string(value)) {}  // NOLINT
  Param(double value);                                                               // NOLINT
  Param(std::nullopt_t) : null_(true) {}                                             // NOLINT
  // NULL for "", else the text (for optional text columns).
  static Param text_or_null(std::string_view text) {
    return text.empty() ? Param(std::nullopt) : Param(text);
  }
  // Raw bytes for a BYTEA column, sent in binary form (NULs and any byte kept).
  static Param bytes(std::string_view data) {
    Param p(data);
    p.binary_ = true;
    return p;
  }

  const char* data() const { return null_ ? nullptr : text_.data(); }
  int length() const { return static_cast<int>(text_.size()); }
  bool binary() const { return binary_; }

 private:
  std::string text_;
  bool null_ = false;
  bool binary_ = false;
};

using Params = std::span<const Param>;

// A PostgreSQL array literal of `items` ('{"a","b"}'), passed as ONE bound parameter and cast in
// SQL ($1::text[], $1::bigint[]): batched lookups and IN-lists without building SQL.
std::string array_literal(std::span<const std::string> items);
std::string array_literal(std::span<const std::int64_t> items);

// The rows of one executed statement.
class Rows {
 public:
  class Row {
   public:
    Row(const Rows* rows, int index) : rows_(rows), index_(index) {}
    std::string_view text(int column) const { return rows_->text(index_, column); }
    std::int64_t integer(int column) const { return rows_->integer(index_, column); }
    double real(int column) const { return rows_->real(index_, column); }
    bool boolean(int column) const { return rows_->boolean(index_, column); }
    bool is_null(int column) const { return rows_->is_null(index_, column); }
    std::string bytes(int column) const { return rows_->bytes(index_, column); }

   private:
    const Rows* rows_;
    int index_;
  };

  Rows() = default;
  explicit Rows(pg_result* result);

  int size() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  Row operator[](int row) const { return Row(this, row); }
  std::optional<Row> first() const {
    return empty() ? std::nullopt : std::optional<Row>(Row(this, 0));
  }
  // Rows written by an INSERT/UPDATE/DELETE (0 for other statements).
  std::size_t affected() const { return affected_; }

  std::string_view text(int row, int column) const;  // "" for NULL
  std::int64_t integer(int row, int column) const;   // 0 for NULL
  double real(int row, int column) const;
  bool boolean(int row, int column) const;
  bool is_null(int row, int column) const;
  std::string bytes(int row, int column) const;  // a BYTEA column's bytes

 private:
  struct Free {
    void operator()(pg_result* r) const;
  };
  std::unique_ptr<pg_result, Free> result_;
  int rows_ = 0;
  std::size_t affected_ = 0;
};

class Connection {
 public:
  Connection() = default;
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Connects to `url` (postgresql://user[:password]@host[:port]/db[?param=value...]) and sets
  // statement_timeout for the session.
  static Result<Connection> open(const std::string& url,
                                 std::chrono::milliseconds statement_timeout);

  // Runs SQL without parameters through the simple query protocol (several statements allowed):
  // DDL scripts, BEGIN/COMMIT.
  Result<void> exec(std::string_view sql);
  // Prepares `sql` once for this connection (cached by its text) and executes it with `params`
  // bound to $1, $2, ...
  Result<Rows> query(std::string_view sql, Params params);
  Result<Rows> query(std::string_view sql, std::initializer_list<Param> params = {}) {
    return query(sql, Params(params.begin(), params.size()));
  }
  // The first row's first column as an integer (e.g. SELECT count(*), INSERT ... RETURNING id);
  // an error when the statement returned no row.
  Result<std::int64_t> scalar(std::string_view sql, std::initializer_list<Param> params = {});
  // Runs `sql` (no parameters) and hands its rows to `fn` one at a time as they arrive (libpq's
  // single-row mode), so a table of any size is read in constant memory. Stops calling `fn` after
  // its first error (which is returned). Returns the number of rows read.
  Result<std::size_t> each_row(std::string_view sql,
                               const std::function<Result<void>(const Rows::Row&)>& fn);

  // SQLSTATE of the last failed statement ("" when the last one succeeded).
  const std::string& last_sqlstate() const { return sqlstate_; }
  bool unique_violation() const { return sqlstate_ == "23505"; }
  // False when the connection is lost (a pool discards it).
  bool healthy() const;
  // True while a transaction block is open (or failed) on the connection.
  bool in_transaction() const;

 private:
  friend class CopyIn;
  Error failure(std::string_view sql, pg_result* result);

  pg_conn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::string sqlstate_;
};

// COPY ... FROM STDIN in text format (bulk loads: one statement streams any number of rows).
// start() sends the COPY statement; write() buffers rows and sends them in chunks of about
// 1 MiB; finish() ends the data and returns the rows copied. Destroyed unfinished, it aborts the
// COPY (the statement fails; the enclosing transaction must roll back). Build the rows with
// copy_field()/copy_bytea()/copy_null(): fields separated by '\t', rows ended by '\n'.
class CopyIn {
 public:
  static Result<CopyIn> start(Connection& c, std::string_view sql);
  CopyIn(CopyIn&& o) noexcept
      : c_(std::exchange(o.c_, nullptr)), sql_(std::move(o.sql_)), buffer_(std::move(o.buffer_)) {}
  CopyIn(const CopyIn&) = delete;
  CopyIn& operator=(const CopyIn&) = delete;
  CopyIn& operator=(CopyIn&&) = delete;
  ~CopyIn();

  // The row buffer: append fields with the helpers below, then call flush_if_full().
  std::string& buffer() { return buffer_; }
  Result<void> flush_if_full();
  Result<std::size_t> finish();

 private:
  CopyIn(Connection* c, std::string sql) : c_(c), sql_(std::move(sql)) {}
  Result<void> send();
  Connection* c_ = nullptr;
  std::string sql_;
  std::string buffer_;
};

// Appends `value` as one COPY text-format field: backslash, tab, newline and CR escaped, every
// other byte as is (so a value \. or \N arrives as text, never as end-of-data or NULL). A value
// with a NUL byte cannot be stored in a PostgreSQL text column: nothing is appended and the
// result is false (the caller reports which field).
[[nodiscard]] bool copy_field(std::string& out, std::string_view value);
// Appends raw bytes as a BYTEA field (hex form, \\x...).
void copy_bytea(std::string& out, std::string_view bytes);
// Appends NULL.
inline void copy_null(std::string& out) { out += "\\N"; }

// BEGIN on creation, ROLLBACK on destruction unless commit() succeeded.
class Transaction {
 public:
  // `mode`: "" (READ COMMITTED) or e.g. "ISOLATION LEVEL SERIALIZABLE".
  static Result<Transaction> begin(Connection& c, std::string_view mode = "");
  Transaction(Transaction&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Result<void> commit();

 private:
  explicit Transaction(Connection* c) : c_(c) {}
  Connection* c_ = nullptr;
};

// A store's transaction(fn): runs fn inside one transaction on `c`, or inside the one already
// open when `active` (nested calls join the outer transaction); rolls back when fn fails.
Result<void> run_in_transaction(Connection& c, bool& active,
                                const std::function<Result<void>()>& fn);

// The factory of a PostgreSQL store: connects to `url` with the default statement timeout,
// constructs Impl(connection, args...) and runs its init() (schema migration).
template <class Impl, class Interface, class... Args>
Result<std::unique_ptr<Interface>> open_store(const std::string& url, Args&&... args) {
  auto c = Connection::open(url, default_statement_timeout());
  if (!c) return std::unexpected(std::move(c).error());
  auto store = std::make_unique<Impl>(std::move(*c), std::forward<Args>(args)...);
  if (auto r = store->init(); !r) return std::unexpected(std::move(r).error());
  return std::unique_ptr<Interface>(std::move(store));
}

// A fixed-size, thread-safe pool of connections to one database. acquire() lends an idle
// connection (opening one while fewer than `size` exist, else waiting up to `wait`); the lease
// returns it on destruction, or drops it when it is broken or left inside a transaction.
class Pool {
 public:
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    Connection& operator*() const { return *c_; }
    Connection* operator->() const { return c_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> c_;
  };

  Pool(std::string url, std::size_t size, std::chrono::milliseconds statement_timeout)
      : url_(std::move(url)), size_(size == 0 ? 1 : size), timeout_(statement_timeout) {}
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  Result<Lease> acquire(std::chrono::milliseconds wait = std::chrono::seconds(30));
  std::size_t open_connections() const;

 private:
  void give_back(std::unique_ptr<Connection> c);

  const std::string url_;
  const std::size_t size_;
  const std::chrono::milliseconds timeout_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle + lent
};

}  // namespace bulwark::pg
