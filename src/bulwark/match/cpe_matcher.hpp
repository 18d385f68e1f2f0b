// CPE matching: components against the NVD CPE configurations held in the vulnerability store.
//
// For one component, the CPE set is its own CPEs (all of them), or, when it has none and
// guessing is allowed, CPEs guessed from its purl/name (part 'a', vendor = product = the
// lower-cased name, plus the purl namespace as vendor), marked as guessed so that the
// confidence is scaled down. Every (vendor, product) of that set is looked up once per
// CpeMatcher (cached), each NVD record's cpeMatch rows are grouped into configurations and
// nodes and evaluated with cpe::evaluate_configuration_detailed; a CVE matches when any
// configuration is satisfied, with the best satisfied configuration's confidence.
//
// Undecidable versions: a component CPE whose version is ANY takes the component's version
// when the SBOM gives one; otherwise it only matches criteria without any version constraint
// (low confidence, cpe::kConfidenceAnyVersion). A version that cpe::compare_versions cannot
// read never matches a bounded criterion. A CPE that does not parse is skipped (with a note).
// None of these fail the scan: only store failures are errors. Rejected CVEs never match.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/sbom.hpp"

namespace bulwark::vulndb {
class Store;
}

namespace bulwark::match {

struct CpeFinding {
  std::string cve;            // NVD CVE id
  double confidence = 0.0;    // from cpe::match / configuration evaluation
  std::string criteria;       // the cpeMatch criteria string that matched
  std::string bounds;         // human-readable version bounds, e.g. ">= 1.1.1, < 1.1.1t"
  std::string explanation;    // why it matched (and any platform assumption)
  std::string component_cpe;  // the component CPE used
  bool cpe_guessed = false;   // the CPE was derived from name/version, not given by the SBOM
};

// The CPEs (formatted strings) guessed for a component from its purl (or name) and version;
// empty when it has no name or no version.
std::vector<std::string> guess_cpes(const Component& component);

// Human-readable NVD bounds: ">= 1.1.1, < 1.1.1t"; "all versions" when none is present.
std::string describe_bounds(const std::string& start_including, const std::string& start_excluding,
                            const std::string& end_including, const std::string& end_excluding);

namespace detail {
struct ProductRecords;  // prepared NVD records of one (vendor, product)
}

// Matches components against the store's NVD data, caching the prepared records of every
// (vendor, product) it has looked up. Holds a reference to the store; one thread at a time.
class CpeMatcher {
 public:
  explicit CpeMatcher(vulndb::Store& store);
  ~CpeMatcher();
  CpeMatcher(const CpeMatcher&) = delete;
  CpeMatcher& operator=(const CpeMatcher&) = delete;

  // Findings sorted by CVE id. `notes`, when given, receives why a CPE or an NVD
  // configuration was skipped (unparsable CPE, nothing to guess from, ...).
  Result<std::vector<CpeFinding>> match(const Component& component, bool guess,
                                        std::vector<std::string>* notes = nullptr);

  std::size_t cached_products() const { return cache_.size(); }

 private:
  Result<std::shared_ptr<const detail::ProductRecords>> records_for(const std::string& vendor,
                                                                    const std::string& product);

  vulndb::Store& store_;
  std::map<std::string, std::shared_ptr<const detail::ProductRecords>> cache_;
};

// One-off form of CpeMatcher::match (no cache kept between calls).
Result<std::vector<CpeFinding>> match_cpe(const Component& component, vulndb::Store& store,
                                          bool guess);

}  // namespace bulwark::match
