// Internal to the match module: CVSS scores known for a finding (from the OSV records' severity
// vectors and NVD's metrics, scored exactly by the cvss module) and the choice of the best one.
#pragma once

#include <string>
#include <vector>

#include "bulwark/match/matcher.hpp"
#include "bulwark/model/osv.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::match {

// Scores every CVSS vector of an OSV record; vectors that do not parse are skipped.
void add_osv_cvss(const OsvRecord& record, std::vector<CvssEntry>& out);
// Scores NVD's metrics (the vector is re-scored; NVD's own number is not trusted blindly).
void add_nvd_cvss(const vulndb::NvdRecord& record, std::vector<CvssEntry>& out);

// The best available score: CVSS v3.1, then v3.0, then v4.0, then v2.0 (v3.x first because
// policies, KEV and NVD data are calibrated on it; every score is kept in cvss_all); within a
// version, NVD's primary score, then the advisory's, then secondary sources. nullptr when none.
const CvssEntry* best_cvss(const std::vector<CvssEntry>& all);

// Qualitative severity words used by advisory databases (GHSA MODERATE, ...) mapped onto
// CRITICAL/HIGH/MEDIUM/LOW; empty when unknown.
std::string normalize_severity_word(std::string_view word);

}  // namespace bulwark::match
