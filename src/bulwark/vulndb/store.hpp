// The vulnerability database: an embedded SQLite file holding OSV records, NVD CVE records
// (CVSS vectors, CWEs, references, CPE match criteria), the CISA KEV catalogue and FIRST EPSS
// scores. Writes happen in one transaction per import, so a crash or kill leaves the previous
// contents intact. A Store is used from one thread at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/osv.hpp"

namespace bulwark::vulndb {

// Default location: $BULWARK_DB, else $BULWARK_DATABASE_URL (a postgresql:// URL), else
// $XDG_DATA_HOME/bulwark/bulwark.db, else ~/.local/share/bulwark/bulwark.db.
std::string default_path();

struct ImportOptions {
  bool strict = false;  // any invalid record fails the whole import (nothing is written)
  // Called now and then with (OSV records and NVD CVEs seen so far, a total when known or 0:
  // the number of files of directory inputs, a hint).
  std::function<void(std::size_t, std::size_t)> progress;
};

struct InvalidRecord {
  std::string file;    // path, or "archive.zip!member.json"
  std::string reason;  // what is wrong, with a JSON pointer where it applies
};

// What one import path was recognised as, and what it gave.
struct InputReport {
  std::string path;
  std::string kind;         // "OSV", "CISA KEV JSON", "CISA KEV CSV", "FIRST EPSS CSV",
                            // "FIRST EPSS CSV (gzip)", "NVD CVE API 2.0 JSON" ("A + B" if mixed)
  std::size_t records = 0;  // valid entries / rows / records read
  std::size_t invalid = 0;  // skipped as malformed
  std::string detail;       // e.g. "1404 entries, catalogVersion 2025.08.25"
  double seconds = 0;
};

// Counts of the feed inputs (OSV counts are the fields of ImportReport itself).
struct FeedCounts {
  std::size_t kev = 0;       // KEV entries written (the catalogue replaces the previous one)
  std::size_t epss = 0;      // EPSS rows written (the file replaces the previous scores)
  std::size_t nvd_seen = 0;  // valid NVD CVE records read
  std::size_t nvd_inserted = 0;
  std::size_t nvd_updated = 0;    // a newer lastModified replaced the stored record
  std::size_t nvd_unchanged = 0;  // same or older lastModified: kept as stored
  std::size_t nvd_rejected = 0;   // vulnStatus "Rejected" (stored, flagged by status)
};

struct ImportReport {
  std::size_t seen = 0;                // OSV records read
  std::size_t inserted = 0;            // new ids
  std::size_t updated = 0;             // existing ids replaced by a newer `modified`
  std::size_t unchanged = 0;           // same or older `modified`: kept as stored
  std::size_t withdrawn = 0;           // records carrying `withdrawn` (stored, never matched)
  std::vector<InvalidRecord> invalid;  // OSV records and feed rows ("file:line") skipped
  double seconds = 0;
  FeedCounts feeds;
  std::vector<InputReport> inputs;  // one per path, in order
};

struct EcosystemCount {
  std::string ecosystem;  // full OSV ecosystem, e.g. "Debian:12"
  std::string source;     // id prefix family ("GHSA", "PYSEC", "DEBIAN"...)
  std::size_t records = 0;
  std::string newest_modified;
};

// One data source's freshness. name: "OSV", "NVD", "KEV", "EPSS".
struct SourceStatus {
  std::string name;
  std::size_t records = 0;
  std::string newest;       // OSV/NVD: newest modified; KEV: dateReleased; EPSS: score_date
  std::string imported_at;  // RFC 3339 UTC time of the last import that wrote it; empty if never
  std::string version;      // KEV: catalogVersion; EPSS: model_version; else empty
};

struct Status {
  std::string path;
  std::size_t records = 0;
  std::size_t withdrawn = 0;
  std::vector<EcosystemCount> per_ecosystem;
  std::string last_import;  // RFC 3339 UTC time the last import committed; empty if never
  std::vector<std::string> last_import_sources;
  std::vector<SourceStatus> sources;  // OSV, NVD, KEV, EPSS (always all four)
};

// One CISA KEV catalogue entry.
struct KevEntry {
  std::string cve, vendor, product, name, date_added, due_date, required_action,
      ransomware /* "Known"|"Unknown" */, notes;
  std::vector<std::string> cwes;
  std::string description;  // shortDescription
  bool operator==(const KevEntry&) const = default;
};

// One FIRST EPSS score; model_version and score_date are those of the imported file.
struct EpssEntry {
  std::string cve;
  double score = 0;
  double percentile = 0;
  std::string model_version, score_date;
  bool operator==(const EpssEntry&) const = default;
};

// One CVSS metric of an NVD record: the vector as given (scoring happens elsewhere).
struct CvssMetric {
  std::string version;  // "2.0", "3.0", "3.1", "4.0"
  std::string vector, source, type /* "Primary"|"Secondary" */;
  double nvd_base_score = 0;  // NVD's baseScore as given
  bool operator==(const CvssMetric&) const = default;
};

// One cpeMatch of an NVD configuration node.
struct NvdCpeMatch {
  std::size_t config = 0;     // index in configurations[]
  std::size_t node = 0;       // index in that configuration's nodes[]
  std::string node_operator;  // "OR" | "AND"
  bool node_negate = false;
  std::string criteria;  // "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*"
  bool vulnerable = false;
  std::string start_including, start_excluding, end_including, end_excluding;
  bool operator==(const NvdCpeMatch&) const = default;
};

// One NVD CVE API 2.0 record.
struct NvdRecord {
  std::string cve, description /* English */, published, last_modified, status /* vulnStatus */;
  std::vector<CvssMetric> metrics;  // V40, V31, V30, V2 in that order, each in file order
  std::vector<std::string> cwes, references;
  std::vector<NvdCpeMatch> matches;
  std::vector<std::string> config_operators;  // per configuration: "AND", "OR" or "" (absent)
  bool rejected() const { return status == "Rejected"; }
  bool operator==(const NvdRecord&) const = default;
};

// One affected[] entry of a stored record that names the queried package.
struct Candidate {
  std::shared_ptr<const OsvRecord> record;  // the whole record (shared between candidates)
  std::size_t affected_index = 0;           // which record->affected[] entry matched
};

// A package to look up: base ecosystem (no suffix) and name (normalised by the store).
struct PackageRef {
  std::string ecosystem_base;
  std::string name;
  auto operator<=>(const PackageRef&) const = default;
};

class Store {
 public:
  virtual ~Store() = default;

