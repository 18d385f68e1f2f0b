// The backend-independent rules of portfolio::CraStore, shared by the SQLite and PostgreSQL
// implementations (internal to bulwark_portfolio): the audit trail is only ever extended, and case
// ids are numbered per year.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/cra/case.hpp"
#include "bulwark/portfolio/cra_store.hpp"

namespace bulwark::portfolio::detail {

// One stored audit event, as compared with the case's trail.
struct StoredEventKey {
  std::size_t seq = 0;
  std::string action, at;  // at: RFC 3339 as stored
};

// kConflict unless the stored trail (in seq order) is a prefix of the case's trail.
Result<void> check_trail_prefix(const cra::Case& c, const std::vector<StoredEventKey>& stored);

// Refuses a case without an id or a product (kInvalidInput).
Result<void> check_case_keys(const cra::Case& c, std::int64_t product_id);

// The next "CRA-<year>-<NNNN>" after the existing ids of that year (`prefix` = "CRA-<year>-").
std::string next_case_id_after(std::string_view prefix, const std::vector<std::string>& ids);
std::string case_id_prefix(std::string_view year);

// Reads a case from the columns id, json, product_id, detail, updated_at of either backend's row
// (text(i), integer(i)); a stored document that no longer parses names the case.
Result<StoredCase> stored_case(std::string_view id, std::string_view json, std::int64_t product_id,
                               std::string_view detail, std::string_view updated_at);
template <class Row>
Result<StoredCase> read_case(const Row& r) {
  return stored_case(r.text(0), r.text(1), r.integer(2), r.text(3), r.text(4));
}

// Member States as stored (space-separated) and back.
std::vector<std::string> split_words(std::string_view s);

}  // namespace bulwark::portfolio::detail
