// Hostile inputs for the inventory (issue 14, part B): each is generated here and must end
// quickly with a named error or a bounded result. Where memory is the point, the work runs in a
// forked child and its peak resident size (wait4 rusage) is checked; no timings are asserted.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/extract/binary/elf.hpp"
#include "bulwark/extract/extractor.hpp"
#include "bulwark/extract/nesting.hpp"
#include "bulwark/extract/os/rpm_header.hpp"
#include "bulwark/extract/walker.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
namespace ex = bulwark::extract;
using bulwark::Result;
using ex::Inventory;
using ex::InventoryOptions;
using ex::InventoryReport;

namespace {

// ---- helpers ----

const ex::Extractor& extractor(std::string_view name) {
  static const auto all = ex::all_extractors();
  for (const auto& e : all)
    if (e->name() == name) return *e;
  ADD_FAILURE() << "no extractor " << name;
  std::abort();
}

Result<Inventory> run(std::string_view name, const std::string& path, std::string_view content) {
  ex::FileInfo info{path, content.size(), false};
  return extractor(name).extract(ex::ScanInput{info, content});
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

void write_bytes(const fs::path& p, std::string_view data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs `work` in a forked child; returns its exit code and peak resident size in MiB.
struct ChildResult {
  int exit_code = -1;
  long peak_mib = 0;
};
ChildResult in_child(const std::function<int()>& work) {
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) _exit(work());
  int status = 0;
  rusage ru{};
  EXPECT_EQ(wait4(pid, &status, 0, &ru), pid);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), ru.ru_maxrss / 1024};
}

// The peak of a child that does nothing but exist (the test binary, ASan's shadow): the baseline.
long baseline_mib() {
  static long mib = in_child([] { return 0; }).peak_mib;
  return mib;
}

// Big-endian helpers for rpm headers.
void be32(std::string& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((v >> s) & 0xff));
}
void le32_at(std::string& out, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
void le16_at(std::string& out, std::size_t at, std::uint16_t v) {
  out[at] = static_cast<char>(v & 0xff);
  out[at + 1] = static_cast<char>(v >> 8);
}

// An rpm header blob with NAME, VERSION, RELEASE and ARCH.
std::string rpm_header(const std::string& name, const std::string& version) {
  const std::vector<std::pair<std::uint32_t, std::string>> tags = {
      {1000, name}, {1001, version}, {1002, "1"}, {1022, "x86_64"}};
  std::string data, index;
  for (const auto& [tag, value] : tags) {
    be32(index, tag);
    be32(index, 6);
    be32(index, static_cast<std::uint32_t>(data.size()));
    be32(index, 1);
    data += value;
    data.push_back('\0');
  }
  std::string blob;
  be32(blob, static_cast<std::uint32_t>(tags.size()));
  be32(blob, static_cast<std::uint32_t>(data.size()));
  return blob + index + data;
}

// A tar (gzip when asked) written to `path`; each member is (name, size, byte generator chunk).
struct Member {
  std::string name;
  std::string data;         // the content, or
  std::uint64_t zeros = 0;  // this many zero bytes (streamed, never held)
};
void write_tar(const fs::path& path, const std::vector<Member>& members, bool gzip) {
  fs::create_directories(path.parent_path());
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (gzip) archive_write_add_filter_gzip(a);
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
  const std::string chunk(1 << 20, '\0');
  for (const auto& m : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    const std::uint64_t size = m.zeros ? m.zeros : m.data.size();
    archive_entry_set_size(e, static_cast<la_int64_t>(size));
    ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    if (m.zeros) {
      for (std::uint64_t left = m.zeros; left > 0;) {
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
        archive_write_data(a, chunk.data(), n);
        left -= n;
      }
    } else if (!m.data.empty()) {
      archive_write_data(a, m.data.data(), m.data.size());
    }
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

std::string npm_lock(const std::string& dep) {
  return R"({"name":"app","version":"1.0.0","lockfileVersion":3,"packages":{"":{"name":"app","version":"1.0.0"},)"
         R"("node_modules/)" +
         dep + R"(":{"version":"1.0.0"}}})";
}

class HostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : {"BULWARK_LIMIT_FILE_SIZE", "BULWARK_LIMIT_ENTRIES", "BULWARK_LIMIT_BYTES",
                          "BULWARK_LIMIT_DECOMPRESSED", "BULWARK_LIMIT_DEPTH",
                          "BULWARK_LIMIT_NESTED_IMAGE_SIZE", "BULWARK_LIMIT_SECONDS"})
      unsetenv(v);
    options.hash_threads = 0;
  }
  bulwark::test::TempDir tmp;
  InventoryOptions options;
  InventoryReport report;
};

// ---- 1. ELF notes ----

// A 16 MiB ELF64 of zeros whose 65,535 SHT_NOTE sections all start at a different offset and
// reach the end of the file, plus one real FDO package note at the start.
std::string zero_elf_with_overlapping_notes(std::size_t size, std::uint16_t sections) {
  std::string elf(size, '\0');
  elf.replace(0, 4,
              "\x7f"
              "ELF");
  elf[4] = 2;  // 64-bit
  elf[5] = 1;  // little-endian
  elf[6] = 1;
  auto put = [&](std::size_t at, std::uint64_t v, int width) {
    for (int i = 0; i < width; ++i) elf[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  // One real note at 0x100: name "FDO", type 0xcafe1a7e, JSON descriptor.
  const std::string json = R"({"type":"deb","os":"debian","name":"zlib1g","version":"1.2.13"})";
  std::size_t at = 0x100;
  put(at, 4, 4);
  put(at + 4, json.size() + 1, 4);
  put(at + 8, 0xcafe1a7e, 4);
  elf.replace(at + 12, 4, std::string("FDO\0", 4));
  elf.replace(at + 16, json.size(), json);
  const std::size_t shoff = size - std::size_t{sections} * 64;
  put(0x28, shoff, 8);
  put(0x3A, 64, 2);
  put(0x3C, sections, 2);
  put(0x3E, 0, 2);  // section 0 doubles as the (empty-named) string table
  for (std::size_t i = 1; i < sections; ++i) {
    std::size_t h = shoff + i * 64;
    std::uint64_t off = 0x100 + (i - 1);  // every phase of the note grid
    put(h + 4, 7, 4);                     // SHT_NOTE
    put(h + 0x18, off, 8);
    put(h + 0x20, shoff - off, 8);
    put(h + 0x30, 4, 8);
  }
  return elf;
}

TEST_F(HostileTest, OverlappingZeroNotesAreReadOnceAndBounded) {
  const std::string elf = zero_elf_with_overlapping_notes(std::size_t{16} << 20, 65535);
  auto parsed = ex::binary::ElfFile::parse(elf);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->sections().size(), 65535u);
  auto notes = parsed->notes();
  // The real note is found once; the zero fill yields nothing; the count is bounded by the size.
  std::size_t fdo = 0;
  for (const auto& n : notes) fdo += n.name == "FDO";
  EXPECT_EQ(fdo, 1u);
  EXPECT_LE(notes.size(), elf.size() / 12);
  auto inv = run("binary/elfpackagenote", "usr/lib/libz.so.1", elf);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 1u);
  EXPECT_EQ(inv->components[0].name, "zlib1g");
}

TEST_F(HostileTest, ZeroElfInAGzipLayerStaysWithinMemory) {
  const std::string elf = zero_elf_with_overlapping_notes(std::size_t{16} << 20, 65535);
  const fs::path layer = tmp.path() / "layer.tar.gz";
  write_tar(layer, {{"usr/lib/libz.so.1", elf, 0}}, true);
  const std::string layer_bytes = read_bytes(layer);
  EXPECT_LT(layer_bytes.size(),
            std::size_t{1} << 20);  // the amplification: 16 MiB from well under 1 MiB
  const std::string id(64, 'a');
  write_tar(
      tmp.path() / "image.tar",
      {{id + "/layer.tar", layer_bytes, 0},
       {"manifest.json",
        R"([{"Config":"","RepoTags":["evil/zero:1"],"Layers":[")" + id + R"(/layer.tar"]}])", 0}},
      false);
  const long base = baseline_mib();
  auto child = in_child([&] {
    InventoryReport rep;
    auto sbom = ex::inventory((tmp.path() / "image.tar").string(), options, &rep);
    if (!sbom) return 2;
    for (const auto& c : sbom->components)
      if (c.name == "zlib1g") return 0;
    return 3;
  });
  EXPECT_EQ(child.exit_code, 0);
  std::printf("[ hostile  ] zero ELF in a %zu-byte layer: peak %ld MiB over a %ld MiB baseline\n",
              layer_bytes.size(), child.peak_mib - base, base);
  // The file itself, its copy for hashing and the readers' buffers: far below the gigabytes that
  // keeping every note of every section took.
  EXPECT_LT(child.peak_mib - base, 400)
      << "peak " << child.peak_mib << " MiB, baseline " << base << " MiB";
}

