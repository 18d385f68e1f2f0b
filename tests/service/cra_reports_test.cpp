// Report drafts and the Article 14(8) user notice in process (service/cra_reports.hpp): the facts
// come from the live match (CVSS, KEV, fixed release), the drafts list their gaps, the notice is
// a CSAF advisory, and write_drafts writes every file.
#include "bulwark/service/cra_reports.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bulwark/service/cra_cases.hpp"
#include "bulwark/service/cra_product.hpp"
#include "cra_world.hpp"

namespace bulwark::service {
namespace {

using test::at;
using test::CraWorld;

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Log4Shell proposed and confirmed in 3.2.0, fixed by 3.3.0 on 1 December.
void fixed_case(CraWorld& w) {
  ClassifyRequest cl;
  cl.product = "acme-gateway";
  cl.member_states = {"DE", "at"};
  ASSERT_TRUE(classify(*w.store, *w.cra, cl, w.clock));
  w.release("3.2.0", "2026-03-02");
  ASSERT_TRUE(propose_cases(*w.store, *w.cra, {}, w.clock));
  ASSERT_TRUE(confirm_case(*w.cra, "CRA-2026-0001", "psirt", w.clock));
  w.clock.set(at("2026-12-01T09:00:00Z"));
  w.release("3.3.0", "2026-12-01");
  ASSERT_TRUE(fix_case(*w.cra, {"CRA-2026-0001", "psirt", "Release 3.3.0", {}}, w.clock));
  w.clock.set(at("2026-12-01T10:00:00Z"));
}

TEST(CraReports, FactsComeFromTheLiveMatch) {
  CraWorld w;
  fixed_case(w);
  auto sc = w.cra->find_case("CRA-2026-0001");
  ASSERT_TRUE(sc && *sc);
  auto f = report_facts(*w.store, *w.cra, *w.vulns, w.product, **sc, w.clock);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->product_version, "3.2.0");
  EXPECT_EQ(f->member_states, (std::vector<std::string>{"AT", "DE"}));
  EXPECT_EQ(f->fixed_releases, (std::vector<std::string>{"3.3.0"}));
  EXPECT_TRUE(f->user_measures.starts_with("Update acme-gateway to release 3.3.0 or later."))
      << f->user_measures;
  EXPECT_NE(f->user_measures.find("log4j-core"), std::string::npos) << f->user_measures;
  ASSERT_FALSE(f->cvss.empty());
  EXPECT_TRUE(
      std::any_of(f->cvss.begin(), f->cvss.end(), [](const auto& c) { return c.score == 10.0; }));
  ASSERT_TRUE(f->kev);
  EXPECT_FALSE(f->description.empty());
}

TEST(CraReports, DraftsPerStageWithTheirGapsAndTheUserNotice) {
  CraWorld w;
  fixed_case(w);
  DraftRequest req;
  req.case_id = "CRA-2026-0001";
  req.user_notice = true;
  req.url = "https://acme.example/downloads/3.3.0";
  auto d = build_drafts(*w.store, *w.cra, *w.vulns, req, w.clock);
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->drafts.size(), 3u);
  EXPECT_EQ(d->drafts[0].name, "CRA-2026-0001-early-warning");
  EXPECT_EQ(d->drafts[2].name, "CRA-2026-0001-final-report");
  std::size_t gaps = 0;  // e.g. the impact is the manufacturer's to write
  for (const auto& draft : d->drafts) {
    for (const auto& g : draft.gaps)
      EXPECT_NE(draft.markdown.find("[TO COMPLETE: " + g + "]"), std::string::npos) << draft.name;
    gaps += draft.gaps.size();
    auto j = nlohmann::json::parse(draft.json);
    EXPECT_EQ(j["gaps"].size(), draft.gaps.size());
    EXPECT_TRUE(draft.markdown.ends_with("\n"));
  }
  EXPECT_GT(gaps, 0u);
  auto ew = nlohmann::json::parse(d->drafts[0].json);
  EXPECT_EQ(ew["stage_id"], "A14.AEV.EW");
  EXPECT_NE(ew["fields"]["member_states"].get<std::string>().find("DE"), std::string::npos);
  auto fr = nlohmann::json::parse(d->drafts[2].json);
  EXPECT_EQ(fr["due"], "2026-12-15T09:00:00Z");
  EXPECT_EQ(d->user_notice_name, "CRA-2026-0001-user-notice.csaf.json");
  auto notice = nlohmann::json::parse(d->user_notice);
  EXPECT_EQ(notice["document"]["category"], "csaf_security_advisory");
  EXPECT_EQ(notice["vulnerabilities"][0]["cve"], "CVE-2021-44228");
  EXPECT_NE(d->user_notice.find("https://acme.example/downloads/3.3.0"), std::string::npos);

  req.stages = {cra::Stage::kNotification};
  req.user_notice = false;
  auto one = build_drafts(*w.store, *w.cra, *w.vulns, req, w.clock);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->drafts.size(), 1u);
  EXPECT_EQ(one->drafts[0].name, "CRA-2026-0001-notification");
  EXPECT_TRUE(one->user_notice_name.empty());
}

TEST(CraReports, WriteDraftsWritesEveryFile) {
  CraWorld w;
  fixed_case(w);
  const auto out = w.dir.path() / "drafts" / "new";
  DraftRequest req;
  req.case_id = "CRA-2026-0001";
  req.user_notice = true;
  auto written = write_drafts(*w.store, *w.cra, *w.vulns, req, out.string(), w.clock);
  ASSERT_TRUE(written) << written.error().message;
  ASSERT_EQ(written->drafts.size(), 3u);
  for (const auto& d : written->drafts) {
    EXPECT_TRUE(std::filesystem::exists(d.base + ".md")) << d.base;
    EXPECT_TRUE(std::filesystem::exists(d.base + ".json")) << d.base;
  }
  EXPECT_EQ(written->drafts[1].base, (out / "CRA-2026-0001-notification").string());
  EXPECT_TRUE(nlohmann::json::parse(slurp(written->user_notice_path)).contains("document"));
}

TEST(CraReports, UserNoticeOnlyForVulnerabilitiesAndUnknownCase) {
  CraWorld w;
  w.release("3.2.0", "2026-03-02");
  OpenCaseRequest inc;
  inc.target = "acme-gateway";
  inc.incident = "tampered update server";
  inc.questionnaire = *questionnaire_from_answers({"yes", "yes", "no", "yes"});
  inc.actor = "psirt";
  ASSERT_TRUE(open_case(*w.store, *w.cra, inc, w.clock));
  DraftRequest req;
  req.case_id = "CRA-2026-0001";
  auto drafts = build_drafts(*w.store, *w.cra, *w.vulns, req, w.clock);
  ASSERT_TRUE(drafts) << drafts.error().message;
  auto ew = nlohmann::json::parse(drafts->drafts[0].json);
  EXPECT_EQ(ew["stage_id"], "A14.SI.EW");
  req.user_notice = true;
  auto refused = build_drafts(*w.store, *w.cra, *w.vulns, req, w.clock);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  req.case_id = "CRA-2026-0042";
  auto unknown =
      write_drafts(*w.store, *w.cra, *w.vulns, req, (w.dir.path() / "x").string(), w.clock);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(w.dir.path() / "x"));
}

}  // namespace
}  // namespace bulwark::service
