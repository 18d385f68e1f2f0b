// End-to-end: `bulwark cra ...` on the bundled sample data, following the CRA walk-through
// (examples/cra-walkthrough.sh): a KEV-listed finding in a released product proposes a case, it is
// confirmed, the 24 h / 72 h deadlines run from awareness, a fix starts the 14-day clock, drafts
// and documents are written, and the evidence bundle is reproducible. Exact expectations only.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shared.hpp"

namespace bulwark::test {
namespace {

using nlohmann::json;

constexpr const char* kAware = "2026-11-29T10:00:00Z";

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CraCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (tmp_.path() / "bulwark.db").string();
    const auto data = source_dir() / "data/sample";
    const auto feeds = data / "feeds";
    ok("db import " + shell_quote(data / "osv") + " " + shell_quote(feeds / "kev-sample.json") +
       " " + shell_quote(feeds / "epss-sample.csv") + " " + shell_quote(feeds / "nvd-sample.json"));
    ok("product add acme-gateway --vendor 'Acme Devices GmbH' --class important-1 --contact "
       "security@acme.example "
       "--website https://acme.example --support-years 5 --description 'Industrial IoT gateway'");
    ok("cra classify acme-gateway --item AIII.C1.12 --member-state DE --member-state at "
       "--cvd-policy https://acme.example/security/policy --address 'Musterstrasse 1, Berlin'");
    ok("release add acme-gateway 3.2.0 --sbom " +
       shell_quote(data / "sbom/sample-product.cdx.json") + " --released 2026-03-02");
  }
  std::string bulwark(const std::string& args, const std::string& now = kAware) const {
    return "BULWARK_NOW=" + now + " '" + cli_path() + "' --db '" + db_ + "' " + args;
  }
  RunResult ok(const std::string& args, const std::string& now = kAware) {
    auto r = run(bulwark(args, now));
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err << r.out;
    return r;
  }
  json deadlines(const std::string& now, int want_exit) {
    auto r = run(bulwark("cra deadlines --format json", now));
    EXPECT_EQ(r.exit_code, want_exit) << r.err;
    return json::parse(r.out);
  }
  void propose_and_confirm() {
    auto r = ok("cra case propose");
    ASSERT_NE(r.out.find("proposed CRA-2026-0001: CVE-2021-44228"), std::string::npos) << r.out;
    ok("cra case confirm CRA-2026-0001 --by psirt", "2026-11-29T11:30:00Z");
  }
  void record_fix() {
    ok("release add acme-gateway 3.3.0 --sbom " +
           shell_quote(source_dir() / "data/sample/sbom/sample-product-3.3.0.cdx.json") +
           " --released 2026-12-01",
       "2026-12-01T09:00:00Z");
    // Given with an offset: stored in UTC (10:00+01:00 = 09:00Z).
    ok("cra case fix CRA-2026-0001 --at 2026-12-01T10:00:00+01:00 --by psirt --description "
       "'Release 3.3.0 updates log4j-core'",
       "2026-12-01T09:30:00Z");
  }

  TempDir tmp_;
  std::string db_;
};

TEST_F(CraCli, KevFindingProposesOneCaseOnce) {
  auto r = ok("cra case propose");
  EXPECT_NE(r.out.find("1 case(s) proposed"), std::string::npos) << r.out;
  auto again = ok("cra case propose", "2026-11-29T12:00:00Z");
  EXPECT_NE(again.out.find("0 case(s) proposed"), std::string::npos) << again.out;
  auto list = json::parse(ok("cra case list --format json").out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], "CRA-2026-0001");
  EXPECT_EQ(list[0]["status"], "proposed");
  EXPECT_EQ(list[0]["source"], "CISA KEV");
  EXPECT_EQ(list[0]["releases"], json({"3.2.0"}));
  EXPECT_EQ(list[0]["vulnerabilities"][0], "CVE-2021-44228");
  EXPECT_EQ(list[0]["aware_at"], kAware);
}

