#include "bulwark/service/db_copy.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <utility>

#include "bulwark/pg/pg.hpp"

namespace bulwark::service::detail {

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char ch : name) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

namespace {

std::string column_list(const std::vector<Column>& columns) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ", ";
    out += quote_identifier(columns[i].name);
  }
  return out;
}

// ---- SQLite ----

struct FinalizeStmt {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

ColumnKind sqlite_kind(std::string declared) {
  std::transform(declared.begin(), declared.end(), declared.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (declared.find("BOOL") != std::string::npos) return ColumnKind::kBoolean;
  if (declared.find("INT") != std::string::npos) return ColumnKind::kInteger;
  if (declared.find("CHAR") != std::string::npos || declared.find("CLOB") != std::string::npos ||
      declared.find("TEXT") != std::string::npos)
    return ColumnKind::kText;
  if (declared.empty() || declared.find("BLOB") != std::string::npos) return ColumnKind::kBlob;
  if (declared.find("REAL") != std::string::npos || declared.find("FLOA") != std::string::npos ||
      declared.find("DOUB") != std::string::npos)
    return ColumnKind::kReal;
  return ColumnKind::kText;
}

class SqliteDatabase final : public Database {
 public:
  ~SqliteDatabase() override {
    end();
    sqlite3_close_v2(db_);
  }

  static Result<std::unique_ptr<Database>> open(const std::string& path, bool read_only) {
    auto db = std::make_unique<SqliteDatabase>();
    db->path_ = path;
    const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(path.c_str(), &db->db_, flags, nullptr) != SQLITE_OK)
      return db_error(path + ": cannot open: " + sqlite3_errmsg(db->db_));
    sqlite3_busy_timeout(db->db_, 30000);
    return std::unique_ptr<Database>(std::move(db));
  }

  bool postgresql() const override { return false; }

  Result<std::map<std::string, int>> versions() override {
    std::map<std::string, int> out;
    auto has = scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (!has) return std::unexpected(std::move(has).error());
    if (*has == 0) return out;
    auto st = prepare("SELECT component, version FROM schema_migrations");
    if (!st) return std::unexpected(std::move(st).error());
    int rc = 0;
    while ((rc = sqlite3_step(st->get())) == SQLITE_ROW)
      out[text(st->get(), 0)] = sqlite3_column_int(st->get(), 1);
    if (rc != SQLITE_DONE) return failure("schema_migrations");
    return out;
  }

  Result<std::vector<std::string>> tables() override {
    return strings(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' AND name <> 'schema_migrations' ORDER BY name",
        0);
  }

  Result<std::vector<Column>> columns(const std::string& table) override {
    auto st = prepare("PRAGMA table_info(" + quote_identifier(table) + ")");
    if (!st) return std::unexpected(std::move(st).error());
    std::vector<Column> out;
    int rc = 0;
    while ((rc = sqlite3_step(st->get())) == SQLITE_ROW)
      out.push_back(Column{text(st->get(), 1), sqlite_kind(text(st->get(), 2)),
                           sqlite3_column_int(st->get(), 3) == 0 ||
                               sqlite3_column_type(st->get(), 4) != SQLITE_NULL});
    if (rc != SQLITE_DONE) return failure(table);
    return out;
  }

  Result<std::vector<std::string>> references(const std::string& table) override {
    return strings("PRAGMA foreign_key_list(" + quote_identifier(table) + ")", 2);
  }

  Result<std::size_t> count(const std::string& table) override {
    auto n = scalar("SELECT count(*) FROM " + quote_identifier(table));
    if (!n) return std::unexpected(std::move(n).error());
    return static_cast<std::size_t>(*n);
  }

  Result<void> begin_read() override {
    if (auto r = exec("BEGIN"); !r) return r;
    open_ = true;
    // The snapshot starts with the first read.
    auto n = scalar("SELECT count(*) FROM sqlite_master");
    if (!n) return std::unexpected(std::move(n).error());
    return {};
  }

  Result<std::size_t> read(const std::string& table, const std::vector<Column>& columns,
                           const RowSink& sink) override {
    auto st = prepare("SELECT " + column_list(columns) + " FROM " + quote_identifier(table));
    if (!st) return std::unexpected(std::move(st).error());
    sqlite3_stmt* s = st->get();
    Row row(columns.size());
    std::size_t n = 0;
    int rc = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const int c = static_cast<int>(i);
        Value& v = row[i];
        switch (sqlite3_column_type(s, c)) {
          case SQLITE_NULL:
            v.tag = Value::kNull;
            break;
          case SQLITE_INTEGER:
            v.tag = Value::kInteger;
            v.integer = sqlite3_column_int64(s, c);
            break;
          case SQLITE_FLOAT:
            v.tag = Value::kReal;
            v.real = sqlite3_column_double(s, c);
            break;
          case SQLITE_BLOB: {
            v.tag = Value::kBlob;
            const auto* p = static_cast<const char*>(sqlite3_column_blob(s, c));
            v.bytes.assign(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, c)));
            break;
          }
          default:
            v.tag = Value::kText;
            v.bytes = text(s, c);
        }
      }
      if (auto r = sink(row); !r) return std::unexpected(std::move(r).error());
      ++n;
    }
    if (rc != SQLITE_DONE) return failure(table);
    return n;
  }

  Result<void> begin_write() override {
    if (auto r = exec("BEGIN IMMEDIATE"); !r) return r;
    open_ = true;
    return {};
  }

  Result<std::size_t> write(
      const std::string& table, const std::vector<Column>& columns,
      const std::function<Result<std::size_t>(const RowSink&)>& produce) override {
    // Multi-row INSERTs of up to `batch` rows, under SQLite's limit of 32,766 parameters.
    const std::size_t width = std::max<std::size_t>(columns.size(), 1);
    const std::size_t batch = std::clamp<std::size_t>(30000 / width, 1, 500);
    const std::string head =
        "INSERT INTO " + quote_identifier(table) + " (" + column_list(columns) + ") VALUES ";
    std::string tuple = "(";
    for (std::size_t i = 0; i < columns.size(); ++i) tuple += i ? ",?" : "?";
    tuple += ")";
    auto statement_for = [&](std::size_t rows) -> Result<Stmt> {
      std::string sql = head;
      for (std::size_t i = 0; i < rows; ++i) {
        if (i) sql += ",";
        sql += tuple;
      }
      return prepare(sql);
    };
    auto full = statement_for(batch);
    if (!full) return std::unexpected(std::move(full).error());
    std::vector<Row> pending;
    pending.reserve(batch);
    std::size_t written = 0;
    auto flush = [&](sqlite3_stmt* s) -> Result<void> {
      int index = 1;
      for (const Row& row : pending)
        for (std::size_t i = 0; i < row.size(); ++i) bind(s, index++, row[i], columns[i].kind);
      const int rc = sqlite3_step(s);
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
      if (rc != SQLITE_DONE) return std::unexpected(failure(table).error());
      written += pending.size();
      pending.clear();
      return {};
    };
    auto read = produce([&](const Row& row) -> Result<void> {
      pending.push_back(row);
      if (pending.size() == batch) return flush(full->get());
      return {};
    });
    if (!read) return std::unexpected(std::move(read).error());
    if (!pending.empty()) {
      auto rest = statement_for(pending.size());
      if (!rest) return std::unexpected(std::move(rest).error());
      if (auto r = flush(rest->get()); !r) return std::unexpected(std::move(r).error());
    }
    return written;
  }

  Result<void> commit() override {
    if (auto r = exec("COMMIT"); !r) return r;
    open_ = false;
    return {};
  }

  void end() override {
    if (open_ && db_ != nullptr) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    open_ = false;
  }

 private:
  static std::string text(sqlite3_stmt* s, int c) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, c))) : std::string();
  }

  static void bind(sqlite3_stmt* s, int index, const Value& v, ColumnKind kind) {
    switch (v.tag) {
      case Value::kNull:
        sqlite3_bind_null(s, index);
        break;
      case Value::kInteger:
        sqlite3_bind_int64(s, index, v.integer);
        break;
      case Value::kReal:
        sqlite3_bind_double(s, index, v.real);
        break;
      case Value::kText:
      case Value::kBlob:
        if (kind == ColumnKind::kBlob || (v.tag == Value::kBlob && kind != ColumnKind::kText))
          sqlite3_bind_blob64(s, index, v.bytes.data(), v.bytes.size(), SQLITE_TRANSIENT);
        else
          sqlite3_bind_text64(s, index, v.bytes.data(), v.bytes.size(), SQLITE_TRANSIENT,
                              SQLITE_UTF8);
        break;
    }
  }

  std::unexpected<Error> failure(std::string_view what) const {
    return db_error(fmt::format("{}: {}: {}", path_, what, sqlite3_errmsg(db_)));
  }

  Result<Stmt> prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr) !=
        SQLITE_OK)
      return failure(sql.substr(0, 60));
    return Stmt(s);
  }

  Result<void> exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return failure(sql);
    return {};
  }

  Result<std::int64_t> scalar(const std::string& sql) {
    auto st = prepare(sql);
    if (!st) return std::unexpected(std::move(st).error());
    if (sqlite3_step(st->get()) != SQLITE_ROW) return failure(sql.substr(0, 60));
    return sqlite3_column_int64(st->get(), 0);
  }

  Result<std::vector<std::string>> strings(const std::string& sql, int column) {
    auto st = prepare(sql);
    if (!st) return std::unexpected(std::move(st).error());
    std::vector<std::string> out;
    int rc = 0;
    while ((rc = sqlite3_step(st->get())) == SQLITE_ROW) out.push_back(text(st->get(), column));
    if (rc != SQLITE_DONE) return failure(sql.substr(0, 60));
    return out;
  }

  sqlite3* db_ = nullptr;
  std::string path_;
  bool open_ = false;
};

