#include "bulwark/core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <streambuf>

namespace bulwark {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

// A streambuf over a file descriptor that remembers the first write error.
class FdBuf final : public std::streambuf {
 public:
  explicit FdBuf(int fd) : fd_(fd) { setp(buf_, buf_ + sizeof buf_); }
  int error() const { return err_; }
  bool flush_all() { return sync() == 0; }

 protected:
  int_type overflow(int_type ch) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n >= static_cast<std::streamsize>(sizeof buf_)) {
      if (sync() != 0) return 0;
      return write_all(s, static_cast<std::size_t>(n)) ? n : 0;
    }
    return std::streambuf::xsputn(s, n);
  }
  int sync() override {
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    if (n == 0) return err_ ? -1 : 0;
    const bool ok = write_all(pbase(), n);
    setp(buf_, buf_ + sizeof buf_);
    return ok ? 0 : -1;
  }

 private:
  bool write_all(const char* p, std::size_t n) {
    if (err_) return false;
    while (n > 0) {
      const ssize_t w = ::write(fd_, p, n);
      if (w < 0) {
        if (errno == EINTR) continue;
        err_ = errno;
        return false;
      }
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return true;
  }
  int fd_;
  int err_ = 0;
  char buf_[64 * 1024];
};

std::string random_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(12, '0');
  auto v = rng();
  for (char& c : s) {
    c = kHex[v & 15];
    v >>= 4;
  }
  return s;
}

// Writes into an existing target that is no regular file (/dev/null, /dev/stdout, a FIFO):
// replacing it by rename would put a regular file where the device or pipe was.
Result<void> write_in_place(const std::string& path,
                            const std::function<Result<void>(std::ostream&)>& fn) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return io_error(path + ": cannot open: " + errno_text(errno));
  FdBuf buf(fd);
  std::ostream os(&buf);
  Result<void> r = fn(os);
  os.flush();
  const int err = buf.error() ? buf.error() : (os ? 0 : EIO);
  ::close(fd);
  if (!r && err != 0) return io_error(path + ": write failed: " + errno_text(err));
  if (!r) return r;
  if (!buf.flush_all() || err != 0)
    return io_error(path + ": write failed: " + errno_text(err ? err : EIO));
  return {};
}

}  // namespace

Result<void> sync_directory(const std::string& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error(dir + ": cannot open directory: " + errno_text(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  // Some file systems (tmpfs on old kernels) refuse fsync on a directory: that is not a failure.
  if (rc != 0 && err != EINVAL && err != EROFS)
    return io_error(dir + ": fsync of the directory failed: " + errno_text(err));
  return {};
}

Result<void> write_file_atomic(const std::string& path,
                               const std::function<Result<void>(std::ostream&)>& fn,
                               const AtomicWriteOptions& options) {
  namespace fs = std::filesystem;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return io_error(path + ": is a directory");
    if (!S_ISREG(st.st_mode)) return write_in_place(path, fn);
  }
  const fs::path target(path);
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  if (options.create_parents) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return io_error(dir.string() + ": cannot create directory: " + ec.message());
  }
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    tmp = (dir / ("." + target.filename().string() + ".tmp-" + random_suffix())).string();
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, options.mode);
    if (fd < 0 && errno != EEXIST)
      return io_error(path + ": cannot create a temporary file: " + errno_text(errno));
  }
  if (fd < 0) return io_error(path + ": cannot create a unique temporary file");
  auto fail = [&](Error e) -> Result<void> {
    ::close(fd);
    ::unlink(tmp.c_str());
    return std::unexpected(std::move(e));
  };
  FdBuf buf(fd);
  std::ostream os(&buf);
  Result<void> r = fn(os);
  os.flush();
  // A writer that gave up because its stream failed: the stream's reason ("No space left on
  // device") is the one to report, not the writer's "cannot write".
  if (!r && buf.error() != 0)
    return fail(Error{ErrorCode::kIo, path + ": write failed: " + errno_text(buf.error())});
  if (!r) return fail(std::move(r.error()));
  if (!buf.flush_all() || buf.error() != 0 || !os)
    return fail(Error{ErrorCode::kIo,
                      path + ": write failed: " + errno_text(buf.error() ? buf.error() : EIO)});
  if (::fsync(fd) != 0)
    return fail(Error{ErrorCode::kIo, path + ": fsync failed: " + errno_text(errno)});
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return io_error(path + ": close failed: " + errno_text(err));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return io_error(path + ": cannot rename the temporary file into place: " + errno_text(err));
  }
  return sync_directory(dir.string());
}

