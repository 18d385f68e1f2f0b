// Persistence of the cybersecurity risk assessments (bulwark risk ...): revisions per product
// release with their review state, an append-only history of every step (create, review,
// approve, return, supersede, proposal decisions), and the decisions on proposals. A revision's
// content, author and creation time never change once stored (the database refuses it);
// only its review state moves forward. The tables live in the portfolio's database file
// (schema component "risk" of the shared migration mechanism). RiskStore is an interface like
// CraStore; the use cases are in service/risk_assessment.hpp. Used from one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/assessment/review.hpp"
#include "bulwark/core/result.hpp"

namespace bulwark::portfolio {

struct StoredRevision {
  std::int64_t product_id = 0;
  assessment::Revision value;
};

struct RiskEvent {  // one row of the append-only history
  std::int64_t product_id = 0;
  std::string release;
  int revision = 0;
  std::int64_t seq = 0;  // position in the revision's history
  assessment::ReviewEvent event;
};

struct ProposalDecision {
  std::int64_t product_id = 0;
  std::string release;
  std::string key;       // the proposal's key
  std::string decision;  // "accepted" or "rejected"
  std::string actor, reason, at;
  int revision = 0;  // the draft revision an accepted proposal created (0 for rejected)
};

// One version of a product's risk policy (service/risk_policy.hpp). Versions are append-only.
struct StoredPolicy {
  std::int64_t product_id = 0;
  int version = 0;
  std::string text;    // the policy YAML; empty: cleared, the default policy applies
  std::string source;  // the file it was read from
  std::string set_by;
  std::string set_at;  // RFC 3339
  bool operator==(const StoredPolicy&) const = default;
};

class RiskStore {
 public:
  virtual ~RiskStore() = default;

  // Opens the SQLite database at path (the portfolio's file), creating or migrating the tables.
  // The store at `location`: a postgresql:// (postgres://) URL opens open_postgresql, anything
  // else open_sqlite.
  static Result<std::unique_ptr<RiskStore>> open(const std::string& location);
  static Result<std::unique_ptr<RiskStore>> open_sqlite(const std::string& path);
  // The same tables in the PostgreSQL database at `url` (postgresql://...), migrated on open.
  static Result<std::unique_ptr<RiskStore>> open_postgresql(const std::string& url);

  // Runs fn in one transaction; everything it wrote is rolled back when it fails. Nestable.
  virtual Result<void> transaction(const std::function<Result<void>()>& fn) = 0;

  // The next revision number of a product release (1 for the first).
  virtual Result<int> next_revision(std::int64_t product_id, std::string_view release) = 0;

  // Inserts a new revision or updates a stored one's review state, appending the history events
  // it carries beyond those stored. kConflict (writing nothing) when the stored history is not a
  // prefix of the revision's, or the content/author of a stored revision differ; kInvalidInput
  // without a product, release or number.
  virtual Result<void> save_revision(const StoredRevision& r) = 0;
  virtual Result<std::optional<StoredRevision>> find_revision(std::int64_t product_id,
                                                              std::string_view release,
                                                              int number) = 0;
  // The revisions of a release (every release when empty), ordered by release then number.
  virtual Result<std::vector<StoredRevision>> revisions(std::int64_t product_id,
                                                        std::string_view release) = 0;
  // The history of a release's revisions (every release when empty), ordered by revision, seq.
  virtual Result<std::vector<RiskEvent>> history(std::int64_t product_id,
                                                 std::string_view release) = 0;

  virtual Result<void> save_decision(const ProposalDecision& d) = 0;  // kConflict when decided
  virtual Result<std::vector<ProposalDecision>> decisions(std::int64_t product_id,
                                                          std::string_view release) = 0;

  // Appends a version of the product's policy; kConflict (writing nothing) when that version
  // number exists; kInvalidInput without a product, a version >= 1 or who set it.
  virtual Result<void> save_policy(const StoredPolicy& p) = 0;
  // Every version of the product's policy, oldest first.
  virtual Result<std::vector<StoredPolicy>> policies(std::int64_t product_id) = 0;
};

}  // namespace bulwark::portfolio
