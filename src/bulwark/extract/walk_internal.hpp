// Internal to the inventory core (walker.cpp, walk_*.cpp, digest.cpp): the file sources, the
// bounded reading they share and the hashing pool. Not included outside src/bulwark/extract.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/extract/walker.hpp"

struct archive;  // libarchive

namespace bulwark::extract::detail {

// Reads the current file, bounded by max_file_size and the total-bytes budget.
using ReadFn = std::function<Result<std::string>()>;
// Receives every regular file a WantFn accepted.
using FileSink = std::function<Result<void>(const FileInfo&, const ReadFn&)>;
using WantFn = std::function<bool(const FileInfo&)>;

// The limits of one walk and the counters it updates. Every limit error names the entry, the
// limit and the environment variable that raises it.
struct Budget {
  const InventoryOptions& options;
  InventoryReport& report;
  std::string layer;  // digest of the image layer being walked ("" outside images)
  int depth = 0;      // nesting level of the filesystem image being walked
  std::optional<std::chrono::steady_clock::time_point> started;  // set by the first check_time()

  // Adds n bytes read from `entry`; fails once the total passes max_total_bytes.
  Result<void> consume(std::uint64_t n, std::string_view entry);
  // Counts one more entry; fails once there are more than max_entries (or the time is up).
  Result<void> count_entry();
  // Adds n bytes that came out of decompression for `entry`; fails past max_decompressed_bytes.
  Result<void> decompressed(std::uint64_t n, std::string_view entry);
  // Fails when decompressing `size` more bytes for `entry` would pass max_decompressed_bytes
  // (checked before a member is skipped or read, so a bomb is refused before it is inflated).
  Result<void> can_decompress(std::uint64_t size, std::string_view entry) const;
  // Fails once the walk has run longer than max_seconds.
  Result<void> check_time(std::string_view entry);
};

// Counts what one libarchive reader has decompressed (the output of its filters, e.g. gzip),
// skipped members included; a reader without a decompressing filter counts nothing here.
class DecompressionMeter {
 public:
  explicit DecompressionMeter(::archive* a);
  // Charges the bytes decompressed since the last call to `entry`.
  Result<void> update(Budget& budget, std::string_view entry);
  bool compressed() const { return compressed_; }

 private:
  ::archive* a_;
  bool compressed_ = false;
  std::uint64_t seen_ = 0;
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
// `want` lets the pass refuse a wanted member over the size limit as soon as its header is seen
// (so a compression bomb is not inflated before the main pass refuses it).
Result<std::optional<FoundOs>> archive_os_release(const std::string& path, Budget& budget,
                                                  const WantFn& want);
Result<void> walk_archive(const std::string& path, Budget& budget, const WantFn& want,
                          const FileSink& sink);

// Reads the current member of an open libarchive reader, bounded like every read; `meter`
// (optional) charges the decompression it causes.
Result<std::string> read_archive_member(::archive* a, const std::string& member, Budget& budget,
                                        DecompressionMeter* meter = nullptr);

// The limit messages' hints: " (raise with BULWARK_LIMIT_<name>)".
std::string raise_hint(std::string_view variable);

// Container images (docker save tarball, OCI layout directory or tar).
struct ImageLayer {
  std::string digest;  // "sha256:..." (the diff id for a legacy docker save layer)
  std::string member;  // path of the layer blob inside the image tar or directory
};
struct ImageInfo {
  bool directory = false;       // an OCI layout directory, else a tar
  std::string name;             // repository or reference name, "" when unknown
  std::string tag;              // tag, "" when unknown
  std::string manifest_digest;  // "" for a legacy docker save (no manifest blob)
  std::string config_digest;
  std::vector<ImageLayer> layers;  // bottom first
};
// Recognises an image by content; nullopt when `target` is not one. `is_dir` says what it is.
Result<std::optional<ImageInfo>> probe_image(const std::string& target, bool is_dir,
                                             Budget& budget);
Result<std::optional<FoundOs>> image_os_release(const std::string& target, const ImageInfo& image,
                                                Budget& budget);
// Walks the final filesystem (layers applied with whiteouts); sets budget.layer for the sink.
Result<void> walk_image(const std::string& target, const ImageInfo& image, Budget& budget,
                        const WantFn& want, const FileSink& sink);

// SquashFS images ("hsqs" magic), read in place with libsquashfs.
bool looks_like_squashfs(std::string_view head);
Result<std::optional<FoundOs>> squashfs_os_release(const std::string& path, Budget& budget);
Result<void> walk_squashfs(const std::string& path, Budget& budget, const WantFn& want,
                           const FileSink& sink);

// A file inside an archive, image or SquashFS that may itself be a SquashFS image. `read`
// returns nullopt when the first bytes are not a SquashFS superblock (the rest is not read),
// else the whole file bounded by max_nested_image_size. Returns true when the file was a
// nested image and has been walked (its files reach the sink as "<info.path>/<inner path>").
// Fails when the nesting is deeper than max_archive_depth.
using NestedReadFn = std::function<Result<std::optional<std::string>>()>;
bool nested_image_candidate(const FileInfo& info, const Budget& budget);
Result<bool> walk_nested_image(const FileInfo& info, const NestedReadFn& read, Budget& budget,
                               const WantFn& want, const FileSink& sink);

// Computes SHA-256 + SHA-512 of submitted contents on background threads; at most
// max_pending_bytes wait in the queue (submit blocks). With 0 threads it hashes inline.
class HashPool {
 public:
  explicit HashPool(unsigned threads, std::uint64_t max_pending_bytes = std::uint64_t{256} << 20);
  ~HashPool();
  HashPool(const HashPool&) = delete;
  HashPool& operator=(const HashPool&) = delete;
  std::shared_future<FileDigests> submit(std::string data);
  static unsigned default_threads();

 private:
  struct State;
  void work();
  std::unique_ptr<State> state_;
  std::uint64_t max_pending_;
  std::vector<std::thread> workers_;
};

// "64 MiB" for whole MiB, else "1000 bytes" (for limit messages).
std::string size_text(std::uint64_t bytes);

// Normalises an archive member name ("./a//b" -> "a/b"); fails on an absolute path or a '..'
// segment (a hostile archive). An empty result means the archive root itself.
Result<std::string> normalize_member_name(std::string_view raw);

}  // namespace bulwark::extract::detail
