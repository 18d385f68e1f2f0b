#include "bulwark/exposure/elf_reader.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

namespace bulwark::exposure {
namespace {

constexpr std::uint64_t kMaxPhdrs = 10'000;
constexpr std::uint64_t kMaxShdrs = 65'535;
constexpr std::uint64_t kMaxSymbols = 1'000'000;
constexpr std::uint64_t kMaxDynamic = 100'000;
constexpr std::size_t kMaxComment = 4096;

constexpr std::uint32_t PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4,
                        PT_GNU_STACK = 0x6474e551, PT_GNU_RELRO = 0x6474e552,
                        PT_GNU_PROPERTY = 0x6474e553;
constexpr std::uint32_t SHT_SYMTAB = 2, SHT_NOTE = 7, SHT_DYNSYM = 11;
constexpr std::int64_t DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_RPATH = 15,
                       DT_TEXTREL = 22, DT_BIND_NOW = 24, DT_RUNPATH = 29, DT_FLAGS = 30,
                       DT_FLAGS_1 = 0x6ffffffb;

class Reader {
 public:
  explicit Reader(std::string_view d) : d_(d) {}
  bool le = true;
  bool is64 = false;
  std::string_view data() const { return d_; }

  std::optional<std::uint64_t> u(std::uint64_t off, int width) const {
    if (off > d_.size() || static_cast<std::uint64_t>(width) > d_.size() - off) return std::nullopt;
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) {
      auto b = static_cast<std::uint8_t>(d_[off + (le ? width - 1 - i : i)]);
      v = (v << 8) | b;
    }
    return v;
  }
  std::uint64_t w(std::uint64_t off, int width) const { return u(off, width).value_or(0); }
  std::uint64_t word(std::uint64_t off) const { return w(off, is64 ? 8 : 4); }
  bool fits(std::uint64_t off, std::uint64_t len) const {
    return off <= d_.size() && len <= d_.size() - off;
  }
  // A NUL-terminated string inside [base, base+size).
  std::string str(std::uint64_t base, std::uint64_t size, std::uint64_t index) const {
    if (index >= size || !fits(base, size)) return {};
    std::string_view area = d_.substr(base, size);
    auto end = area.find('\0', index);
    if (end == std::string_view::npos) return {};
    return std::string(area.substr(index, std::min<std::size_t>(end - index, 4096)));
  }

 private:
  std::string_view d_;
};

struct Shdr {
  std::uint32_t name = 0, type = 0, link = 0;
  std::uint64_t addr = 0, offset = 0, size = 0, entsize = 0;
};

void parse_property_note(const Reader& r, std::string_view desc, ElfFacts& f) {
  const std::size_t align = r.is64 ? 8 : 4;
  std::size_t at = 0;
  Reader dr(desc);
  dr.le = r.le;
  while (at + 8 <= desc.size()) {
    auto type = static_cast<std::uint32_t>(dr.w(at, 4));
    auto size = dr.w(at + 4, 4);
    if (size > desc.size() - at - 8) break;
    if (size >= 4) {
      auto value = static_cast<std::uint32_t>(dr.w(at + 8, 4));
      if (type == 0xc0000002) f.has_x86_feature = true, f.x86_feature_1 |= value;
      if (type == 0xc0000000) f.has_aarch64_feature = true, f.aarch64_feature_1 |= value;
    }
    at += 8 + ((size + align - 1) / align) * align;
  }
}

void parse_notes(const Reader& r, std::uint64_t off, std::uint64_t size, ElfFacts& f) {
  if (!r.fits(off, size)) return;
  std::uint64_t at = off, end = off + size;
  for (int guard = 0; at + 12 <= end && guard < 4096; ++guard) {
    auto namesz = r.w(at, 4), descsz = r.w(at + 4, 4), type = r.w(at + 8, 4);
    std::uint64_t name_off = at + 12;
    std::uint64_t name_pad = (namesz + 3) / 4 * 4;
    if (namesz > end - name_off || name_pad > end - name_off) break;
    std::uint64_t desc_off = name_off + name_pad;
    std::uint64_t desc_align =
        r.is64 && type == 5 ? 8 : 4;  // property notes are 8-aligned on ELF64
    std::uint64_t desc_pad = (descsz + desc_align - 1) / desc_align * desc_align;
    if (descsz > end - desc_off) break;
    std::string_view name = r.data().substr(name_off, namesz ? namesz - 1 : 0);
    std::string_view desc = r.data().substr(desc_off, descsz);
    if (name == "GNU" && type == 5) parse_property_note(r, desc, f);
    if (name == "Go" && type == 4) f.go_note = true;
    if (desc_pad > end - desc_off) break;
    at = desc_off + desc_pad;
  }
}

// File offset of a virtual address through the PT_LOAD segments.
std::optional<std::uint64_t> to_offset(const std::vector<std::pair<ElfLoad, std::uint64_t>>& loads,
                                       std::uint64_t va) {
  for (const auto& [l, off] : loads)
    if (va >= l.vaddr && va - l.vaddr < l.memsz) return off + (va - l.vaddr);
  return std::nullopt;
}

}  // namespace

