// Internal to the inventory core (walker.cpp, walk_directory.cpp, walk_archive.cpp): the file
// sources and the bounded reading they share. Not included outside src/bulwark/extract.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/extract/walker.hpp"

namespace bulwark::extract::detail {

// Reads the current file, bounded by max_file_size and the total-bytes budget.
using ReadFn = std::function<Result<std::string>()>;
// Receives every regular file a WantFn accepted.
using FileSink = std::function<Result<void>(const FileInfo&, const ReadFn&)>;
using WantFn = std::function<bool(const FileInfo&)>;

// The limits of one walk and the counters it updates.
struct Budget {
  const InventoryOptions& options;
  InventoryReport& report;

  // Adds n bytes read from `entry`; fails once the total passes max_total_bytes.
  Result<void> consume(std::uint64_t n, std::string_view entry);
  // Counts one more entry; fails once there are more than max_entries.
  Result<void> count_entry();
};

// The os-release file found in a target (unparsed) and where.
struct FoundOs {
  std::string path;  // "etc/os-release" or "usr/lib/os-release"
  std::string text;
};

inline constexpr std::string_view kOsReleasePaths[] = {"etc/os-release", "usr/lib/os-release"};

// Directory sources. Symlinks are never followed.
Result<std::optional<FoundOs>> directory_os_release(const std::string& root, Budget& budget);
Result<void> walk_directory(const std::string& root, Budget& budget, const WantFn& want,
                            const FileSink& sink);

// A single file given as the target; FileInfo::path is its file name.
Result<void> walk_single_file(const std::string& path, Budget& budget, const FileSink& sink);

// Archive sources (tar/zip, optionally compressed). Each call opens the archive anew.
bool looks_like_archive(std::string_view head);
Result<std::optional<FoundOs>> archive_os_release(const std::string& path, Budget& budget);
Result<void> walk_archive(const std::string& path, Budget& budget, const WantFn& want,
                          const FileSink& sink);

// "64 MiB" for whole MiB, else "1000 bytes" (for limit messages).
std::string size_text(std::uint64_t bytes);

// Normalises an archive member name ("./a//b" -> "a/b"); fails on an absolute path or a '..'
// segment (a hostile archive). An empty result means the archive root itself.
Result<std::string> normalize_member_name(std::string_view raw);

}  // namespace bulwark::extract::detail
