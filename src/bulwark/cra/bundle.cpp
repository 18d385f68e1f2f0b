#include "bulwark/cra/bundle.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "bulwark/core/atomic_file.hpp"
#include "bulwark/core/text.hpp"

namespace bulwark::cra {

namespace {
struct ArchiveDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;
using EntryPtr = std::unique_ptr<archive_entry, EntryDeleter>;

Result<void> check_name(const std::string& name, std::set<std::string>& seen) {
  if (name.empty()) return invalid_input("bundle file name: must not be empty");
  if (name.front() == '/' || name.find('\\') != std::string::npos)
    return invalid_input("bundle file \"" + name +
                         "\": name must be a relative '/'-separated path");
  for (auto part : split(name, '/'))
    if (part.empty() || part == "." || part == "..")
      return invalid_input("bundle file \"" + name + "\": empty, '.' or '..' path segment");
  if (name == kManifestName)
    return invalid_input("bundle file \"" + name + "\": name is reserved for the manifest");
  if (!seen.insert(name).second) return invalid_input("bundle file \"" + name + "\": listed twice");
  return {};
}

std::vector<const BundleFile*> sorted(const std::vector<BundleFile>& files) {
  std::vector<const BundleFile*> out;
  for (const auto& f : files) out.push_back(&f);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->name < b->name; });
  return out;
}

Result<void> write_entry(archive* a, const std::string& zip_path, const std::string& name,
                         const std::string& content, time_t mtime) {
  EntryPtr e(archive_entry_new());
  archive_entry_set_pathname(e.get(), name.c_str());
  archive_entry_set_filetype(e.get(), AE_IFREG);
  archive_entry_set_perm(e.get(), 0644);
  archive_entry_set_uid(e.get(), 0);
  archive_entry_set_gid(e.get(), 0);
  archive_entry_set_mtime(e.get(), mtime, 0);
  archive_entry_set_size(e.get(), static_cast<la_int64_t>(content.size()));
  if (archive_write_header(a, e.get()) != ARCHIVE_OK)
    return io_error(fmt::format("{}: entry {}: {}", zip_path, name, archive_error_string(a)));
  if (!content.empty() && archive_write_data(a, content.data(), content.size()) !=
                              static_cast<la_ssize_t>(content.size()))
    return io_error(fmt::format("{}: entry {}: {}", zip_path, name, archive_error_string(a)));
  return {};
}

Result<time_t> entry_time(std::optional<TimePoint> mtime) {
  const TimePoint t = mtime ? *mtime : *parse_rfc3339("1980-01-02T00:00:00Z");
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  // DOS time covers 1980-01-01 .. 2107-12-31.
  if (secs < 315532800 || secs >= 4354819200LL)
    return invalid_input("bundle mtime " + format_rfc3339(t) +
                         ": outside 1980..2107 (zip DOS time)");
  return static_cast<time_t>(secs);
}

// libarchive writes into this string (so the DOS times can be fixed before the file is written).
la_ssize_t append_cb(archive*, void* client, const void* buf, size_t n) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}

std::uint32_t get_le(const std::string& z, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(z[at + i]);
  return v;
}
void put_le16(std::string& z, std::size_t at, std::uint16_t v) {
  z[at] = static_cast<char>(v & 0xff);
  z[at + 1] = static_cast<char>(v >> 8);
}