// ---- PostgreSQL ----

ColumnKind pg_kind(std::string_view type) {
  if (type == "bigint" || type == "integer" || type == "smallint") return ColumnKind::kInteger;
  if (type == "boolean") return ColumnKind::kBoolean;
  if (type == "double precision" || type == "real" || type == "numeric") return ColumnKind::kReal;
  if (type == "bytea") return ColumnKind::kBlob;
  return ColumnKind::kText;
}

// One value in COPY's text format, converted to the destination column's type; false for text
// with a NUL byte, which a PostgreSQL text column cannot hold.
bool encode(std::string& out, const Value& v, ColumnKind kind) {
  switch (v.tag) {
    case Value::kNull:
      pg::copy_null(out);
      return true;
    case Value::kInteger:
      if (kind == ColumnKind::kBoolean)
        out += v.integer != 0 ? 't' : 'f';
      else
        out += std::to_string(v.integer);
      return true;
    case Value::kReal:
      out += fmt::format("{}", v.real);
      return true;
    case Value::kText:
    case Value::kBlob:
      if (kind == ColumnKind::kBlob) {
        pg::copy_bytea(out, v.bytes);
        return true;
      }
      return pg::copy_field(out, v.bytes);
  }
  return true;
}

class PgDatabase final : public Database {
 public:
  explicit PgDatabase(pg::Connection c) : c_(std::move(c)) {}
  ~PgDatabase() override { end(); }

