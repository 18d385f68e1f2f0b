// End-to-end through the built CLI: products and releases, triage inheritance, scan --vex, monitor
// gates and bad input (unknown product/release/finding, unknown VEX format) that changes nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "shared.hpp"

namespace bulwark::test {
namespace {

using nlohmann::json;

class HandlingCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (tmp_.path() / "bulwark.db").string();
    auto feeds = source_dir() / "data/sample/feeds";
    ok("db import " + q(source_dir() / "data/sample/osv") + " " + q(feeds / "kev-sample.json"));
    ok("product add acme --vendor Acme --website https://acme.example --contact "
       "security@acme.example");
    ok("release add acme 1.0 --sbom " +
       q(source_dir() / "data/sample/sbom/sample-product.cdx.json") + " --released 2026-03-02");
    ok("release add acme 2.0 --sbom " +
       q(source_dir() / "data/sample/sbom/sample-product-3.3.0.cdx.json") +
       " --released 2026-11-16");
  }
  std::string bulwark(const std::string& args) const {
    return "BULWARK_NOW=2026-11-29T12:00:00Z '" + cli_path() + "' --db '" + db_ + "' " + args;
  }
  RunResult ok(const std::string& args) {
    auto r = run(bulwark(args));
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    return r;
  }
  static std::string q(const std::filesystem::path& p) { return shell_quote(p); }
  json findings(const std::string& spec, const std::string& extra = "") {
    auto r = ok("findings " + spec + " --format json " + extra);
    return json::parse(r.out);
  }
  static const json* find(const json& doc, const std::string& id) {
    for (const auto& f : doc["findings"])
      if (f["id"] == id) return &f;
    return nullptr;
  }

  TempDir tmp_;
  std::string db_;
};

TEST_F(HandlingCli, TriageIsInheritedAndShownAsSuch) {
  ok("triage acme@1.0 GHSA-35jh-r3h4-6jhm --state not_affected --justification "
     "vulnerable_code_not_present --author alice");
  auto v1 = findings("acme@1.0");
  EXPECT_EQ(find(v1, "CVE-2021-23337"), nullptr);  // suppressed
  EXPECT_EQ(v1["suppressed_hidden"], 1);
  auto v2 = findings("acme@2.0", "--show-suppressed");
  const json* f = find(v2, "CVE-2021-23337");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["analysis"]["state"], "not_affected");
  EXPECT_EQ((*f)["analysis"]["justification"], "vulnerable_code_not_present");
  EXPECT_EQ((*f)["analysis"]["inherited"], true);
  EXPECT_EQ((*f)["analysis"]["origin"], "1.0");
  EXPECT_EQ((*f)["analysis"]["suppressed"], true);
  EXPECT_EQ((*f)["analysis"]["author"], "alice");
  auto h = ok("triage --history acme --format json");
  EXPECT_EQ(json::parse(h.out).size(), 1u);
  // SARIF marks the suppression.
  auto sarif = ok("findings acme@2.0 --format sarif --show-suppressed");
  EXPECT_NE(sarif.out.find("\"suppressions\""), std::string::npos);
}

TEST_F(HandlingCli, ScanHonoursVexFiles) {
  ok("triage acme@1.0 CVE-2021-44906 --state not_affected --justification "
     "vulnerable_code_not_in_execute_path");
  const auto vex = tmp_.path() / "vex.json";
  ok("vex export acme -f openvex -o " + q(vex));
  auto plain = run(bulwark("scan --format json " +
                           q(source_dir() / "data/sample/sbom/sample-product.cdx.json")));
  auto with = run(bulwark("scan --format json --vex " + q(vex) + " " +
                          q(source_dir() / "data/sample/sbom/sample-product.cdx.json")));
  ASSERT_EQ(plain.exit_code, 0);
  ASSERT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(json::parse(plain.out)["findings"].size(),
            json::parse(with.out)["findings"].size() + 1);
  EXPECT_EQ(json::parse(with.out)["suppressed_hidden"], 1);
  // The gate ignores suppressed findings: minimist is P1, the remaining P1 findings still fail it.
  auto gate = run(bulwark("scan --fail-on P0 --vex " + q(vex) + " " +
                          q(source_dir() / "data/sample/sbom/sample-product.cdx.json")));
  EXPECT_EQ(gate.exit_code, 1);
}

TEST_F(HandlingCli, MonitorGateOnNewFindings) {
  auto first = ok("monitor --format json");
  EXPECT_EQ(json::parse(first.out)["summary"]["new"], 0);
  // A new KEV-less advisory for express arrives: new findings in both releases.
  const auto dir = tmp_.path() / "osv";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "GHSA-test.json")
      << R"({"id":"GHSA-test-test-test","modified":"2026-11-29T00:00:00Z","aliases":["CVE-2026-12345"],
            "database_specific":{"severity":"CRITICAL"},
            "affected":[{"package":{"ecosystem":"npm","name":"express"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"5.0.0"}]}]}]})";
  ok("db import " + q(dir));
  auto second = run(bulwark("monitor --format json --fail-on low"));
  EXPECT_EQ(second.exit_code, 1) << second.err;
  auto j = json::parse(second.out);
  EXPECT_EQ(j["summary"]["new"], 2);
  auto third = run(bulwark("monitor --fail-on low"));
  EXPECT_EQ(third.exit_code, 0) << "nothing new the second time";
}

