// The added output formats: CycloneDX 1.6 XML (validated against the official XSD with xmllint),
// SPDX 2.3 tag-value and SPDX 3.0.1 JSON-LD, plus round trips (write X, read X back, same
// components) for every readable format and the format-name parsing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bulwark/sbom/reader.hpp"
#include "bulwark/sbom/writer.hpp"
#include "sbom_test_util.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::Component;
using bulwark::Sbom;
using bulwark::sbom::OutputFormat;
using bulwark::sbom::WriteOptions;
using nlohmann::json;

namespace {

const std::string kSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const std::string kSha512 =
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feeb"
    "bd454d4423643ce80e2a9ac94fa54ca49f";

constexpr auto make = &bulwark::sbom::test::make_component;

Sbom sample() {
  Sbom s;
  s.serial_number = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
  Component subject = make("product:fw@3.1", "fw", "3.1", "");
  subject.type = "application";
  subject.supplier = "Acme GmbH";
  s.subject = subject;
  Component ssl = make("deb:libssl3", "libssl3", "3.0.11-1~deb12u2",
                       "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
  ssl.licenses = {"Apache-2.0"};
  ssl.supplier = "Debian OpenSSL Team";
  ssl.location = "var/lib/dpkg/status";
  ssl.hashes = {{"SHA-256", kSha256}, {"SHA-512", kSha512}};
  ssl.properties = {{"bulwark:extractor", "os/dpkg"}};
  Component zlib =
      make("deb:zlib1g", "zlib1g", "1:1.2.13.dfsg-1", "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1");
  zlib.licenses = {"Zlib"};
  Component lodash = make("npm:lodash@4.17.21", "lodash", "4.17.21", "pkg:npm/lodash@4.17.21");
  lodash.licenses = {"MIT OR Apache-2.0"};
  Component inner = make("npm:inner@1.0.0", "inner", "1.0.0", "pkg:npm/inner@1.0.0");
  inner.parent = 2;  // nested in lodash
  inner.licenses = {"MIT", "Acme Proprietary Licence"};
  inner.cpes = {"cpe:2.3:a:acme:inner:1.0.0:*:*:*:*:*:*:*"};
  s.components = {ssl, zlib, lodash, inner};
  s.dependencies = {{"product:fw@3.1", {"deb:libssl3", "npm:lodash@4.17.21"}},
                    {"deb:libssl3", {"deb:zlib1g"}},
                    {"npm:lodash@4.17.21", {"npm:inner@1.0.0"}}};
  return s;
}

std::string write_doc(const Sbom& s, OutputFormat f) {
  std::ostringstream out;
  auto r = bulwark::sbom::write(
      s, f, out, WriteOptions{"1.2.3", "2026-01-02T03:04:05Z", "psirt@acme.example"});
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return out.str();
}

// Licence atoms, independent of how a format joins them: {"MIT", "Acme Licence"} and
// "MIT AND LicenseRef-Acme-Licence" both give {"MIT", "Acme-Licence"}.
std::set<std::string> licence_atoms(const std::vector<std::string>& ls) {
  auto atom = [](std::string w) {
    if (w.starts_with("LicenseRef-")) w = w.substr(11);
    for (char& c : w)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '+') c = '-';
    return w;
  };
  std::set<std::string> out;
  for (const auto& l : ls) {
    bool expression = l.find(" AND ") != std::string::npos || l.find(" OR ") != std::string::npos ||
                      l.find(" WITH ") != std::string::npos || l.find('(') != std::string::npos;
    if (!expression) {
      out.insert(atom(l));
      continue;
    }
    std::string word;
    std::istringstream in(l);
    while (in >> word) {
      std::erase(word, '(');
      std::erase(word, ')');
      if (word != "AND" && word != "OR" && word != "WITH" && !word.empty()) out.insert(atom(word));
    }
  }
  return out;
}

// A comparable summary of a component: name, version, purl, hashes, licence atoms.
std::string summary(const Component& c) {
  std::set<std::string> hashes;
  for (const auto& h : c.hashes) {
    std::string alg = h.algorithm;
    std::erase(alg, '-');
    hashes.insert(alg + ":" + h.value);
  }
  std::string s = c.name + "|" + c.version + "|" + c.purl + "|";
  for (const auto& h : hashes) s += h + ",";
  s += "|";
  for (const auto& l : licence_atoms(c.licenses)) s += l + ",";
  return s;
}

// The dependency graph as name -> names (refs differ between formats).
std::set<std::pair<std::string, std::string>> edges(const Sbom& s) {
  std::map<std::string, std::string> names;
  if (s.subject) names[s.subject->bom_ref] = s.subject->name;
  for (const auto& c : s.components) names[c.bom_ref] = c.name;
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& d : s.dependencies)
    for (const auto& t : d.depends_on) out.emplace(names[d.ref], names[t]);
  return out;
}

