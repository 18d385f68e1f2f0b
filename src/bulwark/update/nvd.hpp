// NVD CVE API 2.0 paging helpers (internal to bulwark_update): the lastModified date windows
// of an incremental update, page URLs, and what a downloaded page holds.
#pragma once

#include <cstddef>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::update::detail {

// The API accepts lastMod ranges of at most 120 days.
inline constexpr long kNvdWindowSeconds = 120L * 24 * 3600;

// Parses "YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm]" (NVD's lastModified; seconds precision).
std::optional<std::time_t> parse_utc(std::string_view text);
// "YYYY-MM-DDTHH:MM:SS.000+00:00".
std::string format_nvd_date(std::time_t t);

// [start, end] pairs from `newest` (the newest lastModified stored) to `now`, each at most
// kNvdWindowSeconds long. Empty newest: one window without dates (a full download).
std::vector<std::pair<std::string, std::string>> nvd_windows(std::string_view newest,
                                                             std::time_t now);

// base + path + "?lastModStartDate=..&lastModEndDate=..&startIndex=N&resultsPerPage=M"
// ('+' of the dates percent-encoded).
std::string nvd_page_url(const std::string& base_and_path,
                         const std::pair<std::string, std::string>& window, std::size_t start_index,
                         int per_page);

struct NvdPage {
  std::size_t total = 0;                                     // totalResults
  std::vector<std::pair<std::string, std::string>> records;  // (CVE id, lastModified)
};
// Reads a downloaded page; errors name `what` (the URL) and the field at fault.
Result<NvdPage> read_nvd_page(const std::string& path, const std::string& what);

}  // namespace bulwark::update::detail
