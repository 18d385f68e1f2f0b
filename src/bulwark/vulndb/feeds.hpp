// Feed formats other than OSV (internal to bulwark_vulndb): recognising a document by its
// content, and parsing the CISA KEV catalogue (JSON, CSV), FIRST EPSS scores (CSV) and NVD CVE
// API 2.0 JSON into the Store's value types. Parsers stream entries to a sink; malformed
// entries go to a ProblemSink and are skipped; structural errors fail the document.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::vulndb::detail {

using VoidResult = std::expected<void, Error>;

enum class FeedKind { kOsv, kKevJson, kKevCsv, kEpssCsv, kNvdJson, kKevEpssJoin, kUnknown };

// "OSV", "CISA KEV JSON", "CISA KEV CSV", "FIRST EPSS CSV", "NVD CVE API 2.0 JSON"...
std::string_view kind_name(FeedKind kind);

// What a document holds, from its first bytes (and, for JSON naming "vulnerabilities", its top
// level). JSON that is neither KEV nor NVD is OSV; so is anything named .json/.yaml/.yml.
FeedKind classify(std::string_view text, std::string_view name);

// A skipped entry: line (CSV, 1-based) or JSON pointer (JSON), and why.
struct Problem {
  std::size_t line = 0;
  std::string pointer;
  std::string reason;
};
using ProblemSink = std::function<void(Problem&&)>;

bool is_cve_id(std::string_view s);  // CVE-YYYY-NNNN with four or more digits

struct KevCatalog {
  std::string version;   // catalogVersion (empty for the CSV form)
  std::string released;  // dateReleased (empty for the CSV form)
};
using KevSink = std::function<VoidResult(KevEntry&&)>;
Result<KevCatalog> parse_kev_json(std::string_view text, const KevSink& sink,
                                  const ProblemSink& problem);
Result<KevCatalog> parse_kev_csv(std::string_view text, const KevSink& sink,
                                 const ProblemSink& problem);

struct EpssRow {
  std::string_view cve;
  double score = 0;
  double percentile = 0;
};
struct EpssHeader {
  std::string model_version, score_date;  // from the "#model_version:...,score_date:..." line
};
using EpssSink = std::function<VoidResult(const EpssRow&)>;
Result<EpssHeader> parse_epss_csv(std::string_view text, const EpssSink& sink,
                                  const ProblemSink& problem);

using NvdSink = std::function<VoidResult(NvdRecord&&)>;
VoidResult parse_nvd_json(std::string_view text, const NvdSink& sink, const ProblemSink& problem);

// Vendor and product of a CPE 2.3 formatted string, unescaped and lower-cased; nullopt when
// the string is not "cpe:2.3:<part>:<vendor>:<product>:...".
struct VendorProduct {
  std::string vendor, product;
};
std::optional<VendorProduct> cpe_vendor_product(std::string_view criteria);

// Uppercased CVE id for lookups ("cve-2021-44228" -> "CVE-2021-44228").
std::string normalize_cve(std::string_view cve);

// List columns of the feed tables (every backend): items joined by '\n' (KEV cwes), or each
// followed by '\n' (NVD config_operators: a list of one empty item differs from an empty list);
// lines_of splits them again.
std::string join_lines(const std::vector<std::string>& v);
std::string terminated_lines(const std::vector<std::string>& v);
std::vector<std::string> lines_of(std::string_view s, bool keep_empty);

}  // namespace bulwark::vulndb::detail
