// A scan for callers that keep only what a stored finding needs (service::snapshot: the ids,
// severity, scores, fixed versions and priority), such as adding a release and the monitor.
// Kept out of matcher.hpp so that its callers do not rebuild every user of the matcher.
#pragma once

#include "bulwark/match/matcher.hpp"

namespace bulwark::match {

// scan() without the per-finding copies nobody reads there: each finding's references, CWEs,
// evidence, summary and publication dates stay empty (everything that sets its priority is
// computed as in scan()). Tens of thousands of findings per release make these copies a third
// of a release's first match.
Result<ScanResult> scan_for_snapshot(const Sbom& sbom, vulndb::Store& store,
                                     const ScanOptions& options);

}  // namespace bulwark::match
