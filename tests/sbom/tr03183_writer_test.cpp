// The TR-03183-2 fields the writers carry (issue 15): maintainer fields split into name and
// e-mail / URL in CycloneDX, SPDX 2.3 and SPDX 3.0.1, hashes and file names, the SBOM creator with
// its contact, and every output of such a component validated against the official schemas
// (../shared oracle, skipped with a message when absent). Then our own check scores it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "bulwark/sbom/check.hpp"
#include "bulwark/sbom/writer.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::Component;
using bulwark::Sbom;
using bulwark::sbom::OutputFormat;
using bulwark::sbom::WriteOptions;
using nlohmann::json;

namespace {

const std::string kSha512(
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feeb"
    "b"
    "d454d4423643ce80e2a9ac94fa54ca49f");
const std::string kSha256("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

// A dpkg package as the inventory now writes it.
Sbom sample() {
  Sbom s;
  s.serial_number = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
  Component subject;
  subject.bom_ref = "product:gateway@1.0";
  subject.type = "application";
  subject.name = "gateway";
  subject.version = "1.0";
  subject.supplier = "Acme GmbH";
  s.subject = subject;
  Component c;
  c.bom_ref = "pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12&upstream=glibc";
  c.purl = c.bom_ref;
  c.name = "libc6";
  c.version = "2.36-9+deb12u4";
  c.supplier = "GNU Libc Maintainers <debian-glibc@lists.debian.org>";
  c.licenses = {"LGPL-2.1-or-later AND BSD-3-Clause AND GPL-3.0-or-later WITH GCC-exception-3.1"};
  c.hashes = {{"SHA-256", kSha256}, {"SHA-512", kSha512}};
  c.properties = {{"bsi:component:filename", "libc6_2.36-9+deb12u4_amd64.deb"},
                  {"bsi:component:executable", "executable"},
                  {"bsi:component:archive", "archive"},
                  {"bsi:component:structured", "structured"}};
  c.location = "var/lib/dpkg/status";
  Component web = c;
  web.bom_ref = "pkg:generic/web@2";
  web.purl = web.bom_ref;
  web.name = "web";
  web.version = "2";
  web.supplier = "Web Team (https://web.example/security)";
  web.licenses = {"MIT"};
  s.components = {c, web};
  s.dependencies = {{"product:gateway@1.0", {c.bom_ref, web.bom_ref}},
                    {c.bom_ref, {}},
                    {web.bom_ref, {c.bom_ref}}};
  return s;
}

std::string write(const Sbom& s, OutputFormat f) {
  std::ostringstream out;
  auto r = bulwark::sbom::write(
      s, f, out, WriteOptions{"1.2.3", "2026-01-02T03:04:05Z", "psirt@acme.example"});
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return out.str();
}

void expect_schema_valid(const std::string& doc, const std::string& kind) {
  auto shared = bulwark::test::shared_dir();
  if (!shared || !fs::exists(*shared / "oracles/schema-validate.py") ||
      !fs::exists("/usr/bin/python3"))
    GTEST_SKIP()
        << "../shared/oracles/schema-validate.py or /usr/bin/python3 absent: schema not checked";
  bulwark::test::TempDir tmp;
  auto file = tmp.path() / ("doc." + kind + ".json");
  std::ofstream(file) << doc;
  auto r =
      bulwark::test::run("SCHEMAS='" + (*shared / "schemas").string() + "' /usr/bin/python3 '" +
                         (*shared / "oracles/schema-validate.py").string() + "' --kind " + kind +
                         " '" + file.string() + "'");
  if (r.err.find("No module named 'jsonschema'") != std::string::npos)
    GTEST_SKIP() << "python3-jsonschema absent: schema not checked";
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(json::parse(r.out)["valid"], true) << r.out;
}

TEST(Tr03183Writer, CycloneDxSplitsMaintainerAndCarriesHashesAndProperties) {
  auto doc = json::parse(write(sample(), OutputFormat::kCycloneDxJson));
  const auto& c = doc["components"][0];
  EXPECT_EQ(c["supplier"], json::parse(R"({"name": "GNU Libc Maintainers",
      "contact": [{"email": "debian-glibc@lists.debian.org"}]})"));
  EXPECT_EQ(doc["components"][1]["supplier"],
            json::parse(R"({"name": "Web Team", "url": ["https://web.example/security"]})"));
  EXPECT_EQ(c["hashes"][1]["alg"], "SHA-512");
  EXPECT_EQ(c["licenses"][0]["expression"],
            "LGPL-2.1-or-later AND BSD-3-Clause AND GPL-3.0-or-later WITH GCC-exception-3.1");
  EXPECT_EQ(doc["metadata"]["manufacturer"]["contact"][0]["email"], "psirt@acme.example");
  expect_schema_valid(doc.dump(), "cdx");
}

TEST(Tr03183Writer, OwnCheckScoresTheCycloneDxDocumentFull) {
  auto r = bulwark::sbom::check(write(sample(), OutputFormat::kCycloneDxJson), "t",
                                bulwark::sbom::CheckProfile::kAll);
  ASSERT_TRUE(r) << r.error().message;
  for (const auto& s : r->scores) EXPECT_EQ(s.score, 100) << s.profile;
}

TEST(Tr03183Writer, SpdxActorsCarryTheContactAndFileName) {
  auto doc = json::parse(write(sample(), OutputFormat::kSpdxJson));
  EXPECT_EQ(doc["creationInfo"]["creators"][1], "Organization: Acme GmbH (psirt@acme.example)");
  const auto& p = doc["packages"][1];
  EXPECT_EQ(p["supplier"], "Organization: GNU Libc Maintainers (debian-glibc@lists.debian.org)");
  EXPECT_EQ(p["packageFileName"], "libc6_2.36-9+deb12u4_amd64.deb");
  expect_schema_valid(doc.dump(), "spdx");
  auto r = bulwark::sbom::check(doc.dump(), "t", bulwark::sbom::CheckProfile::kBsi);
  ASSERT_TRUE(r) << r.error().message;
  for (const auto& f : r->fields)
    if (f.field == "creator_contact" || f.field == "filename" || f.field == "sha512_hash")
      EXPECT_EQ(f.have, f.total) << f.field;
}

TEST(Tr03183Writer, Spdx3OrganizationsCarryTheirEmail) {
  auto doc = json::parse(write(sample(), OutputFormat::kSpdx3JsonLd));
  bool found = false;
  for (const auto& e : doc["@graph"])
    if (e["type"] == "Organization" && e["name"] == "GNU Libc Maintainers") {
      found = true;
      EXPECT_EQ(e["externalIdentifier"][0]["identifier"], "debian-glibc@lists.debian.org");
    }
  EXPECT_TRUE(found);
  expect_schema_valid(doc.dump(), "spdx3");
}

}  // namespace
