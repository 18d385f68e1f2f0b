// End-to-end: `bulwark risk ...` on a temporary database, as the risk walk-through uses it
// (examples/risk-walkthrough.sh): import of the native form (YAML and JSON) and of a Threat Dragon
// model, export in every format (and the native ones read back unchanged), show, diff between
// revisions, the four-eyes review (the author can neither review nor approve: exit 2 with the
// reason), a malformed file (exit 2 naming the file and the JSON pointer, nothing stored), and the
// assessment driving the findings' priorities (issue 17). Exact expectations only.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shared.hpp"

namespace bulwark::test {
namespace {

using nlohmann::json;

constexpr const char* kNow = "2026-12-01T09:00:00Z";

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class RiskCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (tmp_.path() / "bulwark.db").string();
    ok("product add acme-gateway --vendor 'Acme Devices GmbH' --class important-1 --contact "
       "security@acme.example --website https://acme.example --support-years 5");
    ok("release add acme-gateway 3.3.0 --sbom " +
       shell_quote(source_dir() / "data/sample/sbom/sample-product-3.3.0.cdx.json") +
       " --released 2026-12-01");
  }
  std::string bulwark(const std::string& args) const {
    return std::string("BULWARK_NOW=") + kNow + " '" + cli_path() + "' --db '" + db_ + "' " + args;
  }
  RunResult ok(const std::string& args) {
    auto r = run(bulwark(args));
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err << r.out;
    return r;
  }
  RunResult refused(const std::string& args) {
    auto r = run(bulwark(args));
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err << r.out;
    return r;
  }
  std::string example(const char* name) const {
    return shell_quote(source_dir() / "examples/risk" / name);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = tmp_.path() / name;
    std::ofstream(p, std::ios::binary) << text;
    return shell_quote(p);
  }
  std::string slurp(const std::string& name) const {
    std::ifstream in(tmp_.path() / name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  json show(const std::string& target) {
    auto r = ok("risk show " + target + " --format json");
    return json::parse(r.out);
  }
  void import_threat_dragon() {
    auto r = ok("risk import acme-gateway@3.3.0 " + example("acme-gateway.threat-dragon.json") +
                " --by architect@acme.example");
    ASSERT_TRUE(has(r.out, "threat-dragon")) << r.out;
  }
  std::size_t history_lines() {
    auto r = ok("risk history acme-gateway@3.3.0");
    return static_cast<std::size_t>(std::count(r.out.begin(), r.out.end(), '\n')) - 1;  // header
  }

  TempDir tmp_;
  std::string db_;
};

constexpr const char* kNativeJson = R"({
  "format": "bulwark-risk-assessment/1",
  "product": "acme-gateway",
  "assets": [{"id": "credentials", "name": "Administrator credentials",
              "confidentiality": "high", "integrity": "high", "availability": "low"}],
  "interfaces": [{"id": "web-ui", "name": "Web UI", "kind": "network", "exposure": "internet",
                  "assets": ["credentials"], "components": ["express", "Lodash"]}],
  "threats": [{"id": "T1", "title": "Credential stuffing on the web UI",
               "stride": ["spoofing"], "assets": ["credentials"], "interfaces": ["web-ui"],
               "inherent": {"likelihood": 4, "impact": {"business": 4}}}]
}
)";

