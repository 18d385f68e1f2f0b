// Tests of the "other language" extractors (Cargo.lock, go.mod, Gemfile.lock, composer.lock,
// pom.xml, gradle.lockfile, packages.lock.json, conan.lock, pubspec.lock, mix.lock): own small
// fixtures for purls, groups, edges and errors, plus the expected results of three public
// corpora (osv-scanner v1, osv-detector, osv-scalibr) read from ../shared at test time.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "bulwark/extract/extractor.hpp"
#include "shared.hpp"

namespace {

namespace ex = bulwark::extract;
using nlohmann::json;

const ex::Extractor& extractor_named(std::string_view name) {
  static const auto all = ex::other_language_extractors();
  for (const auto& e : all)
    if (e->name() == name) return *e;
  throw std::runtime_error("no extractor named " + std::string(name));
}

bulwark::Result<ex::Inventory> run(std::string_view extractor, std::string_view path,
                                   std::string_view content) {
  ex::FileInfo info{std::string(path), content.size(), false};
  return extractor_named(extractor).extract(ex::ScanInput{info, content});
}

std::string property(const bulwark::Component& c, std::string_view key) {
  for (const auto& [k, v] : c.properties)
    if (k == key) return v;
  return {};
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---------------------------------------------------------------------------------------------
// Own fixtures.

TEST(OtherExtractors, GroupListsTenExtractorsWithDistinctNames) {
  auto all = ex::other_language_extractors();
  ASSERT_EQ(all.size(), 10u);
  std::set<std::string> names;
  for (const auto& e : all) names.emplace(e->name());
  EXPECT_EQ(names.size(), 10u);
}

TEST(OtherExtractors, WantsMatchesFileNamesOnly) {
  auto wants = [](std::string_view ext, std::string path) {
    return extractor_named(ext).wants(ex::FileInfo{std::move(path), 10, false});
  };
  EXPECT_TRUE(wants("rust/cargolock", "a/b/Cargo.lock"));
  EXPECT_FALSE(wants("rust/cargolock", "a/b/Cargo.toml"));
  EXPECT_TRUE(wants("go/gomod", "go.mod"));
  EXPECT_FALSE(wants("go/gomod", "x/go.sum"));
  EXPECT_TRUE(wants("ruby/gemfilelock", "app/Gemfile.lock"));
  EXPECT_TRUE(wants("ruby/gemfilelock", "gems.locked"));
  EXPECT_TRUE(wants("php/composerlock", "composer.lock"));
  EXPECT_FALSE(wants("php/composerlock", "composer.json"));
  EXPECT_TRUE(wants("java/pomxml", "m/pom.xml"));
  EXPECT_TRUE(wants("java/gradlelockfile", "buildscript-gradle.lockfile"));
  EXPECT_TRUE(wants("dotnet/packageslockjson", "src/packages.lock.json"));
  EXPECT_TRUE(wants("cpp/conanlock", "conan.lock"));
  EXPECT_TRUE(wants("dart/pubspec", "pubspec.lock"));
  EXPECT_TRUE(wants("erlang/mixlock", "mix.lock"));
  EXPECT_FALSE(wants("erlang/mixlock", "mix.exs"));
}

TEST(CargoLock, PurlsEdgesCommitAndComments) {
  const char* text =
      "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"syn "
      "1.0.73\",\n \"log\",\n]\n\n"
      "[[package]]\n# name = \"fake\"\nname = \"syn\"\nversion = \"1.0.73\" # trailing\n"
      "source = \"git+https://example.invalid/syn?branch=x#0123abcd\"\n\n"
      "[[package]]\nname = \"log\"\nversion = \"0.4.20\"\n\n[metadata]\nfoo = \"bar\"\n";
  auto inv = run("rust/cargolock", "Cargo.lock", text);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 3u);
  EXPECT_EQ(inv->components[1].purl, "pkg:cargo/syn@1.0.73");
  EXPECT_EQ(inv->components[1].type, "library");
  EXPECT_EQ(property(inv->components[1], "bulwark:commit"), "0123abcd");
  ASSERT_EQ(inv->dependencies.size(), 1u);
  EXPECT_EQ(inv->dependencies[0].ref, "cargo:app@0.1.0");
  EXPECT_EQ(inv->dependencies[0].depends_on,
            (std::vector<std::string>{"cargo:syn@1.0.73", "cargo:log@0.4.20"}));
}

TEST(CargoLock, ErrorNamesFileAndLine) {
  auto inv = run("rust/cargolock", "x/Cargo.lock", "version = 3\n\nthis is not toml\n");
  ASSERT_FALSE(inv);
  EXPECT_NE(inv.error().message.find("x/Cargo.lock: line 3:"), std::string::npos)
      << inv.error().message;
}

TEST(GoMod, ReplaceIndirectStdlibAndPurls) {
  const char* text =
      "module example.com/app\n\ngo 1.22\ntoolchain go1.22.3\n\nrequire "
      "(\n\tgithub.com/BurntSushi/toml v1.0.0\n"
      "\tgolang.org/x/sys v0.1.0 // indirect\n\tgolang.org/x/net v0.2.0\n)\n\nrequire "
      "gopkg.in/yaml.v2 v2.4.0\n\n"
      "replace golang.org/x/net => ./local/net\n";
  auto inv = run("go/gomod", "go.mod", text);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 5u);
  EXPECT_EQ(inv->components[0].purl, "pkg:golang/github.com/BurntSushi/toml@v1.0.0");
  EXPECT_EQ(property(inv->components[0], "bulwark:direct"), "true");
  EXPECT_EQ(property(inv->components[1], "bulwark:direct"), "");
  EXPECT_EQ(inv->components[2].name, "./local/net");
  EXPECT_EQ(inv->components[2].purl, "");  // a local directory has no purl
  EXPECT_EQ(inv->components[3].purl, "pkg:golang/gopkg.in/yaml.v2@v2.4.0");
  EXPECT_EQ(inv->components[4].name, "stdlib");
  EXPECT_EQ(inv->components[4].version, "v1.22.3");
}

