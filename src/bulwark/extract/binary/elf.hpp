// A minimal, bounds-checked ELF reader (ELF32/ELF64, little- and big-endian): section and
// program headers, notes, and virtual-address-to-file-offset mapping. Never reads outside the
// given bytes; malformed tables are truncated, not trusted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::extract::binary {

struct ElfSection {
  std::string name;
  std::uint32_t type = 0;  // SHT_*
  std::uint64_t addr = 0;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::uint64_t align = 0;
};

struct ElfSegment {
  std::uint32_t type = 0;  // PT_*
  std::uint64_t offset = 0;
  std::uint64_t vaddr = 0;
  std::uint64_t filesz = 0;
  std::uint64_t align = 0;
};

struct ElfNote {
  std::string_view name;  // without the terminating NUL
  std::uint32_t type = 0;
  std::string_view desc;
};

class ElfFile {
 public:
  // nullopt when the data is not an ELF file (bad magic, class or byte order).
  static std::optional<ElfFile> parse(std::string_view data);

  bool is64() const { return is64_; }
  bool little_endian() const { return le_; }
  const std::vector<ElfSection>& sections() const { return sections_; }
  const std::vector<ElfSegment>& segments() const { return segments_; }
  // The bytes of a section (empty for SHT_NOBITS or when out of bounds).
  std::string_view section_data(const ElfSection& s) const;
  const ElfSection* find_section(std::string_view name) const;
  // Notes of every SHT_NOTE section and PT_NOTE segment, de-duplicated while reading (one per
  // descriptor); an area inside ranges already parsed is skipped and at most twice the file
  // size is parsed in all, so the work and the result are bounded by the input size.
  std::vector<ElfNote> notes() const;
  // File offset of a virtual address, via PT_LOAD segments then allocated sections.
  std::optional<std::uint64_t> offset_of(std::uint64_t vaddr) const;

 private:
  bool read_header();
  void read_sections();
  void read_segments();
  std::optional<std::uint64_t> u(std::uint64_t off, int width) const;

  std::string_view data_;
  bool is64_ = false;
  bool le_ = true;
  std::vector<ElfSection> sections_;
  std::vector<ElfSegment> segments_;
};

// Parses a note area (a sequence of Elf_Nhdr + padded name + padded desc); stops at the first
// entry that does not fit. Notes with neither name nor descriptor (zero fill) are not kept.
void parse_notes(std::string_view area, bool little_endian, std::uint64_t align,
                 std::vector<ElfNote>& out);

}  // namespace bulwark::extract::binary
