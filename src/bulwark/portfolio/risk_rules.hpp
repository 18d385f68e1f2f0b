// The backend-independent rules of portfolio::RiskStore, shared by the SQLite and PostgreSQL
// implementations (internal to bulwark_portfolio): what a saved revision must carry, that a
// stored revision's content never changes and its history is only extended, and what a proposal
// decision may say.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/portfolio/risk_store.hpp"

namespace bulwark::portfolio::detail {

// kInvalidInput without a product, release or revision number.
Result<void> check_revision_keys(const StoredRevision& r);
// "<product>@<release> revision <n>", for messages.
std::string revision_label(const assessment::Revision& r);
// kConflict when `stored` exists and its content, author or source differ from `r`'s.
Result<void> check_revision_unchanged(const assessment::Revision& r,
                                      const std::optional<StoredRevision>& stored);
// kConflict unless the stored history (in seq order) is a prefix of the revision's.
Result<void> check_history_prefix(const assessment::Revision& r,
                                  const std::vector<RiskEvent>& stored);
// kInvalidInput without a product, a version >= 1 or who set it.
Result<void> check_policy_keys(const StoredPolicy& p);
// kConflict: the version exists.
Error policy_version_exists(const StoredPolicy& p);
// kInvalidInput unless the decision is "accepted" or "rejected".
Result<void> check_decision(const ProposalDecision& d);
// kConflict naming the earlier decision on the same proposal.
Error already_decided(const ProposalDecision& d, const ProposalDecision& earlier);

// Optional times as stored ("" when absent) and back.
std::string time_text(const std::optional<TimePoint>& t);
Result<std::optional<TimePoint>> time_of(std::string_view s);

}  // namespace bulwark::portfolio::detail
