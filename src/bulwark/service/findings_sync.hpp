// The finding diff of a release: which findings of the latest match are new, changed, reopened or
// resolved against the stored ones. Computed here, persisted by the store in one write
// (portfolio::Store::write_findings); a release whose open findings did not change costs one UPDATE
// (touch_findings with the digest of the current findings).
#pragma once

#include <string>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/model/sbom.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::service {

// What one sync of a release changed.
struct FindingChange {
  std::string kind;  // "new", "changed", "resolved", "reopened"
  portfolio::StoredFinding finding;
  std::string detail;  // for "changed": "priority P2 -> P0; now listed in CISA KEV"
};

// A finding as stored, from a component and the match's finding (key computed).
portfolio::StoredFinding snapshot(const Component& c, const match::FindingCore& f);
// The snapshots of a match's findings one by one, the component's part (its key and identity
// come from parsing its purl) computed once for the consecutive findings of one component.
class Snapshots {
 public:
  explicit Snapshots(const Sbom& sbom) : sbom_(sbom) {}
  portfolio::StoredFinding operator()(const match::Finding& f);

 private:
  const Sbom& sbom_;
  std::size_t at_ = static_cast<std::size_t>(-1);
  portfolio::StoredFinding component_;
};

// The snapshots of a match's findings, one per (component key, vulnerability): what a release's
// findings are synced with.
std::vector<portfolio::StoredFinding> snapshots_of(const Sbom& sbom,
                                                   const std::vector<match::Finding>& findings);

// An order-independent digest of a set of findings (component, id, fingerprint).
std::string findings_digest(const std::vector<const portfolio::StoredFinding*>& findings);

// The diff of `current` against `stored` (every finding of the release, resolved ones included):
// the rows to write and the changes in report order (new/changed/reopened in the order of
// `current`, then resolved in stored order; "new" changes get their ids after the write).
struct FindingsDiff {
  portfolio::FindingsWrite write;
  std::vector<FindingChange> changes;
  std::vector<std::size_t> inserted_changes;  // index in changes of each write.inserted row
};
FindingsDiff diff_findings(const std::vector<portfolio::StoredFinding>& stored,
                           const std::vector<const portfolio::StoredFinding*>& current,
                           const std::string& now);

// Brings the stored findings of a release in line with `current` at `now` and returns what changed
// (unchanged findings are not listed).
Result<std::vector<FindingChange>> sync_findings(
    portfolio::Store& store, std::int64_t release_id,
    const std::vector<const portfolio::StoredFinding*>& current, const std::string& now);
// The same for rows the caller gives up (a release's own snapshots): a new finding is moved into
// the store's write instead of copied (a release's first match has tens of thousands); `current`
// is left with those rows moved from.
Result<std::vector<FindingChange>> sync_findings(portfolio::Store& store, std::int64_t release_id,
                                                 std::vector<portfolio::StoredFinding>&& current,
                                                 const std::string& now);

}  // namespace bulwark::service
