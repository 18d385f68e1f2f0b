// The SBOM use cases: generate from a lockfile, read bytes or paths, check with a min-score gate,
// diff (bytes and paths alike).
#include "bulwark/service/sbom.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "shared.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path sample(const std::string& name) { return source_dir() / "data/sample/sbom" / name; }

TEST(ServiceSbom, GeneratesFromALockfileAndWritesIt) {
  TempDir tmp;
  const auto dir = tmp.path() / "project";
  fs::create_directories(dir);
  std::ofstream(dir / "requirements.txt") << "requests==2.31.0\nurllib3==2.0.7\n";
  service::GenerateRequest req;
  req.target = dir.string();
  req.inventory.name = "demo";
  req.inventory.version = "1.0.0";
  auto gen = service::generate_sbom(req);
  ASSERT_TRUE(gen) << gen.error().message;
  std::set<std::string> purls;
  for (const auto& c : gen->sbom.components) purls.insert(c.purl);
  EXPECT_TRUE(purls.count("pkg:pypi/requests@2.31.0")) << gen->sbom.components.size();
  EXPECT_TRUE(purls.count("pkg:pypi/urllib3@2.0.7"));
  EXPECT_GE(gen->report.files_read, 1u);

  std::ostringstream out;
  ASSERT_TRUE(sbom::write(gen->sbom, sbom::OutputFormat::kCycloneDxJson, out,
                          service::sbom_write_options("9.9.9", "security@example.org")));
  auto back = service::read_sbom({out.str(), "generated.cdx.json"});
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->components.size(), gen->sbom.components.size());
  EXPECT_NE(out.str().find("security@example.org"), std::string::npos);
}

TEST(ServiceSbom, GenerateNeedsATarget) {
  auto gen = service::generate_sbom({});
  ASSERT_FALSE(gen);
  EXPECT_EQ(gen.error().code, ErrorCode::kUsage);
  EXPECT_EQ(gen.error().message.find("--"), std::string::npos) << gen.error().message;
}

TEST(ServiceSbom, ReadErrorsNameTheInput) {
  auto bad = service::read_sbom({std::string("not an sbom at all"), "upload.json"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("upload.json"), std::string::npos) << bad.error().message;
  auto missing = service::read_sbom({std::nullopt, "/nonexistent/x.cdx.json"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(ServiceSbom, CheckGateIsBelowMinScore) {
  const auto path = sample("sample-product.cdx.json");
  auto plain = service::check_sbom({{std::nullopt, path.string()}, sbom::CheckProfile::kAll, -1});
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_FALSE(plain->below_min_score);
  const int score = plain->report.min_score();
  auto at =
      service::check_sbom({{slurp(path), "upload.cdx.json"}, sbom::CheckProfile::kAll, score});
  ASSERT_TRUE(at) << at.error().message;
  EXPECT_FALSE(at->below_min_score);
  EXPECT_EQ(at->report.min_score(), score);  // bytes check like the file
  if (score < 100) {
    auto above =
        service::check_sbom({{std::nullopt, path.string()}, sbom::CheckProfile::kAll, score + 1});
    ASSERT_TRUE(above);
    EXPECT_TRUE(above->below_min_score);
  }
}

TEST(ServiceSbom, DiffOfBytesEqualsDiffOfPaths) {
  const auto a = sample("sample-product.cdx.json");
  const auto b = sample("sample-product-3.3.0.cdx.json");
  auto paths = service::diff_sboms({std::nullopt, a.string()}, {std::nullopt, b.string()});
  ASSERT_TRUE(paths) << paths.error().message;
  EXPECT_FALSE(paths->empty());
  auto bytes = service::diff_sboms({slurp(a), "old.json"}, {std::nullopt, b.string()});
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(bytes->old_file, "old.json");
  EXPECT_EQ(bytes->added.size(), paths->added.size());
  EXPECT_EQ(bytes->removed.size(), paths->removed.size());
  EXPECT_EQ(bytes->changed.size(), paths->changed.size());
  EXPECT_EQ(bytes->unchanged, paths->unchanged);
}

}  // namespace
}  // namespace bulwark::test
