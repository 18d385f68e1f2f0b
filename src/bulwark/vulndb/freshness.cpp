#include "bulwark/vulndb/freshness.hpp"

namespace bulwark::vulndb {

std::vector<SourceAge> source_ages(const Status& status, TimePoint at) {
  std::vector<SourceAge> out;
  for (const auto& src : status.sources) {
    if (src.records == 0 || src.imported_at.empty()) continue;
    auto t = parse_rfc3339(src.imported_at);
    if (!t) continue;
    double days = std::chrono::duration<double>(at - *t).count() / 86400.0;
    out.push_back({src.name, src.records, src.imported_at, days});
  }
  return out;
}

}  // namespace bulwark::vulndb