  // Opens (creating when absent) the database at `location` and migrates its schema: a SQLite
  // file path, or a postgresql:// (postgres://) URL, which opens open_postgresql.
  static Result<std::unique_ptr<Store>> open(const std::string& location);
  // The same tables in the PostgreSQL database at `url`, migrated on open.
  static Result<std::unique_ptr<Store>> open_postgresql(const std::string& url);

  // Imports each path, recognised by its content: OSV records (a directory tree of
  // .json/.yaml/.yml files, an OSV per-ecosystem all.zip, a .tar.gz, or a single file), the
  // CISA KEV catalogue (JSON or CSV), FIRST EPSS scores (CSV, optionally gzip-compressed) and
  // NVD CVE API 2.0 JSON (optionally compressed). All paths form one transaction. A newer
  // `modified`/`lastModified` replaces a stored OSV/NVD record; same/older is left alone. KEV
  // and EPSS files are snapshots: each replaces the previous table content. Unrecognised
  // content fails the import (kUnsupported, naming the file); nothing is written.
  virtual Result<ImportReport> import_osv(const std::vector<std::string>& paths,
                                          const ImportOptions& options) = 0;
  // The same as import_osv (which kept its historical name).
  Result<ImportReport> import(const std::vector<std::string>& paths, const ImportOptions& options) {
    return import_osv(paths, options);
  }

  // Records (not withdrawn) with an affected entry for this package. `ecosystem_base` has no
  // suffix ("Debian", not "Debian:12"): every release's entries are returned and the caller
  // filters by suffix. `name` is compared after ecosystem::normalize_name.
  virtual Result<std::vector<Candidate>> find(std::string_view ecosystem_base,
                                              std::string_view name) = 0;

  // find() for many packages in one call (a networked backend answers them in a few round
  // trips, not one per component): result[i] holds what find(keys[i]) returns, in the same
  // order. The default asks find() per key; backends override it.
  virtual Result<std::vector<std::vector<Candidate>>> find_many(
      const std::vector<PackageRef>& keys);

  // Record by id or alias (withdrawn included); empty vector when none.
  virtual Result<std::vector<std::shared_ptr<const OsvRecord>>> lookup(std::string_view id) = 0;

  // Base ecosystems with at least one record (for "not covered" reporting).
  virtual Result<std::vector<std::string>> ecosystems() = 0;

  virtual Result<std::size_t> record_count() = 0;
  // Whether any NVD CVE is stored (one indexed probe; a scan asks it instead of status(), whose
  // per-ecosystem counts read every record).
  virtual Result<bool> has_nvd() = 0;

  virtual Result<Status> status() = 0;

  // Feed lookups by CVE id (case-insensitive); nullopt when the feed does not list it.
  virtual Result<std::optional<KevEntry>> kev(std::string_view cve) = 0;
  virtual Result<std::optional<EpssEntry>> epss(std::string_view cve) = 0;
  // The CVE ids (upper case, sorted) whose EPSS score and percentile reach both minimums (the
  // findings grid's EPSS filter, answered in one query).
  virtual Result<std::vector<std::string>> epss_at_least(double score, double percentile) = 0;
  virtual Result<std::optional<NvdRecord>> nvd(std::string_view cve) = 0;
  // NVD records (not Rejected) with a cpeMatch whose criteria names this vendor and product
  // (CPE fields unescaped, compared case-insensitively), ordered by CVE id.
  virtual Result<std::vector<NvdRecord>> nvd_by_product(std::string_view vendor,
                                                        std::string_view product) = 0;
};

}  // namespace bulwark::vulndb