// ---- 2. rpm databases sharing one blob ----

TEST_F(HostileTest, RpmHeaderRepeatingATagScansItOnce) {
  // 65,535 index entries all naming one 8 MiB string: each tag is read once.
  const std::uint32_t il = 65535;
  std::string data(std::size_t{8} << 20, 'a');
  data.back() = '\0';
  std::string blob;
  be32(blob, il);
  be32(blob, static_cast<std::uint32_t>(data.size()));
  for (std::uint32_t i = 0; i < il; ++i) {
    be32(blob, 1000);
    be32(blob, 6);
    be32(blob, 0);
    be32(blob, 1);
  }
  blob += data;
  auto pkg = ex::os::parse_rpm_header(blob);
  ASSERT_TRUE(pkg) << pkg.error().message;
  EXPECT_EQ(pkg->name.size(), data.size() - 1);
}

// A BerkeleyDB hash database: `hash_pages` pages whose every value slot names the same overflow
// chain of `chain_pages` pages holding one header blob.
std::string shared_blob_bdb(std::uint32_t hash_pages, std::uint32_t chain_pages,
                            const std::string& header) {
  const std::size_t ps = 4096;
  const std::uint32_t chain = 1 + hash_pages, last = hash_pages + chain_pages;
  std::string db((std::size_t{last} + 1) * ps, '\0');
  le32_at(db, 12, 0x00061561);
  le32_at(db, 20, ps);
  le32_at(db, 32, last);
  for (std::uint32_t p = 1; p <= hash_pages; ++p) {
    std::size_t at = std::size_t{p} * ps;
    db[at + 25] = 13;                  // P_HASH
    const std::size_t item = ps - 12;  // one H_OFFPAGE item, named by every value slot
    db[at + item] = 3;
    le32_at(db, at + item + 4, chain);
    const std::uint16_t entries = static_cast<std::uint16_t>((item - 26) / 2);
    le16_at(db, at + 20, entries);
    for (std::uint16_t i = 0; i < entries; ++i)
      le16_at(db, at + 26 + std::size_t{i} * 2, static_cast<std::uint16_t>(item));
  }
  std::string value = header;
  value.resize((ps - 26) * chain_pages, '\0');
  for (std::uint32_t k = 0; k < chain_pages; ++k) {
    std::size_t at = std::size_t{chain + k} * ps;
    std::uint32_t next = k + 1 < chain_pages ? chain + k + 1 : 0;
    le32_at(db, at + 16, next);
    if (next == 0) le16_at(db, at + 22, static_cast<std::uint16_t>(ps - 26));
    db.replace(at + 26, ps - 26, value.substr(std::size_t{k} * (ps - 26), ps - 26));
  }
  return db;
}

TEST_F(HostileTest, BerkeleyDbSlotsSharingOneChainParseItOnce) {
  // 1,000 pages x 1,017 slots naming one 1,000-page chain: 10^6 re-reads of 4 MiB before.
  const std::string db = shared_blob_bdb(1000, 1000, rpm_header("shared", "1.0"));
  auto inv = run("os/rpm-bdb", "var/lib/rpm/Packages", db);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 1u);
  EXPECT_EQ(inv->components[0].name, "shared");
}

TEST_F(HostileTest, BerkeleyDbChainsSharingPagesAreRefused) {
  std::string db = shared_blob_bdb(1, 4, rpm_header("first", "1.0"));
  // A second hash page whose value starts inside the first chain (page 3 of 2..5).
  const std::size_t ps = 4096;
  std::string page(ps, '\0');
  page[25] = 13;
  page[ps - 12] = 3;
  le32_at(page, ps - 12 + 4, 3);
  le16_at(page, 20, 2);
  le16_at(page, 26, static_cast<std::uint16_t>(ps - 12));
  le16_at(page, 28, static_cast<std::uint16_t>(ps - 12));
  db += page;
  le32_at(db, 32, static_cast<std::uint32_t>(db.size() / ps - 1));
  auto inv = run("os/rpm-bdb", "var/lib/rpm/Packages", db);
  ASSERT_TRUE(inv) << inv.error().message;
  EXPECT_EQ(inv->components.size(), 1u);
  bool noted = false;
  for (const auto& n : inv->notes) noted = noted || contains(n, "shared with another chain");
  EXPECT_TRUE(noted);
}

