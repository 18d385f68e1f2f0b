// Container images as inventory targets: docker save tarballs (legacy and OCI-shaped) and OCI
// image layouts (directory and tar), built here with libarchive. The layers are applied with
// whiteouts: a dpkg status replaced in the upper layer is read from there only, a lockfile
// deleted (.wh.) or hidden by an opaque directory (.wh..wh..opq) is not inventoried. Hostile
// images (traversal in a layer, malformed digests) fail naming the entry.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/extract/walker.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::Component;
using bulwark::Sbom;
using bulwark::extract::inventory;
using bulwark::extract::InventoryOptions;
using bulwark::extract::InventoryReport;
using bulwark::extract::sha256_hex;

namespace {

using Files =
    std::vector<std::pair<std::string, std::string>>;  // name -> content ("" + dir/ = directory)

// A tar (optionally gzip) in memory.
std::string make_tar(const Files& files, bool gzip) {
  std::string out(std::size_t{4} << 20, '\0');
  std::size_t used = 0;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (gzip) {
    archive_write_add_filter_gzip(a);
    archive_write_set_options(a, "gzip:!timestamp");  // reproducible: layer digests are compared
  }
  archive_write_set_bytes_in_last_block(a, 1);
  EXPECT_EQ(archive_write_open_memory(a, out.data(), out.size(), &used), ARCHIVE_OK);
  for (const auto& [name, data] : files) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    bool dir = name.ends_with("/");
    archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e, dir ? 0755 : 0644);
    archive_entry_set_size(e, dir ? 0 : static_cast<la_int64_t>(data.size()));
    EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    if (!dir && !data.empty()) archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  out.resize(used);
  return out;
}

void write_bytes(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

std::string dpkg_status(const std::vector<std::pair<std::string, std::string>>& pkgs) {
  std::string s;
  for (const auto& [name, version] : pkgs)
    s += "Package: " + name +
         "\nStatus: install ok installed\nArchitecture: amd64\nVersion: " + version + "\n\n";
  return s;
}

std::string npm_lock(const std::string& dep, const std::string& version) {
  return R"({"name":"app","version":"1.0.0","lockfileVersion":3,"packages":{"":{"name":"app","version":"1.0.0"},)"
         R"("node_modules/)" +
         dep + R"(":{"version":")" + version + R"("}}})";
}

const std::string kOsRelease =
    "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";

// Base: os-release, dpkg status (a 1.0, b 2.0) and two lockfiles. Upper: replaces the status
// (a 1.1, c 3.0), deletes srv/app/package-lock.json and makes srv/old opaque.
std::string base_layer(bool gzip) {
  return make_tar({{"etc/", ""},
                   {"etc/os-release", kOsRelease},
                   {"var/lib/dpkg/status", dpkg_status({{"a", "1.0"}, {"b", "2.0"}})},
                   {"srv/app/package-lock.json", npm_lock("left-pad", "1.3.0")},
                   {"srv/old/package-lock.json", npm_lock("lodash", "4.17.20")}},
                  gzip);
}
std::string upper_layer(bool gzip) {
  return make_tar({{"var/lib/dpkg/status", dpkg_status({{"a", "1.1"}, {"c", "3.0"}})},
                   {"srv/app/.wh.package-lock.json", ""},
                   {"srv/old/.wh..wh..opq", ""},
                   {"srv/new/package-lock.json", npm_lock("is-odd", "3.0.1")}},
                  gzip);
}

// "name version" of every component but the operating system, sorted.
std::vector<std::string> packages(const Sbom& s) {
  std::vector<std::string> out;
  for (const auto& c : s.components)
    if (c.type != "operating-system") out.push_back(c.name + " " + c.version);
  std::sort(out.begin(), out.end());
  return out;
}

std::string property(const Component& c, const std::string& key) {
  for (const auto& [k, v] : c.properties)
    if (k == key) return v;
  return {};
}

const std::vector<std::string> kExpected = {"a 1.1", "c 3.0", "is-odd 3.0.1"};

std::string blob_name(const std::string& data) { return "blobs/sha256/" + sha256_hex(data); }

