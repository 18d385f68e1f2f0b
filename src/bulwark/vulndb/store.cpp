#include "bulwark/vulndb/store.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "bulwark/pg/pg.hpp"
#include "bulwark/vulndb/sqlite_store.hpp"

namespace bulwark::vulndb {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

std::string default_path() {
  if (auto db = env("BULWARK_DB"); !db.empty()) return db;
  if (auto url = env("BULWARK_DATABASE_URL"); !url.empty()) return url;
  std::filesystem::path dir;
  if (auto xdg = env("XDG_DATA_HOME"); !xdg.empty() && xdg.front() == '/') {
    dir = std::filesystem::path(xdg) / "bulwark";
  } else if (auto home = env("HOME"); !home.empty()) {
    dir = std::filesystem::path(home) / ".local" / "share" / "bulwark";
  } else {
    return "bulwark.db";
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);  // a failure shows when the database is opened
  return (dir / "bulwark.db").string();
}

Result<std::vector<std::vector<Candidate>>> Store::find_many(const std::vector<PackageRef>& keys) {
  std::vector<std::vector<Candidate>> out;
  out.reserve(keys.size());
  for (const auto& k : keys) {
    auto found = find(k.ecosystem_base, k.name);
    if (!found) return std::unexpected(std::move(found).error());
    out.push_back(std::move(*found));
  }
  return out;
}

Result<std::unique_ptr<Store>> Store::open(const std::string& location) {
  if (pg::is_url(location)) return open_postgresql(location);
  return detail::SqliteStore::create(location);
}

}  // namespace bulwark::vulndb
