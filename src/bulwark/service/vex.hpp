// VEX over the portfolio: import statements as analyses (OpenVEX, CycloneDX VEX, CSAF VEX, sniffed
// from the content; files or uploaded bytes), export the stored analyses in any of the three.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/model/handling.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/products.hpp"

namespace bulwark::service {

// A VEX document as received: its name (shown in reports and origins) and its bytes.
struct VexUpload {
  std::string name;
  std::string bytes;
};

// Reads a VEX document of any supported format (sniffed from the content); errors name `name`.
Result<VexDocument> read_vex(std::string_view text, const std::string& name);
Result<VexDocument> read_vex_file(const std::string& path);
// A file as an upload named by its file name (read errors name the path).
Result<VexUpload> load_vex_file(const std::string& path);
Result<std::string> write_vex(const VexDocument& doc, VexFormat format,
                              const portfolio::Product* product);

struct VexImportReport {
  std::string document;  // the document's name
  std::size_t statements = 0;
  std::size_t applied = 0;             // statements that matched at least one finding
  std::size_t findings = 0;            // findings an imported analysis now covers
  std::size_t recorded = 0;            // analyses written
  std::vector<std::string> unmatched;  // "location: vulnerability on components: reason"
};
// Applies one document's statements to the open findings of the target (a release, or every
// release of the product) and records them as analyses, in one transaction.
Result<VexImportReport> import_vex(portfolio::Store& store, const Target& target,
                                   const VexDocument& doc, const std::string& source_name,
                                   const std::string& now);

// `vex import TARGET FILE...`: every document is read first (one unreadable document changes
// nothing), then each is imported. Reports in the order given (paths, then uploads).
struct VexImportRequest {
  std::string target;  // PRODUCT or PRODUCT@VERSION
  std::vector<std::string> paths;
  std::vector<VexUpload> documents;
};
Result<std::vector<VexImportReport>> import_vex(portfolio::Store& store,
                                                const VexImportRequest& request,
                                                const Clock& clock);

// The stored analyses of a product (or those applying to one release) as a VEX document.
Result<VexDocument> export_vex(portfolio::Store& store, const Target& target,
                               const std::string& author, const std::string& now);

struct VexExportRequest {
  std::string target;
  VexFormat format = VexFormat::kOpenVex;
  std::string author;  // default: the vendor (else the product name)
};
struct VexExport {
  VexDocument document;
  std::string text;  // the document in the requested format
};
Result<VexExport> export_vex(portfolio::Store& store, const VexExportRequest& request,
                             const Clock& clock);

}  // namespace bulwark::service
