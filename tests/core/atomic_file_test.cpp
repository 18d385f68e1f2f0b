#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

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

// `bulwark sbom TREE -o /dev/null` once renamed a regular file over /dev/null: a target that is
// no regular file is written in place.
TEST(AtomicFile, DevicesAndPipesAreWrittenInPlaceNotReplaced) {
  struct stat before {};
  ASSERT_EQ(::stat("/dev/null", &before), 0);
  ASSERT_TRUE(S_ISCHR(before.st_mode));
  auto r = bulwark::write_file_atomic("/dev/null", std::string(200000, 'x'));
  ASSERT_TRUE(r) << r.error().message;
  struct stat after {};
  ASSERT_EQ(::stat("/dev/null", &after), 0);
  EXPECT_TRUE(S_ISCHR(after.st_mode));
  EXPECT_EQ(after.st_rdev, before.st_rdev);
  EXPECT_EQ(after.st_ino, before.st_ino);
  // A FIFO: the reader gets the content, the FIFO stays one.
  TempDir d;
  const auto fifo = d.path() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = slurp(fifo); });
  auto w = bulwark::write_file_atomic(fifo.string(), "through the pipe\n");
  reader.join();
  ASSERT_TRUE(w) << w.error().message;
  EXPECT_EQ(got, "through the pipe\n");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(entries(d.path()), 1u);  // no temporary file left beside it
  // A directory is refused by name.
  auto dir = bulwark::write_file_atomic(d.path().string(), "x");
  ASSERT_FALSE(dir);
  EXPECT_NE(dir.error().message.find("is a directory"), std::string::npos);
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
    if (r || r.error().code != bulwark::ErrorCode::kIo) _exit(4);
    // A streaming writer that notices its stream failed and gives up with its own words: the
    // error is the stream's reason, naming the file.
    r = bulwark::write_file_atomic(p.string(), [](std::ostream& os) -> bulwark::Result<void> {
      os << std::string(1 << 20, 'z');
      if (!os) return bulwark::io_error("cannot write the document");
      return {};
    });
    if (r || r.error().message != p.string() + ": write failed: File too large") _exit(5);
    _exit(3);
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

// A tree of `files` files that all hold `tag`, plus a "kept" file the fill never touches.
static bulwark::Result<void> fill_tree(const std::string& root, const std::string& tag, int files) {
  for (int i = 0; i < files; ++i) {
    bulwark::AtomicWriteOptions o;
    o.create_parents = true;
    const std::string path = root + "/sub" + std::to_string(i % 4) + "/f" + std::to_string(i);
    if (auto r = bulwark::write_file_atomic(path, tag + std::string(2000, '.'), o); !r) return r;
  }
  return {};
}

// Every fN file of the tree holds the same tag ("" when the tree is absent or mixed, with the
// mix described in `why`).
static std::string tree_tag(const fs::path& root, int files, std::string& why) {
  std::string tag;
  for (int i = 0; i < files; ++i) {
    const auto p = root / ("sub" + std::to_string(i % 4)) / ("f" + std::to_string(i));
    const std::string t = slurp(p).substr(0, 3);
    if (i == 0) tag = t;
    if (t != tag) {
      why = p.string() + " holds '" + t + "', f0 holds '" + tag + "'";
      return "";
    }
  }
  return tag;
}

TEST(AtomicDirectory, CreatesReplacesAndKeepsTheOldTreeOnError) {
  TempDir d;
  const auto root = d.path() / "csaf";
  ASSERT_TRUE(bulwark::replace_directory_atomic(
      (root.string() + "/"), [](const std::string& s) { return fill_tree(s, "old", 12); }));
  ASSERT_TRUE(bulwark::write_file_atomic((root / "kept.txt").string(), "kept"));
  std::string why;
  EXPECT_EQ(tree_tag(root, 12, why), "old") << why;
  // A failing fill leaves the tree as it was and no staging tree behind.
  auto bad = bulwark::replace_directory_atomic(root.string(), [](const std::string& s) {
    (void)fill_tree(s, "new", 6);
    return bulwark::Result<void>(bulwark::io_error("disk full"));
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "disk full");
  EXPECT_EQ(tree_tag(root, 12, why), "old") << why;
  EXPECT_EQ(entries(d.path()), 1u);
  // A successful fill replaces the files it writes and keeps the others.
  ASSERT_TRUE(bulwark::replace_directory_atomic(
      root.string(), [](const std::string& s) { return fill_tree(s, "new", 12); }));
  EXPECT_EQ(tree_tag(root, 12, why), "new") << why;
  EXPECT_EQ(slurp(root / "kept.txt"), "kept");
  EXPECT_EQ(entries(d.path()), 1u);
  // Starting empty drops the files the fill does not write.
  ASSERT_TRUE(bulwark::replace_directory_atomic(
      root.string(), [](const std::string& s) { return fill_tree(s, "new", 4); }, false));
  EXPECT_FALSE(fs::exists(root / "kept.txt"));
}

TEST(AtomicDirectory, SigkillLeavesTheOldTreeOrTheNewOne) {
  TempDir d;
  const auto root = d.path() / "csaf";
  constexpr int kFiles = 40;
  ASSERT_TRUE(bulwark::replace_directory_atomic(
      root.string(), [](const std::string& s) { return fill_tree(s, "aaa", kFiles); }));
  int saw_a = 0, saw_b = 0, mixed = 0;
  for (int i = 0; i < 30; ++i) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      for (;;) {
        (void)bulwark::replace_directory_atomic(
            root.string(), [](const std::string& s) { return fill_tree(s, "bbb", kFiles); });
        (void)bulwark::replace_directory_atomic(
            root.string(), [](const std::string& s) { return fill_tree(s, "aaa", kFiles); });
      }
    }
    usleep(static_cast<useconds_t>(3000 + i * 2500));
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    std::string why;
    const std::string tag = tree_tag(root, kFiles, why);
    EXPECT_TRUE(tag == "aaa" || tag == "bbb") << "kill " << i << ": " << why;
    (tag == "aaa" ? saw_a : tag == "bbb" ? saw_b : mixed)++;
  }
  // The next replacement removes what the killed runs left beside the tree.
  ASSERT_TRUE(bulwark::replace_directory_atomic(
      root.string(), [](const std::string& s) { return fill_tree(s, "ccc", kFiles); }));
  EXPECT_EQ(entries(d.path()), 1u);
  std::printf("AtomicDirectory kills: 30, tree aaa %d, tree bbb %d, mixed %d\n", saw_a, saw_b,
              mixed);
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
