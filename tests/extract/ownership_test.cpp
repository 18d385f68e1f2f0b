// SBOM generation facts applied across files: package ownership of binaries (dpkg .list, apk R:),
// Debian DEP-5 copyright files as SPDX licences, .deb archives in the apt cache as deployable
// files, TR-03183-2 properties and the complete dependency graph. Fixtures are written here.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "bulwark/extract/extractor.hpp"
#include "bulwark/extract/facts.hpp"
#include "bulwark/extract/walker.hpp"
#include "shared.hpp"

namespace bulwark::extract {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// An ELF-looking blob holding version strings (what the version-string extractor reads).
std::string elf_with(std::initializer_list<std::string_view> strings) {
  std::string b(
      "\x7f"
      "ELF\x02\x01\x01",
      7);
  b.resize(64, '\0');
  for (auto s : strings) {
    b += s;
    b += std::string("\0padding\0", 9);
  }
  return b;
}

const Component* named(const Sbom& s, std::string_view name) {
  for (const auto& c : s.components)
    if (c.name == name) return &c;
  return nullptr;
}

std::size_t count_named(const Sbom& s, std::string_view name) {
  std::size_t n = 0;
  for (const auto& c : s.components) n += c.name == name;
  return n;
}

std::string property(const Component& c, std::string_view key) {
  for (const auto& [k, v] : c.properties)
    if (k == key) return v;
  return {};
}

std::vector<std::string> properties(const Component& c, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& [k, v] : c.properties)
    if (k == key) out.push_back(v);
  return out;
}

const Dependency* deps_of(const Sbom& s, const std::string& ref) {
  for (const auto& d : s.dependencies)
    if (d.ref == ref) return &d;
  return nullptr;
}

bool contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

constexpr const char* kStatus =
    "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc\n"
    "Version: 2.36-9+deb12u4\nMaintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\n"
    "Depends: libgcc-s1\nDescription: GNU C Library\n\n"
    "Package: libgcc-s1\nStatus: install ok installed\nArchitecture: amd64\nSource: gcc-12\n"
    "Version: 12.2.0-14\nMaintainer: Debian GCC Maintainers <debian-gcc@lists.debian.org>\n"
    "Provides: libgcc1 (= 1:12.2.0-14)\nDescription: GCC support library\n\n"
    "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\n"
    "Version: 1:1.2.13.dfsg-1\nMaintainer: Mark Brown <broonie@debian.org>\n"
    "Pre-Depends: libc6 (>= 2.14)\nDepends: libgcc1 | libgcc-s1\nDescription: compression\n\n"
    "Package: mawk\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.3.4-1\n"
    "Maintainer: Boyuan Yang <byang@debian.org>\nProvides: awk\nDescription: awk\n\n"
    "Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 12.4\n"
    "Maintainer: Santiago Vila <sanvila@debian.org>\nPre-Depends: awk\nDescription: base\n\n";

// DEP-5 with a packaging-only stanza, a per-file stanza and a "with exception" synopsis.
constexpr const char* kGlibcCopyright =
    "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
    "Upstream-Name: glibc\n\n"
    "Files: *\nCopyright: 1991-2023 Free Software Foundation, Inc.\nLicense: LGPL-2.1+\n"
    " The GNU C Library is free software.\n\n"
    "Files: debian/*\nCopyright: 2023 Debian\nLicense: GPL-2+\n\n"
    "Files: sunrpc/*\n timezone/*\nCopyright: 2010 Oracle\nLicense: BSD-3-clause\n\n"
    "Files: libgcc-stubs/*\nCopyright: FSF\nLicense: GPL-3+ with GCC-Runtime exception\n\n"
    "License: LGPL-2.1+\n see /usr/share/common-licenses/LGPL-2.1\n";

constexpr const char* kZlibCopyright =
    "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
    "Files: *\nCopyright: Jean-loup Gailly and Mark Adler\nLicense: Zlib\n\n"
    "Files: contrib/*\nCopyright: various\nLicense: Zlib or Expat, and SomeHouseLicence\n";