void expect_same_components(const Sbom& in, const Sbom& out, bool nesting_is_dependency) {
  std::multiset<std::string> a, b;
  for (const auto& c : in.components) a.insert(summary(c));
  for (const auto& c : out.components) b.insert(summary(c));
  EXPECT_EQ(a, b);
  ASSERT_TRUE(out.subject);
  EXPECT_EQ(out.subject->name, "fw");
  auto want = edges(in);
  // SPDX writes nesting as CONTAINS, which the reader returns as a dependency edge.
  if (nesting_is_dependency) want.emplace("lodash", "inner");
  EXPECT_EQ(edges(out), want);
  std::map<std::string, std::string> suppliers;
  for (const auto& c : out.components) suppliers[c.name] = c.supplier;
  EXPECT_EQ(suppliers["libssl3"], "Debian OpenSSL Team");
}

TEST(OutputFormat, ParsesTheFiveNames) {
  using bulwark::sbom::parse_output_format;
  EXPECT_EQ(*parse_output_format("cyclonedx-json"), OutputFormat::kCycloneDxJson);
  EXPECT_EQ(*parse_output_format("cyclonedx-xml"), OutputFormat::kCycloneDxXml);
  EXPECT_EQ(*parse_output_format("spdx-json"), OutputFormat::kSpdxJson);
  EXPECT_EQ(*parse_output_format("spdx-tv"), OutputFormat::kSpdxTagValue);
  EXPECT_EQ(*parse_output_format("spdx3-json"), OutputFormat::kSpdx3JsonLd);
  auto bad = parse_output_format("spdx-yaml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, bulwark::ErrorCode::kUsage);
  EXPECT_NE(bad.error().message.find("spdx-yaml"), std::string::npos);
  EXPECT_NE(bad.error().message.find("spdx3-json"), std::string::npos);
  EXPECT_EQ(bulwark::sbom::output_format_names().size(), 5u);
  for (const auto& n : bulwark::sbom::output_format_names())
    EXPECT_EQ(bulwark::sbom::format_name(*parse_output_format(n)), n);
}

TEST(CycloneDxXmlWriter, ElementsAndAttributes) {
  auto xml = write_doc(sample(), OutputFormat::kCycloneDxXml);
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")) << xml.substr(0, 80);
  EXPECT_NE(
      xml.find("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" "
               "serialNumber=\"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79\" version=\"1\">"),
      std::string::npos);
  EXPECT_NE(xml.find("<timestamp>2026-01-02T03:04:05Z</timestamp>"), std::string::npos);
  EXPECT_NE(xml.find("<hash alg=\"SHA-512\">" + kSha512 + "</hash>"), std::string::npos);
  EXPECT_NE(xml.find("<expression>MIT OR Apache-2.0</expression>"), std::string::npos);
  EXPECT_NE(xml.find("<email>psirt@acme.example</email>"), std::string::npos);
  EXPECT_NE(xml.find("<dependency ref=\"deb:libssl3\">"), std::string::npos);
  EXPECT_NE(xml.find("<dependency ref=\"deb:zlib1g\" />"), std::string::npos);
}

// Validates `xml` with xmllint against ../shared's bom-1.6.xsd; its import of the SPDX licence
// schema (http://cyclonedx.org/schema/spdx) is mapped to the local spdx.xsd by an XML catalog.
void expect_xsd_valid(const std::string& xml) {
  BULWARK_REQUIRE_SHARED(schema, "corpora/cyclonedx-spec/schema");
  if (!fs::exists("/usr/bin/xmllint"))
    GTEST_SKIP() << "xmllint absent (Debian package libxml2-utils): XSD not checked";
  bulwark::test::TempDir tmp;
  auto file = tmp.path() / "bom.xml";
  auto catalog = tmp.path() / "catalog.xml";
  std::ofstream(file) << xml;
  std::ofstream(catalog) << "<?xml version=\"1.0\"?>\n<catalog "
                            "xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">\n"
                         << "  <uri name=\"http://cyclonedx.org/schema/spdx\" uri=\"file://"
                         << (schema / "spdx.xsd").string() << "\"/>\n</catalog>\n";
  auto r = bulwark::test::run("XML_CATALOG_FILES=" + bulwark::test::shell_quote(catalog) +
                              " /usr/bin/xmllint --noout --nonet --schema " +
                              bulwark::test::shell_quote(schema / "bom-1.6.xsd") + " " +
                              bulwark::test::shell_quote(file));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("bom.xml validates"), std::string::npos) << r.err;
}

