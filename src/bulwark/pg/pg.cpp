#include "bulwark/pg/pg.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <utility>

namespace bulwark::pg {
namespace {

// The statement as named in error messages: its first non-blank line, shortened.
std::string statement_name(std::string_view sql) {
  while (!sql.empty() && (sql.front() == '\n' || sql.front() == ' ')) sql.remove_prefix(1);
  sql = sql.substr(0, sql.find('\n'));
  if (sql.size() > 80) return std::string(sql.substr(0, 77)) + "...";
  return std::string(sql);
}

std::string trimmed(const char* message) {
  std::string m = message ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

void ignore_notice(void*, const char*) {}

}  // namespace

bool is_url(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string redacted(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const auto start = scheme + 3;
  const auto at = url.find('@', start);
  const auto slash = url.find('/', start);
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at))
    return std::string(url);
  const auto colon = url.find(':', start);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon)) + std::string(url.substr(at));
}

std::chrono::milliseconds default_statement_timeout() {
  if (const char* env = std::getenv("BULWARK_PG_STATEMENT_TIMEOUT_MS")) {
    long long ms = 0;
    std::string_view s(env);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), ms);
    if (ec == std::errc() && p == s.data() + s.size() && ms >= 0)
      return std::chrono::milliseconds(ms);
  }
  return std::chrono::seconds(30);
}

std::string array_literal(std::span<const std::string> items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : items[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

std::string array_literal(std::span<const std::int64_t> items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(items[i]);
  }
  return out + "}";
}

Param::Param(double value) : text_(fmt::format("{:.17g}", value)) {}

// ---- Rows ----

void Rows::Free::operator()(pg_result* r) const { PQclear(r); }

Rows::Rows(pg_result* result) : result_(result) {
  rows_ = PQntuples(result);
  const char* n = PQcmdTuples(result);
  if (n != nullptr && *n != '\0') affected_ = std::strtoull(n, nullptr, 10);
}

std::string_view Rows::text(int row, int column) const {
  return std::string_view(PQgetvalue(result_.get(), row, column),
                          static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t Rows::integer(int row, int column) const {
  auto t = text(row, column);
  std::int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

double Rows::real(int row, int column) const {
  auto t = text(row, column);
  return t.empty() ? 0.0 : std::strtod(std::string(t).c_str(), nullptr);
}

bool Rows::boolean(int row, int column) const {
  auto t = text(row, column);
  return t == "t" || t == "true" || t == "1";
}

std::string Rows::bytes(int row, int column) const {
  // BYTEA in text form is hex: "\\x" then two digits per byte.
  auto t = text(row, column);
  if (t.starts_with("\\x")) t.remove_prefix(2);
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  out.reserve(t.size() / 2);
  for (std::size_t i = 0; i + 1 < t.size(); i += 2)
    out.push_back(static_cast<char>(nibble(t[i]) << 4 | nibble(t[i + 1])));
  return out;
}

bool Rows::is_null(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

// ---- Connection ----

Connection::Connection(Connection&& o) noexcept
    : conn_(std::exchange(o.conn_, nullptr)),
      prepared_(std::move(o.prepared_)),
      sqlstate_(std::move(o.sqlstate_)) {}

Connection& Connection::operator=(Connection&& o) noexcept {
  if (this != &o) {
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = std::exchange(o.conn_, nullptr);
    prepared_ = std::move(o.prepared_);
    sqlstate_ = std::move(o.sqlstate_);
  }
  return *this;
}

Connection::~Connection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

Result<Connection> Connection::open(const std::string& url,
                                    std::chrono::milliseconds statement_timeout) {
  // Keywords before "dbname" are defaults the URL may override. Bulwark's text is UTF-8 (the
  // server converts it to the database's encoding and refuses invalid sequences).
  const char* keys[] = {"application_name", "connect_timeout", "client_encoding", "dbname",
                        nullptr};
  const char* values[] = {"bulwark", "10", "UTF8", url.c_str(), nullptr};
  Connection c;
  c.conn_ = PQconnectdbParams(keys, values, 1);
  if (c.conn_ == nullptr) return db_error("postgresql: out of memory connecting");
  if (PQstatus(c.conn_) != CONNECTION_OK)
    return db_error("postgresql: cannot connect: " + trimmed(PQerrorMessage(c.conn_)));
  PQsetNoticeProcessor(c.conn_, ignore_notice, nullptr);
  auto set = c.query("SELECT set_config('statement_timeout', $1, false)",
                     {std::to_string(statement_timeout.count())});
  if (!set) return std::unexpected(std::move(set).error());
  return c;
}

Error Connection::failure(std::string_view sql, pg_result* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  sqlstate_ = state ? state : "";
  std::string message = trimmed(result ? PQresultErrorMessage(result) : nullptr);
  if (message.empty()) message = trimmed(PQerrorMessage(conn_));
  if (message.starts_with("ERROR:  ")) message.erase(0, 8);
  std::string text = "postgresql: " + statement_name(sql) + ": " + message;
  if (!sqlstate_.empty()) text += " (SQLSTATE " + sqlstate_ + ")";
  return Error{ErrorCode::kDatabase, std::move(text)};
}

Result<void> Connection::exec(std::string_view sql) {
  if (conn_ == nullptr) return db_error("postgresql: not connected");
  const std::string text(sql);
  pg_result* r = PQexec(conn_, text.c_str());
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error e = failure(sql, r);
    PQclear(r);
    return std::unexpected(std::move(e));
  }
  PQclear(r);
  sqlstate_.clear();
  return {};
}

Result<Rows> Connection::query(std::string_view sql, Params params) {
  if (conn_ == nullptr) return db_error("postgresql: not connected");
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it == prepared_.end()) {
    std::string name = "bw" + std::to_string(prepared_.size() + 1);
    pg_result* r = PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr);
    if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) {
      Error e = failure(sql, r);
      PQclear(r);
      return std::unexpected(std::move(e));
    }
    PQclear(r);
    it = prepared_.emplace(std::move(key), std::move(name)).first;
  }
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  values.reserve(params.size());
  lengths.reserve(params.size());
  formats.reserve(params.size());
  for (const auto& p : params) {
    values.push_back(p.data());
    lengths.push_back(p.length());
    formats.push_back(p.binary() ? 1 : 0);
  }
  pg_result* r = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                                values.data(), lengths.data(), formats.data(), 0);
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error e = failure(sql, r);
    PQclear(r);
    return std::unexpected(std::move(e));
  }
  sqlstate_.clear();
  return Rows(r);
}

