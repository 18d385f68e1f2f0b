// libFuzzer entry point for the binary extractors (ELF .note.package, embedded version strings,
// Go build info, Java archives) and their parsers: any input must be handled without crashing,
// every extractor returns an Inventory (never an error) and every component it returns has a
// name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bulwark/extract/binary/elf.hpp"
#include "bulwark/extract/binary/go_buildinfo.hpp"
#include "bulwark/extract/binary/java_archive.hpp"
#include "bulwark/extract/binary/version_strings.hpp"
#include "bulwark/extract/extractor.hpp"

namespace {

void check_parsers(std::string_view data) {
  if (auto elf = bulwark::extract::binary::ElfFile::parse(data)) {
    for (const auto& n : elf->notes())
      if (n.desc.size() > data.size()) std::abort();
    for (const auto& s : elf->sections()) (void)elf->section_data(s);
    (void)elf->offset_of(0x400000);
  }
  if (auto raw = bulwark::extract::binary::read_go_buildinfo(data))
    (void)bulwark::extract::binary::parse_go_modinfo(raw->modinfo);
  (void)bulwark::extract::binary::parse_go_modinfo(data);
  for (const auto& hit : bulwark::extract::binary::scan_version_strings(data))
    if (hit.version.empty() || hit.offset >= data.size()) std::abort();
  (void)bulwark::extract::binary::parse_manifest(data);
  (void)bulwark::extract::binary::parse_properties(data);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto extractors = bulwark::extract::binary_extractors();
  std::string_view content(reinterpret_cast<const char*>(data), size);
  check_parsers(content);
  // The path decides nothing inside extract(); one that every extractor would want.
  bulwark::extract::FileInfo info{"usr/lib/fuzz.jar", size, true};
  for (const auto& e : extractors) {
    auto inv = e->extract(bulwark::extract::ScanInput{info, content});
    if (!inv) std::abort();
    for (const auto& c : inv->components)
      if (c.name.empty()) std::abort();
  }
  return 0;
}
