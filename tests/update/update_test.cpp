// bulwark db update against a loopback HTTP server (127.0.0.1, ephemeral port) serving fixture
// files built here: happy path, conditional requests (304), HTTP 500 with retries, truncated
// bodies, wrong content, a stalled peer, and resumed downloads. "DB unchanged" compares every
// data table, the import log and the feed rows before and after.
#include "bulwark/update/update.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "../vulndb/fixtures.hpp"
#include "bulwark/vulndb/store.hpp"
#include "loopback_server.hpp"
#include "shared.hpp"

using bulwark::test::write_gzip;

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;
using update::Outcome;
using update::SourceKind;

const std::string kOsvPath = "/npm/all.zip";
const std::string kKevPath = "/sites/default/files/feeds/known_exploited_vulnerabilities.json";
const std::string kEpssPath = "/epss_scores-current.csv.gz";
const std::string kNvdPath = "/rest/json/cves/2.0";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string osv_zip(const fs::path& dir, const std::vector<std::string>& ids) {
  std::vector<std::pair<std::string, std::string>> members;
  for (const auto& id : ids)
    members.emplace_back(id + ".json",
                         osv_record(id, "2024-05-01T00:00:00Z", "npm", "left-pad-" + id).dump());
  const auto p = dir / ("osv-" + std::to_string(ids.size()) + ".zip");
  write_archive(p, ArchiveKind::kZip, members);
  return slurp(p);
}

std::string kev_json() {
  nlohmann::json entry = {{"cveID", "CVE-2024-3094"},
                          {"vendorProject", "Tukaani"},
                          {"product", "xz"},
                          {"vulnerabilityName", "xz backdoor"},
                          {"dateAdded", "2024-04-01"},
                          {"shortDescription", "Embedded malicious code."},
                          {"requiredAction", "Downgrade."},
                          {"dueDate", "2024-04-22"},
                          {"knownRansomwareCampaignUse", "Unknown"},
                          {"notes", ""},
                          {"cwes", {"CWE-506"}}};
  return nlohmann::json{{"title", "KEV"},
                        {"catalogVersion", "2025.01.02"},
                        {"dateReleased", "2025-01-02T12:00:00.000Z"},
                        {"count", 1},
                        {"vulnerabilities", {entry}}}
      .dump();
}

std::string epss_gz(const fs::path& dir) {
  const auto p = dir / "epss.csv.gz";
  write_gzip(p,
             "#model_version:v2025.03.14,score_date:2025-06-01T00:00:00Z\ncve,epss,percentile\n"
             "CVE-2024-3094,0.50000,0.90000\nCVE-2021-44228,0.97000,0.99900\n");
  return slurp(p);
}

nlohmann::json nvd_item(const std::string& id, const std::string& last_modified) {
  return {{"cve",
           {{"id", id},
            {"published", "2024-01-01T00:00:00.000"},
            {"lastModified", last_modified},
            {"vulnStatus", "Analyzed"},
            {"descriptions", {{{"lang", "en"}, {"value", id + " description"}}}}}}};
}

const std::vector<std::pair<std::string, std::string>> kNvdRecords = {
    {"CVE-2024-0001", "2025-01-01T00:00:00.000"}, {"CVE-2024-0002", "2025-02-01T00:00:00.000"}};

// An NVD API page honouring lastModStartDate (inclusive), startIndex and resultsPerPage.
void serve_nvd(const HttpRequest& req, HttpConnection& c) {
  const std::string since = req.param("lastModStartDate").substr(0, 23);
  const std::string until = req.param("lastModEndDate").substr(0, 23);
  std::vector<nlohmann::json> matching;
  for (const auto& [id, lm] : kNvdRecords)
    if ((since.empty() || lm >= since) && (until.empty() || lm <= until))
      matching.push_back(nvd_item(id, lm));
  const std::size_t start = std::stoul("0" + req.param("startIndex"));
  const std::size_t per = std::stoul("0" + req.param("resultsPerPage"));
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = start; i < matching.size() && i < start + per; ++i)
    list.push_back(matching[i]);
  nlohmann::json page = {{"resultsPerPage", list.size()},
                         {"startIndex", start},
                         {"totalResults", matching.size()},
                         {"format", "NVD_CVE"},
                         {"version", "2.0"},
                         {"timestamp", "2025-03-01T00:00:00.000"},
                         {"vulnerabilities", list}};
  c.respond(200, "OK", {{"Content-Type", "application/json"}}, page.dump());
}

