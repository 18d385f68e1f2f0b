// OS package database extractors (dpkg, opkg, apk, rpm SQLite/NDB/BerkeleyDB) and
// parse_os_release: own fixtures (written here) plus the public corpora under ../shared
// (osv-scalibr, osv-scanner v1, go-rpmdb, syft), read at test time.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/extractor.hpp"
#include "bulwark/extract/os/os_release.hpp"
#include "bulwark/extract/os/rpm_header.hpp"
#include "shared.hpp"

namespace bulwark::extract {
namespace {

namespace fs = std::filesystem;
using NameVersions = std::multiset<std::pair<std::string, std::string>>;

const Extractor& extractor(std::string_view name) {
  static const auto all = os_package_extractors();
  for (const auto& e : all)
    if (e->name() == name) return *e;
  throw std::runtime_error("no extractor " + std::string(name));
}

Result<Inventory> run(std::string_view ex, const std::string& path, std::string_view content,
                      const OsRelease* os = nullptr) {
  FileInfo info{path, content.size(), false};
  return extractor(ex).extract(ScanInput{info, content, os});
}

std::string slurp(const fs::path& p) {
  auto r = read_file(p.string());
  if (!r) throw std::runtime_error(r.error().message);
  return *r;
}

nlohmann::json load_json(const fs::path& p) { return nlohmann::json::parse(slurp(p)); }

const Component* find(const Inventory& inv, std::string_view name) {
  for (const auto& c : inv.components)
    if (c.name == name) return &c;
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// os-release

TEST(OsRelease, QuotingRules) {
  auto os = parse_os_release(
      "# comment\nNAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
      "VERSION_ID='12'\nID=debian\nHOME_URL=\"https://x.example/\"\n\n");
  ASSERT_TRUE(os) << os.error().message;
  EXPECT_EQ(os->id, "debian");
  EXPECT_EQ(os->version_id, "12");
  EXPECT_EQ(os->pretty_name, "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(os_release_field("NAME=\"Debian GNU/Linux\"\nHOME_URL='https://x.example/'\n", "NAME"),
            "Debian GNU/Linux");
  EXPECT_EQ(os_release_field("NAME=x\nHOME_URL='https://x.example/'\n", "HOME_URL"),
            "https://x.example/");
  EXPECT_EQ(os_release_field("NAME=x\n", "HOME_URL"), "");
  auto esc = parse_os_release(
      "ID=alpine\r\nPRETTY_NAME=\"A \\\"quoted\\\" \\$x \\n\"\nVERSION_ID=3.20.1\r\n");
  ASSERT_TRUE(esc) << esc.error().message;
  EXPECT_EQ(esc->pretty_name, "A \"quoted\" $x \\n");
  EXPECT_EQ(esc->version_id, "3.20.1");
  auto bare = parse_os_release("PRETTY_NAME=Some\\ Linux\nVERSION_ID=1\n");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->pretty_name, "Some Linux");
  EXPECT_EQ(bare->id, "linux");  // os-release(5) default
}

TEST(OsRelease, ErrorsNameTheLine) {
  auto unterminated = parse_os_release("ID=x\nPRETTY_NAME=\"open\n");
  ASSERT_FALSE(unterminated);
  EXPECT_NE(unterminated.error().message.find("line 2"), std::string::npos)
      << unterminated.error().message;
  EXPECT_NE(unterminated.error().message.find("PRETTY_NAME"), std::string::npos);
  auto no_eq = parse_os_release("ID=x\n\njust words\n");
  ASSERT_FALSE(no_eq);
  EXPECT_NE(no_eq.error().message.find("line 3"), std::string::npos) << no_eq.error().message;
  EXPECT_FALSE(parse_os_release(""));
  EXPECT_FALSE(parse_os_release("# only a comment\n"));
}

TEST(OsRelease, SyftDebianImage) {
  BULWARK_REQUIRE_SHARED(
      dir, "corpora/syft-catalogers/syft/pkg/cataloger/debian/testdata/image-dpkg/etc/os-release");
  auto os = parse_os_release(slurp(dir));
  ASSERT_TRUE(os) << os.error().message;
  EXPECT_EQ(os->id, "debian");
  EXPECT_EQ(os->version_id, "12");
  EXPECT_EQ(os->pretty_name, "Debian GNU/Linux 12 (bookworm)");
}

// ---------------------------------------------------------------------------------------------
// Own fixtures

constexpr std::string_view kDpkgStatus =
    "Package: libc6\n"
    "Status: install ok installed\n"
    "Maintainer: GNU Libc Maintainers <libc@example.org>\n"
    "Architecture: amd64\n"
    "Multi-Arch: same\n"
    "Source: glibc\n"
    "Version: 2.36-9+deb12u4\n"
    "Depends: libgcc-s1\n"
    "Description: GNU C Library: Shared libraries\n"
    " Contains the standard libraries.\n"
    "\n"
    "Package: bsdutils\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Source: util-linux (2.38.1-5)\n"
    "Version: 1:2.38.1-5+b1\n"
    "Pre-Depends: libc6 (>= 2.34), libsystemd0 | nothing\n"
    "\n"
    "Package: libgcc-s1\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Source: gcc-12 (12.2.0-14)\n"
    "Version: 12.2.0-14\n"
    "Depends: libc6 (>= 2.35)\n"
    "\n"
    "Package: removed\n"
    "Status: deinstall ok config-files\n"
    "Version: 1.0\n"
    "\n"
    "Package: noversion\n"
    "Status: install ok installed\n";

TEST(Dpkg, ComponentsPurlsAndEdges) {
  OsRelease os{"debian", "12", "Debian GNU/Linux 12 (bookworm)"};
  auto inv = run("os/dpkg", "var/lib/dpkg/status", kDpkgStatus, &os);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 3u);
  const auto* libc = find(*inv, "libc6");
  ASSERT_NE(libc, nullptr);
  EXPECT_EQ(libc->purl,
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc");
  EXPECT_EQ(libc->source_name, "glibc");
  EXPECT_EQ(libc->source_version, "2.36-9+deb12u4");
  EXPECT_EQ(libc->supplier, "GNU Libc Maintainers <libc@example.org>");
  EXPECT_EQ(libc->type, "library");
  const auto* bsd = find(*inv, "bsdutils");
  ASSERT_NE(bsd, nullptr);
  EXPECT_EQ(bsd->version, "1:2.38.1-5+b1");
  EXPECT_EQ(bsd->purl,
            "pkg:deb/debian/"
            "bsdutils@1:2.38.1-5%2Bb1?arch=amd64&distro=debian-12&upstream=util-linux%402.38.1-5");
  EXPECT_EQ(bsd->source_version, "2.38.1-5");
  const auto* gcc = find(*inv, "libgcc-s1");
  ASSERT_NE(gcc, nullptr);
  EXPECT_EQ(gcc->purl,
            "pkg:deb/debian/libgcc-s1@12.2.0-14?arch=amd64&distro=debian-12&upstream=gcc-12");
  // Edges: libc6 -> libgcc-s1, bsdutils -> libc6 (libsystemd0 is not installed), libgcc-s1 ->
  // libc6.
  std::map<std::string, std::vector<std::string>> edges;
  for (const auto& d : inv->dependencies) edges[d.ref] = d.depends_on;
  ASSERT_EQ(edges.size(), 3u);
  EXPECT_EQ(edges[libc->bom_ref], std::vector<std::string>{gcc->bom_ref});
  EXPECT_EQ(edges[bsd->bom_ref], std::vector<std::string>{libc->bom_ref});
  EXPECT_EQ(edges[gcc->bom_ref], std::vector<std::string>{libc->bom_ref});
  ASSERT_EQ(inv->notes.size(), 1u);
  EXPECT_NE(inv->notes[0].find("line 30"), std::string::npos) << inv->notes[0];
}

TEST(Dpkg, WithoutOsAndStatusD) {
  auto inv = run("os/dpkg", "var/lib/dpkg/status.d/tzdata",
                 "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n");
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 1u);  // status.d entries carry no Status field
  EXPECT_EQ(inv->components[0].purl, "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all");
  auto status =
      run("os/dpkg", "var/lib/dpkg/status", "Package: tzdata\nVersion: 2024a-0+deb12u1\n");
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->components.empty());  // the main status file needs "... installed"
  const auto& e = extractor("os/dpkg");
  EXPECT_TRUE(e.wants({"var/lib/dpkg/status", 1, false}));
  EXPECT_TRUE(e.wants({"rootfs/var/lib/dpkg/status", 1, false}));
  EXPECT_TRUE(e.wants({"var/lib/dpkg/status.d/python3.11", 1, false}));
  EXPECT_FALSE(e.wants({"var/lib/dpkg/status.d/base.md5sums", 1, false}));
  EXPECT_FALSE(e.wants({"var/lib/dpkg/status-old", 1, false}));
  EXPECT_FALSE(e.wants({"myvar/lib/dpkg/status", 1, false}));
}