TEST_F(HandlingCli, LongSummariesAreCutAtACharacterBoundary) {
  // Details without a summary give the finding a one-line summary cut at 200 bytes: 196 ASCII
  // characters, then two-byte characters, so the cut falls inside one of them.
  const std::string summary = std::string(196, 'a') + "\u00e9\u00e9\u00e9\u00e9 and more";
  const auto dir = tmp_.path() / "osv-utf8";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "GHSA-utf8.json")
      << R"({"id":"GHSA-utf8-utf8-utf8","modified":"2026-11-29T00:00:00Z","details":")" << summary
      << R"(","affected":[{"package":{"ecosystem":"npm","name":"express"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"5.0.0"}]}]}]})";
  ok("db import " + q(dir));
  auto r = ok("findings acme@1.0 --format json");
  EXPECT_EQ(r.out.find("\xef\xbf\xbd"), std::string::npos)
      << "a replacement character: the cut split a UTF-8 sequence";
  const json doc = json::parse(r.out);
  const json* f = find(doc, "GHSA-utf8-utf8-utf8");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["summary"].get<std::string>(), std::string(196, 'a') + "...");
}

TEST_F(HandlingCli, WhereUsedListsTheReleasesShippingAComponent) {
  const json both = json::parse(ok("product where-used pkg:npm/minimist --format json").out);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0]["release"], "1.0");
  EXPECT_EQ(both[1]["release"], "2.0");
  EXPECT_EQ(both[0]["purl"], "pkg:npm/minimist@1.2.5");
  EXPECT_EQ(
      json::parse(ok("product where-used pkg:npm/minimist --versions '>=1.2.6' --format json").out)
          .size(),
      0u);
  auto table = ok("product where-used pkg:npm/minimist --versions '<1.2.6'").out;
  EXPECT_NE(table.find("2 release(s)"), std::string::npos) << table;
  auto r = run(bulwark("product where-used pkg:npm/minimist --versions '>='"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("versions: "), std::string::npos) << r.err;
}

TEST_F(HandlingCli, BadInputIsRefusedAndChangesNothing) {
  auto before = ok("product show acme --format json").out;
  auto r = run(bulwark("findings nope@1.0"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown product 'nope'"), std::string::npos);
  r = run(bulwark("findings acme@9.9"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown release"), std::string::npos);
  r = run(bulwark("triage acme@1.0 CVE-1999-0001 --state affected"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no open finding CVE-1999-0001"), std::string::npos);
  r = run(bulwark("triage acme@1.0 CVE-2021-23337 --state maybe"));
  EXPECT_EQ(r.exit_code, 2);
  const auto bogus = tmp_.path() / "bogus.json";
  std::ofstream(bogus) << R"({"hello": "world"})";
  r = run(bulwark("vex import acme " + q(bogus)));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a VEX document"), std::string::npos);
  r = run(bulwark("release add acme 3.0 --sbom " + q(bogus)));
  EXPECT_EQ(r.exit_code, 2);
  r = run(bulwark("release add acme 3.0 --sbom " +
                  q(source_dir() / "data/sample/sbom/sample-product.cdx.json") +
                  " --released 2026-01-01 --support-end 2027-01-01"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("under five years"), std::string::npos);
  EXPECT_EQ(ok("product show acme --format json").out, before);
  EXPECT_EQ(json::parse(ok("triage --history acme --format json").out).size(), 0u);
}

// Issue 10: release add applies the CRA support-period rule (five calendar years): 1,825 days from
// 2026-03-02 end on 2031-03-01, one day short, and need a rationale; exactly five years do not.
TEST_F(HandlingCli, ReleaseAddRefusesOneDayUnderFiveYearsWithoutRationale) {
  const std::string sbom =
      " --sbom " + q(source_dir() / "data/sample/sbom/sample-product.cdx.json");
  auto r = run(
      bulwark("release add acme 3.0" + sbom + " --released 2026-03-02 --support-end 2031-03-01"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("under five years"), std::string::npos) << r.err;
  ok("release add acme 3.0" + sbom +
     " --released 2026-03-02 --support-end 2031-03-01 --support-rationale 'trial'");
  ok("release add acme 3.1" + sbom + " --released 2026-03-02 --support-end 2031-03-02");
}

// Issue 10: a release dated on a leap day gets a valid default support end (2029-02-28), and no
// error ever blames an option the user did not give.
TEST_F(HandlingCli, LeapDayReleaseGetsAValidDefaultSupportEnd) {
  auto r = run(bulwark("release add acme 3.0 --sbom " +
                       q(source_dir() / "data/sample/sbom/sample-product.cdx.json") +
                       " --released 2024-02-29"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("--support-end"), std::string::npos) << r.err;
  const json show = json::parse(ok("product show acme --format json").out);
  bool seen = false;
  for (const auto& rel : show["releases"])
    if (rel["version"] == "3.0") {
      seen = true;
      EXPECT_EQ(rel["support_end"], "2029-02-28");
      EXPECT_EQ(rel["support_status"], "supported");
    }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace bulwark::test
