#include "shared.hpp"

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace bulwark::test {

std::filesystem::path source_dir() {
  if (const char* s = std::getenv("BULWARK_SOURCE_DIR")) return s;
  return std::filesystem::current_path();
}

std::optional<std::filesystem::path> shared_dir() {
  if (const char* s = std::getenv("BULWARK_SHARED")) {
    if (std::filesystem::is_directory(s)) return std::filesystem::path(s);
    return std::nullopt;
  }
  auto p = source_dir().parent_path() / "shared";
  if (std::filesystem::is_directory(p)) return p;
  return std::nullopt;
}

std::string cli_path() {
  if (const char* s = std::getenv("BULWARK_BIN")) return s;
  return (source_dir() / "build" / "bin" / "bulwark").string();
}

static std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string shell_quote(const std::filesystem::path& p) {
  // Appended piecewise: GCC 12 warns falsely on "'" + s + "'" at -O2.
  std::string out(1, '\'');
  out.append(p.string());
  out.push_back('\'');
  return out;
}

RunResult run(const std::string& command_line) {
  TempDir tmp;
  auto out = tmp.path() / "out";
  auto err = tmp.path() / "err";
  std::string cmd =
      "(" + command_line + ") >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
  int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

TempDir::TempDir() {
  std::random_device rd;
  auto base = std::filesystem::temp_directory_path();
  for (int i = 0; i < 100; ++i) {
    auto p = base / ("bulwark-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(p)) {
      path_ = p;
      return;
    }
  }
  throw std::runtime_error("cannot create temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace bulwark::test