class DebianTree : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path r = tmp.path();
    write(r / "etc/os-release",
          "ID=debian\nVERSION_ID=\"12\"\nNAME=\"Debian GNU/Linux\"\n"
          "HOME_URL=\"https://www.debian.org/\"\n");
    write(r / "var/lib/dpkg/status", kStatus);
    write(r / "var/lib/dpkg/info/libc6:amd64.list",
          "/.\n/lib\n/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/libc.so.6\n");
    write(r / "var/lib/dpkg/info/zlib1g:amd64.list",
          "/.\n/usr/lib/x86_64-linux-gnu/libz.so.1.2.13\n");
    write(r / "var/lib/dpkg/info/mawk.list", "/.\n/usr/bin/mawk\n");
    write(r / "var/lib/dpkg/info/base-files.list", "/.\n/etc/debian_version\n");
    // Merged /usr: dpkg lists /lib/..., the walk sees usr/lib/...
    write(r / "usr/lib/x86_64-linux-gnu/libc.so.6",
          elf_with({"GNU C Library (Debian GLIBC 2.36-9+deb12u4) stable release version 2.36."}));
    write(r / "usr/lib/x86_64-linux-gnu/libz.so.1.2.13",
          elf_with({" deflate 1.2.13 Copyright 1995-2022 Jean-loup Gailly and Mark Adler "}));
    // Owned by no package: stays a component.
    write(r / "opt/vendor/lib/libz.so.1",
          elf_with({" deflate 1.2.11 Copyright 1995-2017 Jean-loup Gailly and Mark Adler "}));
    write(r / "usr/share/doc/libc6/copyright", kGlibcCopyright);
    write(r / "usr/share/doc/zlib1g/copyright", kZlibCopyright);
    // Not machine-readable: the licence text fingerprints read Debian's pointer to GPL-2.
    write(r / "usr/share/doc/mawk/copyright",
          "This is mawk. See /usr/share/common-licenses/GPL-2\n");
    // Not machine-readable and no version: reported, left unknown.
    write(r / "usr/share/doc/base-files/copyright",
          "This is base-files, distributed under the terms of the GNU General Public "
          "License.\n");
    // The archive zlib1g was installed from (epoch as %3a), and one of another version.
    write(r / "var/cache/apt/archives/zlib1g_1%3a1.2.13.dfsg-1_amd64.deb", "!<arch>\nzlib");
    write(r / "var/cache/apt/archives/mawk_1.3.4-0_amd64.deb", "!<arch>\nold");
    options.name = "gateway";
    options.version = "1.0";
    auto s = inventory(r.string(), options, &report);
    ASSERT_TRUE(s) << s.error().message;
    sbom = std::move(*s);
  }

  bulwark::test::TempDir tmp;
  InventoryOptions options;
  InventoryReport report;
  Sbom sbom;
};

TEST_F(DebianTree, BinaryDetectionsInOwnedFilesBecomeEvidenceNotComponents) {
  EXPECT_EQ(count_named(sbom, "glibc"), 0u);
  ASSERT_EQ(count_named(sbom, "zlib"), 1u);  // the unowned vendored copy only
  EXPECT_EQ(named(sbom, "zlib")->location, "opt/vendor/lib/libz.so.1");
  EXPECT_EQ(named(sbom, "zlib")->version, "1.2.11");
  const Component* libc = named(sbom, "libc6");
  ASSERT_TRUE(libc);
  EXPECT_TRUE(contains(properties(*libc, "bulwark:evidence:binary"),
                       "usr/lib/x86_64-linux-gnu/libc.so.6: glibc 2.36 (version string)"));
  const Component* z = named(sbom, "zlib1g");
  ASSERT_TRUE(z);
  EXPECT_EQ(properties(*z, "bulwark:evidence:binary").size(), 1u);
  // 1.2.13 agrees with 1:1.2.13.dfsg-1: no version note.
  for (const auto& n : report.notes) EXPECT_EQ(n.find("the binary shows"), std::string::npos) << n;
  // No edge names a removed component.
  for (const auto& d : sbom.dependencies)
    for (const auto& t : d.depends_on) EXPECT_TRUE(deps_of(sbom, t)) << t;
}

TEST_F(DebianTree, OperatingSystemComponentNamesItsDistributor) {
  const Component* os = named(sbom, "debian");
  ASSERT_TRUE(os);
  EXPECT_EQ(os->type, "operating-system");
  // os-release NAME and HOME_URL: the creator with a URL (TR-03183-2 component creator).
  EXPECT_EQ(os->supplier, "Debian GNU/Linux (https://www.debian.org/)");
  // Never a licence for the distribution as a whole (it is the packages' licences).
  EXPECT_TRUE(os->licenses.empty());
}

