// SBOM reader behaviour on small documents written for these tests: sniffing, field mapping,
// nesting, source packages, dependency graphs and error messages with their locations.
#include "bulwark/sbom/reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using bulwark::ErrorCode;
using bulwark::Sbom;
using bulwark::sbom::read;

namespace {

std::string error_of(std::string_view doc, std::string_view name = "doc") {
  auto r = read(doc, name);
  if (r) return "<parsed>";
  return r.error().message;
}

constexpr std::string_view kNestedJson = R"({
  "bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:1",
  "metadata": {"component": {"type": "application", "name": "app", "version": "2.0", "bom-ref": "app"}},
  "components": [
    {"type": "library", "bom-ref": "a", "name": "a", "version": "1",
     "supplier": {"name": "Acme"}, "cpe": "cpe:2.3:a:acme:a:1:*:*:*:*:*:*:*",
     "licenses": [{"license": {"id": "MIT"}}, {"license": {"name": "Custom"}}, {"expression": "MIT OR Apache-2.0"}],
     "hashes": [{"alg": "SHA-256", "content": "ABCDEF0123"}],
     "components": [
       {"type": "library", "name": "a-inner", "version": "1.1",
        "components": [{"type": "file", "name": "deep", "bom-ref": "deep"}]}
     ]},
    {"type": "library", "bom-ref": "b", "name": "b", "group": "org.b", "version": "3",
     "purl": "pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&upstream=openssl%403.0.11"}
  ],
  "dependencies": [{"ref": "app", "dependsOn": ["a", "b"]}, {"ref": "a", "dependsOn": ["deep"]}, {"ref": "b"}]
})";

}  // namespace

TEST(CycloneDxJson, NestedComponentsAreFlattenedWithParentAndPointer) {
  auto sbom = read(kNestedJson, "nested.json");
  ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
  EXPECT_EQ(sbom->format, bulwark::SbomFormat::kCycloneDxJson);
  EXPECT_EQ(sbom->source_path, "nested.json");
  EXPECT_EQ(sbom->serial_number, "urn:uuid:1");
  ASSERT_TRUE(sbom->subject.has_value());
  EXPECT_EQ(sbom->subject->name, "app");
  EXPECT_EQ(sbom->subject->location, "/metadata/component");
  ASSERT_EQ(sbom->components.size(), 4u);
  const auto& c = sbom->components;
  EXPECT_EQ(c[0].name, "a");
  EXPECT_EQ(c[0].parent, -1);
  EXPECT_EQ(c[0].location, "/components/0");
  EXPECT_EQ(c[1].name, "a-inner");
  EXPECT_EQ(c[1].parent, 0);
  EXPECT_EQ(c[1].bom_ref, "bulwark:component/1");  // generated: the document gives none
  EXPECT_EQ(c[1].location, "/components/0/components/0");
  EXPECT_EQ(c[2].name, "deep");
  EXPECT_EQ(c[2].parent, 1);
  EXPECT_EQ(c[2].location, "/components/0/components/0/components/0");
  EXPECT_EQ(c[3].name, "b");
  EXPECT_EQ(c[3].parent, -1);
  EXPECT_EQ(c[3].location, "/components/1");
  // Field mapping.
  EXPECT_EQ(c[0].supplier, "Acme");
  EXPECT_EQ(c[0].cpes, std::vector<std::string>{"cpe:2.3:a:acme:a:1:*:*:*:*:*:*:*"});
  EXPECT_EQ(c[0].licenses, (std::vector<std::string>{"MIT", "Custom", "MIT OR Apache-2.0"}));
  ASSERT_EQ(c[0].hashes.size(), 1u);
  EXPECT_EQ(c[0].hashes[0].algorithm, "SHA-256");
  EXPECT_EQ(c[0].hashes[0].value, "abcdef0123");
  EXPECT_EQ(c[3].group, "org.b");
  EXPECT_EQ(c[3].source_name, "openssl");
  EXPECT_EQ(c[3].source_version, "3.0.11");
  // Dependency graph.
  ASSERT_EQ(sbom->dependencies.size(), 3u);
  EXPECT_EQ(sbom->dependencies[0].ref, "app");
  EXPECT_EQ(sbom->dependencies[0].depends_on, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(sbom->dependencies[1].depends_on, std::vector<std::string>{"deep"});
  EXPECT_TRUE(sbom->dependencies[2].depends_on.empty());
}

TEST(CycloneDxJson, SourcePackageFromToolProperties) {
  constexpr std::string_view doc =
      R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
    {"type": "library", "name": "libssl3", "version": "3.0.11-1",
     "properties": [{"name": "syft:metadata:source", "value": "openssl"},
                    {"name": "syft:metadata:sourceVersion", "value": "3.0.11-1~deb12u2"}]},
    {"type": "library", "name": "openssl-libs", "version": "1:3.0.7-25.el9",
     "properties": [{"name": "aquasecurity:trivy:SrcName", "value": "openssl"},
                    {"name": "aquasecurity:trivy:SrcVersion", "value": "3.0.7"},
                    {"name": "aquasecurity:trivy:SrcRelease", "value": "25.el9"},
                    {"name": "aquasecurity:trivy:SrcEpoch", "value": "1"}]},
    {"type": "library", "name": "zlib1g", "purl": "pkg:deb/debian/zlib1g@1.2.13?upstream=zlib"},
    {"type": "library", "name": "bash", "purl": "pkg:rpm/redhat/bash@5.1.8-6.el9?upstream=bash-5.1.8-6.el9.src.rpm"}
  ]})";
  auto sbom = read(doc, "props.json");
  ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
  const auto& c = sbom->components;
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].source_name, "openssl");
  EXPECT_EQ(c[0].source_version, "3.0.11-1~deb12u2");
  ASSERT_EQ(c[0].properties.size(), 2u);
  EXPECT_EQ(c[0].properties[0].first, "syft:metadata:source");
  EXPECT_EQ(c[1].source_name, "openssl");
  EXPECT_EQ(c[1].source_version, "1:3.0.7-25.el9");
  EXPECT_EQ(c[2].source_name, "zlib");
  EXPECT_EQ(c[2].source_version, "");
  EXPECT_EQ(c[3].source_name, "bash");
  EXPECT_EQ(c[3].source_version, "5.1.8-6.el9");
}

