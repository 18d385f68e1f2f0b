#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bulwark/core/atomic_file.hpp"
#include "bulwark/core/clock.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::test::TempDir;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}
}  // namespace

TEST(AtomicFile, WritesAndReplacesLeavingNoTemporaryFile) {
  TempDir d;
  const auto p = d.path() / "out.json";
  ASSERT_TRUE(bulwark::write_file_atomic(p.string(), "first"));
  EXPECT_EQ(slurp(p), "first");
  ASSERT_TRUE(bulwark::write_file_atomic(p.string(), std::string(200000, 'x')));
  EXPECT_EQ(slurp(p).size(), 200000u);
  EXPECT_EQ(entries(d.path()), 1u);
}

TEST(AtomicFile, FailingWriterKeepsThePreviousContent) {
  TempDir d;
  const auto p = d.path() / "keep.txt";
  ASSERT_TRUE(bulwark::write_file_atomic(p.string(), "previous"));
  auto r = bulwark::write_file_atomic(p.string(), [](std::ostream& os) -> bulwark::Result<void> {
    os << "half";
    return bulwark::invalid_input("generator failed");
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "generator failed");
  EXPECT_EQ(slurp(p), "previous");
  EXPECT_EQ(entries(d.path()), 1u);
}

TEST(AtomicFile, MissingDirectoryIsNamedUnlessParentsAreCreated) {
  TempDir d;
  const auto p = d.path() / "a" / "b" / "c.txt";
  auto r = bulwark::write_file_atomic(p.string(), "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, bulwark::ErrorCode::kIo);
  EXPECT_NE(r.error().message.find("c.txt"), std::string::npos);
  bulwark::AtomicWriteOptions o;
  o.create_parents = true;
  ASSERT_TRUE(bulwark::write_file_atomic(p.string(), "x", o));
  EXPECT_EQ(slurp(p), "x");
}

// A full disk (RLIMIT_FSIZE in a child) fails the write with an I/O error and loses nothing.
TEST(AtomicFile, FileSizeLimitFailsCleanly) {
  TempDir d;
  const auto p = d.path() / "big.bin";
  ASSERT_TRUE(bulwark::write_file_atomic(p.string(), "old"));
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit lim{100000, 100000};
    setrlimit(RLIMIT_FSIZE, &lim);
    auto r = bulwark::write_file_atomic(p.string(), std::string(1 << 20, 'y'));
    _exit(r ? 0 : (r.error().code == bulwark::ErrorCode::kIo ? 3 : 4));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);
  EXPECT_EQ(slurp(p), "old");
  EXPECT_EQ(entries(d.path()), 1u);
}

// Killed at random points while rewriting: the file is always the old or the new content.
TEST(AtomicFile, SigkillLeavesOldOrNew) {
  TempDir d;
  const auto p = d.path() / "state.txt";
  const std::string a(300000, 'a'), b(300000, 'b');
  ASSERT_TRUE(bulwark::write_file_atomic(p.string(), a));
  for (int i = 0; i < 20; ++i) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      for (;;) {
        (void)bulwark::write_file_atomic(p.string(), b);
        (void)bulwark::write_file_atomic(p.string(), a);
      }
    }
    usleep(static_cast<useconds_t>(2000 + i * 1500));
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    const std::string got = slurp(p);
    EXPECT_TRUE(got == a || got == b) << "kill " << i << ": " << got.size() << " bytes";
  }
}

TEST(Clock, FixedClockAndDates) {
  auto t = bulwark::parse_rfc3339("2024-02-29T23:59:59+00:00");
  ASSERT_TRUE(t);
  bulwark::FixedClock c(*t);
  EXPECT_EQ(*c.now_rfc3339(), "2024-02-29T23:59:59Z");
  EXPECT_EQ(*c.today(), "2024-02-29");
  c.set(*t + std::chrono::seconds(1));
  EXPECT_EQ(*c.today(), "2024-03-01");
}

#include "bulwark/core/text.hpp"

TEST(Text, JoinAndAliasGroups) {
  EXPECT_EQ(bulwark::join({"a", "b", "c"}), "a, b, c");
  EXPECT_EQ(bulwark::join({}, "/"), "");
  EXPECT_EQ(bulwark::join({"x"}, "/"), "x");
  EXPECT_TRUE(
      bulwark::shares_id({"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"}, {"ghsa-JFH8-c2jp-5v3q"}));
  EXPECT_FALSE(bulwark::shares_id({"CVE-2021-44228"}, {"CVE-2021-45046"}));
  EXPECT_FALSE(bulwark::shares_id({}, {"CVE-2021-45046"}));
}
