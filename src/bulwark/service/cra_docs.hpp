// Compliance documents and the evidence bundle of a release (bulwark cra docs; the server's
// documentation API): Annex VII technical documentation, Annex V/VI declarations and Annex II
// user information (Markdown and/or HTML) from the portfolio's facts, and the reproducible
// evidence zip (SBOM, OpenVEX, findings JSON, checklist JSON, risk-assessment summary, the
// documents, manifest.json): the same database and clock give the same bytes.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/cra/bundle.hpp"
#include "bulwark/cra/docs.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::vulndb {
class Store;
}

namespace bulwark::service {

struct DocsRequest {
  std::string target;  // "PRODUCT@VERSION"
  bool markdown = true, html = true;
  std::string database_name;  // named in findings.json (the database file's name)
  std::string tool_version;   // named in findings.json
};

struct RenderedDocument {
  cra::DocumentKind kind = cra::DocumentKind::kTechnicalDocumentation;
  std::string name;  // "technical-documentation"
  std::vector<std::string> gaps;
  std::vector<cra::BundleFile> files;  // "<name>.md" / "<name>.html", each ending with a newline
};
struct DocsPackage {
  std::vector<RenderedDocument> documents;
  std::vector<cra::BundleFile> bundle_files;  // what the zip holds besides manifest.json
  // The approved risk assessment (AVII.3) as risk-assessment.md / .html (as the request asks),
  // written beside the documents; empty without an approved assessment.
  std::vector<cra::BundleFile> assessment_files;
  std::string bundle;  // the zip's bytes
};

// Everything in memory (what a server returns).
// The checklist and the documents judge the release alone (its own findings and analyses); with
// a RiskStore, AVII.3 renders the release's approved risk assessment (naming the revision) and
// the Annex I applicability comes from it (see checklist()). With an ExposureStore, the release's
// newest exposure result of each kind (release_exposures: the file analysis and the network
// scan) is checklist evidence, and the bundle holds each (exposure.json / exposure-network.json
// as stored, .sarif.json, .txt), named among the test reports of the documentation with its
// recording date and catalogue version.
Result<DocsPackage> build_docs(portfolio::Store& store, portfolio::CraStore& cra,
                               vulndb::Store& vulns, const DocsRequest& request, const Clock& clock,
                               portfolio::RiskStore* risk = nullptr,
                               portfolio::ExposureStore* exposure = nullptr);

// The files write_docs puts beside the bundle: every document's files, then the approved risk
// assessment's.
std::vector<cra::BundleFile> documentation_files(const DocsPackage& package);
// Those files and documents.json (each document's name, files and gaps: the facts still
// missing) as a reproducible zip with manifest.json (the evidence bundle's zip writer): the
// server's documents download.
Result<std::string> documentation_zip(const DocsPackage& package, const std::string& target);

struct WrittenDocs {
  std::vector<std::pair<std::string, std::size_t>> documents;  // output_dir/<name>, gaps
  std::string bundle_path;
  std::size_t bundle_files = 0;  // entries besides manifest.json
  std::string bundle_sha256;
};
// build_docs, then the documents written atomically into output_dir (created when missing) and
// the zip to bundle_path (default output_dir/evidence.zip), also atomically.
Result<WrittenDocs> write_docs(portfolio::Store& store, portfolio::CraStore& cra,
                               vulndb::Store& vulns, const DocsRequest& request,
                               const std::string& output_dir, const std::string& bundle_path,
                               const Clock& clock, portfolio::RiskStore* risk = nullptr,
                               portfolio::ExposureStore* exposure = nullptr);

}  // namespace bulwark::service