TEST(GoMod, UnknownDirectiveIsAnError) {
  auto inv = run("go/gomod", "go.mod", "module a\n\nfoo bar\n");
  ASSERT_FALSE(inv);
  EXPECT_NE(inv.error().message.find("go.mod: line 3: unknown directive `foo`"), std::string::npos)
      << inv.error().message;
}

TEST(GemfileLock, GitCommitDirectAndEdges) {
  const char* text =
      "GIT\n  remote: https://example.invalid/x.git\n  revision: abc123\n  specs:\n    x (1.0.0)\n "
      "     rack (~> 2.0)\n\n"
      "GEM\n  remote: https://example.invalid/\n  specs:\n    rack (2.2.3)\n    nokogiri "
      "(1.13.1-x86_64-linux)\n\n"
      "PLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  x!\n  nokogiri (~> 1.13)\n";
  auto inv = run("ruby/gemfilelock", "Gemfile.lock", text);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 3u);
  EXPECT_EQ(inv->components[0].purl, "pkg:gem/x@1.0.0");
  EXPECT_EQ(property(inv->components[0], "bulwark:commit"), "abc123");
  EXPECT_EQ(property(inv->components[0], "bulwark:direct"), "true");
  EXPECT_EQ(property(inv->components[1], "bulwark:direct"), "");
  EXPECT_EQ(property(inv->components[2], "bulwark:direct"), "true");
  EXPECT_EQ(inv->components[2].version, "1.13.1");
  EXPECT_EQ(inv->components[2].purl, "pkg:gem/nokogiri@1.13.1?platform=x86_64-linux");
  ASSERT_EQ(inv->dependencies.size(), 1u);
  EXPECT_EQ(inv->dependencies[0].depends_on, std::vector<std::string>{"gem:rack@2.2.3"});
}

TEST(ComposerLock, DevGroupLicenceAndCanonicalPurl) {
  const char* text = R"({"packages":[{"name":"Sentry/SDK","version":"2.0.4","license":["MIT"],
      "require":{"php":">=7","theseer/tokenizer":"^1"}}],
      "packages-dev":[{"name":"theseer/tokenizer","version":"1.1.3"}]})";
  auto inv = run("php/composerlock", "composer.lock", text);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 2u);
  EXPECT_EQ(inv->components[0].purl, "pkg:composer/sentry/sdk@2.0.4");
  EXPECT_EQ(inv->components[0].licenses, std::vector<std::string>{"MIT"});
  EXPECT_EQ(property(inv->components[1], "bulwark:dep-group"), "dev");
  ASSERT_EQ(inv->dependencies.size(), 1u);
  EXPECT_EQ(inv->dependencies[0].depends_on,
            std::vector<std::string>{"composer:theseer/tokenizer@1.1.3"});
}

