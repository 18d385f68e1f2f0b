// Writing feed data inside an import's transaction (internal to bulwark_vulndb).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bulwark/vulndb/feeds.hpp"
#include "bulwark/vulndb/import_sink.hpp"
#include "bulwark/vulndb/sqlite.hpp"

namespace bulwark::vulndb::detail {

// A container size as the 64-bit integer SQLite binds.
inline std::int64_t n(std::size_t v) { return static_cast<std::int64_t>(v); }

using NvdOutcome = WriteOutcome;

// The prepared statements for KEV, EPSS and NVD rows, reused for every entry.
class FeedWriter {
 public:
  static Result<FeedWriter> prepare(Database& db);

  // KEV and EPSS files are snapshots: the table is emptied before a file's rows go in.
  VoidResult clear_kev();
  VoidResult clear_epss();
  VoidResult write_kev(const KevEntry& e);
  VoidResult write_epss(const EpssRow& row);
  // A newer lastModified replaces the stored record and its rows; same/older is left alone.
  Result<NvdOutcome> write_nvd(const NvdRecord& rec);

  // The per-source freshness row (feeds table).
  VoidResult record_feed(std::string_view name, std::string_view version,
                         std::string_view published, std::size_t records, std::string_view source,
                         std::string_view imported_at);

 private:
  VoidResult write_nvd_rows(std::int64_t nid, const NvdRecord& rec);
  VoidResult write_matches(std::int64_t nid, const NvdRecord& rec);

  Database* db_ = nullptr;
  Statement kev_, epss_, nvd_select_, nvd_delete_, nvd_insert_, metric_, cwe_, ref_, match_, feed_;
};

// NVD writes times without a zone ("2021-12-10T10:15:09.143"): UTC. The canonical sortable form.
std::string nvd_time_key(std::string_view t);

}  // namespace bulwark::vulndb::detail
