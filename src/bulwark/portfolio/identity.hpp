// Identity helpers of the portfolio: the component identity analyses are keyed on, a finding's
// component key within a release, and the version scopes of analyses. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/sbom.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::portfolio {

// The identity an analysis is keyed on: the purl without version, qualifiers and subpath
// ("pkg:npm/lodash"), else "name:" + group/name in lower case.
std::string component_identity(const Component& c);
std::string purl_identity(std::string_view purl);  // the same for a purl string ("" when invalid)
// A finding's component key within a release: the purl (normalised, with version) or name@version.
std::string component_key(const Component& c);
// Whether a component version lies in a version scope: "" (all versions) or comma-separated
// constraints "=1.2.3", ">=1.0", "<2.0", "!=1.5" compared with the component's ecosystem rules.
// Fails when the scope is malformed.
Result<bool> version_in_scope(std::string_view scope, const Component& c);
Result<void> validate_scope(std::string_view scope);

// A stored finding's alias group in upper case (its id first) and its component (purl, name and
// version from the label), for scope checks.
std::vector<std::string> finding_ids(const StoredFinding& f);
Component finding_component(const StoredFinding& f);

// The uniqueness key of an analysis' alias group: its CVE when there is one, else the smallest id
// (upper case). (sqlite_store.cpp still has its own copy of this rule.)
std::string preferred_vulnerability_id(const std::vector<std::string>& ids);

}  // namespace bulwark::portfolio
