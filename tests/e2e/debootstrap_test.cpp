// End to end: a real Debian 12 (bookworm) minbase root filesystem, built once with debootstrap and
// cached, is inventoried as a directory and as a tar.gz; the dpkg components must be exactly the
// packages dpkg-query reports as installed, and every one carries the digests of its status file.
//
// Cache: $BULWARK_CACHE_DIR, else $XDG_CACHE_HOME/bulwark, else ~/.cache/bulwark; under it
// debootstrap/bookworm-minbase (the tree) and debootstrap/bookworm-minbase.tar.gz. Both are built
// in a temporary directory beside them and renamed into place, under an flock on
// debootstrap/.lock, so concurrent runs neither collide nor see half-built trees
// (bench/inventory.sh uses the same paths and commands). The mirror is read from the machine's apt
// configuration at run time. Skips (with the reason) without root, without debootstrap, or when
// debootstrap fails.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/walker.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;

namespace {

using bulwark::test::run;
using bulwark::test::shell_quote;

constexpr const char* kSuite = "bookworm";
constexpr const char* kTreeName = "bookworm-minbase";

// --- apt configuration: the Debian mirror ---------------------------------------------------

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// One-line format: "deb [options] URI suite components...".
std::optional<std::string> mirror_from_list(const fs::path& file) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    auto words = words_of(line.substr(0, line.find('#')));
    if (words.empty() || words[0] != "deb") continue;
    std::size_t i = 1;
    if (i < words.size() && words[i].starts_with('[')) {
      while (i < words.size() && !words[i].ends_with(']')) ++i;
      ++i;
    }
    if (i + 1 < words.size() && words[i + 1] == kSuite) return words[i];
  }
  return std::nullopt;
}

bool has_word(const std::string& value, std::string_view word) {
  auto words = words_of(value);
  return std::find(words.begin(), words.end(), word) != words.end();
}

// deb822 format: a paragraph with Types: deb, Suites: ... bookworm ..., URIs: first one.
std::optional<std::string> mirror_from_sources(const fs::path& file) {
  std::ifstream in(file);
  std::map<std::string, std::string> fields;
  std::string last;
  auto pick = [&]() -> std::optional<std::string> {
    bool ok = has_word(fields["types"], "deb") && has_word(fields["suites"], kSuite) &&
              bulwark::to_lower(bulwark::trim(fields["enabled"])) != "no";
    auto uris = words_of(fields["uris"]);
    fields.clear();
    if (ok && !uris.empty()) return uris.front();
    return std::nullopt;
  };
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with('#')) continue;
    if (bulwark::trim(line).empty()) {
      if (auto m = pick()) return m;
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      fields[last] += " " + line;
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    last = bulwark::to_lower(bulwark::trim(line.substr(0, colon)));
    fields[last] = std::string(bulwark::trim(line.substr(colon + 1)));
  }
  return pick();
}

std::optional<std::string> apt_mirror() {
  const fs::path apt("/etc/apt");
  if (auto m = mirror_from_list(apt / "sources.list")) return m;
  std::vector<fs::path> parts;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(apt / "sources.list.d", ec))
    parts.push_back(e.path());
  std::sort(parts.begin(), parts.end());
  for (const auto& p : parts) {
    auto m = p.extension() == ".sources" ? mirror_from_sources(p)
             : p.extension() == ".list"  ? mirror_from_list(p)
                                         : std::nullopt;
    if (m) return m;
  }
  return std::nullopt;
}

// --- the cache ------------------------------------------------------------------------------