TEST(CycloneDxJson, TruncatedDocumentGivesLineAndColumn) {
  const std::string msg = error_of(
      "{\n  \"bomFormat\": \"CycloneDX\",\n  \"components\": [\n    {\"name\": \"a\"", "t.json");
  EXPECT_TRUE(msg.starts_with("t.json:4:")) << msg;
  EXPECT_NE(msg.find("unexpected end of input"), std::string::npos) << msg;
  const std::string bad_token =
      error_of("{\"bomFormat\": \"CycloneDX\",\n \"specVersion\": nope}", "b.json");
  EXPECT_TRUE(bad_token.starts_with("b.json:2:")) << bad_token;
  EXPECT_NE(bad_token.find("syntax error"), std::string::npos) << bad_token;
}

TEST(CycloneDxJson, WrongFieldTypeGivesJsonPointer) {
  EXPECT_EQ(error_of(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "library", "name": "a", "version": "1"},
      {"type": "library", "name": "b", "components": [{"type": "library", "name": "c", "version": 3}]}]})",
                     "w.json"),
            "w.json: /components/1/components/0/version: expected string");
  EXPECT_EQ(
      error_of(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {}})", "w.json"),
      "w.json: /components: expected array");
  EXPECT_EQ(error_of(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "library", "name": "a", "hashes": [{"alg": "SHA-1", "content": 12}]}]})",
                     "w.json"),
            "w.json: /components/0/hashes/0/content: expected string");
  EXPECT_EQ(error_of(R"({"bomFormat": "CycloneDX", "specVersion": "1.6",
      "dependencies": [{"ref": "a", "dependsOn": ["b", 7]}]})",
                     "w.json"),
            "w.json: /dependencies/0/dependsOn/1: expected string");
  EXPECT_EQ(error_of(R"({"bomFormat": "CycloneDX", "specVersion": 1.6})", "w.json"),
            "w.json: /specVersion: expected string");
}

