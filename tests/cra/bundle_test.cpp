#include "bulwark/cra/bundle.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shared.hpp"

namespace bulwark::cra {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<BundleFile> files() {
  return {{"reports/final.md", "# Final report\n"},
          {"checklist.json", "{\"items\": []}\n"},
          {"sbom/acme-2.1.0.cdx.json", std::string(5000, 'x')},
          {"empty.txt", ""}};
}

TEST(CraBundle, Sha256KnownAnswer) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CraBundle, ReproducibleBytes) {
  test::TempDir dir;
  const auto a = dir.path() / "a.zip";
  const auto b = dir.path() / "b.zip";
  ASSERT_TRUE(write_evidence_bundle(a.string(), files()));
  auto reversed = files();
  std::reverse(reversed.begin(), reversed.end());  // input order does not matter
  ASSERT_TRUE(write_evidence_bundle(b.string(), reversed));
  const std::string za = slurp(a), zb = slurp(b);
  ASSERT_GT(za.size(), 5000u);
  EXPECT_EQ(sha256_hex(za), sha256_hex(zb));
  // A different fixed time changes the bytes.
  const auto c = dir.path() / "c.zip";
  ASSERT_TRUE(
      write_evidence_bundle(c.string(), files(), parse_rfc3339("2026-11-29T00:00:00Z").value()));
  EXPECT_NE(sha256_hex(slurp(c)), sha256_hex(za));
}

TEST(CraBundle, BytesDoNotDependOnTimeZone) {
  test::TempDir dir;
  const char* old = std::getenv("TZ");
  const std::string saved = old ? old : "";
  std::vector<std::string> hashes;
  for (const char* tz : {"UTC", "America/New_York", "Asia/Kolkata"}) {
    setenv("TZ", tz, 1);
    tzset();
    const auto zip = dir.path() / (std::string("tz") + std::to_string(hashes.size()) + ".zip");
    ASSERT_TRUE(write_evidence_bundle(zip.string(), files()));
    hashes.push_back(sha256_hex(slurp(zip)));
  }
  if (old)
    setenv("TZ", saved.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
  EXPECT_EQ(hashes[0], hashes[1]);
  EXPECT_EQ(hashes[0], hashes[2]);
}

TEST(CraBundle, UnzipListsSortedEntriesAndManifestHashesMatch) {
  if (test::run("command -v unzip").exit_code != 0) GTEST_SKIP() << "unzip not installed";
  test::TempDir dir;
  const auto zip = dir.path() / "bundle.zip";
  ASSERT_TRUE(write_evidence_bundle(zip.string(), files()));
  const auto list = test::run("unzip -Z1 " + test::shell_quote(zip));
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(
      list.out,
      "checklist.json\nempty.txt\nmanifest.json\nreports/final.md\nsbom/acme-2.1.0.cdx.json\n");
  const auto l = test::run("TZ=UTC unzip -l " + test::shell_quote(zip));
  EXPECT_NE(l.out.find("1980-01-02"), std::string::npos) << l.out;
  const auto manifest_text = test::run("unzip -p " + test::shell_quote(zip) + " manifest.json");
  ASSERT_EQ(manifest_text.exit_code, 0);
  EXPECT_EQ(manifest_text.out, bundle_manifest(files()));
  const auto m = nlohmann::json::parse(manifest_text.out);
  ASSERT_EQ(m["files"].size(), 4u);
  std::size_t checked = 0;
  for (const auto& f : m["files"]) {
    const std::string name = f["name"];
    const auto content =
        test::run("unzip -p " + test::shell_quote(zip) + " " + test::shell_quote(name));
    ASSERT_EQ(content.exit_code, 0) << name;
    EXPECT_EQ(f["sha256"], sha256_hex(content.out)) << name;
    EXPECT_EQ(f["size"], content.out.size()) << name;
    ++checked;
  }
  EXPECT_EQ(checked, 4u);
  EXPECT_EQ(m["files"][0]["name"], "checklist.json");
  EXPECT_EQ(m["files"][1]["sha256"], sha256_hex(""));
}

TEST(CraBundle, RejectsBadNames) {
  test::TempDir dir;
  const std::string zip = (dir.path() / "x.zip").string();
  for (const char* bad : {"", "/etc/passwd", "a/../b", "manifest.json", "a//b", "./a"}) {
    auto r = write_evidence_bundle(zip, {{bad, "x"}});
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput) << bad;
  }
  auto dup = write_evidence_bundle(zip, {{"a", "1"}, {"a", "2"}});
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("listed twice"), std::string::npos);
  auto io = write_evidence_bundle((dir.path() / "missing" / "x.zip").string(), {{"a", "1"}});
  ASSERT_FALSE(io);
  EXPECT_EQ(io.error().code, ErrorCode::kIo);
  EXPECT_NE(io.error().message.find("x.zip"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::cra
