// The OS package database extractors: dpkg, opkg, apk, rpm (SQLite, NDB, BerkeleyDB).
#include "bulwark/extract/extractor.hpp"
#include "bulwark/extract/os/os_common.hpp"

namespace bulwark::extract {

std::vector<std::unique_ptr<Extractor>> os_package_extractors() {
  std::vector<std::unique_ptr<Extractor>> v;
  v.push_back(os::make_dpkg_extractor());
  v.push_back(os::make_dpkg_file_list_extractor());
  v.push_back(os::make_debian_copyright_extractor());
  v.push_back(os::make_apt_cache_extractor());
  v.push_back(os::make_opkg_extractor());
  v.push_back(os::make_apk_extractor());
  v.push_back(os::make_rpm_sqlite_extractor());
  v.push_back(os::make_rpm_ndb_extractor());
  v.push_back(os::make_rpm_bdb_extractor());
  return v;
}

}  // namespace bulwark::extract
