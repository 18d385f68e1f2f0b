// Archive source of the inventory: tar and zip (any compression libarchive reads), streamed
// member by member, never extracted to disk. Member names are checked before anything else
// happens to them: an absolute path or a '..' segment fails the walk.
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bulwark/core/archive_ptr.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/extract/walk_internal.hpp"

namespace bulwark::extract::detail {
namespace {

Result<ArchivePtr> open_archive(const std::string& path) {
  ArchivePtr a(archive_read_new());
  if (!a) return io_error("cannot allocate an archive reader");
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    return invalid_input("cannot open as a tar or zip archive: " + archive_message(a.get()));
  return a;
}

bool is_zip(archive* a) {
  return (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP;
}

// Reads the current member up to `limit` bytes; with `magic`, stops (nullopt) after the first
// block when the data does not start with it. Every byte decompressed is charged: through the
// meter for a compressed stream, as it comes out of a zip member otherwise.
Result<std::optional<std::string>> read_bounded_member(archive* a, const std::string& member,
                                                       Budget& budget, std::uint64_t limit,
                                                       std::string_view magic,
                                                       DecompressionMeter* meter) {
  std::string data;
  std::vector<char> buf(std::size_t{1} << 18);
  const bool zip = is_zip(a);
  for (;;) {
    la_ssize_t n = archive_read_data(a, buf.data(), buf.size());
    if (n < 0) return invalid_input(member + ": cannot read archive member: " + archive_message(a));
    if (meter)
      if (auto ok = meter->update(budget, member); !ok)
        return std::unexpected(std::move(ok).error());
    if (zip)
      if (auto ok = budget.decompressed(static_cast<std::uint64_t>(n), member); !ok)
        return std::unexpected(std::move(ok).error());
    if (n == 0)
      return data.starts_with(magic) ? std::optional<std::string>(std::move(data)) : std::nullopt;
    data.append(buf.data(), static_cast<std::size_t>(n));
    if (data.size() >= magic.size() && !data.starts_with(magic)) return std::nullopt;
    if (data.size() > limit)
      return invalid_input(member + ": archive member larger than the read limit of " +
                           size_text(limit) + " (refusing a hostile archive)" +
                           raise_hint("FILE_SIZE"));
    if (auto ok = budget.consume(static_cast<std::uint64_t>(n), member); !ok)
      return std::unexpected(std::move(ok).error());
  }
}

Result<std::string> read_member(archive* a, const std::string& member, Budget& budget,
                                DecompressionMeter* meter) {
  auto r = read_bounded_member(a, member, budget, budget.options.max_file_size, "", meter);
  if (!r) return std::unexpected(std::move(r).error());
  return std::move(**r);
}

// Called for each regular-file member; returns false to stop the walk early.
using MemberFn = std::function<Result<bool>(const FileInfo&, archive*, DecompressionMeter&)>;

struct MemberWalk {
  Budget& budget;
  bool count;  // update the report's counters (the pass that feeds the extractors)
  std::uint64_t entries = 0;

  // Classifies one header: true when it is a regular file to hand on (info filled).
  Result<bool> classify(archive_entry* e, FileInfo& info) {
    const char* raw = archive_entry_pathname(e);
    if (++entries > budget.options.max_entries)
      return invalid_input("'" + std::string(raw ? raw : "") + "': more than " +
                           std::to_string(budget.options.max_entries) +
                           " archive entries (refusing a hostile archive)" + raise_hint("ENTRIES"));
    auto name = normalize_member_name(raw ? raw : "");
    if (!name) return std::unexpected(std::move(name).error());
    if (name->empty()) return false;
    auto type = archive_entry_filetype(e);
    bool link = archive_entry_hardlink(e) != nullptr || type == AE_IFLNK;
    if (link || (type != AE_IFREG && type != AE_IFDIR)) {
      if (count) ++(link ? budget.report.skipped_links : budget.report.skipped_special);
      return false;
    }
    if (type == AE_IFDIR) return false;
    auto size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
    info = FileInfo{std::move(*name),
                    static_cast<std::uint64_t>(size < 0 ? 0 : size),
                    (archive_entry_perm(e) & 0111) != 0,
                    static_cast<std::uint32_t>(archive_entry_mode(e)),
                    archive_entry_uid(e),
                    archive_entry_gid(e)};
    return true;
  }

  Result<void> run(const std::string& path, const MemberFn& fn) {
    auto a = open_archive(path);
    if (!a) return std::unexpected(std::move(a).error());
    archive_entry* e = nullptr;
    std::string last = "(start)";
    DecompressionMeter meter(a->get());
    for (;;) {
      int rc = archive_read_next_header(a->get(), &e);
      // Moving on decompressed what was left of the previous member (skipped, not read).
      if (auto ok = meter.update(budget, "'" + last + "'"); !ok) return ok;
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN)
        return invalid_input("corrupt archive after entry " + last + ": " +
                             archive_message(a->get()));
      FileInfo info;
      auto regular = classify(e, info);
      if (!regular) return std::unexpected(std::move(regular).error());
      if (const char* raw = archive_entry_pathname(e)) last = raw;
      // In a compressed stream a member's data is inflated whether it is read or skipped:
      // refuse one whose declared size alone passes the limit before inflating anything.
      if (meter.compressed() && archive_entry_size_is_set(e) && archive_entry_size(e) > 0)
        if (auto ok = budget.can_decompress(static_cast<std::uint64_t>(archive_entry_size(e)),
                                            "'" + last + "'");
            !ok)
          return ok;
      if (!*regular) continue;
      auto more = fn(info, a->get(), meter);
      if (!more) return std::unexpected(std::move(more).error());
      if (!*more) break;
    }
    if (count) budget.report.entries += entries;
    return {};
  }
};

}  // namespace

Result<std::string> read_archive_member(archive* a, const std::string& member, Budget& budget,
                                        DecompressionMeter* meter) {
  return read_member(a, member, budget, meter);
}

DecompressionMeter::DecompressionMeter(archive* a) : a_(a) {
  // Filter 0 feeds the format reader; the last one reads the raw bytes ("none"): more than one
  // filter means a decompressor sits in between.
  // What the reader decompressed while opening (format detection) is charged with the first update.
  compressed_ = a != nullptr && archive_filter_count(a) > 1;
}

Result<void> DecompressionMeter::update(Budget& budget, std::string_view entry) {
  if (!compressed_) return {};
  auto now = static_cast<std::uint64_t>(std::max<la_int64_t>(archive_filter_bytes(a_, 0), 0));
  if (now <= seen_) return {};
  std::uint64_t delta = now - seen_;
  seen_ = now;
  return budget.decompressed(delta, entry);
}

Result<std::string> normalize_member_name(std::string_view raw) {
  const std::string shown = "'" + std::string(raw) + "'";
  if (!raw.empty() && (raw.front() == '/' || raw.front() == '\\' ||
                       (raw.size() > 2 && raw[1] == ':' && (raw[2] == '/' || raw[2] == '\\'))))
    return invalid_input(shown + ": absolute path in archive (refusing a hostile archive)");
  std::string out;
  for (auto seg : split(raw, '/')) {
    if (seg.empty() || seg == ".") continue;
    for (auto part : split(seg, '\\'))
      if (part == "..")
        return invalid_input(shown + ": '..' segment in archive path (refusing a hostile archive)");
    if (!out.empty()) out += '/';
    out += seg;
  }
  return out;
}

bool looks_like_archive(std::string_view head) {
  auto has = [&](std::size_t at, std::string_view magic) {
    return at <= head.size() && head.substr(at, magic.size()) == magic;
  };
  return has(0, "\x1f\x8b") ||
         has(0,
             "\xfd"
             "7zXZ") ||
         has(0, "BZh") || has(0, "\x28\xb5\x2f\xfd") || has(0, "PK\x03\x04") ||
         has(0, "PK\x05\x06") || has(257, "ustar");
}

Result<std::optional<FoundOs>> archive_os_release(const std::string& path, Budget& budget,
                                                  const WantFn& want) {
  std::optional<FoundOs> found;
  MemberWalk walk{budget, false};
  auto r = walk.run(
      path, [&](const FileInfo& info, archive* a, DecompressionMeter& meter) -> Result<bool> {
        if (info.size > budget.options.max_file_size && want(info))
          return invalid_input(info.path + ": " + std::to_string(info.size) +
                               " bytes, over the read limit of " +
                               size_text(budget.options.max_file_size) +
                               " (refusing a hostile archive)" + raise_hint("FILE_SIZE"));
        std::size_t rank = info.path == kOsReleasePaths[0]   ? 0
                           : info.path == kOsReleasePaths[1] ? 1
                                                             : 2;
        if (rank == 2 || (found && found->path == kOsReleasePaths[0])) return true;
        auto text = read_member(a, info.path, budget, &meter);
        if (!text) return std::unexpected(std::move(text).error());
        found = FoundOs{info.path, std::move(*text)};
        return rank != 0;  // etc/os-release wins: stop looking
      });
  if (!r) return std::unexpected(std::move(r).error());
  return found;
}

Result<void> walk_archive(const std::string& path, Budget& budget, const WantFn& want,
                          const FileSink& sink) {
  MemberWalk walk{budget, true};
  return walk.run(
      path, [&](const FileInfo& info, archive* a, DecompressionMeter& meter) -> Result<bool> {
        if (!want(info) && nested_image_candidate(info, budget)) {
          NestedReadFn read = [&] {
            return read_bounded_member(a, info.path, budget, budget.options.max_nested_image_size,
                                       "hsqs", &meter);
          };
          auto nested = walk_nested_image(info, read, budget, want, sink);
          if (!nested) return std::unexpected(std::move(nested).error());
          if (*nested) return true;
        }
        if (!want(info)) return true;
        ReadFn read = [&] { return read_member(a, info.path, budget, &meter); };
        auto r = sink(info, read);
        if (!r) return std::unexpected(std::move(r).error());
        return true;
      });
}

}  // namespace bulwark::extract::detail