TEST(CycloneDxJson, StructuralProblemsAreReportedWithLocation) {
  EXPECT_EQ(
      error_of(
          R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library"}]})",
          "m.json"),
      "m.json: /components/0/name: missing (a component needs a name)");
  EXPECT_EQ(error_of(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "library", "name": "a", "bom-ref": "x"}, {"type": "library", "name": "b", "bom-ref": "x"}]})",
                     "d.json"),
            "d.json: /components/1: duplicate bom-ref 'x' (first used at /components/0)");
  EXPECT_EQ(
      error_of(
          R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "dependencies": [{"dependsOn": []}]})",
          "r.json"),
      "r.json: /dependencies/0/ref: missing");
}

TEST(CycloneDxJson, UnsupportedVersionsAndFormats) {
  auto v = read(R"({"bomFormat": "CycloneDX", "specVersion": "2.0", "components": []})", "v.json");
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(v.error().message,
            "v.json: CycloneDX specVersion 2.0 is not supported (1.0 - 1.7 are)");
  auto other = read(R"({"hello": "world"})", "o.json");
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kUnsupported);
  auto yaml = read("spdxVersion: SPDX-2.3\nname: x\n", "x.yaml");
  ASSERT_FALSE(yaml.has_value());
  EXPECT_EQ(yaml.error().code, ErrorCode::kUnsupported);
  auto empty = read("  \n", "e.json");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().message, "e.json: empty document");
  auto array = read("[1, 2]", "a.json");
  ASSERT_FALSE(array.has_value());
  EXPECT_EQ(array.error().code, ErrorCode::kInvalidInput);
}

TEST(CycloneDxXml, ComponentsDependenciesAndLines) {
  constexpr std::string_view doc =
      "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n"
      "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" serialNumber=\"urn:uuid:2\" "
      "version=\"1\">\n"
      "  <metadata><component type=\"application\" "
      "bom-ref=\"app\"><name>app</name></component></metadata>\n"
      "  <components>\n"
      "    <component type=\"library\" bom-ref=\"a\">\n"
      "      <supplier><name>Acme</name></supplier>\n"
      "      <name>a</name><version>1.0</version>\n"
      "      <hashes><hash alg=\"SHA-1\">ABCDEF</hash></hashes>\n"
      "      <licenses><license><id>MIT</id></license><expression>MIT OR "
      "BSD-2-Clause</expression></licenses>\n"
      "      <purl>pkg:npm/a@1.0</purl>\n"
      "      <properties><property name=\"k\">v</property></properties>\n"
      "      <components><component type=\"library\"><name>inner</name></component></components>\n"
      "    </component>\n"
      "  </components>\n"
      "  <dependencies><dependency ref=\"app\"><dependency "
      "ref=\"a\"/></dependency></dependencies>\n"
      "</bom>\n";
  auto sbom = read(doc, "x.xml");
  ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
  EXPECT_EQ(sbom->format, bulwark::SbomFormat::kCycloneDxXml);
  EXPECT_EQ(sbom->spec_version, "1.5");
  EXPECT_EQ(sbom->serial_number, "urn:uuid:2");
  ASSERT_TRUE(sbom->subject.has_value());
  EXPECT_EQ(sbom->subject->bom_ref, "app");
  ASSERT_EQ(sbom->components.size(), 2u);
  const auto& a = sbom->components[0];
  EXPECT_EQ(a.location, "line 5");
  EXPECT_EQ(a.supplier, "Acme");
  EXPECT_EQ(a.version, "1.0");
  EXPECT_EQ(a.purl, "pkg:npm/a@1.0");
  EXPECT_EQ(a.hashes[0].value, "abcdef");
  EXPECT_EQ(a.licenses, (std::vector<std::string>{"MIT", "MIT OR BSD-2-Clause"}));
  ASSERT_EQ(a.properties.size(), 1u);
  EXPECT_EQ(a.properties[0].second, "v");
  EXPECT_EQ(sbom->components[1].name, "inner");
  EXPECT_EQ(sbom->components[1].parent, 0);
  EXPECT_EQ(sbom->components[1].location, "line 12");
  ASSERT_EQ(sbom->dependencies.size(), 1u);
  EXPECT_EQ(sbom->dependencies[0].depends_on, std::vector<std::string>{"a"});
}

