// The scan use case on the bundled sample data: the sample findings, the SBOM given as bytes,
// the freshness verdict (warn, refuse, allow), gates, and errors naming what is at fault.
#include "bulwark/service/scan.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bulwark/core/text.hpp"
#include "shared.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ServiceScan : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (tmp_.path() / "v.db").string();
    auto s = vulndb::Store::open(db_);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    const auto sample = source_dir() / "data/sample";
    auto r = store_->import(
        {(sample / "osv").string(), (sample / "feeds/kev-sample.json").string(),
         (sample / "feeds/epss-sample.csv").string(), (sample / "feeds/nvd-sample.json").string()},
        {});
    ASSERT_TRUE(r) << r.error().message;
    auto st = store_->status();
    ASSERT_TRUE(st);
    auto t = parse_rfc3339(st->last_import);
    ASSERT_TRUE(t) << st->last_import;
    imported_ = *t;
  }

  service::ScanRequest request() const {
    service::ScanRequest req;
    req.input.name = (source_dir() / "data/sample/sbom/sample-product.cdx.json").string();
    req.database = db_;
    return req;
  }

  TempDir tmp_;
  std::string db_;
  std::unique_ptr<vulndb::Store> store_;
  TimePoint imported_;
};

TEST_F(ServiceScan, SampleSbomGivesTheTenSampleFindings) {
  FixedClock clock(imported_ + 1h);
  auto out = service::scan(*store_, request(), clock);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_FALSE(out->freshness.refused);
  EXPECT_TRUE(out->freshness.sources.empty());
  EXPECT_EQ(out->result.findings.size(), 10u);
  EXPECT_EQ(out->result.summary.findings, 10u);
  EXPECT_EQ(out->timestamp, format_rfc3339(imported_ + 1h));
  const auto view = out->view("test");
  EXPECT_EQ(view.database, db_);
  EXPECT_EQ(view.statuses, nullptr);  // no VEX given
}

TEST_F(ServiceScan, SbomBytesScanLikeThePath) {
  FixedClock clock(imported_ + 1h);
  auto req = request();
  req.input.sbom_bytes = slurp(req.input.name);
  req.input.name = "upload.cdx.json";
  auto out = service::scan(*store_, req, clock);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->result.findings.size(), 10u);

  req.input.sbom_bytes = "{\"bomFormat\": \"CycloneDX\", \"specVersion\": 7}";
  auto bad = service::scan(*store_, req, clock);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput) << bad.error().message;
  EXPECT_NE(bad.error().message.find("upload.cdx.json"), std::string::npos) << bad.error().message;
}

TEST_F(ServiceScan, FreshnessWarnsThenRefusesUnlessStaleAllowed) {
  auto req = request();
  req.freshness = {7, 30, false};
  FixedClock clock(imported_ + 24h * 10);
  auto warn = service::scan(*store_, req, clock);
  ASSERT_TRUE(warn) << warn.error().message;
  EXPECT_FALSE(warn->freshness.refused);
  ASSERT_FALSE(warn->freshness.sources.empty());
  for (const auto& s : warn->freshness.sources) {
    EXPECT_FALSE(s.stale) << s.name;
    EXPECT_NEAR(s.age_days, 10, 0.01) << s.name;
  }
  EXPECT_EQ(warn->result.findings.size(), 10u);

  clock.set(imported_ + 24h * 40);
  auto refused = service::scan(*store_, req, clock);
  ASSERT_TRUE(refused) << refused.error().message;
  EXPECT_TRUE(refused->freshness.refused);
  ASSERT_FALSE(refused->freshness.sources.empty());
  EXPECT_TRUE(refused->freshness.sources.front().stale);
  EXPECT_TRUE(refused->result.findings.empty());  // nothing was matched

  req.freshness.allow_stale = true;
  auto allowed = service::scan(*store_, req, clock);
  ASSERT_TRUE(allowed) << allowed.error().message;
  EXPECT_FALSE(allowed->freshness.refused);
  EXPECT_TRUE(allowed->freshness.sources.front().stale);
  EXPECT_EQ(allowed->result.findings.size(), 10u);
}

TEST_F(ServiceScan, GateCountsFindingsAtOrAboveIt) {
  FixedClock clock(imported_ + 1h);
  auto out = service::scan(*store_, request(), clock);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->gate_count(service::Gate{}), 0u);  // inactive
  auto p4 = service::parse_gate("P4");
  ASSERT_TRUE(p4);
  EXPECT_EQ(out->gate_count(*p4), out->result.findings.size());
  auto critical = service::parse_gate("critical");
  ASSERT_TRUE(critical);
  std::size_t expected = 0;
  for (const auto& f : out->result.findings)
    expected += to_upper(f->severity) == "CRITICAL" ? 1 : 0;
  EXPECT_EQ(out->gate_count(*critical), expected);
  EXPECT_LT(expected, out->result.findings.size());
}

TEST_F(ServiceScan, MissingTargetAndEmptyStoreAreNamed) {
  FixedClock clock(imported_);
  auto req = request();
  req.input.name = (tmp_.path() / "absent.cdx.json").string();
  auto missing = service::scan(*store_, req, clock);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("absent.cdx.json"), std::string::npos)
      << missing.error().message;

  auto empty = vulndb::Store::open((tmp_.path() / "empty.db").string());
  ASSERT_TRUE(empty);
  auto none = service::scan(**empty, request(), clock);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kDatabase);
  EXPECT_NE(none.error().message.find("empty"), std::string::npos) << none.error().message;
}

}  // namespace
}  // namespace bulwark::test