TEST_F(RiskCli, ImportsThreatDragonNativeYamlAndNativeJson) {
  auto td = ok("risk import acme-gateway@3.3.0 " + example("acme-gateway.threat-dragon.json") +
               " --by architect@acme.example");
  EXPECT_TRUE(has(td.out, "acme-gateway.threat-dragon.json: threat-dragon (revision 1")) << td.out;
  EXPECT_TRUE(has(td.out, "  mapped:     ")) << td.out;
  EXPECT_TRUE(has(td.out, "  not mapped: ")) << td.out;
  EXPECT_TRUE(has(td.out, "acme-gateway@3.3.0: 8 assets, 8 interfaces, 14 threats")) << td.out;
  // Native YAML laid over it (context, statements, accepted risk): revision 2.
  auto yaml = ok("risk import acme-gateway@3.3.0 " + example("acme-gateway-context.yaml") +
                 " --merge --by architect@acme.example");
  EXPECT_TRUE(has(yaml.out, "acme-gateway-context.yaml: bulwark (revision 2")) << yaml.out;
  json v2 = show("acme-gateway@3.3.0");
  EXPECT_EQ(v2["revision"], 2);
  EXPECT_EQ(v2["assessment"]["threats"].size(), 14u);
  EXPECT_FALSE(v2["assessment"]["context"]["intended_purpose"].get<std::string>().empty());
  // Native JSON replacing it: revision 3; the same file again writes nothing.
  const std::string file = write("gateway.json", kNativeJson);
  auto js = ok("risk import acme-gateway@3.3.0 " + file + " --by architect@acme.example");
  EXPECT_TRUE(has(js.out, "gateway.json: bulwark (revision 3")) << js.out;
  EXPECT_TRUE(has(js.out, "acme-gateway@3.3.0: 1 assets, 1 interfaces, 1 threats")) << js.out;
  auto again = ok("risk import acme-gateway@3.3.0 " + file + " --by architect@acme.example");
  EXPECT_TRUE(has(again.out, "unchanged: identical to the latest revision")) << again.out;
  EXPECT_EQ(show("acme-gateway@3.3.0")["revision"], 3);
  // --format forces the reader: a native file read as Threat Dragon is refused.
  refused("risk import acme-gateway@3.3.0 " + file + " --format threat-dragon --by a");
  EXPECT_EQ(show("acme-gateway@3.3.0")["revision"], 3);
}

TEST_F(RiskCli, ExportsJsonYamlMarkdownCycloneDxAndReadsThemBack) {
  import_threat_dragon();
  ok("risk export acme-gateway@3.3.0 -f json -o " + shell_quote(tmp_.path() / "a.json"));
  const json doc = json::parse(slurp("a.json"));
  EXPECT_EQ(doc["format"], "bulwark-risk-assessment/1");
  EXPECT_EQ(doc["product"], "acme-gateway");
  EXPECT_EQ(doc["threats"].size(), 14u);
  EXPECT_EQ(doc["interfaces"].size(), 8u);

  ok("risk export acme-gateway@3.3.0 -f yaml -o " + shell_quote(tmp_.path() / "a.yaml"));
  const std::string yaml = slurp("a.yaml");
  EXPECT_TRUE(has(yaml, "\nformat: \"bulwark-risk-assessment/1\"\n")) << yaml.substr(0, 200);
  EXPECT_TRUE(has(yaml, "\nthreats:\n  - id: ")) << yaml.substr(0, 400);
  // Both native forms read back as the same content: nothing new is stored.
  for (const char* name : {"a.json", "a.yaml"}) {
    auto back = ok("risk import acme-gateway@3.3.0 " + shell_quote(tmp_.path() / name) +
                   " --by architect@acme.example");
    EXPECT_TRUE(has(back.out, "unchanged: identical to the latest revision")) << name << back.out;
  }

  auto md = ok("risk export acme-gateway@3.3.0 -f md");
  EXPECT_TRUE(has(md.out, "acme-gateway@3.3.0 revision 1")) << md.out.substr(0, 400);
  EXPECT_TRUE(has(md.out, "| AI.P1.2a |")) << md.out.substr(0, 400);
  auto html = ok("risk export acme-gateway@3.3.0 -f html");
  EXPECT_TRUE(html.out.starts_with("<!DOCTYPE html>")) << html.out.substr(0, 200);
  EXPECT_TRUE(has(html.out, "<h2>Threats</h2>")) << html.out.substr(0, 400);
  EXPECT_TRUE(has(html.out, "<td>AI.P1.2a</td>")) << html.out.substr(0, 400);
  EXPECT_EQ(html.out.find("<script"), std::string::npos);

  ok("risk export acme-gateway@3.3.0 -f cyclonedx -o " + shell_quote(tmp_.path() / "a.cdx.json"));
  const json cdx = json::parse(slurp("a.cdx.json"));
  EXPECT_EQ(cdx["bomFormat"], "CycloneDX");
  EXPECT_EQ(cdx["specVersion"], "1.6");
  auto back = ok("risk import acme-gateway@3.3.0 " + shell_quote(tmp_.path() / "a.cdx.json") +
                 " --by architect@acme.example");
  EXPECT_TRUE(has(back.out, "a.cdx.json: cyclonedx")) << back.out;
  EXPECT_TRUE(has(back.out, "14 threats")) << back.out;

  auto bad = run(bulwark("risk export acme-gateway@3.3.0 -f xml"));
  EXPECT_NE(bad.exit_code, 0);
  auto missing = refused("risk export acme-gateway@3.3.0#9 -f json");
  EXPECT_TRUE(has(missing.err, "9")) << missing.err;
}

