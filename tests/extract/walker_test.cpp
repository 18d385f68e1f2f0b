// Inventory core: directory, archive and single-file targets walked with a fake extractor
// defined here (so the core is tested independently of the real extractors), hostile archives,
// limits, os-release detection, bom-ref uniqueness and the dependency graph. A last group runs
// the real extractors over small lockfiles written here and over the public lockfile corpus.
#include "bulwark/extract/walker.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::Component;
using bulwark::Sbom;
using bulwark::extract::ExtractorList;
using bulwark::extract::FileInfo;
using bulwark::extract::Inventory;
using bulwark::extract::inventory;
using bulwark::extract::InventoryOptions;
using bulwark::extract::InventoryReport;
using bulwark::extract::ScanInput;

namespace {

// What the fake extractor saw (shared with the test body).
struct Seen {
  std::vector<std::string> paths;
  std::vector<std::string> os_ids;  // "" when no OsRelease was passed
};

// Reads "fake.lock" files: one "name version [dep,dep]" a line; a line "error" fails the file,
// a line "note X" adds a note.
class FakeExtractor : public bulwark::extract::Extractor {
 public:
  explicit FakeExtractor(std::shared_ptr<Seen> seen) : seen_(std::move(seen)) {}
  std::string_view name() const override { return "test/fake"; }
  bool wants(const FileInfo& f) const override {
    return f.path == "fake.lock" || f.path.ends_with("/fake.lock");
  }
  bulwark::Result<Inventory> extract(const ScanInput& in) const override {
    seen_->paths.push_back(in.info.path);
    seen_->os_ids.push_back(in.os ? in.os->id : "");
    Inventory inv;
    std::size_t line_no = 0;
    for (auto line : bulwark_split_lines(in.content)) {
      ++line_no;
      if (line == "error")
        return bulwark::invalid_input(in.info.path + ": line " + std::to_string(line_no) + ": bad");
      if (line.starts_with("note ")) {
        inv.notes.push_back(line.substr(5));
        continue;
      }
      add_line(line, inv);
    }
    return inv;
  }