// A static file with an ETag: 304 on a matching If-None-Match, 206 for "Range: bytes=N-"
// when ranges are honoured.
void serve_static(const HttpRequest& req, HttpConnection& c, const std::string& body,
                  const std::string& etag, bool ranges = true) {
  if (req.header("if-none-match") == etag) {
    c.respond(304, "Not Modified", {{"ETag", etag}}, "");
    return;
  }
  const std::string range = req.header("range");
  if (ranges && range.starts_with("bytes=")) {
    const std::size_t from = std::stoul(range.substr(6));
    if (from < body.size()) {
      c.respond(206, "Partial Content",
                {{"ETag", etag},
                 {"Content-Range", "bytes " + std::to_string(from) + "-" +
                                       std::to_string(body.size() - 1) + "/" +
                                       std::to_string(body.size())}},
                std::string_view(body).substr(from));
      return;
    }
  }
  c.respond(200, "OK", {{"ETag", etag}, {"Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT"}}, body);
}

class UpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto fixtures = tmp_.path() / "fixtures";
    fs::create_directories(fixtures);
    osv_zip_ = osv_zip(fixtures, {"GHSA-0001", "GHSA-0002"});
    osv_zip3_ = osv_zip(fixtures, {"GHSA-0001", "GHSA-0002", "GHSA-0003"});
    kev_ = kev_json();
    epss_ = epss_gz(fixtures);
    db_ = tmp_.path() / "db" / "v.db";
    fs::create_directories(db_.parent_path());
    server_ = std::make_unique<LoopbackServer>(
        [this](const HttpRequest& r, HttpConnection& c) { handle(r, c); });
    for (auto k : update::kAllSources) {
      config_.endpoint(k).base = server_->base();
      config_.endpoint(k).insecure = true;  // the loopback server speaks plain http
    }
    config_.file = "test.conf";
    config_.ecosystems = {"npm"};
    config_.http.retries = 2;
    config_.http.retry_delay_s = 0.01;
    config_.http.low_speed_time_s = 1;
    config_.nvd.results_per_page = 1;
    config_.nvd.delay_s = 0;
    config_.nvd.delay_with_key_s = 0;
  }

  void TearDown() override {
    stopping_ = true;  // ends stalling handlers
    server_.reset();
  }

  void route(const std::string& path, HttpHandler h) {
    std::lock_guard lock(routes_mutex_);
    routes_[path] = std::move(h);
  }

  void handle(const HttpRequest& req, HttpConnection& c) {
    HttpHandler h;
    {
      std::lock_guard lock(routes_mutex_);
      if (auto it = routes_.find(req.path); it != routes_.end()) h = it->second;
    }
    if (h) return h(req, c);
    if (req.path == kOsvPath) return serve_static(req, c, osv_zip_, "\"osv-1\"");
    if (req.path == kKevPath) return serve_static(req, c, kev_, "\"kev-1\"");
    if (req.path == kEpssPath) return serve_static(req, c, epss_, "\"epss-1\"");
    if (req.path == kNvdPath) return serve_nvd(req, c);
    c.respond(404, "Not Found", {}, "no such path");
  }

  Result<update::UpdateReport> update(std::vector<SourceKind> sources = {}) {
    auto store = vulndb::Store::open(db_.string());
    EXPECT_TRUE(store.has_value()) << store.error().message;
    if (!store) return std::unexpected(store.error());
    update::UpdateOptions o;
    o.sources = std::move(sources);
    o.nvd_api_key = "test-key";
    o.now = 1740787200;  // 2025-03-01T00:00:00Z
    return update::run_update(**store, db_.string(), config_, o);
  }

  // Records, feeds and the import log: what "the database is unchanged" compares.
  std::string snapshot() const {
    return dump_tables(db_) + dump_query(db_, "SELECT * FROM imports ORDER BY iid") +
           dump_query(db_, "SELECT * FROM feeds ORDER BY name") +
           dump_query(db_, "SELECT * FROM kev ORDER BY cve") +
           dump_query(db_, "SELECT * FROM epss ORDER BY cve") +
           dump_query(db_, "SELECT cve, last_modified FROM nvd_cves ORDER BY cve");
  }

  std::map<std::string, std::size_t> counts() const {
    auto store = vulndb::Store::open(db_.string());
    EXPECT_TRUE(store.has_value());
    auto status = (*store)->status();
    EXPECT_TRUE(status.has_value());
    std::map<std::string, std::size_t> out;
    for (const auto& s : status->sources) out[s.name] = s.records;
    return out;
  }

  fs::path download_dir() const { return db_.parent_path() / ".bulwark-download"; }
  std::string url(const std::string& path) const { return server_->base() + path; }

  TempDir tmp_;
  fs::path db_;
  std::string osv_zip_, osv_zip3_, kev_, epss_;
  update::Config config_;
  std::mutex routes_mutex_;
  std::map<std::string, HttpHandler> routes_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<LoopbackServer> server_;
};

