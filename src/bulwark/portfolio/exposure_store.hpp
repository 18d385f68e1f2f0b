// Persistence of minimal-exposure results per release (issue 13: `bulwark exposure TARGET
// --release PRODUCT@VERSION`, `release add --exposure`): every run is kept, append-only, with
// the report's JSON (the exposure module's schema-versioned document, stored as given) and the
// facts a list needs without parsing it (target, catalogue version and hash, counts, the worst
// failing severity, the report's SHA-256). The newest run of a release is the evidence `cra
// docs` uses; `cra checklist` uses the newest run of each kind (network scan, file analysis;
// service::release_exposures). The tables live in the portfolio's database file (schema
// component "exposure" of the shared migration mechanism). ExposureStore is an interface like
// RiskStore; the use cases are in service/exposure.hpp. Used from one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::portfolio {

struct ExposureRun {
  std::int64_t product_id = 0;
  std::string release;      // the release's version
  std::int64_t seq = 0;     // position among the release's runs (1, 2, ...); assigned by add_run
  std::string recorded_at;  // RFC 3339 UTC
  std::string target;       // what was analysed, as given
  std::string catalogue_version, catalogue_sha256;
  std::int64_t fail = 0, pass = 0, not_applicable = 0, indeterminate = 0;
  std::string worst;          // highest severity of a failed check ("" when none failed)
  std::string report_sha256;  // of `report`
  std::string report;         // the report's JSON (empty in listings without reports)
};

class ExposureStore {
 public:
  virtual ~ExposureStore() = default;

  // A postgresql:// location opens PostgreSQL, anything else the SQLite file.
  static Result<std::unique_ptr<ExposureStore>> open(const std::string& location);
  // Opens the SQLite database at path (the portfolio's file), creating or migrating the tables.
  static Result<std::unique_ptr<ExposureStore>> open_sqlite(const std::string& path);
  // The same tables in the PostgreSQL database at `url` (postgresql://...), migrated on open.
  static Result<std::unique_ptr<ExposureStore>> open_postgresql(const std::string& url);

  // Appends a run (its seq is the release's next one) and returns it as stored. kInvalidInput
  // without a product, release, recording time or report.
  virtual Result<ExposureRun> add_run(const ExposureRun& run) = 0;
  // The newest run of a release, with its report.
  Result<std::optional<ExposureRun>> latest(std::int64_t product_id, std::string_view release);
  // The runs of a release (every release of the product when empty), ordered by release then
  // seq; reports are left empty unless with_reports.
  Result<std::vector<ExposureRun>> runs(std::int64_t product_id, std::string_view release,
                                        bool with_reports);

 protected:
  // What a backend implements for both: the runs as above; newest_only (with a release) keeps
  // only its newest run.
  virtual Result<std::vector<ExposureRun>> select_runs(std::int64_t product_id,
                                                       std::string_view release, bool with_reports,
                                                       bool newest_only) = 0;
};

namespace detail {
// The backend-neutral check of add_run.
Result<void> check_exposure_run(const ExposureRun& run);
}  // namespace detail

}  // namespace bulwark::portfolio