// An NDB database whose every slot names one blob.
std::string shared_blob_ndb(std::uint32_t slot_pages, const std::string& header) {
  const std::size_t slots = std::size_t{slot_pages} * 256 - 2;
  const std::size_t table = 32 + slots * 16;
  const std::size_t blob_at = (table + 15) / 16 * 16;
  std::string db(blob_at + 16 + header.size(), '\0');
  le32_at(db, 0, 0x506d7052);
  le32_at(db, 12, slot_pages);
  for (std::size_t i = 0; i < slots; ++i) {
    std::size_t at = 32 + i * 16;
    le32_at(db, at, 0x746f6c53);
    le32_at(db, at + 4, 7);
    le32_at(db, at + 8, static_cast<std::uint32_t>(blob_at / 16));
    le32_at(db, at + 12, static_cast<std::uint32_t>((16 + header.size() + 15) / 16));
  }
  le32_at(db, blob_at, 0x53626c42);
  le32_at(db, blob_at + 4, 7);
  le32_at(db, blob_at + 12, static_cast<std::uint32_t>(header.size()));
  db.replace(blob_at + 16, header.size(), header);
  return db;
}

TEST_F(HostileTest, NdbSlotsSharingOneBlobParseItOnce) {
  std::string header = rpm_header("ndbshared", "2.0");
  header.resize(header.size() + (std::size_t{64} << 10), '\0');
  const std::string db = shared_blob_ndb(1024, header);  // 262,142 slots
  auto inv = run("os/rpm-ndb", "usr/lib/sysimage/rpm/Packages.db", db);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 1u);
  EXPECT_EQ(inv->components[0].name, "ndbshared");
}

// ---- 3. rpmdb.sqlite with a hostile schema ----

std::string sqlite_db(const fs::path& path, const std::vector<std::string>& statements,
                      const std::string& blob = {}) {
  fs::remove(path);
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  for (const auto& sql : statements) {
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << (err ? err : "") << " in " << sql;
    sqlite3_free(err);
  }
  if (!blob.empty()) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(
        sqlite3_prepare_v2(db, "INSERT INTO Packages(hnum, blob) VALUES (1, ?)", -1, &st, nullptr),
        SQLITE_OK);
    sqlite3_bind_blob(st, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return read_bytes(path);
}

TEST_F(HostileTest, RpmSqliteViewWithARecursiveQueryIsRefusedBeforeItRuns) {
  const std::string content = sqlite_db(
      tmp.path() / "view.sqlite",
      {"CREATE VIEW Packages AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
       "SELECT x AS hnum, zeroblob(1000) AS blob FROM c"});
  auto inv = run("os/rpm-sqlite", "var/lib/rpm/rpmdb.sqlite", content);
  ASSERT_FALSE(inv);
  EXPECT_EQ(
      inv.error().message,
      "var/lib/rpm/rpmdb.sqlite: Packages is a view, not a table (refusing a hostile database)");
}

TEST_F(HostileTest, RpmSqliteGeneratedOrVirtualPackagesAreRefused) {
  const std::string generated = sqlite_db(
      tmp.path() / "gen.sqlite", {"CREATE TABLE Packages(hnum INTEGER PRIMARY KEY, x BLOB, blob "
                                  "BLOB GENERATED ALWAYS AS (zeroblob(100000000)) VIRTUAL)",
                                  "INSERT INTO Packages(hnum, x) VALUES (1, x'00')"});
  auto inv = run("os/rpm-sqlite", "var/lib/rpm/rpmdb.sqlite", generated);
  ASSERT_FALSE(inv);
  EXPECT_TRUE(contains(inv.error().message, "Packages lacks the stored columns hnum and blob"))
      << inv.error().message;
  const std::string fts = sqlite_db(tmp.path() / "fts.sqlite",
                                    {"CREATE VIRTUAL TABLE Packages USING fts5(hnum, blob)"});
  inv = run("os/rpm-sqlite", "var/lib/rpm/rpmdb.sqlite", fts);
  ASSERT_FALSE(inv);
  EXPECT_TRUE(contains(inv.error().message, "Packages is not an ordinary table"))
      << inv.error().message;
}

TEST_F(HostileTest, RpmSqliteOrdinaryTableIsStillRead) {
  const std::string content = sqlite_db(
      tmp.path() / "ok.sqlite",
      {"CREATE TABLE Packages(hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)",
       "CREATE TRIGGER t AFTER INSERT ON Packages BEGIN SELECT 1; END"},
      rpm_header("bash", "5.2"));
  auto inv = run("os/rpm-sqlite", "var/lib/rpm/rpmdb.sqlite", content);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 1u);
  EXPECT_EQ(inv->components[0].name, "bash");
}

