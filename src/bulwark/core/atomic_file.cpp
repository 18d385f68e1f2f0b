#include "bulwark/core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
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

}  // namespace bulwark
