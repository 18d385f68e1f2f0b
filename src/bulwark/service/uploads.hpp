// SBOM uploads to the team server (issue 11; Dependency-Track's PUT/POST /api/v1/bom and the
// native upload): the synchronous part checks the SBOM and the caller's rights and queues one
// durable "sbom.process" job; the job step creates the product when asked (owned by the
// uploader's team), adds the release or replaces its SBOM, matches it and writes the audit entry.
// The step is idempotent: running it twice leaves one release with the same SBOM.
#pragma once

#include <cstdint>
#include <string>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/jobs/store.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/service/access.hpp"

namespace bulwark::portfolio {
class Store;
}
namespace bulwark::vulndb {
class Store;
}

namespace bulwark::service {

inline constexpr std::string_view kSbomJob = "sbom.process";

struct UploadInput {
  std::int64_t release_id = 0;   // an existing release (Dependency-Track "project" UUID), or
  std::string product, version;  // by name and version
  bool auto_create = false;      // create the product and release when missing
  std::string sbom;              // the SBOM bytes
  std::string sbom_name = "upload";
  std::string request_id;
};

// Validates and queues. Errors: kInvalidInput (the SBOM does not parse, naming the field; no
// name/version), kNotFound (unknown release/product without auto_create, or one the principal
// does not see), kPrecondition (creation needs the upload permission on a team).
Result<jobs::Job> submit_upload(portfolio::Store& portfolio, jobs::JobStore& jobs,
                                const Principal& who, const UploadInput& in, const Clock& clock);

// Whether the principal may see a queued job: the uploading team (checked first: a product the
// job creates is granted to it a moment after it exists), administrators, and viewers of the
// job's product. Reads only those two fields of the payload.
Result<bool> may_see_job(portfolio::Store& portfolio, const Principal& who, const jobs::Job& job);

// Runs one "sbom.process" job: its payload and its input (the SBOM; jobs queued by older
// versions carry it in the payload instead); returns the result JSON ({"product", "version",
// "release_id", "components", "findings", "replaced"}). A replaced release's risk assessment (in
// `risk`, when given) decides what its components expose.
Result<std::string> process_upload(portfolio::Store& portfolio, vulndb::Store* vulns,
                                   accounts::AccountStore& accounts, const std::string& payload,
                                   std::string input, const Clock& clock,
                                   portfolio::RiskStore* risk = nullptr);

}  // namespace bulwark::service
