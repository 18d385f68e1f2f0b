// rpm database, SQLite backend (var/lib/rpm/rpmdb.sqlite, usr/lib/sysimage/rpm/rpmdb.sqlite):
// table Packages(hnum, blob) holding header blobs. The content is opened in memory with
// sqlite3_deserialize (read-only); a WAL-mode header is switched to rollback mode in the copy
// because the in-memory VFS has no WAL.
//
// The database is untrusted, and so is its schema: extension loading, triggers and views are
// off, the schema is not trusted to call functions, sqlite3_limit bounds lengths, expressions
// and statement sizes, `Packages` must be an ordinary table with real hnum and blob columns
// (checked in sqlite_schema and table_xinfo before it is read; a VIEW with a recursive query
// is refused), the query plan is fixed (a scan, NOT INDEXED) and a progress handler stops a
// statement after a step budget proportional to the file size.
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/os/os_common.hpp"
#include "bulwark/extract/os/rpm_header.hpp"

namespace bulwark::extract::os {
namespace {

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
constexpr std::size_t kSqliteHeaderSize = 100;
// Progress-handler granularity and the step budget: a fixed allowance plus one virtual-machine
// instruction per byte of the file, far more than scanning a real rpm database takes.
constexpr int kProgressOps = 1000;
constexpr std::uint64_t kBaseSteps = 10'000'000;

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

struct StepBudget {
  std::uint64_t left = 0;  // in units of kProgressOps instructions
  bool exhausted = false;
};

int on_progress(void* ctx) {
  auto* b = static_cast<StepBudget*>(ctx);
  if (b->left == 0) {
    b->exhausted = true;
    return 1;  // interrupts the statement
  }
  --b->left;
  return 0;
}

// An untrusted database in memory, read-only, hardened before its schema is first parsed.
struct UntrustedDb {
  DbPtr db;
  std::unique_ptr<StepBudget> budget;
};

void harden(sqlite3* db, std::size_t size) {
  int off = 0;
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &off);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &off);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, &off);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &off);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &off);
  // No value longer than the file itself; small statements and expressions only.
  const int length = static_cast<int>(std::min<std::size_t>(size + 1, 1'000'000'000));
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, length);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 100'000);
  sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 200);
  sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 64);
  sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 4);
  sqlite3_limit(db, SQLITE_LIMIT_VDBE_OP, 10'000);
  sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 8);
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100);
  sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
}

Result<UntrustedDb> open_untrusted(std::string_view content, const std::string& path) {
  if (content.size() < kSqliteHeaderSize || content.substr(0, kSqliteMagic.size()) != kSqliteMagic)
    return invalid_input(path + ": not an SQLite database");
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(raw);
    return db_error(path + ": cannot open an in-memory SQLite database");
  }
  UntrustedDb u{DbPtr(raw), std::make_unique<StepBudget>()};
  harden(raw, content.size());
  u.budget->left = (kBaseSteps + content.size()) / kProgressOps;
  sqlite3_progress_handler(raw, kProgressOps, on_progress, u.budget.get());
  auto* buf = static_cast<unsigned char*>(sqlite3_malloc64(content.size()));
  if (buf == nullptr) return db_error(path + ": out of memory");
  std::memcpy(buf, content.data(), content.size());
  if (buf[18] == 2) buf[18] = 1;  // file format write version: WAL -> legacy
  if (buf[19] == 2) buf[19] = 1;  // file format read version
  int rc = sqlite3_deserialize(raw, "main", buf, static_cast<sqlite3_int64>(content.size()),
                               static_cast<sqlite3_int64>(content.size()),
                               SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK)
    return invalid_input(path + ": cannot load SQLite database: " + sqlite3_errmsg(raw));
  return u;
}

std::unexpected<Error> step_error(const UntrustedDb& u, const std::string& path,
                                  const std::string& what) {
  if (u.budget->exhausted)
    return invalid_input(
        path + ": " + what + ": stopped after " + std::to_string(kBaseSteps) +
        " SQLite steps plus one per byte of the file (refusing a hostile database)");
  return invalid_input(path + ": " + what + ": " + sqlite3_errmsg(u.db.get()));
}

