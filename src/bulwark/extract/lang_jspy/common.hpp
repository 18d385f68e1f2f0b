// Shared helpers of the JavaScript/Python extractors (internal to this folder): a package set
// that merges duplicates and their dependency groups, purl building for npm and pypi, and
// small text helpers. No heavy headers here.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/extractor.hpp"
#include "bulwark/extract/input.hpp"
#include "bulwark/extract/package_set.hpp"

namespace bulwark::extract::jspy {

// One package as a lockfile records it, before it becomes a Component.
struct Package {
  std::string name;
  std::string version;              // may be empty (git/file dependencies without a version)
  std::string commit;               // VCS commit when the source is a repository
  std::vector<std::string> groups;  // "dev", "optional", ...; empty = production
  bool direct = false;
  std::string license;
  std::string sha512;  // hex SHA-512 of the published archive (npm "integrity"), or ""
  std::vector<std::string> depends_on;  // keys of other packages in the same set
};

enum class Ecosystem { kNpm, kPypi };

// Insertion-ordered set of packages keyed by a caller-chosen key (e.g. "name@version").
// Adding a key twice merges: a production occurrence makes the package production, otherwise
// the groups are united; dependency keys are united.
class PackageSet {
 public:
  explicit PackageSet(Ecosystem eco) : eco_(eco) {}
  Package& add(const std::string& key, Package pkg);
  Package* find(const std::string& key) { return set_.find(key); }
  std::size_t size() const { return set_.size(); }
  // Builds the inventory: components with canonical purls, bom_ref "<type>:<key>", and the
  // dependency edges whose targets exist in the set.
  Inventory finish(std::vector<std::string> notes = {}) const;

 private:
  Ecosystem eco_;
  KeyedPackages<Package> set_;
};

// PEP 503 normalised name: lower case, runs of '-', '_', '.' become one '-'.
std::string pep503_normalise(std::string_view name);

// Canonical purl for an npm ("@scope/name") or pypi package.
std::string make_purl(Ecosystem eco, std::string_view name, std::string_view version);

// The commit of a git/tarball resolution ("git+ssh://...#<sha>", "...#commit=<sha>",
// "https://codeload.../tar.gz/<sha>", "...?ref=<sha>"), or empty.
std::string extract_commit(std::string_view resolution);
// The hex SHA-512 an npm "integrity" value (Subresource Integrity: "sha512-<base64>", several
// space-separated) names: the digest of the package's published archive, the file the
// component is deployed from. "" when it names none (sha1 only, malformed).
std::string sha512_of_integrity(std::string_view integrity);

// Removes a trailing "\r" and surrounding blanks.
std::string_view strip(std::string_view s);

// Factories (one per format file).
std::unique_ptr<Extractor> make_npm_lock_extractor();
std::unique_ptr<Extractor> make_yarn_lock_extractor();
std::unique_ptr<Extractor> make_pnpm_lock_extractor();
std::unique_ptr<Extractor> make_requirements_extractor();
std::unique_ptr<Extractor> make_pipfile_lock_extractor();
std::unique_ptr<Extractor> make_poetry_lock_extractor();
std::unique_ptr<Extractor> make_uv_lock_extractor();
std::unique_ptr<Extractor> make_python_metadata_extractor();
std::unique_ptr<Extractor> make_license_file_extractor();
std::unique_ptr<Extractor> make_npm_installed_extractor();

}  // namespace bulwark::extract::jspy
