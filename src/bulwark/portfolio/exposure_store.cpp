// The backend-neutral rules of the exposure store (exposure_store.hpp).
#include "bulwark/portfolio/exposure_store.hpp"

#include "bulwark/pg/pg.hpp"

namespace bulwark::portfolio {

Result<std::unique_ptr<ExposureStore>> ExposureStore::open(const std::string& location) {
  return pg::is_url(location) ? open_postgresql(location) : open_sqlite(location);
}

Result<std::optional<ExposureRun>> ExposureStore::latest(std::int64_t product_id,
                                                         std::string_view release) {
  using R = std::optional<ExposureRun>;
  if (release.empty()) return R{};
  auto list = select_runs(product_id, release, true, true);
  if (!list) return std::unexpected(list.error());
  if (list->empty()) return R{};
  return R(std::move(list->front()));
}

Result<std::vector<ExposureRun>> ExposureStore::runs(std::int64_t product_id,
                                                     std::string_view release, bool with_reports) {
  return select_runs(product_id, release, with_reports, false);
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
