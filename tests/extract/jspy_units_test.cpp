// JavaScript/Python extractors: our own small fixtures (purls, bom-refs, edges, groups, notes,
// errors, installed Python metadata) and package counts of large real lockfiles.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/extractor.hpp"
#include "shared.hpp"

namespace bulwark::extract {
namespace {

const Extractor& by_name(std::string_view name) {
  static const auto all = javascript_python_extractors();
  for (const auto& e : all)
    if (e->name() == name) return *e;
  throw std::runtime_error("no extractor " + std::string(name));
}

Result<Inventory> run(std::string_view extractor, const std::string& path,
                      std::string_view content) {
  FileInfo info{path, content.size(), false};
  return by_name(extractor).extract(ScanInput{info, content, nullptr});
}

const Component* find(const Inventory& inv, std::string_view name, std::string_view version) {
  for (const auto& c : inv.components)
    if (c.name == name && c.version == version) return &c;
  return nullptr;
}

bool has_property(const Component& c, std::string_view k, std::string_view v) {
  return std::find(c.properties.begin(), c.properties.end(),
                   std::pair<std::string, std::string>(k, v)) != c.properties.end();
}

std::vector<std::string> deps_of(const Inventory& inv, std::string_view ref) {
  for (const auto& d : inv.dependencies)
    if (d.ref == ref) return d.depends_on;
  return {};
}

TEST(JsPyUnits, ListsEveryExtractorAndFiltersPaths) {
  auto all = javascript_python_extractors();
  EXPECT_EQ(all.size(), 10u);
  EXPECT_TRUE(by_name("javascript/packagelockjson").wants({"app/package-lock.json", 10, false}));
  EXPECT_FALSE(by_name("javascript/packagelockjson")
                   .wants({"app/node_modules/x/package-lock.json", 10, false}));
  EXPECT_TRUE(by_name("javascript/packagelockjson")
                  .wants({"app/node_modules/.package-lock.json", 10, false}));
  EXPECT_TRUE(by_name("javascript/yarnlock").wants({"yarn.lock", 10, false}));
  EXPECT_TRUE(by_name("javascript/pnpmlock").wants({"a/pnpm-lock.yaml", 10, false}));
  EXPECT_TRUE(by_name("python/requirements").wants({"requirements-dev.txt", 10, false}));
  EXPECT_FALSE(by_name("python/requirements").wants({"notes.txt", 10, false}));
  EXPECT_TRUE(by_name("python/wheelegg")
                  .wants({"usr/lib/python3/dist-packages/idna-3.3.dist-info/METADATA", 10, false}));
  EXPECT_TRUE(by_name("python/uvlock").wants({"uv.lock", 10, false}));
  // Licence files of installed packages: the package's own folder only.
  const auto& lic = by_name("license/textfile");
  EXPECT_TRUE(lic.wants({"app/node_modules/a/LICENSE", 10, false}));
  EXPECT_TRUE(lic.wants({"node_modules/@s/a/licence.txt", 10, false}));
  EXPECT_TRUE(lic.wants({"app/node_modules/a/node_modules/b/COPYING", 10, false}));
  EXPECT_TRUE(lic.wants({"site-packages/idna-3.3.dist-info/LICENSE.md", 10, false}));
  EXPECT_TRUE(lic.wants({"site-packages/x-1.egg-info/licenses/LICENSE-MIT", 10, false}));
  EXPECT_FALSE(lic.wants({"app/node_modules/a/lib/LICENSE", 10, false}));
  EXPECT_FALSE(lic.wants({"node_modules/@s/LICENSE", 10, false}));
  EXPECT_FALSE(lic.wants({"app/LICENSE", 10, false}));
  EXPECT_FALSE(lic.wants({"app/node_modules/a/LICENSEE", 10, false}));
  EXPECT_FALSE(lic.wants({"my_node_modules/a/LICENSE", 10, false}));
  // Installed npm manifests (their authors): the package's own package.json only.
  const auto& manifest = by_name("javascript/installed-manifest");
  EXPECT_TRUE(manifest.wants({"app/node_modules/a/package.json", 10, false}));
  EXPECT_TRUE(manifest.wants({"node_modules/@s/a/package.json", 10, false}));
  EXPECT_TRUE(manifest.wants({"app/node_modules/a/node_modules/b/package.json", 10, false}));
  EXPECT_FALSE(manifest.wants({"app/package.json", 10, false}));
  EXPECT_FALSE(manifest.wants({"app/node_modules/a/lib/package.json", 10, false}));
  EXPECT_FALSE(manifest.wants({"node_modules/@s/package.json", 10, false}));
  EXPECT_FALSE(manifest.wants({"node_modules/.bin/package.json", 10, false}));
  EXPECT_FALSE(manifest.wants({"my_node_modules/a/package.json", 10, false}));
}

TEST(JsPyUnits, NpmV3PurlsGroupsEdgesAndAliases) {
  const char* lock = R"({"lockfileVersion": 3, "packages": {
    "": {"name": "app", "dependencies": {"@scope/a": "^1.0.0", "sw": "npm:string-width@^4"}, "devDependencies": {"b": "^2"}},
    "node_modules/@scope/a": {"version": "1.0.0", "dependencies": {"b": "^2"}, "license": "MIT"},
    "node_modules/b": {"version": "2.0.0", "dev": true},
    "node_modules/sw": {"name": "string-width", "version": "4.2.3"},
    "node_modules/@scope/a/node_modules/b": {"version": "3.0.0", "optional": true},
    "node_modules/local": {"resolved": "packages/local", "link": true},
    "packages/local": {"name": "local", "version": "0.1.0"}
  }})";
  auto inv = run("javascript/packagelockjson", "package-lock.json", lock);
  ASSERT_TRUE(inv.has_value()) << inv.error().message;
  EXPECT_EQ(inv->components.size(), 5u);
  const Component* a = find(*inv, "@scope/a", "1.0.0");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->purl, "pkg:npm/%40scope/a@1.0.0");
  EXPECT_EQ(a->bom_ref, "npm:@scope/a@1.0.0");
  EXPECT_EQ(a->licenses, std::vector<std::string>{"MIT"});
  EXPECT_TRUE(has_property(*a, "bulwark:direct", "true"));
  EXPECT_EQ(deps_of(*inv, "npm:@scope/a@1.0.0"),
            std::vector<std::string>{"npm:b@3.0.0"});  // nested wins
  ASSERT_NE(find(*inv, "string-width", "4.2.3"), nullptr);
  EXPECT_TRUE(has_property(*find(*inv, "b", "2.0.0"), "bulwark:dep-group", "dev"));
  EXPECT_TRUE(has_property(*find(*inv, "b", "3.0.0"), "bulwark:dep-group", "optional"));
  EXPECT_NE(find(*inv, "local", "0.1.0"), nullptr);
}