TEST(CycloneDxXmlWriter, ValidatesAgainstTheOfficialXsd) {
  expect_xsd_valid(write_doc(sample(), OutputFormat::kCycloneDxXml));
}

TEST(CycloneDxXmlWriter, OddContentStillValidates) {
  Sbom odd;
  Component c = make("x\x01y", "na\x02me <&>", "", "");
  c.licenses = {"GPL-2.0-only WITH Classpath-exception-2.0", "Weird \"Licence\""};
  c.type = "no-such-type";
  odd.components = {c};
  auto xml = write_doc(odd, OutputFormat::kCycloneDxXml);
  EXPECT_NE(xml.find("<name>name &lt;&amp;&gt;</name>"), std::string::npos) << xml;
  expect_xsd_valid(xml);
}

TEST(CycloneDxXmlWriter, EmptySbomValidates) {
  expect_xsd_valid(write_doc(Sbom{}, OutputFormat::kCycloneDxXml));
}

// Real SBOMs from ../shared converted: CycloneDX XML validates, tag-value reads back with the
// same components.
TEST(FormatConversionCorpus, RealSbomsConvert) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cyclonedx-bom-examples/SBOM");
  std::size_t converted = 0;
  for (const char* rel : {"dropwizard-1.3.15/bom.json", "keycloak-10.0.2/bom.json",
                          "laravel-7.12.0/bom.1.4.xml", "juice-shop/v11.1.2/bom.json"}) {
    if (!fs::exists(dir / rel)) continue;
    auto in = bulwark::sbom::read_file((dir / rel).string());
    ASSERT_TRUE(in) << in.error().message;
    ASSERT_GT(in->components.size(), 10u) << rel;
    expect_xsd_valid(write_doc(*in, OutputFormat::kCycloneDxXml));
    auto tv = bulwark::sbom::read(write_doc(*in, OutputFormat::kSpdxTagValue), "converted.spdx");
    ASSERT_TRUE(tv) << rel << ": " << tv.error().message;
    std::multiset<std::string> a, b;
    for (const auto& c : in->components) a.insert(c.name + "@" + c.version + " " + c.purl);
    for (const auto& c : tv->components) b.insert(c.name + "@" + c.version + " " + c.purl);
    EXPECT_EQ(a, b) << rel;
    ++converted;
  }
  RecordProperty("converted", static_cast<int>(converted));
  EXPECT_GE(converted, 3u);
}