constexpr std::string_view kApkInstalled =
    "C:Q1abc=\nP:musl\nV:1.2.5-r0\nA:x86_64\nL:MIT\no:musl\nm:Maintainer <m@example.org>\n"
    "c:0123456789abcdef\np:so:libc.musl-x86_64.so.1=1\n\n"
    "P:busybox\nV:1.36.1-r29\nA:x86_64\nL:GPL-2.0-only\no:busybox\nD:so:libc.musl-x86_64.so.1 "
    "!conflict\n\n"
    "P:orphan\nA:x86_64\n";

TEST(Apk, ComponentsPurlsAndEdges) {
  OsRelease os{"alpine", "3.20.1", "Alpine Linux v3.20"};
  auto inv = run("os/apk", "lib/apk/db/installed", kApkInstalled, &os);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 2u);
  const auto& musl = inv->components[0];
  EXPECT_EQ(musl.purl, "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.1");
  EXPECT_EQ(musl.licenses, std::vector<std::string>{"MIT"});
  EXPECT_EQ(musl.source_name, "musl");
  EXPECT_EQ(musl.supplier, "Maintainer <m@example.org>");
  ASSERT_EQ(inv->dependencies.size(), 1u);
  EXPECT_EQ(inv->dependencies[0].ref, inv->components[1].bom_ref);
  EXPECT_EQ(inv->dependencies[0].depends_on, std::vector<std::string>{musl.bom_ref});
  ASSERT_EQ(inv->notes.size(), 1u);
  EXPECT_NE(inv->notes[0].find("line 18"), std::string::npos) << inv->notes[0];
}