TEST_F(DebianTree, Dep5LicencesReducedToThePackageSetAndUnknownStaysUnknown) {
  const Component* libc = named(sbom, "libc6");
  ASSERT_TRUE(libc);
  ASSERT_EQ(libc->licenses.size(), 1u);
  // debian/* (GPL-2+) is packaging, not delivered.
  EXPECT_EQ(libc->licenses[0],
            "LGPL-2.1-or-later AND BSD-3-Clause AND GPL-3.0-or-later WITH GCC-exception-3.1");
  const Component* z = named(sbom, "zlib1g");
  ASSERT_TRUE(z);
  ASSERT_EQ(z->licenses.size(), 1u);
  EXPECT_EQ(z->licenses[0], "Zlib AND (Zlib OR MIT) AND LicenseRef-SomeHouseLicence");
  bool noted = false;
  for (const auto& n : report.notes) noted |= n.find("'SomeHouseLicence'") != std::string::npos;
  EXPECT_TRUE(noted);
  // Free-form: the text fingerprint, marked as such; what it cannot place stays unknown.
  const Component* mawk = named(sbom, "mawk");
  ASSERT_TRUE(mawk);
  EXPECT_EQ(mawk->licenses, (std::vector<std::string>{"GPL-2.0-only"}));
  EXPECT_EQ(property(*mawk, "bulwark:license-evidence"),
            "fingerprint: usr/share/doc/mawk/copyright");
  EXPECT_EQ(property(*libc, "bulwark:license-evidence"), "own licence file");
  EXPECT_TRUE(named(sbom, "base-files")->licenses.empty());
  EXPECT_TRUE(contains(report.notes,
                       "base-files: usr/share/doc/base-files/copyright: GNU GPL "
                       "without a version (left unknown, not guessed)"));
  // libgcc-s1 has no copyright file and no sibling of its source: unknown.
  EXPECT_TRUE(named(sbom, "libgcc-s1")->licenses.empty());
}

TEST_F(DebianTree, Tr03183PropertiesFileNamesAndDeployableHashes) {
  const Component* z = named(sbom, "zlib1g");
  ASSERT_TRUE(z);
  EXPECT_EQ(property(*z, "bsi:component:filename"), "zlib1g_1.2.13.dfsg-1_amd64.deb");
  ASSERT_EQ(z->hashes.size(), 2u);
  EXPECT_EQ(z->hashes[0].algorithm, "SHA-256");
  EXPECT_EQ(z->hashes[0].value, sha256_hex("!<arch>\nzlib"));
  EXPECT_EQ(z->hashes[1].algorithm, "SHA-512");
  EXPECT_EQ(z->hashes[1].value, sha512_hex("!<arch>\nzlib"));
  EXPECT_EQ(property(*z, "bsi:component:archive"), "archive");
  EXPECT_EQ(property(*z, "bsi:component:structured"), "structured");
  EXPECT_EQ(property(*z, "bsi:component:executable"), "executable");  // ships a shared object
  const Component* mawk = named(sbom, "mawk");
  ASSERT_TRUE(mawk);
  EXPECT_TRUE(mawk->hashes.empty());  // the cached archive is another version
  EXPECT_EQ(property(*mawk, "bsi:component:filename"), "mawk_1.3.4-1_amd64.deb");
  EXPECT_EQ(property(*mawk, "bsi:component:executable"), "executable");
  EXPECT_EQ(property(*named(sbom, "base-files"), "bsi:component:executable"), "non-executable");
  // Without a file list, executable is not claimed.
  EXPECT_EQ(property(*named(sbom, "libgcc-s1"), "bsi:component:executable"), "");
  // The vendored binary is its own deployable file.
  const Component* vendored = named(sbom, "zlib");
  ASSERT_TRUE(vendored);
  EXPECT_EQ(property(*vendored, "bsi:component:filename"), "libz.so.1");
  ASSERT_EQ(vendored->hashes.size(), 2u);
  EXPECT_EQ(vendored->hashes[1].value.size(), 128u);
  EXPECT_EQ(property(*vendored, "bsi:component:executable"), "executable");
  EXPECT_EQ(property(*vendored, "bsi:component:archive"), "no archive");
  // The package database's digest stays a property: it is not the package's.
  EXPECT_EQ(property(*mawk, "bulwark:file-sha512").size(), 128u);
}