// An OCI layout (as files): returns the manifest digest.
std::string make_oci(Files& out, bool with_docker_manifest) {
  std::string l1 = base_layer(true), l2 = upper_layer(true);
  std::string config =
      R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}})";
  std::string manifest =
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:)" +
      sha256_hex(config) + R"(","size":1},"layers":[)" +
      R"({"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:)" +
      sha256_hex(l1) +
      R"(","size":1},{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:)" +
      sha256_hex(l2) + R"(","size":1}]})";
  std::string index =
      R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:)" +
      sha256_hex(manifest) +
      R"(","size":1,"annotations":{"org.opencontainers.image.ref.name":"example.org/team/app:2.0"}}]})";
  out = {{"oci-layout", R"({"imageLayoutVersion":"1.0.0"})"},
         {"index.json", index},
         {"blobs/", ""},
         {"blobs/sha256/", ""},
         {blob_name(l1), l1},
         {blob_name(l2), l2},
         {blob_name(config), config},
         {blob_name(manifest), manifest}};
  if (with_docker_manifest)
    out.push_back({"manifest.json", R"([{"Config":")" + blob_name(config) +
                                        R"(","RepoTags":["other/name:9"],"Layers":[")" +
                                        blob_name(l1) + R"(",")" + blob_name(l2) + R"("]}])"});
  return "sha256:" + sha256_hex(manifest);
}

class ImageTest : public ::testing::Test {
 protected:
  bulwark::test::TempDir tmp;
  InventoryOptions options;
  InventoryReport report;
};

TEST_F(ImageTest, LegacyDockerSaveAppliesLayersWithWhiteouts) {
  const std::string id1(64, '1'), id2(64, '2'), cfg(64, 'c');
  std::string config = R"({"rootfs":{"type":"layers","diff_ids":["sha256:)" + std::string(64, 'a') +
                       R"(","sha256:)" + std::string(64, 'b') + R"("]}})";
  Files outer = {{id1 + "/", ""},
                 {id1 + "/layer.tar", base_layer(false)},
                 {id2 + "/", ""},
                 {id2 + "/layer.tar", upper_layer(true)},
                 {cfg + ".json", config},
                 {"manifest.json", R"([{"Config":")" + cfg +
                                       R"(.json","RepoTags":["example/app:1.0"],"Layers":[")" +
                                       id1 + R"(/layer.tar",")" + id2 + R"(/layer.tar"]}])"},
                 {"repositories", "{}"}};
  write_bytes(tmp.path() / "image.bin", make_tar(outer, false));  // the name says nothing
  auto sbom = inventory((tmp.path() / "image.bin").string(), options, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  EXPECT_EQ(packages(*sbom), kExpected);
  ASSERT_TRUE(sbom->subject);
  EXPECT_EQ(sbom->subject->name, "example/app");
  EXPECT_EQ(sbom->subject->version, "1.0");
  EXPECT_EQ(sbom->subject->type, "container");
  EXPECT_EQ(property(*sbom->subject, "bulwark:image:config-digest"), "sha256:" + cfg);
  ASSERT_TRUE(report.os);
  EXPECT_EQ(report.os->id, "debian");
  for (const auto& c : sbom->components) {
    if (c.type == "operating-system") continue;
    SCOPED_TRACE(c.name);
    EXPECT_EQ(property(c, "bulwark:layer"),
              "sha256:" + std::string(64, 'b'));  // all from the upper layer
    EXPECT_EQ(property(c, "bulwark:file-sha256").size(), 64u);
  }
  EXPECT_EQ(report.hidden_by_layers,
            3u);  // old status, deleted lockfile, lockfile under the opaque dir
}

