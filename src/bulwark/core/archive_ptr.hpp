// An owning handle for a libarchive reader and its error text. Header-only: include it from .cpp
// files of modules that link libarchive (extract, vulndb), never from a public header.
#pragma once

#include <archive.h>

#include <memory>
#include <string>

namespace bulwark {

struct ArchiveReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveReadFree>;

// libarchive's message for the last error on `a`.
inline std::string archive_message(archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown archive error";
}

}  // namespace bulwark
