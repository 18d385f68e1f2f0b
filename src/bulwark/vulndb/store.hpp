// The vulnerability database: an embedded SQLite file holding OSV records (and, later, NVD,
// KEV and EPSS data). Writes happen in one transaction per import, so a crash or kill leaves
// the previous contents intact. A Store is used from one thread at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/osv.hpp"

namespace bulwark::vulndb {

// Default path: $BULWARK_DB, else $XDG_DATA_HOME/bulwark/bulwark.db, else
// ~/.local/share/bulwark/bulwark.db.
std::string default_path();

struct ImportOptions {
  bool strict = false;  // any invalid record fails the whole import (nothing is written)
  // Called now and then with (records seen so far, total when known or 0).
  std::function<void(std::size_t, std::size_t)> progress;
};

struct InvalidRecord {
  std::string file;    // path, or "archive.zip!member.json"
  std::string reason;  // what is wrong, with a JSON pointer where it applies
};

struct ImportReport {
  std::size_t seen = 0;       // records read
  std::size_t inserted = 0;   // new ids
  std::size_t updated = 0;    // existing ids replaced by a newer `modified`
  std::size_t unchanged = 0;  // same or older `modified`: kept as stored
  std::size_t withdrawn = 0;  // records carrying `withdrawn` (stored, never matched)
  std::vector<InvalidRecord> invalid;
  double seconds = 0;
};

struct EcosystemCount {
  std::string ecosystem;  // full OSV ecosystem, e.g. "Debian:12"
  std::string source;     // id prefix family ("GHSA", "PYSEC", "DEBIAN"...) 
  std::size_t records = 0;
  std::string newest_modified;
};

struct Status {
  std::string path;
  std::size_t records = 0;
  std::size_t withdrawn = 0;
  std::vector<EcosystemCount> per_ecosystem;
  std::string last_import;  // RFC 3339 UTC time the last import committed; empty if never
  std::vector<std::string> last_import_sources;
};

// One affected[] entry of a stored record that names the queried package.
struct Candidate {
  std::shared_ptr<const OsvRecord> record;  // the whole record (shared between candidates)
  std::size_t affected_index = 0;           // which record->affected[] entry matched
};

class Store {
 public:
  virtual ~Store() = default;

  // Opens (creating when absent) the database at path and migrates its schema.
  static Result<std::unique_ptr<Store>> open(const std::string& path);

  // Imports OSV records from each path: a directory tree of .json/.yaml/.yml files, an OSV
  // per-ecosystem all.zip, a .tar.gz, or a single .json/.yaml file. All paths form one
  // transaction. A newer `modified` replaces a stored record; same/older is left alone.
  virtual Result<ImportReport> import_osv(const std::vector<std::string>& paths,
                                          const ImportOptions& options) = 0;

  // Records (not withdrawn) with an affected entry for this package. `ecosystem_base` has no
  // suffix ("Debian", not "Debian:12"): every release's entries are returned and the caller
  // filters by suffix. `name` is compared after ecosystem::normalize_name.
  virtual Result<std::vector<Candidate>> find(std::string_view ecosystem_base,
                                              std::string_view name) = 0;

  // Record by id or alias (withdrawn included); empty vector when none.
  virtual Result<std::vector<std::shared_ptr<const OsvRecord>>> lookup(std::string_view id) = 0;

  // Base ecosystems with at least one record (for "not covered" reporting).
  virtual Result<std::vector<std::string>> ecosystems() = 0;

  virtual Result<std::size_t> record_count() = 0;

  virtual Result<Status> status() = 0;
};

}  // namespace bulwark::vulndb