TEST(CycloneDxXml, ErrorsNameTheLine) {
  const std::string broken = error_of(
      "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\">\n  "
      "<components>\n"
      "    <component type=\"library\"><name>a</nam></component>\n",
      "p.xml");
  EXPECT_TRUE(broken.starts_with("p.xml:4:")) << broken;
  EXPECT_EQ(
      error_of("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\">\n<components>\n"
               "<component type=\"library\"><version>1</version></component>\n</components></bom>",
               "n.xml"),
      "n.xml:3: component has no <name>");
  auto ns = read("<bom xmlns=\"http://example.com/bom\"/>", "ns.xml");
  ASSERT_FALSE(ns.has_value());
  EXPECT_EQ(ns.error().code, ErrorCode::kUnsupported);
}

TEST(SpdxTagValue, PackagesRelationshipsAndText) {
  constexpr std::string_view doc =
      "# a comment\n"
      "SPDXVersion: SPDX-2.3\n"
      "DocumentNamespace: https://example.com/doc\n"
      "SPDXID: SPDXRef-DOCUMENT\n"
      "DocumentComment: <text>two\nlines</text>\n"
      "Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-app\n"
      "\n"
      "PackageName: app\n"
      "SPDXID: SPDXRef-app\n"
      "PackageVersion: 1.0\n"
      "\n"
      "PackageName: zlib\n"
      "SPDXID: SPDXRef-zlib\n"
      "PackageVersion: 1.2.13\n"
      "PackageSupplier: Organization: Zlib Team\n"
      "PackageChecksum: SHA256: AB12\n"
      "PackageLicenseConcluded: Zlib\n"
      "PackageLicenseDeclared: NOASSERTION\n"
      "PackageComment: <text>multi\nline\ncomment: with colon</text>\n"
      "ExternalRef: PACKAGE-MANAGER purl pkg:deb/debian/zlib1g@1.2.13\n"
      "ExternalRef: SECURITY cpe23Type cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*\n"
      "PackageSourceInfo: built package from: zlib 1:1.2.13.dfsg-1\n"
      "FileName: ./zlib.h\n"
      "SPDXID: SPDXRef-file\n"
      "LicenseConcluded: MIT\n"
      "Relationship: SPDXRef-app DEPENDS_ON SPDXRef-zlib\n"
      "Relationship: SPDXRef-zlib DEPENDENCY_OF SPDXRef-app\n"
      "Relationship: SPDXRef-app CONTAINS SPDXRef-file\n";
  auto sbom = read(doc, "t.spdx");
  ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
  EXPECT_EQ(sbom->format, bulwark::SbomFormat::kSpdxTagValue);
  EXPECT_EQ(sbom->serial_number, "https://example.com/doc");
  ASSERT_TRUE(sbom->subject.has_value());
  EXPECT_EQ(sbom->subject->name, "app");
  ASSERT_EQ(sbom->components.size(), 1u);
  const auto& z = sbom->components[0];
  EXPECT_EQ(z.bom_ref, "SPDXRef-zlib");
  EXPECT_EQ(z.location, "line 13");
  EXPECT_EQ(z.supplier, "Zlib Team");
  EXPECT_EQ(z.licenses, std::vector<std::string>{"Zlib"});
  ASSERT_EQ(z.hashes.size(), 1u);
  EXPECT_EQ(z.hashes[0].algorithm, "SHA-256");
  EXPECT_EQ(z.hashes[0].value, "ab12");
  EXPECT_EQ(z.purl, "pkg:deb/debian/zlib1g@1.2.13");
  EXPECT_EQ(z.cpes.size(), 1u);
  EXPECT_EQ(z.source_name, "zlib");
  EXPECT_EQ(z.source_version, "1:1.2.13.dfsg-1");
  // DEPENDS_ON and the reversed DEPENDENCY_OF give one edge; the file edge is dropped.
  ASSERT_EQ(sbom->dependencies.size(), 1u);
  EXPECT_EQ(sbom->dependencies[0].ref, "SPDXRef-app");
  EXPECT_EQ(sbom->dependencies[0].depends_on, std::vector<std::string>{"SPDXRef-zlib"});
}