// ---- 4. jar, pnpm, SquashFS, unwanted bomb, deep index.json ----

// A zip (deflate) of `count` pom.properties of `size` bytes each (highly compressible).
std::string many_pom_jar(int count, std::size_t size) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_options(a, "zip:compression-level=1");
  auto write_cb = [](archive*, void* ctx, const void* buf, std::size_t n) -> la_ssize_t {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(buf), n);
    return static_cast<la_ssize_t>(n);
  };
  archive_write_open(a, &out, nullptr, write_cb, nullptr);
  for (int i = 0; i < count; ++i) {
    std::string body = "groupId=org.evil\nartifactId=a" + std::to_string(i) + "\nversion=1.0\n#";
    body.resize(size, 'x');
    archive_entry* e = archive_entry_new();
    std::string name = "META-INF/maven/org.evil/a" + std::to_string(i) + "/pom.properties";
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(body.size()));
    archive_write_header(a, e);
    archive_write_data(a, body.data(), body.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

TEST_F(HostileTest, JarWithManyLargePomPropertiesIsReadWithinBounds) {
  // 1,200 x 256 KiB = 300 MiB of pom.properties in a jar of under 2 MiB.
  const std::string jar = many_pom_jar(1200, 256 * 1024);
  ASSERT_LT(jar.size(), std::size_t{16} << 20);
  const long base = baseline_mib();
  std::size_t components = 0;
  auto child = in_child([&] {
    auto inv = run("java/archive", "srv/evil.jar", jar);
    if (!inv) return 2;
    bool stopped = false;
    for (const auto& n : inv->notes) stopped = stopped || contains(n, "stopped reading: more than");
    if (!stopped) return 3;
    return inv->components.empty() || inv->components.size() >= 1200 ? 4 : 0;
  });
  EXPECT_EQ(child.exit_code, 0);
  std::printf("[ hostile  ] many-pom jar (%zu bytes): peak %ld MiB over a %ld MiB baseline\n",
              jar.size(), child.peak_mib - base, base);
  // ASan's quarantine keeps up to 256 MiB of freed blocks: the old reader kept 300 MiB live on top.
  EXPECT_LT(child.peak_mib - base, 400)
      << "peak " << child.peak_mib << " MiB, baseline " << base << " MiB";
  // A small jar of the same shape is read completely.
  auto small = run("java/archive", "srv/ok.jar", many_pom_jar(20, 1000));
  ASSERT_TRUE(small);
  components = small->components.size();
  EXPECT_EQ(components, 20u);
}

TEST_F(HostileTest, PnpmBillionLaughsIsRefusedBeforeLoading) {
  std::string yaml = "lockfileVersion: '6.0'\nl0: &l0 [a, b, c, d, e, f, g, h, i, j]\n";
  for (int i = 1; i <= 9; ++i) {
    yaml += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) yaml += (k ? ", *l" : "*l") + std::to_string(i - 1);
    yaml += "]\n";
  }
  yaml += "packages:\n  /evil@1.0.0:\n    dependencies: *l9\n";
  auto inv = run("javascript/pnpmlock", "pnpm-lock.yaml", yaml);
  ASSERT_FALSE(inv);
  EXPECT_TRUE(contains(inv.error().message,
                       "pnpm-lock.yaml: line 5: aliases expand the document to more than "))
      << inv.error().message;
}

