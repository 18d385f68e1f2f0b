#include <gtest/gtest.h>

#include "bulwark/match/severity.hpp"

namespace bulwark::match {
namespace {

TEST(Cvss3, KnownBaseScores) {
  // Scores as published with these vectors (NVD / FIRST calculator).
  EXPECT_DOUBLE_EQ(*cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"), 10.0);
  EXPECT_DOUBLE_EQ(*cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), 9.8);
  EXPECT_DOUBLE_EQ(*cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"), 7.2);
  EXPECT_DOUBLE_EQ(*cvss3_base_score("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N"), 6.1);
  EXPECT_DOUBLE_EQ(*cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"), 7.5);
  EXPECT_DOUBLE_EQ(*cvss3_base_score("CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H"), 5.1);
  EXPECT_DOUBLE_EQ(*cvss3_base_score("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"), 6.1);
  EXPECT_DOUBLE_EQ(*cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"), 0.0);
}

TEST(Cvss3, RejectsIncompleteOrForeignVectors) {
  EXPECT_FALSE(cvss3_base_score("CVSS:3.1/AV:N/AC:L").has_value());
  EXPECT_FALSE(cvss3_base_score("AV:N/AC:L/Au:N/C:P/I:P/A:P").has_value());
  EXPECT_FALSE(cvss3_base_score("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").has_value());
}

TEST(Cvss3, Ratings) {
  EXPECT_EQ(cvss3_rating(0.0), "NONE");
  EXPECT_EQ(cvss3_rating(3.9), "LOW");
  EXPECT_EQ(cvss3_rating(4.0), "MEDIUM");
  EXPECT_EQ(cvss3_rating(7.0), "HIGH");
  EXPECT_EQ(cvss3_rating(9.0), "CRITICAL");
}

}  // namespace
}  // namespace bulwark::match