TEST(Apk, MalformedLineIsAnErrorNamingFileAndLine) {
  auto inv = run("os/apk", "lib/apk/db/installed", "P:musl\nV:1\n\nnot a record\n");
  ASSERT_FALSE(inv);
  EXPECT_NE(inv.error().message.find("lib/apk/db/installed: line 4"), std::string::npos)
      << inv.error().message;
}

// rpm License tags in Fedora's legacy short names (as CBL-Mariner 2.0's database holds them).
TEST(Rpm, LegacyLicenseNamesBecomeSpdxExpressions) {
  using os::rpm_license_expression;
  EXPECT_EQ(rpm_license_expression("MIT"), "MIT");
  EXPECT_EQ(rpm_license_expression("GPLv2+"), "GPL-2.0-or-later");
  EXPECT_EQ(rpm_license_expression("ASL 2.0"), "Apache-2.0");
  EXPECT_EQ(rpm_license_expression("GPLv2+ and GPLv3+ and LGPLv2+"),
            "GPL-2.0-or-later AND GPL-3.0-or-later AND LGPL-2.0-or-later");
  EXPECT_EQ(rpm_license_expression("LGPLv2.1 AND GPLv2"), "LGPL-2.1-only AND GPL-2.0-only");
  EXPECT_EQ(rpm_license_expression("(LGPLv3+ or GPLv2+) and GPLv3+"),
            "(LGPL-3.0-or-later OR GPL-2.0-or-later) AND GPL-3.0-or-later");
  EXPECT_EQ(rpm_license_expression("BSD AND Public Domain AND (ASL 2.0 OR CC0 1.0 OR OpenSSL)"),
            "LicenseRef-BSD AND LicenseRef-Public-Domain AND (Apache-2.0 OR CC0-1.0 OR OpenSSL)");
  EXPECT_EQ(rpm_license_expression("BSD 2-Clause and GPLv2"), "BSD-2-Clause AND GPL-2.0-only");
  EXPECT_EQ(rpm_license_expression("MPLv2.0"), "MPL-2.0");
  // Kept as written: an exception SPDX does not name, an unknown name, a dangling operator,
  // unbalanced parentheses.
  EXPECT_EQ(rpm_license_expression("GPLv2+ WITH exceptions"), "GPLv2+ WITH exceptions");
  EXPECT_EQ(rpm_license_expression("GPLv2+ and Frobnicate"), "GPLv2+ and Frobnicate");
  EXPECT_EQ(rpm_license_expression("GPLv2+ and"), "GPLv2+ and");
  EXPECT_EQ(rpm_license_expression("(MIT or ISC"), "(MIT or ISC");
  EXPECT_EQ(rpm_license_expression("MIT) or (ISC"), "MIT) or (ISC");
  EXPECT_EQ(rpm_license_expression(std::string(10000, '(')), std::string(10000, '('));
}

