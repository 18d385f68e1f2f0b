#include "bulwark/cra/case_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace bulwark::cra {
namespace {

TimePoint at(const char* s) { return parse_rfc3339(s).value(); }

Case lived_case() {
  Case c;
  c.id = "CRA-9";
  c.product = "acme";
  c.releases = {"1.0", "1.1"};
  c.vulnerability_ids = {"CVE-2024-1"};
  c.aware_at = at("2026-09-14T10:00:00Z");
  c.exploited_source = "user";
  const TimePoint now = at("2026-10-01T00:00:00Z");
  c = confirm(c, "alice", at("2026-09-14T11:00:00Z")).value();
  c = submit_stage(c, Stage::kEarlyWarning, "alice", at("2026-09-15T09:00:00Z"), "R-1", now)
          .value();
  c = submit_stage(c, Stage::kNotification, "bob", at("2026-09-16T09:00:00Z"), "R-2", now).value();
  c = record_corrective_measure(c, "bob", at("2026-09-20T00:00:00Z"), "1.1.1", now).value();
  return c;
}

TEST(CraCaseJson, RoundTrip) {
  const Case c = lived_case();
  const std::string text = case_to_json(c);
  auto back = case_from_json(text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(case_to_json(*back), text);
  EXPECT_EQ(back->status, CaseStatus::kConfirmed);
  EXPECT_EQ(back->notification.reference, "R-2");
  EXPECT_EQ(back->audit.size(), 4u);
  EXPECT_FALSE(back->final_report.submitted_at.has_value());
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["early_warning"]["submitted_at"], "2026-09-15T09:00:00Z");
  EXPECT_TRUE(j["closed_at"].is_null());
  EXPECT_EQ(j["kind"], "vulnerability");
}

TEST(CraCaseJson, ErrorsNameTheField) {
  auto j = nlohmann::json::parse(case_to_json(lived_case()));
  j["early_warning"]["submitted_at"] = "yesterday";
  auto r = case_from_json(j.dump());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/early_warning/submitted_at"), std::string::npos)
      << r.error().message;
  j = nlohmann::json::parse(case_to_json(lived_case()));
  j["status"] = "open";
  r = case_from_json(j.dump());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/status: unknown value \"open\""), std::string::npos);
  j.erase("status");
  EXPECT_NE(case_from_json(j.dump()).error().message.find("/status: missing"), std::string::npos);
  j = nlohmann::json::parse(case_to_json(lived_case()));
  j["releases"] = {1, 2};
  EXPECT_NE(
      case_from_json(j.dump()).error().message.find("/releases: expected an array of strings"),
      std::string::npos);
  EXPECT_FALSE(case_from_json("{not json"));
  EXPECT_FALSE(case_from_json("[]"));
}

}  // namespace
}  // namespace bulwark::cra