TEST(CycloneDxXmlWriter, RoundTripsThroughTheReader) {
  Sbom in = sample();
  auto out = bulwark::sbom::read(write_doc(in, OutputFormat::kCycloneDxXml), "written.cdx.xml");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->format, bulwark::SbomFormat::kCycloneDxXml);
  EXPECT_EQ(out->spec_version, "1.6");
  expect_same_components(in, *out, false);
  for (const auto& c : out->components)
    if (c.name == "inner") {
      ASSERT_GE(c.parent, 0);
      EXPECT_EQ(out->components[static_cast<std::size_t>(c.parent)].name, "lodash");
      EXPECT_EQ(c.cpes, std::vector<std::string>{"cpe:2.3:a:acme:inner:1.0.0:*:*:*:*:*:*:*"});
    }
}

TEST(SpdxTagValueWriter, Lines) {
  auto tv = write_doc(sample(), OutputFormat::kSpdxTagValue);
  EXPECT_TRUE(tv.starts_with(
      "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: fw\n"))
      << tv.substr(0, 200);
  EXPECT_NE(tv.find("\nCreated: 2026-01-02T03:04:05Z\n"), std::string::npos);
  EXPECT_NE(tv.find("\nCreator: Tool: bulwark-1.2.3\n"), std::string::npos);
  EXPECT_NE(tv.find("\nPackageChecksum: SHA512: " + kSha512 + "\n"), std::string::npos);
  EXPECT_NE(tv.find("\nExternalRef: PACKAGE-MANAGER purl pkg:npm/lodash@4.17.21\n"),
            std::string::npos);
  EXPECT_NE(tv.find("\nRelationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-product-fw-3.1\n"),
            std::string::npos);
  EXPECT_NE(tv.find("\nLicenseID: LicenseRef-Acme-Proprietary-Licence\nExtractedText: <text>Acme "
                    "Proprietary Licence</text>\n"),
            std::string::npos);
}

TEST(SpdxTagValueWriter, RoundTripsThroughTheReader) {
  Sbom in = sample();
  auto out = bulwark::sbom::read(write_doc(in, OutputFormat::kSpdxTagValue), "written.spdx");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->format, bulwark::SbomFormat::kSpdxTagValue);
  EXPECT_EQ(out->spec_version, "SPDX-2.3");
  expect_same_components(in, *out, true);
}

TEST(SpdxTagValueWriter, MatchesTheJsonFormAfterReading) {
  Sbom in = sample();
  auto tv = bulwark::sbom::read(write_doc(in, OutputFormat::kSpdxTagValue), "a.spdx");
  auto js = bulwark::sbom::read(write_doc(in, OutputFormat::kSpdxJson), "a.spdx.json");
  ASSERT_TRUE(tv && js);
  ASSERT_EQ(tv->components.size(), js->components.size());
  for (std::size_t i = 0; i < tv->components.size(); ++i) {
    EXPECT_EQ(tv->components[i].bom_ref, js->components[i].bom_ref);
    EXPECT_EQ(summary(tv->components[i]), summary(js->components[i]));
    EXPECT_EQ(tv->components[i].cpes, js->components[i].cpes);
  }
  EXPECT_EQ(edges(*tv), edges(*js));
}

TEST(SpdxJsonWriter, RoundTripsThroughTheReader) {
  Sbom in = sample();
  auto out = bulwark::sbom::read(write_doc(in, OutputFormat::kSpdxJson), "written.spdx.json");
  ASSERT_TRUE(out) << out.error().message;
  expect_same_components(in, *out, true);
}

TEST(CycloneDxJsonWriter, RoundTripsThroughTheReader) {
  Sbom in = sample();
  auto out = bulwark::sbom::read(write_doc(in, OutputFormat::kCycloneDxJson), "written.cdx.json");
  ASSERT_TRUE(out) << out.error().message;
  expect_same_components(in, *out, false);
}

// ---- SPDX 3.0.1 ----

