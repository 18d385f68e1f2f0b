// The backend selection of the portfolio store (the implementations: sqlite_store.cpp,
// pg_store.cpp).
#include "bulwark/portfolio/store.hpp"

#include "bulwark/pg/pg.hpp"

namespace bulwark::portfolio {

Result<std::unique_ptr<Store>> Store::open(const std::string& location) {
  return pg::is_url(location) ? open_postgresql(location) : open_sqlite(location);
}

}  // namespace bulwark::portfolio