bool ElfFacts::has_section(std::string_view name) const {
  return std::find(sections.begin(), sections.end(), name) != sections.end();
}
bool ElfFacts::has_section_prefix(std::string_view prefix) const {
  return std::any_of(sections.begin(), sections.end(),
                     [&](const std::string& s) { return s.starts_with(prefix); });
}

bool looks_like_elf(std::string_view data) {
  return data.size() >= 4 && data.substr(0, 4) ==
                                 "\x7f"
                                 "ELF";
}

Result<ElfFacts> read_elf(std::string_view data) {
  if (!looks_like_elf(data)) return invalid_input("not an ELF file (bad magic)");
  if (data.size() < 52) return invalid_input("ELF header truncated");
  ElfFacts f;
  Reader r(data);
  if (data[4] != 1 && data[4] != 2)
    return invalid_input("ELF header: bad class " + std::to_string(int(data[4])));
  if (data[5] != 1 && data[5] != 2)
    return invalid_input("ELF header: bad byte order " + std::to_string(int(data[5])));
  r.is64 = f.is64 = data[4] == 2;
  r.le = f.little_endian = data[5] == 1;
  if (f.is64 && data.size() < 64) return invalid_input("ELF header truncated");
  f.type = static_cast<std::uint16_t>(r.w(16, 2));
  f.machine = static_cast<std::uint16_t>(r.w(18, 2));
  const std::uint64_t phoff = f.is64 ? r.w(32, 8) : r.w(28, 4);
  const std::uint64_t shoff = f.is64 ? r.w(40, 8) : r.w(32, 4);
  const std::uint64_t phentsize = r.w(f.is64 ? 54 : 42, 2), phnum = r.w(f.is64 ? 56 : 44, 2);
  const std::uint64_t shentsize = r.w(f.is64 ? 58 : 46, 2), shnum = r.w(f.is64 ? 60 : 48, 2);
  const std::uint64_t shstrndx = r.w(f.is64 ? 62 : 50, 2);

  // Program headers.
  std::vector<std::pair<ElfLoad, std::uint64_t>> loads;  // with file offsets
  std::uint64_t dyn_off = 0, dyn_size = 0;
  if (phnum > 0) {
    if (phnum > kMaxPhdrs)
      return invalid_input("program headers: more than " + std::to_string(kMaxPhdrs));
    if (phentsize < (f.is64 ? 56u : 32u) || !r.fits(phoff, phnum * phentsize))
      return invalid_input("program headers: table outside the file (offset " +
                           std::to_string(phoff) + ")");
    for (std::uint64_t i = 0; i < phnum; ++i) {
      std::uint64_t p = phoff + i * phentsize;
      auto type = static_cast<std::uint32_t>(r.w(p, 4));
      std::uint32_t flags;
      std::uint64_t off, vaddr, filesz, memsz;
      if (f.is64) {
        flags = static_cast<std::uint32_t>(r.w(p + 4, 4));
        off = r.w(p + 8, 8), vaddr = r.w(p + 16, 8), filesz = r.w(p + 32, 8),
        memsz = r.w(p + 40, 8);
      } else {
        off = r.w(p + 4, 4), vaddr = r.w(p + 8, 4), filesz = r.w(p + 16, 4), memsz = r.w(p + 20, 4);
        flags = static_cast<std::uint32_t>(r.w(p + 24, 4));
      }
      switch (type) {
        case PT_LOAD:
          f.loads.push_back({vaddr, memsz, flags});
          loads.push_back({ElfLoad{vaddr, std::min(memsz, filesz), flags}, off});
          break;
        case PT_DYNAMIC:
          f.has_dynamic = true, dyn_off = off, dyn_size = filesz;
          break;
        case PT_INTERP:
          f.has_interp = true;
          if (r.fits(off, filesz)) f.interp = r.str(off, filesz, 0);
          break;
        case PT_GNU_STACK:
          f.has_gnu_stack = true, f.gnu_stack_flags = flags;
          break;
        case PT_GNU_RELRO:
          f.has_relro = true, f.relro_vaddr = vaddr, f.relro_memsz = memsz;
          break;
        case PT_NOTE:
        case PT_GNU_PROPERTY:
          if (type == PT_NOTE || !f.has_x86_feature) parse_notes(r, off, filesz, f);
          break;
        default:
          break;
      }
    }
  }

  // Section headers (optional: firmware binaries often lack them).
  std::vector<Shdr> shdrs;
  if (shnum > 0 && shoff != 0) {
    if (shnum > kMaxShdrs)
      return invalid_input("section headers: more than " + std::to_string(kMaxShdrs));
    if (shentsize < (f.is64 ? 64u : 40u) || !r.fits(shoff, shnum * shentsize))
      return invalid_input("section headers: table outside the file (offset " +
                           std::to_string(shoff) + ")");
    for (std::uint64_t i = 0; i < shnum; ++i) {
      std::uint64_t s = shoff + i * shentsize;
      Shdr h;
      h.name = static_cast<std::uint32_t>(r.w(s, 4));
      h.type = static_cast<std::uint32_t>(r.w(s + 4, 4));
      if (f.is64) {
        h.addr = r.w(s + 16, 8), h.offset = r.w(s + 24, 8), h.size = r.w(s + 32, 8);
        h.link = static_cast<std::uint32_t>(r.w(s + 40, 4)), h.entsize = r.w(s + 56, 8);
      } else {
        h.addr = r.w(s + 12, 4), h.offset = r.w(s + 16, 4), h.size = r.w(s + 20, 4);
        h.link = static_cast<std::uint32_t>(r.w(s + 24, 4)), h.entsize = r.w(s + 36, 4);
      }
      shdrs.push_back(h);
    }
    const Shdr* names = shstrndx < shdrs.size() ? &shdrs[shstrndx] : nullptr;
    for (const auto& h : shdrs) {
      std::string name = names ? r.str(names->offset, names->size, h.name) : std::string();
      if (name == ".comment" && r.fits(h.offset, h.size)) {
        std::string c(data.substr(h.offset, std::min<std::uint64_t>(h.size, kMaxComment)));
        std::replace(c.begin(), c.end(), '\0', '\n');
        f.comment = c;
      }
      if (h.type == SHT_NOTE && (name == ".note.gnu.property" || name == ".note.go.buildid") &&
          !f.has_x86_feature)
        parse_notes(r, h.offset, h.size, f);
      f.sections.push_back(std::move(name));
    }
    // Symbol tables.
    std::uint64_t total = 0;
    for (const auto& h : shdrs) {
      if (h.type != SHT_SYMTAB && h.type != SHT_DYNSYM) continue;
      (h.type == SHT_SYMTAB ? f.has_symtab : f.has_dynsym) = true;
      const std::uint64_t ent = f.is64 ? 24 : 16;
      if (!r.fits(h.offset, h.size))
        return invalid_input("symbol table outside the file (offset " + std::to_string(h.offset) +
                             ")");
      if (h.link >= shdrs.size())
        return invalid_input("symbol table: string table index " + std::to_string(h.link) +
                             " out of range");
      const Shdr& strtab = shdrs[h.link];
      std::uint64_t count = h.size / ent;
      total += count;
      if (total > kMaxSymbols)
        return invalid_input("symbol tables: more than " + std::to_string(kMaxSymbols) +
                             " symbols");
      for (std::uint64_t i = 1; i < count; ++i) {
        std::uint64_t s = h.offset + i * ent;
        auto name_idx = r.w(s, 4);
        std::uint16_t shndx = static_cast<std::uint16_t>(f.is64 ? r.w(s + 6, 2) : r.w(s + 14, 2));
        std::string name = r.str(strtab.offset, strtab.size, name_idx);
        if (name.empty()) continue;
        if (auto at = name.find('@'); at != std::string::npos) name.resize(at);  // versioned names
        (shndx == 0 ? f.imported : f.defined).insert(std::move(name));
      }
    }
  }

  // Dynamic section.
  if (f.has_dynamic) {
    if (!r.fits(dyn_off, dyn_size))
      return invalid_input("dynamic section outside the file (offset " + std::to_string(dyn_off) +
                           ")");
    const std::uint64_t ent = f.is64 ? 16 : 8;
    std::uint64_t count = std::min(dyn_size / ent, kMaxDynamic);
    std::uint64_t strtab_va = 0, strsz = 0;
    std::vector<std::pair<std::int64_t, std::uint64_t>> tags;
    for (std::uint64_t i = 0; i < count; ++i) {
      std::uint64_t e = dyn_off + i * ent;
      auto tag = static_cast<std::int64_t>(
          f.is64 ? r.w(e, 8) : static_cast<std::uint64_t>(static_cast<std::int32_t>(r.w(e, 4))));
      std::uint64_t val = r.word(e + (f.is64 ? 8 : 4));
      if (tag == DT_NULL) break;
      tags.emplace_back(tag, val);
      if (tag == DT_STRTAB) strtab_va = val;
      if (tag == DT_STRSZ) strsz = val;
      if (tag == DT_BIND_NOW) f.bind_now = true;
      if (tag == DT_TEXTREL) f.textrel = true;
      if (tag == DT_FLAGS) {
        if (val & 0x8) f.bind_now = true;
        if (val & 0x4) f.textrel = true;
      }
      if (tag == DT_FLAGS_1) {
        if (val & 0x1) f.bind_now = true;
        if (val & 0x08000000) f.flag_pie = true;
      }
    }
    auto strtab_off = to_offset(loads, strtab_va);
    for (const auto& [tag, val] : tags) {
      if (tag != DT_NEEDED && tag != DT_RPATH && tag != DT_RUNPATH) continue;
      std::string s = strtab_off ? r.str(*strtab_off, strsz, val) : std::string();
      if (tag == DT_NEEDED) f.needed.push_back(std::move(s));
      if (tag == DT_RPATH) f.rpath.push_back(std::move(s));
      if (tag == DT_RUNPATH) f.runpath.push_back(std::move(s));
    }
  }
  return f;
}

}  // namespace bulwark::exposure