TEST(Rpm, GarbageIsAnError) {
  for (auto name : {"os/rpm-sqlite", "os/rpm-ndb", "os/rpm-bdb"}) {
    auto inv = run(name, "var/lib/rpm/x", std::string(600, 'x'));
    ASSERT_FALSE(inv) << name;
    EXPECT_NE(inv.error().message.find("var/lib/rpm/x"), std::string::npos) << inv.error().message;
    EXPECT_FALSE(run(name, "var/lib/rpm/x", ""));
  }
}

// ---------------------------------------------------------------------------------------------
// osv-scalibr extractor/filesystem/os/{dpkg,apk,rpm}

struct Target {
  std::vector<std::string> extractors;  // all must behave as expected
  std::string path;                     // the path the walker would pass
};

// Maps a scalibr fixture to the extractor and a realistic scan path.
std::optional<Target> target_for(const std::string& fixture) {
  auto base = fs::path(fixture).filename().string();
  if (fixture.find("os/dpkg/testdata/dpkg/status.d/") != std::string::npos)
    return Target{{"os/dpkg"}, "var/lib/dpkg/status.d/" + base};
  if (fixture.find("os/dpkg/testdata/dpkg/") != std::string::npos)
    return Target{{"os/dpkg"}, "var/lib/dpkg/status"};
  if (fixture.find("os/dpkg/testdata/opkg/") != std::string::npos)
    return Target{{"os/opkg"}, "usr/lib/opkg/status"};
  if (fixture.find("os/apk/testdata/") != std::string::npos)
    return Target{{"os/apk"}, "lib/apk/db/installed"};
  if (fixture.find("os/rpm/testdata/") == std::string::npos) return std::nullopt;
  if (base.ends_with(".sqlite")) return Target{{"os/rpm-sqlite"}, "var/lib/rpm/rpmdb.sqlite"};
  if (base == "Packages.db") return Target{{"os/rpm-ndb"}, "usr/lib/sysimage/rpm/Packages.db"};
  if (base == "invalid")
    return Target{{"os/rpm-sqlite", "os/rpm-ndb", "os/rpm-bdb"}, "var/lib/rpm/Packages"};
  return Target{{"os/rpm-bdb"}, "var/lib/rpm/Packages"};
}

// Why a case is left out; empty when it is compared.
std::string exclusion(const nlohmann::json& c, std::string_view content) {
  // Each excluded case is printed with its reason by the test.
  const std::string name = c.value("test_case", "");
  if (c.value("fixture_absent", false))
    return "fixture absent (missing-file test or file not stored)";
  if (c["expected_packages"].is_null()) return "expectation computed in code";
  if (name.find("including not installed") != std::string::npos)
    return "scalibr option IncludeNotInstalled: we report installed packages only";
  // scalibr's apk tests build `want` through a helper; the static extraction recorded [] for
  // fixtures that plainly hold packages. Those are checked by count in ScalibrApkCounts.
  if (c["fixture"].get<std::string>().find("os/apk/") != std::string::npos &&
      c["expected_packages"].empty() && !c.contains("want_err") &&
      (content.starts_with("P:") || content.find("\nP:") != std::string_view::npos))
    return "apk expectation built in code (recorded as [])";
  return {};
}

NameVersions expected_set(const nlohmann::json& pkgs) {
  NameVersions s;
  for (const auto& p : pkgs) s.emplace(p.value("name", ""), p.value("version", ""));
  return s;
}

