// The backend-neutral rules of the risk store (risk_rules.hpp).
#include <fmt/format.h>

#include "bulwark/pg/pg.hpp"
#include "bulwark/portfolio/risk_rules.hpp"

namespace bulwark::portfolio {

Result<std::unique_ptr<RiskStore>> RiskStore::open(const std::string& location) {
  return pg::is_url(location) ? open_postgresql(location) : open_sqlite(location);
}

}  // namespace bulwark::portfolio

namespace bulwark::portfolio::detail {

Result<void> check_policy_keys(const StoredPolicy& p) {
  if (p.product_id == 0 || p.version < 1 || p.set_by.empty())
    return invalid_input("a risk policy version needs a product, a version and who set it");
  return {};
}

Error policy_version_exists(const StoredPolicy& p) {
  return conflict("risk policy version " + std::to_string(p.version) + " exists already").error();
}

Result<void> check_revision_keys(const StoredRevision& sr) {
  if (sr.product_id <= 0) return invalid_input("risk revision: no product");
  if (sr.value.release.empty()) return invalid_input("risk revision: no release");
  if (sr.value.number < 1) return invalid_input("risk revision: no revision number");
  return {};
}

std::string revision_label(const assessment::Revision& r) {
  return fmt::format("{}@{} revision {}", r.product, r.release, r.number);
}

Result<void> check_revision_unchanged(const assessment::Revision& r,
                                      const std::optional<StoredRevision>& stored) {
  if (!stored) return {};
  const auto& old = stored->value;
  if (old.content != r.content || old.author != r.author || old.source != r.source)
    return conflict(revision_label(r) +
                    ": the content of a stored revision cannot change (import a new revision "
                    "instead)");
  return {};
}

Result<void> check_history_prefix(const assessment::Revision& r,
                                  const std::vector<RiskEvent>& stored) {
  if (stored.size() > r.history.size())
    return conflict(revision_label(r) +
                    ": the stored history is longer than the revision's: history cannot be "
                    "rewritten");
  for (std::size_t i = 0; i < stored.size(); ++i)
    if (stored[i].event.action != r.history[i].action ||
        format_rfc3339(stored[i].event.time) != format_rfc3339(r.history[i].time))
      return conflict(
          fmt::format("{}: history event {} differs from the stored one", revision_label(r), i));
  return {};
}

Result<void> check_decision(const ProposalDecision& d) {
  if (d.decision != "accepted" && d.decision != "rejected")
    return invalid_input("decision: '" + d.decision + "' is neither accepted nor rejected");
  return {};
}

Error already_decided(const ProposalDecision& d, const ProposalDecision& earlier) {
  return Error{ErrorCode::kConflict,
               fmt::format("proposal {} for {} was already {} by {} on {}", d.key, d.release,
                           earlier.decision, earlier.actor, earlier.at)};
}

std::string time_text(const std::optional<TimePoint>& t) {
  return t ? format_rfc3339(*t) : std::string();
}

Result<std::optional<TimePoint>> time_of(std::string_view s) {
  if (s.empty()) return std::optional<TimePoint>{};
  auto t = parse_rfc3339(s);
  if (!t) return std::unexpected(t.error());
  return std::optional<TimePoint>(*t);
}

}  // namespace bulwark::portfolio::detail
