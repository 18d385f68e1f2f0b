// A small bounded ELF reader for hardening checks (ELF32/ELF64, both byte orders): header,
// program headers, dynamic section, symbol tables (.dynsym, .symtab), section names and
// GNU property notes. Never reads outside the given bytes; tables are capped (program headers at
// 10,000, sections at 65,535, symbols at 1,000,000) and a table that does not fit is an error
// naming it, so bad input gives a named error, never a crash.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::exposure {

struct ElfLoad {
  std::uint64_t vaddr = 0, memsz = 0;
  std::uint32_t flags = 0;  // PF_X 1, PF_W 2, PF_R 4
};

struct ElfFacts {
  bool is64 = false;
  bool little_endian = true;
  std::uint16_t type = 0;     // ET_REL 1, ET_EXEC 2, ET_DYN 3
  std::uint16_t machine = 0;  // EM_386 3, EM_PPC64 21, EM_ARM 40, EM_X86_64 62, EM_AARCH64 183
  bool has_interp = false;
  std::string interp;        // "/lib64/ld-linux-x86-64.so.2", "/lib/ld-musl-x86_64.so.1"
  bool has_dynamic = false;  // PT_DYNAMIC
  bool has_gnu_stack = false;
  std::uint32_t gnu_stack_flags = 0;
  bool has_relro = false;
  std::uint64_t relro_vaddr = 0, relro_memsz = 0;
  std::vector<ElfLoad> loads;
  // Dynamic section.
  bool bind_now = false;  // DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW
  bool textrel = false;   // DT_TEXTREL or DF_TEXTREL
  bool flag_pie = false;  // DF_1_PIE
  std::vector<std::string> rpath, runpath, needed;
  // Symbols (from section headers; empty when stripped of them).
  bool has_dynsym = false;
  bool has_symtab = false;
  std::set<std::string> imported;     // undefined symbols (dynsym and symtab)
  std::set<std::string> defined;      // defined symbols (dynsym and symtab)
  std::vector<std::string> sections;  // section names in order
  std::string comment;                // .comment contents (compiler identification), capped
  // GNU property note (NT_GNU_PROPERTY_TYPE_0).
  bool has_x86_feature = false;
  std::uint32_t x86_feature_1 = 0;  // bit0 IBT, bit1 SHSTK
  bool has_aarch64_feature = false;
  std::uint32_t aarch64_feature_1 = 0;  // bit0 BTI, bit1 PAC
  bool go_note = false;                 // "Go" build-id note

  bool has_section(std::string_view name) const;
  bool has_section_prefix(std::string_view prefix) const;
};

// True when the bytes start with the ELF magic.
bool looks_like_elf(std::string_view data);
// Reads the facts; fails (kInvalidInput) naming the header or table that is malformed.
Result<ElfFacts> read_elf(std::string_view data);

}  // namespace bulwark::exposure