TEST(SpdxTagValue, ErrorsNameTheLine) {
  EXPECT_EQ(error_of("SPDXVersion: SPDX-2.3\nPackageName: a\nthis line has no colon\n", "e.spdx"),
            "e.spdx:3: expected 'Tag: value', got 'this line has no colon'");
  EXPECT_EQ(error_of("SPDXVersion: SPDX-2.3\n\nPackageName: a\nPackageVersion: 1\n", "n.spdx"),
            "n.spdx:3: package 'a' has no SPDXID");
  EXPECT_EQ(error_of("SPDXVersion: SPDX-2.3\nDocumentComment: <text>never\nclosed\n", "t.spdx"),
            "t.spdx:2: <text> is not closed by </text>");
  EXPECT_EQ(
      error_of("SPDXVersion: SPDX-2.3\nX: <text>a\nb\nc</text>\nRelationship: A B\n", "r.spdx"),
      "r.spdx:5: expected 'Relationship: ELEMENT TYPE ELEMENT'");
  auto v = read("SPDXVersion: SPDX-3.0\n", "v.spdx");
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code, ErrorCode::kUnsupported);
}

TEST(SpdxJson, PackagesAndErrors) {
  constexpr std::string_view doc = R"json({"spdxVersion": "SPDX-2.2", "SPDXID": "SPDXRef-DOCUMENT",
    "documentNamespace": "https://example.com/d", "documentDescribes": ["SPDXRef-a", "SPDXRef-b"],
    "packages": [
      {"SPDXID": "SPDXRef-a", "name": "a", "versionInfo": "1", "primaryPackagePurpose": "OPERATING_SYSTEM",
       "checksums": [{"algorithm": "SHA1", "checksumValue": "AA"}]},
      {"SPDXID": "SPDXRef-b", "name": "b", "supplier": "Person: Bob (bob@example.com)",
       "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                         "referenceLocator": "pkg:npm/b@2"}]}],
    "relationships": [{"spdxElementId": "SPDXRef-b", "relationshipType": "DEV_DEPENDENCY_OF",
                       "relatedSpdxElement": "SPDXRef-a"}]})json";
  auto sbom = read(doc, "s.json");
  ASSERT_TRUE(sbom.has_value()) << sbom.error().message;
  // Two described packages: no single root product, both stay components.
  EXPECT_FALSE(sbom->subject.has_value());
  ASSERT_EQ(sbom->components.size(), 2u);
  EXPECT_EQ(sbom->components[0].type, "operating-system");
  EXPECT_EQ(sbom->components[0].hashes[0].algorithm, "SHA-1");
  EXPECT_EQ(sbom->components[0].hashes[0].value, "aa");
  EXPECT_EQ(sbom->components[1].supplier, "Bob");
  EXPECT_EQ(sbom->components[1].purl, "pkg:npm/b@2");
  ASSERT_EQ(sbom->dependencies.size(), 1u);
  EXPECT_EQ(sbom->dependencies[0].ref, "SPDXRef-a");
  EXPECT_EQ(sbom->dependencies[0].depends_on, std::vector<std::string>{"SPDXRef-b"});

  EXPECT_EQ(error_of(R"({"spdxVersion": "SPDX-2.3", "packages": [{"name": "a"}]})", "p.json"),
            "p.json: /packages/0/SPDXID: missing (a package needs an SPDXID)");
  EXPECT_EQ(
      error_of(R"({"spdxVersion": "SPDX-2.3", "packages": [{"SPDXID": "SPDXRef-a", "name": "a",
      "checksums": [{"algorithm": "SHA1", "checksumValue": 5}]}]})",
               "c.json"),
      "c.json: /packages/0/checksums/0/checksumValue: expected string");
  auto v3 = read(R"({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []})",
                 "v3.json");
  ASSERT_FALSE(v3.has_value());
  EXPECT_EQ(v3.error().code, ErrorCode::kUnsupported);
}
