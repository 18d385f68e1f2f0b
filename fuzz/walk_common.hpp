// Shared body of the walker fuzz targets (fuzz_walk_*.cpp): the input becomes an in-memory file
// (memfd) that inventory() classifies by content (tar/zip archive, docker/OCI image tar,
// SquashFS image) and walks with tight limits. Any input must end in an Sbom or an Error; the
// limits must hold (bytes read, entries, decompressed bytes).
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "bulwark/extract/walker.hpp"

namespace bulwark_fuzz {

inline void walk_in_memory(const std::uint8_t* data, std::size_t size) {
  int fd = memfd_create("bulwark-fuzz", 0);
  if (fd < 0) std::abort();
  for (std::size_t done = 0; done < size;) {
    ssize_t n = write(fd, data + done, size - done);
    if (n <= 0) std::abort();
    done += static_cast<std::size_t>(n);
  }
  bulwark::extract::InventoryOptions o;
  o.max_file_size = 1 << 20;
  o.max_total_bytes = 16 << 20;
  o.max_decompressed_bytes = 64 << 20;
  o.max_entries = 10000;
  o.max_nested_image_size = 4 << 20;
  o.max_archive_depth = 2;
  o.hash_threads = 0;
  bulwark::extract::InventoryReport report;
  auto sbom = bulwark::extract::inventory("/proc/self/fd/" + std::to_string(fd), o, &report);
  close(fd);
  if (!sbom && sbom.error().message.empty()) std::abort();
  // The limits hold: a limit is never passed by more than one read block.
  if (report.bytes_read > o.max_total_bytes + (1 << 18)) std::abort();
  if (report.entries > o.max_entries + 1) std::abort();
  if (report.decompressed_bytes > o.max_decompressed_bytes + (std::uint64_t{1} << 20)) std::abort();
}

}  // namespace bulwark_fuzz

#define BULWARK_WALK_FUZZ_TARGET                                                      \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    bulwark_fuzz::walk_in_memory(data, size);                                         \
    return 0;                                                                         \
  }