// scalibr's rpm version is version-release (the epoch is separate).
std::string without_epoch(const std::string& v) {
  auto colon = v.find(':');
  return colon == std::string::npos ? v : v.substr(colon + 1);
}

TEST(OsCorpus, ScalibrExpectedResults) {
  BULWARK_REQUIRE_SHARED(root, "corpora/osv-scalibr");
  auto doc = load_json(root / "expected-results.json");
  std::map<std::string, int> compared;
  int excluded = 0;
  for (const auto& c : doc["cases"]) {
    const std::string fixture = c["fixture"];
    auto target = target_for(fixture);
    if (!target) continue;
    fs::path file = root / fixture;
    std::string content = fs::exists(file) ? slurp(file) : std::string();
    if (auto why = exclusion(c, content); !why.empty()) {
      std::printf("[ scalibr  ] excluded %s (%s): %s\n", fixture.c_str(),
                  c.value("test_case", "").c_str(), why.c_str());
      ++excluded;
      continue;
    }
    SCOPED_TRACE(fixture + " / " + c.value("test_case", ""));
    for (const auto& ex : target->extractors) {
      ++compared[ex];
      if (!extractor(ex).wants({target->path, content.size(), false})) {
        EXPECT_TRUE(c["expected_packages"].empty()) << ex << " does not want " << target->path;
        continue;
      }
      auto inv = run(ex, target->path, content);
      if (c.contains("want_err")) {
        EXPECT_FALSE(inv) << ex << " should fail";
        continue;
      }
      ASSERT_TRUE(inv) << ex << ": " << inv.error().message;
      NameVersions got;
      bool rpm = ex.starts_with("os/rpm");
      for (const auto& comp : inv->components)
        got.emplace(comp.name, rpm ? without_epoch(comp.version) : comp.version);
      EXPECT_EQ(got, expected_set(c["expected_packages"])) << ex;
    }
  }
  int total = 0;
  for (const auto& [ex, n] : compared) {
    std::printf("[ scalibr  ] %s: %d cases\n", ex.c_str(), n);
    total += n;
  }
  std::printf("[ scalibr  ] %d compared, %d excluded\n", total, excluded);
  RecordProperty("scalibr_os_cases", total);
  EXPECT_GE(compared["os/dpkg"], 15);
  EXPECT_GE(compared["os/opkg"], 10);
  EXPECT_GE(compared["os/apk"], 2);
  EXPECT_GE(compared["os/rpm-bdb"], 3);
  EXPECT_GE(compared["os/rpm-sqlite"], 3);
}

// The scalibr apk fixtures whose expectations were not extracted: count the "P:" records.
TEST(OsCorpus, ScalibrApkCounts) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr/extractor/filesystem/os/apk/testdata");
  const std::map<std::string, std::size_t> expected{
      {"installed", 0}, {"single", 1}, {"different-arch", 1}, {"no-origin", 1}};
  int checked = 0;
  for (const auto& [name, fixed] : expected) {
    std::string content = slurp(dir / name);
    std::size_t records = 0;
    for (std::size_t at = 0; (at = content.find("P:", at)) != std::string::npos; at += 2)
      if (at == 0 || content[at - 1] == '\n') ++records;
    auto inv = run("os/apk", "lib/apk/db/installed", content);
    ASSERT_TRUE(inv) << name << ": " << inv.error().message;
    EXPECT_EQ(inv->components.size(), records) << name;
    if (fixed != 0) {
      EXPECT_EQ(records, fixed) << name;
    }
    ++checked;
  }
  std::printf("[ scalibr  ] apk count checks: %d\n", checked);
  EXPECT_EQ(checked, 4);
}

// ---------------------------------------------------------------------------------------------
// osv-scanner v1 fixtures/dpkg and fixtures/apk. The v1 dpkg parser reports the *source*
// package (name and version), so dpkg components are compared by (source_name, source_version).