TEST(JsPyUnits, MalformedFilesAreErrorsNamingTheLine) {
  auto npm =
      run("javascript/packagelockjson", "x/package-lock.json", "{\n  \"packages\": {\n    oops\n}");
  ASSERT_FALSE(npm.has_value());
  EXPECT_NE(npm.error().message.find("x/package-lock.json: line 3"), std::string::npos)
      << npm.error().message;
  auto pnpm = run("javascript/pnpmlock", "pnpm-lock.yaml",
                  "lockfileVersion: 5.4\npackages:\n  axios@1.2.5:\n    dev: false\n");
  ASSERT_FALSE(pnpm.has_value());
  EXPECT_NE(pnpm.error().message.find("invalid package path"), std::string::npos)
      << pnpm.error().message;
  auto poetry =
      run("python/poetrylock", "poetry.lock", "[[package]]\nname = \"a\"\nthis is not toml\n");
  ASSERT_FALSE(poetry.has_value());
  EXPECT_NE(poetry.error().message.find("poetry.lock: line 3"), std::string::npos)
      << poetry.error().message;
}

TEST(JsPyUnits, PnpmVersionsPeersAndDev) {
  const char* v6 =
      "lockfileVersion: '6.0'\ndependencies:\n  foo:\n    specifier: ^1.0.0\n    version: "
      "1.0.0(bar@2.0.0)\n"
      "packages:\n  /foo@1.0.0(bar@2.0.0):\n    dependencies:\n      bar: 2.0.0\n  "
      "/@s/bar@2.0.0:\n    dev: true\n"
      "  /bar@2.0.0:\n    dev: true\n";
  auto inv = run("javascript/pnpmlock", "pnpm-lock.yaml", v6);
  ASSERT_TRUE(inv.has_value()) << inv.error().message;
  EXPECT_EQ(inv->components.size(), 3u);
  ASSERT_NE(find(*inv, "@s/bar", "2.0.0"), nullptr);
  EXPECT_TRUE(has_property(*find(*inv, "bar", "2.0.0"), "bulwark:dep-group", "dev"));
  EXPECT_TRUE(has_property(*find(*inv, "foo", "1.0.0"), "bulwark:direct", "true"));
  EXPECT_EQ(deps_of(*inv, "npm:foo@1.0.0"), std::vector<std::string>{"npm:bar@2.0.0"});
}

