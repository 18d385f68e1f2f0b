// The sbom command family through the built CLI: generation (bulwark sbom DIR, sbom generate,
// every -f format), check (table / JSON, --profile, --min-score exit codes, unreadable input),
// diff and convert, and --help.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "shared.hpp"

namespace bulwark::test {
namespace {

using nlohmann::json;

class SbomCli : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = tmp_.path() / "project";
    std::filesystem::create_directories(project_);
    std::ofstream(project_ / "package-lock.json") << R"({
  "name": "demo", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
  "packages": {
    "": {"name": "demo", "version": "1.0.0", "dependencies": {"lodash": "^4.17.0"}},
    "node_modules/lodash": {"version": "4.17.20", "license": "MIT"},
    "node_modules/minimist": {"version": "1.2.6", "dev": true, "license": "MIT"}
  }
})";
  }
  static std::string bulwark(const std::string& args) {
    return "SOURCE_DATE_EPOCH=1767225600 '" + cli_path() + "' " + args;
  }
  static std::string q(const std::filesystem::path& p) { return shell_quote(p); }
  std::filesystem::path file(const std::string& name) const { return tmp_.path() / name; }

  TempDir tmp_;
  std::filesystem::path project_;
};

TEST_F(SbomCli, GenerationFromADirectoryStillWorks) {
  auto r = run(bulwark("sbom " + q(project_) + " --name demo --version 1.0.0"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = json::parse(r.out);
  EXPECT_EQ(doc["bomFormat"], "CycloneDX");
  EXPECT_EQ(doc["metadata"]["timestamp"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(doc["components"].size(), 2u);
  EXPECT_NE(r.err.find("2 components"), std::string::npos) << r.err;
  auto g = run(bulwark("sbom generate " + q(project_) + " --name demo --version 1.0.0"));
  ASSERT_EQ(g.exit_code, 0) << g.err;
  EXPECT_EQ(json::parse(g.out)["components"].size(), 2u);
}

TEST_F(SbomCli, GenerationInEveryFormat) {
  struct Want {
    const char* format;
    const char* starts;
  };
  for (const Want& w :
       {Want{"cyclonedx-json", "{"}, Want{"cyclonedx-xml", "<?xml"}, Want{"spdx-json", "{"},
        Want{"spdx-tv", "SPDXVersion: SPDX-2.3"}, Want{"spdx3-json", "{"}}) {
    auto out = file(std::string("out.") + w.format);
    auto r = run(bulwark("sbom " + q(project_) + " -f " + w.format + " -o " + q(out)));
    ASSERT_EQ(r.exit_code, 0) << w.format << ": " << r.err;
    std::ifstream in(out);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_TRUE(text.starts_with(w.starts)) << w.format << ": " << text.substr(0, 60);
    if (std::string(w.format) == "spdx3-json")
      EXPECT_EQ(json::parse(text)["@context"], "https://spdx.org/rdf/3.0.1/spdx-context.jsonld");
  }
  auto bad = run(bulwark("sbom " + q(project_) + " -f spdx-yaml"));
  EXPECT_EQ(bad.exit_code, 2);
}

TEST_F(SbomCli, CheckTableJsonAndGates) {
  auto sbom = file("demo.cdx.json");
  ASSERT_EQ(
      run(bulwark("sbom " + q(project_) +
                  " --name demo --version 1.0.0 --supplier Acme --contact psirt@acme.example -o " +
                  q(sbom)))
          .exit_code,
      0);
  auto t = run(bulwark("sbom check " + q(sbom)));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("score bsi: "), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("fix: hash the delivered file: SHA-512"), std::string::npos) << t.out;
  auto j = run(bulwark("sbom check --format json --profile ntia " + q(sbom)));
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto doc = json::parse(j.out);
  EXPECT_EQ(doc["components"], 2);
  ASSERT_TRUE(doc["scores"].contains("ntia"));
  EXPECT_FALSE(doc["scores"].contains("bsi"));
  const int ntia = doc["scores"]["ntia"].get<int>();
  auto pass =
      run(bulwark("sbom check --profile ntia --min-score " + std::to_string(ntia) + " " + q(sbom)));
  EXPECT_EQ(pass.exit_code, 0) << pass.err;
  if (ntia < 100) {
    auto gate = run(bulwark("sbom check --profile ntia --min-score " + std::to_string(ntia + 1) +
                            " " + q(sbom)));
    EXPECT_EQ(gate.exit_code, 1);
    EXPECT_NE(gate.err.find("below --min-score"), std::string::npos) << gate.err;
  }
  auto all = run(bulwark("sbom check --format json " + q(sbom)));
  EXPECT_LT(json::parse(all.out)["scores"]["bsi"].get<int>(), 100);  // no SHA-512 from a lockfile
}

TEST_F(SbomCli, CheckUnreadableInputExits2) {
  auto broken = file("broken.json");
  std::ofstream(broken) << "{\"bomFormat\": ";
  auto r = run(bulwark("sbom check " + q(broken)));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("broken.json"), std::string::npos) << r.err;
  auto missing = run(bulwark("sbom check " + q(file("nope.json"))));
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
}

TEST_F(SbomCli, ConvertAndDiffAcrossFormats) {
  auto cdx = file("a.cdx.json");
  auto tv = file("a.spdx");
  ASSERT_EQ(run(bulwark("sbom " + q(project_) + " -o " + q(cdx))).exit_code, 0);
  auto c = run(bulwark("sbom convert " + q(cdx) + " -f spdx-tv -o " + q(tv)));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.err.find("2 components converted"), std::string::npos) << c.err;
  auto d = run(bulwark("sbom diff --format json " + q(cdx) + " " + q(tv)));
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(json::parse(d.out)["summary"],
            json::parse(R"({"added":0,"removed":0,"changed":0,"unchanged":2})"));

  // Bump lodash in a copy of the lockfile: one version change.
  auto project2 = tmp_.path() / "project2";
  std::filesystem::create_directories(project2);
  std::ifstream in(project_ / "package-lock.json");
  std::string lock((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  lock.replace(lock.find("4.17.20"), 7, "4.17.21");
  std::ofstream(project2 / "package-lock.json") << lock;
  auto b = file("b.cdx.xml");
  ASSERT_EQ(run(bulwark("sbom " + q(project2) + " -f cyclonedx-xml -o " + q(b))).exit_code, 0);
  auto t = run(bulwark("sbom diff " + q(tv) + " " + q(b)));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("0 added, 0 removed, 1 changed, 1 unchanged"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("  ~ lodash 4.17.20 -> 4.17.21\n"), std::string::npos) << t.out;

  auto bad = run(bulwark("sbom convert " + q(cdx) + " -f spdx-yaml"));
  EXPECT_EQ(bad.exit_code, 2);
  auto missing = run(bulwark("sbom diff " + q(cdx)));
  EXPECT_EQ(missing.exit_code, 2);
}

TEST_F(SbomCli, HelpAndMissingTarget) {
  auto h = run(bulwark("sbom --help"));
  EXPECT_EQ(h.exit_code, 0);
  for (const char* word : {"check", "diff", "convert", "generate", "--format"})
    EXPECT_NE(h.out.find(word), std::string::npos) << word << "\n" << h.out;
  auto ch = run(bulwark("sbom check --help"));
  EXPECT_EQ(ch.exit_code, 0);
  EXPECT_NE(ch.out.find("--min-score"), std::string::npos) << ch.out;
  auto none = run(bulwark("sbom"));
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("TARGET"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace bulwark::test