TEST(ComposerLock, NullAndBrokenJsonAreErrors) {
  EXPECT_FALSE(run("php/composerlock", "composer.lock", "null"));
  auto inv = run("php/composerlock", "composer.lock", "{\n  \"packages\": [\n  oops\n");
  ASSERT_FALSE(inv);
  EXPECT_NE(inv.error().message.find("composer.lock: line 3:"), std::string::npos)
      << inv.error().message;
}

TEST(PomXml, InterpolationManagementProfilesAndScope) {
  const char* text = R"(<project><groupId>org.me</groupId><version>9.9</version>
  <properties><lib.version>1.2.3</lib.version><art>core</art></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>org.m</groupId><artifactId>managed</artifactId><version>4.0</version><scope>test</scope></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>org.a</groupId><artifactId>${art}</artifactId><version>${lib.version}</version></dependency>
    <dependency><groupId>org.a</groupId><artifactId>core</artifactId><version>7.0</version></dependency>
    <dependency><groupId>org.m</groupId><artifactId>managed</artifactId></dependency>
    <dependency><groupId>${project.groupId}</groupId><artifactId>sibling</artifactId><version>${project.version}</version></dependency>
    <dependency><groupId>org.r</groupId><artifactId>ranged</artifactId><version>[1.5,2.0)</version></dependency>
  </dependencies>
  <profiles><profile><activation><activeByDefault>true</activeByDefault></activation>
    <dependencies><dependency><groupId>org.p</groupId><artifactId>prof</artifactId><version>3</version></dependency></dependencies>
  </profile></profiles></project>)";
  auto inv = run("java/pomxml", "pom.xml", text);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 5u);
  EXPECT_EQ(inv->components[0].group, "org.a");
  EXPECT_EQ(inv->components[0].name, "core");
  EXPECT_EQ(inv->components[0].purl, "pkg:maven/org.a/core@1.2.3");
  EXPECT_EQ(inv->components[1].version, "4.0");
  EXPECT_EQ(property(inv->components[1], "bulwark:dep-group"), "test");
  EXPECT_EQ(inv->components[2].purl, "pkg:maven/org.me/sibling@9.9");
  EXPECT_EQ(inv->components[3].version, "1.5");
  EXPECT_EQ(inv->components[4].name, "prof");
}

TEST(PomXml, SyntaxErrorNamesLine) {
  auto inv = run("java/pomxml", "pom.xml", "<project>\n<dependencies>\n</project>\n");
  ASSERT_FALSE(inv);
  EXPECT_NE(inv.error().message.find("pom.xml: line"), std::string::npos) << inv.error().message;
  EXPECT_FALSE(run("java/pomxml", "pom.xml", "<html></html>"));
}

TEST(GradleLockfile, ParsesCoordinatesAndSkipsJunk) {
  auto inv = run("java/gradlelockfile", "gradle.lockfile",
                 "# comment\norg.a:b:1.0=compileClasspath\nbad:line\nempty=annotationProcessor\n");
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 1u);
  EXPECT_EQ(inv->components[0].purl, "pkg:maven/org.a/b@1.0");
  EXPECT_EQ(inv->notes.size(), 1u);
}

TEST(NugetLock, MergesFrameworksAndRejectsOtherVersions) {
  const char* text = R"({"version":1,"dependencies":{
    "net6.0":{"A":{"type":"Direct","resolved":"1.0.0","dependencies":{"B":"2.0.0"}},"B":{"type":"Transitive","resolved":"2.0.0"}},
    "net7.0":{"A":{"type":"Direct","resolved":"1.0.0"}}}})";
  auto inv = run("dotnet/packageslockjson", "packages.lock.json", text);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 2u);
  EXPECT_EQ(inv->components[0].purl, "pkg:nuget/A@1.0.0");
  EXPECT_EQ(property(inv->components[0], "bulwark:direct"), "true");
  ASSERT_EQ(inv->dependencies.size(), 1u);
  auto bad =
      run("dotnet/packageslockjson", "packages.lock.json", R"({"version":2,"dependencies":{}})");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("unsupported lock file version 2"), std::string::npos);
}

