#include "bulwark/vulndb/sqlite.hpp"

#include <sqlite3.h>

#include <cstring>
#include <utility>

namespace bulwark::vulndb::detail {
namespace {

// SQLite's message, with the operating system's reason for an I/O error or a full disk
// ("disk I/O error (No space left on device)"): "disk I/O error" alone does not tell a user
// that the disk is full.
std::string message_of(sqlite3* db, const char* text = nullptr) {
  std::string msg = text ? text : sqlite3_errmsg(db);
  const int code = sqlite3_extended_errcode(db) & 0xff;
  const int os = sqlite3_system_errno(db);
  if ((code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN) && os != 0)
    msg += std::string(" (") + std::strerror(os) + ")";
  return msg;
}

}  // namespace

Statement::Statement(Statement&& o) noexcept
    : db_(o.db_), stmt_(std::exchange(o.stmt_, nullptr)), bind_error_(std::move(o.bind_error_)) {}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = std::exchange(o.stmt_, nullptr);
    bind_error_ = std::move(o.bind_error_);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_.clear();
  return *this;
}

Statement& Statement::check_bind(int rc, int index) {
  if (rc != SQLITE_OK && bind_error_.empty()) {
    const char* sql = stmt_ ? sqlite3_sql(stmt_) : nullptr;
    bind_error_ = "cannot bind parameter " + std::to_string(index) + ": " + sqlite3_errstr(rc) +
                  " (in: " + std::string(sql ? sql : "").substr(0, 60) + ")";
  }
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  return check_bind(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
}

Statement& Statement::bind(int index, std::int64_t value) {
  return check_bind(sqlite3_bind_int64(stmt_, index, value), index);
}

Statement& Statement::bind(int index, double value) {
  return check_bind(sqlite3_bind_double(stmt_, index, value), index);
}

Statement& Statement::bind_null(int index) {
  return check_bind(sqlite3_bind_null(stmt_, index), index);
}

Statement& Statement::bind_text_or_null(int index, std::string_view text) {
  return text.empty() ? bind_null(index) : bind(index, text);
}

Result<bool> Statement::step() {
  if (!bind_error_.empty()) return db_error(bind_error_);
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  return db_error(message_of(db_) + " (in: " + sql.substr(0, 60) + ")");
}

VoidResult Statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return std::unexpected(std::move(r).error());
    if (!*r) return {};
  }
}

std::string_view Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (p == nullptr) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Database::Database(Database&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)), cache_(std::move(o.cache_)) {}

Database& Database::operator=(Database&& o) noexcept {
  if (this != &o) {
    cache_.clear();
    sqlite3_close_v2(db_);
    db_ = std::exchange(o.db_, nullptr);
    path_ = std::move(o.path_);
    cache_ = std::move(o.cache_);
  }
  return *this;
}

Database::~Database() {
  cache_.clear();
  sqlite3_close_v2(db_);
}

Result<Database> Database::open(const std::string& path) {
  // Memory statistics take one process-wide mutex on every SQLite allocation; the server's
  // threads each have their own connection and would queue on it. Must precede initialisation
  // (a no-op when SQLite was already initialised).
  static const bool configured = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)configured;
  Database d;
  d.path_ = path;
  int rc =
      sqlite3_open_v2(path.c_str(), &d.db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = d.db_ ? message_of(d.db_) : sqlite3_errstr(rc);
    return db_error(path + ": cannot open database: " + msg);
  }
  sqlite3_busy_timeout(d.db_, 10000);
  sqlite3_extended_result_codes(d.db_, 1);
  return d;
}

std::string Database::last_error() const { return db_ ? message_of(db_) : "not open"; }

VoidResult Database::exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = message_of(db_, err);
    sqlite3_free(err);
    return db_error(path_ + ": " + msg);
  }
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK)
    return db_error(path_ + ": " + last_error());
  return Statement(db_, stmt);
}

Result<CachedStatement> Database::cached(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end()) {
    auto st = prepare(sql);
    if (!st) return std::unexpected(st.error());
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(std::move(*st))).first;
  }
  it->second->reset();
  return CachedStatement(it->second.get());
}

void Database::reset_statements() {
  for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st != nullptr;
       st = sqlite3_next_stmt(db_, st))
    if (sqlite3_stmt_busy(st)) sqlite3_reset(st);
}

int Database::changes() const { return sqlite3_changes(db_); }

Result<std::string> Database::change_token() {
  auto st = cached("PRAGMA data_version");
  if (!st) return std::unexpected(st.error());
  auto row = st->step();
  if (!row) return std::unexpected(row.error());
  return std::to_string(st->integer(0)) + ":" + std::to_string(sqlite3_total_changes64(db_));
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

Result<Transaction> Transaction::begin_immediate(Database& db) {
  // A statement stepped but not run to completion keeps a read snapshot open; in WAL mode a
  // write transaction on a stale snapshot fails at once with SQLITE_BUSY_SNAPSHOT when another
  // connection (the portfolio shares the file) has written meanwhile. Reset them first.
  db.reset_statements();
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return std::unexpected(std::move(r).error());
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->exec("ROLLBACK");
}

Result<void> run_in_transaction(Database& db, bool& active,
                                const std::function<Result<void>()>& fn) {
  if (active) return fn();
  auto tx = Transaction::begin_immediate(db);
  if (!tx) return std::unexpected(tx.error());
  active = true;
  auto r = fn();
  active = false;
  if (!r) return r;  // the Transaction's destructor rolls back
  if (auto c = tx->commit(); !c) return std::unexpected(c.error());
  return {};
}

VoidResult Transaction::commit() {
  auto r = db_->exec("COMMIT");
  if (r) db_ = nullptr;
  return r;
}

}  // namespace bulwark::vulndb::detail