std::vector<std::pair<std::string, Outcome>> outcomes(const update::UpdateReport& r) {
  std::vector<std::pair<std::string, Outcome>> out;
  for (const auto& f : r.fetched) out.emplace_back(f.label, f.outcome);
  return out;
}

TEST_F(UpdateTest, HappyPathImportsEverySourceInOneTransaction) {
  auto r = update();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const std::vector<std::pair<std::string, Outcome>> expected = {
      {"osv npm", Outcome::kDownloaded},
      {"kev", Outcome::kDownloaded},
      {"epss", Outcome::kDownloaded},
      {"nvd page 1", Outcome::kDownloaded},
      {"nvd page 2", Outcome::kDownloaded}};
  EXPECT_EQ(outcomes(*r), expected);
  ASSERT_TRUE(r->imported.has_value());
  EXPECT_EQ(r->imported->inputs.size(), 5u);
  EXPECT_EQ(r->imported->inserted, 2u);
  EXPECT_EQ(counts(),
            (std::map<std::string, std::size_t>{{"EPSS", 2}, {"KEV", 1}, {"NVD", 2}, {"OSV", 2}}));
  EXPECT_EQ(dump_query(db_, "SELECT count(*) FROM imports"), "1|\n");  // one transaction
  auto store = vulndb::Store::open(db_.string());
  auto status = (*store)->status();
  for (const auto& s : status->sources) EXPECT_FALSE(s.imported_at.empty()) << s.name;

  const auto nvd = server_->requests_for(kNvdPath);
  ASSERT_EQ(nvd.size(), 2u);
  EXPECT_FALSE(nvd[0].has_param("lastModStartDate"));  // empty database: a full download
  EXPECT_EQ(nvd[0].param("startIndex"), "0");
  EXPECT_EQ(nvd[1].param("startIndex"), "1");
  EXPECT_EQ(nvd[0].param("resultsPerPage"), "1");
  EXPECT_EQ(nvd[0].header("apikey"), "test-key");
  EXPECT_EQ(server_->requests_for(kOsvPath).at(0).header("if-none-match"), "");

  std::size_t leftovers = 0;
  for (const auto& e : fs::directory_iterator(download_dir()))
    leftovers += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(leftovers, 0u);
  const std::string state = slurp(db_.string() + ".update-state.json");
  EXPECT_NE(state.find(url(kKevPath)), std::string::npos);
  EXPECT_NE(state.find("\\\"osv-1\\\""), std::string::npos);
}

TEST_F(UpdateTest, SecondRunSendsValidatorsAndImportsNothing) {
  ASSERT_TRUE(update().has_value());
  const std::string before = snapshot();
  auto r = update();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const std::vector<std::pair<std::string, Outcome>> expected = {
      {"osv npm", Outcome::kNotModified},
      {"kev", Outcome::kNotModified},
      {"epss", Outcome::kNotModified},
      {"nvd page 1", Outcome::kUnchanged}};
  EXPECT_EQ(outcomes(*r), expected);
  EXPECT_FALSE(r->imported.has_value());
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(server_->requests_for(kOsvPath).at(1).header("if-none-match"), "\"osv-1\"");
  EXPECT_EQ(server_->requests_for(kKevPath).at(1).header("if-none-match"), "\"kev-1\"");
  EXPECT_EQ(server_->requests_for(kEpssPath).at(1).header("if-modified-since"),
            "Wed, 01 Jan 2025 00:00:00 GMT");
  const auto nvd = server_->requests_for(kNvdPath);
  ASSERT_EQ(nvd.size(), 3u);
  EXPECT_EQ(nvd[2].param("lastModStartDate"),
            "2025-02-01T00:00:00.000+00:00");  // the newest stored
  EXPECT_EQ(nvd[2].param("lastModEndDate"), "2025-03-01T00:00:00.000+00:00");
}