TEST(ConanLock, V05GroupsAndV04Graph) {
  auto v5 = run(
      "cpp/conanlock", "conan.lock",
      R"({"version":"0.5","requires":["zlib/1.2.13#abc%1.0"],"build_requires":["ninja/1.11.1@u/c#x"]})");
  ASSERT_TRUE(v5) << v5.error().message;
  ASSERT_EQ(v5->components.size(), 2u);
  EXPECT_EQ(v5->components[0].purl, "pkg:conan/zlib@1.2.13");
  EXPECT_EQ(property(v5->components[1], "bulwark:dep-group"), "build-requires");
  auto v4 = run("cpp/conanlock", "conan.lock", R"({"graph_lock":{"nodes":{
      "0":{"ref":"app/1.0","path":"conanfile.py","requires":["1"]},
      "1":{"ref":"libpng/1.6.39","requires":["2"]},"2":{"ref":"zlib/1.2.13"}}},"version":"0.4"})");
  ASSERT_TRUE(v4) << v4.error().message;
  ASSERT_EQ(v4->components.size(), 2u);
  ASSERT_EQ(v4->dependencies.size(), 1u);
  EXPECT_EQ(v4->dependencies[0].ref, "conan:libpng@1.6.39");
}

TEST(PubspecLock, DevGroupAndGitCommit) {
  const char* text =
      "packages:\n  a:\n    dependency: \"direct dev\"\n    description:\n      name: a\n    "
      "source: hosted\n    version: \"1.0.0\"\n"
      "  b:\n    dependency: transitive\n    description:\n      resolved-ref: deadbeef\n    "
      "source: git\n    version: \"2.0.0\"\n";
  auto inv = run("dart/pubspec", "pubspec.lock", text);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 2u);
  EXPECT_EQ(inv->components[0].purl, "pkg:pub/a@1.0.0");
  EXPECT_EQ(property(inv->components[0], "bulwark:dep-group"), "dev");
  EXPECT_EQ(property(inv->components[1], "bulwark:commit"), "deadbeef");
  EXPECT_FALSE(run("dart/pubspec", "pubspec.lock", "just a scalar"));
}