TEST_F(DebianTree, DependencyGraphResolvesVirtualsAndAlternativesAndIsComplete) {
  const Component* z = named(sbom, "zlib1g");
  const Component* libc = named(sbom, "libc6");
  const Component* gcc = named(sbom, "libgcc-s1");
  const Component* base = named(sbom, "base-files");
  const Component* mawk = named(sbom, "mawk");
  ASSERT_TRUE(z && libc && gcc && base && mawk);
  const Dependency* dz = deps_of(sbom, z->bom_ref);
  ASSERT_TRUE(dz);
  // Pre-Depends libc6; "libgcc1 | libgcc-s1": libgcc1 is provided by libgcc-s1.
  EXPECT_EQ(dz->depends_on, (std::vector<std::string>{libc->bom_ref, gcc->bom_ref}));
  const Dependency* db = deps_of(sbom, base->bom_ref);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->depends_on, (std::vector<std::string>{mawk->bom_ref}));  // virtual awk
  // Every component has an entry, leaves an empty one.
  for (const auto& c : sbom.components) EXPECT_TRUE(deps_of(sbom, c.bom_ref)) << c.bom_ref;
  EXPECT_TRUE(deps_of(sbom, gcc->bom_ref)->depends_on.empty());
  // bom-refs are unique.
  std::set<std::string> refs;
  for (const auto& c : sbom.components) EXPECT_TRUE(refs.insert(c.bom_ref).second) << c.bom_ref;
}

TEST(ApplyFacts, PackageNoteNamesTheSourcePackageOfTheOwnerNeverANewComponent) {
  Sbom s;
  Component udev;
  udev.name = "libudev1";
  udev.version = "252.22-1~deb12u1";
  udev.source_name = "systemd";
  udev.purl = "pkg:deb/debian/libudev1@252.22-1~deb12u1?arch=amd64";
  udev.bom_ref = udev.purl;
  udev.properties = {{"bulwark:extractor", "os/dpkg"}};
  Component note;
  note.name = "systemd";
  note.version = "252.22-1~deb12u1";
  note.purl = "pkg:deb/debian/systemd@252.22-1~deb12u1";
  note.bom_ref = "deb:systemd@252.22-1~deb12u1";
  note.location = "usr/lib/x86_64-linux-gnu/libudev.so.1.7.5";
  note.properties = {{"bulwark:extractor", "binary/elfpackagenote"}};
  s.components = {udev, note};
  s.dependencies = {{"product:x", {udev.bom_ref, note.bom_ref}}};
  detail::Facts facts;
  facts.owned.push_back({"deb", "libudev1", {"usr/lib/x86_64-linux-gnu/libudev.so.1.7.5"}});
  InventoryReport report;
  detail::apply_facts(s, std::move(facts), report);
  ASSERT_EQ(s.components.size(), 1u);
  EXPECT_EQ(s.components[0].name, "libudev1");
  EXPECT_EQ(property(s.components[0], "bulwark:evidence:binary"),
            "usr/lib/x86_64-linux-gnu/libudev.so.1.7.5: systemd 252.22-1~deb12u1 (.note.package)");
  EXPECT_EQ(s.dependencies[0].depends_on, (std::vector<std::string>{udev.bom_ref}));
  for (const auto& n : report.notes)  // systemd is libudev1's source package: nothing to note
    EXPECT_EQ(n.find(".note.package"), std::string::npos) << n;
}

TEST(ApplyFacts, VersionDisagreementIsNotedAndLicencesComeFromTheSourceSibling) {
  Sbom s;
  auto pkg = [](std::string name, std::string version, std::string source) {
    Component c;
    c.name = std::move(name);
    c.version = std::move(version);
    c.source_name = std::move(source);
    c.purl = "pkg:deb/debian/" + c.name + "@" + c.version;
    c.bom_ref = c.purl;
    c.properties = {{"bulwark:extractor", "os/dpkg"}};
    return c;
  };
  s.components = {pkg("libssl3", "3.0.11-1", "openssl"), pkg("openssl", "3.0.11-1", "openssl")};
  Component hit;
  hit.name = "openssl";
  hit.version = "3.0.9";
  hit.bom_ref = "binary:openssl@3.0.9";
  hit.location = "usr/lib/libssl.so.3";
  hit.properties = {{"bulwark:extractor", "binary/versionstrings"}};
  s.components.push_back(hit);
  detail::Facts facts;
  facts.owned.push_back({"deb", "libssl3", {"usr/lib/libssl.so.3"}});
  facts.licenses.push_back({"deb", "openssl", {"Apache-2.0"}, {}});
  InventoryReport report;
  detail::apply_facts(s, std::move(facts), report);
  ASSERT_EQ(s.components.size(), 2u);
  EXPECT_EQ(s.components[0].licenses, (std::vector<std::string>{"Apache-2.0"}));
  EXPECT_EQ(property(s.components[0], "bulwark:license-evidence"), "licence file of openssl");
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_EQ(report.notes[0],
            "usr/lib/libssl.so.3: the binary shows openssl 3.0.9, the owning package libssl3 is "
            "version 3.0.11-1");
}