  bool postgresql() const override { return true; }

  Result<std::map<std::string, int>> versions() override {
    std::map<std::string, int> out;
    auto has = c_.scalar(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename = 'schema_migrations'");
    if (!has) return std::unexpected(std::move(has).error());
    if (*has == 0) return out;
    auto rows = c_.query("SELECT component, version FROM schema_migrations");
    if (!rows) return std::unexpected(std::move(rows).error());
    for (int i = 0; i < rows->size(); ++i)
      out[std::string(rows->text(i, 0))] = static_cast<int>(rows->integer(i, 1));
    return out;
  }

  Result<std::vector<std::string>> tables() override {
    auto rows = c_.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' "
        "ORDER BY table_name COLLATE \"C\"");
    if (!rows) return std::unexpected(std::move(rows).error());
    std::vector<std::string> out;
    for (int i = 0; i < rows->size(); ++i) out.emplace_back(rows->text(i, 0));
    return out;
  }

  Result<std::vector<Column>> columns(const std::string& table) override {
    auto rows = c_.query(
        "SELECT column_name, data_type, is_nullable = 'YES' OR column_default IS NOT NULL OR "
        "is_identity = 'YES' FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY "
        "ordinal_position",
        {table});
    if (!rows) return std::unexpected(std::move(rows).error());
    std::vector<Column> out;
    for (int i = 0; i < rows->size(); ++i)
      out.push_back(
          Column{std::string(rows->text(i, 0)), pg_kind(rows->text(i, 1)), rows->boolean(i, 2)});
    return out;
  }

  Result<std::vector<std::string>> references(const std::string& table) override {
    auto rows = c_.query(
        "SELECT r.relname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid "
        "JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
        "WHERE k.contype = 'f' AND n.nspname = current_schema() AND t.relname = $1",
        {table});
    if (!rows) return std::unexpected(std::move(rows).error());
    std::vector<std::string> out;
    for (int i = 0; i < rows->size(); ++i) out.emplace_back(rows->text(i, 0));
    return out;
  }

