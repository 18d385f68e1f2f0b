// Internal helpers shared by the OS package database extractors (dpkg, opkg, apk, rpm).
// Not part of the public extract interface.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/extract/extractor.hpp"

namespace bulwark::extract::os {

std::unique_ptr<Extractor> make_dpkg_extractor();
std::unique_ptr<Extractor> make_opkg_extractor();
std::unique_ptr<Extractor> make_dpkg_file_list_extractor();
std::unique_ptr<Extractor> make_apt_cache_extractor();
std::unique_ptr<Extractor> make_debian_copyright_extractor();
std::unique_ptr<Extractor> make_apk_extractor();
std::unique_ptr<Extractor> make_rpm_sqlite_extractor();
std::unique_ptr<Extractor> make_rpm_ndb_extractor();
std::unique_ptr<Extractor> make_rpm_bdb_extractor();

using Qualifiers = std::vector<std::pair<std::string, std::string>>;

// Canonical purl string built with purl::build (permissive: a missing namespace is kept
// empty rather than failing). Qualifiers with empty values are dropped. Empty on failure.
std::string make_purl(std::string type, std::string ns, std::string name, std::string version,
                      Qualifiers qualifiers);

// "<id>-<version_id>" (or "<id>" without a version) for the purl `distro` qualifier; empty
// when the OS is unknown.
std::string distro_qualifier(const OsRelease* os);

// The OS id when known, else `fallback`.
std::string namespace_or(const OsRelease* os, std::string_view fallback);

// "LicenseRef-<name>" with the characters SPDX allows in an id (others become '-'): a licence a
// package database names that SPDX does not list.
std::string license_ref(std::string_view name);

// True when `path` is `suffix` or ends with "/" + suffix.
bool path_is(std::string_view path, std::string_view suffix);

// Makes bom_ref unique within one inventory by appending "#2", "#3"... on repeats.
void assign_unique_refs(std::vector<Component>& components);

// Iterates lines (LF or CRLF), counting 1-based line numbers.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++line_no_;
    return true;
  }
  std::size_t line_no() const { return line_no_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_no_ = 0;
};

}  // namespace bulwark::extract::os