Result<std::int64_t> Connection::scalar(std::string_view sql, std::initializer_list<Param> params) {
  auto rows = query(sql, params);
  if (!rows) return std::unexpected(std::move(rows).error());
  if (rows->empty()) return db_error("postgresql: " + statement_name(sql) + ": returned no row");
  return rows->integer(0, 0);
}

Result<std::size_t> Connection::each_row(std::string_view sql,
                                         const std::function<Result<void>(const Rows::Row&)>& fn) {
  if (conn_ == nullptr) return db_error("postgresql: not connected");
  const std::string text(sql);
  if (PQsendQueryParams(conn_, text.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1)
    return std::unexpected(failure(sql, nullptr));
  (void)PQsetSingleRowMode(conn_);
  std::optional<Error> error;
  std::size_t n = 0;
  while (pg_result* r = PQgetResult(conn_)) {
    const auto status = PQresultStatus(r);
    if (status == PGRES_SINGLE_TUPLE) {
      Rows rows(r);  // owns r
      if (error) continue;
      ++n;
      if (auto ok = fn(rows[0]); !ok) error = std::move(ok).error();
      continue;
    }
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && !error) error = failure(sql, r);
    PQclear(r);
  }
  if (error) return std::unexpected(std::move(*error));
  sqlstate_.clear();
  return n;
}

bool Connection::healthy() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