TEST_F(UpdateTest, ChangedUpstreamIsDownloadedAgain) {
  ASSERT_TRUE(update({SourceKind::kOsv}).has_value());
  route(kOsvPath, [this](const HttpRequest& req, HttpConnection& c) {
    serve_static(req, c, osv_zip3_, "\"osv-2\"");
  });
  auto r = update({SourceKind::kOsv});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_TRUE(r->imported.has_value());
  EXPECT_EQ(r->imported->inserted, 1u);
  EXPECT_EQ(r->imported->unchanged, 2u);
  EXPECT_EQ(counts()["OSV"], 3u);
}

TEST_F(UpdateTest, Http500IsRetriedThenFailsAndTheDatabaseIsUnchanged) {
  ASSERT_TRUE(update({SourceKind::kOsv}).has_value());
  const std::string before = snapshot();
  std::atomic<int> hits{0};
  route(kOsvPath, [this](const HttpRequest& req, HttpConnection& c) {
    serve_static(req, c, osv_zip3_, "\"osv-2\"");
  });
  route(kKevPath, [&hits](const HttpRequest&, HttpConnection& c) {
    ++hits;
    c.respond(500, "Internal Server Error", {}, "database offline\n");
  });
  auto r = update({SourceKind::kOsv, SourceKind::kKev});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(hits.load(), 3);  // 1 + http.retries
  EXPECT_NE(r.error().message.find("GET " + url(kKevPath) + ": HTTP 500 Internal Server Error"),
            std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("gave up after 3 attempts"), std::string::npos);
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(counts()["OSV"], 2u);  // the new OSV archive of the failed run was not committed
}

TEST_F(UpdateTest, TruncatedBodyFailsAndTheDatabaseIsUnchanged) {
  ASSERT_TRUE(update({SourceKind::kOsv}).has_value());
  const std::string before = snapshot();
  route(kEpssPath, [this](const HttpRequest&, HttpConnection& c) {
    c.head(200, "OK", {{"Content-Length", std::to_string(epss_.size() + 1000)}});
    c.send(epss_);  // then the connection closes: 1000 bytes short
  });
  auto r = update({SourceKind::kEpss});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("GET " + url(kEpssPath) + " (HTTP 200 OK): transfer failed"),
            std::string::npos)
      << r.error().message;
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(fs::file_size(download_dir() / "epss.csv.gz.part"), epss_.size());  // kept for a resume
}

TEST_F(UpdateTest, WrongContentFailsValidationAndTheDatabaseIsUnchanged) {
  ASSERT_TRUE(update({SourceKind::kOsv}).has_value());
  const std::string before = snapshot();
  route(kOsvPath, [](const HttpRequest& req, HttpConnection& c) {
    serve_static(req, c, "<!DOCTYPE html><html><body>Sign in to continue</body></html>",
                 "\"login\"");
  });
  auto r = update({SourceKind::kOsv, SourceKind::kKev});
  ASSERT_FALSE(r.has_value());
  const auto& msg = r.error().message;
  EXPECT_NE(msg.find("osv-npm.zip"), std::string::npos) << msg;
  EXPECT_NE(msg.find("downloaded from " + url(kOsvPath)), std::string::npos) << msg;
  EXPECT_NE(msg.find("the database is unchanged"), std::string::npos) << msg;
  EXPECT_EQ(r.error().code,
            ErrorCode::kIo);      // exit code 3: a runtime failure, not the user's input
  EXPECT_EQ(snapshot(), before);  // the valid KEV download of the same run was not committed either
  EXPECT_EQ(counts()["KEV"], 0u);

  route(kOsvPath, nullptr);
  ASSERT_TRUE(update({SourceKind::kOsv, SourceKind::kKev}).has_value());
  EXPECT_EQ(server_->requests_for(kKevPath).back().header("if-none-match"),
            "");  // nothing remembered
  EXPECT_EQ(counts()["KEV"], 1u);
}

