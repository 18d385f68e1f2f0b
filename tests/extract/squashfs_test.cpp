// SquashFS images as inventory targets (made with mksquashfs in a temp dir; skipped when it is
// absent): detection by magic, the tree read in place, limits, and a SquashFS inside a tar.gz.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bulwark/extract/walker.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::Sbom;
using bulwark::extract::inventory;
using bulwark::extract::InventoryOptions;
using bulwark::extract::InventoryReport;
using bulwark::test::shell_quote;

namespace {

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

bool have_mksquashfs() { return bulwark::test::run("command -v mksquashfs").exit_code == 0; }

void mksquashfs(const fs::path& dir, const fs::path& out, const std::string& comp = "gzip") {
  auto r = bulwark::test::run("mksquashfs " + shell_quote(dir) + " " + shell_quote(out) +
                              " -comp " + comp + " -noappend -quiet -no-progress");
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

void make_rootfs(const fs::path& root) {
  write_text(root / "usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  fs::create_directories(root / "etc");
  fs::create_symlink("../usr/lib/os-release", root / "etc/os-release");
  write_text(
      root / "var/lib/dpkg/status",
      "Package: busybox\nStatus: install ok installed\nArchitecture: armhf\nVersion: 1:1.35.0-4\n\n"
      "Package: libc6\nStatus: install ok installed\nArchitecture: armhf\nVersion: 2.36-9\n\n");
  write_text(
      root / "www/package-lock.json",
      R"({"name":"ui","version":"1.0.0","lockfileVersion":3,"packages":{"":{"name":"ui"},"node_modules/preact":{"version":"10.19.3"}}})");
  write_text(root / "bin/big.dat", std::string(300000, 'x'));
}

std::vector<std::string> packages(const Sbom& s) {
  std::vector<std::string> out;
  for (const auto& c : s.components)
    if (c.type != "operating-system") out.push_back(c.location + " " + c.name + " " + c.version);
  std::sort(out.begin(), out.end());
  return out;
}

class SquashfsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_mksquashfs())
      GTEST_SKIP() << "mksquashfs is not installed: cannot make SquashFS fixtures";
    make_rootfs(tmp.path() / "root");
  }
  bulwark::test::TempDir tmp;
  InventoryOptions options;
  InventoryReport report;
};

TEST_F(SquashfsTest, ImageIsDetectedByMagicAndGivesTheDirectoryInventory) {
  auto dir = inventory((tmp.path() / "root").string(), options, &report);
  ASSERT_TRUE(dir) << dir.error().message;
  const auto expected = packages(*dir);
  ASSERT_EQ(expected.size(), 3u);
  for (const char* comp : {"gzip", "xz", "zstd"}) {
    SCOPED_TRACE(comp);
    auto img = tmp.path() / (std::string("firmware-") + comp + ".bin");
    mksquashfs(tmp.path() / "root", img, comp);
    auto sbom = inventory(img.string(), options, &report);
    ASSERT_TRUE(sbom) << sbom.error().message;
    EXPECT_EQ(packages(*sbom), expected);
    ASSERT_TRUE(report.os);
    EXPECT_EQ(report.os->id, "debian");
    EXPECT_EQ(report.skipped_links, 1u);
    EXPECT_EQ(report.files_read, 2u);
  }
}

TEST_F(SquashfsTest, LimitsApplyInsideTheImage) {
  auto img = tmp.path() / "fw.squashfs";
  mksquashfs(tmp.path() / "root", img);
  options.max_file_size = 100;
  auto r = inventory(img.string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find(img.string() + ": "), std::string::npos);
  EXPECT_NE(r.error().message.find("over the read limit of 100 bytes"), std::string::npos)
      << r.error().message;
  options = InventoryOptions{};
  options.max_entries = 4;
  r = inventory(img.string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("more than 4 entries"), std::string::npos) << r.error().message;
}

TEST_F(SquashfsTest, SquashfsInsideATarGzIsOpenedWithinTheDepthLimit) {
  mksquashfs(tmp.path() / "root", tmp.path() / "rootfs.squashfs");
  auto tarball = tmp.path() / "update.tar.gz";
  auto r = bulwark::test::run("tar -C " + shell_quote(tmp.path()) + " -czf " +
                              shell_quote(tarball) + " rootfs.squashfs");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto sbom = inventory(tarball.string(), options, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  auto got = packages(*sbom);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], "rootfs.squashfs/var/lib/dpkg/status busybox 1:1.35.0-4");
  EXPECT_EQ(got[2], "rootfs.squashfs/www/package-lock.json preact 10.19.3");
  // An image inside the image inside the tar: depth 2 is opened, a limit of 1 refuses it.
  fs::create_directories(tmp.path() / "outer");
  fs::copy_file(tmp.path() / "rootfs.squashfs", tmp.path() / "outer/inner.sqfs");
  mksquashfs(tmp.path() / "outer", tmp.path() / "nest.squashfs");
  r = bulwark::test::run("tar -C " + shell_quote(tmp.path()) + " -czf " + shell_quote(tarball) +
                         " nest.squashfs");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  sbom = inventory(tarball.string(), options, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  EXPECT_EQ(packages(*sbom).size(), 3u);
  options.max_archive_depth = 1;
  auto fail = inventory(tarball.string(), options, &report);
  ASSERT_FALSE(fail);
  EXPECT_EQ(fail.error().message,
            tarball.string() +
                ": 'nest.squashfs/inner.sqfs': filesystem image nested deeper than 1 level(s) "
                "(refusing a hostile archive)");
  options.max_archive_depth = 0;  // never opened: nothing inventoried
  sbom = inventory(tarball.string(), options, &report);
  ASSERT_TRUE(sbom);
  EXPECT_TRUE(packages(*sbom).empty());
}

TEST_F(SquashfsTest, TruncatedImageFailsCleanly) {
  auto img = tmp.path() / "fw.squashfs";
  mksquashfs(tmp.path() / "root", img);
  auto size = fs::file_size(img);
  ASSERT_GT(size, 400u);
  fs::resize_file(img, 400);  // the super block survives, the tables do not
  auto r = inventory(img.string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().message.starts_with(img.string() + ": ")) << r.error().message;
}

}  // namespace