TEST(MixLock, HexChecksumAndGitEntries) {
  const char* text =
      "%{\n  \"plug\": {:hex, :plug, \"1.11.1\", \"F2992BAC\", [:mix], [], \"hexpm\", \"x\"},\n"
      "  \"foo\": {:git, \"https://example.invalid/foo.git\", \"fc94cce7\", []},\n  \"bad\": "
      "{:hex, },\n}\n";
  auto inv = run("erlang/mixlock", "mix.lock", text);
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 2u);
  EXPECT_EQ(inv->components[0].purl, "pkg:hex/plug@1.11.1");
  ASSERT_EQ(inv->components[0].hashes.size(), 1u);
  EXPECT_EQ(inv->components[0].hashes[0].value, "f2992bac");
  EXPECT_EQ(property(inv->components[1], "bulwark:commit"), "fc94cce7");
  EXPECT_EQ(inv->notes.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Corpus expectations.

enum class Corpus { kScanner, kDetector, kScalibr };

using Entry = std::tuple<std::string, std::string, std::string>;  // name, version, groups

std::string join_groups(std::vector<std::string> g) {
  std::sort(g.begin(), g.end());
  std::string out;
  for (const auto& s : g) out += s + ",";
  return out;
}

std::string display_name(const bulwark::Component& c) {
  return c.group.empty() ? c.name : c.group + ":" + c.name;
}

std::multiset<Entry> actual_entries(const ex::Inventory& inv, std::string_view extractor,
                                    Corpus corpus, bool groups) {
  std::multiset<Entry> out;
  for (const auto& c : inv.components) {
    std::string version = c.version;
    if (extractor == "go/gomod") {
      // The corpora write Go versions without the leading 'v'; Bulwark keeps it.
      if (version.starts_with('v')) version.erase(0, 1);
      // osv-detector does not report the Go standard library; osv-scanner and osv-scalibr do.
      if (corpus == Corpus::kDetector && c.name == "stdlib") continue;
    }
    std::vector<std::string> g;
    for (const auto& [k, v] : c.properties)
      if (k == "bulwark:dep-group") g.push_back(v);
    out.emplace(display_name(c), version, groups ? join_groups(g) : "");
  }
  return out;
}

std::multiset<Entry> expected_entries(const json& pkgs, bool groups) {
  std::multiset<Entry> out;
  for (const auto& p : pkgs) {
    std::vector<std::string> g;
    if (groups && p.contains("dep_groups") && p["dep_groups"].is_array())
      g = p["dep_groups"].get<std::vector<std::string>>();
    out.emplace(p.value("name", ""), p.value("version", ""), groups ? join_groups(g) : "");
  }
  return out;
}

std::string describe(const std::multiset<Entry>& s) {
  std::string out;
  for (const auto& [n, v, g] : s)
    out += "  " + n + " " + v + (g.empty() ? "" : " [" + g + "]") + "\n";
  return out;
}

std::string extractor_for_parser(const std::string& parser) {
  static const std::map<std::string, std::string> kMap = {
      {"ParseCargoLock", "rust/cargolock"},
      {"ParseGoLock", "go/gomod"},
      {"ParseGemfileLock", "ruby/gemfilelock"},
      {"ParseComposerLock", "php/composerlock"},
      {"ParseMavenLock", "java/pomxml"},
      {"ParseGradleLock", "java/gradlelockfile"},
      {"ParseNuGetLock", "dotnet/packageslockjson"},
      {"ParseConanLock", "cpp/conanlock"},
      {"ParsePubspecLock", "dart/pubspec"},
      {"ParseMixLock", "erlang/mixlock"}};
  auto it = kMap.find(parser);
  return it == kMap.end() ? "" : it->second;
}

std::string extractor_for_scalibr(const std::string& fixture) {
  static const std::pair<const char*, const char*> kMap[] = {
      {"language/rust/cargolock/", "rust/cargolock"},
      {"language/golang/gomod/", "go/gomod"},
      {"language/ruby/gemfilelock/", "ruby/gemfilelock"},
      {"language/php/composerlock/", "php/composerlock"},
      {"language/java/pomxml/", "java/pomxml"},
      {"language/java/gradlelockfile/", "java/gradlelockfile"},
      {"language/dotnet/packageslockjson/", "dotnet/packageslockjson"},
      {"language/cpp/conanlock/", "cpp/conanlock"},
      {"language/dart/pubspec/", "dart/pubspec"},
      {"language/elixir/mixlock/", "erlang/mixlock"},
      {"language/erlang/mixlock/", "erlang/mixlock"}};
  for (const auto& [prefix, name] : kMap)
    if (fixture.find(prefix) != std::string::npos) return name;
  return "";
}

// Cases whose expectation Bulwark deliberately does not follow, with the reason.
const std::map<std::string, std::string>& exclusions() {
  static const std::map<std::string, std::string> kExcluded = {
      {"scanner:maven/with-dependency-management.xml",
       "osv-scanner v1 lists <dependencyManagement> entries (jsr305) as packages although they are "
       "not dependencies; "
       "osv-scalibr's expectation for the same file (2 packages) is checked instead"},
      {"detector:maven/with-dependency-management.xml",
       "same as osv-scanner v1 (dependencyManagement entries counted)"},
      {"scanner:maven/interpolation.xml",
       "ranged-package is declared only in <dependencyManagement> here; osv-scalibr's variant of "
       "this fixture, "
       "where it is a real dependency, is checked"},
      {"detector:maven/interpolation.xml",
       "dependencyManagement entry counted as a package, and an unresolvable ${property} version "
       "reported as \"0\" "
       "(Bulwark leaves the version empty and adds a note)"},
      {"scalibr:extractor/filesystem/language/java/pomxml/testdata/with-parent.xml",
       "needs the parent pom from another file; extractors see one file"},
      {"scalibr:extractor/filesystem/language/golang/gomod/testdata/indirect-1.16.mod",
       "for go <= 1.16 osv-scalibr adds indirect modules from the neighbouring go.sum; extractors "
       "see one file"},
      {"scalibr:extractor/filesystem/language/golang/gomod/testdata/indirect-1.16.sum",
       "the static extraction paired a go.sum fixture with another test's package list (toml, "
       "yaml.v2)"},
      {"scalibr:extractor/filesystem/language/dart/pubspec/testdata/empty.lock",
       "osv-scalibr expects an error for an empty pubspec.lock while osv-scanner v1 expects 0 "
       "packages for the "
       "same input; Bulwark treats an empty file as no packages (checked through osv-scanner's "
       "case)"},
  };
  return kExcluded;
}

struct Tally {
  int compared = 0;
  int errors = 0;  // of which expected errors
  int excluded = 0;
  int skipped = 0;  // missing fixture (walker's concern) or expectation computed in code
};

void check_case(const std::filesystem::path& fixture_path, const std::string& id,
                const std::string& extractor, bool expect_error, const json& pkgs, bool groups,
                Corpus corpus, Tally& t) {
  if (exclusions().contains(id)) {
    ++t.excluded;
    return;
  }
  if (!std::filesystem::is_regular_file(fixture_path) || (!expect_error && !pkgs.is_array())) {
    ++t.skipped;
    return;
  }
  auto content = read_text(fixture_path);
  auto inv = run(extractor, fixture_path.filename().string(), content);
  ++t.compared;
  if (expect_error) {
    ++t.errors;
    EXPECT_FALSE(inv) << id << ": an error was expected";
    return;
  }
  ASSERT_TRUE(inv) << id << ": " << inv.error().message;
  auto actual = actual_entries(*inv, extractor, corpus, groups);
  auto expected = expected_entries(pkgs, groups);
  EXPECT_EQ(actual, expected) << id << "\nexpected:\n"
                              << describe(expected) << "actual:\n"
                              << describe(actual);
}

void report(const std::map<std::string, Tally>& tallies, const char* corpus) {
  for (const auto& [name, t] : tallies) {
    std::printf("[ corpus   ] %s %-24s compared=%d (errors=%d) excluded=%d skipped=%d\n", corpus,
                name.c_str(), t.compared, t.errors, t.excluded, t.skipped);
    ::testing::Test::RecordProperty(std::string(corpus) + ":" + name, t.compared);
  }
}

int compared_of(const std::map<std::string, Tally>& tallies, const std::string& name) {
  auto it = tallies.find(name);
  return it == tallies.end() ? 0 : it->second.compared;
}

void run_osv_lockfile_corpus(const std::filesystem::path& root,
                             const std::filesystem::path& fixtures, Corpus corpus,
                             std::map<std::string, Tally>& tallies) {
  auto doc = json::parse(read_text(root));
  const char* tag = corpus == Corpus::kScanner ? "scanner:" : "detector:";
  for (const auto& c : doc.at("cases")) {
    auto extractor = extractor_for_parser(c.value("parser", ""));
    if (extractor.empty()) continue;
    auto fixture = c.value("fixture", "");
    bool expect_error = !c["expect_error"].is_null();
    // osv-detector's expectations carry no dependency groups; osv-scanner's omit empty ones.
    check_case(fixtures / fixture, tag + fixture, extractor, expect_error, c["expected_packages"],
               corpus == Corpus::kScanner, corpus, tallies[extractor]);
  }
}

TEST(OtherCorpus, OsvScannerV1ExpectedResults) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scanner-lockfile-v1");
  std::map<std::string, Tally> tallies;
  run_osv_lockfile_corpus(dir / "expected-results.json", dir / "fixtures", Corpus::kScanner,
                          tallies);
  report(tallies, "osv-scanner-v1");
  EXPECT_GE(compared_of(tallies, "rust/cargolock"), 6);
  EXPECT_GE(compared_of(tallies, "go/gomod"), 11);
  EXPECT_GE(compared_of(tallies, "ruby/gemfilelock"), 10);
  EXPECT_GE(compared_of(tallies, "php/composerlock"), 6);
  EXPECT_GE(compared_of(tallies, "java/pomxml"), 6);
  EXPECT_GE(compared_of(tallies, "java/gradlelockfile"), 5);
  EXPECT_GE(compared_of(tallies, "dotnet/packageslockjson"), 8);
  EXPECT_GE(compared_of(tallies, "cpp/conanlock"), 25);
  EXPECT_GE(compared_of(tallies, "dart/pubspec"), 10);
  EXPECT_GE(compared_of(tallies, "erlang/mixlock"), 5);
}

