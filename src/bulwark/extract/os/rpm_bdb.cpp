// rpm database, BerkeleyDB hash backend (var/lib/rpm/Packages): a hash metadata page, hash
// pages whose values point (H_OFFPAGE) to chains of overflow pages holding the header blobs.
// Either byte order (detected from the metadata magic).
#include <cstdint>
#include <set>
#include <string>

#include "bulwark/extract/os/os_common.hpp"
#include "bulwark/extract/os/rpm_header.hpp"

namespace bulwark::extract::os {
namespace {

constexpr std::uint32_t kHashMagic = 0x00061561;
constexpr std::size_t kPageHeaderSize = 26;
constexpr std::uint8_t kPageHashUnsorted = 2, kPageHash = 13, kHashOffPage = 3;

class Reader {
 public:
  Reader(std::string_view db, bool big_endian) : db_(db), big_(big_endian) {}
  std::uint32_t u32(std::size_t at) const {
    auto b = [&](std::size_t i) {
      return static_cast<std::uint32_t>(static_cast<unsigned char>(db_[at + i]));
    };
    return big_ ? (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)
                : b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24);
  }
  std::uint16_t u16(std::size_t at) const {
    auto b = [&](std::size_t i) {
      return static_cast<std::uint16_t>(static_cast<unsigned char>(db_[at + i]));
    };
    return static_cast<std::uint16_t>(big_ ? (b(0) << 8) | b(1) : b(0) | (b(1) << 8));
  }
  std::uint8_t u8(std::size_t at) const { return static_cast<std::uint8_t>(db_[at]); }

 private:
  std::string_view db_;
  bool big_;
};

struct Layout {
  std::size_t page_size = 0;
  std::uint32_t last_page = 0;
};

// Overflow pages already part of a chain: in a sound database every page belongs to one chain,
// so each page is read at most once and the total work is bounded by the file size.
struct Visited {
  std::vector<bool> page;
};

// Concatenates the overflow chain starting at `page`; fails on a loop, an out-of-range page or
// a page another chain already used.
Result<std::string> overflow_value(std::string_view db, const Reader& r, const Layout& l,
                                   std::uint32_t page, Visited& visited) {
  std::string value;
  for (std::uint32_t hops = 0; page != 0; ++hops) {
    if (hops > l.last_page || page > l.last_page) return invalid_input("overflow chain is broken");
    if (visited.page[page])
      return invalid_input("overflow page " + std::to_string(page) +
                           " is shared with another chain");
    visited.page[page] = true;
    std::size_t at = std::size_t{page} * l.page_size;
    std::uint32_t next = r.u32(at + 16);
    std::size_t used = next == 0 ? r.u16(at + 22) : l.page_size - kPageHeaderSize;
    if (used > l.page_size - kPageHeaderSize)
      return invalid_input("overflow page " + std::to_string(page) + " overfills");
    value.append(db.substr(at + kPageHeaderSize, used));
    page = next;
  }
  return value;
}

void read_hash_page(std::string_view db, const Reader& r, const Layout& l, std::uint32_t page,
                    RpmInventoryBuilder& builder, Visited& visited,
                    std::set<std::uint32_t>& chains) {
  std::size_t at = std::size_t{page} * l.page_size;
  std::uint8_t type = r.u8(at + 25);
  if (type != kPageHash && type != kPageHashUnsorted) return;
  std::uint16_t entries = r.u16(at + 20);
  std::string where = "BerkeleyDB page " + std::to_string(page);
  if (kPageHeaderSize + std::size_t{entries} * 2 > l.page_size) {
    builder.add({}, where + " (index overfills the page)");
    return;
  }
  for (std::uint16_t i = 1; i < entries; i += 2) {  // key/value pairs: values only
    std::size_t off = r.u16(at + kPageHeaderSize + std::size_t{i} * 2);
    if (off + 12 > l.page_size || r.u8(at + off) != kHashOffPage) continue;
    // Slots naming one chain share one blob: it is parsed once.
    if (!chains.insert(r.u32(at + off + 4)).second) continue;
    auto value = overflow_value(db, r, l, r.u32(at + off + 4), visited);
    if (!value) {
      builder.add({}, where + " (" + value.error().message + ")");
      continue;
    }
    builder.add(*value, where);
  }
}

Result<Inventory> read_bdb(std::string_view db, const std::string& path, const OsRelease* os) {
  if (db.size() < 512) return invalid_input(path + ": too short for a BerkeleyDB database");
  Reader le(db, false), be(db, true);
  bool big = be.u32(12) == kHashMagic;
  if (!big && le.u32(12) != kHashMagic)
    return invalid_input(path + ": not a BerkeleyDB hash database (bad magic)");
  const Reader& r = big ? be : le;
  Layout l{r.u32(20), r.u32(32)};
  if (l.page_size < 512 || l.page_size > 65536 || (l.page_size & (l.page_size - 1)) != 0)
    return invalid_input(path + ": BerkeleyDB page size " + std::to_string(l.page_size) +
                         " is invalid");
  if ((std::uint64_t{l.last_page} + 1) * l.page_size > db.size())
    return invalid_input(path + ": BerkeleyDB file is truncated (last page " +
                         std::to_string(l.last_page) + ")");
  RpmInventoryBuilder builder(os);
  Visited visited{std::vector<bool>(std::size_t{l.last_page} + 1)};
  std::set<std::uint32_t> chains;
  for (std::uint32_t page = 1; page <= l.last_page; ++page)
    read_hash_page(db, r, l, page, builder, visited, chains);
  return std::move(builder).finish();
}

class RpmBdbExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "os/rpm-bdb"; }
  bool wants(const FileInfo& f) const override {
    return path_is(f.path, "var/lib/rpm/Packages") ||
           path_is(f.path, "usr/lib/sysimage/rpm/Packages");
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    return read_bdb(input.content, input.info.path, input.os);
  }
};

}  // namespace

std::unique_ptr<Extractor> make_rpm_bdb_extractor() { return std::make_unique<RpmBdbExtractor>(); }

}  // namespace bulwark::extract::os
