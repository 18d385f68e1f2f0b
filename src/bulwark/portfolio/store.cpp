// The backend selection of the portfolio store (the implementations: sqlite_store.cpp,
// pg_store.cpp).
#include "bulwark/portfolio/store.hpp"

#include <algorithm>

#include "bulwark/core/text.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/portfolio/identity.hpp"

namespace bulwark::portfolio {

Result<std::unique_ptr<Store>> Store::open(const std::string& location) {
  return pg::is_url(location) ? open_postgresql(location) : open_sqlite(location);
}

Result<NormalizedAnalysis> normalize_analysis(const AnalysisRecord& in) {
  NormalizedAnalysis n{in, {}, {}, {}, {}, {}};
  AnalysisRecord& a = n.record;
  for (auto& id : a.vulnerability_ids) id = to_upper(id);
  std::sort(a.vulnerability_ids.begin(), a.vulnerability_ids.end());
  a.vulnerability_ids.erase(std::unique(a.vulnerability_ids.begin(), a.vulnerability_ids.end()),
                            a.vulnerability_ids.end());
  if (a.vulnerability_ids.empty()) return invalid_input("an analysis needs a vulnerability id");
  if (a.identity.empty()) return invalid_input("an analysis needs a component");
  n.key = preferred_vulnerability_id(a.vulnerability_ids);
  n.ids = join(a.vulnerability_ids, " ");
  n.state = std::string(to_string(a.analysis.state));
  n.justification = std::string(to_string(a.analysis.justification));
  n.responses = join(a.analysis.responses, " ");
  return n;
}

}  // namespace bulwark::portfolio