TEST(JsPyUnits, YarnBerryEdgesAndRootExcluded) {
  const char* lock =
      "__metadata:\n  version: 6\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n"
      "  resolution: \"app@workspace:.\"\n  dependencies:\n    a: ^1.0.0\n\n"
      "\"a@npm:^1.0.0\":\n  version: 1.2.0\n  resolution: \"a@npm:1.2.0\"\n  dependencies:\n    b: "
      "\"npm:^2\"\n\n"
      "\"b@npm:^2\":\n  version: 2.1.0\n  resolution: \"b@npm:2.1.0\"\n";
  auto inv = run("javascript/yarnlock", "yarn.lock", lock);
  ASSERT_TRUE(inv.has_value()) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 2u);
  EXPECT_TRUE(has_property(*find(*inv, "a", "1.2.0"), "bulwark:direct", "true"));
  EXPECT_EQ(deps_of(*inv, "npm:a@1.2.0"), std::vector<std::string>{"npm:b@2.1.0"});
}

TEST(JsPyUnits, RequirementsPinnedOnlyWithNotes) {
  const char* txt =
      "-r base.txt\nDjango_REST.framework == 3.14.0 ; python_version > '3'  # api\nrequests>=2\n"
      "numpy==1.26.* \nurllib3==2.0.7 \\\n    "
      "--hash=sha256:abc\ngit+https://example.invalid/x.git#egg=x\n";
  auto inv = run("python/requirements", "requirements.txt", txt);
  ASSERT_TRUE(inv.has_value()) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 2u);
  const Component* d = find(*inv, "Django_REST.framework", "3.14.0");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->purl, "pkg:pypi/django-rest-framework@3.14.0");
  EXPECT_NE(find(*inv, "urllib3", "2.0.7"), nullptr);
  ASSERT_EQ(inv->notes.size(), 4u);
  EXPECT_EQ(inv->notes[0], "line 1: include '-r base.txt' not followed");
}

TEST(JsPyUnits, PoetryAndUvGroupsEdgesCommits) {
  const char* poetry =
      "[[package]]\nname = \"a\"\nversion = \"1.0\"\ncategory = \"main\"\noptional = false\n"
      "files = [\n  {file = \"a.whl\", hash = \"sha256:x\"},\n]\n\n[package.dependencies]\nb = "
      "\">=2\"\n\n"
      "[[package]]\nname = \"b\"\nversion = \"2.0\"\ncategory = \"dev\"\n\n"
      "[package.source]\ntype = \"git\"\nurl = "
      "\"https://example.invalid/b.git\"\nresolved_reference = \"abc123\"\n";
  auto inv = run("python/poetrylock", "poetry.lock", poetry);
  ASSERT_TRUE(inv.has_value()) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 2u);
  EXPECT_TRUE(has_property(*find(*inv, "b", "2.0"), "bulwark:dep-group", "dev"));
  EXPECT_TRUE(has_property(*find(*inv, "b", "2.0"), "bulwark:commit", "abc123"));
  EXPECT_EQ(deps_of(*inv, "pypi:a@1.0"), std::vector<std::string>{"pypi:b@abc123"});
  const char* uv =
      "version = 1\n[[package]]\nname = \"proj\"\nversion = \"0.1.0\"\nsource = { virtual = \".\" "
      "}\n"
      "dependencies = [\n    { name = \"Six\" },\n]\n\n[[package]]\nname = \"six\"\nversion = "
      "\"1.16.0\"\n"
      "source = { registry = \"https://example.invalid/simple\" }\n";
  auto uvinv = run("python/uvlock", "uv.lock", uv);
  ASSERT_TRUE(uvinv.has_value()) << uvinv.error().message;
  ASSERT_EQ(uvinv->components.size(), 1u);
  EXPECT_EQ(uvinv->components[0].purl, "pkg:pypi/six@1.16.0");
}

