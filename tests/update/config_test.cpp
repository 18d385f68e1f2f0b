// The sources file and the NVD date windows.
#include <gtest/gtest.h>

#include "bulwark/update/nvd.hpp"
#include "bulwark/update/update.hpp"

namespace bulwark::update {
namespace {

TEST(UpdateConfig, ParsesEveryKey) {
  auto c = parse_config(
      "# sources\n"
      "osv.base = http://mirror.test:8080/osv/\n"
      "osv.ecosystems = pypi, npm Debian:12\n"
      "kev.base=https://kev.test\n"
      "kev.path = /kev.json\n"
      "epss.base = \"https://epss.test\"\n"
      "nvd.base = https://nvd.test\n"
      "nvd.results_per_page = 500\n"
      "nvd.delay = 0.5\n"
      "nvd.delay_with_key = 0\n"
      "http.connect_timeout = 5\n"
      "http.low_speed_limit = 10\n"
      "http.low_speed_time = 7\n"
      "http.retries = 1\n"
      "http.retry_delay = 0.25\n"
      "sources = kev osv\n",
      "s.conf");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->base(SourceKind::kOsv), "http://mirror.test:8080/osv");
  EXPECT_EQ(c->endpoint(SourceKind::kOsv).path, "/{ecosystem}/all.zip");
  EXPECT_EQ(c->endpoint(SourceKind::kKev).path, "/kev.json");
  EXPECT_EQ(c->base(SourceKind::kEpss), "https://epss.test");
  EXPECT_EQ(c->ecosystems, (std::vector<std::string>{"PyPI", "npm", "Debian:12"}));
  EXPECT_EQ(c->sources, (std::vector<SourceKind>{SourceKind::kKev, SourceKind::kOsv}));
  EXPECT_EQ(c->nvd.results_per_page, 500);
  EXPECT_DOUBLE_EQ(c->nvd.delay_s, 0.5);
  EXPECT_DOUBLE_EQ(c->nvd.delay_with_key_s, 0);
  EXPECT_EQ(c->http.connect_timeout_s, 5);
  EXPECT_EQ(c->http.low_speed_limit, 10);
  EXPECT_EQ(c->http.low_speed_time_s, 7);
  EXPECT_EQ(c->http.retries, 1);
  EXPECT_DOUBLE_EQ(c->http.retry_delay_s, 0.25);
}

TEST(UpdateConfig, DefaultsAreTheOfficialFeedsOverHttps) {
  Config c;
  EXPECT_EQ(source_url(c, SourceKind::kOsv),
            "https://osv-vulnerabilities.storage.googleapis.com/{ecosystem}/all.zip");
  EXPECT_EQ(source_url(c, SourceKind::kKev),
            "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json");
  EXPECT_EQ(source_url(c, SourceKind::kEpss),
            "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz");
  EXPECT_EQ(source_url(c, SourceKind::kNvd), "https://services.nvd.nist.gov/rest/json/cves/2.0");
  for (auto k : kAllSources) {
    EXPECT_FALSE(c.endpoint(k).insecure) << source_name(k);
    EXPECT_GT(c.endpoint(k).max_bytes, 0u) << source_name(k);
  }
  EXPECT_EQ(c.endpoint(SourceKind::kKev).max_bytes, kDefaultKevMaxBytes);
  EXPECT_DOUBLE_EQ(c.http.total_timeout_s, 3600);
  EXPECT_TRUE(check_configured(c, {kAllSources.begin(), kAllSources.end()}).has_value());
  EXPECT_EQ(c.ecosystems.size(), 13u);
  EXPECT_EQ(c.sources.size(), 4u);
  EXPECT_EQ(c.http.connect_timeout_s, 30);
  EXPECT_EQ(c.http.low_speed_time_s, 30);
}

TEST(UpdateConfig, InsecureSizeCapsAndTimeoutKeys) {
  auto c = parse_config("kev.insecure = true\nosv.max_size = 10\nhttp.timeout = 120\n", "s.conf");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_TRUE(c->endpoint(SourceKind::kKev).insecure);
  EXPECT_FALSE(c->endpoint(SourceKind::kOsv).insecure);
  EXPECT_EQ(c->endpoint(SourceKind::kOsv).max_bytes, 10u * kMiB);
  EXPECT_EQ(c->endpoint(SourceKind::kNvd).max_bytes, kDefaultNvdMaxBytes);
  EXPECT_DOUBLE_EQ(c->http.total_timeout_s, 120);
  auto all = parse_config("mirror = http://mirror.lan\ninsecure = yes\n", "s.conf");
  ASSERT_TRUE(all.has_value()) << all.error().message;
  for (auto k : kAllSources) EXPECT_TRUE(all->endpoint(k).insecure) << source_name(k);
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"kev.insecure = maybe\n", "s.conf:1: kev.insecure: expected true or false, got 'maybe'"},
      {"epss.max_size = 0\n",
       "s.conf:1: epss.max_size: expected a whole number >= 1, got '0' (MiB)"},
      {"http.timeout = soon\n", "s.conf:1: http.timeout: expected a whole number >= 1, got 'soon'"},
  };
  for (const auto& k : cases) {
    auto r = parse_config(k.text, "s.conf");
    ASSERT_FALSE(r.has_value()) << k.text;
    EXPECT_EQ(r.error().message, k.message);
  }
}

