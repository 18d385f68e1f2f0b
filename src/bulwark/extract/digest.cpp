// SHA-256 / SHA-512 of file contents (OpenSSL EVP), lower-case hex. Both digests are computed
// in one pass over the data (chunk by chunk, so each chunk is hashed twice while it is still
// in cache), and HashPool runs that work on background threads for the walker.
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "bulwark/core/digest.hpp"
#include "bulwark/extract/walk_internal.hpp"
#include "bulwark/extract/walker.hpp"

namespace bulwark::extract {
namespace {

constexpr std::size_t kChunk = std::size_t{256} << 10;  // bytes hashed by both digests in turn

struct CtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using CtxPtr = std::unique_ptr<EVP_MD_CTX, CtxFree>;

CtxPtr new_ctx(const EVP_MD* md) {
  CtxPtr c(EVP_MD_CTX_new());
  if (!c || EVP_DigestInit_ex(c.get(), md, nullptr) != 1)
    throw std::runtime_error("OpenSSL EVP_DigestInit failed");
  return c;
}

std::string finish(EVP_MD_CTX* c) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(c, out, &len) != 1)
    throw std::runtime_error("OpenSSL EVP_DigestFinal failed");
  return to_hex(out, len);
}

// SHA-256 and SHA-512 fed with the same chunks.
class DualDigest {
 public:
  DualDigest() : s256_(new_ctx(EVP_sha256())), s512_(new_ctx(EVP_sha512())) {}
  void update(std::string_view data) {
    for (std::size_t at = 0; at < data.size(); at += kChunk) {
      auto part = data.substr(at, kChunk);
      if (EVP_DigestUpdate(s256_.get(), part.data(), part.size()) != 1 ||
          EVP_DigestUpdate(s512_.get(), part.data(), part.size()) != 1)
        throw std::runtime_error("OpenSSL EVP_DigestUpdate failed");
    }
  }
  FileDigests finish_both() { return FileDigests{finish(s256_.get()), finish(s512_.get())}; }

 private:
  CtxPtr s256_;
  CtxPtr s512_;
};

}  // namespace

FileDigests sha256_sha512(std::string_view data) {
  DualDigest d;
  d.update(data);
  return d.finish_both();
}

Result<FileDigests> digest_file(const std::string& path) {
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Closer> f(std::fopen(path.c_str(), "rb"));
  if (!f) return io_error(path + ": cannot open: " + std::strerror(errno));
  std::string buf(std::size_t{1} << 20, '\0');
  DualDigest d;
  for (;;) {
    std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    d.update(std::string_view(buf.data(), n));
    if (n < buf.size()) break;
  }
  if (std::ferror(f.get())) return io_error(path + ": read error");
  return d.finish_both();
}

namespace detail {

struct HashPool::State {
  std::mutex mu;
  std::condition_variable work_ready;
  std::condition_variable room;
  std::deque<std::pair<std::string, std::promise<FileDigests>>> queue;
  std::uint64_t pending_bytes = 0;
  bool stop = false;
};

HashPool::HashPool(unsigned threads, std::uint64_t max_pending_bytes)
    : state_(std::make_unique<State>()), max_pending_(max_pending_bytes) {
  for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

HashPool::~HashPool() {
  {
    std::lock_guard lock(state_->mu);
    state_->stop = true;
  }
  state_->work_ready.notify_all();
  for (auto& t : workers_) t.join();
}

unsigned HashPool::default_threads() {
  unsigned hw = std::thread::hardware_concurrency();
  return hw <= 1 ? 0 : std::min(hw, 4u);
}

std::shared_future<FileDigests> HashPool::submit(std::string data) {
  std::promise<FileDigests> done;
  std::shared_future<FileDigests> result = done.get_future().share();
  if (workers_.empty()) {
    done.set_value(sha256_sha512(data));
    return result;
  }
  std::unique_lock lock(state_->mu);
  // Bounded memory: wait while the queue holds too much (a single big file is always accepted).
  state_->room.wait(lock, [&] {
    return state_->pending_bytes == 0 || state_->pending_bytes + data.size() <= max_pending_;
  });
  state_->pending_bytes += data.size();
  state_->queue.emplace_back(std::move(data), std::move(done));
  lock.unlock();
  state_->work_ready.notify_one();
  return result;
}

void HashPool::work() {
  for (;;) {
    std::unique_lock lock(state_->mu);
    state_->work_ready.wait(lock, [&] { return state_->stop || !state_->queue.empty(); });
    if (state_->queue.empty()) return;  // stopping and drained
    auto job = std::move(state_->queue.front());
    state_->queue.pop_front();
    lock.unlock();
    try {
      job.second.set_value(sha256_sha512(job.first));
    } catch (...) {
      job.second.set_exception(std::current_exception());
    }
    lock.lock();
    state_->pending_bytes -= job.first.size();
    lock.unlock();
    state_->room.notify_all();
  }
}

}  // namespace detail
}  // namespace bulwark::extract
