// Imports from threat-modelling tools: our Threat Dragon model of the sample gateway, the public
// examples in ../shared/corpora/threat-models (skipped when absent), the CycloneDX export read
// back, and malformed models named by file and JSON pointer.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "bulwark/assessment/propose.hpp"
#include "bulwark/assessment/text.hpp"
#include "bulwark/core/clock.hpp"
#include "shared.hpp"

namespace bulwark::assessment {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<std::filesystem::path> corpus() {
  auto shared = test::shared_dir();
  if (!shared) return std::nullopt;
  auto dir = *shared / "corpora" / "threat-models" / "models";
  if (!std::filesystem::exists(dir)) return std::nullopt;
  return dir;
}

TEST(RiskInterchange, OurThreatDragonModelOfTheGateway) {
  const auto path = test::source_dir() / "examples" / "risk" / "acme-gateway.threat-dragon.json";
  auto im = import_document(slurp(path), "acme-gateway.threat-dragon.json");
  ASSERT_TRUE(im) << im.error().message;
  EXPECT_EQ(im->format, SourceFormat::kThreatDragon);
  const auto& a = im->assessment;
  EXPECT_GE(a.threats.size(), 12u);
  EXPECT_GE(a.assets.size(), 6u);
  EXPECT_GE(a.interfaces.size(), 4u);
  // Scores "L4/H1/B4/C3" give the three impacts apart.
  EXPECT_EQ(a.threats[1].title, "Credential guessing against the admin login");
  EXPECT_EQ(a.threats[1].inherent, (Rating{4, {1, 4, 3}}));
  EXPECT_TRUE(a.threats[1].residual);  // Mitigated
  // "CIA: H/H/M" in the description.
  bool creds = false;
  for (const auto& x : a.assets)
    if (x.name == "Credentials and keys") {
      creds = true;
      EXPECT_EQ(x.confidentiality, Need::kHigh);
      EXPECT_EQ(x.availability, Need::kMedium);
    }
  EXPECT_TRUE(creds);
  // AI.P1.2x in mitigation text links the mitigation.
  auto d = derive_applicability(a);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_FALSE((*d)[2].mitigations.empty());  // AI.P1.2c: signed updates
  // The text annotation and the trust boundary are listed as not mapped.
  ASSERT_EQ(im->not_mapped.size(), 3u);
  EXPECT_NE(im->not_mapped[0].find("text annotation"), std::string::npos);
  EXPECT_NE(im->not_mapped[1].find("trust boundary"), std::string::npos);
  // The UART console is a physical debug interface.
  bool uart = false;
  for (const auto& in : a.interfaces)
    if (in.name.find("UART") != std::string::npos) {
      uart = true;
      EXPECT_EQ(in.kind, "debug");
      EXPECT_EQ(in.exposure, "physical");
    }
  EXPECT_TRUE(uart);
}

TEST(RiskInterchange, PublicCorpusImportsListWhatDidNotMap) {
  auto dir = corpus();
  if (!dir) GTEST_SKIP() << "../shared/corpora/threat-models absent";
  struct Expect {
    const char* file;
    SourceFormat format;
    std::size_t threats, assets, interfaces;
  };
  const Expect expect[] = {
      {"iot-device.json", SourceFormat::kThreatDragon, 4, 10, 14},
      {"v2-threat-model.json", SourceFormat::kThreatDragon, 13, 0, 0},
      {"mobile-cloud.otm.json", SourceFormat::kOtm, 43, 4, 6},
      {"huskyai.tmbom.json", SourceFormat::kTmBom, 0, 0, 0},
      {"tmbom-otm-example.cdx.json", SourceFormat::kCycloneDx, 0, 0, 0},
      {"tmbom-pytm-example.cdx.json", SourceFormat::kCycloneDx, 0, 0, 0},
  };
  for (const auto& e : expect) {
    auto im = import_document(slurp(*dir / e.file), e.file);
    ASSERT_TRUE(im) << e.file << ": " << im.error().message;
    EXPECT_EQ(im->format, e.format) << e.file;
    EXPECT_FALSE(im->mapped.empty()) << e.file;
    EXPECT_FALSE(im->not_mapped.empty()) << e.file;
    if (e.threats) {
      EXPECT_EQ(im->assessment.threats.size(), e.threats) << e.file;
    }
    if (e.assets) {
      EXPECT_EQ(im->assessment.assets.size(), e.assets) << e.file;
    }
    if (e.interfaces) {
      EXPECT_EQ(im->assessment.interfaces.size(), e.interfaces) << e.file;
    }
    for (const auto& n : im->not_mapped) EXPECT_EQ(n.front(), '/') << e.file << ": " << n;
  }
  // The category lists are not models.
  auto stride = import_document(slurp(*dir / "stride.json"), "stride.json");
  ASSERT_FALSE(stride);
  EXPECT_NE(stride.error().message.find("stride.json: /actor: unknown field"), std::string::npos);
}

TEST(RiskInterchange, CycloneDxExportReadsBack) {
  const auto path = test::source_dir() / "examples" / "risk" / "acme-gateway.threat-dragon.json";
  auto im = import_document(slurp(path), "m.json");
  ASSERT_TRUE(im) << im.error().message;
  const std::string cdx = to_cyclonedx(im->assessment, {"revision 1", "2026-12-01T00:00:00Z"});
  auto back = import_document(cdx, "export.cdx.json");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->format, SourceFormat::kCycloneDx);
  EXPECT_EQ(back->assessment.threats.size(), im->assessment.threats.size());
  EXPECT_EQ(back->assessment.assets, im->assessment.assets);
  EXPECT_EQ(back->assessment.threats[1].inherent, im->assessment.threats[1].inherent);
  EXPECT_EQ(back->assessment.mitigations.size(), im->assessment.mitigations.size());
  const std::string md = to_markdown(im->assessment, {"revision 1", ""});
  EXPECT_NE(md.find("| AI.P1.2c | yes | implemented by"), std::string::npos);
}

