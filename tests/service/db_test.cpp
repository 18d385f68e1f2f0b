// The database use cases: the no-valid-record rule, status ages from the injected clock and
// the status JSON, the update plan (dry run: official feeds, mirror, NVD incremental, no
// database created) and an update from a loopback server.
#include "bulwark/service/db.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../update/loopback_server.hpp"
#include "shared.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class ServiceDb : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (tmp_.path() / "v.db").string();
    auto s = vulndb::Store::open(db_);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }

  std::string write(const std::string& rel, const std::string& text) {
    const auto p = tmp_.path() / "in" / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  TempDir tmp_;
  std::string db_;
  std::unique_ptr<vulndb::Store> store_;
};

const char* kRecord =
    R"({"schema_version":"1.6.0","id":"GHSA-aaaa-bbbb-cccc","modified":"2024-01-01T00:00:00Z",)"
    R"("affected":[{"package":{"ecosystem":"npm","name":"left-pad"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.3.0"}]}]}]})";

TEST_F(ServiceDb, ImportWithoutAValidRecordFails) {
  auto bad = service::import_data(*store_, {{write("bad/x.json", R"({"id": 7})")}, false, {}});
  ASSERT_TRUE(bad) << bad.error().message;
  ASSERT_TRUE(bad->failure.has_value());
  EXPECT_EQ(bad->failure->code, ErrorCode::kInvalidInput);
  EXPECT_EQ(bad->failure->message, "no valid OSV records were found");
  EXPECT_EQ(bad->summary.invalid_osv, 1u);
  EXPECT_TRUE(bad->summary.any_osv);
  EXPECT_FALSE(bad->summary.any_feed);

  auto good = service::import_data(*store_, {{write("good/x.json", kRecord)}, false, {}});
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_FALSE(good->failure.has_value());
  EXPECT_EQ(good->summary.valid_osv, 1u);

  vulndb::ImportReport feed_only;
  feed_only.inputs.push_back({"kev.json", "CISA KEV JSON", 0, 2, "", 0});
  auto f = service::import_failure(feed_only);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->message, "no valid records were found");
  feed_only.inputs[0].records = 1;
  EXPECT_FALSE(service::import_failure(feed_only).has_value());
}

TEST_F(ServiceDb, StatusAgesComeFromTheClockAndTheJsonHasThem) {
  ASSERT_TRUE(service::import_data(*store_, {{write("good/x.json", kRecord)}, false, {}}));
  auto raw = store_->status();
  ASSERT_TRUE(raw);
  auto imported = parse_rfc3339(raw->last_import);
  ASSERT_TRUE(imported);
  FixedClock clock(*imported + 48h);
  auto view = service::db_status(*store_, clock);
  ASSERT_TRUE(view) << view.error().message;
  ASSERT_EQ(view->sources.size(), 4u);
  auto doc = nlohmann::json::parse(service::status_json(*view));
  EXPECT_EQ(doc["path"], db_);
  EXPECT_EQ(doc["records"], 1);
  EXPECT_EQ(doc["withdrawn"], 0);
  EXPECT_EQ(doc["last_import"], raw->last_import);
  bool saw_osv = false;
  for (const auto& s : doc["sources"]) {
    if (s["name"] == "OSV") {
      saw_osv = true;
      EXPECT_NEAR(s["age_days"].get<double>(), 2.0, 1e-6);
      EXPECT_EQ(s["records"], 1);
    } else {
      EXPECT_TRUE(s["age_days"].is_null()) << s.dump();
      EXPECT_TRUE(s["imported_at"].is_null()) << s.dump();
    }
  }
  EXPECT_TRUE(saw_osv);
  ASSERT_EQ(doc["ecosystems"].size(), 1u);
  EXPECT_EQ(doc["ecosystems"][0]["ecosystem"], "npm");
}

