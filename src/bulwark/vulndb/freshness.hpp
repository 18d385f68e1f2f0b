// Freshness of the database's sources: how long ago each was last imported, so that scans can
// warn about (and refuse) stale vulnerability data. The clock can be fixed with BULWARK_NOW
// (RFC 3339) for reproducible runs and tests.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::vulndb {

// The clock lives in core (bulwark/core/clock.hpp); these names are kept for callers here.
using bulwark::now;
using bulwark::parse_rfc3339;
using bulwark::TimePoint;

struct SourceAge {
  std::string name;  // OSV, NVD, KEV, EPSS
  std::size_t records = 0;
  std::string imported_at;  // RFC 3339 UTC
  double age_days = 0;      // now - imported_at
};

// Sources that hold data, with their age at `at`.
std::vector<SourceAge> source_ages(const Status& status, TimePoint at);

}  // namespace bulwark::vulndb