TEST_F(RiskCli, ShowAndDiffBetweenRevisions) {
  import_threat_dragon();
  ok("risk import acme-gateway@3.3.0 " + example("acme-gateway-context.yaml") +
     " --merge --by architect@acme.example");
  const json v1 = show("acme-gateway@3.3.0#1");
  EXPECT_EQ(v1["revision"], 1);
  EXPECT_EQ(v1["state"], "draft");
  EXPECT_EQ(v1["author"], "architect@acme.example");
  auto table = ok("risk show acme-gateway@3.3.0");
  EXPECT_TRUE(has(table.out, "8 assets, 8 interfaces, 14 threats")) << table.out;
  EXPECT_TRUE(has(table.out, "AI.P1.2g  no")) << table.out;  // stated not applicable in rev 2
  auto d = ok("risk diff acme-gateway@3.3.0#1 acme-gateway@3.3.0#2");
  EXPECT_TRUE(has(d.out, "acme-gateway@3.3.0#1 -> acme-gateway@3.3.0#2: ")) << d.out;
  EXPECT_TRUE(has(d.out, "context")) << d.out;
  EXPECT_TRUE(has(d.out, "AI.P1.2g")) << d.out;
  EXPECT_TRUE(has(d.out, "accepted_risk")) << d.out;
  auto same = ok("risk diff acme-gateway@3.3.0#2 acme-gateway@3.3.0");
  EXPECT_TRUE(has(same.out, ": 0 change(s)")) << same.out;
  // A revision against a file.
  const std::string file = write("gateway.json", kNativeJson);
  auto vs = ok("risk diff acme-gateway@3.3.0#2 " + file);
  EXPECT_TRUE(has(vs.out, "removed")) << vs.out;
  refused("risk show acme-gateway@3.3.0#7");
  refused("risk show acme-gateway@9.9");
}

TEST_F(RiskCli, FourEyesReviewDraftReviewedApproved) {
  import_threat_dragon();
  auto self_review = refused("risk review acme-gateway@3.3.0 --by architect@acme.example");
  EXPECT_TRUE(has(self_review.err,
                  "the author (architect@acme.example) cannot review their own assessment"))
      << self_review.err;
  auto early = refused("risk approve acme-gateway@3.3.0 --by cto@acme.example");
  EXPECT_TRUE(has(early.err, "only a reviewed revision can be approved")) << early.err;
  EXPECT_EQ(show("acme-gateway@3.3.0")["state"], "draft");

  auto rv = ok("risk review acme-gateway@3.3.0 --by lead@acme.example --comment checked");
  EXPECT_TRUE(has(rv.out, "reviewed")) << rv.out;
  EXPECT_EQ(show("acme-gateway@3.3.0")["state"], "reviewed");
  auto self_approve = refused("risk approve acme-gateway@3.3.0 --by architect@acme.example");
  EXPECT_TRUE(has(self_approve.err,
                  "the author (architect@acme.example) cannot approve their own assessment"))
      << self_approve.err;
  EXPECT_EQ(show("acme-gateway@3.3.0")["state"], "reviewed");

  ok("risk approve acme-gateway@3.3.0 --by cto@acme.example --comment 'approved for 3.3.0'");
  const json v = show("acme-gateway@3.3.0");
  EXPECT_EQ(v["state"], "approved");
  EXPECT_EQ(v["reviewer"], "lead@acme.example");
  EXPECT_EQ(v["approver"], "cto@acme.example");
  refused("risk review acme-gateway@3.3.0 --by other@acme.example");  // approved: no way back
  auto h = ok("risk history acme-gateway@3.3.0");
  EXPECT_TRUE(has(h.out, "architect@acme.example create")) << h.out;
  EXPECT_TRUE(has(h.out, "lead@acme.example      review     checked")) << h.out;
  EXPECT_TRUE(has(h.out, "cto@acme.example       approve    approved for 3.3.0")) << h.out;
  EXPECT_EQ(history_lines(), 3u);
}

