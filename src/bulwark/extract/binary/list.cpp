// The extractors of the binary group: ELF package notes, embedded version strings of common C
// libraries and daemons, Go build info and Java archives.
#include "bulwark/extract/binary/common.hpp"
#include "bulwark/extract/extractor.hpp"

namespace bulwark::extract {

std::vector<std::unique_ptr<Extractor>> binary_extractors() {
  std::vector<std::unique_ptr<Extractor>> all;
  all.push_back(binary::make_elf_package_note_extractor());
  all.push_back(binary::make_version_string_extractor());
  all.push_back(binary::make_go_buildinfo_extractor());
  all.push_back(binary::make_java_archive_extractor());
  return all;
}

}  // namespace bulwark::extract