const json* by_id(const json& graph, const std::string& id) {
  for (const auto& e : graph)
    if (e.value("spdxId", "") == id || e.value("@id", "") == id) return &e;
  return nullptr;
}

TEST(Spdx3Writer, DocumentShape) {
  auto doc = json::parse(write_doc(sample(), OutputFormat::kSpdx3JsonLd));
  EXPECT_EQ(doc["@context"], "https://spdx.org/rdf/3.0.1/spdx-context.jsonld");
  const auto& g = doc["@graph"];
  const json* info = by_id(g, "_:creationinfo");
  ASSERT_TRUE(info);
  EXPECT_EQ((*info)["type"], "CreationInfo");
  EXPECT_EQ((*info)["specVersion"], "3.0.1");
  EXPECT_EQ((*info)["created"], "2026-01-02T03:04:05Z");
  const json* org = by_id(g, (*info)["createdBy"][0].get<std::string>());
  ASSERT_TRUE(org);
  EXPECT_EQ((*org)["type"], "Organization");
  EXPECT_EQ((*org)["name"], "Acme GmbH");
  EXPECT_EQ((*org)["externalIdentifier"][0]["identifier"], "psirt@acme.example");
  const json* tool = by_id(g, (*info)["createdUsing"][0].get<std::string>());
  ASSERT_TRUE(tool);
  EXPECT_EQ((*tool)["name"], "bulwark-1.2.3");

  std::map<std::string, const json*> packages;  // name -> package
  std::size_t documents = 0;
  for (const auto& e : g) {
    if (e["type"] == "software_Package") packages[e["name"].get<std::string>()] = &e;
    if (e["type"] == "SpdxDocument") ++documents;
  }
  EXPECT_EQ(documents, 1u);
  ASSERT_EQ(packages.size(), 5u);  // subject + 4
  const json& ssl = *packages["libssl3"];
  EXPECT_EQ(ssl["software_packageVersion"], "3.0.11-1~deb12u2");
  EXPECT_EQ(ssl["software_primaryPurpose"], "library");
  EXPECT_EQ(ssl["externalIdentifier"][0],
            json::parse(R"({"type":"ExternalIdentifier","externalIdentifierType":"packageUrl",
                            "identifier":"pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"})"));
  EXPECT_EQ(
      ssl["verifiedUsing"],
      json::parse(R"([{"type":"Hash","algorithm":"sha256","hashValue":")" + kSha256 +
                  R"("},{"type":"Hash","algorithm":"sha512","hashValue":")" + kSha512 + R"("}])"));
  EXPECT_EQ(by_id(g, ssl["suppliedBy"].get<std::string>())->at("name"), "Debian OpenSSL Team");
  EXPECT_EQ((*packages["inner"])["externalIdentifier"][1]["externalIdentifierType"], "cpe23");

  // Relationships by (from name, type) -> to names / licence expressions.
  std::map<std::string, std::string> name_of;
  for (const auto& [n, p] : packages) name_of[(*p)["spdxId"].get<std::string>()] = n;
  std::set<std::string> rels;
  for (const auto& e : g) {
    if (e["type"] != "Relationship") continue;
    std::string from =
        name_of.count(e["from"])
            ? name_of[e["from"]]
            : e["from"].get<std::string>().substr(e["from"].get<std::string>().find('#') + 1);
    for (const auto& t : e["to"]) {
      const json* target = by_id(g, t.get<std::string>());
      ASSERT_TRUE(target) << t;
      std::string to =
          name_of.count(t) ? name_of[t] : target->value("simplelicensing_licenseExpression", "?");
      rels.insert(from + " " + e["relationshipType"].get<std::string>() + " " + to);
    }
  }
  std::set<std::string> want{
      "SPDXRef-DOCUMENT describes fw",
      "fw dependsOn libssl3",
      "fw dependsOn lodash",
      "libssl3 dependsOn zlib1g",
      "lodash dependsOn inner",
      "lodash contains inner",
      "libssl3 hasDeclaredLicense Apache-2.0",
      "zlib1g hasDeclaredLicense Zlib",
      "lodash hasDeclaredLicense MIT OR Apache-2.0",
      "inner hasDeclaredLicense MIT AND LicenseRef-Acme-Proprietary-Licence"};
  EXPECT_EQ(rels, want);
}