TEST_F(UpdateTest, StalledPeerTimesOutAndTheDatabaseIsUnchanged) {
  ASSERT_TRUE(update({SourceKind::kOsv}).has_value());
  const std::string before = snapshot();
  config_.http.low_speed_limit = 1000;  // bytes/s (curl averages over a few seconds)
  route(kKevPath, [this](const HttpRequest&, HttpConnection& c) {
    c.head(200, "OK", {{"Content-Length", "100000"}});
    c.send(kev_.substr(0, 10));
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(8);  // bounded stall
    while (std::chrono::steady_clock::now() < until && !stopping_ && !c.peer_closed())
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  });
  const auto start = std::chrono::steady_clock::now();
  auto r = update({SourceKind::kKev});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(r.has_value());
  EXPECT_LT(seconds, 5.0);  // low-speed limit: < 1000 bytes/s for 1 s
  EXPECT_NE(r.error().message.find("GET " + url(kKevPath)), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("too slow"), std::string::npos) << r.error().message;
  EXPECT_EQ(snapshot(), before);
}

TEST_F(UpdateTest, PartialDownloadIsResumedWithRange) {
  fs::create_directories(download_dir());
  const std::size_t half = osv_zip_.size() / 2;
  std::ofstream(download_dir() / "osv-npm.zip.part", std::ios::binary) << osv_zip_.substr(0, half);
  auto r = update({SourceKind::kOsv});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->fetched.size(), 1u);
  EXPECT_EQ(r->fetched[0].outcome, Outcome::kResumed);
  EXPECT_EQ(r->fetched[0].bytes, osv_zip_.size() - half);
  EXPECT_EQ(server_->requests_for(kOsvPath).at(0).header("range"),
            "bytes=" + std::to_string(half) + "-");
  EXPECT_EQ(counts()["OSV"], 2u);
  EXPECT_FALSE(fs::exists(download_dir() / "osv-npm.zip.part"));
}

TEST_F(UpdateTest, PartialDownloadRestartsWhenTheServerIgnoresRange) {
  fs::create_directories(download_dir());
  std::ofstream(download_dir() / "osv-npm.zip.part", std::ios::binary) << std::string(100, 'x');
  route(kOsvPath, [this](const HttpRequest& req, HttpConnection& c) {
    serve_static(req, c, osv_zip_, "\"osv-1\"", false);
  });
  auto r = update({SourceKind::kOsv});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->fetched.at(0).outcome, Outcome::kDownloaded);
  EXPECT_EQ(r->fetched.at(0).bytes, osv_zip_.size());
  EXPECT_EQ(server_->requests_for(kOsvPath).at(0).header("range"), "bytes=100-");
  EXPECT_EQ(counts()["OSV"], 2u);
}

TEST_F(UpdateTest, MissingUrlsAreListedBeforeAnyRequest) {
  config_ = update::Config{};
  for (auto k : update::kAllSources)
    config_.endpoint(k).base.clear();  // sources.conf: osv.base = (empty)
  config_.file = "/etc/example/sources.conf";
  auto r = update({SourceKind::kOsv, SourceKind::kNvd});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUsage);
  EXPECT_EQ(r.error().message,
            "no URL configured for source 'osv'; set osv.base in /etc/example/sources.conf or "
            "BULWARK_MIRROR\n"
            "no URL configured for source 'nvd'; set nvd.base in /etc/example/sources.conf or "
            "BULWARK_MIRROR");
  EXPECT_TRUE(server_->requests().empty());
}

TEST(UpdateLocalFiles, SqliteFileKeepsItsStateBesideIt) {
  EXPECT_EQ(update::local_stem("data/vulns.db"), "data/vulns.db");
  EXPECT_EQ(update::download_dir("data/vulns.db"), "data/.bulwark-download");
}

TEST(UpdateLocalFiles, PostgresqlUrlKeepsItsStateInTheCacheWithoutThePassword) {
  TempDir dir;
  const char* old = std::getenv("XDG_CACHE_HOME");
  const std::string saved = old ? old : "";
  ::setenv("XDG_CACHE_HOME", dir.path().c_str(), 1);
  const std::string a = update::local_stem("postgresql://bulwark:s3cret@db.invalid/bulwark");
  const std::string b = update::local_stem("postgresql://bulwark:other@db.invalid/bulwark");
  const std::string c = update::local_stem("postgresql://bulwark@db.invalid/other");
  if (old)
    ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  else
    ::unsetenv("XDG_CACHE_HOME");
  EXPECT_EQ(fs::path(a).parent_path(), dir.path() / "bulwark" / "postgresql");
  EXPECT_TRUE(fs::is_directory(fs::path(a).parent_path()));
  EXPECT_EQ(a.find("s3cret"), std::string::npos);
  EXPECT_EQ(a, b);  // the same database whatever the password
  EXPECT_NE(a, c);
}

}  // namespace
}  // namespace bulwark::test
