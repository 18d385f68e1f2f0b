// Test support: where the public corpora (../shared) and the built CLI live, and a way to run
// the CLI. Tests that need ../shared skip with a message when it is absent.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

namespace bulwark::test {

// The repository root (from BULWARK_SOURCE_DIR, set by CTest; else the working directory).
std::filesystem::path source_dir();

// ../shared beside the repository (or $BULWARK_SHARED), when present.
std::optional<std::filesystem::path> shared_dir();

// Path of the built bulwark binary ($BULWARK_BIN).
std::string cli_path();

// A path quoted for a POSIX shell command line ('...'; paths with a single quote are not expected).
std::string shell_quote(const std::filesystem::path& p);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs a shell command line, capturing stdout and stderr.
RunResult run(const std::string& command_line);

// A fresh, empty temporary directory removed by the destructor.
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

}  // namespace bulwark::test

// Skips the current test when ../shared/<sub> is absent; otherwise binds `var` to its path.
#define BULWARK_REQUIRE_SHARED(var, sub)                                                 \
  auto var##_opt = ::bulwark::test::shared_dir();                                        \
  if (!var##_opt || !std::filesystem::exists(*var##_opt / (sub)))                        \
    GTEST_SKIP() << "../shared/" << (sub) << " is absent: test data not available here"; \
  const std::filesystem::path var = *var##_opt / (sub)