TEST(Spdx3Writer, EveryReferenceResolvesAndIdsAreUnique) {
  auto doc = json::parse(write_doc(sample(), OutputFormat::kSpdx3JsonLd));
  const auto& g = doc["@graph"];
  std::set<std::string> ids;
  for (const auto& e : g) {
    ASSERT_TRUE(e.contains("type")) << e;
    if (e["type"] == "CreationInfo") continue;
    EXPECT_EQ(e["creationInfo"], "_:creationinfo") << e;
    ASSERT_TRUE(e.contains("spdxId")) << e;
    EXPECT_TRUE(ids.insert(e["spdxId"].get<std::string>()).second) << "duplicate " << e["spdxId"];
    EXPECT_TRUE(e["spdxId"].get<std::string>().starts_with(
        "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79#"))
        << e["spdxId"];
  }
  std::size_t refs = 0;
  for (const auto& e : g) {
    std::vector<std::string> targets;
    if (e["type"] == "SpdxDocument")
      for (const auto& x : e["element"]) targets.push_back(x.get<std::string>());
    if (e["type"] == "Relationship") {
      targets.push_back(e["from"].get<std::string>());
      for (const auto& x : e["to"]) targets.push_back(x.get<std::string>());
    }
    if (e.contains("simplelicensing_customIdToUri"))
      for (const auto& x : e["simplelicensing_customIdToUri"])
        targets.push_back(x["value"].get<std::string>());
    for (const auto& t : targets) {
      EXPECT_TRUE(ids.count(t)) << "unresolved " << t;
      ++refs;
    }
  }
  EXPECT_GT(refs, 20u);
}

// No SPDX 3 JSON schema is in ../shared: as an oracle, every type and property name we write
// must occur in the published SPDX 3.0 examples (spdx-spec, spdx-examples).
void collect_names(const json& j, std::set<std::string>& names) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      names.insert(k);
      if (k == "type" && v.is_string()) names.insert("type=" + v.get<std::string>());
      collect_names(v, names);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) collect_names(v, names);
  }
}

TEST(Spdx3Writer, UsesOnlyNamesFromThePublishedExamples) {
  BULWARK_REQUIRE_SHARED(corpora, "corpora");
  std::set<std::string> known;
  std::size_t files = 0;
  for (const char* sub : {"spdx-spec/v3.0", "spdx-examples"}) {
    if (!fs::exists(corpora / sub)) continue;
    for (const auto& e : fs::recursive_directory_iterator(corpora / sub)) {
      if (!e.is_regular_file() || e.path().extension() != ".json") continue;
      std::ifstream in(e.path());
      std::stringstream buf;
      buf << in.rdbuf();
      if (buf.str().find("spdx.org/rdf/3.0") == std::string::npos) continue;
      auto j = json::parse(buf.str(), nullptr, false);
      if (j.is_discarded()) continue;
      collect_names(j, known);
      ++files;
    }
  }
  RecordProperty("spdx3_example_files", static_cast<int>(files));
  ASSERT_GE(files, 5u) << "too few SPDX 3 examples found";
  // SPDX 3.0.1 SimpleLicensing classes the examples happen not to use.
  known.insert("type=simplelicensing_SimpleLicensingText");
  std::set<std::string> ours;
  collect_names(json::parse(write_doc(sample(), OutputFormat::kSpdx3JsonLd)), ours);
  std::set<std::string> unknown;
  for (const auto& n : ours)
    if (!known.count(n)) unknown.insert(n);
  EXPECT_TRUE(unknown.empty()) << "names not in the examples: " << testing::PrintToString(unknown);
}

}  // namespace