bool Connection::in_transaction() const {
  return conn_ != nullptr && PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

// ---- COPY ----

Result<CopyIn> CopyIn::start(Connection& c, std::string_view sql) {
  if (c.conn_ == nullptr) return db_error("postgresql: not connected");
  std::string text(sql);
  pg_result* r = PQexec(c.conn_, text.c_str());
  if (r == nullptr || PQresultStatus(r) != PGRES_COPY_IN) {
    Error e = c.failure(sql, r);
    PQclear(r);
    return std::unexpected(std::move(e));
  }
  PQclear(r);
  return CopyIn(&c, std::move(text));
}

CopyIn::~CopyIn() {
  if (c_ == nullptr || c_->conn_ == nullptr) return;
  (void)PQputCopyEnd(c_->conn_, "aborted by the client");
  while (pg_result* r = PQgetResult(c_->conn_)) PQclear(r);
}

Result<void> CopyIn::send() {
  if (c_ == nullptr) return db_error("postgresql: " + statement_name(sql_) + ": COPY has ended");
  if (buffer_.empty()) return {};
  if (PQputCopyData(c_->conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1)
    return db_error("postgresql: " + statement_name(sql_) + ": " +
                    trimmed(PQerrorMessage(c_->conn_)));
  buffer_.clear();
  return {};
}

Result<void> CopyIn::flush_if_full() {
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  return buffer_.size() >= kChunk ? send() : Result<void>{};
}

Result<std::size_t> CopyIn::finish() {
  if (auto r = send(); !r) return std::unexpected(std::move(r).error());
  Connection* c = std::exchange(c_, nullptr);
  if (PQputCopyEnd(c->conn_, nullptr) != 1)
    return db_error("postgresql: " + statement_name(sql_) + ": " +
                    trimmed(PQerrorMessage(c->conn_)));
  pg_result* r = PQgetResult(c->conn_);
  Result<std::size_t> out = std::size_t{0};
  if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) {
    out = std::unexpected(c->failure(sql_, r));
  } else {
    const char* n = PQcmdTuples(r);
    std::size_t rows = 0;
    if (n != nullptr) std::from_chars(n, n + std::char_traits<char>::length(n), rows);
    out = rows;
    c->sqlstate_.clear();
  }
  PQclear(r);
  while (pg_result* more = PQgetResult(c->conn_)) PQclear(more);
  return out;
}

bool copy_field(std::string& out, std::string_view value) {
  // PostgreSQL text cannot hold NUL (and COPY has no escape for it): refuse the value whole.
  if (value.find('\0') != std::string_view::npos) return false;
  std::size_t run = 0;  // start of the bytes not yet appended
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char* escape = nullptr;
    switch (value[i]) {
      case '\\':
        escape = "\\\\";
        break;
      case '\t':
        escape = "\\t";
        break;
      case '\n':
        escape = "\\n";
        break;
      case '\r':
        escape = "\\r";
        break;
      default:
        continue;
    }
    out.append(value.substr(run, i - run));
    out.append(escape, 2);
    run = i + 1;
  }
  out.append(value.substr(run));
  return true;
}

void copy_bytea(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\\\x";
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
}

// ---- Transaction ----

Result<Transaction> Transaction::begin(Connection& c, std::string_view mode) {
  std::string sql = "BEGIN";
  if (!mode.empty()) sql += " " + std::string(mode);
  if (auto r = c.exec(sql); !r) return std::unexpected(std::move(r).error());
  return Transaction(&c);
}

Transaction::~Transaction() {
  if (c_ != nullptr) (void)c_->exec("ROLLBACK");
}

Result<void> Transaction::commit() {
  if (c_ == nullptr) return db_error("postgresql: COMMIT: the transaction has ended");
  Connection* c = std::exchange(c_, nullptr);
  auto r = c->exec("COMMIT");
  if (!r) (void)c->exec("ROLLBACK");
  return r;
}

Result<void> run_in_transaction(Connection& c, bool& active,
                                const std::function<Result<void>()>& fn) {
  if (active) return fn();
  auto tx = Transaction::begin(c);
  if (!tx) return std::unexpected(std::move(tx).error());
  active = true;
  auto r = fn();
  active = false;
  if (!r) return r;  // the Transaction's destructor rolls back
  return tx->commit();
}

// ---- Pool ----

Pool::Lease::~Lease() {
  if (pool_ != nullptr && c_) pool_->give_back(std::move(c_));
}

Result<Pool::Lease> Pool::acquire(std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, wait, [&] { return !idle_.empty() || open_ < size_; }))
    return db_error(fmt::format("postgresql: no connection free in the pool of {} after {} ms",
                                size_, wait.count()));
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(c));
  }
  ++open_;
  lock.unlock();
  auto c = Connection::open(url_, timeout_);
  if (!c) {
    lock.lock();
    --open_;
    cv_.notify_one();
    return std::unexpected(std::move(c).error());
  }
  return Lease(this, std::make_unique<Connection>(std::move(*c)));
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  // A connection left inside a transaction (or broken) is not lent again.
  const bool keep = c->healthy() && !c->in_transaction();
  if (!keep) c.reset();
  std::lock_guard lock(mu_);
  if (keep)
    idle_.push_back(std::move(c));
  else
    --open_;
  cv_.notify_one();
}

std::size_t Pool::open_connections() const {
  std::lock_guard lock(mu_);
  return open_;
}

}  // namespace bulwark::pg
