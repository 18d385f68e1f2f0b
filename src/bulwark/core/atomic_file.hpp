// The one way Bulwark writes a file (databases aside): a unique temporary file created with
// O_EXCL in the target's directory, written, fsync'ed, renamed over the target, and the directory
// fsync'ed. A kill or a full disk at any point leaves the previous file or the new one, never a
// mix; a failed write removes the temporary file and names the path. Thread-safe.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark {

struct AtomicWriteOptions {
  unsigned mode = 0644;         // permissions of the new file (before umask)
  bool create_parents = false;  // create missing parent directories first
};

// Writes `content` to `path` atomically.
Result<void> write_file_atomic(const std::string& path, std::string_view content,
                               const AtomicWriteOptions& options = {});

// Streams into `path` atomically: `fn` writes to the stream; if it fails (or the stream does),
// the target is untouched and the error is returned.
Result<void> write_file_atomic(const std::string& path,
                               const std::function<Result<void>(std::ostream&)>& fn,
                               const AtomicWriteOptions& options = {});

// fsyncs a directory (after creating, renaming or removing entries in it).
Result<void> sync_directory(const std::string& dir);

}  // namespace bulwark
