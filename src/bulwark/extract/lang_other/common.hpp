// Shared helpers of the "other language" extractors (internal to this folder): an ordered
// package set that becomes an Inventory (canonical purls, bom_refs, edges), a line reader and
// error helpers. No heavy headers here.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bulwark/extract/extractor.hpp"
#include "bulwark/extract/input.hpp"
#include "bulwark/extract/package_set.hpp"

namespace bulwark::extract::other {

// One package as a manifest or lockfile records it, before it becomes a Component.
struct Package {
  std::string group;                // Component::group (Maven groupId); empty elsewhere
  std::string name;                 // Component::name
  std::string version;              // may be empty (git or path dependency without a version)
  std::string purl_ns;              // purl namespace (decoded); may be empty
  std::string purl_name;            // purl name; defaults to `name`
  std::string commit;               // VCS commit when the source is a repository
  std::vector<std::string> groups;  // dependency groups: "dev", "test", "build-requires"...
  bool direct = false;
  std::vector<std::string> licenses;
  std::vector<std::string> depends_on;  // keys of other packages of the same set
  std::vector<Hash> hashes;
  std::vector<std::pair<std::string, std::string>> qualifiers;  // purl qualifiers
  bool no_purl = false;  // a local path, not a published package
};

// Insertion-ordered packages keyed by a caller-chosen key ("name@version" by default).
class PackageSet {
 public:
  explicit PackageSet(std::string purl_type) : purl_type_(std::move(purl_type)) {}
  // Adds a package; a key seen before returns the existing package (first one wins).
  Package& add(Package pkg, std::string key = {});
  Package* find(const std::string& key) { return set_.find(key); }
  const Package* find(const std::string& key) const { return set_.find(key); }
  std::size_t size() const { return set_.size(); }
  // Components (bom_ref "<purl type>:<key>") and the edges whose targets exist in the set.
  Inventory finish(std::vector<std::string> notes = {}) const;

 private:
  std::string purl_type_;
  KeyedPackages<Package> set_;
};

std::string default_key(std::string_view name, std::string_view version);

// Reads text line by line (LF or CRLF); number() is the 1-based number of the last line read.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  bool next(std::string_view& line);
  std::size_t number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t number_ = 0;
};

// True when the text holds nothing but blanks.
bool is_blank(std::string_view s);

// Factories (one per format file).
std::unique_ptr<Extractor> make_cargo_lock_extractor();
std::unique_ptr<Extractor> make_go_mod_extractor();
std::unique_ptr<Extractor> make_gemfile_lock_extractor();
std::unique_ptr<Extractor> make_composer_lock_extractor();
std::unique_ptr<Extractor> make_pom_xml_extractor();
std::unique_ptr<Extractor> make_gradle_lockfile_extractor();
std::unique_ptr<Extractor> make_nuget_lock_extractor();
std::unique_ptr<Extractor> make_conan_lock_extractor();
std::unique_ptr<Extractor> make_pubspec_lock_extractor();
std::unique_ptr<Extractor> make_mix_lock_extractor();

}  // namespace bulwark::extract::other