TEST_F(RiskCli, MalformedFileNamesFileAndPointerAndStoresNothing) {
  import_threat_dragon();
  const std::size_t events = history_lines();
  const std::string scale = write("bad-scale.yaml",
                                  "format: bulwark-risk-assessment/1\n"
                                  "threats:\n"
                                  "  - id: T1\n"
                                  "    title: Too likely\n"
                                  "    inherent: {likelihood: 6, impact: {business: 2}}\n");
  auto r = refused("risk import acme-gateway@3.3.0 " + scale + " --by architect@acme.example");
  EXPECT_TRUE(has(r.err, "bad-scale.yaml: /threats/0/inherent/likelihood: 6 is outside the scale"))
      << r.err;
  const std::string unknown = write("bad-field.json", R"({"format": "bulwark-risk-assessment/1",
    "assets": [{"id": "A1", "secrecy": "high"}]})");
  auto u = refused("risk import acme-gateway@3.3.0 " + unknown + " --by architect@acme.example");
  EXPECT_TRUE(has(u.err, "bad-field.json: /assets/0/secrecy")) << u.err;
  const std::string broken = write("broken.json", R"({"format": "bulwark-risk-assessment/1",)");
  auto b = refused("risk import acme-gateway@3.3.0 " + broken + " --by architect@acme.example");
  EXPECT_TRUE(has(b.err, "broken.json")) << b.err;
  // Merged over the latest revision, the same checks apply.
  auto m =
      refused("risk import acme-gateway@3.3.0 " + scale + " --merge --by architect@acme.example");
  EXPECT_TRUE(has(m.err, "bad-scale.yaml: /threats/")) << m.err;
  EXPECT_TRUE(has(m.err, "/inherent/likelihood: 6 is outside the scale")) << m.err;
  // Nothing stored: still revision 1, no new history.
  EXPECT_EQ(show("acme-gateway@3.3.0")["revision"], 1);
  EXPECT_EQ(history_lines(), events);
  refused("risk show acme-gateway@3.3.0#2");
}

// The assessment decides what the components expose: after `bulwark monitor` the findings of
// lodash (behind the internet-exposed web UI carrying high-confidentiality credentials) are one
// priority level higher and say why; the others are lowered only once the assessment states
// that its component lists are complete.
TEST_F(RiskCli, AssessmentDrivesFindingPriorities) {
  const auto data = source_dir() / "data/sample";
  ok("db import " + shell_quote(data / "osv") + " " + shell_quote(data / "feeds/kev-sample.json") +
     " " + shell_quote(data / "feeds/epss-sample.csv") + " " +
     shell_quote(data / "feeds/nvd-sample.json"));
  ok("monitor");
  auto findings = [&] {
    auto r = ok("findings acme-gateway@3.3.0 --format json");
    std::map<std::string, std::pair<std::string, std::string>> out;
    const json doc = json::parse(r.out);
    for (const auto& f : doc["findings"])
      out[f["component"]["name"].get<std::string>() + " " + f["id"].get<std::string>()] = {
          f["priority"], f["priority_reason"]};
    return out;
  };
  const auto before = findings();
  ASSERT_FALSE(before.empty());
  ok("risk import acme-gateway@3.3.0 " + write("gateway.json", kNativeJson) +
     " --by architect@acme.example");
  ok("monitor");
  // Revision 1 lists components behind its interface and says nothing of the others: lodash is
  // raised, every other finding keeps its priority and reason (reach unknown).
  const auto after = findings();
  ASSERT_EQ(after.size(), before.size());
  int raised = 0;
  for (const auto& [k, v] : after) {
    const auto& [p0, r0] = before.at(k);
    if (k.starts_with("lodash ")) {
      EXPECT_EQ(v.second, r0 + "; raised 1: lodash behind interface web-ui (network, internet) "
                               "carrying asset credentials (confidentiality high)")
          << k;
      EXPECT_EQ(v.first[1] + 1, p0[1]) << k;
      ++raised;
    } else {
      EXPECT_EQ(v, before.at(k)) << k;
    }
  }
  EXPECT_GT(raised, 0);
  // Revision 2 states that its component lists are complete: the rest is lowered, never a
  // known-exploited finding, never below P4.
  std::string complete = kNativeJson;
  complete.insert(complete.rfind('}'), R"(, "reachability": {"complete": true})");
  ok("risk import acme-gateway@3.3.0 " + write("complete.json", complete) +
     " --by architect@acme.example");
  ok("monitor");
  int lowered = 0;
  for (const auto& [k, v] : findings()) {
    const auto& [p0, r0] = before.at(k);
    if (k.starts_with("lodash ")) continue;
    if (v.first != p0) {
      EXPECT_EQ(v.second, r0 + "; lowered 1: behind no interface of assessment revision 2, whose "
                               "interfaces list every reachable component")
          << k;
      EXPECT_EQ(v.first[1], p0[1] + 1) << k;
      ++lowered;
    } else {
      EXPECT_TRUE(p0 == "P4" || v.second.find("known exploited") != std::string::npos) << k;
    }
  }
  EXPECT_GT(lowered, 0);
}

