// CSAF security advisories from the portfolio: which releases are affected, fixed or not affected
// by the given vulnerabilities (with scores, CWEs and exploitation from the database); revisions of
// an advisory already issued keep its initial date and history; publication as a provider
// directory.
#pragma once

#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/model/handling.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::vulndb {
class Store;
}

namespace bulwark::service {

struct AdvisoryRequest {
  std::vector<std::string> vulnerabilities;  // ids as the findings know them
  std::string tracking_id;                   // empty: <PRODUCT>-SA-<year>-<n>
  std::string title, summary;
  std::vector<std::string> fixed_in;  // release versions that fix them (remediation vendor_fix)
  std::string remediation_url;
  std::string status = "final";
  std::string now;  // RFC 3339
  std::string today;
};
Result<AdvisoryInput> build_advisory(portfolio::Store& store, vulndb::Store& vulns,
                                     const portfolio::Product& product,
                                     const AdvisoryRequest& request);

// When `previous_json` (the stored advisory with the same tracking id) parses: keeps its initial
// release date and revision history and appends revision n+1 ("Updated") at `now`. Missing or
// mistyped keys are treated as absent. Returns whether it was a revision.
bool apply_previous_revision(AdvisoryInput& in, const std::string& previous_json,
                             const std::string& now);

// `advisory create PRODUCT VULN...`: builds, revises, writes (CSAF JSON) and stores the advisory.
struct CreateAdvisoryRequest {
  std::string product;
  std::vector<std::string> vulnerabilities;
  std::string tracking_id, title, summary, remediation_url;
  std::vector<std::string> fixed_in;
  std::string status = "final";
};
struct CreatedAdvisory {
  AdvisoryInput input;
  std::string json;      // the CSAF document as stored
  std::string revision;  // its revision number
};
// A tracking id already used by another product's advisory is kConflict (a revision never
// replaces another product's advisory).
Result<CreatedAdvisory> create_advisory(portfolio::Store& store, vulndb::Store& vulns,
                                        const CreateAdvisoryRequest& request, const Clock& clock);

// The stored advisories of a product, by tracking id, as a list shows them (the server's
// advisories list): read from the stored CSAF documents, a key missing or mistyped there empty.
struct AdvisorySummary {
  std::string tracking_id, revision, status, title;
  std::string initial_release_date, current_release_date;
  std::vector<std::string> vulnerabilities;  // each one's CVE, else its first id
};
Result<std::vector<AdvisorySummary>> list_advisories(portfolio::Store& store,
                                                     const portfolio::Product& product);
// One stored advisory of the product as its CSAF JSON; kNotFound when the product has none with
// this tracking id (another product's advisory included).
Result<std::string> product_advisory(portfolio::Store& store, const portfolio::Product& product,
                                     const std::string& tracking_id);

// `advisory publish DIR`: writes the provider directory (csaf/publish.hpp) with every stored
// advisory (or one product's); the publisher comes from the product, else the first advisory.
struct PublishAdvisoriesRequest {
  std::string output_dir;
  std::string product;  // empty: every product
  std::string
      canonical_url;  // empty: <publisher namespace>/.well-known/csaf/provider-metadata.json
  std::string role = "csaf_provider";
  std::string gpg_key, gnupg_home;
};
struct PublishedAdvisories {
  std::size_t advisories = 0;
};
Result<PublishedAdvisories> publish_advisories(portfolio::Store& store,
                                               const PublishAdvisoriesRequest& request);

}  // namespace bulwark::service
