// CVSS calculators: v2.0, v3.0, v3.1 and v4.0 vector parsing and scoring, exact to FIRST's
// specifications and reference calculators.
//
// Parsing is strict: v3.x and v4.0 need their "CVSS:3.x/" / "CVSS:4.0/" prefix and every base
// metric; v2 vectors may carry "CVSS:2.0/" or none. v2 and v3.x accept metrics in any order (the
// v3.x specification requires readers to), v4.0 only in the order of the specification's table
// (as FIRST's calculator validates). Duplicate metrics, unknown metrics and unknown values are
// errors naming the offending metric. Thread-safe: no shared mutable state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark::cvss {

enum class Version { kV2, kV30, kV31, kV40 };

struct Score {
  Version version = Version::kV31;
  double base = 0.0;
  // v2/v3: present when the vector defines a temporal metric (a value other than X / ND).
  std::optional<double> temporal;
  // v4: CVSS-BT, the score of the base and threat metrics (environmental metrics ignored);
  // present when the vector defines a threat metric.
  std::optional<double> threat;
  // v2/v3: the environmental score (which includes the temporal metrics); v4: CVSS-BE, the
  // score of the base and environmental metrics (threat metrics ignored). Present when the
  // vector defines an environmental metric.
  std::optional<double> environmental;
  // The score the vector's metrics define: v2/v3 environmental if any environmental metric,
  // else temporal if any temporal metric, else base; v4 the single CVSS-B/BT/BE/BTE score.
  double overall = 0.0;
  std::string severity;           // of `overall`: NONE/LOW/MEDIUM/HIGH/CRITICAL; v2 LOW/MEDIUM/HIGH
  std::string normalized_vector;  // canonical order, Not Defined metrics dropped; v2 without prefix
  std::string nomenclature;       // v4 only: CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE
};

// Detects the version from the prefix (CVSS:4.0/, CVSS:3.1/, CVSS:3.0/, CVSS:2.0/ or none = v2).
Result<Score> score(std::string_view vector);
// Scores the vector as the given version; the prefix must match it (optional for v2).
Result<Score> score(std::string_view vector, Version v);

// Like score(), but v2/v3 temporal and environmental scores are always filled in, computed
// with Not Defined metrics at their neutral weights (as FIRST's calculators display them).
// `overall` keeps its meaning. v4 results are the same as score()'s.
Result<Score> score_all_groups(std::string_view vector);

// "2.0", "3.0", "3.1", "4.0".
std::string_view to_string(Version v);

}  // namespace bulwark::cvss
