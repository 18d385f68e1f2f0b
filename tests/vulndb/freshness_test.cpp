#include <gtest/gtest.h>

#include "bulwark/vulndb/freshness.hpp"

namespace bulwark::vulndb {
namespace {

double days_between(std::string_view a, std::string_view b) {
  return std::chrono::duration<double>(*parse_rfc3339(b) - *parse_rfc3339(a)).count() / 86400.0;
}

TEST(Freshness, Rfc3339WithOffsetsAndFractions) {
  EXPECT_DOUBLE_EQ(days_between("2026-11-29T00:00:00Z", "2026-11-30T00:00:00Z"), 1.0);
  EXPECT_DOUBLE_EQ(days_between("2026-11-29T01:00:00+01:00", "2026-11-29T00:00:00Z"), 0.0);
  EXPECT_DOUBLE_EQ(days_between("2026-11-28T19:00:00-05:00", "2026-11-29T00:00:00.999Z"), 0.0);
  EXPECT_DOUBLE_EQ(days_between("2028-02-28T12:00:00Z", "2028-03-01T12:00:00Z"), 2.0);  // leap day
  EXPECT_FALSE(parse_rfc3339("2026-11-29").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-29T00:00:00").has_value());  // no zone
  EXPECT_FALSE(parse_rfc3339("2026-02-30T00:00:00Z").has_value());
}

TEST(Freshness, AgesOfSourcesWithData) {
  Status s;
  s.sources.push_back({"OSV", 10, "", "2026-11-20T00:00:00Z", ""});
  s.sources.push_back({"KEV", 0, "", "", ""});
  s.sources.push_back({"EPSS", 5, "", "2026-11-28T12:00:00Z", ""});
  auto ages = source_ages(s, *parse_rfc3339("2026-11-29T00:00:00Z"));
  ASSERT_EQ(ages.size(), 2u);
  EXPECT_EQ(ages[0].name, "OSV");
  EXPECT_DOUBLE_EQ(ages[0].age_days, 9.0);
  EXPECT_DOUBLE_EQ(ages[1].age_days, 0.5);
}

}  // namespace
}  // namespace bulwark::vulndb
