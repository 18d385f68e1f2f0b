#include "support.hpp"

#include <algorithm>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <system_error>

namespace fs = std::filesystem;

namespace bulwark::bench {

std::optional<fs::path> shared_dir() {
  if (const char* env = std::getenv("BULWARK_SHARED"); env && *env) {
    if (fs::is_directory(env)) return fs::path(env);
    return std::nullopt;
  }
  fs::path p = fs::current_path() / ".." / "shared";
  if (fs::is_directory(p / "corpora")) return fs::weakly_canonical(p);
  return std::nullopt;
}

std::vector<std::string> osv_corpus_paths(const fs::path& shared) {
  static const char* const kSubdirs[] = {
      "corpora/golang-vulndb/data/osv",
      "corpora/pypa-advisory-database/vulns",
      "corpora/rustsec-advisory-db/crates",
      "corpora/osv-records-misc",
  };
  std::vector<std::string> out;
  for (const char* sub : kSubdirs)
    if (fs::is_directory(shared / sub)) out.push_back((shared / sub).string());
  return out;
}

static bool is_record_file(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".json" || ext == ".yaml" || ext == ".yml";
}

std::vector<fs::path> record_files(const std::vector<std::string>& paths) {
  std::vector<fs::path> out;
  for (const auto& root : paths) {
    if (fs::is_regular_file(root)) {
      out.emplace_back(root);
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_regular_file() && is_record_file(entry.path())) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::string> input_file(const std::string& name) {
  const char* env = std::getenv("BULWARK_BENCH_INPUTS");
  fs::path dir = (env && *env) ? fs::path(env) : fs::path("build-bench") / "bench-inputs";
  fs::path p = dir / name;
  if (!fs::is_regular_file(p)) return std::nullopt;
  return p.string();
}

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path p = fs::temp_directory_path() / ("bulwark-bench-" + std::to_string(rd()));
    std::error_code ec;
    if (fs::create_directory(p, ec)) {
      path_ = p;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

}  // namespace bulwark::bench
