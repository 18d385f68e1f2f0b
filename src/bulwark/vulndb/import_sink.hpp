// Where an import writes (internal to bulwark_vulndb): a backend-neutral sink. The importer
// (importer.cpp) reads and parses the inputs and hands the sink finished rows; the SQLite store
// implements it (sqlite_sink.cpp) inside one transaction, a PostgreSQL store will too. Parsing
// never talks to a database.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/vulndb/feeds.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::vulndb::detail {

// What writing a versioned record (OSV `modified`, NVD `lastModified`) did.
enum class WriteOutcome { kInserted, kUpdated, kUnchanged };

// One affected[] entry that names a package (GIT-only entries name none).
struct AffectedRow {
  std::size_t index = 0;       // position in the record's affected[]
  std::string ecosystem;       // full, e.g. "Debian:12"
  std::string ecosystem_base;  // "Debian"
  std::string name;            // normalised per ecosystem
};

// One OSV record as stored: its fields, the record JSON (minified), its distinct aliases and
// the packages it names. A newer modified_key replaces the stored record with its aliases and
// packages; same or older leaves it alone.
struct RecordRow {
  std::string id;
  std::string source;  // id prefix family ("GHSA", "PYSEC"...)
  std::string modified, modified_key, published, withdrawn;
  std::string_view json;
  std::vector<std::string> aliases;  // distinct, sorted
  std::vector<AffectedRow> affected;
};

// The log row of a committed import.
struct ImportLogRow {
  std::string finished;  // RFC 3339 UTC
  std::string sources;   // the input paths, one per line
  std::size_t seen = 0, inserted = 0, updated = 0, unchanged = 0, withdrawn = 0, invalid = 0;
  double seconds = 0;
};

class ImportSink {
 public:
  virtual ~ImportSink() = default;
  virtual Result<WriteOutcome> upsert_record(const RecordRow& row) = 0;
  // KEV and EPSS files are snapshots: the previous content is cleared before a file's rows go in.
  virtual VoidResult clear_kev() = 0;
  virtual VoidResult write_kev(const KevEntry& e) = 0;
  virtual VoidResult clear_epss() = 0;
  virtual VoidResult write_epss(const EpssRow& row) = 0;
  // A newer lastModified replaces the stored record and its rows; same/older is left alone.
  virtual Result<WriteOutcome> write_nvd(const NvdRecord& rec) = 0;
  // The per-source freshness row (OSV, NVD, KEV, EPSS).
  virtual VoidResult record_feed(std::string_view name, std::string_view version,
                                 std::string_view published, std::size_t records,
                                 std::string_view source, std::string_view imported_at) = 0;
  virtual VoidResult record_import(const ImportLogRow& row) = 0;
};

// Reads every path (recognised by content) into the sink. Transactions are the caller's: on an
// error nothing written to the sink may be kept.
Result<ImportReport> import_into(ImportSink& sink, const std::vector<std::string>& paths,
                                 const ImportOptions& options);

}  // namespace bulwark::vulndb::detail
