// Releases: add a release from an SBOM (a file, or bytes as a server receives an upload) or by
// inventorying a target, with its support period checked by the one rule (cra/lifecycle.hpp),
// stored as imported and as CycloneDX JSON, and matched once.
#pragma once

#include <cstddef>
#include <string>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/progress.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/model/sbom.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::vulndb {
class Store;
}

namespace bulwark::service {

struct ReleaseInput {
  std::string sbom_path;   // an SBOM file, or
  std::string sbom_bytes;  // an SBOM's content (an upload), named by sbom_name, or
  std::string sbom_name;   // (the name of the uploaded SBOM: stored, and used in error messages)
  std::string target;      // a directory, archive or lockfile to inventory
  std::string released_at, support_end, support_rationale;
  std::string tool_version;
  // An existing release gets this SBOM instead (an upload to an existing Dependency-Track
  // project): its SBOM and components are replaced and it is matched again (findings no longer
  // present are resolved); its dates are kept. Without it an existing release is kConflict.
  bool replace = false;
  // The release's risk assessment (a replaced release may have one) decides what its components
  // expose (service/reach.hpp); nullptr: priorities do not depend on exposure.
  portfolio::RiskStore* risk = nullptr;
  Progress* progress = nullptr;  // stages: inventory (a target), match, store
};

struct AddedRelease {
  portfolio::Release release;
  bool replaced = false;     // an existing release's SBOM was replaced
  std::size_t findings = 0;  // open findings after the first match (0 when the database is empty)
  bool matched = false;      // false when the vulnerability database was empty
};

// Reads (or inventories) the SBOM, stores it as imported and as CycloneDX JSON, records the
// component occurrences and matches it once. `vulns` may be null (no matching). The support period
// is checked first (under five years without a rationale: kInvalidInput); an existing release is
// kConflict. Nothing is stored when anything fails.
Result<AddedRelease> add_release(portfolio::Store& store, vulndb::Store* vulns,
                                 const portfolio::Product& product, const std::string& version,
                                 const ReleaseInput& in, const Clock& clock);
// The same for "PRODUCT" given by name.
Result<AddedRelease> add_release(portfolio::Store& store, vulndb::Store* vulns,
                                 std::string_view product, const std::string& version,
                                 const ReleaseInput& in, const Clock& clock);
// Compatible form: `now` (RFC 3339) instead of a clock.
Result<AddedRelease> add_release(portfolio::Store& store, vulndb::Store* vulns,
                                 const portfolio::Product& product, const std::string& version,
                                 const ReleaseInput& in, const std::string& now);

// A release's stored SBOM (the CycloneDX form written at release add), read back.
Result<Sbom> load_release_sbom(portfolio::Store& store, const portfolio::Release& release);

}  // namespace bulwark::service
