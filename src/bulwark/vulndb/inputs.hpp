// Finding documents in import inputs (internal to bulwark_vulndb): directory trees, single
// files of any name (recognised later by content), zip and tar archives, and single compressed
// streams such as epss_scores.csv.gz (all streamed through libarchive, never extracted to disk).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::vulndb::detail {

using VoidResult = std::expected<void, Error>;

// One file's text and how to name it in messages: "dir/GO-2024-1.json" or
// "all.zip!GHSA-xxxx.json".
struct Document {
  std::string ref;
  std::string text;
  bool yaml = false;
  std::string packing;  // "gzip", "xz"... for a single compressed stream; else empty
};
using DocumentSink = std::function<VoidResult(Document&&)>;

// Limits that make hostile archives fail clearly instead of exhausting memory.
struct ArchiveLimits {
  std::size_t max_entry_bytes = 64u << 20;              // one member
  std::size_t max_entries = 5'000'000;                  // members, counted whether used or not
  std::size_t max_total_bytes = std::size_t{16} << 30;  // all members' text together
  std::size_t max_single_bytes = std::size_t{1} << 30;  // a single file or compressed stream
};

// True for names ending in .json, .yaml or .yml (case-insensitive).
bool is_document_name(std::string_view name);
bool is_yaml_name(std::string_view name);

// One import input, planned before anything is read: a directory's files are listed (sorted,
// hidden entries skipped) so that progress knows the total.
struct Input {
  std::string path;
  bool archive = false;  // zip/tar, or a compressed stream (see raw)
  bool raw = false;      // compressed: may be a single document rather than a tar
  bool single = false;   // one file named by the user (any name, any size up to the limit)
  std::vector<std::string> files;  // documents of a directory, or the single document
};

// Checks that the path exists and lists what it holds. Not-found and unsupported-file errors
// name the path.
Result<Input> plan_input(const std::string& path);

// Calls sink for each document of the input, in order; stops at the first error (from the
// input or the sink). Returns the number of documents.
Result<std::size_t> read_input(const Input& input, const DocumentSink& sink,
                               const ArchiveLimits& limits = {});

// Streams the .json/.yaml/.yml members of an archive (zip, tar, tar.gz, tar.xz...). With raw,
// a compressed stream that holds no tar is one document named by the path.
Result<std::size_t> read_archive(const std::string& path, const DocumentSink& sink,
                                 const ArchiveLimits& limits, bool raw = false);

}  // namespace bulwark::vulndb::detail