TEST_F(ImageTest, OciLayoutDirectoryAndTarGiveTheSameInventory) {
  Files files;
  const std::string digest = make_oci(files, false);
  for (const auto& [name, data] : files)
    if (!name.ends_with("/")) write_bytes(tmp.path() / "layout" / name, data);
  write_bytes(tmp.path() / "layout.tar", make_tar(files, false));
  for (const char* target : {"layout", "layout.tar"}) {
    SCOPED_TRACE(target);
    auto sbom = inventory((tmp.path() / target).string(), options, &report);
    ASSERT_TRUE(sbom) << sbom.error().message;
    EXPECT_EQ(packages(*sbom), kExpected);
    EXPECT_EQ(sbom->subject->name, "example.org/team/app");
    EXPECT_EQ(sbom->subject->version, "2.0");
    EXPECT_EQ(property(*sbom->subject, "bulwark:image:manifest-digest"), digest);
    EXPECT_EQ(property(*sbom->subject, "bulwark:image:layers"), "2");
    for (const auto& c : sbom->components)
      if (c.name == "is-odd")
        EXPECT_EQ(property(c, "bulwark:layer"), "sha256:" + sha256_hex(upper_layer(true)));
  }
}

TEST_F(ImageTest, NewerDockerSaveIsReadAsOciWithRepoTagsWhenNoAnnotationName) {
  Files files;
  make_oci(files, true);
  for (auto& [name, data] : files)
    if (name == "index.json") {
      auto at = data.find(",\"annotations\"");
      data = data.substr(0, at) + "}]}";
    }
  write_bytes(tmp.path() / "saved.tar", make_tar(files, false));
  auto sbom = inventory((tmp.path() / "saved.tar").string(), options, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  EXPECT_EQ(packages(*sbom), kExpected);
  EXPECT_EQ(sbom->subject->name, "other/name");
  EXPECT_EQ(sbom->subject->version, "9");
}

TEST_F(ImageTest, RootfsTarWithAManifestJsonIsNotAnImage) {
  write_bytes(tmp.path() / "rootfs.tar",
              make_tar({{"etc/os-release", kOsRelease},
                        {"manifest.json", "[]"},
                        {"var/lib/dpkg/status", dpkg_status({{"a", "1.0"}})}},
                       false));
  auto sbom = inventory((tmp.path() / "rootfs.tar").string(), options, &report);
  ASSERT_TRUE(sbom) << sbom.error().message;
  EXPECT_EQ(packages(*sbom), std::vector<std::string>{"a 1.0"});
  EXPECT_EQ(sbom->subject->type, "application");
}

TEST_F(ImageTest, HostileImagesFailNamingTheEntry) {
  const std::string id(64, '1');
  auto docker = [&](const std::string& layer_name, const std::string& layer) {
    return make_tar(
        {{layer_name, layer},
         {"manifest.json", R"([{"Config":"","RepoTags":[],"Layers":[")" + layer_name + R"("]}])"}},
        false);
  };
  write_bytes(tmp.path() / "dotdot.tar",
              docker(id + "/layer.tar", make_tar({{"x/../../etc/passwd", "root"}}, false)));
  auto r = inventory((tmp.path() / "dotdot.tar").string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, (tmp.path() / "dotdot.tar").string() + ": layer " + id +
                                   "/layer.tar: 'x/../../etc/passwd': '..' segment in archive path "
                                   "(refusing a hostile archive)");
  Files files;
  make_oci(files, false);
  for (auto& [name, data] : files)
    if (name == "index.json") data = R"({"manifests":[{"digest":"sha256:../../../etc/passwd"}]})";
  write_bytes(tmp.path() / "digest.tar", make_tar(files, false));
  r = inventory((tmp.path() / "digest.tar").string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, (tmp.path() / "digest.tar").string() +
                                   ": index.json: malformed digest 'sha256:../../../etc/passwd'");
  options.max_file_size = 100;  // the status file in the upper layer is over it
  write_bytes(tmp.path() / "big.tar", docker(id + "/layer.tar", base_layer(true)));
  r = inventory((tmp.path() / "big.tar").string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("read limit of 100 bytes (refusing a hostile archive)"),
            std::string::npos)
      << r.error().message;
}

TEST_F(ImageTest, ManifestDigestMismatchFails) {
  Files files;
  make_oci(files, false);
  for (auto& [name, data] : files)
    if (name.starts_with("blobs/sha256/") && data.find("\"layers\"") != std::string::npos)
      data += " ";
  write_bytes(tmp.path() / "tampered.tar", make_tar(files, false));
  auto r = inventory((tmp.path() / "tampered.tar").string(), options, &report);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("content does not match its digest sha256:"), std::string::npos)
      << r.error().message;
}

}  // namespace
