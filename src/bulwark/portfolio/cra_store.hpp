// Persistence of the CRA compliance data (bulwark cra ...): Article 14 cases with an append-only
// audit trail, the Annex I checklist state per product and the product's CRA facts
// (classification, Member States, CVD policy, manufacturer address). The tables live in the
// portfolio's database file, beside the portfolio tables; every write is one transaction.
// CraStore is an interface (like portfolio::Store); the use cases are in service/cra_*.hpp.
// A CraStore is used from one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/cra/case.hpp"
#include "bulwark/cra/checklist.hpp"

namespace bulwark::portfolio {

// A case as stored: the case itself plus what the store keeps beside it.
struct StoredCase {
  cra::Case value;
  std::int64_t product_id = 0;
  std::string detail;      // JSON object: severe-incident questionnaire and assessment, or "{}"
  std::string updated_at;  // RFC 3339 UTC of the last write
};

// One row of the append-only audit table.
struct CaseEvent {
  std::string case_id;
  std::int64_t seq = 0;  // 0-based position in the case's audit trail
  cra::AuditEvent event;
};

// CRA facts about a product that the portfolio's product record does not hold.
struct CraProduct {
  std::int64_t product_id = 0;
  std::string category_item;  // Annex III/IV item id ("AIII.C1.2"), empty: default category
  bool harmonised_standard_applied = false;
  std::vector<std::string> member_states;  // ISO 3166 alpha-2 (EL for Greece), sorted
  std::string cvd_policy_url;
  std::string manufacturer_address;
  std::string updated_at;
};

// The seam between the CRA use cases (service/cra_*) and the database: the SQLite implementation
// lives in sqlite_cra_store.cpp (schema component "cra" of the shared migration mechanism), the
// PostgreSQL one in pg_cra_store.cpp; the rules both follow in cra_rules.hpp. Errors: a rewritten
// audit trail is kConflict; database failures kDatabase.
class CraStore {
 public:
  virtual ~CraStore() = default;

  // Opens the SQLite database at path (the portfolio's file), creating or migrating the CRA tables.
  // The store at `location`: a postgresql:// (postgres://) URL opens open_postgresql, anything
  // else open_sqlite.
  static Result<std::unique_ptr<CraStore>> open(const std::string& location);
  static Result<std::unique_ptr<CraStore>> open_sqlite(const std::string& path);
  // The same tables in the PostgreSQL database at `url` (postgresql://...), migrated on open.
  static Result<std::unique_ptr<CraStore>> open_postgresql(const std::string& url);

  // Runs fn in one transaction; everything it wrote is rolled back when it fails. Nestable.
  virtual Result<void> transaction(const std::function<Result<void>()>& fn) = 0;

  // A new case id "CRA-<year>-<NNNN>" (next free number of that year).
  virtual Result<std::string> next_case_id(std::string_view year) = 0;

  // Inserts or replaces the case and appends the audit events it carries beyond those already
  // stored. Fails (writing nothing) when the stored trail is not a prefix of the case's trail
  // (kConflict), or the case has no id or product (kInvalidInput).
  virtual Result<void> save_case(const StoredCase& c) = 0;
  virtual Result<std::optional<StoredCase>> find_case(std::string_view id) = 0;
  // The cases of one product, or of every product for 0, ordered by id.
  virtual Result<std::vector<StoredCase>> cases(std::int64_t product_id) = 0;
  virtual Result<std::vector<CaseEvent>> events(std::string_view case_id) = 0;

  // Stored checklist items (only those ever set), or an empty vector.
  virtual Result<std::vector<cra::ChecklistItem>> checklist(std::int64_t product_id) = 0;
  // Validates the items (cra::validate) first: an invalid checklist writes nothing.
  Result<void> save_checklist(std::int64_t product_id, const std::vector<cra::ChecklistItem>& items,
                              const std::string& now);

  virtual Result<std::optional<CraProduct>> product(std::int64_t product_id) = 0;
  virtual Result<void> save_product(const CraProduct& p) = 0;  // kInvalidInput without a product id

 protected:
  // Stores validated items (replacing the product's checklist).
  virtual Result<void> write_checklist(std::int64_t product_id,
                                       const std::vector<cra::ChecklistItem>& items,
                                       const std::string& now) = 0;
};

// JSON of checklist items (array of {id, applicable, justification, status, owner, evidence}).
std::string checklist_to_json(const std::vector<cra::ChecklistItem>& items);
Result<std::vector<cra::ChecklistItem>> checklist_from_json(std::string_view text);

// default_checklist() with the stored items laid over it (by id).
std::vector<cra::ChecklistItem> merged_checklist(const std::vector<cra::ChecklistItem>& stored);

}  // namespace bulwark::portfolio