TEST_F(HostileTest, PnpmAnchorReferencedByEveryPackageIsBoundedByInputSize) {
  // One 2,000-dependency map referenced by 20,000 packages: 40 million nodes walked before.
  std::string yaml = "lockfileVersion: '6.0'\ndeps: &d\n  dependencies:\n";
  for (int i = 0; i < 2000; ++i) yaml += "    d" + std::to_string(i) + ": 1.0.0\n";
  yaml += "packages:\n";
  for (int i = 0; i < 20000; ++i) yaml += "  /p" + std::to_string(i) + "/1.0.0: *d\n";
  EXPECT_TRUE(ex::yaml_too_large(yaml));
  auto inv = run("javascript/pnpmlock", "pnpm-lock.yaml", yaml);
  ASSERT_FALSE(inv);
  EXPECT_TRUE(contains(inv.error().message, "refusing a billion-laughs document"))
      << inv.error().message;
  // A few references stay acceptable.
  std::string fine =
      "lockfileVersion: '6.0'\ndeps: &d\n  dependencies:\n    d0: 1.0.0\npackages:\n"
      "  /d0/1.0.0: {}\n  /p1/1.0.0: *d\n  /p2/1.0.0: *d\n";
  auto ok = run("javascript/pnpmlock", "pnpm-lock.yaml", fine);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->components.size(), 3u);
}