Result<void> write_file_atomic(const std::string& path, std::string_view content,
                               const AtomicWriteOptions& options) {
  return write_file_atomic(
      path,
      [&](std::ostream& os) -> Result<void> {
        os.write(content.data(), static_cast<std::streamsize>(content.size()));
        return {};
      },
      options);
}

Result<void> replace_directory_atomic(const std::string& dir,
                                      const std::function<Result<void>(const std::string&)>& fill,
                                      bool start_from_existing) {
  namespace fs = std::filesystem;
  fs::path target = fs::path(dir).lexically_normal();
  if (!target.has_filename()) target = target.parent_path();  // "out/csaf/" -> "out/csaf"
  if (target.empty() || target.filename() == "." || target.filename() == "..")
    return invalid_input(dir + ": not a directory name that can be replaced");
  std::error_code ec;
  // A link to the tree (a web root linked into place): replace the tree it points to.
  if (fs::is_symlink(target, ec)) {
    target = fs::canonical(target, ec);
    if (ec) return io_error(dir + ": cannot resolve the link: " + ec.message());
  }
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  fs::create_directories(parent, ec);
  if (ec) return io_error(parent.string() + ": cannot create directory: " + ec.message());
  const std::string prefix = "." + target.filename().string() + ".staging-";
  // Leftovers of a killed run: either a half-filled staging tree or the old tree after the swap.
  for (const auto& e : fs::directory_iterator(parent, ec))
    if (e.path().filename().string().starts_with(prefix)) fs::remove_all(e.path(), ec);
  const fs::path staging = parent / (prefix + random_suffix());
  const bool exists = fs::is_directory(target, ec);
  if (exists && start_from_existing) {
    fs::copy(target, staging,
             fs::copy_options::recursive | fs::copy_options::create_hard_links |
                 fs::copy_options::copy_symlinks,
             ec);
    if (ec) {  // a file system without hard links: copy the bytes
      fs::remove_all(staging, ec);
      fs::copy(target, staging, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
    }
  } else {
    fs::create_directory(staging, ec);
  }
  auto cleanup = [&](Error e) -> Result<void> {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    return std::unexpected(std::move(e));
  };
  if (ec)
    return cleanup(
        Error{ErrorCode::kIo, staging.string() + ": cannot prepare the new tree: " + ec.message()});
  if (auto r = fill(staging.string()); !r) return cleanup(std::move(r.error()));
  if (auto r = sync_directory(staging.string()); !r) return cleanup(std::move(r.error()));
  if (!exists) {
    if (::rename(staging.c_str(), target.c_str()) != 0)
      return cleanup(Error{ErrorCode::kIo,
                           dir + ": cannot move the new tree into place: " + errno_text(errno)});
    return sync_directory(parent.string());
  }
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
    const int err = errno;
    if (err != EINVAL && err != ENOSYS && err != ENOTSUP)
      return cleanup(
          Error{ErrorCode::kIo, dir + ": cannot exchange the new tree: " + errno_text(err)});
    // No atomic exchange here: move the old tree aside under the staging prefix, then the new
    // one in.
    const fs::path old = parent / (prefix + "old-" + random_suffix());
    if (::rename(target.c_str(), old.c_str()) != 0)
      return cleanup(
          Error{ErrorCode::kIo, dir + ": cannot move the old tree aside: " + errno_text(errno)});
    if (::rename(staging.c_str(), target.c_str()) != 0)
      return io_error(dir + ": cannot move the new tree into place (" + errno_text(errno) +
                      "); the previous tree is " + old.string());
    fs::remove_all(old, ec);
    return sync_directory(parent.string());
  }
  // `staging` now holds the old tree.
  if (auto r = sync_directory(parent.string()); !r) return r;
  fs::remove_all(staging, ec);
  return {};
}

}  // namespace bulwark
