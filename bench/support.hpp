// Shared helpers of the benchmark programs: where the corpora and generated inputs are, and
// the list of OSV record files the import benchmarks use.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace bulwark::bench {

// ../shared beside the working directory, or $BULWARK_SHARED; nullopt when absent.
std::optional<std::filesystem::path> shared_dir();

// The OSV corpora imported by the benchmarks (subfolders of ../shared/corpora), in a fixed order.
std::vector<std::string> osv_corpus_paths(const std::filesystem::path& shared);

// Every .json/.yaml/.yml file under the given paths, sorted.
std::vector<std::filesystem::path> record_files(const std::vector<std::string>& paths);

// A generated input ($BULWARK_BENCH_INPUTS/<name>, default build-bench/bench-inputs); nullopt
// when the file does not exist (run bench/run.sh, which generates them).
std::optional<std::string> input_file(const std::string& name);

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace bulwark::bench
