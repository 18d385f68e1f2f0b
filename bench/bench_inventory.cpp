// Inventory benchmarks: hashing throughput of extract::digest_file (SHA-256 + SHA-512 in one pass)
// over a fixed set of real files (bytes/s from CPU time: one core), and extract::inventory of the
// cached Debian 12 minbase tree and its tar.gz with the hashing inline (hash_threads 0) or on 2
// background threads.
//
// File set: the largest regular files under /usr/lib/x86_64-linux-gnu, by size descending then
// path, each taken when it still fits in 200 MiB (bench/inventory.sh selects the same set for
// sha*sum). The tree: CACHE/debootstrap/bookworm-minbase{,.tar.gz} with CACHE = $BULWARK_CACHE_DIR,
// else $XDG_CACHE_HOME/bulwark, else ~/.cache/bulwark (built by tests/e2e/debootstrap_test.cpp or
// bench/inventory.sh); the inventory benchmarks report an error ("skipped") when it is absent.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/walk_internal.hpp"
#include "bulwark/extract/walker.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kCap = std::uint64_t{200} << 20;

struct FileSet {
  std::vector<std::string> paths;
  std::uint64_t bytes = 0;
};

FileSet make_file_set() {
  std::vector<std::pair<std::uint64_t, std::string>> all;
  std::error_code ec;
  for (fs::recursive_directory_iterator it("/usr/lib/x86_64-linux-gnu", ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code e2;
    if (!it->is_symlink(e2) && it->is_regular_file(e2))
      all.emplace_back(it->file_size(e2), it->path().string());
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return std::tie(b.first, a.second) < std::tie(a.first, b.second);  // size descending, then path
  });
  FileSet set;
  for (const auto& [size, path] : all) {
    if (set.bytes + size > kCap) continue;  // too big for what is left: try smaller ones
    set.bytes += size;
    set.paths.push_back(path);
  }
  return set;
}

const FileSet& file_set() {
  static const FileSet set = make_file_set();
  return set;
}

fs::path cache_root() {
  if (const char* d = std::getenv("BULWARK_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "bulwark";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".cache" / "bulwark";
}

void BM_DigestFile(benchmark::State& state) {
  const FileSet& set = file_set();
  if (set.paths.empty()) {
    state.SkipWithError("no files under /usr/lib/x86_64-linux-gnu");
    return;
  }
  for (auto _ : state) {
    for (const auto& p : set.paths) {
      auto d = bulwark::extract::digest_file(p);
      if (!d) {
        state.SkipWithError(d.error().message.c_str());
        return;
      }
      benchmark::DoNotOptimize(d->sha512.data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * set.bytes));
  state.counters["files"] = static_cast<double>(set.paths.size());
  state.counters["bytes"] = static_cast<double>(set.bytes);
}
BENCHMARK(BM_DigestFile)->Unit(benchmark::kMillisecond)->MinTime(3.0);

// The walker's hash pool over the BM_DigestFile file set held in memory (the walker hashes the
// contents it has read): hash_threads 0 hashes inline on the calling thread (one core), 2 on two
// background threads. Real time: the "faster overall with both cores" figure.
void BM_HashPool(benchmark::State& state) {
  const FileSet& set = file_set();
  static std::vector<std::string> contents;
  if (contents.empty())
    for (const auto& p : set.paths) {
      auto text = bulwark::read_file(p);
      if (!text) {
        state.SkipWithError(text.error().message.c_str());
        return;
      }
      contents.push_back(std::move(*text));
    }
  for (auto _ : state) {
    bulwark::extract::detail::HashPool pool(static_cast<unsigned>(state.range(0)));
    std::vector<std::shared_future<bulwark::extract::FileDigests>> done;
    for (const auto& c : contents) done.push_back(pool.submit(c));
    for (auto& f : done) benchmark::DoNotOptimize(f.get().sha512.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * set.bytes));
}
BENCHMARK(BM_HashPool)
    ->ArgName("hash_threads")
    ->Arg(0)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(3.0);

// Inventory of `target` (the cached tree or tar.gz) with state.range(0) hash threads.
void inventory_bench(benchmark::State& state, const fs::path& target) {
  if (!fs::exists(target)) {
    state.SkipWithError(
        ("absent: " + target.string() + " (run tests/e2e debootstrap test or bench/inventory.sh)")
            .c_str());
    return;
  }
  bulwark::extract::InventoryOptions opt;
  opt.hash_threads = static_cast<int>(state.range(0));
  bulwark::extract::InventoryReport report;
  std::size_t components = 0;
  for (auto _ : state) {
    report = {};
    auto sbom = bulwark::extract::inventory(target.string(), opt, &report);
    if (!sbom) {
      state.SkipWithError(sbom.error().message.c_str());
      return;
    }
    components = sbom->components.size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * report.bytes_read));
  state.counters["components"] = static_cast<double>(components);
  state.counters["files_read"] = static_cast<double>(report.files_read);
  state.counters["entries"] = static_cast<double>(report.entries);
}

void BM_InventoryTree(benchmark::State& state) {
  inventory_bench(state, cache_root() / "debootstrap" / "bookworm-minbase");
}
void BM_InventoryTarGz(benchmark::State& state) {
  inventory_bench(state, cache_root() / "debootstrap" / "bookworm-minbase.tar.gz");
}
BENCHMARK(BM_InventoryTree)
    ->ArgName("hash_threads")
    ->Arg(0)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_InventoryTarGz)
    ->ArgName("hash_threads")
    ->Arg(0)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