// libarchive derives the DOS date/time fields from the writer's local time zone; rewrite them in
// every local and central header from the UTC time so the bytes do not depend on TZ.
Result<void> patch_dos_times(std::string& z, time_t mtime, const std::string& zip_path) {
  using namespace std::chrono;
  const auto tp = sys_seconds{seconds{mtime}};
  const auto dp = floor<days>(tp);
  const year_month_day ymd{dp};
  const hh_mm_ss hms{tp - dp};
  const auto dos_time = static_cast<std::uint16_t>(
      (hms.hours().count() << 11) | (hms.minutes().count() << 5) | (hms.seconds().count() / 2));
  const auto dos_date = static_cast<std::uint16_t>(((static_cast<int>(ymd.year()) - 1980) << 9) |
                                                   (static_cast<unsigned>(ymd.month()) << 5) |
                                                   static_cast<unsigned>(ymd.day()));
  const auto bad = [&] {
    return make_error(ErrorCode::kInternal, zip_path + ": unexpected zip layout");
  };
  if (z.size() < 22 || get_le(z, z.size() - 22, 4) != 0x06054b50) return bad();
  const std::size_t eocd = z.size() - 22;
  const std::uint32_t count = get_le(z, eocd + 10, 2);
  std::size_t at = get_le(z, eocd + 16, 4);
  for (std::uint32_t i = 0; i < count; ++i) {
    if (at + 46 > eocd || get_le(z, at, 4) != 0x02014b50) return bad();
    const std::size_t local = get_le(z, at + 42, 4);
    if (local + 30 > z.size() || get_le(z, local, 4) != 0x04034b50) return bad();
    put_le16(z, at + 12, dos_time);
    put_le16(z, at + 14, dos_date);
    put_le16(z, local + 10, dos_time);
    put_le16(z, local + 12, dos_date);
    at += 46 + get_le(z, at + 28, 2) + get_le(z, at + 30, 2) + get_le(z, at + 32, 2);
  }
  return {};
}

}  // namespace

std::string bundle_manifest(const std::vector<BundleFile>& files) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const BundleFile* f : sorted(files))
    list.push_back(
        {{"name", f->name}, {"sha256", sha256_hex(f->content)}, {"size", f->content.size()}});
  nlohmann::ordered_json j;
  j["files"] = std::move(list);
  return j.dump(2) + "\n";
}

Result<std::string> evidence_bundle_bytes(const std::vector<BundleFile>& files,
                                          std::optional<TimePoint> mtime,
                                          const std::string& zip_path) {
  std::set<std::string> seen;
  for (const auto& f : files)
    if (auto ok = check_name(f.name, seen); !ok) return std::unexpected(ok.error());
  auto t = entry_time(mtime);
  if (!t) return std::unexpected(t.error());

  std::vector<BundleFile> all(files);
  all.push_back(BundleFile{std::string(kManifestName), bundle_manifest(files)});
  ArchivePtr a(archive_write_new());
  if (archive_write_set_format_zip(a.get()) != ARCHIVE_OK ||
      archive_write_set_options(a.get(), "zip:compression=store") != ARCHIVE_OK)
    return io_error(fmt::format("{}: {}", zip_path, archive_error_string(a.get())));
  std::string bytes;
  if (archive_write_set_bytes_in_last_block(a.get(), 1) != ARCHIVE_OK ||
      archive_write_open(a.get(), &bytes, nullptr, append_cb, nullptr) != ARCHIVE_OK)
    return io_error(fmt::format("{}: {}", zip_path, archive_error_string(a.get())));
  for (const BundleFile* f : sorted(all))
    if (auto ok = write_entry(a.get(), zip_path, f->name, f->content, *t); !ok)
      return std::unexpected(ok.error());
  if (archive_write_close(a.get()) != ARCHIVE_OK)
    return io_error(fmt::format("{}: {}", zip_path, archive_error_string(a.get())));
  if (auto ok = patch_dos_times(bytes, *t, zip_path); !ok) return std::unexpected(ok.error());
  return bytes;
}

Result<void> write_evidence_bundle(const std::string& zip_path,
                                   const std::vector<BundleFile>& files,
                                   std::optional<TimePoint> mtime) {
  auto bytes = evidence_bundle_bytes(files, mtime, zip_path);
  if (!bytes) return std::unexpected(bytes.error());
  return write_file_atomic(zip_path, *bytes);
}

}  // namespace bulwark::cra