TEST(OtherCorpus, OsvDetectorExpectedResults) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-detector/lockfile-testdata");
  std::map<std::string, Tally> tallies;
  run_osv_lockfile_corpus(dir / "expected-results.json", dir, Corpus::kDetector, tallies);
  report(tallies, "osv-detector");
  EXPECT_GE(compared_of(tallies, "rust/cargolock"), 5);
  EXPECT_GE(compared_of(tallies, "go/gomod"), 11);
  EXPECT_GE(compared_of(tallies, "ruby/gemfilelock"), 10);
  EXPECT_GE(compared_of(tallies, "php/composerlock"), 7);
  EXPECT_GE(compared_of(tallies, "java/pomxml"), 5);
  EXPECT_GE(compared_of(tallies, "java/gradlelockfile"), 5);
  EXPECT_GE(compared_of(tallies, "dotnet/packageslockjson"), 8);
  EXPECT_GE(compared_of(tallies, "dart/pubspec"), 10);
  EXPECT_GE(compared_of(tallies, "erlang/mixlock"), 5);
}

TEST(OtherCorpus, OsvScalibrExpectedResults) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-scalibr");
  auto doc = json::parse(read_text(dir / "expected-results.json"));
  std::map<std::string, Tally> tallies;
  for (const auto& c : doc.at("cases")) {
    auto fixture = c.value("fixture", "");
    auto extractor = extractor_for_scalibr(fixture);
    if (extractor.empty()) continue;
    const auto& pkgs = c["expected_packages"];
    bool expect_error = c.contains("want_err") && !c["want_err"].is_null();
    bool groups = false;  // compared when the test states groups for any package of the case
    if (pkgs.is_array())
      for (const auto& p : pkgs) groups |= p.contains("dep_groups");
    if (c.value("fixture_absent", false)) {
      ++tallies[extractor].skipped;
      continue;
    }
    check_case(dir / fixture, "scalibr:" + fixture, extractor, expect_error, pkgs, groups,
               Corpus::kScalibr, tallies[extractor]);
  }
  report(tallies, "osv-scalibr");
  EXPECT_GE(compared_of(tallies, "rust/cargolock"), 9);
  EXPECT_GE(compared_of(tallies, "go/gomod"), 14);
  EXPECT_GE(compared_of(tallies, "ruby/gemfilelock"), 12);
  EXPECT_GE(compared_of(tallies, "php/composerlock"), 9);
  EXPECT_GE(compared_of(tallies, "java/pomxml"), 17);
  EXPECT_GE(compared_of(tallies, "java/gradlelockfile"), 5);
  EXPECT_GE(compared_of(tallies, "dotnet/packageslockjson"), 2);
  EXPECT_GE(compared_of(tallies, "cpp/conanlock"), 22);
  EXPECT_GE(compared_of(tallies, "dart/pubspec"), 9);
  EXPECT_GE(compared_of(tallies, "erlang/mixlock"), 8);
}