TEST(ApkOwnership, RLinesOwnFilesAndLicencesBecomeExpressions) {
  bulwark::test::TempDir tmp;
  const fs::path r = tmp.path();
  write(r / "etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n");
  write(r / "lib/apk/db/installed",
        "P:busybox\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\no:busybox\n"
        "m:Sören Tempel <soeren+alpine@soeren-tempel.net>\nF:bin\nR:busybox\n\n"
        "P:libcrypto3\nV:3.1.4-r5\nA:x86_64\nL:Apache-2.0 BSD-3-Clause\no:openssl\n"
        "m:Ariadne Conill <ariadne@dereferenced.org>\nD:so:libc.musl-x86_64.so.1\n"
        "F:lib\nR:libcrypto.so.3\n\n"
        "P:musl\nV:1.2.4_git20230717-r4\nA:x86_64\nL:MIT\np:so:libc.musl-x86_64.so.1=1\n\n");
  write(r / "bin/busybox", elf_with({"BusyBox v1.36.1 (2023-11-07 18:53:09 UTC)"}));
  write(r / "opt/fw/busybox", elf_with({"BusyBox v1.31.0 (2019-11-07 18:53:09 UTC)"}));
  fs::permissions(r / "opt/fw/busybox", fs::perms::owner_exec, fs::perm_options::add);
  InventoryOptions options;
  InventoryReport report;
  auto s = inventory(r.string(), options, &report);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(count_named(*s, "busybox"), 2u);  // the apk package and the hand-built firmware copy
  for (const auto& c : s->components)
    if (c.name == "busybox" && c.location != "lib/apk/db/installed")
      EXPECT_EQ(c.location, "opt/fw/busybox");
  const Component* crypto = named(*s, "libcrypto3");
  ASSERT_TRUE(crypto);
  EXPECT_EQ(crypto->licenses, (std::vector<std::string>{"Apache-2.0 AND BSD-3-Clause"}));
  EXPECT_EQ(property(*crypto, "bsi:component:filename"), "libcrypto3-3.1.4-r5.apk");
  EXPECT_EQ(property(*crypto, "bsi:component:executable"), "executable");
  const Dependency* d = deps_of(*s, crypto->bom_ref);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->depends_on, (std::vector<std::string>{named(*s, "musl")->bom_ref}));
}

TEST(LanguagePackages, RegistryArchiveNamesAndProperties) {
  bulwark::test::TempDir tmp;
  write(tmp.path() / "app/package-lock.json", R"({"name": "app", "version": "1.0.0",
    "lockfileVersion": 3, "packages": {
      "": {"name": "app", "version": "1.0.0", "dependencies": {"@scope/left-pad": "^1.3.0"}},
      "node_modules/@scope/left-pad": {"version": "1.3.0", "license": "WTFPL",
        "resolved": "https://registry.npmjs.org/@scope/left-pad/-/left-pad-1.3.0.tgz"}}})");
  InventoryOptions options;
  InventoryReport report;
  auto s = inventory(tmp.path().string(), options, &report);
  ASSERT_TRUE(s) << s.error().message;
  const Component* pad = nullptr;
  for (const auto& c : s->components)
    if (c.purl.starts_with("pkg:npm/%40scope/left-pad@")) pad = &c;
  ASSERT_TRUE(pad);
  EXPECT_EQ(property(*pad, "bsi:component:filename"), "left-pad-1.3.0.tgz");
  EXPECT_EQ(property(*pad, "bsi:component:archive"), "archive");
  EXPECT_EQ(property(*pad, "bsi:component:structured"), "structured");
  EXPECT_EQ(property(*pad, "bsi:component:executable"), "non-executable");
  EXPECT_TRUE(pad->hashes.empty());  // the lockfile is not the package
  EXPECT_TRUE(deps_of(*s, pad->bom_ref));
}

