// `bulwark sbom` output of every input kind validated against the official schemas: CycloneDX 1.6
// JSON and SPDX 2.3 JSON of a dpkg tree, an apk tree, an rpm database (the go-rpmdb corpus of
// ../shared, packed into a temporary archive at its installed path), an npm lockfile and a Go
// binary, each checked by ../shared/oracles/schema-validate.py against ../shared/schemas and by
// `bulwark sbom check` (licences on every package). The trees, the lockfile and the binary are
// written here; the test skips with a message when ../shared or python3-jsonschema is absent.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string bulwark(const std::string& args) {
  return "SOURCE_DATE_EPOCH=1767225600 '" + cli_path() + "' " + args;
}

// A Debian tree: dpkg status, file lists, DEP-5 copyright files with an alternative and an
// exception.
void debian_tree(const fs::path& r) {
  write(r / "etc/os-release",
        "ID=debian\nVERSION_ID=\"12\"\nNAME=\"Debian GNU/Linux\"\n"
        "HOME_URL=\"https://www.debian.org/\"\n");
  write(r / "var/lib/dpkg/status",
        "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc\n"
        "Version: 2.36-9+deb12u4\nMaintainer: GNU Libc Maintainers "
        "<debian-glibc@lists.debian.org>\nDepends: libgcc-s1\nDescription: libc\n\n"
        "Package: libgcc-s1\nStatus: install ok installed\nArchitecture: amd64\n"
        "Version: 12.2.0-14\nMaintainer: Debian GCC Maintainers <debian-gcc@lists.debian.org>\n"
        "Description: libgcc\n\n");
  write(r / "var/lib/dpkg/info/libc6:amd64.list", "/.\n/usr/lib/x86_64-linux-gnu/libc.so.6\n");
  write(r / "usr/share/doc/libc6/copyright",
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
        "Files: *\nCopyright: FSF\nLicense: LGPL-2.1+ or GPL-2+\n\n"
        "Files: libgcc/*\nCopyright: FSF\nLicense: GPL-3+ with GCC-Runtime exception\n\n"
        "Files: ssl/*\nCopyright: someone\nLicense: GPL-2+ with OpenSSL exception\n");
  write(r / "usr/share/doc/libgcc-s1/copyright",
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
        "Files: *\nCopyright: FSF\nLicense: GPL-3+ with GCC-exception-3.1\n");
}

void alpine_tree(const fs::path& r) {
  write(r / "etc/os-release",
        "ID=alpine\nVERSION_ID=3.19.1\nNAME=\"Alpine Linux\"\n"
        "HOME_URL=\"https://alpinelinux.org/\"\n");
  write(r / "lib/apk/db/installed",
        "P:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\no:musl\nm:Natanael Copa <ncopa@alpinelinux.org>\n"
        "p:so:libc.musl-x86_64.so.1=1\nF:lib\nR:ld-musl-x86_64.so.1\n\n"
        "P:busybox\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\no:busybox\n"
        "m:Sören Tempel <soeren+alpine@soeren-tempel.net>\nD:so:libc.musl-x86_64.so.1\n"
        "F:bin\nR:busybox\n\n");
}

void npm_project(const fs::path& r) {
  write(r / "package-lock.json", R"({
  "name": "demo", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
  "packages": {
    "": {"name": "demo", "version": "1.0.0", "dependencies": {"lodash": "^4.17.0"}},
    "node_modules/lodash": {"version": "4.17.20", "license": "MIT"},
    "node_modules/minimist": {"version": "1.2.6", "dev": true, "license": "MIT"}
  }
})");
}

// A minimal 64-bit ELF (no program or section headers) holding an inline Go build info blob
// (the Go 1.18+ layout: magic, pointer size, flags, then varint-prefixed version and modinfo
// between the modinfo sentinels).
std::string uvarint(std::uint64_t v) {
  std::string s;
  for (; v >= 0x80; v >>= 7) s += static_cast<char>((v & 0x7f) | 0x80);
  return s + static_cast<char>(v);
}

std::string go_binary() {
  std::string elf(
      "\x7f"
      "ELF\x02\x01\x01",
      7);
  elf.resize(16, '\0');
  elf += std::string("\x03\x00\x3e\x00\x01\x00\x00\x00", 8);  // ET_DYN, x86-64, version 1
  elf.resize(52, '\0');
  elf += std::string("\x40\x00", 2);  // e_ehsize
  elf.resize(0x400, '\0');
  const std::string start("0w\xaf\x0c\x92t\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6", 16);
  const std::string end("\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2", 16);
  const std::string mod = start +
                          "path\texample.com/cmd/app\nmod\texample.com/app\tv1.2.3\th1:x=\n"
                          "dep\tgolang.org/x/net\tv0.17.0\th1:y=\n" +
                          end;
  std::string bi("\xff Go buildinf:", 14);
  bi += '\x08';
  bi += '\x02';
  bi.resize(32, '\0');
  bi += uvarint(8) + "go1.21.5" + uvarint(mod.size()) + mod;
  return elf + bi;
}

struct Input {
  std::string kind;
  fs::path target;
  std::size_t min_components;
  bool licences;  // every package component carries a licence (the OS component has none)
};

