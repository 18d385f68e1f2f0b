#include "bulwark/vulndb/inputs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <filesystem>

#include "bulwark/core/text.hpp"

namespace bulwark::vulndb::detail {
namespace fs = std::filesystem;

namespace {

bool ends_with_icase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && equals_icase(s.substr(s.size() - suffix.size()), suffix);
}

bool is_archive_name(std::string_view name) {
  for (std::string_view ext :
       {".zip", ".tar", ".tgz", ".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst", ".txz"})
    if (ends_with_icase(name, ext)) return true;
  return false;
}

enum class Magic { kNone, kZip, kCompressed };

// Zip, or a compression libarchive reads (gzip, xz, bzip2, zstd), from the first bytes.
Magic sniff_magic(const std::string& path) {
  unsigned char b[6] = {};
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Magic::kNone;
  const ssize_t n = ::read(fd, b, sizeof b);
  ::close(fd);
  if (n < 4) return Magic::kNone;
  if (b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) return Magic::kZip;
  if (b[0] == 0x1f && b[1] == 0x8b) return Magic::kCompressed;  // gzip
  if (n >= 6 && std::memcmp(b,
                            "\xFD"
                            "7zXZ\0",
                            6) == 0)
    return Magic::kCompressed;                                               // xz
  if (b[0] == 'B' && b[1] == 'Z' && b[2] == 'h') return Magic::kCompressed;  // bzip2
  if (b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd)
    return Magic::kCompressed;  // zstd
  return Magic::kNone;
}

bool is_hidden(const fs::path& p) {
  auto name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

Result<std::vector<std::string>> list_directory(const std::string& root) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) return io_error(root + ": cannot read directory: " + ec.message());
  for (auto end = fs::recursive_directory_iterator(); it != end; it.increment(ec)) {
    if (ec) return io_error(root + ": cannot read directory: " + ec.message());
    const auto& entry = *it;
    if (is_hidden(entry.path())) {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (entry.is_regular_file(ec) && is_document_name(entry.path().filename().string()))
      files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// open/fstat/read into a string of the right size: the cheapest way to read many small files.
Result<std::string> read_whole_file(const std::string& path, std::size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error(path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || static_cast<std::size_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return invalid_input(path + ": larger than " + std::to_string(max_bytes >> 20) + " MiB");
  }
  std::string out(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  int read_errno = 0;
  while (done < out.size()) {
    ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) read_errno = errno;
    if (n <= 0) break;  // an error, or a file that shrank while being read
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (read_errno != 0) return io_error(path + ": read failed: " + std::strerror(read_errno));
  out.resize(done);
  return out;
}

}  // namespace

bool is_yaml_name(std::string_view name) {
  return ends_with_icase(name, ".yaml") || ends_with_icase(name, ".yml");
}

bool is_document_name(std::string_view name) {
  return ends_with_icase(name, ".json") || is_yaml_name(name);
}

Result<Input> plan_input(const std::string& path) {
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return not_found(path + ": no such file or directory");
  Input in;
  in.path = path;
  if (fs::is_directory(st)) {
    auto files = list_directory(path);
    if (!files) return std::unexpected(std::move(files).error());
    in.files = std::move(*files);
    return in;
  }
  if (!fs::is_regular_file(st)) return unsupported(path + ": not a regular file or directory");
  const Magic magic = sniff_magic(path);
  if (magic != Magic::kNone || (is_archive_name(path) && !is_document_name(path))) {
    in.archive = true;
    in.raw = magic == Magic::kCompressed;
  } else {
    in.single = true;  // recognised by its content when read
    in.files.push_back(path);
  }
  return in;
}

Result<std::size_t> read_input(const Input& input, const DocumentSink& sink,
                               const ArchiveLimits& limits) {
  if (input.archive) return read_archive(input.path, sink, limits, input.raw);
  for (const auto& file : input.files) {
    auto text =
        read_whole_file(file, input.single ? limits.max_single_bytes : limits.max_entry_bytes);
    if (!text) return std::unexpected(std::move(text).error());
    if (auto r = sink(Document{file, std::move(*text), is_yaml_name(file)}); !r)
      return std::unexpected(std::move(r).error());
  }
  return input.files.size();
}

}  // namespace bulwark::vulndb::detail
