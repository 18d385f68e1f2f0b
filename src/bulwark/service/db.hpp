// The vulnerability-database use cases (bulwark db import / status / update, the server's admin
// endpoints): typed requests and results over an injected store and clock; the rules (an import
// with no valid record is an error, ages of the sources) and the status JSON document live here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/progress.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/update/update.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::service {

// What an import report adds up to.
struct ImportSummary {
  bool any_osv = false;          // some input held OSV records
  bool any_feed = false;         // some input was a KEV, EPSS or NVD feed
  std::size_t valid_osv = 0;     // inserted + updated + unchanged
  std::size_t feed_records = 0;  // valid feed entries
  std::size_t invalid_osv = 0;   // seen - valid
};
ImportSummary summarize(const vulndb::ImportReport& report);

// The rule: an import (or update) that found no valid record at all failed (kInvalidInput),
// even though the transaction committed its log row.
std::optional<Error> import_failure(const vulndb::ImportReport& report);

struct ImportRequest {
  std::vector<std::string> paths;
  bool strict = false;
  Progress* progress = nullptr;  // stage "import": records read (OSV and NVD)
};

struct ImportResult {
  vulndb::ImportReport report;
  ImportSummary summary;
  std::optional<Error> failure;  // import_failure(report): report it after showing the report
};
Result<ImportResult> import_data(vulndb::Store& store, const ImportRequest& request);

// One source's line of the status: its age at the clock's now (nullopt when never imported).
struct SourceView {
  vulndb::SourceStatus source;
  std::optional<double> age_days;
};
struct StatusView {
  vulndb::Status status;
  std::vector<SourceView> sources;  // parallel to status.sources
};
Result<StatusView> db_status(vulndb::Store& store, const Clock& clock);
// The `db status --format json` document (2-space indented, no trailing newline).
std::string status_json(const StatusView& view);

struct UpdateRequest {
  update::Config config;
  update::UpdateOptions options;  // options.now 0: the clock's now
  std::function<void(const update::FetchReport&)> on_fetch;
  Progress* progress = nullptr;  // one stage per download (bytes), then "import" (records)
};
struct UpdateResult {
  update::UpdateReport report;
  std::optional<ImportSummary> summary;  // when something was imported
  std::optional<Error> failure;          // import_failure of what was imported
};
// Downloads and imports (see update::run_update). `db_path` locates the download directory and
// the state file.
Result<UpdateResult> db_update(vulndb::Store& store, const std::string& db_path,
                               UpdateRequest request, const Clock& clock);
// The dry run: what an update would fetch from where, without network access. The database is
// read when it exists (NVD incremental range) and never created.
Result<std::vector<update::PlannedFetch>> db_update_plan(const std::string& db_path,
                                                         const UpdateRequest& request,
                                                         const Clock& clock);

}  // namespace bulwark::service