class SbomSchemaPerInput : public ::testing::Test {
 protected:
  void SetUp() override {
    auto shared = shared_dir();
    if (!shared || !fs::exists(*shared / "oracles/schema-validate.py") ||
        !fs::exists("/usr/bin/python3"))
      GTEST_SKIP() << "../shared/oracles/schema-validate.py or /usr/bin/python3 absent: the "
                      "generated SBOMs are not validated";
    shared_ = *shared;
    auto probe = run("/usr/bin/python3 -c 'import jsonschema'");
    if (probe.exit_code != 0) GTEST_SKIP() << "python3-jsonschema absent: schemas not checked";
  }

  // Generates CycloneDX 1.6 and SPDX 2.3 JSON of `in` and validates both.
  void validate(const Input& in) {
    SCOPED_TRACE(in.kind);
    for (const auto& [format, kind] : {std::pair{"cyclonedx-json", "cdx"}, {"spdx-json", "spdx"}}) {
      const fs::path out = tmp_.path() / (in.kind + "." + kind + ".json");
      auto g = run(bulwark("sbom " + shell_quote(in.target) + " -f " + format + " -o " +
                           shell_quote(out) +
                           " --name product --version 1.0 --supplier 'Acme GmbH' "
                           "--contact psirt@acme.example"));
      ASSERT_EQ(g.exit_code, 0) << g.err;
      auto v = run("SCHEMAS=" + shell_quote(shared_ / "schemas") + " /usr/bin/python3 " +
                   shell_quote(shared_ / "oracles/schema-validate.py") + " --kind " + kind + " " +
                   shell_quote(out));
      EXPECT_EQ(v.exit_code, 0) << format << ": " << v.out << v.err;
      ASSERT_FALSE(v.out.empty()) << v.err;
      EXPECT_EQ(json::parse(v.out)["valid"], true) << format << ": " << v.out;
      if (std::string(kind) != "cdx") continue;
      std::ifstream f(out);
      const json doc = json::parse(f);
      EXPECT_GE(doc["components"].size(), in.min_components);
      auto c = run(bulwark("sbom check " + shell_quote(out) + " --format json"));
      ASSERT_EQ(c.exit_code, 0) << c.err;
      const json check = json::parse(c.out);
      // Every package carries an SPDX licence; the operating system component (no licence of
      // its own, never invented) is the only one allowed to fail.
      for (const auto& fld : check["fields"]) {
        if (fld["field"] != "license_spdx" || !in.licences) continue;
        EXPECT_LE(fld["failing_count"].get<int>(), 1) << fld.dump();
        for (const auto& f : fld["failing"])
          EXPECT_NE(f.get<std::string>().find("(os:"), std::string::npos) << fld.dump();
      }
    }
  }

  TempDir tmp_;
  fs::path shared_;
};

TEST_F(SbomSchemaPerInput, DpkgTree) {
  debian_tree(tmp_.path() / "debian");
  validate({"dpkg", tmp_.path() / "debian", 3, false});
  // The alternative and the exceptions as SPDX expressions, in both formats.
  std::ifstream f(tmp_.path() / "dpkg.cdx.json");
  const json doc = json::parse(f);
  std::string libc, os_supplier;
  for (const auto& c : doc["components"]) {
    if (c["name"] == "libc6") libc = c["licenses"][0]["expression"];
    if (c["type"] == "operating-system") os_supplier = c["supplier"].dump();
  }
  EXPECT_EQ(libc,
            "(LGPL-2.1-or-later OR GPL-2.0-or-later) AND GPL-3.0-or-later WITH GCC-exception-3.1 "
            "AND GPL-2.0-or-later AND LicenseRef-OpenSSL-exception");
  EXPECT_EQ(os_supplier, R"({"name":"Debian GNU/Linux","url":["https://www.debian.org/"]})");
}

TEST_F(SbomSchemaPerInput, ApkTree) {
  alpine_tree(tmp_.path() / "alpine");
  validate({"apk", tmp_.path() / "alpine", 2, true});
}

TEST_F(SbomSchemaPerInput, RpmDatabase) {
  const fs::path db = shared_ / "corpora/rpmdb/testdata/cbl-mariner-2.0/rpmdb.sqlite";
  if (!fs::exists(db)) GTEST_SKIP() << db << " absent: no rpm input";
  // The walker reads the database at its installed path; a tar places it there without a
  // second file in the tree.
  const fs::path tar = tmp_.path() / "rpm.tar";
  auto t = run("tar -cf " + shell_quote(tar) + " --transform 's,^,var/lib/rpm/,' -C " +
               shell_quote(db.parent_path()) + " rpmdb.sqlite");
  ASSERT_EQ(t.exit_code, 0) << t.err;
  validate({"rpm", tar, 129, false});
}

TEST_F(SbomSchemaPerInput, NpmLockfile) {
  npm_project(tmp_.path() / "npm");
  validate({"npm", tmp_.path() / "npm", 1, true});
}

TEST_F(SbomSchemaPerInput, GoBinary) {
  write(tmp_.path() / "go/usr/bin/app", go_binary());
  validate({"go", tmp_.path() / "go", 2, false});
}

}  // namespace
}  // namespace bulwark::test
