// The backend-neutral rules of the exposure store (exposure_store.hpp).
#include "bulwark/portfolio/exposure_store.hpp"

#include "bulwark/pg/pg.hpp"

namespace bulwark::portfolio {

Result<std::unique_ptr<ExposureStore>> ExposureStore::open(const std::string& location) {
  return pg::is_url(location) ? open_postgresql(location) : open_sqlite(location);
}

namespace detail {

Result<void> check_exposure_run(const ExposureRun& run) {
  if (run.product_id <= 0) return invalid_input("exposure run: no product");
  if (run.release.empty()) return invalid_input("exposure run: no release");
  if (run.recorded_at.empty()) return invalid_input("exposure run: no recording time");
  if (run.report.empty()) return invalid_input("exposure run: no report");
  return {};
}

}  // namespace detail
}  // namespace bulwark::portfolio
