#include "raw_db.hpp"

#include <sqlite3.h>

#include <chrono>

#include "bulwark/pg/pg.hpp"

namespace bulwark::test {

std::optional<std::string> raw_exec(const std::string& location, const std::string& sql) {
  if (pg::is_url(location)) {
    auto c = pg::Connection::open(location, std::chrono::seconds(30));
    if (!c) return c.error().message;
    auto r = c->exec(sql);
    if (!r) return r.error().message;
    return std::nullopt;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(location.c_str(), &db) != SQLITE_OK) {
    std::string m = sqlite3_errmsg(db);
    sqlite3_close(db);
    return m;
  }
  char* err = nullptr;
  std::optional<std::string> out;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK)
    out = err ? std::string(err) : std::string("error");
  sqlite3_free(err);
  sqlite3_close(db);
  return out;
}

}  // namespace bulwark::test