TEST_F(ServiceDb, DryRunPlansTheOfficialFeedsWithoutCreatingTheDatabase) {
  const std::string absent = (tmp_.path() / "new" / "fresh.db").string();
  service::UpdateRequest req;
  req.options.ecosystems = {"npm", "pypi"};
  FixedClock clock(*parse_rfc3339("2025-03-01T00:00:00Z"));
  auto plan = service::db_update_plan(absent, req, clock);
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->size(), 5u);
  EXPECT_EQ((*plan)[0].url, "https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip");
  EXPECT_EQ((*plan)[1].url, "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip");
  EXPECT_EQ((*plan)[2].url,
            "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json");
  EXPECT_EQ((*plan)[3].url, "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz");
  EXPECT_EQ((*plan)[4].url,
            "https://services.nvd.nist.gov/rest/json/cves/2.0?startIndex=0&resultsPerPage=2000");
  EXPECT_EQ((*plan)[4].note, "full download, paged");
  for (const auto& p : *plan) {
    EXPECT_FALSE(p.insecure) << p.label;
    EXPECT_GT(p.max_bytes, 0u) << p.label;
  }
  EXPECT_FALSE(fs::exists(absent));

  req.config.mirror = "https://mirror.internal/feeds";
  auto mirrored = service::db_update_plan(absent, req, clock);
  ASSERT_TRUE(mirrored);
  for (const auto& p : *mirrored)
    EXPECT_TRUE(p.url.starts_with("https://mirror.internal/feeds/")) << p.url;
}

TEST_F(ServiceDb, DryRunIsIncrementalWhenNvdIsStored) {
  const auto nvd = source_dir() / "data/sample/feeds/nvd-sample.json";
  ASSERT_TRUE(service::import_data(*store_, {{nvd.string()}, false, {}}));
  service::UpdateRequest req;
  req.options.sources = {update::SourceKind::kNvd};
  FixedClock clock(*parse_rfc3339("2030-01-01T00:00:00Z"));
  auto plan = service::db_update_plan(db_, req, clock);
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->size(), 1u);
  EXPECT_TRUE(plan->front().note.starts_with("changes since ")) << plan->front().note;
  EXPECT_NE(plan->front().url.find("lastModStartDate="), std::string::npos) << plan->front().url;
  EXPECT_NE(plan->front().url.find("lastModEndDate=2"), std::string::npos) << plan->front().url;
}

TEST_F(ServiceDb, UpdateImportsFromALoopbackMirror) {
  const std::string kev =
      R"({"catalogVersion":"2025.01.02","dateReleased":"2025-01-02T12:00:00.000Z","vulnerabilities":[)"
      R"({"cveID":"CVE-2024-3094","vendorProject":"Tukaani","product":"xz","vulnerabilityName":"xz backdoor",)"
      R"("dateAdded":"2024-04-01","shortDescription":"Backdoor.","requiredAction":"Downgrade.","dueDate":"2024-04-22",)"
      R"("knownRansomwareCampaignUse":"Unknown","notes":""}]})";
  LoopbackServer server([&](const HttpRequest& r, HttpConnection& c) {
    if (r.path == "/sites/default/files/feeds/known_exploited_vulnerabilities.json")
      return (void)c.respond(200, "OK", {}, kev);
    c.respond(404, "Not Found", {}, "");
  });
  service::UpdateRequest req;
  req.config.mirror = server.base();
  for (auto& e : req.config.endpoints) e.insecure = true;
  req.config.http.retries = 0;
  req.options.sources = {update::SourceKind::kKev};
  std::vector<std::string> fetched;
  req.on_fetch = [&](const update::FetchReport& f) { fetched.push_back(f.label); };
  FixedClock clock(*parse_rfc3339("2025-03-01T00:00:00Z"));
  auto r = service::db_update(*store_, db_, std::move(req), clock);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(fetched, std::vector<std::string>{"kev"});
  ASSERT_TRUE(r->summary.has_value());
  EXPECT_EQ(r->summary->feed_records, 1u);
  EXPECT_FALSE(r->failure.has_value());
  EXPECT_TRUE(store_->kev("CVE-2024-3094").value().has_value());
}

}  // namespace
}  // namespace bulwark::test