TEST_F(CraCli, DeadlinesAre24And72HoursAfterAwareness) {
  ok("cra case propose");
  auto before = deadlines("2026-11-29T11:00:00Z", 0);
  ASSERT_EQ(before["deadlines"].size(), 3u);
  EXPECT_TRUE(before["deadlines"][0]["awaiting_confirmation"].get<bool>());
  ok("cra case confirm CRA-2026-0001 --by psirt", "2026-11-29T11:30:00Z");
  auto d = deadlines("2026-11-29T11:30:00Z", 0);
  EXPECT_EQ(d["schema"], "bulwark-cra-deadlines/1");
  EXPECT_EQ(d["overdue"], 0);
  const auto& rows = d["deadlines"];
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["stage_id"], "A14.AEV.EW");
  EXPECT_EQ(rows[0]["due"], "2026-11-30T10:00:00Z");
  EXPECT_EQ(rows[0]["state"], "not_due");
  EXPECT_FALSE(rows[0]["awaiting_confirmation"].get<bool>());
  EXPECT_EQ(rows[1]["stage_id"], "A14.AEV.VN");
  EXPECT_EQ(rows[1]["due"], "2026-12-02T10:00:00Z");
  EXPECT_EQ(rows[2]["stage_id"], "A14.AEV.FR");
  EXPECT_TRUE(rows[2]["due"].is_null());  // no corrective measure yet
  EXPECT_EQ(rows[0]["case"], "CRA-2026-0001");
  EXPECT_EQ(rows[0]["product"], "acme-gateway");
}

TEST_F(CraCli, OverdueEarlyWarningExitsOne) {
  propose_and_confirm();
  auto at_due = deadlines("2026-11-30T10:00:00Z", 0);  // due exactly now: due soon, not overdue
  EXPECT_EQ(at_due["deadlines"][0]["state"], "due_soon");
  auto late = deadlines("2026-11-30T10:00:01Z", 1);
  EXPECT_EQ(late["overdue"], 1);
  EXPECT_EQ(late["deadlines"][0]["state"], "overdue");
  // A late submission clears the alert and is recorded as late.
  ok("cra case submit CRA-2026-0001 early-warning --reference EW-1 --by psirt --at "
     "2026-11-30T11:00:00Z",
     "2026-11-30T12:00:00Z");
  auto after = deadlines("2026-11-30T12:00:00Z", 0);
  EXPECT_EQ(after["deadlines"][0]["state"], "submitted_late");
  EXPECT_EQ(after["deadlines"][0]["submitted_at"], "2026-11-30T11:00:00Z");
  EXPECT_EQ(after["deadlines"][0]["reference"], "EW-1");
}

TEST_F(CraCli, FixStartsFourteenDayFinalReportClock) {
  propose_and_confirm();
  ok("cra case submit CRA-2026-0001 early-warning --reference EW-1 --by psirt",
     "2026-11-29T16:00:00Z");
  record_fix();
  auto d = deadlines("2026-12-01T10:00:00Z", 0);
  const auto& rows = d["deadlines"];
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["stage_id"], "A14.AEV.EW");
  EXPECT_EQ(rows[0]["state"], "submitted");
  EXPECT_EQ(rows[1]["stage_id"], "A14.AEV.VN");
  EXPECT_EQ(rows[2]["stage_id"], "A14.AEV.FR");
  EXPECT_EQ(rows[2]["due"], "2026-12-15T09:00:00Z");
  auto show =
      json::parse(ok("cra case show CRA-2026-0001 --format json", "2026-12-01T10:00:00Z").out);
  EXPECT_EQ(show["case"]["corrective_measure_at"], "2026-12-01T09:00:00Z");
  ASSERT_EQ(show["case"]["audit"].size(), 4u);  // propose, confirm, submit, fix
  EXPECT_EQ(show["case"]["audit"][3]["action"], "record_corrective_measure");
}

