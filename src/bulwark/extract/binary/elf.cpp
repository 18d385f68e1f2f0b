#include "bulwark/extract/binary/elf.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <map>
#include <set>

#include "bulwark/extract/binary/common.hpp"

namespace bulwark::extract::binary {
namespace {

constexpr std::uint32_t kShtNote = 7;
constexpr std::uint32_t kShtNobits = 8;
constexpr std::uint32_t kPtLoad = 1;
constexpr std::uint32_t kPtNote = 4;
constexpr std::uint64_t kMaxEntries = 65536;

// A sub-view [off, off+len) of data, or empty when it does not fit.
std::string_view slice(std::string_view data, std::uint64_t off, std::uint64_t len) {
  if (off > data.size() || len > data.size() - off) return {};
  return data.substr(off, len);
}

std::uint64_t pad(std::uint64_t n, std::uint64_t align) { return (n + align - 1) / align * align; }

}  // namespace

std::optional<std::uint64_t> ElfFile::u(std::uint64_t off, int width) const {
  return read_uint(data_, off, width, le_);
}

std::optional<ElfFile> ElfFile::parse(std::string_view data) {
  if (data.size() < 52 || !data.starts_with("\x7f"
                                            "ELF"))
    return std::nullopt;
  ElfFile f;
  f.data_ = data;
  if (!f.read_header()) return std::nullopt;
  f.read_sections();
  f.read_segments();
  return f;
}

bool ElfFile::read_header() {
  auto cls = static_cast<unsigned char>(data_[4]);
  auto enc = static_cast<unsigned char>(data_[5]);
  if ((cls != 1 && cls != 2) || (enc != 1 && enc != 2)) return false;
  is64_ = cls == 2;
  le_ = enc == 1;
  return !is64_ || data_.size() >= 64;
}

void ElfFile::read_sections() {
  const int w = is64_ ? 8 : 4;
  auto shoff = u(is64_ ? 0x28 : 0x20, w);
  auto shentsize = u(is64_ ? 0x3A : 0x2E, 2);
  auto shnum = u(is64_ ? 0x3C : 0x30, 2);
  auto shstrndx = u(is64_ ? 0x3E : 0x32, 2);
  if (!shoff || !shentsize || !shnum || !shstrndx || *shoff == 0) return;
  const std::uint64_t need = is64_ ? 64 : 40;
  if (*shentsize < need) return;
  std::vector<std::uint32_t> name_offsets;
  for (std::uint64_t i = 0; i < std::min(*shnum, kMaxEntries); ++i) {
    if (*shoff > data_.size() || i > (data_.size() - *shoff) / *shentsize) break;
    std::uint64_t b = *shoff + i * *shentsize;
    auto name = u(b, 4), type = u(b + 4, 4);
    auto addr = u(b + (is64_ ? 0x10 : 0x0C), w), off = u(b + (is64_ ? 0x18 : 0x10), w);
    auto size = u(b + (is64_ ? 0x20 : 0x14), w), align = u(b + (is64_ ? 0x30 : 0x20), w);
    if (!name || !type || !addr || !off || !size || !align) break;
    sections_.push_back({{}, static_cast<std::uint32_t>(*type), *addr, *off, *size, *align});
    name_offsets.push_back(static_cast<std::uint32_t>(*name));
  }
  if (*shstrndx >= sections_.size()) return;
  auto strtab = section_data(sections_[*shstrndx]);
  for (std::size_t i = 0; i < sections_.size(); ++i) {
    if (name_offsets[i] >= strtab.size()) continue;
    auto rest = strtab.substr(name_offsets[i]);
    sections_[i].name = std::string(rest.substr(0, rest.find('\0')));
  }
}

void ElfFile::read_segments() {
  const int w = is64_ ? 8 : 4;
  auto phoff = u(is64_ ? 0x20 : 0x1C, w);
  auto phentsize = u(is64_ ? 0x36 : 0x2A, 2);
  auto phnum = u(is64_ ? 0x38 : 0x2C, 2);
  if (!phoff || !phentsize || !phnum || *phoff == 0) return;
  if (*phentsize < (is64_ ? 56u : 32u)) return;
  for (std::uint64_t i = 0; i < std::min(*phnum, kMaxEntries); ++i) {
    if (*phoff > data_.size() || i > (data_.size() - *phoff) / *phentsize) break;
    std::uint64_t b = *phoff + i * *phentsize;
    auto type = u(b, 4);
    auto off = u(b + (is64_ ? 0x08 : 0x04), w), vaddr = u(b + (is64_ ? 0x10 : 0x08), w);
    auto filesz = u(b + (is64_ ? 0x20 : 0x10), w), align = u(b + (is64_ ? 0x30 : 0x1C), w);
    if (!type || !off || !vaddr || !filesz || !align) break;
    segments_.push_back({static_cast<std::uint32_t>(*type), *off, *vaddr, *filesz, *align});
  }
}

std::string_view ElfFile::section_data(const ElfSection& s) const {
  if (s.type == kShtNobits) return {};
  return slice(data_, s.offset, s.size);
}

const ElfSection* ElfFile::find_section(std::string_view name) const {
  for (const auto& s : sections_)
    if (s.name == name) return &s;
  return nullptr;
}

void parse_notes(std::string_view area, bool le, std::uint64_t align, std::vector<ElfNote>& out) {
  if (align != 8) align = 4;
  std::uint64_t pos = 0;
  while (pos + 12 <= area.size()) {
    auto namesz = read_uint(area, pos, 4, le), descsz = read_uint(area, pos + 4, 4, le);
    auto type = read_uint(area, pos + 8, 4, le);
    if (!namesz || !descsz || !type) return;
    std::uint64_t name_off = pos + 12;
    std::uint64_t desc_off = name_off + pad(*namesz, 4);
    auto name = slice(area, name_off, *namesz);
    auto desc = slice(area, desc_off, *descsz);
    if (name.size() != *namesz || desc.size() != *descsz) return;
    if (!name.empty() && name.back() == '\0') name.remove_suffix(1);
    if (!name.empty() || !desc.empty())
      out.push_back({name, static_cast<std::uint32_t>(*type), desc});
    pos = desc_off + pad(*descsz, align);
  }
}

std::vector<ElfNote> ElfFile::notes() const {
  // Note areas: SHT_NOTE sections first, then PT_NOTE segments (which usually span them), each
  // in file order. An area lying wholly inside ranges already parsed is not read again, and all
  // areas together read at most twice the file: many overlapping note sections over one large
  // range cost one pass, not one per section.
  struct Area {
    std::uint64_t offset, size, align;
  };
  std::vector<Area> areas;
  for (const auto& s : sections_)
    if (s.type == kShtNote && s.size > 0) areas.push_back({s.offset, s.size, s.align});
  const std::size_t first_segment = areas.size();
  for (const auto& p : segments_)
    if (p.type == kPtNote && p.filesz > 0) areas.push_back({p.offset, p.filesz, p.align});
  auto by_offset = [](const Area& a, const Area& b) { return a.offset < b.offset; };
  std::stable_sort(areas.begin(), areas.begin() + static_cast<std::ptrdiff_t>(first_segment),
                   by_offset);
  std::stable_sort(areas.begin() + static_cast<std::ptrdiff_t>(first_segment), areas.end(),
                   by_offset);

  std::map<std::uint64_t, std::uint64_t> covered;  // merged [begin, end) ranges parsed so far
  auto inside = [&](std::uint64_t begin, std::uint64_t end) {
    auto it = covered.upper_bound(begin);
    if (it == covered.begin()) return false;
    --it;
    return it->first <= begin && end <= it->second;
  };
  auto cover = [&](std::uint64_t begin, std::uint64_t end) {
    auto it = covered.upper_bound(begin);
    if (it != covered.begin() && std::prev(it)->second >= begin) {
      --it;
      begin = it->first;
      end = std::max(end, it->second);
      it = covered.erase(it);
    }
    while (it != covered.end() && it->first <= end) {
      end = std::max(end, it->second);
      it = covered.erase(it);
    }
    covered.emplace(begin, end);
  };

  std::vector<ElfNote> out, area_notes;
  std::set<const char*> descs;  // de-duplication while reading: one note per descriptor
  std::uint64_t budget = 2 * static_cast<std::uint64_t>(data_.size());
  for (const auto& a : areas) {
    auto view = slice(data_, a.offset, a.size);
    if (view.empty() || budget == 0) continue;
    const std::uint64_t end = a.offset + view.size();
    if (inside(a.offset, end)) continue;
    if (view.size() > budget) view = view.substr(0, budget);
    budget -= view.size();
    cover(a.offset, a.offset + view.size());
    area_notes.clear();
    parse_notes(view, le_, a.align, area_notes);
    for (const auto& n : area_notes) {
      if (descs.insert(n.desc.empty() ? n.name.data() : n.desc.data()).second) out.push_back(n);
    }
  }
  return out;
}

std::optional<std::uint64_t> ElfFile::offset_of(std::uint64_t vaddr) const {
  for (const auto& p : segments_)
    if (p.type == kPtLoad && vaddr >= p.vaddr && vaddr - p.vaddr < p.filesz)
      return p.offset + (vaddr - p.vaddr);
  for (const auto& s : sections_)
    if (s.addr != 0 && s.type != kShtNobits && vaddr >= s.addr && vaddr - s.addr < s.size)
      return s.offset + (vaddr - s.addr);
  return std::nullopt;
}

}  // namespace bulwark::extract::binary