// npm's hidden node_modules/.package-lock.json records the tree the project's lockfile locks:
// one component per package, not two; the lockfile's "integrity" is the SHA-512 of the
// package's published archive (the file it is deployed from).
TEST(LanguagePackages, NpmProjectWithInstalledTreeListsEachPackageOnceWithHashAndCreator) {
  bulwark::test::TempDir tmp;
  // sha512 of the empty input, as npm writes it (and a sha1 entry, which is no SHA-512).
  const std::string integrity =
      "sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk= "
      "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/"
      "SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==";
  const std::string pkg = R"("node_modules/left-pad": {"version": "1.3.0", "license": "WTFPL",
        "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
        "integrity": ")" + integrity +
                          R"("},
      "node_modules/tiny": {"version": "0.0.1", "integrity": "sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk="})";
  write(tmp.path() / "app/package-lock.json", R"({"name": "app", "version": "1.0.0",
    "lockfileVersion": 3, "packages": {
      "": {"name": "app", "version": "1.0.0", "dependencies": {"left-pad": "^1.3.0", "tiny": "0.0.1"}},
      )" + pkg + "}}");
  write(tmp.path() / "app/node_modules/.package-lock.json",
        R"({"name": "app", "version": "1.0.0", "lockfileVersion": 3, "packages": {)" + pkg + "}}");
  // The installed manifests name the creators (the lockfile does not); another version's
  // manifest is not this component's.
  write(tmp.path() / "app/node_modules/left-pad/package.json",
        R"j({"name": "left-pad", "version": "1.3.0",
            "author": "Jane Doe <jane@example.org> (https://jane.example.org)"})j");
  write(tmp.path() / "app/node_modules/tiny/package.json",
        R"({"name": "tiny", "version": "0.0.1",
            "author": {"name": "Tiny Team", "url": "https://tiny.example.org"}})");
  write(tmp.path() / "other/node_modules/solo/package.json",
        R"({"name": "solo", "version": "1.0.0", "author": "Someone Else"})");
  // A hidden lockfile without its project's lockfile is still read.
  write(tmp.path() / "other/node_modules/.package-lock.json",
        R"({"name": "other", "lockfileVersion": 3, "packages": {
      "node_modules/solo": {"version": "2.0.0"}}})");
  InventoryOptions options;
  InventoryReport report;
  auto s = inventory(tmp.path().string(), options, &report);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(count_named(*s, "left-pad"), 1u);
  EXPECT_EQ(count_named(*s, "tiny"), 1u);
  EXPECT_EQ(count_named(*s, "solo"), 1u);
  const Component* pad = named(*s, "left-pad");
  ASSERT_TRUE(pad);
  EXPECT_EQ(pad->location, "app/package-lock.json");
  EXPECT_EQ(property(*pad, "bulwark:direct"), "true");
  ASSERT_EQ(pad->hashes.size(), 1u);
  EXPECT_EQ(pad->hashes[0].algorithm, "SHA-512");
  EXPECT_EQ(
      pad->hashes[0].value,
      "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d"
      "2877eec2f63b931bd47417a81a538327af927da3e");
  const Component* tiny = named(*s, "tiny");
  ASSERT_TRUE(tiny);
  EXPECT_TRUE(tiny->hashes.empty());  // sha1 only: no SHA-512 invented
  EXPECT_EQ(pad->supplier, "Jane Doe <jane@example.org>");
  EXPECT_EQ(property(*pad, "bulwark:supplier-evidence"), "app/node_modules/left-pad/package.json");
  EXPECT_EQ(tiny->supplier, "Tiny Team (https://tiny.example.org)");
  const Component* solo = named(*s, "solo");
  ASSERT_TRUE(solo);
  EXPECT_EQ(solo->supplier, "");  // its manifest is of version 1.0.0, the component 2.0.0
  bool noted = false;
  for (const auto& n : report.notes)
    noted = noted || (n.starts_with("app/node_modules/.package-lock.json: ") &&
                      n.find("app/package-lock.json") != std::string::npos);
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace bulwark::extract
