// Inventory extraction (SBOM generation): one Extractor per file format. The core (walker.cpp)
// walks a directory or archive, applies size/count limits, reads each wanted file and hands it
// to the extractors; extractors only parse (they never open files or walk). Thread-safe:
// extractors are stateless.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/sbom.hpp"

namespace bulwark::extract {

// What the walker knows about a file before reading it.
struct FileInfo {
  std::string path;        // relative to the scan root, '/'-separated, no leading '/'
  std::uint64_t size = 0;  // bytes
  bool executable = false;
  // From the source's own metadata (directory: lstat; tar/zip/image: the member header; SquashFS:
  // the inode and id table), so an image made by an unprivileged user still shows root-owned
  // setuid files. mode is st_mode (type and permission bits), 0 when unknown; uid/gid -1 when
  // unknown.
  std::uint32_t mode = 0;
  std::int64_t uid = -1;
  std::int64_t gid = -1;
};

// The distribution of the scanned root (from etc/os-release or usr/lib/os-release).
struct OsRelease {
  std::string id;          // "debian", "ubuntu", "alpine", "rhel", ...
  std::string version_id;  // "12", "22.04", "3.20.1"
  std::string pretty_name;
};

struct ScanInput {
  const FileInfo& info;
  std::string_view content;       // the whole file (the walker bounds its size)
  const OsRelease* os = nullptr;  // when known: extractors use it for the purl `distro` qualifier
};

// What one file yields. Components carry name, version and purl (built with purl::to_string so
// that it is canonical), plus licences, source package, supplier and properties where the
// format records them; `location` is set by the core to the file path. Dependency edges use
// the components' bom_ref, which extractors set to a key unique within their own output (e.g.
// "npm:name@version"); the core makes them unique across files.
// Files a package manager installed for one package (dpkg info/<pkg>.list, apk R: lines, rpm
// file lists). `ecosystem` is the purl type of the owning component ("deb", "apk", "rpm", "opkg"),
// `package` its name; paths are relative to the scan root, without a leading '/'.
struct OwnedFiles {
  std::string ecosystem;
  std::string package;
  std::vector<std::string> paths;
};

// Licences a file records for a package (a Debian copyright file): SPDX expressions, keyed like
// OwnedFiles. The core gives them to the package of that name, and to packages of the same source
// package that have no licence file of their own (a Debian copyright file is per source package).
// `fingerprint` is set (to the file's path) when the licences were recognised in free text by
// license_text.hpp rather than declared; `unplaced` then lists what the text states that has no
// identifier ("GNU GPL without a version"), reported and left unknown. Licence files of language
// packages (npm, pypi) apply only to components of that name (and `version`, when set) whose
// metadata declares no licence.
struct PackageLicenses {
  std::string ecosystem;
  std::string package;
  std::vector<std::string> licenses;
  std::vector<std::string> unknown;  // licence names that map to no SPDX identifier
  std::string fingerprint;
  std::vector<std::string> unplaced;
  std::string version;
};

// A package's deployable file found in the tree (a .deb in the apt cache): its name and digests
// become the package's file name and hashes. Keyed like OwnedFiles, plus the version it holds.
struct DeployableFile {
  std::string ecosystem;
  std::string package;
  std::string version;
  std::string file_name;
  std::string sha256;
  std::string sha512;
};

// The creator a language package's installed metadata names (node_modules/<name>/package.json
// "author"): "Name <e-mail>", "Name (URL)" or "Name", for the component of that ecosystem, name
// and version whose own record names none (lockfiles do not).
struct PackageCreator {
  std::string ecosystem;
  std::string package;
  std::string version;
  std::string creator;
  std::string path;  // the metadata file
};

struct Inventory {
  std::vector<Component> components;
  std::vector<Dependency> dependencies;
  std::vector<std::string> notes;  // recoverable problems: "line 12: skipped entry without version"
  // Facts about components other files deliver; the core applies them when assembling.
  std::vector<OwnedFiles> owned;
  std::vector<PackageLicenses> licenses;
  std::vector<DeployableFile> deployables;
  std::vector<PackageCreator> creators;
};

class Extractor {
 public:
  virtual ~Extractor() = default;
  virtual std::string_view name() const = 0;  // e.g. "javascript/packagelockjson"
  // Cheap filter on the path and size only.
  virtual bool wants(const FileInfo& file) const = 0;
  // Parses the file. An error means the file is malformed (it names the file and line).
  virtual Result<Inventory> extract(const ScanInput& input) const = 0;
};

// The extractor groups (each implemented in its own folder; listed explicitly, no static
// self-registration). all_extractors() in registry.cpp concatenates them.
std::vector<std::unique_ptr<Extractor>> javascript_python_extractors();
std::vector<std::unique_ptr<Extractor>> other_language_extractors();
std::vector<std::unique_ptr<Extractor>> os_package_extractors();
std::vector<std::unique_ptr<Extractor>> binary_extractors();
std::vector<std::unique_ptr<Extractor>> all_extractors();

}  // namespace bulwark::extract