TEST(UpdateConfig, MirrorReplacesEveryBase) {
  auto c =
      parse_config("kev.base = https://kev.test\nmirror = http://mirror.test/mirror/\n", "s.conf");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  for (auto k : kAllSources) EXPECT_EQ(c->base(k), "http://mirror.test/mirror") << source_name(k);
  EXPECT_TRUE(check_configured(*c, {kAllSources.begin(), kAllSources.end()}).has_value());
}

TEST(UpdateConfig, ErrorsNameFileLineAndKey) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"\n\nosv.bse = x\n", "s.conf:3: unknown key 'osv.bse'"},
      {"kev.base\n", "s.conf:1: expected 'key = value'"},
      {"kev.base = ftp://x\n",
       "s.conf:1: kev.base: expected an http:// or https:// URL, got 'ftp://x'"},
      {"http.retries = many\n", "s.conf:1: http.retries: expected a whole number >= 0, got 'many'"},
      {"http.retries = 11\n", "s.conf:1: http.retries: at most 10 retries"},
      {"nvd.results_per_page = 5000\n",
       "s.conf:1: nvd.results_per_page: the NVD API allows at most 2000 results per page"},
      {"osv.path = /all.zip\n", "s.conf:1: osv.path: the OSV path must contain {ecosystem}"},
      {"sources = osv ghsa\n",
       "s.conf:1: sources: unknown source 'ghsa' (expected osv, kev, epss or nvd)"},
      {"nvd.delay = -1\n", "s.conf:1: nvd.delay: expected seconds between 0 and 3600, got '-1'"},
  };
  for (const auto& c : cases) {
    auto r = parse_config(c.text, "s.conf");
    ASSERT_FALSE(r.has_value()) << c.text;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().message, c.message);
  }
}

TEST(UpdateConfig, ExplicitConfigMustExist) {
  auto r = load_config("no/such/sources.conf", true);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("no/such/sources.conf"), std::string::npos) << r.error().message;
  auto d = load_config("no/such/sources.conf", false);  // the default file may be absent
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->file, "no/such/sources.conf");
}

TEST(UpdateConfig, SourceNamesAndEcosystemSpelling) {
  EXPECT_EQ(parse_source("NVD"), SourceKind::kNvd);
  EXPECT_EQ(parse_source("ghsa"), std::nullopt);
  EXPECT_EQ(canonical_ecosystem("CRATES.IO"), "crates.io");
  EXPECT_EQ(canonical_ecosystem("Rocky Linux"), "Rocky Linux");
}

TEST(NvdWindows, EmptyDatabaseIsOneUndatedWindow) {
  auto w = detail::nvd_windows("", 1740787200);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].first, "");
  EXPECT_EQ(detail::nvd_page_url("http://h/rest", w[0], 0, 2000),
            "http://h/rest?startIndex=0&resultsPerPage=2000");
}

TEST(NvdWindows, LongGapsAreSplitInto120DayWindows) {
  const std::time_t now = 1725148800;  // 2024-09-01T00:00:00Z
  auto w = detail::nvd_windows("2024-01-01T00:00:00.123", now);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].first, "2024-01-01T00:00:00.000+00:00");
  EXPECT_EQ(w[0].second, "2024-04-30T00:00:00.000+00:00");
  EXPECT_EQ(w[1].first, w[0].second);
  EXPECT_EQ(w[1].second, "2024-08-28T00:00:00.000+00:00");
  EXPECT_EQ(w[2].first, w[1].second);
  EXPECT_EQ(w[2].second, "2024-09-01T00:00:00.000+00:00");
  EXPECT_EQ(detail::nvd_page_url("http://h/rest", w[2], 4000, 2000),
            "http://h/"
            "rest?lastModStartDate=2024-08-28T00:00:00.000%2B00:00&lastModEndDate=2024-09-01T00:00:"
            "00.000%2B00:00"
            "&startIndex=4000&resultsPerPage=2000");
}

TEST(NvdWindows, NewestInTheFutureStillGivesOneWindow) {
  auto w = detail::nvd_windows("2030-01-01T00:00:00", 1725148800);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].first, w[0].second);
  EXPECT_EQ(detail::parse_utc("2024-13-01T00:00:00"), std::nullopt);
  EXPECT_EQ(detail::parse_utc("not a date at all!!"), std::nullopt);
}

}  // namespace
}  // namespace bulwark::update
