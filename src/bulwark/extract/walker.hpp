// Inventory of a target (SBOM generation): walks a directory, a root-filesystem archive (tar,
// tar.gz, tar.xz, tar.bz2, tar.zst, zip; read with libarchive, never extracted to disk), a
// container image (`docker save` tarball, OCI image layout directory or tar: the layers are
// applied in order with whiteouts, so only the final filesystem is inventoried), a SquashFS
// image (read with libsquashfs, never extracted) or a single lockfile, hands every file an
// extractor wants to that extractor and assembles the components into one Sbom. Images are
// recognised by content (manifest.json, oci-layout + index.json, "hsqs" magic), not file name.
//
// Bounded: the size of a file read, the number of entries, the total bytes read, the bytes
// decompressed (skipped members included) and the wall time are limited
// (docs/sbom-hostile-limits.md); a SquashFS image inside an archive is opened up to
// max_archive_depth levels (held in memory, at most max_nested_image_size bytes). A hostile archive
// (absolute member path, '..' segment, wanted member over the size limit, too many entries or
// bytes, nesting too deep) fails with an error naming the archive and the entry. Symlinks, hard
// links and special files are skipped (never followed) and counted in the notes. Components of an
// image carry the digest of the layer that delivered them ("bulwark:layer"). Files delivering
// components are hashed (SHA-256 + SHA-512) on background threads. The distribution
// (etc/os-release, else usr/lib/os-release) is detected before any extractor runs; it becomes an
// operating-system component and is passed to the extractors. An extractor failing on a file is a
// note unless `strict`. Thread-safe (no shared state).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/digest.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/extract/extractor.hpp"
#include "bulwark/model/sbom.hpp"

namespace bulwark::extract {

struct InventoryOptions {
  // The product the SBOM describes (Sbom::subject); name defaults to the target's file name.
  std::string name;
  std::string version;
  std::string supplier;
  std::uint64_t max_file_size = std::uint64_t{64} << 20;   // bytes read from one file
  std::uint64_t max_entries = 1'000'000;                   // directory or archive entries
  std::uint64_t max_total_bytes = std::uint64_t{4} << 30;  // bytes read over the whole walk
  // Nesting levels of filesystem images (SquashFS) opened inside an archive or image: 0 never
  // opens one, at most 8. Image layers are part of the image and do not count.
  int max_archive_depth = 2;
  std::uint64_t max_nested_image_size = std::uint64_t{512}
                                        << 20;  // a nested image is held in memory
  // Bytes coming out of decompression over the whole walk (archive streams, image layers,
  // skipped members included): a compression bomb stops here, not at the end of the disk.
  std::uint64_t max_decompressed_bytes = std::uint64_t{32} << 30;
  // Wall time of the walk in seconds (0: unlimited), measured on a monotonic clock.
  std::uint64_t max_seconds = 3600;
  // The monotonic clock of max_seconds; empty: std::chrono::steady_clock (tests inject one).
  std::function<std::chrono::steady_clock::time_point()> monotonic_now;
  // Threads hashing files in the background; -1: chosen from the hardware, 0: hash inline.
  int hash_threads = -1;
  bool strict = false;  // an extractor error or skipped oversized file fails the inventory
  // Called every 64 entries with (entries seen, bytes read so far); for a progress display.
  std::function<void(std::uint64_t entries, std::uint64_t bytes_read)> on_progress;
};

// What happened during the walk, for the CLI summary.
struct InventoryReport {
  std::vector<std::string> notes;                              // "path: message", in walk order
  std::map<std::string, std::size_t> components_by_extractor;  // extractor name -> components
  std::uint64_t entries = 0;     // entries seen (files, directories, links, ...)
  std::uint64_t files_read = 0;  // files handed to at least one extractor
  std::uint64_t bytes_read = 0;
  std::uint64_t decompressed_bytes = 0;  // out of decompression, skipped archive members included
  std::uint64_t skipped_links = 0;       // symlinks and hard links
  std::uint64_t skipped_special = 0;     // devices, fifos, sockets
  std::uint64_t hidden_by_layers = 0;    // image entries deleted or replaced by an upper layer
  std::optional<OsRelease> os;
};

using ExtractorList = std::vector<std::unique_ptr<Extractor>>;

// The limits a run may raise (or lower) from the environment, without a command-line flag:
// BULWARK_LIMIT_FILE_SIZE, _ENTRIES, _BYTES, _DECOMPRESSED, _DEPTH, _NESTED_IMAGE_SIZE, _SECONDS
// (sizes in bytes, with an optional K, M or G suffix for KiB, MiB, GiB). A variable that is set
// replaces the option's value; a malformed one is an error naming it. inventory() applies them.
// Defaults and rationale: docs/sbom-hostile-limits.md.
Result<InventoryOptions> with_limit_overrides(InventoryOptions options);

// Inventories `target` with every extractor (all_extractors()).
Result<Sbom> inventory(const std::string& target, const InventoryOptions& options,
                       InventoryReport* report = nullptr);
// Same with a given extractor list (tests, or a restricted set).
Result<Sbom> inventory(const std::string& target, const InventoryOptions& options,
                       const ExtractorList& extractors, InventoryReport* report = nullptr);

// Lower-case hex SHA-256 / SHA-512 of a byte string (the one implementation in core).
using bulwark::sha256_hex;
using bulwark::sha512_hex;

// Both digests computed in one pass over the data.
struct FileDigests {
  std::string sha256;
  std::string sha512;
};
FileDigests sha256_sha512(std::string_view data);
// Same for a file read with a large buffer; the error names the path.
Result<FileDigests> digest_file(const std::string& path);

}  // namespace bulwark::extract
