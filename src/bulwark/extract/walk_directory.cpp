// Directory source of the inventory: a recursive walk that never follows symlinks.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "bulwark/extract/walk_internal.hpp"

namespace bulwark::extract::detail {
namespace fs = std::filesystem;
namespace {

// Reads a file, failing once it holds more than max_file_size bytes or the walk's total passes
// max_total_bytes (the file may grow between stat and read).
Result<std::string> read_bounded(const fs::path& file, const std::string& rel, Budget& budget) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return io_error(rel + ": cannot open: " + std::strerror(errno));
  std::string data;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    auto n = static_cast<std::size_t>(in.gcount());
    data.append(buf, n);
    if (data.size() > budget.options.max_file_size)
      return invalid_input(rel + ": file larger than the read limit of " +
                           size_text(budget.options.max_file_size));
    if (auto ok = budget.consume(n, rel); !ok) return std::unexpected(std::move(ok).error());
  }
  if (in.bad()) return io_error(rel + ": read error");
  return data;
}

bool is_executable(fs::perms p) {
  return (p & (fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec)) !=
         fs::perms::none;
}

// Mode and owner from lstat (left unknown when it fails).
void fill_owner(const fs::path& p, FileInfo& info) {
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0) return;
  info.mode = st.st_mode;
  info.uid = st.st_uid;
  info.gid = st.st_gid;
}

// Hands one directory entry to the sink when it is a wanted regular file; counts the rest.
Result<void> visit(const fs::directory_entry& entry, const fs::path& root, Budget& budget,
                   const WantFn& want, const FileSink& sink) {
  std::error_code ec;
  auto st = entry.symlink_status(ec);
  std::string rel = entry.path().lexically_relative(root).generic_string();
  if (ec) return io_error(rel + ": cannot stat: " + ec.message());
  if (fs::is_symlink(st)) {
    ++budget.report.skipped_links;
    return {};
  }
  if (fs::is_directory(st)) return {};
  if (!fs::is_regular_file(st)) {
    ++budget.report.skipped_special;
    return {};
  }
  FileInfo info{rel, static_cast<std::uint64_t>(entry.file_size(ec)),
                is_executable(st.permissions())};
  if (ec) return io_error(rel + ": cannot stat: " + ec.message());
  fill_owner(entry.path(), info);
  if (!want(info)) return {};
  ReadFn read = [&] { return read_bounded(entry.path(), info.path, budget); };
  return sink(info, read);
}

}  // namespace

Result<std::optional<FoundOs>> directory_os_release(const std::string& root, Budget& budget) {
  for (auto rel : kOsReleasePaths) {
    fs::path p = fs::path(root) / rel;
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(p, ec)))
      continue;  // etc/os-release is often a symlink
    auto text = read_bounded(p, std::string(rel), budget);
    if (!text) return std::unexpected(std::move(text).error());
    return FoundOs{std::string(rel), std::move(*text)};
  }
  return std::nullopt;
}

Result<void> walk_single_file(const std::string& path, Budget& budget, const FileSink& sink) {
  std::error_code ec;
  const fs::path file(path);
  auto st = fs::status(file, ec);
  if (ec) return io_error("cannot stat: " + ec.message());
  FileInfo info{file.filename().string(), static_cast<std::uint64_t>(fs::file_size(file, ec)),
                is_executable(st.permissions())};
  if (ec) return io_error("cannot stat: " + ec.message());
  fill_owner(file, info);
  if (auto ok = budget.count_entry(); !ok) return ok;
  ReadFn read = [&] { return read_bounded(file, info.path, budget); };
  return sink(info, read);
}

Result<void> walk_directory(const std::string& root, Budget& budget, const WantFn& want,
                            const FileSink& sink) {
  std::error_code ec;
  const fs::path base(root);
  fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec);
  if (ec) return io_error(root + ": cannot read directory: " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return io_error(root + ": cannot read directory: " + ec.message());
    if (auto ok = budget.count_entry(); !ok) return ok;
    if (auto ok = visit(*it, base, budget, want, sink); !ok) return ok;
  }
  if (ec) return io_error(root + ": cannot read directory: " + ec.message());
  return {};
}

}  // namespace bulwark::extract::detail