TEST_F(HostileTest, DeeplyNestedYamlAndJsonAreRefusedByAScan) {
  const std::string deep_yaml =
      "packages: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  auto inv = run("javascript/pnpmlock", "pnpm-lock.yaml", deep_yaml);
  ASSERT_FALSE(inv);
  EXPECT_TRUE(contains(inv.error().message, "nested")) << inv.error().message;
  const std::string deep_json =
      R"({"packages":)" + std::string(200000, '[') + std::string(200000, ']') + "}";
  inv = run("javascript/packagelockjson", "package-lock.json", deep_json);
  ASSERT_FALSE(inv);
  EXPECT_TRUE(contains(inv.error().message, "JSON nested deeper than 128 levels"))
      << inv.error().message;
  EXPECT_EQ(ex::json_too_deep(R"({"a":"[[[[[[[[[[","b":[[1]]})", 3), std::nullopt);
  EXPECT_EQ(ex::json_too_deep("[[[[", 3), std::optional<std::size_t>(3));
}

TEST_F(HostileTest, SquashfsDirectoryOverTheEntryLimitStopsWhileReading) {
  if (bulwark::test::run("command -v mksquashfs").exit_code != 0)
    GTEST_SKIP() << "mksquashfs is not installed";
  const fs::path root = tmp.path() / "root";
  fs::create_directories(root / "big");
  for (int i = 0; i < 5000; ++i) std::ofstream(root / "big" / ("f" + std::to_string(i)));
  auto made = bulwark::test::run("mksquashfs " + bulwark::test::shell_quote(root) + " " +
                                 bulwark::test::shell_quote(tmp.path() / "fw.squashfs") +
                                 " -comp gzip -noappend -quiet -no-progress");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  options.max_entries = 1000;
  auto r = ex::inventory((tmp.path() / "fw.squashfs").string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error().message, "'big/")) << r.error().message;
  EXPECT_TRUE(
      contains(r.error().message, "more than 1000 entries (raise with BULWARK_LIMIT_ENTRIES)"))
      << r.error().message;
  EXPECT_LE(report.entries, 1001u);
}

TEST_F(HostileTest, UnwantedCompressedBombMemberIsRefusedBeforeInflating) {
  // 256 MiB of zeros in an unwanted member of a tar.gz (~250 KiB), then a wanted lockfile.
  write_tar(tmp.path() / "rootfs.tar.gz",
            {{"srv/app/package-lock.json", npm_lock("left-pad"), 0},
             {"data/zeros.bin", "", std::uint64_t{256} << 20},
             {"srv/web/package-lock.json", npm_lock("is-odd"), 0}},
            true);
  options.max_decompressed_bytes = std::uint64_t{64} << 20;
  auto r = ex::inventory((tmp.path() / "rootfs.tar.gz").string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error().message,
                       "'data/zeros.bin': decompressed size exceeds the limit of 64 MiB"))
      << r.error().message;
  EXPECT_TRUE(contains(r.error().message, "(raise with BULWARK_LIMIT_DECOMPRESSED)"))
      << r.error().message;
  EXPECT_LT(report.decompressed_bytes, std::uint64_t{64} << 20);  // refused before it was inflated
  // Raised from the environment, the same archive is inventoried and every byte is counted.
  setenv("BULWARK_LIMIT_DECOMPRESSED", "1G", 1);
  r = ex::inventory((tmp.path() / "rootfs.tar.gz").string(), options, &report);
  unsetenv("BULWARK_LIMIT_DECOMPRESSED");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_GT(report.decompressed_bytes, std::uint64_t{256} << 20);
}

TEST_F(HostileTest, MalformedLimitVariableIsAnErrorNamingIt) {
  write_bytes(tmp.path() / "dir/package-lock.json", npm_lock("left-pad"));
  setenv("BULWARK_LIMIT_ENTRIES", "lots", 1);
  auto r = ex::inventory((tmp.path() / "dir").string(), options, &report);
  unsetenv("BULWARK_LIMIT_ENTRIES");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "BULWARK_LIMIT_ENTRIES: 'lots' is not a number (bytes may end in K, M or G)");
  setenv("BULWARK_LIMIT_FILE_SIZE", "10", 1);
  options.strict = true;
  r = ex::inventory((tmp.path() / "dir").string(), options, &report);
  unsetenv("BULWARK_LIMIT_FILE_SIZE");
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error().message, "over the read limit of 10 bytes")) << r.error().message;
}

TEST_F(HostileTest, WallTimeLimitStopsTheWalk) {
  for (int i = 0; i < 3; ++i)
    write_bytes(tmp.path() / "dir" / std::to_string(i) / "package-lock.json", npm_lock("x"));
  auto t = std::chrono::steady_clock::time_point{};
  options.monotonic_now = [&] { return t += std::chrono::seconds(100); };  // 100 s pass per look
  options.max_seconds = 150;
  auto r = ex::inventory((tmp.path() / "dir").string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(
      r.error().message,
      "the walk ran longer than the limit of 150 seconds (raise with BULWARK_LIMIT_SECONDS)"))
      << r.error().message;
  options.max_seconds = 0;  // unlimited
  EXPECT_TRUE(ex::inventory((tmp.path() / "dir").string(), options, &report));
}

TEST_F(HostileTest, DeepIndexJsonIsRefusedWithoutRecursion) {
  const std::string deep =
      R"({"manifests":)" + std::string(200000, '[') + std::string(200000, ']') + "}";
  write_bytes(tmp.path() / "layout/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  write_bytes(tmp.path() / "layout/index.json", deep);
  auto r = ex::inventory((tmp.path() / "layout").string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(
      r.error().message,
      "index.json: byte 140: JSON nested deeper than 128 levels (refusing a hostile image)"))
      << r.error().message;
  write_tar(tmp.path() / "layout.tar",
            {{"oci-layout", R"({"imageLayoutVersion":"1.0.0"})", 0}, {"index.json", deep, 0}},
            false);
  r = ex::inventory((tmp.path() / "layout.tar").string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error().message, "JSON nested deeper than 128 levels"))
      << r.error().message;
}

TEST_F(HostileTest, ImageLayersAreReadInPlaceFromAnUncompressedImageTar) {
  // Many layers each holding one lockfile: every layer is found through the index.
  std::vector<Member> outer;
  std::string layers;
  for (int i = 0; i < 40; ++i) {
    const fs::path l = tmp.path() / ("l" + std::to_string(i) + ".tar");
    write_tar(l,
              {{"srv/" + std::to_string(i) + "/package-lock.json",
                npm_lock("dep" + std::to_string(i)), 0}},
              i % 2 == 0);
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02x", i);
    const std::string name = std::string(62, 'a') + hex + "/layer.tar";
    outer.push_back({name, read_bytes(l), 0});
    layers += (i ? ",\"" : "\"") + name + "\"";
  }
  outer.push_back({"manifest.json",
                   R"([{"Config":"","RepoTags":["many/layers:1"],"Layers":[)" + layers + "]}]", 0});
  write_tar(tmp.path() / "image.tar", outer, false);
  auto sbom = ex::inventory((tmp.path() / "image.tar").string(), options, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  std::size_t deps = 0;
  for (const auto& c : sbom->components) deps += c.name.starts_with("dep");
  EXPECT_EQ(deps, 40u);
}

}  // namespace
