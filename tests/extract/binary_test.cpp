// Tests of the binary extractors: ELF .note.package, embedded version strings, Go build info and
// Java archives. Own hand-made ELF/zip fixtures (built in the test), plus differential checks
// against the machine: installed Debian libraries vs dpkg, Go binaries vs `go version -m`, a C
// program linked with `ld --package-metadata`, and jars zipped from the syft java fixtures.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bulwark/extract/binary/elf.hpp"
#include "bulwark/extract/binary/go_buildinfo.hpp"
#include "bulwark/extract/binary/java_archive.hpp"
#include "bulwark/extract/binary/version_strings.hpp"
#include "bulwark/extract/extractor.hpp"
#include "bulwark/extract/walker.hpp"
#include "shared.hpp"

namespace {

namespace ex = bulwark::extract;
namespace bin = bulwark::extract::binary;
namespace fs = std::filesystem;
using bulwark::test::run;
using bulwark::test::shell_quote;

const ex::Extractor& extractor_named(std::string_view name) {
  static const auto all = ex::binary_extractors();
  for (const auto& e : all)
    if (e->name() == name) return *e;
  throw std::runtime_error("no extractor named " + std::string(name));
}

ex::Inventory extract(std::string_view extractor, std::string_view path, std::string_view content) {
  ex::FileInfo info{std::string(path), content.size(), true};
  auto inv = extractor_named(extractor).extract(ex::ScanInput{info, content});
  if (!inv) throw std::runtime_error(inv.error().message);
  return std::move(*inv);
}

std::string property(const bulwark::Component& c, std::string_view key) {
  for (const auto& [k, v] : c.properties)
    if (k == key) return v;
  return {};
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---------------------------------------------------------------------------------------------
// A tiny ELF writer for fixtures: header, optional PT_NOTE / PT_LOAD program headers, a note
// area, a payload and optional section headers (null, .note.package, .shstrtab).

class Bytes {
 public:
  explicit Bytes(bool le) : le_(le) {}
  void put(std::uint64_t v, int width) {
    for (int i = 0; i < width; ++i) {
      int shift = 8 * (le_ ? i : width - 1 - i);
      s_ += static_cast<char>((v >> shift) & 0xff);
    }
  }
  void raw(std::string_view b) { s_ += b; }
  void align(std::size_t a) {
    while (s_.size() % a) s_ += '\0';
  }
  std::string& str() { return s_; }

 private:
  bool le_;
  std::string s_;
};

std::string note(bool le, std::string_view name, std::uint32_t type, std::string_view desc) {
  Bytes b(le);
  b.put(name.size() + 1, 4);
  b.put(desc.size(), 4);
  b.put(type, 4);
  b.raw(name);
  b.raw(std::string(1, '\0'));
  b.align(4);
  b.raw(desc);
  b.align(4);
  return b.str();
}

struct ElfSpec {
  bool is64 = true;
  bool le = true;
  std::string notes;             // note area
  bool note_section = true;      // describe the notes with a .note.package section header
  bool note_segment = true;      // and/or with a PT_NOTE program header
  std::string payload;           // placed after the notes
  std::uint64_t load_vaddr = 0;  // when set, one PT_LOAD maps the whole file at this address
};

constexpr std::uint64_t kPayloadOffset = 0x400;  // where ElfSpec::payload starts in the file

std::string make_elf(const ElfSpec& s) {
  const int w = s.is64 ? 8 : 4;
  const std::uint64_t ehsize = s.is64 ? 64 : 52, phentsize = s.is64 ? 56 : 32,
                      shentsize = s.is64 ? 64 : 40;
  const std::uint64_t phnum = (s.note_segment ? 1 : 0) + (s.load_vaddr ? 1 : 0);
  const std::uint64_t notes_off = 0x100;
  const std::string shstrtab = std::string("\0.note.package\0.shstrtab\0", 25);
  const std::uint64_t shstr_off = kPayloadOffset + s.payload.size();
  const std::uint64_t shoff = (shstr_off + shstrtab.size() + 7) / 8 * 8;
  const std::uint64_t shnum = s.note_section ? 3 : 0;
  const std::uint64_t total = shoff + shnum * shentsize;
  Bytes b(s.le);
  b.raw(
      "\x7f"
      "ELF");
  b.put(s.is64 ? 2 : 1, 1);
  b.put(s.le ? 1 : 2, 1);
  b.put(1, 1);
  b.raw(std::string(9, '\0'));
  b.put(3, 2);   // ET_DYN
  b.put(62, 2);  // EM_X86_64
  b.put(1, 4);
  b.put(0, w);                   // entry
  b.put(phnum ? ehsize : 0, w);  // phoff
  b.put(shnum ? shoff : 0, w);   // shoff
  b.put(0, 4);                   // flags
  b.put(ehsize, 2);
  b.put(phentsize, 2);
  b.put(phnum, 2);
  b.put(shentsize, 2);
  b.put(shnum, 2);
  b.put(shnum ? 2 : 0, 2);  // shstrndx
  auto phdr = [&](std::uint32_t type, std::uint64_t off, std::uint64_t vaddr, std::uint64_t size,
                  std::uint64_t align) {
    b.put(type, 4);
    if (s.is64) {
      b.put(4, 4);  // flags
      b.put(off, 8), b.put(vaddr, 8), b.put(vaddr, 8), b.put(size, 8), b.put(size, 8);
      b.put(align, 8);
    } else {
      b.put(off, 4), b.put(vaddr, 4), b.put(vaddr, 4), b.put(size, 4), b.put(size, 4);
      b.put(4, 4), b.put(align, 4);
    }
  };
  if (s.note_segment) phdr(4, notes_off, notes_off, s.notes.size(), 4);
  if (s.load_vaddr) phdr(1, 0, s.load_vaddr, total, 0x1000);
  b.str().resize(notes_off, '\0');
  b.raw(s.notes);
  if (b.str().size() > kPayloadOffset) throw std::runtime_error("fixture notes too large");
  b.str().resize(kPayloadOffset, '\0');
  b.raw(s.payload);
  b.raw(shstrtab);
  b.str().resize(shoff, '\0');
  auto shdr = [&](std::uint32_t name, std::uint32_t type, std::uint64_t off, std::uint64_t size,
                  std::uint64_t align) {
    b.put(name, 4), b.put(type, 4);
    b.put(type == 7 ? 2 : 0, w);          // flags (SHF_ALLOC for the note)
    b.put(type == 7 ? notes_off : 0, w);  // addr
    b.put(off, w), b.put(size, w);
    b.put(0, 4), b.put(0, 4);      // link, info
    b.put(align, w), b.put(0, w);  // addralign, entsize
  };
  if (shnum) {
    shdr(0, 0, 0, 0, 0);
    shdr(1, 7, notes_off, s.notes.size(), 4);
    shdr(15, 3, shstr_off, shstrtab.size(), 1);
  }
  return b.str();
}

const char* kDebNote =
    R"({"type":"deb","os":"debian","osVersion":"12","name":"coreutils","version":"9.1-1",)"
    R"("architecture":"amd64","osCpe":"cpe:/o:debian:debian_linux:12",)"
    R"("debugInfoUrl":"https://debuginfod.example.invalid"})";

// ---------------------------------------------------------------------------------------------
// Group and selection.

TEST(BinaryExtractors, GroupListsFourDistinctExtractorsAndIsRegistered) {
  auto group = ex::binary_extractors();
  ASSERT_EQ(group.size(), 4u);
  std::set<std::string> names;
  for (const auto& e : group) names.emplace(e->name());
  EXPECT_EQ(names, (std::set<std::string>{"binary/elfpackagenote", "binary/versionstrings",
                                          "go/binary", "java/archive"}));
  std::set<std::string> all;
  for (const auto& e : ex::all_extractors()) all.emplace(e->name());
  for (const auto& n : names) EXPECT_TRUE(all.contains(n)) << n;
}

TEST(BinaryExtractors, WantsSelectsBinariesByNameAndExecutableBit) {
  auto wants = [](std::string_view ext, std::string path, bool exec) {
    return extractor_named(ext).wants(ex::FileInfo{std::move(path), 4096, exec});
  };
  EXPECT_TRUE(wants("binary/versionstrings", "usr/lib/x86_64-linux-gnu/libssl.so.3", false));
  EXPECT_TRUE(wants("binary/versionstrings", "lib/libz.so", false));
  EXPECT_TRUE(wants("binary/versionstrings", "opt/app/tool", true));
  EXPECT_TRUE(wants("binary/versionstrings", "usr/sbin/dnsmasq", false));
  EXPECT_TRUE(wants("binary/versionstrings", "boot/vmlinux-6.1", false));
  EXPECT_FALSE(wants("binary/versionstrings", "usr/share/doc/README", false));
  EXPECT_FALSE(wants("binary/versionstrings", "usr/bin/script.py", false));
  EXPECT_TRUE(wants("binary/elfpackagenote", "usr/bin/ls", false));
  EXPECT_TRUE(wants("go/binary", "app.exe", false));
  EXPECT_TRUE(wants("java/archive", "app/WEB.WAR", false));
  EXPECT_TRUE(wants("java/archive", "lib/a.jar", false));
  EXPECT_FALSE(wants("java/archive", "lib/a.jar.sha1", false));
  EXPECT_FALSE(extractor_named("binary/versionstrings").wants(ex::FileInfo{"bin/x", 10, true}));
  // Over the walker's default read limit: not asked for (it would fail an image walk).
  for (const auto& e : ex::binary_extractors())
    EXPECT_FALSE(e->wants(ex::FileInfo{"usr/bin/big.jar", (std::uint64_t{64} << 20) + 1, true}))
        << e->name();
}

TEST(BinaryExtractors, NonMatchingContentGivesEmptyInventoryNotError) {
  for (const auto& e : ex::binary_extractors()) {
    for (std::string_view content :
         {std::string_view("hello world, plain text OpenSSL 3.0.0 1 Jan 2020"),
          std::string_view("\x7f"
                           "ELF"),
          std::string_view("PK\x03\x04junk")}) {
      ex::FileInfo info{"usr/bin/x.jar", content.size(), true};
      auto inv = e->extract(ex::ScanInput{info, content});
      ASSERT_TRUE(inv) << e->name();
      EXPECT_TRUE(inv->components.empty()) << e->name();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// ELF .note.package

TEST(ElfPackageNote, AllLayoutsAndByteOrdersGiveTheSameComponent) {
  int cases = 0;
  for (bool is64 : {true, false})
    for (bool le : {true, false})
      for (int layout = 0; layout < 3; ++layout) {
        ElfSpec s;
        s.is64 = is64;
        s.le = le;
        s.notes =
            note(le, "GNU", 3, "0123456789abcdef0123") + note(le, "FDO", 0xcafe1a7e, kDebNote);
        s.note_section = layout != 1;
        s.note_segment = layout != 2;
        auto inv = extract("binary/elfpackagenote", "usr/bin/ls", make_elf(s));
        ASSERT_EQ(inv.components.size(), 1u) << is64 << le << layout;
        const auto& c = inv.components[0];
        EXPECT_EQ(c.name, "coreutils");
        EXPECT_EQ(c.version, "9.1-1");
        EXPECT_EQ(c.purl, "pkg:deb/debian/coreutils@9.1-1?arch=amd64&distro=debian-12");
        EXPECT_EQ(c.location, "usr/bin/ls");
        EXPECT_EQ(property(c, "bulwark:evidence"), ".note.package");
        EXPECT_EQ(property(c, "bulwark:osCpe"), "cpe:/o:debian:debian_linux:12");
        ++cases;
      }
  EXPECT_EQ(cases, 12);
}

TEST(ElfPackageNote, OsFromCpeWhenOsFieldMissingAndRpmType) {
  ElfSpec s;
  s.notes =
      note(true, "FDO", 0xcafe1a7e,
           R"({"type":"rpm","name":"coreutils","version":"9.4-7.fc40","architecture":"x86_64",)"
           R"("osCpe":"cpe:/o:fedoraproject:fedora:40"})");
  auto inv = extract("binary/elfpackagenote", "usr/bin/ls", make_elf(s));
  ASSERT_EQ(inv.components.size(), 1u);
  EXPECT_EQ(inv.components[0].purl, "pkg:rpm/fedora/coreutils@9.4-7.fc40?arch=x86_64");
}

TEST(ElfPackageNote, WrongOwnerTypeOrBadJsonIsIgnored) {
  ElfSpec s;
  s.notes = note(true, "FDX", 0xcafe1a7e, kDebNote) + note(true, "FDO", 0xcafe1a7f, kDebNote) +
            note(true, "FDO", 0xcafe1a7e, "{not json");
  auto inv = extract("binary/elfpackagenote", "usr/bin/ls", make_elf(s));
  EXPECT_TRUE(inv.components.empty());
  ASSERT_EQ(inv.notes.size(), 1u);
  EXPECT_NE(inv.notes[0].find(".note.package"), std::string::npos);
}

TEST(ElfPackageNote, TruncatedAndCorruptedFilesNeverCrash) {
  ElfSpec s;
  s.notes = note(true, "FDO", 0xcafe1a7e, kDebNote);
  std::string elf = make_elf(s);
  std::size_t runs = 0;
  for (std::size_t n = 0; n <= elf.size(); n += 7, ++runs)
    (void)extract("binary/elfpackagenote", "usr/bin/ls", elf.substr(0, n));
  for (std::size_t i = 0; i < 0x100; ++i, ++runs) {  // every header/phdr byte set to 0xff
    std::string m = elf;
    m[i] = '\xff';
    (void)extract("binary/elfpackagenote", "usr/bin/ls", m);
  }
  EXPECT_GT(runs, 300u);
}

TEST(ElfPackageNote, RealLinkerOutputWithPackageMetadata) {
  bulwark::test::TempDir tmp;
  const fs::path& dir = tmp.path();
  std::ofstream(dir / "m.c") << "int main(void) { return 0; }\n";
  std::string meta =
      R"({"type":"deb","os":"debian","name":"hello","version":"2.10-3","architecture":"amd64"})";
  auto r = run("cd " + shell_quote(dir) + " && gcc -o m m.c -Xlinker '--package-metadata=" + meta +
               "' 2>&1");
  if (r.exit_code != 0) GTEST_SKIP() << "gcc/ld with --package-metadata not available: " << r.out;
  std::string elf = read_bytes(dir / "m");
  auto parsed = bin::ElfFile::parse(elf);
  ASSERT_TRUE(parsed);
  EXPECT_NE(parsed->find_section(".note.package"), nullptr);
  auto inv = extract("binary/elfpackagenote", "usr/bin/hello", elf);
  ASSERT_EQ(inv.components.size(), 1u);
  EXPECT_EQ(inv.components[0].purl, "pkg:deb/debian/hello@2.10-3?arch=amd64");
}

// ---------------------------------------------------------------------------------------------
// Embedded version strings

std::string blob(std::initializer_list<std::string_view> strings) {
  std::string b(
      "\x7f"
      "ELF\x02\x01\x01",
      7);
  b.resize(64, '\0');
  for (auto s : strings) {
    b += s;
    b += '\0';
    b += "padding";
    b += '\0';
  }
  return b;
}

struct VersionCase {
  std::vector<std::string_view> strings;
  std::string name, version, cpe;
};

TEST(VersionStrings, EveryRuleOnHandMadeBlobs) {
  std::vector<VersionCase> cases = {
      {{"OpenSSL 3.0.11 19 Sep 2023"},
       "openssl",
       "3.0.11",
       "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*"},
      {{"OpenSSL 1.1.1w  11 Sep 2023"},
       "openssl",
       "1.1.1w",
       "cpe:2.3:a:openssl:openssl:1.1.1w:*:*:*:*:*:*:*"},
      {{"BusyBox v1.36.1 (2023-06-12 12:00:00 UTC)"},
       "busybox",
       "1.36.1",
       "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*"},
      {{" deflate 1.2.13 Copyright 1995-2022 Jean-loup Gailly and Mark Adler "},
       "zlib",
       "1.2.13",
       "cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*"},
      {{" inflate 1.3.1 Copyright 1995-2024 Mark Adler "},
       "zlib",
       "1.3.1",
       "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"},
      {{"libcurl/8.4.0"}, "curl", "8.4.0", "cpe:2.3:a:haxx:libcurl:8.4.0:*:*:*:*:*:*:*"},
      {{"CLIENT libcurl 7.88.1"}, "curl", "7.88.1", "cpe:2.3:a:haxx:libcurl:7.88.1:*:*:*:*:*:*:*"},
      {{"SQLite format 3", "3.40.1"},
       "sqlite",
       "3.40.1",
       "cpe:2.3:a:sqlite:sqlite:3.40.1:*:*:*:*:*:*:*"},
      {{" libpng version 1.6.39 - November 20, 2022"},
       "libpng",
       "1.6.39",
       "cpe:2.3:a:libpng:libpng:1.6.39:*:*:*:*:*:*:*"},
      {{"SSH-2.0-dropbear_2022.83"},
       "dropbear",
       "2022.83",
       "cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2022.83:*:*:*:*:*:*:*"},
      {{"Dropbear SSH multi-purpose v2020.81 (build)"},
       "dropbear",
       "2020.81",
       "cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2020.81:*:*:*:*:*:*:*"},
      {{"OpenSSH_7.0*,OpenSSH_7.1*", "OpenSSH_9.2p1 Debian-2"},
       "openssh",
       "9.2p1",
       "cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*"},
      {{"lighttpd/1.4.69"},
       "lighttpd",
       "1.4.69",
       "cpe:2.3:a:lighttpd:lighttpd:1.4.69:*:*:*:*:*:*:*"},
      {{"dnsmasq-2.89"}, "dnsmasq", "2.89", "cpe:2.3:a:thekelleys:dnsmasq:2.89:*:*:*:*:*:*:*"},
      {{"Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12)"},
       "linux",
       "6.1.0",
       "cpe:2.3:o:linux:linux_kernel:6.1.0:*:*:*:*:*:*:*"},
      {{"expat_2.5.0"},
       "expat",
       "2.5.0",
       "cpe:2.3:a:libexpat_project:libexpat:2.5.0:*:*:*:*:*:*:*"},
      {{"libxml2-2.9.14"}, "libxml2", "2.9.14", "cpe:2.3:a:xmlsoft:libxml2:2.9.14:*:*:*:*:*:*:*"},
      {{"xmlParserVersion", "12345", "::20914"},
       "libxml2",
       "2.9.14",
       "cpe:2.3:a:xmlsoft:libxml2:2.9.14:*:*:*:*:*:*:*"},
      {{"xmlParserVersion", "21203-GITv2.12.3"},
       "libxml2",
       "2.12.3",
       "cpe:2.3:a:xmlsoft:libxml2:2.12.3:*:*:*:*:*:*:*"},
      {{"bzip2/libbzip2: internal error", "1.0.8, 13-Jul-2019"},
       "bzip2",
       "1.0.8",
       "cpe:2.3:a:bzip:bzip2:1.0.8:*:*:*:*:*:*:*"},
      {{"xz (XZ Utils) 5.4.1"}, "xz", "5.4.1", "cpe:2.3:a:tukaani:xz:5.4.1:*:*:*:*:*:*:*"},
      {{"5.6.0",
        "\xFD"
        "7zXZ"},
       "xz",
       "5.6.0",
       "cpe:2.3:a:tukaani:xz:5.6.0:*:*:*:*:*:*:*"},
      {{"Enabled GnuTLS 3.7.9 logging..."},
       "gnutls",
       "3.7.9",
       "cpe:2.3:a:gnu:gnutls:3.7.9:*:*:*:*:*:*:*"},
      {{"mbed TLS 2.28.3"}, "mbedtls", "2.28.3", "cpe:2.3:a:arm:mbed_tls:2.28.3:*:*:*:*:*:*:*"},
      {{"Mbed TLS 3.5.1"}, "mbedtls", "3.5.1", "cpe:2.3:a:arm:mbed_tls:3.5.1:*:*:*:*:*:*:*"},
      {{"wolfSSL 5.6.3"}, "wolfssl", "5.6.3", "cpe:2.3:a:wolfssl:wolfssl:5.6.3:*:*:*:*:*:*:*"},
      {{"nginx/1.22.1"}, "nginx", "1.22.1", "cpe:2.3:a:f5:nginx:1.22.1:*:*:*:*:*:*:*"},
      {{"Apache/2.4.57 (Debian)"},
       "httpd",
       "2.4.57",
       "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*"},
      {{"U-Boot 2023.01 (Jan 01 2023 - 00:00:00 +0000)"},
       "u-boot",
       "2023.01",
       "cpe:2.3:a:denx:u-boot:2023.01:*:*:*:*:*:*:*"},
      {{"GNU C Library (Debian GLIBC 2.36-9+deb12u4) stable release version 2.36."},
       "glibc",
       "2.36",
       "cpe:2.3:a:gnu:glibc:2.36:*:*:*:*:*:*:*"},
      {{"uClibc-ng 1.0.42"},
       "uclibc-ng",
       "1.0.42",
       "cpe:2.3:a:uclibc-ng_project:uclibc-ng:1.0.42:*:*:*:*:*:*:*"},
      {{"uClibc 0.9.33.2"}, "uclibc", "0.9.33.2", "cpe:2.3:a:uclibc:uclibc:0.9.33.2:*:*:*:*:*:*:*"},
      {{"musl libc (x86_64)", "1.2.4"},
       "musl",
       "1.2.4",
       "cpe:2.3:a:musl-libc:musl:1.2.4:*:*:*:*:*:*:*"},
  };
  std::set<std::string> names;
  for (const auto& vc : cases) {
    std::string b = blob({});
    for (auto s : vc.strings) b += std::string(s) + std::string(1, '\0');
    auto inv = extract("binary/versionstrings", "usr/lib/libx.so.1", b);
    ASSERT_EQ(inv.components.size(), 1u) << vc.strings.back();
    const auto& c = inv.components[0];
    EXPECT_EQ(c.name, vc.name);
    EXPECT_EQ(c.version, vc.version) << vc.strings.back();
    EXPECT_EQ(c.purl, "pkg:generic/" + vc.name + "@" + vc.version);
    ASSERT_EQ(c.cpes.size(), 1u);
    EXPECT_EQ(c.cpes[0], vc.cpe);
    EXPECT_EQ(c.location, "usr/lib/libx.so.1");
    auto offset = std::stoul(property(c, "bulwark:evidence-offset"));
    auto evidence = property(c, "bulwark:evidence");
    ASSERT_FALSE(evidence.empty());
    EXPECT_EQ(b.compare(offset, evidence.size(), evidence), 0) << evidence;
    if (vc.name != "libxml2") {  // libxml2's evidence is the packed number "20914"
      EXPECT_NE(evidence.find(vc.version), std::string::npos);
    }
    names.insert(vc.name);
  }
  RecordProperty("version_string_cases", static_cast<int>(cases.size()));
  EXPECT_EQ(cases.size(), 33u);
  EXPECT_GE(names.size(), 25u);  // products covered
}

TEST(VersionStrings, LookalikesAreRejected) {
  for (std::string_view s :
       {"OpenSSL 1.0.2 and later", "OpenSSH_7.0*,OpenSSH_7.1*", "OpenSSH_2*",
        "3.40.1" /* no SQLite gate */, "deflate 1.2.13 without copyright", "BusyBox vX",
        "Linux version %s", "nginx/", "libcurl/abc", "GNU C Library release version",
        "1.2.4" /* no musl gate */, "20914" /* no libxml2 gate */}) {
    auto inv = extract("binary/versionstrings", "bin/x", blob({s}));
    EXPECT_TRUE(inv.components.empty()) << s << " -> " << inv.components[0].purl;
  }
  // Content that is not an executable is not scanned even when the string is there.
  EXPECT_TRUE(
      extract("binary/versionstrings", "bin/x", std::string("text OpenSSL 3.0.11 19 Sep 2023"))
          .components.empty());
}

TEST(VersionStrings, OneComponentPerProductAndFile) {
  auto b = blob({" deflate 1.2.13 Copyright x", " inflate 1.2.13 Copyright y",
                 "OpenSSL 3.0.2 15 Mar 2022", "libcurl/7.81.0"});
  auto hits = bin::scan_version_strings(b);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].name, "openssl");
  EXPECT_EQ(hits[1].name, "zlib");
  EXPECT_EQ(hits[2].name, "curl");
}

// Upstream part of a Debian version: "1:9.2p1-2+deb12u6" -> "9.2p1", "2.9.14+dfsg-1.3" -> "2.9.14".
std::string upstream_of(std::string v) {
  if (auto colon = v.find(':'); colon != std::string::npos) v = v.substr(colon + 1);
  if (auto dash = v.rfind('-'); dash != std::string::npos) v = v.substr(0, dash);
  for (std::string_view repack : {".dfsg", "+dfsg", "~dfsg", "+ds", "+really"})
    if (auto at = v.find(repack); at != std::string::npos) v = v.substr(0, at);
  return v.substr(0, v.find_first_of("+~"));
}

std::string dpkg_version_of(const fs::path& file) {
  auto r = run("dpkg-query -S " + shell_quote(file) + " 2>/dev/null");
  if (r.exit_code != 0 && file.string().starts_with("/usr/"))
    r = run("dpkg-query -S " + shell_quote(file.string().substr(4)) + " 2>/dev/null");
  if (r.exit_code != 0) return {};
  std::string pkg = r.out.substr(0, r.out.find(": "));
  auto v = run("dpkg-query -W -f '${Version}' " + shell_quote(pkg) + " 2>/dev/null");
  return v.exit_code == 0 ? upstream_of(v.out) : std::string();
}

TEST(VersionStrings, DifferentialAgainstDpkgOnThisMachine) {
  if (run("command -v dpkg-query").exit_code != 0) GTEST_SKIP() << "no dpkg-query here";
  const std::string lib = "/usr/lib/x86_64-linux-gnu/";
  const std::vector<std::pair<std::string, std::string>> files = {
      {lib + "libcrypto.so.3", "openssl"},   {lib + "libz.so.1", "zlib"},
      {lib + "libcurl.so.4", "curl"},        {lib + "libsqlite3.so.0", "sqlite"},
      {lib + "libpng16.so.16", "libpng"},    {lib + "libexpat.so.1", "expat"},
      {lib + "libxml2.so.2", "libxml2"},     {lib + "liblzma.so.5", "xz"},
      {lib + "libbz2.so.1.0", "bzip2"},      {lib + "libgnutls.so.30", "gnutls"},
      {lib + "libc.so.6", "glibc"},          {"/usr/bin/busybox", "busybox"},
      {"/bin/busybox", "busybox"},           {"/usr/sbin/sshd", "openssh"},
      {"/usr/bin/ssh", "openssh"},           {lib + "libmbedtls.so.14", "mbedtls"},
      {lib + "libwolfssl.so.35", "wolfssl"}, {"/usr/sbin/nginx", "nginx"},
      {"/usr/sbin/dnsmasq", "dnsmasq"},      {"/usr/sbin/lighttpd", "lighttpd"},
  };
  int checked = 0;
  std::string summary;
  for (const auto& [path, product] : files) {
    std::error_code ec;
    auto real = fs::canonical(path, ec);
    if (ec || !fs::is_regular_file(real)) continue;
    auto expected = dpkg_version_of(real);
    if (expected.empty()) continue;
    auto inv = extract("binary/versionstrings", real.string().substr(1), read_bytes(real));
    const bulwark::Component* hit = nullptr;
    for (const auto& c : inv.components)
      if (c.name == product) hit = &c;
    ASSERT_NE(hit, nullptr) << path << ": no " << product << " version found (dpkg: " << expected
                            << ")";
    EXPECT_EQ(hit->version, expected) << path;
    summary += " " + product + "=" + hit->version;
    ++checked;
  }
  std::printf("[ binary ] dpkg differential: %d files checked:%s\n", checked, summary.c_str());
  RecordProperty("dpkg_files_checked", checked);
  if (checked == 0) GTEST_SKIP() << "none of the libraries is installed here";
  EXPECT_GE(checked, 10);
}

// ---------------------------------------------------------------------------------------------
// Go build info

std::string uvarint(std::uint64_t v) {
  std::string s;
  while (v >= 0x80) {
    s += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  s += static_cast<char>(v);
  return s;
}

const std::string kSentinelStart("0w\xaf\x0c\x92t\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6", 16);
const std::string kSentinelEnd("\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2",
                               16);

const char* kModinfo =
    "path\texample.com/cmd/app\n"
    "mod\texample.com/app\t(devel)\t\n"
    "dep\tgithub.com/BurntSushi/toml\tv1.3.2\th1:abc=\n"
    "dep\tgolang.org/x/net\tv0.10.0\th1:def=\n"
    "=>\tgolang.org/x/net\tv0.17.0\th1:ghi=\n"
    "dep\texample.com/local\tv1.0.0\n"
    "=>\t../local\t\t\n"
    "build\t-compiler=gc\n"
    "build\tvcs.revision=0123456789abcdef\n";

std::string inline_buildinfo(std::string_view go, std::string_view mod) {
  std::string h("\xff Go buildinf:", 14);
  h += '\x08';
  h += '\x02';
  h.resize(32, '\0');
  h += uvarint(go.size()) + std::string(go) + uvarint(mod.size()) + std::string(mod);
  return h;
}

void expect_app_components(const ex::Inventory& inv, std::string_view stdlib) {
  std::vector<std::string> purls;
  for (const auto& c : inv.components) purls.push_back(c.purl);
  EXPECT_EQ(purls, (std::vector<std::string>{
                       "pkg:golang/example.com/app", "pkg:golang/github.com/BurntSushi/toml@v1.3.2",
                       "pkg:golang/golang.org/x/net@v0.17.0", "pkg:golang/example.com/local",
                       "pkg:golang/stdlib@" + std::string(stdlib)}));
  ASSERT_EQ(inv.dependencies.size(), 1u);
  EXPECT_EQ(inv.dependencies[0].depends_on.size(), 4u);
  EXPECT_EQ(property(inv.components[0], "bulwark:commit"), "0123456789abcdef");
}

TEST(GoBuildInfo, UvarintEdgeCases) {
  std::size_t pos = 0;
  EXPECT_EQ(bin::read_uvarint(std::string("\x00", 1), pos), 0u);
  pos = 0;
  EXPECT_EQ(bin::read_uvarint("\xac\x02", pos), 300u);
  EXPECT_EQ(pos, 2u);
  for (std::uint64_t v : {0ULL, 1ULL, 127ULL, 128ULL, 16384ULL, 0xffffffffULL, ~0ULL}) {
    pos = 0;
    auto enc = uvarint(v);
    EXPECT_EQ(bin::read_uvarint(enc, pos), v);
    EXPECT_EQ(pos, enc.size());
  }
  pos = 0;
  EXPECT_FALSE(bin::read_uvarint("\x80\x80", pos));  // truncated
  pos = 0;
  EXPECT_FALSE(bin::read_uvarint(std::string(10, '\xff') + "\x01", pos));  // too long
}

TEST(GoBuildInfo, InlineFormatWithSentinelsAndReplacements) {
  std::string bi = inline_buildinfo("go1.21.5", kSentinelStart + kModinfo + kSentinelEnd);
  std::string elf =
      make_elf({.notes = "", .note_section = false, .note_segment = false, .payload = bi});
  auto raw = bin::read_go_buildinfo(elf);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->go_version, "go1.21.5");
  EXPECT_EQ(raw->modinfo, kModinfo);
  auto inv = extract("go/binary", "usr/bin/app", elf);
  expect_app_components(inv, "1.21.5");
}

TEST(GoBuildInfo, PointerFormatResolvedThroughProgramHeaders) {
  for (bool le : {true, false}) {
    const std::uint64_t base = 0x400000;
    std::string mod = kSentinelStart + kModinfo + kSentinelEnd;
    std::string go = "go1.16.15";
    // payload: [header 32][ver hdr 16][mod hdr 16][go bytes][mod bytes], at kPayloadOffset.
    Bytes p(le);
    p.raw(std::string("\xff Go buildinf:", 14));
    p.put(8, 1);
    p.put(le ? 0 : 1, 1);
    p.put(base + kPayloadOffset + 32, 8);
    p.put(base + kPayloadOffset + 48, 8);
    p.put(base + kPayloadOffset + 64, 8), p.put(go.size(), 8);
    p.put(base + kPayloadOffset + 64 + go.size(), 8), p.put(mod.size(), 8);
    p.raw(go);
    p.raw(mod);
    std::string elf = make_elf({.le = le,
                                .notes = "",
                                .note_section = false,
                                .note_segment = false,
                                .payload = p.str(),
                                .load_vaddr = base});
    auto inv = extract("go/binary", "usr/bin/app", elf);
    expect_app_components(inv, "1.16.15");
  }
}

TEST(GoBuildInfo, BrokenHeadersAreIgnored) {
  std::string bi = inline_buildinfo("go1.21.5", kModinfo);
  bi[32] = '\x7f';  // version length beyond the end... then truncated data
  std::string elf =
      make_elf({.notes = "", .note_section = false, .note_segment = false, .payload = bi});
  std::size_t runs = 0;
  for (std::size_t n = 0; n < elf.size(); n += 5, ++runs)
    (void)extract("go/binary", "usr/bin/app", elf.substr(0, n));
  // Pointer format with pointers that map nowhere.
  std::string ptr("\xff Go buildinf:\x08\x00", 16);
  ptr += std::string(16, '\xee');
  EXPECT_TRUE(extract("go/binary", "usr/bin/app", make_elf({.payload = ptr})).components.empty());
  EXPECT_GT(runs, 50u);
}

// `go version -m` lines: "\tpath\tP", "\tmod\tP\tV\tH", "\tdep\tP\tV\tH", "\t=>\tP\tV\tH", read
// independently of the extractor: "(devel)" means no version, a replacement by a local directory
// keeps the original path without a version, the "path" line names the main package when no
// "mod" line exists.
std::set<std::string> go_tool_modules(const std::string& text) {
  std::set<std::string> out;
  std::string last_path, main_path;
  bool has_mod = false;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::istringstream ls(line);
    for (std::string x; std::getline(ls, x, '\t');) f.push_back(x);
    f.resize(std::max<std::size_t>(f.size(), 5));
    if (!f[0].empty()) continue;
    std::string version = f[3] == "(devel)" ? "" : f[3];
    if (f[1] == "path") main_path = f[2];
    if (f[1] == "mod") has_mod = true;
    if (f[1] == "mod" || f[1] == "dep") {
      out.insert(f[2] + "@" + version);
      last_path = f[2] + "@" + version;
    } else if (f[1] == "=>") {
      out.erase(last_path);
      bool local = f[2].starts_with(".") || f[2].starts_with("/");
      out.insert(local ? last_path.substr(0, last_path.find('@') + 1) : f[2] + "@" + version);
    }
  }
  if (!has_mod && !main_path.empty()) out.insert(main_path + "@");
  return out;
}

TEST(GoBuildInfo, DifferentialAgainstGoVersionOnRealBinaries) {
  if (run("command -v go").exit_code != 0) GTEST_SKIP() << "go is not installed";
  // Candidates: executables carrying the build-info magic (one grep), confirmed by the go tool.
  auto listed =
      run("grep -l -a -F -m1 'Go buildinf:' /usr/bin/* /usr/local/bin/* /usr/lib/go/bin/* "
          "2>/dev/null | head -n 12");
  std::vector<fs::path> candidates;
  std::istringstream names(listed.out);
  for (std::string name; std::getline(names, name);) {
    auto r = run("go version -m " + shell_quote(name) + " 2>/dev/null");
    if (r.exit_code == 0 && r.out.find("\tpath\t") != std::string::npos)
      candidates.emplace_back(name);
  }
  int checked = 0;
  std::size_t modules = 0;
  for (const auto& p : candidates) {
    auto r = run("go version -m " + shell_quote(p));
    auto expected = go_tool_modules(r.out);
    std::string go_version = r.out.substr(r.out.find(": go") + 4);
    go_version = go_version.substr(0, go_version.find_first_of(" \n"));
    auto inv = extract("go/binary", p.string().substr(1), read_bytes(p));
    std::set<std::string> got;
    std::string stdlib;
    for (const auto& c : inv.components) {
      if (c.name == "stdlib")
        stdlib = c.version;
      else
        got.insert(c.name + "@" + c.version);
    }
    EXPECT_EQ(got, expected) << p;
    EXPECT_EQ(stdlib, go_version) << p;
    modules += got.size();
    ++checked;
  }
  std::printf("[ binary ] go version -m differential: %d binaries, %zu modules\n", checked,
              modules);
  RecordProperty("go_binaries_checked", checked);
  if (checked == 0) GTEST_SKIP() << "no Go binaries found here";
  EXPECT_GE(checked, 1);
}

// Builds a small module with a locally replaced dependency (offline) and compares with the go tool.
TEST(GoBuildInfo, FreshlyBuiltBinaryWithLocalReplace) {
  if (run("command -v go").exit_code != 0) GTEST_SKIP() << "go is not installed";
  bulwark::test::TempDir tmp;
  const auto& d = tmp.path();
  fs::create_directories(d / "lib");
  std::ofstream(d / "go.mod")
      << "module example.com/hello\n\ngo 1.18\n\nrequire example.com/lib v1.0.0\n\n"
         "replace example.com/lib => ./lib\n";
  std::ofstream(d / "main.go")
      << "package main\n\nimport \"example.com/lib\"\n\nfunc main() { lib.Hello() }\n";
  std::ofstream(d / "lib/go.mod") << "module example.com/lib\n\ngo 1.18\n";
  std::ofstream(d / "lib/lib.go") << "package lib\n\nfunc Hello() { println(\"hi\") }\n";
  auto r = run("cd " + shell_quote(d) +
               " && GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local go build -o hello . 2>&1");
  if (r.exit_code != 0) GTEST_SKIP() << "go build failed here: " << r.out;
  auto expected = go_tool_modules(run("go version -m " + shell_quote(d / "hello")).out);
  EXPECT_EQ(expected, (std::set<std::string>{"example.com/hello@", "example.com/lib@"}));
  auto inv = extract("go/binary", "usr/bin/hello", read_bytes(d / "hello"));
  ASSERT_EQ(inv.components.size(), 3u);
  EXPECT_EQ(inv.components[0].purl, "pkg:golang/example.com/hello");
  EXPECT_EQ(inv.components[1].purl, "pkg:golang/example.com/lib");
  EXPECT_TRUE(inv.components[2].purl.starts_with("pkg:golang/stdlib@1.")) << inv.components[2].purl;
  std::set<std::string> got;
  for (std::size_t i = 0; i < 2; ++i)
    got.insert(inv.components[i].name + "@" + inv.components[i].version);
  EXPECT_EQ(got, expected);
}

// ---------------------------------------------------------------------------------------------
// Java archives

// Writes a zip (stored entries) in memory.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(
      a, &out, nullptr,
      [](archive*, void* ctx, const void* buf, size_t n) -> la_ssize_t {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(buf), n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  for (const auto& [path, data] : entries) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_write_header(a, e);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

TEST(JavaArchive, PomPropertiesManifestFallbackAndNestedJars) {
  std::string inner =
      make_zip({{"META-INF/MANIFEST.MF",
                 "Manifest-Version: 1.0\r\nBundle-SymbolicName: org.slf4j.api;singleton:=true\r\n"
                 "Bundle-Version: 2.0.9\r\n\r\nName: x\r\nBundle-Version: 9\r\n"}});
  std::string inner2 =
      make_zip({{"META-INF/maven/com.google.guava/guava/pom.properties",
                 "#c\nversion=32.1.3-jre\ngroupId=com.google.guava\nartifactId=guava\n"}});
  std::string war = make_zip({{"META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"},
                              {"META-INF/maven/org.example/shop/pom.properties",
                               "groupId=org.example\nartifactId=shop\nversion=1.0.0\n"},
                              {"WEB-INF/lib/slf4j-api-2.0.9.jar", inner},
                              {"WEB-INF/lib/guava.jar", inner2},
                              {"WEB-INF/classes/deep/lib/ignored.jar", inner2}});
  auto inv = extract("java/archive", "srv/shop.war", war);
  std::vector<std::string> purls;
  for (const auto& c : inv.components) purls.push_back(c.purl);
  EXPECT_EQ(purls, (std::vector<std::string>{"pkg:maven/org.example/shop@1.0.0",
                                             "pkg:maven/org.slf4j.api@2.0.9",
                                             "pkg:maven/com.google.guava/guava@32.1.3-jre"}));
  ASSERT_EQ(inv.components.size(), 3u);
  EXPECT_EQ(inv.components[0].group, "org.example");
  EXPECT_EQ(property(inv.components[2], "bulwark:evidence"),
            "WEB-INF/lib/guava.jar!/META-INF/maven/com.google.guava/guava/pom.properties");
  EXPECT_EQ(inv.components[1].location, "srv/shop.war");
}

TEST(JavaArchive, CorruptZipIsANoteNotAnError) {
  std::string jar =
      make_zip({{"META-INF/maven/g/a/pom.properties", "groupId=g\nartifactId=a\nversion=1\n"}});
  std::size_t runs = 0;
  for (std::size_t n = 4; n < jar.size(); n += 3, ++runs) {
    ex::FileInfo info{"a.jar", n, false};
    auto r = extractor_named("java/archive")
                 .extract(ex::ScanInput{info, std::string_view(jar).substr(0, n)});
    ASSERT_TRUE(r);
  }
  EXPECT_EQ(extract("java/archive", "a.jar", jar).components.size(), 1u);
  EXPECT_GT(runs, 20u);
}

TEST(JavaArchive, ManifestParserJoinsContinuationsFromSyftFixtures) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/syft-catalogers/syft/pkg/cataloger/java/testdata/manifest");
  auto kv = bin::parse_manifest(read_bytes(dir / "continuation"));
  std::map<std::string, std::string> m(kv.begin(), kv.end());
  EXPECT_EQ(m["Plugin-ScmUrl"], "https://github.com/jenkinsci/plugin-pom/example-jenkins-plugin");
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto parsed = bin::parse_manifest(read_bytes(e.path()));
    ASSERT_FALSE(parsed.empty()) << e.path();
    ++files;
  }
  EXPECT_GE(files, 5);
}

// Zips each syft jar-metadata fixture folder into a jar and compares with the coordinates its
// pom.properties files (or its manifest) state.
TEST(JavaArchive, SyftJarMetadataFixturesZippedInMemory) {
  BULWARK_REQUIRE_SHARED(dir,
                         "corpora/syft-catalogers/syft/pkg/cataloger/java/testdata/jar-metadata");
  int jars = 0, with_pom = 0, components = 0;
  for (const auto& top : fs::recursive_directory_iterator(dir)) {
    if (!top.is_directory() || !fs::exists(top.path() / "META-INF/MANIFEST.MF")) continue;
    std::vector<std::pair<std::string, std::string>> entries;
    std::set<std::string> expected;
    for (const auto& f : fs::recursive_directory_iterator(top.path())) {
      if (!f.is_regular_file()) continue;
      std::string rel = fs::relative(f.path(), top.path()).generic_string();
      entries.emplace_back(rel, read_bytes(f.path()));
      if (f.path().filename() == "pom.properties") {
        auto kv = bin::parse_properties(entries.back().second);
        std::map<std::string, std::string> m(kv.begin(), kv.end());
        expected.insert("pkg:maven/" + m["groupId"] + "/" + m["artifactId"] + "@" + m["version"]);
      }
    }
    auto inv = extract("java/archive", top.path().filename().string() + ".jar", make_zip(entries));
    std::set<std::string> got;
    for (const auto& c : inv.components) got.insert(c.purl);
    if (!expected.empty()) {
      EXPECT_EQ(got, expected) << top.path();
      ++with_pom;
    } else {
      EXPECT_LE(got.size(), 1u) << top.path();
    }
    components += static_cast<int>(got.size());
    ++jars;
  }
  std::printf("[ binary ] syft jar-metadata: %d jars (%d with pom.properties), %d components\n",
              jars, with_pom, components);
  RecordProperty("syft_jars", jars);
  EXPECT_GE(jars, 8);
  EXPECT_GE(with_pom, 4);
}

// ---------------------------------------------------------------------------------------------
// Through the walker: a directory and a tar of it give the same binary components.

TEST(BinaryExtractors, WalkerDirectoryAndTarGiveTheSameComponents) {
  bulwark::test::TempDir tmp;
  const fs::path root = tmp.path() / "root";
  fs::create_directories(root / "usr/lib");
  fs::create_directories(root / "usr/bin");
  fs::create_directories(root / "srv");
  ElfSpec note_elf;
  note_elf.notes = note(true, "FDO", 0xcafe1a7e, kDebNote);
  std::ofstream(root / "usr/bin/ls", std::ios::binary) << make_elf(note_elf);
  std::ofstream(root / "usr/lib/libz.so.1", std::ios::binary)
      << blob({" deflate 1.3.1 Copyright 1995-2024 Jean-loup Gailly and Mark Adler "});
  std::ofstream(root / "usr/bin/app", std::ios::binary)
      << make_elf({.note_section = false,
                   .note_segment = false,
                   .payload = inline_buildinfo("go1.22.1", kModinfo)});
  std::ofstream(root / "srv/shop.jar", std::ios::binary)
      << make_zip({{"META-INF/maven/org.example/shop/pom.properties",
                    "groupId=org.example\nartifactId=shop\nversion=1.0.0\n"}});
  std::ofstream(root / "usr/lib/notes.txt") << "OpenSSL 3.0.11 19 Sep 2023\n";
  fs::permissions(root / "usr/bin/app", fs::perms::owner_all, fs::perm_options::add);
  auto tar =
      run("tar -C " + shell_quote(root) + " -cf " + shell_quote(tmp.path() / "root.tar") + " .");
  ASSERT_EQ(tar.exit_code, 0) << tar.err;
  const auto extractors = ex::binary_extractors();
  std::vector<std::set<std::string>> results;
  for (const auto& target : {root, tmp.path() / "root.tar"}) {
    ex::InventoryOptions opt;
    opt.hash_threads = 0;
    auto sbom = ex::inventory(target.string(), opt, extractors);
    ASSERT_TRUE(sbom) << sbom.error().message;
    std::set<std::string> got;
    for (const auto& c : sbom->components)
      if (!c.purl.empty()) got.insert(c.purl + " " + c.location);
    results.push_back(std::move(got));
  }
  const std::set<std::string> expected = {
      "pkg:deb/debian/coreutils@9.1-1?arch=amd64&distro=debian-12 usr/bin/ls",
      "pkg:generic/zlib@1.3.1 usr/lib/libz.so.1",
      "pkg:golang/example.com/app usr/bin/app",
      "pkg:golang/github.com/BurntSushi/toml@v1.3.2 usr/bin/app",
      "pkg:golang/golang.org/x/net@v0.17.0 usr/bin/app",
      "pkg:golang/example.com/local usr/bin/app",
      "pkg:golang/stdlib@1.22.1 usr/bin/app",
      "pkg:maven/org.example/shop@1.0.0 srv/shop.jar",
  };
  EXPECT_EQ(results[0], expected);
  EXPECT_EQ(results[1], expected);
}

}  // namespace