TEST(RiskInterchange, MalformedModelsNameFileAndPointer) {
  auto bad =
      import_document(R"({"version":"2.3.0","detail":{"diagrams":[{"cells":[7]}]}})", "td.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "td.json: /detail/diagrams/0/cells/0: expected an object");
  bad = import_document(R"({"otmVersion":"0.1.0","threats":[{"id":"1","categories":3}]})",
                        "m.otm.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "m.otm.json: /threats/0/categories: expected an array of strings");
  bad = import_document(R"({"bomFormat":"CycloneDX","components":{}})", "c.cdx.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "c.cdx.json: /components: expected an array");
}

TEST(RiskPropose, FactsProposeThreatsAndFlagReviews) {
  ProposalFacts f;
  f.product = "acme-gateway";
  f.release = "3.2.0";
  f.previous_release = "3.1.0";
  f.now = *parse_rfc3339("2026-12-01T00:00:00Z");
  f.components = {
      {"express", "4.18.2", "pkg:npm/express@4.18.2", "library"},
      {"openssl", "1.1.1n-0+deb11u4", "pkg:deb/debian/openssl", "library"},
      {"updater-image", "1.0.0", "", "container"},
      {"log4j-core", "2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core", "library"}};
  f.previous_components = {{"express", "4.17.0", "", "library"}};
  f.findings = {{"CVE-2021-44228", "log4j-core", "2.14.1", true, "P0", "2.17.1"}};
  Assessment cur;
  Interface web;
  web.id = "I1";
  web.name = "Logging API";
  web.components = {"log4j-core"};
  web.assets = {"A1"};
  cur.assets = {{"A1", "Logs", "data", "", Need::kLow, Need::kHigh, Need::kMedium}};
  cur.interfaces = {web};
  auto props = propose(&cur, f);
  std::map<std::string, Proposal> by;
  for (auto& p : props) by[p.key] = p;
  ASSERT_TRUE(by.contains("interface:web-server"));
  ASSERT_TRUE(by.contains("interface:update"));
  EXPECT_EQ(by["interface:update"].fragment.mitigations[0].requirements[0], "AI.P1.2c");
  ASSERT_TRUE(by.contains("mitigation:signed-updates"));
  ASSERT_TRUE(by.contains("threat:kev:CVE-2021-44228"));
  const auto& kev = by["threat:kev:CVE-2021-44228"].fragment.threats[0];
  EXPECT_EQ(kev.inherent.likelihood, 5);
  EXPECT_EQ(kev.assets, std::vector<std::string>{"A1"});
  ASSERT_TRUE(by.contains("review:kev:CVE-2021-44228"));
  EXPECT_NE(by["review:kev:CVE-2021-44228"].reason.find("reaches assets A1"), std::string::npos);
  ASSERT_TRUE(by.contains("threat:eol:openssl"));  // 1.1.1 ended 2023-09-11
  ASSERT_TRUE(by.contains("review:new-class:tls"));
  EXPECT_FALSE(by.contains("review:new-class:web-server"));  // express was there before
  // Accepted fragments merge into a valid assessment.
  Assessment merged = cur;
  for (const auto& p : props) merged = merge(merged, p.fragment);
  auto v = validate(merged);
  EXPECT_TRUE(v) << v.error().message;
  // Covered proposals disappear.
  auto again = propose(&merged, f);
  for (const auto& p : again) EXPECT_EQ(p.kind, "review") << p.key;
}

// What the exposure results show proposes interfaces and threats: telnet listening, a console
// shell without login, each undeclared open port, default credentials; nothing for a check the
// rules do not map (binary hardening); the accepted fragments validate, and once merged the
// same facts propose nothing more.
TEST(RiskPropose, ExposureResultsProposeInterfacesAndThreats) {
  ProposalFacts f;
  f.product = "acme-gateway";
  f.release = "3.3.0";
  f.now = *parse_rfc3339("2026-12-01T00:00:00Z");
  f.exposure = {
      {"EXP.NET.TELNET", "192.0.2.10:23", "telnet banner 'BusyBox login'", "network scan run 2"},
      {"EXP.SVC.TELNET", "etc/inittab", "telnetd -l /bin/sh", "file analysis run 1"},
      {"EXP.DBG.CONSOLE", "etc/inittab", "ttyS0::respawn:/bin/sh", "file analysis run 1"},
      {"EXP.NET.PORT", "tcp/8081", "open, not declared", "network scan run 2"},
      {"EXP.NET.PORT", "udp/5000", "open, not declared", "network scan run 2"},
      {"EXP.ACC.DEFAULTPW", "etc/shadow", "root: 'admin'", "file analysis run 1"},
      {"EXP.NET.DNS", "udp/53", "open recursive resolver", "network scan run 2"},
      {"EXP.BIN.PIE", "usr/bin/app", "not PIE", "file analysis run 1"}};
  auto props = propose(nullptr, f);
  std::map<std::string, Proposal> by;
  for (auto& p : props)
    if (p.key.starts_with("exposure:")) by[p.key] = p;
  std::vector<std::string> keys;
  for (const auto& [k, p] : by) keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"exposure:amplifier", "exposure:debug-console",
                                      "exposure:default-credentials", "exposure:port:tcp/8081",
                                      "exposure:port:udp/5000", "exposure:telnet"}));
  const auto& telnet = by["exposure:telnet"];
  EXPECT_EQ(telnet.kind, "interface");
  ASSERT_EQ(telnet.fragment.interfaces.size(), 1u);
  EXPECT_EQ(telnet.fragment.interfaces[0].id, "IF-TELNET");
  EXPECT_NE(telnet.reason.find("EXP.NET.TELNET 192.0.2.10:23: telnet banner"), std::string::npos)
      << telnet.reason;
  EXPECT_NE(telnet.reason.find("EXP.SVC.TELNET etc/inittab"), std::string::npos) << telnet.reason;
  const auto& console = by["exposure:debug-console"].fragment;
  EXPECT_EQ(console.interfaces[0].kind, "debug");
  EXPECT_EQ(console.interfaces[0].exposure, "physical");
  EXPECT_EQ(console.mitigations[0].requirements, std::vector<std::string>{"AI.P1.2d"});
  EXPECT_EQ(by["exposure:amplifier"].fragment.mitigations[0].requirements,
            std::vector<std::string>{"AI.P1.2i"});
  EXPECT_EQ(by["exposure:default-credentials"].kind, "threat");
  EXPECT_TRUE(by["exposure:default-credentials"].fragment.interfaces.empty());
  Assessment merged;
  for (const auto& [k, p] : by) merged = merge(merged, p.fragment);
  auto v = validate(merged);
  EXPECT_TRUE(v) << v.error().message;
  for (const auto& p : propose(&merged, f)) EXPECT_FALSE(p.key.starts_with("exposure:")) << p.key;
}

TEST(RiskPropose, CatalogueForRouters) {
  auto c = catalogue_for("AIII.C1.12");
  std::vector<std::string> ids;
  for (const auto& x : c) ids.emplace_back(x.id);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "CAT-ROUTER-1"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "CAT-ANY-1"), ids.end());
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "CAT-PWM-1"), ids.end());
  EXPECT_EQ(catalogue_for("").size(), threat_catalogue().size());
  for (const auto& x : threat_catalogue())
    for (auto r : {x.requirements}) EXPECT_TRUE(std::string(r).starts_with("AI.P1.2")) << x.id;
}

}  // namespace
}  // namespace bulwark::assessment