// Large real lockfiles: the package count must match osv-detector's "found N packages".
TEST(OtherCorpus, OsvDetectorEndToEndCounts) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-detector/locks-e2e");
  const std::pair<const char*, const char*> kFiles[] = {{"1-Gemfile.lock", "ruby/gemfilelock"},
                                                        {"2-Gemfile.lock", "ruby/gemfilelock"},
                                                        {"1-composer.lock", "php/composerlock"},
                                                        {"2-composer.lock", "php/composerlock"},
                                                        {"1-go.mod", "go/gomod"},
                                                        {"2-go.mod", "go/gomod"},
                                                        {"1-pom.xml", "java/pomxml"},
                                                        {"2-pom.xml", "java/pomxml"}};
  int checked = 0;
  for (const auto& [file, extractor] : kFiles) {
    auto out = read_text(dir / (std::string(file) + ".out.txt"));
    auto at = out.find("found ");
    ASSERT_NE(at, std::string::npos) << file;
    int want = std::stoi(out.substr(at + 6));
    auto inv = run(extractor, file, read_text(dir / file));
    ASSERT_TRUE(inv) << file << ": " << inv.error().message;
    int got = 0;
    for (const auto& c : inv->components)
      got += !(std::string_view(extractor) == "go/gomod" && c.name == "stdlib");
    EXPECT_EQ(got, want) << file;
    ++checked;
  }
  std::printf("[ corpus   ] osv-detector locks-e2e files checked=%d\n", checked);
  EXPECT_EQ(checked, 8);
}

}  // namespace