TEST(OsCorpus, OsvScannerV1) {
  BULWARK_REQUIRE_SHARED(root, "corpora/osv-scanner-lockfile-v1");
  auto doc = load_json(root / "expected-results.json");
  int dpkg = 0, apk = 0, excluded = 0;
  for (const auto& c : doc["cases"]) {
    const std::string parser = c.value("parser", "");
    bool is_dpkg = parser == "ParseDpkgStatus";
    if (!is_dpkg && parser != "ParseApkInstalled") continue;
    const std::string fixture = c["fixture"];
    fs::path file = root / "fixtures" / fixture;
    // Excluded: a missing file is the walker's concern; the "malformed" fixtures expect
    // entries without a Version (and v1's apk parser ignores lines that are not "K:value"):
    // we skip version-less entries with a note (as osv-scalibr does) and reject non-record
    // apk lines (as osv-scalibr's "invalid" case requires). Covered by own tests above.
    if (!fs::exists(file) || fixture.find("malformed") != std::string::npos ||
        fixture == "apk/not_installed") {
      ++excluded;
      continue;
    }
    SCOPED_TRACE(fixture);
    std::string content = slurp(file);
    auto inv = is_dpkg ? run("os/dpkg", "var/lib/dpkg/status", content)
                       : run("os/apk", "lib/apk/db/installed", content);
    ASSERT_TRUE(inv) << inv.error().message;
    NameVersions got;
    for (const auto& comp : inv->components) {
      if (is_dpkg) {
        got.emplace(comp.source_name, comp.source_version);
      } else {
        got.emplace(comp.name, comp.version);
      }
    }
    EXPECT_EQ(got, expected_set(c["expected_packages"]));
    ++(is_dpkg ? dpkg : apk);
  }
  std::printf("[ osv-v1   ] dpkg %d cases, apk %d cases, %d excluded\n", dpkg, apk, excluded);
  EXPECT_GE(dpkg, 5);
  EXPECT_GE(apk, 4);
}

TEST(OsCorpus, OsvScannerV1NotAnApkFileIsAnError) {
  BULWARK_REQUIRE_SHARED(file, "corpora/osv-scanner-lockfile-v1/fixtures/apk/not_installed");
  auto inv = run("os/apk", "lib/apk/db/installed", slurp(file));
  ASSERT_FALSE(inv);
  EXPECT_NE(inv.error().message.find("line 1"), std::string::npos) << inv.error().message;
}

TEST(OsCorpus, OsvScannerV1MalformedDpkgNotes) {
  BULWARK_REQUIRE_SHARED(file, "corpora/osv-scanner-lockfile-v1/fixtures/dpkg/malformed_status");
  auto inv = run("os/dpkg", "var/lib/dpkg/status", slurp(file));
  ASSERT_TRUE(inv) << inv.error().message;
  EXPECT_TRUE(inv->components.empty());
  // Notes for the prose lines; skipped: bash without Version and two entries without Package
  // (v1 reports bash with an empty version and one of them by its Source). libc6 has a bad Status.
  std::size_t skipped = std::count_if(
      inv->notes.begin(), inv->notes.end(),
      [](const std::string& n) { return n.find("skipped entry") != std::string::npos; });
  EXPECT_EQ(skipped, 3u) << ::testing::PrintToString(inv->notes);
  EXPECT_EQ(inv->notes.size(), 8u) << ::testing::PrintToString(inv->notes);
}

// ---------------------------------------------------------------------------------------------
// go-rpmdb databases

TEST(OsCorpus, RpmSqliteMariner) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/rpmdb/testdata/cbl-mariner-2.0");
  OsRelease os{"mariner", "2.0", "CBL-Mariner/Linux"};
  auto inv = run("os/rpm-sqlite", "var/lib/rpm/rpmdb.sqlite", slurp(dir / "rpmdb.sqlite"), &os);
  ASSERT_TRUE(inv) << inv.error().message;
  std::printf("[ rpmdb    ] cbl-mariner-2.0 rpmdb.sqlite: %zu packages, %zu notes\n",
              inv->components.size(), inv->notes.size());
  EXPECT_EQ(inv->components.size(), 129u);
  EXPECT_TRUE(inv->notes.empty());
  auto want = load_json(dir / "expected-package-curl.json")["package"];
  const auto* curl = find(*inv, "curl");
  ASSERT_NE(curl, nullptr);
  EXPECT_EQ(curl->version,
            want["Version"].get<std::string>() + "-" + want["Release"].get<std::string>());
  EXPECT_EQ(curl->licenses, std::vector<std::string>{want["License"].get<std::string>()});
  EXPECT_EQ(curl->supplier, want["Vendor"].get<std::string>());
  EXPECT_EQ(curl->source_name, "curl");
  EXPECT_EQ(curl->source_version, "7.76.0-6.cm2");
  EXPECT_EQ(curl->purl,
            "pkg:rpm/mariner/"
            "curl@7.76.0-6.cm2?arch=x86_64&distro=mariner-2.0&upstream=curl-7.76.0-6.cm2.src.rpm");
}

