// The one way Bulwark writes a file (databases aside): a unique temporary file created with
// O_EXCL in the target's directory, written, fsync'ed, renamed over the target, and the directory
// fsync'ed. A kill or a full disk at any point leaves the previous file or the new one, never a
// mix; a failed write removes the temporary file and names the path. Thread-safe. A target that
// exists and is no regular file (/dev/null, /dev/stdout, a FIFO) is written in place: a rename
// would replace the device or pipe with a regular file.
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

// Replaces the directory `dir` as a whole (a CSAF provider directory, a documents folder): a
// staging tree beside it (".NAME.staging-XXXX"; when `start_from_existing`, the current files are
// hard-linked into it) is filled by `fill(staging_path)`, then exchanged with `dir` in one
// renameat2(RENAME_EXCHANGE) (a rename when `dir` does not exist yet) and the old tree removed. A
// kill at any point leaves the previous tree or the new one under `dir`; leftovers of a killed
// run are removed by the next call. `fill` must replace files by rename (write_file_atomic),
// never modify one in place: staged files share their inodes with `dir`. On a file system
// without RENAME_EXCHANGE the swap is two renames and the error says where the old tree is if
// the second one fails.
Result<void> replace_directory_atomic(const std::string& dir,
                                      const std::function<Result<void>(const std::string&)>& fill,
                                      bool start_from_existing = true);

}  // namespace bulwark