 private:
  static std::vector<std::string> bulwark_split_lines(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
      if (c == '\n') {
        if (!cur.empty()) out.push_back(cur);
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
  }
  static void add_line(const std::string& line, Inventory& inv) {
    std::istringstream ss(line);
    std::string name, version, deps;
    ss >> name >> version >> deps;
    Component c;
    c.name = name;
    c.version = version;
    c.purl = "pkg:generic/" + name + "@" + version;
    c.bom_ref = "fake:" + name + "@" + version;
    inv.components.push_back(c);
    if (deps.empty()) return;
    bulwark::Dependency d{c.bom_ref, {}};
    std::size_t start = 0;
    while (start <= deps.size()) {
      auto comma = deps.find(',', start);
      d.depends_on.push_back("fake:" + deps.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    inv.dependencies.push_back(std::move(d));
  }
  std::shared_ptr<Seen> seen_;
};

ExtractorList fake_extractors(std::shared_ptr<Seen> seen) {
  ExtractorList list;
  list.push_back(std::make_unique<FakeExtractor>(std::move(seen)));
  return list;
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// The tree used by most tests: two lockfiles, an os-release and an unrelated file.
const std::map<std::string, std::string>& tree_files() {
  static const std::map<std::string, std::string> kFiles{
      {"etc/os-release",
       "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"},
      {"srv/app1/fake.lock", "a 1.0\nb 2.0 a@1.0\n"},
      {"srv/app2/fake.lock", "a 1.0\nnote something odd\n"},
      {"srv/readme.txt", "not a lockfile\n"},
  };
  return kFiles;
}

void make_tree(const fs::path& root) {
  for (const auto& [rel, text] : tree_files()) write_text(root / rel, text);
}

struct Member {
  std::string name;
  std::string data;
  unsigned type = AE_IFREG;
  std::int64_t declared_size = -1;  // -1: data.size()
};

// Writes an archive with libarchive: format "pax" (tar) + filter, or "zip".
void write_archive(const fs::path& out, const std::string& format, const std::string& filter,
                   const std::vector<Member>& members) {
  archive* a = archive_write_new();
  if (format == "zip") {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    if (filter == "gzip") archive_write_add_filter_gzip(a);
    if (filter == "xz") archive_write_add_filter_xz(a);
  }
  ASSERT_EQ(archive_write_open_filename(a, out.c_str()), ARCHIVE_OK) << archive_error_string(a);
  for (const auto& m : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.name.c_str());
    archive_entry_set_filetype(e, m.type);
    archive_entry_set_perm(e, 0644);
    if (m.type == AE_IFLNK) archive_entry_set_symlink(e, m.data.c_str());
    archive_entry_set_size(
        e, m.type == AE_IFREG
               ? (m.declared_size >= 0 ? m.declared_size : static_cast<std::int64_t>(m.data.size()))
               : 0);
    ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    if (m.type == AE_IFREG && !m.data.empty()) archive_write_data(a, m.data.data(), m.data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

std::vector<Member> tree_members() {
  std::vector<Member> out;
  out.push_back({"./srv/", "", AE_IFDIR});
  for (const auto& [rel, text] : tree_files()) out.push_back({"./" + rel, text});
  out.push_back({"./srv/link.lock", "app1/fake.lock", AE_IFLNK});
  return out;
}

const Component* find(const Sbom& s, const std::string& ref) {
  for (const auto& c : s.components)
    if (c.bom_ref == ref) return &c;
  return nullptr;
}

std::string property(const Component& c, const std::string& key) {
  for (const auto& [k, v] : c.properties)
    if (k == key) return v;
  return {};
}

// A comparable summary: "ref name version location" per component, in order.
std::vector<std::string> summary(const Sbom& s) {
  std::vector<std::string> out;
  for (const auto& c : s.components)
    out.push_back(c.bom_ref + " " + c.name + " " + c.version + " " + c.location);
  return out;
}

class WalkerTest : public ::testing::Test {
 protected:
  bulwark::test::TempDir tmp;
  std::shared_ptr<Seen> seen = std::make_shared<Seen>();
  ExtractorList extractors = fake_extractors(seen);
  InventoryOptions options;
  InventoryReport report;
};

TEST_F(WalkerTest, DirectoryTreeYieldsComponentsWithUniqueRefsAndGraph) {
  make_tree(tmp.path() / "root");
  options.name = "device-fw";
  options.version = "3.1";
  options.supplier = "Acme GmbH";
  auto sbom = inventory((tmp.path() / "root").string(), options, extractors, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  ASSERT_TRUE(sbom->subject);
  EXPECT_EQ(sbom->subject->name, "device-fw");
  EXPECT_EQ(sbom->subject->version, "3.1");
  EXPECT_EQ(sbom->subject->supplier, "Acme GmbH");
  EXPECT_EQ(sbom->subject->bom_ref, "product:device-fw@3.1");
  EXPECT_TRUE(sbom->serial_number.starts_with("urn:uuid:"));
  EXPECT_EQ(summary(*sbom), (std::vector<std::string>{
                                "os:debian@12 debian 12 etc/os-release",
                                "fake:a@1.0 a 1.0 srv/app1/fake.lock",
                                "fake:b@2.0 b 2.0 srv/app1/fake.lock",
                                "fake:a@1.0|srv/app2/fake.lock a 1.0 srv/app2/fake.lock",
                            }));
  EXPECT_EQ(sbom->components[0].type, "operating-system");
  EXPECT_EQ(sbom->components[1].type, "library");
  // Dependencies: subject -> os and each file's roots; b -> a within app1; then an empty entry
  // for every other component (the graph is complete).
  ASSERT_EQ(sbom->dependencies.size(), 5u);
  for (std::size_t i = 2; i < 5; ++i) EXPECT_TRUE(sbom->dependencies[i].depends_on.empty());
  EXPECT_EQ(sbom->dependencies[0].ref, "product:device-fw@3.1");
  EXPECT_EQ(
      sbom->dependencies[0].depends_on,
      (std::vector<std::string>{"os:debian@12", "fake:b@2.0", "fake:a@1.0|srv/app2/fake.lock"}));
  EXPECT_EQ(sbom->dependencies[1].ref, "fake:b@2.0");
  EXPECT_EQ(sbom->dependencies[1].depends_on, (std::vector<std::string>{"fake:a@1.0"}));
  EXPECT_EQ(report.files_read, 2u);
  EXPECT_EQ(report.components_by_extractor.at("test/fake"), 3u);
  EXPECT_EQ(report.components_by_extractor.at("os-release"), 1u);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_EQ(report.notes[0], "srv/app2/fake.lock: something odd");
}

TEST_F(WalkerTest, FileHashesAreThoseOfTheDeliveringFile) {
  write_text(tmp.path() / "fake.lock", "abc");  // a component named "abc" without version
  EXPECT_EQ(bulwark::extract::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(bulwark::extract::sha512_hex("abc").substr(0, 32), "ddaf35a193617abacc417349ae204131");
  auto sbom = inventory(tmp.path().string(), options, extractors, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  ASSERT_EQ(sbom->components.size(), 1u);
  const auto& c = sbom->components[0];
  EXPECT_EQ(property(c, "bulwark:file-sha256"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(property(c, "bulwark:file-sha512").size(), 128u);
  EXPECT_EQ(property(c, "bulwark:extractor"), "test/fake");
  EXPECT_FALSE(report.os);
}

TEST_F(WalkerTest, OsReleaseIsPassedToExtractors) {
  make_tree(tmp.path());
  auto sbom = inventory(tmp.path().string(), options, extractors, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  ASSERT_TRUE(report.os);
  EXPECT_EQ(report.os->id, "debian");
  EXPECT_EQ(report.os->version_id, "12");
  EXPECT_EQ(report.os->pretty_name, "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(seen->os_ids, (std::vector<std::string>{"debian", "debian"}));
  EXPECT_EQ(property(sbom->components[0], "bulwark:os:pretty-name"),
            "Debian GNU/Linux 12 (bookworm)");
}

TEST_F(WalkerTest, UsrLibOsReleaseWhenEtcIsASymlink) {
  write_text(tmp.path() / "usr/lib/os-release", "ID=alpine\nVERSION_ID=3.20.1\n");
  fs::create_directories(tmp.path() / "etc");
  fs::create_symlink("../usr/lib/os-release", tmp.path() / "etc/os-release");
  auto sbom = inventory(tmp.path().string(), options, extractors, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  ASSERT_TRUE(report.os);
  EXPECT_EQ(report.os->id, "alpine");
  ASSERT_EQ(sbom->components.size(), 1u);
  EXPECT_EQ(sbom->components[0].bom_ref, "os:alpine@3.20.1");
  EXPECT_EQ(sbom->components[0].location, "usr/lib/os-release");
  EXPECT_EQ(report.skipped_links, 1u);
}

TEST_F(WalkerTest, MalformedOsReleaseIsANoteUnlessStrict) {
  write_text(tmp.path() / "etc/os-release", "ID=\"debian\n");
  auto sbom = inventory(tmp.path().string(), options, extractors, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  EXPECT_FALSE(report.os);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_TRUE(report.notes[0].starts_with("etc/os-release: ")) << report.notes[0];
  options.strict = true;
  auto strict = inventory(tmp.path().string(), options, extractors, &report);
  ASSERT_FALSE(strict);
  EXPECT_NE(strict.error().message.find("etc/os-release"), std::string::npos)
      << strict.error().message;
}

TEST_F(WalkerTest, SymlinksAndSpecialFilesAreSkippedAndNoted) {
  write_text(tmp.path() / "real/fake.lock", "a 1\n");
  fs::create_directories(tmp.path() / "links");
  fs::create_symlink("../real/fake.lock", tmp.path() / "links/fake.lock");
  fs::create_directory_symlink("../real", tmp.path() / "links/dir");
  ASSERT_EQ(::mkfifo((tmp.path() / "real/pipe").c_str(), 0600), 0);
  auto sbom = inventory(tmp.path().string(), options, extractors, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  EXPECT_EQ(seen->paths, (std::vector<std::string>{"real/fake.lock"}));
  EXPECT_EQ(report.skipped_links, 2u);
  EXPECT_EQ(report.skipped_special, 1u);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_EQ(report.notes[0], "skipped 2 symlink(s) or hard link(s) and 1 special file(s)");
}

TEST_F(WalkerTest, ExtractorErrorIsANoteUnlessStrict) {
  write_text(tmp.path() / "good/fake.lock", "a 1\n");
  write_text(tmp.path() / "bad/fake.lock", "x 1\nerror\n");
  auto sbom = inventory(tmp.path().string(), options, extractors, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  EXPECT_EQ(sbom->components.size(), 1u);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_EQ(report.notes[0], "bad/fake.lock: test/fake: bad/fake.lock: line 2: bad");
  options.strict = true;
  auto strict = inventory(tmp.path().string(), options, extractors, &report);
  ASSERT_FALSE(strict);
  EXPECT_NE(strict.error().message.find("bad/fake.lock: line 2: bad"), std::string::npos)
      << strict.error().message;
}

TEST_F(WalkerTest, OversizedFileInDirectoryIsSkippedWithNoteUnlessStrict) {
  write_text(tmp.path() / "big/fake.lock", std::string(4096, 'x'));
  write_text(tmp.path() / "small/fake.lock", "a 1\n");
  options.max_file_size = 1024;
  auto sbom = inventory(tmp.path().string(), options, extractors, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  EXPECT_EQ(sbom->components.size(), 1u);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_EQ(report.notes[0],
            "big/fake.lock: 4096 bytes, over the read limit of 1024 bytes; skipped");
  options.strict = true;
  EXPECT_FALSE(inventory(tmp.path().string(), options, extractors, &report));
}

TEST_F(WalkerTest, TotalBytesAndEntryLimitsFail) {
  write_text(tmp.path() / "a/fake.lock", std::string(600, '\n'));
  write_text(tmp.path() / "b/fake.lock", std::string(600, '\n'));
  options.max_total_bytes = 1000;
  auto r = inventory(tmp.path().string(), options, extractors, &report);
  ASSERT_FALSE(r);
  EXPECT_NE(
      r.error().message.find("/fake.lock: reading it passes the limit of 1000 bytes read in total"),
      std::string::npos)
      << r.error().message;
  options = InventoryOptions{};
  options.max_entries = 3;  // a, a/fake.lock, b, b/fake.lock
  r = inventory(tmp.path().string(), options, extractors, &report);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("more than 3 entries"), std::string::npos) << r.error().message;
}

TEST_F(WalkerTest, SingleLockfileTarget) {
  write_text(tmp.path() / "fake.lock", "solo 9.9\n");
  auto sbom = inventory((tmp.path() / "fake.lock").string(), options, extractors, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  EXPECT_EQ(summary(*sbom), (std::vector<std::string>{"fake:solo@9.9 solo 9.9 fake.lock"}));
  EXPECT_EQ(sbom->subject->name, "fake.lock");
}

TEST_F(WalkerTest, UnrecognisedFileAndMissingTargetFail) {
  write_text(tmp.path() / "notes.txt", "hello\n");
  auto r = inventory((tmp.path() / "notes.txt").string(), options, extractors, &report);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, bulwark::ErrorCode::kUnsupported);
  EXPECT_NE(r.error().message.find("notes.txt: not a directory, a tar or zip archive"),
            std::string::npos);
  r = inventory((tmp.path() / "absent").string(), options, extractors, &report);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, bulwark::ErrorCode::kNotFound);
  options.max_archive_depth = 9;
  EXPECT_EQ(inventory(tmp.path().string(), options, extractors, &report).error().code,
            bulwark::ErrorCode::kUnsupported);
}

TEST_F(WalkerTest, TarGzTarXzAndZipGiveTheSameComponentsAsTheDirectory) {
  make_tree(tmp.path() / "root");
  auto from_dir = inventory((tmp.path() / "root").string(), options, extractors, &report);
  ASSERT_TRUE(from_dir) << from_dir.error().message;
  const auto expected = summary(*from_dir);
  ASSERT_EQ(expected.size(), 4u);
  struct Case {
    const char* file;
    const char* format;
    const char* filter;
  };
  int checked = 0;
  for (auto c : {Case{"root.tar.gz", "tar", "gzip"}, Case{"root.tar.xz", "tar", "xz"},
                 Case{"root.tar", "tar", ""}, Case{"root.zip", "zip", ""}}) {
    SCOPED_TRACE(c.file);
    auto path = tmp.path() / c.file;
    write_archive(path, c.format, c.filter, tree_members());
    InventoryReport r;
    seen->os_ids.clear();
    auto sbom = inventory(path.string(), options, extractors, &r);
    ASSERT_TRUE(sbom) << sbom.error().message;
    EXPECT_EQ(summary(*sbom), expected);
    EXPECT_EQ(sbom->dependencies.size(), from_dir->dependencies.size());
    EXPECT_EQ(seen->os_ids, (std::vector<std::string>{"debian", "debian"}));
    EXPECT_EQ(r.skipped_links, 1u);
    EXPECT_EQ(property(sbom->components[1], "bulwark:file-sha256"),
              property(from_dir->components[1], "bulwark:file-sha256"));
    EXPECT_EQ(sbom->subject->name, c.file);
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST_F(WalkerTest, HostileArchivesFailNamingTheEntry) {
  struct Case {
    const char* label;
    std::vector<Member> members;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"dotdot",
       {{"ok/fake.lock", "a 1\n"}, {"x/../../evil/fake.lock", "b 1\n"}},
       "'x/../../evil/fake.lock': '..' segment in archive path (refusing a hostile archive)"},
      {"absolute",
       {{"/etc/fake.lock", "a 1\n"}},
       "'/etc/fake.lock': absolute path in archive (refusing a hostile archive)"},
      {"oversized",
       {{"big/fake.lock", std::string(8192, '\n')}},
       "big/fake.lock: 8192 bytes, over the read limit of 4096 bytes (refusing a hostile archive) "
       "(raise with "
       "BULWARK_LIMIT_FILE_SIZE)"},
  };
  options.max_file_size = 4096;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.label);
    for (const char* fmt : {"tar", "zip"}) {
      auto path = tmp.path() / (std::string(c.label) + "." + fmt);
      write_archive(path, fmt, fmt == std::string("tar") ? "gzip" : "", c.members);
      auto r = inventory(path.string(), options, extractors, &report);
      ASSERT_FALSE(r) << fmt;
      EXPECT_EQ(r.error().code, bulwark::ErrorCode::kInvalidInput);
      EXPECT_EQ(r.error().message, path.string() + ": " + c.expected) << fmt;
    }
  }
}

TEST_F(WalkerTest, ArchiveEntryLimitAndCorruptArchiveFail) {
  std::vector<Member> many;
  for (int i = 0; i < 10; ++i) many.push_back({"f" + std::to_string(i), "x"});
  auto path = tmp.path() / "many.tar";
  write_archive(path, "tar", "", many);
  options.max_entries = 5;
  auto r = inventory(path.string(), options, extractors, &report);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, path.string() +
                                   ": 'f5': more than 5 archive entries (refusing a hostile "
                                   "archive) (raise with BULWARK_LIMIT_ENTRIES)");
  // A gzip header followed by garbage.
  write_text(tmp.path() / "broken.tar.gz",
             std::string("\x1f\x8b\x08\x00garbage-garbage-garbage", 27));
  r = inventory((tmp.path() / "broken.tar.gz").string(), InventoryOptions{}, extractors, &report);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().message.starts_with((tmp.path() / "broken.tar.gz").string() + ": "))
      << r.error().message;
}

// One gzip member holding `data` (gzip readers accept concatenated members).
std::string gzip_member(const std::string& data) {
  std::string out(data.size() / 2 + 4096, '\0');
  std::size_t used = 0;
  archive* a = archive_write_new();
  archive_write_set_format_raw(a);
  archive_write_add_filter_gzip(a);
  archive_write_set_bytes_in_last_block(a, 1);
  EXPECT_EQ(archive_write_open_memory(a, out.data(), out.size(), &used), ARCHIVE_OK)
      << archive_error_string(a);
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, "raw");
  archive_entry_set_filetype(e, AE_IFREG);
  EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
  archive_write_data(a, data.data(), data.size());
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
  out.resize(used);
  return out;
}

// A ustar header for a regular file of `size` bytes.
std::string ustar_header(const std::string& name, std::uint64_t size) {
  std::string h(512, '\0');
  std::snprintf(h.data(), 100, "%s", name.c_str());
  std::snprintf(h.data() + 100, 8, "%07o", 0644);
  std::snprintf(h.data() + 108, 8, "%07o", 0);
  std::snprintf(h.data() + 116, 8, "%07o", 0);
  std::snprintf(h.data() + 124, 12, "%011llo", static_cast<unsigned long long>(size));
  std::snprintf(h.data() + 136, 12, "%011o", 0);
  h[156] = '0';
  std::memcpy(h.data() + 257,
              "ustar\0"
              "00",
              8);
  std::memset(h.data() + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(h.data() + 148, 8, "%06o", sum);
  return h;
}

TEST_F(WalkerTest, ZipBombLikeTarGzIsRejectedBySizeLimitWithoutReadingIt) {
  // 1 GiB of zeros named like a wanted file, compressed to about 1 MiB.
  const std::string zeros_mib = gzip_member(std::string(std::size_t{1} << 20, '\0'));
  ASSERT_LT(zeros_mib.size(), 8192u);
  std::string file = gzip_member(ustar_header("srv/fake.lock", std::uint64_t{1} << 30));
  for (int i = 0; i < 1024; ++i) file += zeros_mib;
  file += gzip_member(std::string(1024, '\0'));
  ASSERT_LT(file.size(), std::size_t{8} << 20);
  write_text(tmp.path() / "bomb.tar.gz", file);
  auto start = std::chrono::steady_clock::now();
  auto r = inventory((tmp.path() / "bomb.tar.gz").string(), options, extractors, &report);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, bulwark::ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().message,
            (tmp.path() / "bomb.tar.gz").string() +
                ": srv/fake.lock: 1073741824 bytes, over the read limit of 64 MiB "
                "(refusing a hostile archive) (raise with BULWARK_LIMIT_FILE_SIZE)");
  EXPECT_LT(report.bytes_read, std::uint64_t{1} << 20);  // nothing of the member was read
  EXPECT_LT(seconds, 5.0);
  EXPECT_TRUE(seen->paths.empty());
}

TEST_F(WalkerTest, EntryCountLimitNamesTheArchiveAndTheEntryInTarGz) {
  std::vector<Member> many;
  for (int i = 0; i < 2000; ++i) many.push_back({"d/e" + std::to_string(i), ""});
  auto path = tmp.path() / "many.tar.gz";
  write_archive(path, "tar", "gzip", many);
  options.max_entries = 1000;
  auto r = inventory(path.string(), options, extractors, &report);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, path.string() +
                                   ": 'd/e1000': more than 1000 archive entries (refusing a "
                                   "hostile archive) (raise with BULWARK_LIMIT_ENTRIES)");
  options.max_entries = 2000;
  EXPECT_TRUE(inventory(path.string(), options, extractors, &report));
}

TEST_F(WalkerTest, SymlinkLoopInDirectoryIsNotFollowed) {
  make_tree(tmp.path() / "root");
  fs::create_directory_symlink(".", tmp.path() / "root" / "srv" / "loop");
  fs::create_symlink("b", tmp.path() / "root" / "a");
  fs::create_symlink("a", tmp.path() / "root" / "b");
  auto r = inventory((tmp.path() / "root").string(), options, extractors, &report);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(seen->paths.size(), 2u);
  EXPECT_EQ(report.skipped_links, 3u);
}

TEST_F(WalkerTest, HashingInlineAndInThreadsGiveTheSameDigests) {
  make_tree(tmp.path() / "root");
  for (int i = 0; i < 40; ++i)
    write_text(tmp.path() / "root" / ("p" + std::to_string(i)) / "fake.lock",
               "x" + std::to_string(i) + " 1\n");
  std::vector<std::string> runs[2];
  for (int threads : {0, 2}) {
    options.hash_threads = threads;
    auto r = inventory((tmp.path() / "root").string(), options, extractors, &report);
    ASSERT_TRUE(r) << r.error().message;
    for (const auto& c : r->components)
      runs[threads ? 1 : 0].push_back(c.location + " " + property(c, "bulwark:file-sha256") + " " +
                                      property(c, "bulwark:file-sha512"));
  }
  ASSERT_EQ(runs[0].size(), 44u);  // os + 3 + 40
  EXPECT_EQ(runs[0], runs[1]);
  const auto d = bulwark::extract::sha256_sha512("x7 1\n");
  EXPECT_EQ(d.sha256, bulwark::extract::sha256_hex("x7 1\n"));
  EXPECT_EQ(d.sha512, bulwark::extract::sha512_hex("x7 1\n"));
  EXPECT_NE(std::find(runs[1].begin(), runs[1].end(), "p7/fake.lock " + d.sha256 + " " + d.sha512),
            runs[1].end());
}

// --- the real extractors (all_extractors) over lockfiles written here -------------------------

TEST(WalkerRealExtractors, NpmLockfileInADirectory) {
  bulwark::test::TempDir tmp;
  write_text(tmp.path() / "web/package-lock.json", R"({
  "name": "web", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
  "packages": {
    "": {"name": "web", "version": "1.0.0", "dependencies": {"lodash": "^4.17.0"}},
    "node_modules/lodash": {"version": "4.17.21", "resolved": "https://example.invalid/lodash-4.17.21.tgz",
      "integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==",
      "license": "MIT"}
  }
})");
  InventoryReport report;
  auto sbom = inventory(tmp.path().string(), InventoryOptions{}, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  const Component* lodash = nullptr;
  for (const auto& c : sbom->components)
    if (c.name == "lodash") lodash = &c;
  ASSERT_NE(lodash, nullptr) << "no lodash among " << sbom->components.size() << " components";
  EXPECT_EQ(lodash->purl, "pkg:npm/lodash@4.17.21");
  EXPECT_EQ(lodash->location, "web/package-lock.json");
  EXPECT_EQ(property(*lodash, "bulwark:file-sha256").size(), 64u);
}

TEST(WalkerRealExtractors, LockfileCorpusYieldsManyComponents) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/syft-catalogers");
  InventoryReport report;
  auto sbom = inventory(dir.string(), InventoryOptions{}, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  std::size_t files = report.files_read;
  std::printf(
      "[ corpus   ] syft-catalogers: %zu entries, %zu files read, %zu components, %zu notes\n",
      static_cast<std::size_t>(report.entries), files, sbom->components.size(),
      report.notes.size());
  ::testing::Test::RecordProperty("components", static_cast<int>(sbom->components.size()));
  EXPECT_GT(files, 50u);
  EXPECT_GT(sbom->components.size(), 200u);
  std::set<std::string> refs;
  for (const auto& c : sbom->components) {
    EXPECT_TRUE(refs.insert(c.bom_ref).second) << "duplicate bom-ref " << c.bom_ref;
    EXPECT_FALSE(c.location.empty());
  }
}

}  // namespace

namespace {

TEST(WalkerRealExtractors, DebianRootFromCorpusDetectsOsAndPackages) {
  BULWARK_REQUIRE_SHARED(dir,
                         "corpora/syft-catalogers/syft/pkg/cataloger/debian/testdata/image-dpkg");
  InventoryReport report;
  auto sbom = inventory(dir.string(), InventoryOptions{}, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  ASSERT_TRUE(report.os);
  EXPECT_EQ(report.os->id, "debian");
  EXPECT_EQ(report.os->version_id, "12");
  ASSERT_FALSE(sbom->components.empty());
  EXPECT_EQ(sbom->components[0].bom_ref, "os:debian@12");
  std::size_t debs = 0;
  for (const auto& c : sbom->components)
    if (c.purl.starts_with("pkg:deb/debian/")) {
      ++debs;
      EXPECT_EQ(c.location, "var/lib/dpkg/status");
    }
  std::printf("[ corpus   ] image-dpkg: %zu deb components\n", debs);
  EXPECT_GE(debs, 1u);
}

}  // namespace