TEST(OsCorpus, RpmNdbSle15) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/rpmdb/testdata/sle15-bci");
  auto inv = run("os/rpm-ndb", "usr/lib/sysimage/rpm/Packages.db", slurp(dir / "Packages.db"));
  ASSERT_TRUE(inv) << inv.error().message;
  auto want = load_json(dir / "expected-packages.json")["packages"];
  std::printf("[ rpmdb    ] sle15-bci Packages.db: %zu packages (expected %zu)\n",
              inv->components.size(), want.size());
  ASSERT_EQ(inv->components.size(), want.size());
  EXPECT_GE(want.size(), 30u);
  EXPECT_TRUE(inv->notes.empty());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& w = want[i];
    const auto& c = inv->components[i];
    std::string vr = w["version"].get<std::string>() + "-" + w["release"].get<std::string>();
    EXPECT_EQ(c.name, w["name"].get<std::string>());
    EXPECT_EQ(c.version,
              w["epoch"].is_null() ? vr : std::to_string(w["epoch"].get<int>()) + ":" + vr);
    EXPECT_EQ(c.licenses, std::vector<std::string>{w["license"].get<std::string>()}) << c.name;
    EXPECT_EQ(c.supplier, w["vendor"].get<std::string>());
    EXPECT_EQ(c.source_name + "-" + c.source_version + ".src.rpm",
              w["sourceRpm"].get<std::string>());
    EXPECT_TRUE(c.purl.starts_with("pkg:rpm/suse/")) << c.purl;
    EXPECT_NE(c.purl.find("arch=" + w["arch"].get<std::string>()), std::string::npos) << c.purl;
  }
}

TEST(OsCorpus, RpmBdbLibuuid) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/rpmdb/testdata/libuuid");
  auto inv = run("os/rpm-bdb", "var/lib/rpm/Packages", slurp(dir / "Packages"));
  ASSERT_TRUE(inv) << inv.error().message;
  auto want = load_json(dir / "expected-package-libuuid.json")["package"];
  std::printf("[ rpmdb    ] libuuid Packages (BerkeleyDB): %zu packages\n", inv->components.size());
  EXPECT_TRUE(inv->notes.empty());
  const auto* c = find(*inv, "libuuid");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->version,
            want["Version"].get<std::string>() + "-" + want["Release"].get<std::string>());
  EXPECT_EQ(c->source_name, "util-linux");
  EXPECT_EQ(c->source_version, "2.32.1-42.el8_8");
  EXPECT_EQ(c->supplier, "Red Hat, Inc.");
  EXPECT_EQ(c->purl,
            "pkg:rpm/redhat/"
            "libuuid@2.32.1-42.el8_8?arch=x86_64&upstream=util-linux-2.32.1-42.el8_8.src.rpm");
}

TEST(OsCorpus, RpmBdbEpochPurl) {
  BULWARK_REQUIRE_SHARED(file,
                         "corpora/osv-scalibr/extractor/filesystem/os/rpm/testdata/Packages_epoch");
  OsRelease os{"rhel", "8.9", ""};
  auto inv = run("os/rpm-bdb", "var/lib/rpm/Packages", slurp(file), &os);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 1u);
  std::printf("[ rpmdb    ] Packages_epoch: %s %s\n", inv->components[0].version.c_str(),
              inv->components[0].purl.c_str());
  EXPECT_EQ(inv->components[0].name, "hello");
}

