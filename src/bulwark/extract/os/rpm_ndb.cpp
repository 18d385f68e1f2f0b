// rpm database, NDB backend (usr/lib/sysimage/rpm/Packages.db, SUSE): a 32-byte header
// ("RpmP", version 0, generation, slot page count), slot entries ("Slot", package index,
// block offset, block count) and blobs at block offset * 16 ("BlbS", index, checksum,
// length, header blob). Little-endian.
#include <cstdint>
#include <set>
#include <string>

#include "bulwark/extract/os/os_common.hpp"
#include "bulwark/extract/os/rpm_header.hpp"

namespace bulwark::extract::os {
namespace {

constexpr std::uint32_t kHeaderMagic = 0x506d7052;  // "RpmP"
constexpr std::uint32_t kSlotMagic = 0x746f6c53;    // "Slot"
constexpr std::uint32_t kBlobMagic = 0x53626c42;    // "BlbS"
constexpr std::size_t kHeaderSize = 32, kSlotSize = 16, kBlockSize = 16, kSlotsPerPage = 4096 / 16;

std::uint32_t le32(std::string_view s, std::size_t at) {
  auto b = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + i]));
  };
  return b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24);
}

Result<Inventory> read_ndb(std::string_view db, const std::string& path, const OsRelease* os) {
  if (db.size() < kHeaderSize || le32(db, 0) != kHeaderMagic || le32(db, 4) != 0)
    return invalid_input(path + ": not an rpm NDB database (bad header magic or version)");
  std::uint64_t slot_pages = le32(db, 12);
  if (slot_pages == 0) return invalid_input(path + ": NDB header has no slot pages");
  std::uint64_t slots = slot_pages * kSlotsPerPage - 2;
  if (kHeaderSize + slots * kSlotSize > db.size())
    return invalid_input(path + ": NDB slot table is truncated");
  RpmInventoryBuilder builder(os);
  // Each distinct blob is parsed once (slots sharing one are skipped), and blobs parsed in all
  // stay within the file size (overlapping blobs cannot multiply the work).
  std::set<std::uint64_t> blobs;
  std::uint64_t parsed = 0;
  for (std::uint64_t i = 0; i < slots; ++i) {
    std::size_t at = kHeaderSize + i * kSlotSize;
    if (le32(db, at) != kSlotMagic)
      return invalid_input(path + ": NDB slot " + std::to_string(i) + " has a bad magic");
    std::uint32_t pkg_index = le32(db, at + 4);
    if (pkg_index == 0) continue;
    std::uint64_t blob_at = std::uint64_t{le32(db, at + 8)} * kBlockSize;
    std::string where = "NDB package index " + std::to_string(pkg_index);
    if (blob_at + 16 > db.size() || le32(db, blob_at) != kBlobMagic ||
        le32(db, blob_at + 4) != pkg_index) {
      builder.add({}, where + " (bad blob header)");
      continue;
    }
    if (!blobs.insert(blob_at).second) continue;
    std::uint64_t len = le32(db, blob_at + 12);
    if (blob_at + 16 + len > db.size()) {
      builder.add({}, where + " (blob beyond end of file)");
      continue;
    }
    if (parsed + 16 + len > db.size())
      return invalid_input(
          path + ": NDB slot " + std::to_string(i) +
          ": blobs overlap (more blob bytes than the file holds; refusing a hostile database)");
    parsed += 16 + len;
    builder.add(db.substr(blob_at + 16, len), where);
  }
  return std::move(builder).finish();
}

class RpmNdbExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "os/rpm-ndb"; }
  bool wants(const FileInfo& f) const override {
    return path_is(f.path, "usr/lib/sysimage/rpm/Packages.db") ||
           path_is(f.path, "var/lib/rpm/Packages.db");
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    return read_ndb(input.content, input.info.path, input.os);
  }
};

}  // namespace

std::unique_ptr<Extractor> make_rpm_ndb_extractor() { return std::make_unique<RpmNdbExtractor>(); }

}  // namespace bulwark::extract::os