  Result<std::size_t> count(const std::string& table) override {
    auto n = c_.scalar("SELECT count(*) FROM " + quote_identifier(table));
    if (!n) return std::unexpected(std::move(n).error());
    return static_cast<std::size_t>(*n);
  }

  Result<void> begin_read() override {
    if (auto r = c_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !r) return r;
    open_ = true;
    return {};
  }

  Result<std::size_t> read(const std::string& table, const std::vector<Column>& columns,
                           const RowSink& sink) override {
    Row row(columns.size());
    return c_.each_row("SELECT " + column_list(columns) + " FROM " + quote_identifier(table),
                       [&](const pg::Rows::Row& r) -> Result<void> {
                         for (std::size_t i = 0; i < columns.size(); ++i) {
                           const int c = static_cast<int>(i);
                           Value& v = row[i];
                           if (r.is_null(c)) {
                             v.tag = Value::kNull;
                             continue;
                           }
                           switch (columns[i].kind) {
                             case ColumnKind::kInteger:
                               v.tag = Value::kInteger;
                               v.integer = r.integer(c);
                               break;
                             case ColumnKind::kBoolean:
                               v.tag = Value::kInteger;
                               v.integer = r.boolean(c) ? 1 : 0;
                               break;
                             case ColumnKind::kReal:
                               v.tag = Value::kReal;
                               v.real = r.real(c);
                               break;
                             case ColumnKind::kBlob:
                               v.tag = Value::kBlob;
                               v.bytes = r.bytes(c);
                               break;
                             case ColumnKind::kText:
                               v.tag = Value::kText;
                               v.bytes = r.text(c);
                           }
                         }
                         return sink(row);
                       });
  }

  Result<void> begin_write() override {
    if (auto r = c_.exec("BEGIN"); !r) return r;
    open_ = true;
    return {};
  }

  Result<std::size_t> write(
      const std::string& table, const std::vector<Column>& columns,
      const std::function<Result<std::size_t>(const RowSink&)>& produce) override {
    auto copy = pg::CopyIn::start(
        c_, "COPY " + quote_identifier(table) + " (" + column_list(columns) + ") FROM STDIN");
    if (!copy) return std::unexpected(std::move(copy).error());
    auto read = produce([&](const Row& row) -> Result<void> {
      std::string& out = copy->buffer();
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i) out += '\t';
        if (!encode(out, row[i], columns[i].kind))
          return db_error("postgresql: " + table + "." + columns[i].name +
                          ": a text value contains a NUL byte, which PostgreSQL text cannot store");
      }
      out += '\n';
      return copy->flush_if_full();
    });
    if (!read) return std::unexpected(std::move(read).error());
    return copy->finish();
  }

  Result<void> commit() override {
    // Identity and serial columns continue after the copied ids.
    auto seqs = c_.query(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')");
    if (!seqs) return std::unexpected(std::move(seqs).error());
    for (int i = 0; i < seqs->size(); ++i) {
      const std::string table = quote_identifier(seqs->text(i, 0));
      const std::string column = quote_identifier(seqs->text(i, 1));
      auto max = c_.scalar("SELECT COALESCE(max(" + column + "), 0) FROM " + table);
      if (!max) return std::unexpected(std::move(max).error());
      if (*max <= 0) continue;
      auto set = c_.query("SELECT setval(pg_get_serial_sequence($1, $2), $3::bigint)",
                          {table, std::string(seqs->text(i, 1)), *max});
      if (!set) return std::unexpected(std::move(set).error());
    }
    if (auto r = c_.exec("COMMIT"); !r) return r;
    open_ = false;
    return {};
  }

  void end() override {
    if (open_ && c_.healthy()) (void)c_.exec("ROLLBACK");
    open_ = false;
  }

 private:
  pg::Connection c_;
  bool open_ = false;
};

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& location, bool read_only) {
  if (!pg::is_url(location)) return SqliteDatabase::open(location, read_only);
  auto c = pg::Connection::open(location, std::chrono::milliseconds(0));
  if (!c) return std::unexpected(std::move(c).error());
  return std::unique_ptr<Database>(std::make_unique<PgDatabase>(std::move(*c)));
}

}  // namespace bulwark::service::detail