TEST(JsPyUnits, InstalledPythonMetadata) {
  const char* meta =
      "Metadata-Version: 2.1\r\nName: Jinja2\r\nVersion: 3.1.2\r\nAuthor: Armin Ronacher\r\n"
      "License: BSD-3-Clause\r\nClassifier: Framework :: Flask\r\n\r\nName: NotThis\r\n";
  auto inv = run("python/wheelegg", "site-packages/Jinja2-3.1.2.dist-info/METADATA", meta);
  ASSERT_TRUE(inv.has_value()) << inv.error().message;
  ASSERT_EQ(inv->components.size(), 1u);
  const Component& c = inv->components[0];
  EXPECT_EQ(c.name, "Jinja2");
  EXPECT_EQ(c.version, "3.1.2");
  EXPECT_EQ(c.purl, "pkg:pypi/jinja2@3.1.2");
  EXPECT_EQ(c.licenses, std::vector<std::string>{"BSD-3-Clause"});
  EXPECT_EQ(c.supplier, "Armin Ronacher");
  auto bad = run("python/wheelegg", "x.egg-info/PKG-INFO", "Metadata-Version: 1.0\nVersion: 1\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("x.egg-info/PKG-INFO"), std::string::npos);
}

// Large real lockfiles: the package count osv-detector printed ("found N packages").
TEST(JsPyUnits, LocksE2eCounts) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/osv-detector/locks-e2e");
  struct Case {
    const char* file;
    const char* extractor;
    int adjust = 0;  // deliberate difference from the peer's count
  };
  const Case cases[] = {
      {"1-package-lock.json", "javascript/packagelockjson"},
      {"2-package-lock.json", "javascript/packagelockjson"},
      {"1-yarn.lock", "javascript/yarnlock"},
      {"2-yarn.lock", "javascript/yarnlock"},
      // The peer counted the root workspace ("eslint-plugin-jest@workspace:.") and the three
      // `patch:` entries that repeat fsevents/resolve/typescript versions; Bulwark
      // drops the root and merges each patch entry into its package.
      {"3-yarn.lock", "javascript/yarnlock", -4},
      {"1-poetry.lock", "python/poetrylock"},
      {"2-poetry.lock", "python/poetrylock"},
      {"1-Pipfile.lock", "python/pipfilelock"}};
  int checked = 0;
  for (const auto& c : cases) {
    auto content = read_file((dir / c.file).string());
    auto out = read_file((dir / (std::string(c.file) + ".out.txt")).string());
    ASSERT_TRUE(content && out) << c.file;
    auto pos = out->find("found ");
    ASSERT_NE(pos, std::string::npos) << c.file;
    std::size_t want = std::stoul(out->substr(pos + 6)) + c.adjust;
    auto inv = run(c.extractor, c.file, *content);
    ASSERT_TRUE(inv.has_value()) << c.file << ": " << inv.error().message;
    EXPECT_EQ(inv->components.size(), want) << c.file;
    ++checked;
  }
  std::printf("[ jspy     ] locks-e2e: %d large lockfiles checked\n", checked);
  EXPECT_EQ(checked, 8);
}

}  // namespace
}  // namespace bulwark::extract
