// Streams documents out of zip and tar archives, and single compressed streams, with
// libarchive: nothing is extracted to disk, and members, their count and their total size are
// bounded.
#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>

#include "bulwark/core/archive_ptr.hpp"
#include "bulwark/vulndb/inputs.hpp"

namespace bulwark::vulndb::detail {
namespace {

bool in_hidden_dir_or_file(std::string_view name) {
  std::size_t start = 0;
  while (start < name.size()) {
    if (name[start] == '.' && name.substr(start, 2) != "./") return true;
    auto slash = name.find('/', start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

struct Reader {
  const std::string& path;
  const ArchiveLimits& limits;
  std::size_t total_bytes = 0;

  Result<std::string> member_text(archive* a, const std::string& ref, std::size_t max_bytes) {
    std::string text;
    char buf[1 << 16];
    for (;;) {
      la_ssize_t n = archive_read_data(a, buf, sizeof buf);
      if (n < 0) return invalid_input(ref + ": cannot read archive member: " + archive_message(a));
      if (n == 0) return text;
      text.append(buf, static_cast<std::size_t>(n));
      total_bytes += static_cast<std::size_t>(n);
      if (text.size() > max_bytes)
        return invalid_input(ref + ": archive member larger than " +
                             std::to_string(max_bytes >> 20) + " MiB (refusing a hostile archive)");
      if (total_bytes > limits.max_total_bytes)
        return invalid_input(path + ": archive expands to more than " +
                             std::to_string(limits.max_total_bytes >> 20) +
                             " MiB (refusing a hostile archive)");
    }
  }

  // A compressed stream that is not a tar: one document, e.g. epss_scores.csv.gz.
  Result<std::size_t> raw_stream(archive* a, const DocumentSink& sink) {
    auto text = member_text(a, path, limits.max_single_bytes);
    if (!text) return std::unexpected(std::move(text).error());
    const char* filter = archive_filter_name(a, 0);
    Document doc{path, std::move(*text), false, filter ? filter : ""};
    if (auto r = sink(std::move(doc)); !r) return std::unexpected(std::move(r).error());
    return 1;
  }

  Result<std::size_t> run(archive* a, const DocumentSink& sink) {
    std::size_t entries = 0, documents = 0;
    archive_entry* entry = nullptr;
    for (;;) {
      int rc = archive_read_next_header(a, &entry);
      if (rc == ARCHIVE_EOF) return documents;
      if (rc < ARCHIVE_WARN)
        return invalid_input(path + ": corrupt archive: " + archive_message(a));
      if (entries == 0 && archive_format(a) == ARCHIVE_FORMAT_RAW) return raw_stream(a, sink);
      if (++entries > limits.max_entries)
        return invalid_input(path + ": more than " + std::to_string(limits.max_entries) +
                             " archive members");
      const char* raw = archive_entry_pathname(entry);
      std::string name = raw ? raw : "";
      if (archive_entry_filetype(entry) != AE_IFREG || !is_document_name(name) ||
          in_hidden_dir_or_file(name))
        continue;
      if (archive_entry_size_is_set(entry) &&
          archive_entry_size(entry) > static_cast<la_int64_t>(limits.max_entry_bytes))
        return invalid_input(path + "!" + name + ": archive member larger than " +
                             std::to_string(limits.max_entry_bytes >> 20) +
                             " MiB (refusing a hostile archive)");
      std::string ref = path + "!" + name;
      auto text = member_text(a, ref, limits.max_entry_bytes);
      if (!text) return std::unexpected(std::move(text).error());
      ++documents;
      if (auto r = sink(Document{std::move(ref), std::move(*text), is_yaml_name(name), {}}); !r)
        return std::unexpected(std::move(r).error());
    }
  }
};

}  // namespace

Result<std::size_t> read_archive(const std::string& path, const DocumentSink& sink,
                                 const ArchiveLimits& limits, bool raw) {
  ArchivePtr a(archive_read_new());
  if (!a) return io_error(path + ": cannot allocate an archive reader");
  archive_read_support_filter_all(a.get());
  archive_read_support_format_zip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  if (raw) archive_read_support_format_raw(a.get());  // bids below tar: a .tar.gz stays a tar
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    return invalid_input(path + ": not a readable zip or tar archive: " + archive_message(a.get()));
  Reader reader{path, limits};
  return reader.run(a.get(), sink);
}

}  // namespace bulwark::vulndb::detail