fs::path cache_root() {
  if (const char* d = std::getenv("BULWARK_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "bulwark";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".cache" / "bulwark";
}

// An exclusive flock held for the object's lifetime.
class FileLock {
 public:
  explicit FileLock(const fs::path& file)
      : fd_(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool held() const { return fd_ >= 0; }

 private:
  int fd_;
};

// A scratch directory beside the cached artefacts (same filesystem, so rename is atomic).
std::optional<fs::path> scratch_dir(const fs::path& base) {
  std::string tmpl = (base / "tmp.XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return std::nullopt;
  return fs::path(tmpl);
}

// True when something (debootstrap's proc/sys) is still mounted under `dir`.
bool has_mounts_under(const fs::path& dir) {
  std::ifstream in("/proc/self/mounts");
  const std::string prefix = dir.string() + "/";
  for (std::string line; std::getline(in, line);) {
    auto w = words_of(line);
    if (w.size() > 1 && w[1].starts_with(prefix)) return true;
  }
  return false;
}

void remove_scratch(const fs::path& dir) {
  std::error_code ec;
  if (!has_mounts_under(dir)) fs::remove_all(dir, ec);
}

std::string tail_lines(const std::string& text, std::size_t n) {
  std::size_t at = text.size();
  while (at > 0 && (text[at - 1] == '\n' || text[at - 1] == ' ')) --at;
  std::size_t end = at;
  for (std::size_t lines = 0; at > 0 && lines < n; --at)
    if (text[at - 1] == '\n') ++lines;
  return text.substr(at, end - at);
}

struct Artefacts {
  fs::path tree;
  fs::path tarball;
  std::string skip_reason;  // non-empty: not available
};

// Runs `command_head SCRATCH/leaf command_tail` in a fresh scratch dir and renames SCRATCH/leaf to
// `final_path`. Returns an error text (with the command's last output lines) on failure.
std::string build_into(const fs::path& base, const std::string& what, const fs::path& final_path,
                       const std::string& leaf, const std::string& command_head,
                       const std::string& command_tail) {
  auto scratch = scratch_dir(base);
  if (!scratch) return "cannot create a scratch directory in " + base.string();
  const fs::path out = *scratch / leaf;
  auto r = run(command_head + " " + shell_quote(out) + command_tail);
  std::string err;
  if (r.exit_code != 0) {
    err = what + " failed (exit " + std::to_string(r.exit_code) + "); last lines:\n" +
          tail_lines(r.out + "\n" + r.err, 12);
  } else {
    std::error_code ec;
    fs::rename(out, final_path, ec);
    if (ec)
      err = "cannot rename " + out.string() + " to " + final_path.string() + ": " + ec.message();
  }
  remove_scratch(*scratch);
  return err;
}

std::string build_tree(const fs::path& base, const fs::path& tree) {
  if (::geteuid() != 0)
    return "debootstrap needs root (this test runs as uid " + std::to_string(::geteuid()) + ")";
  if (run("command -v debootstrap").exit_code != 0) return "debootstrap is not installed";
  auto mirror = apt_mirror();
  if (!mirror)
    return std::string("no Debian mirror for ") + kSuite + " found in /etc/apt/sources.list(.d)";
  return build_into(base, "debootstrap", tree, "root",
                    std::string("debootstrap --variant=minbase ") + kSuite,
                    " " + shell_quote(*mirror));
}

std::string build_tarball(const fs::path& base, const fs::path& tree, const fs::path& tarball) {
  return build_into(base, "tar", tarball, "tree.tar.gz",
                    "tar --numeric-owner -C " + shell_quote(tree) + " -czf", " .");
}

Artefacts make_artefacts() {
  Artefacts a;
  const fs::path base = cache_root() / "debootstrap";
  a.tree = base / kTreeName;
  a.tarball = base / (std::string(kTreeName) + ".tar.gz");
  std::error_code ec;
  fs::create_directories(base, ec);
  FileLock lock(base / ".lock");
  if (!lock.held()) {
    a.skip_reason = "cannot lock " + (base / ".lock").string();
    return a;
  }
  if (!fs::is_directory(a.tree / "var/lib/dpkg")) {
    a.skip_reason = build_tree(base, a.tree);
    fs::remove(a.tarball, ec);  // made from an earlier tree
  }
  if (a.skip_reason.empty() && !fs::is_regular_file(a.tarball))
    a.skip_reason = build_tarball(base, a.tree, a.tarball);
  return a;
}

// --- what is compared -----------------------------------------------------------------------

using Package = std::tuple<std::string, std::string, std::string>;  // name, version, arch

std::string qualifier(const std::string& purl, std::string_view key) {
  auto q = purl.find('?');
  if (q == std::string::npos) return {};
  auto query = std::string_view(purl).substr(q + 1);
  query = query.substr(0, query.find('#'));
  for (auto kv : bulwark::split(query, '&')) {
    auto eq = kv.find('=');
    if (eq != std::string_view::npos && kv.substr(0, eq) == key) {
      auto v = bulwark::percent_decode(kv.substr(eq + 1));
      return v ? *v : std::string(kv.substr(eq + 1));
    }
  }
  return {};
}

std::string property(const bulwark::Component& c, std::string_view key) {
  for (const auto& [k, v] : c.properties)
    if (k == key) return v;
  return {};
}

// The components of the dpkg extractor. (Other extractors may also write pkg:deb purls, e.g.
// binary/elfpackagenote reads systemd's ELF package note from libudev.so.1: source package
// systemd.)
std::vector<const bulwark::Component*> deb_components(const bulwark::Sbom& sbom) {
  std::vector<const bulwark::Component*> out;
  for (const auto& c : sbom.components)
    if (c.purl.starts_with("pkg:deb/") && property(c, "bulwark:extractor") == "os/dpkg")
      out.push_back(&c);
  return out;
}

std::set<Package> deb_set(const bulwark::Sbom& sbom) {
  std::set<Package> out;
  for (const auto* c : deb_components(sbom))
    out.emplace(c->name, c->version, qualifier(c->purl, "arch"));
  return out;
}

// Installed packages ("ii") according to dpkg itself.
std::set<Package> dpkg_query_set(const fs::path& tree, std::string* error) {
  auto r = run("dpkg-query --admindir=" + shell_quote(tree / "var/lib/dpkg") +
               " -W -f '${Package} ${Version} ${Architecture} ${db:Status-Abbrev}\\n'");
  std::set<Package> out;
  if (r.exit_code != 0) {
    *error = "dpkg-query failed (exit " + std::to_string(r.exit_code) + "): " + r.err;
    return out;
  }
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    auto w = words_of(line);
    if (w.size() == 4 && w[3] == "ii") out.emplace(w[0], w[1], w[2]);
  }
  return out;
}

std::string describe(const std::set<Package>& only) {
  std::string s;
  for (const auto& [n, v, a] : only) s += " " + n + "=" + v + ":" + a;
  return s;
}

std::set<Package> minus(const std::set<Package>& a, const std::set<Package>& b) {
  std::set<Package> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

// --- fixture: artefacts and inventories are made once per process ---------------------------

class Debootstrap : public ::testing::Test {
 protected:
  static const Artefacts& artefacts() {
    static const Artefacts a = make_artefacts();
    return a;
  }
  static const bulwark::Result<bulwark::Sbom>& dir_sbom() {
    static const auto s = bulwark::extract::inventory(artefacts().tree.string(), {});
    return s;
  }
  static const bulwark::Result<bulwark::Sbom>& tar_sbom() {
    static const auto s = bulwark::extract::inventory(artefacts().tarball.string(), {});
    return s;
  }
  void SetUp() override {
    if (!artefacts().skip_reason.empty())
      GTEST_SKIP() << "debootstrap tree not available: " << artefacts().skip_reason;
  }
};

TEST_F(Debootstrap, DirectoryDpkgComponentsEqualDpkgQuery) {
  const auto& sbom = dir_sbom();
  ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
  std::string error;
  const auto expected = dpkg_query_set(artefacts().tree, &error);
  ASSERT_TRUE(error.empty()) << error;
  const auto got = deb_set(*sbom);
  EXPECT_EQ(deb_components(*sbom).size(), got.size())
      << "duplicate (name, version, arch) among deb components";
  EXPECT_GT(expected.size(), 80u);
  EXPECT_EQ(got, expected) << "only in bulwark:" << describe(minus(got, expected))
                           << "\nonly in dpkg-query:" << describe(minus(expected, got));
  RecordProperty("dpkg_packages", static_cast<int>(expected.size()));
  std::printf(
      "[ summary  ] %zu installed packages (dpkg-query), %zu deb components, %zu components in "
      "all\n",
      expected.size(), got.size(), sbom->components.size());
}

TEST_F(Debootstrap, TarGzDpkgComponentsEqualDirectory) {
  const auto& dir = dir_sbom();
  const auto& tar = tar_sbom();
  ASSERT_TRUE(dir.has_value()) << dir.error().message;
  ASSERT_TRUE(tar.has_value()) << tar.error().message;
  const auto from_dir = deb_set(*dir);
  const auto from_tar = deb_set(*tar);
  EXPECT_GT(from_tar.size(), 80u);
  EXPECT_EQ(from_tar, from_dir) << "only in tar.gz:" << describe(minus(from_tar, from_dir))
                                << "\nonly in directory:" << describe(minus(from_dir, from_tar));
  RecordProperty("tar_deb_components", static_cast<int>(from_tar.size()));
}

// The walker records the SHA-256 and SHA-512 of the file that delivered a component as the
// properties bulwark:file-sha256 / bulwark:file-sha512; for dpkg that is var/lib/dpkg/status.
TEST_F(Debootstrap, DpkgComponentsCarryDigestsOfTheirStatusFile) {
  const auto& dir = dir_sbom();
  const auto& tar = tar_sbom();
  ASSERT_TRUE(dir.has_value()) << dir.error().message;
  ASSERT_TRUE(tar.has_value()) << tar.error().message;
  const auto expected =
      bulwark::extract::digest_file((artefacts().tree / "var/lib/dpkg/status").string());
  ASSERT_TRUE(expected.has_value()) << expected.error().message;
  ASSERT_EQ(expected->sha256.size(), 64u);
  ASSERT_EQ(expected->sha512.size(), 128u);
  std::size_t checked = 0;
  for (const auto* sbom : {&*dir, &*tar}) {
    for (const auto* c : deb_components(*sbom)) {
      EXPECT_EQ(c->location, "var/lib/dpkg/status") << c->purl;
      EXPECT_EQ(property(*c, "bulwark:file-sha256"), expected->sha256) << c->purl;
      EXPECT_EQ(property(*c, "bulwark:file-sha512"), expected->sha512) << c->purl;
      ++checked;
    }
  }
  EXPECT_GT(checked, 160u);
  RecordProperty("components_with_digests", static_cast<int>(checked));
}

// Every component an extractor delivered (not only dpkg's) carries the digests of its file.
TEST_F(Debootstrap, EveryExtractedComponentCarriesDigestsOfItsFile) {
  const auto& dir = dir_sbom();
  ASSERT_TRUE(dir.has_value()) << dir.error().message;
  std::size_t checked = 0;
  for (const auto& c : dir->components) {
    if (property(c, "bulwark:extractor").empty()) continue;  // e.g. the operating-system component
    auto expected = bulwark::extract::digest_file((artefacts().tree / c.location).string());
    ASSERT_TRUE(expected.has_value()) << c.bom_ref << ": " << expected.error().message;
    EXPECT_EQ(property(c, "bulwark:file-sha256"), expected->sha256)
        << c.bom_ref << " from " << c.location;
    EXPECT_EQ(property(c, "bulwark:file-sha512"), expected->sha512)
        << c.bom_ref << " from " << c.location;
    ++checked;
  }
  EXPECT_GT(checked, 80u);
  std::printf("[ summary  ] %zu of %zu components carry file digests, all checked\n", checked,
              dir->components.size());
}

// Licences: the machine-readable copyright files are declared licences; the free-form ones
// (base-files, gcc-12-base, ...) go through the licence text fingerprints, marked as such, and
// never on a machine-readable file.
TEST_F(Debootstrap, FreeFormCopyrightFilesAreFingerprintedAndMarked) {
  const auto& dir = dir_sbom();
  ASSERT_TRUE(dir.has_value()) << dir.error().message;
  std::size_t debs = 0, licensed = 0, fingerprinted = 0;
  for (const auto* c : deb_components(*dir)) {
    ++debs;
    if (c->licenses.empty()) continue;
    ++licensed;
    const std::string evidence = property(*c, "bulwark:license-evidence");
    if (!evidence.starts_with("fingerprint: ")) continue;
    ++fingerprinted;
    std::ifstream in(artefacts().tree / evidence.substr(13));
    std::string first;
    ASSERT_TRUE(std::getline(in, first)) << c->name << ": " << evidence;
    EXPECT_FALSE(first.starts_with("Format:")) << c->name << ": " << evidence << " is DEP-5";
  }
  const bulwark::Component* base = nullptr;
  for (const auto* c : deb_components(*dir))
    if (c->name == "base-files") base = c;
  ASSERT_TRUE(base);
  EXPECT_EQ(base->licenses, (std::vector<std::string>{"GPL-2.0-or-later"}));
  EXPECT_EQ(property(*base, "bulwark:license-evidence"),
            "fingerprint: usr/share/doc/base-files/copyright");
  EXPECT_GT(fingerprinted, 0u);
  std::printf(
      "[ summary  ] %zu of %zu deb components with a licence, %zu of them from the "
      "licence text fingerprints\n",
      licensed, debs, fingerprinted);
}

}  // namespace
