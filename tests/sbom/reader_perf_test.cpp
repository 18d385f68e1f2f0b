// Throughput check of the CycloneDX JSON reader on a generated 300,000-component document
// (~100 MB). Disabled by default (slow under sanitizers); run it on a Release build with
//   test_sbom --gtest_also_run_disabled_tests --gtest_filter='*Perf*'
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "bulwark/sbom/reader.hpp"

namespace {

std::string generate_cyclonedx(std::size_t n) {
  std::string doc =
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,)"
      R"("metadata":{"component":{"type":"application","name":"big-app","bom-ref":"big-app"}},)"
      R"("components":[)";
  doc.reserve(n * 400);
  const std::string hash(128, 'a');
  for (std::size_t i = 0; i < n; ++i) {
    const std::string name = "package-" + std::to_string(i);
    const std::string version =
        std::to_string(i % 7) + "." + std::to_string(i % 13) + "." + std::to_string(i % 101);
    const std::string ref = "pkg:npm/" + name + "@" + version;
    if (i > 0) doc += ',';
    doc += R"({"type":"library","bom-ref":")" + ref + R"(","name":")" + name + R"(","version":")" +
           version + R"(","purl":")" + ref +
           R"(","licenses":[{"license":{"id":"MIT"}}],"hashes":[{"alg":"SHA-512","content":")" +
           hash + R"("}],"properties":[{"name":"cdx:npm:package:path","value":"node_modules/)" +
           name + R"("}]})";
  }
  doc += R"(],"dependencies":[)";
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) doc += ',';
    const std::size_t j = (i * 7 + 1) % n;
    doc += R"({"ref":"pkg:npm/package-)" + std::to_string(i) + "@" + std::to_string(i % 7) + "." +
           std::to_string(i % 13) + "." + std::to_string(i % 101) +
           R"(","dependsOn":["pkg:npm/package-)" + std::to_string(j) + "@" + std::to_string(j % 7) +
           "." + std::to_string(j % 13) + "." + std::to_string(j % 101) + R"("]})";
  }
  doc += "]}";
  return doc;
}

}  // namespace

TEST(SbomReaderPerf, DISABLED_CycloneDxJson300kComponents) {
  const std::string doc = generate_cyclonedx(300000);
  const auto start = std::chrono::steady_clock::now();
  auto sbom = bulwark::sbom::read(doc, "generated.json");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
  EXPECT_EQ(sbom->components.size(), 300000u);
  EXPECT_EQ(sbom->dependencies.size(), 300000u);
  std::printf("[ perf     ] %.1f MB, 300000 components read in %.3f s\n",
              static_cast<double>(doc.size()) / 1e6, seconds);
  RecordProperty("seconds_x1000", static_cast<int>(seconds * 1000));
}
