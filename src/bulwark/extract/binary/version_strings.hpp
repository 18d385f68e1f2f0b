// Embedded version strings of common C libraries and daemons (OpenSSL, zlib, curl, SQLite,
// BusyBox, OpenSSH, glibc, ...), found by literal anchors: the table of rules and the scanner,
// exposed for tests.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::extract::binary {

struct VersionRule {
  std::string_view name;     // component name and pkg:generic name, e.g. "openssl"
  std::string_view vendor;   // NVD CPE vendor
  std::string_view product;  // NVD CPE product
  std::string_view anchor;   // literal text right before the version (or its start, see below)
  std::string_view gate;     // when set, the file must also contain this literal
  // The bytes allowed right after the version; empty means any non-version byte.
  std::string_view terminators;
  std::string_view suffix;            // when set, must follow the version (" Copyright")
  std::string_view kind = "library";  // CycloneDX component type
  bool standalone = false;    // the anchor starts a NUL-delimited string and is part of the version
  bool numeric_only = false;  // keep only the leading digits and dots (kernel "6.1.0-18-amd64")
  bool date_follows = false;  // " DD Mon YYYY" must follow (OpenSSL)
  // The version is a 5-digit MNNPP number, not preceded by a digit or letter and ended by NUL
  // or '-' (libxml2's LIBXML_VERSION_STRING "20914" = 2.9.14, then LIBXML_VERSION_EXTRA); the
  // anchor is its first digit.
  bool packed = false;
};

struct VersionHit {
  std::string name;
  std::string version;
  std::string cpe;       // cpe:2.3:a:vendor:product:version:*:*:*:*:*:*:*
  std::string evidence;  // the matched text
  std::size_t offset = 0;
};

const std::vector<VersionRule>& version_rules();

// Every distinct (name, version) found in `data`, the first occurrence of each, in rule order.
std::vector<VersionHit> scan_version_strings(std::string_view data);

}  // namespace bulwark::extract::binary
