// rpm database, SQLite backend (var/lib/rpm/rpmdb.sqlite, usr/lib/sysimage/rpm/rpmdb.sqlite):
// table Packages(hnum, blob) holding header blobs. The content is opened in memory with
// sqlite3_deserialize (read-only); a WAL-mode header is switched to rollback mode in the copy
// because the in-memory VFS has no WAL.
#include <sqlite3.h>

#include <cstring>
#include <memory>
#include <string>

#include "bulwark/extract/os/os_common.hpp"
#include "bulwark/extract/os/rpm_header.hpp"

namespace bulwark::extract::os {
namespace {

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
constexpr std::size_t kSqliteHeaderSize = 100;

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Result<DbPtr> open_in_memory(std::string_view content, const std::string& path) {
  if (content.size() < kSqliteHeaderSize || content.substr(0, kSqliteMagic.size()) != kSqliteMagic)
    return invalid_input(path + ": not an SQLite database");
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(raw);
    return db_error(path + ": cannot open an in-memory SQLite database");
  }
  DbPtr db(raw);
  auto* buf = static_cast<unsigned char*>(sqlite3_malloc64(content.size()));
  if (buf == nullptr) return db_error(path + ": out of memory");
  std::memcpy(buf, content.data(), content.size());
  if (buf[18] == 2) buf[18] = 1;  // file format write version: WAL -> legacy
  if (buf[19] == 2) buf[19] = 1;  // file format read version
  int rc = sqlite3_deserialize(db.get(), "main", buf, static_cast<sqlite3_int64>(content.size()),
                               static_cast<sqlite3_int64>(content.size()),
                               SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK) return invalid_input(path + ": cannot load SQLite database: " + sqlite3_errmsg(db.get()));
  return db;
}

Result<Inventory> read_packages(sqlite3* db, const std::string& path, const OsRelease* os) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &raw, nullptr) != SQLITE_OK) {
    sqlite3_finalize(raw);
    return invalid_input(path + ": no rpm Packages table: " + sqlite3_errmsg(db));
  }
  StmtPtr stmt(raw);
  RpmInventoryBuilder builder(os);
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    const void* data = sqlite3_column_blob(stmt.get(), 1);
    int size = sqlite3_column_bytes(stmt.get(), 1);
    std::string where = "Packages row hnum=" + std::to_string(sqlite3_column_int64(stmt.get(), 0));
    builder.add(std::string_view(static_cast<const char*>(data), data ? static_cast<std::size_t>(size) : 0), where);
  }
  if (rc != SQLITE_DONE) return invalid_input(path + ": reading Packages: " + sqlite3_errmsg(db));
  return std::move(builder).finish();
}

class RpmSqliteExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "os/rpm-sqlite"; }
  bool wants(const FileInfo& f) const override {
    return path_is(f.path, "var/lib/rpm/rpmdb.sqlite") || path_is(f.path, "usr/lib/sysimage/rpm/rpmdb.sqlite");
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    auto db = open_in_memory(input.content, input.info.path);
    if (!db) return std::unexpected(std::move(db.error()));
    return read_packages(db->get(), input.info.path, input.os);
  }
};

}  // namespace

std::unique_ptr<Extractor> make_rpm_sqlite_extractor() { return std::make_unique<RpmSqliteExtractor>(); }

}  // namespace bulwark::extract::os