TEST_F(CraCli, UnknownCaseOrProductExitsTwoAndWritesNothing) {
  auto r = run(bulwark("cra case confirm CRA-2026-9999 --by psirt"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown case 'CRA-2026-9999'"), std::string::npos) << r.err;
  r = run(bulwark("cra case open nope --vulnerability CVE-2021-44228"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown product 'nope'"), std::string::npos) << r.err;
  r = run(bulwark("cra draft CRA-2026-0042 -o " + shell_quote(tmp_.path() / "d")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(json::parse(ok("cra case list --format json").out).size(), 0u);
  // A transition the state machine refuses (submit before confirmation) changes nothing.
  ok("cra case propose");
  r = run(bulwark("cra case submit CRA-2026-0001 early-warning --reference X --by psirt"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  auto show = json::parse(ok("cra case show CRA-2026-0001 --format json").out);
  EXPECT_EQ(show["case"]["status"], "proposed");
  EXPECT_EQ(show["case"]["audit"].size(), 1u);
}

TEST_F(CraCli, DismissNotExploitableIsRecordedAsSuch) {
  ok("cra case open acme-gateway@3.2.0 --vulnerability CVE-2021-23337 --source 'vendor advisory' "
     "--by psirt");
  ok("cra case dismiss CRA-2026-0001 --reason 'not exploitable in the product' --by psirt");
  auto show = json::parse(ok("cra case show CRA-2026-0001 --format json").out);
  EXPECT_EQ(show["case"]["status"], "dismissed");
  EXPECT_TRUE(show["case"]["dismissed_not_exploitable"].get<bool>());
  EXPECT_EQ(show["case"]["audit"][1]["action"], "dismiss_not_exploitable");
  // Dismissed cases have no deadlines; the same vulnerability is not proposed again.
  EXPECT_EQ(deadlines(kAware, 0)["deadlines"].size(), 0u);
}

TEST_F(CraCli, SevereIncidentQuestionnaire) {
  auto r =
      run(bulwark("cra case open acme-gateway --incident 'tampered update server' --severe-answers "
                  "no,no,no,yes"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not severe"), std::string::npos) << r.err;
  ok("cra case open acme-gateway --incident 'tampered update server' --affects-security yes "
     "--malicious-code yes --unlawful yes");
  auto show = json::parse(ok("cra case show CRA-2026-0001 --format json").out);
  EXPECT_EQ(show["case"]["kind"], "severe_incident");
  EXPECT_EQ(show["detail"]["assessment"]["decision"], "severe");
  EXPECT_EQ(show["clocks"][1]["stage_id"], "A14.SI.IN");
  EXPECT_EQ(show["clocks"][1]["due"], "2026-12-02T10:00:00Z");
}

TEST_F(CraCli, DraftsCarryFactsFromTheMatch) {
  propose_and_confirm();
  record_fix();
  const auto dir = tmp_.path() / "drafts";
  ok("cra draft CRA-2026-0001 -o " + shell_quote(dir) + " --user-notice", "2026-12-01T10:00:00Z");
  for (const char* s : {"early-warning", "notification", "final-report"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / (std::string("CRA-2026-0001-") + s + ".md"))) << s;
    EXPECT_TRUE(std::filesystem::exists(dir / (std::string("CRA-2026-0001-") + s + ".json"))) << s;
  }
  auto ew = json::parse(slurp(dir / "CRA-2026-0001-early-warning.json"));
  EXPECT_EQ(ew["stage_id"], "A14.AEV.EW");
  EXPECT_NE(ew["fields"]["member_states"].get<std::string>().find("DE"), std::string::npos);
  EXPECT_NE(ew["fields"]["exploitation_evidence"].get<std::string>().find("KEV"),
            std::string::npos);
  auto fr = json::parse(slurp(dir / "CRA-2026-0001-final-report.json"));
  EXPECT_EQ(fr["due"], "2026-12-15T09:00:00Z");
  EXPECT_FALSE(fr["fields"]["description"].is_null());
  EXPECT_NE(fr["fields"]["severity"].get<std::string>().find("10"), std::string::npos)
      << fr["fields"]["severity"];
  auto notice = json::parse(slurp(dir / "CRA-2026-0001-user-notice.csaf.json"));
  EXPECT_EQ(notice["document"]["category"], "csaf_security_advisory");
  EXPECT_EQ(notice["vulnerabilities"][0]["cve"], "CVE-2021-44228");
}

TEST_F(CraCli, ChecklistHooksAndValidation) {
  auto r =
      run(bulwark("cra checklist acme-gateway set AI.P2.1 --not-applicable --justification x"));
  EXPECT_EQ(r.exit_code, 2) << r.err;  // AI.P2.* always applies
  r = run(bulwark("cra checklist acme-gateway set AI.P1.2b --not-applicable"));
  EXPECT_EQ(r.exit_code, 2) << r.err;  // no justification
  ok("cra checklist acme-gateway set AI.P2.3 --status in_progress --owner qa "
     "--evidence 'test_report:https://acme.example/qa/pt.pdf:Pentest 2026'");
  auto j = json::parse(ok("cra checklist acme-gateway --format json").out);
  ASSERT_EQ(j["items"].size(), 22u);
  std::map<std::string, json> items;
  for (const auto& it : j["items"]) items[it["id"].get<std::string>()] = it;
  EXPECT_EQ(items["AI.P2.1"]["status"], "met");       // SBOM per release
  EXPECT_EQ(items["AI.P1.2a"]["status"], "not_met");  // Log4Shell (KEV) shipped unhandled in 3.2.0
  EXPECT_EQ(items["AI.P2.5"]["status"], "met");       // CVD policy URL recorded
  EXPECT_EQ(items["AI.P2.6"]["status"], "met");       // contact present
  EXPECT_EQ(items["AI.P1.2b"]["applicable"], true);   // the refused change was not written
  EXPECT_EQ(items["AI.P2.3"]["status"], "in_progress");
  EXPECT_EQ(items["AI.P2.3"]["evidence"][0]["uri"], "https://acme.example/qa/pt.pdf");
  EXPECT_EQ(items["AI.P2.3"]["evidence"][0]["description"], "Pentest 2026");
}

TEST_F(CraCli, ClassifySupportAndNotice) {
  auto c = ok("cra classify acme-gateway");
  EXPECT_NE(c.out.find("important_class_i (AIII.C1.12"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("member states: AT, DE"), std::string::npos) << c.out;
  EXPECT_EQ(run(bulwark("cra classify acme-gateway --item AIII.C9.9")).exit_code, 2);
  EXPECT_EQ(run(bulwark("cra classify acme-gateway --member-state XX")).exit_code, 2);
  auto s = json::parse(ok("cra support --format json").out);
  ASSERT_EQ(s["releases"].size(), 1u);
  EXPECT_EQ(s["releases"][0]["end"], "2031-03-02T00:00:00Z");
  EXPECT_EQ(s["releases"][0]["retain_until"], "2036-03-02T00:00:00Z");
  EXPECT_EQ(s["releases"][0]["status"], "supported");
  auto n = ok("cra support notice acme-gateway@3.2.0");
  EXPECT_NE(n.out.find("March 2031"), std::string::npos) << n.out;
}

TEST_F(CraCli, DocsAndReproducibleEvidenceBundle) {
  propose_and_confirm();
  record_fix();
  const auto a = tmp_.path() / "a";
  const auto b = tmp_.path() / "b";
  ok("cra docs acme-gateway@3.3.0 -o " + shell_quote(a), "2026-12-02T08:00:00Z");
  ok("cra docs acme-gateway@3.3.0 -o " + shell_quote(b), "2026-12-02T08:00:00Z");
  for (const char* f : {"technical-documentation.md", "technical-documentation.html",
                        "declaration-of-conformity.md", "simplified-declaration.md",
                        "user-information.html", "evidence.zip"})
    EXPECT_TRUE(std::filesystem::exists(a / f)) << f;
  auto sha = [](const std::filesystem::path& p) {
    return run("sha256sum " + shell_quote(p) + " | cut -d' ' -f1").out;
  };
  const auto ha = sha(a / "evidence.zip");
  EXPECT_EQ(ha.size(), 65u);
  EXPECT_EQ(ha, sha(b / "evidence.zip"));
  const std::string zip = slurp(a / "evidence.zip");
  for (const char* name :
       {"sbom.cdx.json", "vex.openvex.json", "findings.json", "checklist.json",
        "risk-assessment.md", "manifest.json", "documents/technical-documentation.md"})
    EXPECT_NE(zip.find(name), std::string::npos) << name;
  EXPECT_NE(slurp(a / "technical-documentation.md").find("acme-gateway"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::test