// Truncated and byte-flipped databases must fail or degrade to notes, never read out of
// bounds (run under ASan/UBSan).
TEST(OsCorpus, RpmCorruptionIsContained) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/rpmdb/testdata");
  struct Db {
    std::string file, extractor;
  };
  const std::vector<Db> dbs{{"sle15-bci/Packages.db", "os/rpm-ndb"},
                            {"libuuid/Packages", "os/rpm-bdb"}};
  int runs = 0, failures = 0;
  for (const auto& db : dbs) {
    const std::string original = slurp(dir / db.file);
    std::uint32_t seed = 12345;
    for (int i = 0; i < 200; ++i) {
      seed = seed * 1664525u + 1013904223u;
      std::string mutated = original;
      if (i % 2 == 0) {
        mutated.resize(seed % original.size());
      } else {
        for (int k = 0; k < 16; ++k) {
          seed = seed * 1664525u + 1013904223u;
          mutated[seed % mutated.size()] = static_cast<char>(seed >> 24);
        }
      }
      auto inv = run(db.extractor, "var/lib/rpm/Packages", mutated);
      if (!inv) ++failures;
      ++runs;
    }
  }
  std::printf("[ rpmdb    ] corruption runs: %d (%d errors)\n", runs, failures);
  EXPECT_EQ(runs, 400);
  EXPECT_GT(failures, 0);
}

// ---------------------------------------------------------------------------------------------
// syft fixtures: counts

TEST(OsCorpus, SyftCounts) {
  BULWARK_REQUIRE_SHARED(root, "corpora/syft-catalogers/syft/pkg/cataloger");
  struct Case {
    std::string file, extractor, path;
    std::size_t count;
  };
  const std::string sd = "debian/testdata/var/lib/dpkg/status.d/";
  // Counts: paragraphs with Package and Version whose Status (when present) ends in
  // "installed"; "multiple" has an empty Package and a version-less entry, "deinstall" one
  // package in config-files state, "corrupt" misspelt field names only.
  const std::vector<Case> cases{
      {"debian/testdata/image-dpkg/var/lib/dpkg/status", "os/dpkg", "var/lib/dpkg/status", 1},
      {"debian/testdata/var/lib/opkg/status", "os/opkg", "var/lib/opkg/status", 3},
      {sd + "single", "os/dpkg", "var/lib/dpkg/status.d/single", 1},
      {sd + "multiple", "os/dpkg", "var/lib/dpkg/status.d/multiple", 2},
      {sd + "coreutils-relationships", "os/dpkg", "var/lib/dpkg/status.d/coreutils-relationships",
       9},
      {sd + "doc-examples", "os/dpkg", "var/lib/dpkg/status.d/doc-examples", 5},
      {sd + "libpam-runtime", "os/dpkg", "var/lib/dpkg/status.d/libpam-runtime", 1},
      {sd + "deinstall", "os/dpkg", "var/lib/dpkg/status.d/deinstall", 1},
      {sd + "corrupt", "os/dpkg", "var/lib/dpkg/status.d/corrupt", 0},
      {"alpine/testdata/single", "os/apk", "lib/apk/db/installed", 1},
      {"alpine/testdata/base", "os/apk", "lib/apk/db/installed", 1},
  };
  int n = 0;
  for (const auto& c : cases) {
    auto inv = run(c.extractor, c.path, slurp(root / c.file));
    ASSERT_TRUE(inv) << c.file << ": " << inv.error().message;
    std::printf("[ syft     ] %s: %zu packages\n", c.file.c_str(), inv->components.size());
    EXPECT_EQ(inv->components.size(), c.count) << c.file;
    ++n;
  }
  EXPECT_EQ(n, 11);
}

TEST(OsCorpus, SyftDpkgRelationships) {
  BULWARK_REQUIRE_SHARED(file,
                         "corpora/syft-catalogers/syft/pkg/cataloger/debian/testdata/var/lib/dpkg/"
                         "status.d/coreutils-relationships");
  auto inv = run("os/dpkg", "var/lib/dpkg/status.d/coreutils-relationships", slurp(file));
  ASSERT_TRUE(inv) << inv.error().message;
  const auto* coreutils = find(*inv, "coreutils");
  ASSERT_NE(coreutils, nullptr);
  std::vector<std::string> targets;
  for (const auto& d : inv->dependencies)
    if (d.ref == coreutils->bom_ref)
      for (const auto& ref : d.depends_on)
        for (const auto& c : inv->components)
          if (c.bom_ref == ref) targets.push_back(c.name);
  EXPECT_EQ(targets,
            (std::vector<std::string>{"libacl1", "libattr1", "libc6", "libgmp10", "libselinux1"}));
}

}  // namespace
}  // namespace bulwark::extract