// bulwark risk policy: set from a file, shown, listed, cleared; a bad file is refused naming
// file and line and stores nothing; the stored releases follow the policy at the next monitor.
TEST_F(RiskCli, ProductPolicySetShowHistoryClear) {
  const auto data = source_dir() / "data/sample";
  ok("db import " + shell_quote(data / "osv") + " " + shell_quote(data / "feeds/kev-sample.json"));
  auto shown = ok("risk policy acme-gateway");
  EXPECT_TRUE(has(shown.out, "acme-gateway: the default policy")) << shown.out;
  auto bad = refused("risk policy acme-gateway --set " +
                     write("bad.yaml", "deadlines: {P0: 2}\nrules: oops\n") + " --by lead");
  EXPECT_TRUE(has(bad.err, "bad.yaml:2")) << bad.err;
  EXPECT_TRUE(has(ok("risk policy acme-gateway --history").out, "never set"));
  const std::string file =
      write("team.yaml", "class_raise: {important-1: 0}\nrules:\n  - {name: all, priority: P1}\n");
  auto set = ok("risk policy acme-gateway --set " + file + " --by lead@acme.example");
  EXPECT_TRUE(has(set.out, "acme-gateway: risk policy version 1 from ")) << set.out;
  EXPECT_TRUE(has(set.out, "team.yaml set by lead@acme.example")) << set.out;
  shown = ok("risk policy acme-gateway");
  EXPECT_TRUE(has(shown.out, "rules:\n  - {name: all, priority: P1}")) << shown.out;
  ok("monitor");
  const json doc = json::parse(ok("findings acme-gateway@3.3.0 --format json").out);
  ASSERT_FALSE(doc["findings"].empty());
  for (const auto& f : doc["findings"]) EXPECT_EQ(f["priority"], "P1") << f.dump();
  // A release added under the policy is stored with its priorities from the first match on:
  // the next monitor changes nothing.
  ok("release add acme-gateway 3.4.0 --sbom " +
     shell_quote(source_dir() / "data/sample/sbom/sample-product.cdx.json") +
     " --released 2026-12-01");
  const json added = json::parse(ok("findings acme-gateway@3.4.0 --format json").out);
  ASSERT_FALSE(added["findings"].empty());
  for (const auto& f : added["findings"]) EXPECT_EQ(f["priority"], "P1") << f.dump();
  const json again = json::parse(ok("monitor --format json").out);
  EXPECT_EQ(again["summary"]["changed"], 0) << again.dump();
  auto cleared = ok("risk policy acme-gateway --clear --by lead@acme.example");
  EXPECT_TRUE(has(cleared.out, "version 2 (cleared: the default policy)")) << cleared.out;
  auto hist = ok("risk policy acme-gateway --history");
  EXPECT_TRUE(has(hist.out, "version 1 from")) << hist.out;
  EXPECT_TRUE(has(hist.out, "version 2 (cleared")) << hist.out;
  EXPECT_NE(run(bulwark("risk policy acme-gateway --set " + file + " --clear")).exit_code, 0);
}

}  // namespace
}  // namespace bulwark::test