// `Packages` must be an ordinary table (not a view, not virtual) with stored hnum and blob
// columns. Read from sqlite_schema and table_xinfo, never by running the database's own SQL.
Result<void> check_schema(const UntrustedDb& u, const std::string& path) {
  sqlite3* db = u.db.get();
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(
          db, "SELECT type, sql FROM main.sqlite_schema WHERE name = 'Packages' COLLATE NOCASE", -1,
          &raw, nullptr) != SQLITE_OK) {
    sqlite3_finalize(raw);
    return step_error(u, path, "reading the schema");
  }
  StmtPtr stmt(raw);
  int rows = 0;
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    ++rows;
    auto text = [&](int col) {
      const unsigned char* t = sqlite3_column_text(stmt.get(), col);
      return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    };
    std::string type = text(0), sql = text(1);
    if (type != "table")
      return invalid_input(path + ": Packages is a " +
                           (type.empty() ? std::string("schema object") : type) +
                           ", not a table (refusing a hostile database)");
    std::string head = to_upper(sql.substr(0, 64));
    if (!head.starts_with("CREATE TABLE"))
      return invalid_input(path +
                           ": Packages is not an ordinary table (refusing a hostile database)");
  }
  if (rc != SQLITE_DONE) return step_error(u, path, "reading the schema");
  if (rows == 0) return invalid_input(path + ": no rpm Packages table");
  if (rows > 1) return invalid_input(path + ": more than one schema object named Packages");
  stmt.reset();
  raw = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name, hidden FROM pragma_table_xinfo('Packages', 'main')", -1,
                         &raw, nullptr) != SQLITE_OK) {
    sqlite3_finalize(raw);
    return step_error(u, path, "reading the Packages columns");
  }
  stmt.reset(raw);
  bool hnum = false, blob = false;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(stmt.get(), 0);
    std::string name = t ? to_lower(reinterpret_cast<const char*>(t)) : std::string();
    bool stored = sqlite3_column_int(stmt.get(), 1) == 0;  // 2, 3: generated columns
    if (name == "hnum") hnum = stored;
    if (name == "blob") blob = stored;
  }
  if (rc != SQLITE_DONE) return step_error(u, path, "reading the Packages columns");
  if (!hnum || !blob)
    return invalid_input(path + ": Packages lacks the stored columns hnum and blob");
  return {};
}

Result<Inventory> read_packages(const UntrustedDb& u, const std::string& path,
                                const OsRelease* os) {
  if (auto ok = check_schema(u, path); !ok) return std::unexpected(std::move(ok).error());
  sqlite3* db = u.db.get();
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT hnum, blob FROM main.Packages NOT INDEXED", -1, &raw,
                         nullptr) != SQLITE_OK) {
    sqlite3_finalize(raw);
    return step_error(u, path, "no rpm Packages table");
  }
  StmtPtr stmt(raw);
  RpmInventoryBuilder builder(os);
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    const void* data = sqlite3_column_blob(stmt.get(), 1);
    int size = sqlite3_column_bytes(stmt.get(), 1);
    std::string where = "Packages row hnum=" + std::to_string(sqlite3_column_int64(stmt.get(), 0));
    builder.add(
        std::string_view(static_cast<const char*>(data), data ? static_cast<std::size_t>(size) : 0),
        where);
  }
  if (rc != SQLITE_DONE) return step_error(u, path, "reading Packages");
  return std::move(builder).finish();
}

class RpmSqliteExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "os/rpm-sqlite"; }
  bool wants(const FileInfo& f) const override {
    return path_is(f.path, "var/lib/rpm/rpmdb.sqlite") ||
           path_is(f.path, "usr/lib/sysimage/rpm/rpmdb.sqlite");
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    auto db = open_untrusted(input.content, input.info.path);
    if (!db) return std::unexpected(std::move(db.error()));
    return read_packages(*db, input.info.path, input.os);
  }
};

}  // namespace

std::unique_ptr<Extractor> make_rpm_sqlite_extractor() {
  return std::make_unique<RpmSqliteExtractor>();
}

}  // namespace bulwark::extract::os
