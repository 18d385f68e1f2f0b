// Unit tests of the CVSS calculators: version detection, strict parsing errors (each naming the
// offending metric), normalization, presence of the optional scores, severity and known scores
// worked out from the specifications.
#include <gtest/gtest.h>

#include <string>

#include "bulwark/cvss/cvss.hpp"

namespace bulwark::cvss {
namespace {

std::string error_of(std::string_view vector) {
  auto s = score(vector);
  EXPECT_FALSE(s.has_value()) << vector << " was accepted";
  return s ? std::string() : s.error().message;
}

TEST(CvssParse, DetectsVersions) {
  EXPECT_EQ(score("AV:N/AC:L/Au:N/C:P/I:P/A:P")->version, Version::kV2);
  EXPECT_EQ(score("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P")->version, Version::kV2);
  EXPECT_EQ(score("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")->version, Version::kV30);
  EXPECT_EQ(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")->version, Version::kV31);
  EXPECT_EQ(score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")->version,
            Version::kV40);
  EXPECT_EQ(to_string(Version::kV2), "2.0");
  EXPECT_EQ(to_string(Version::kV40), "4.0");
}

TEST(CvssParse, UnknownValueNamesMetric) {
  EXPECT_EQ(error_of("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            "AV:Q: unknown value 'Q' for metric AV (allowed: N, A, L, P)");
  EXPECT_NE(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N")
                .find("SI:S: unknown value 'S' for metric SI"),
            std::string::npos);  // Safety exists only for MSI/MSA
  EXPECT_NE(error_of("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X").find("E:X: unknown value 'X'"),
            std::string::npos);  // v2 spells Not Defined "ND"
}

TEST(CvssParse, UnknownMetric) {
  EXPECT_NE(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/FOO:1")
                .find("FOO:1: unknown metric 'FOO'"),
            std::string::npos);
  // A v3 vector without its prefix is parsed as v2, where PR is unknown.
  EXPECT_NE(error_of("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").find("unknown metric 'PR'"),
            std::string::npos);
  EXPECT_NE(error_of("CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").find("unknown metric 'av'"),
            std::string::npos);  // case-sensitive
}

TEST(CvssParse, MissingMandatoryMetrics) {
  EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H"),
            "missing mandatory CVSS v3 metric(s): S");
  EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H"),
            "missing mandatory CVSS v4.0 metric(s): SC, SI, SA");
  EXPECT_EQ(error_of("AV:N/AC:L/C:P/I:P/A:P"), "missing mandatory CVSS v2.0 metric(s): Au");
}

TEST(CvssParse, DuplicateMetric) {
  EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L"),
            "AV:L: duplicate metric AV");
  EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/E:X"),
            "E:X: duplicate metric E");
  EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/E:A"),
            "E:A: duplicate metric E");
}

TEST(CvssParse, Prefixes) {
  EXPECT_NE(error_of("CVSS:5.0/AV:N").find("unknown CVSS version prefix"), std::string::npos);
  EXPECT_NE(error_of("CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").find("'CVSS:3.2'"),
            std::string::npos);
  auto wrong = score("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Version::kV31);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message, "'CVSS:3.0': expected the prefix 'CVSS:3.1' of CVSS v3.1");
  EXPECT_FALSE(score("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Version::kV31));  // v3 needs its prefix
  EXPECT_TRUE(score("AV:N/AC:L/Au:N/C:P/I:P/A:P", Version::kV2));
  EXPECT_EQ(score("", Version::kV2).error().message, "empty CVSS v2.0 vector");
}

TEST(CvssParse, Malformed) {
  EXPECT_NE(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/").find("empty metric"),
            std::string::npos);
  EXPECT_NE(error_of("CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").find("empty metric"),
            std::string::npos);
  EXPECT_EQ(error_of("CVSS:3.1/AVN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            "'AVN': malformed metric, expected NAME:VALUE");
  EXPECT_NE(error_of("CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").find("malformed"),
            std::string::npos);
  EXPECT_FALSE(score(" CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
}

TEST(CvssParse, V3AcceptsAnyOrderV4RequiresSpecOrder) {
  // CVSS v3.1 section 6: programs must accept metrics in any order.
  auto v3 = score("CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/RC:C/E:P");
  ASSERT_TRUE(v3) << v3.error().message;
  EXPECT_EQ(v3->normalized_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RC:C");
  // CVSS v4.0: metrics in the order of the specification's table (FIRST's calculator rejects
  // any other order).
  EXPECT_EQ(
      error_of("CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
      "AV:N: metric AV out of order (CVSS v4.0 requires the specification's order, AV before AC)");
  EXPECT_NE(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:H/E:A")
                .find("E:A: metric E out of order"),
            std::string::npos);
}

TEST(CvssScore, V2KnownScores) {
  auto s = score("AV:N/AC:L/Au:N/C:P/I:P/A:P");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->base, 7.5);
  EXPECT_FALSE(s->temporal);
  EXPECT_FALSE(s->environmental);
  EXPECT_EQ(s->overall, 7.5);
  EXPECT_EQ(s->severity, "HIGH");
  EXPECT_EQ(s->normalized_vector, "AV:N/AC:L/Au:N/C:P/I:P/A:P");
  EXPECT_TRUE(s->nomenclature.empty());
  // TemporalScore = round_to_1_decimal(9.0 x 0.95 = 8.55) = 8.6 (decimal half up).
  auto t = score("CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:P/A:P/E:F/RL:ND");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->base, 9.0);
  EXPECT_EQ(t->temporal, 8.6);
  EXPECT_EQ(t->overall, 8.6);
  EXPECT_EQ(t->normalized_vector, "AV:N/AC:L/Au:N/C:C/I:P/A:P/E:F");
  // AdjustedBase = round(6.98445) = 7.0; Environmental = round(7.0 x 0.75 = 5.25) = 5.3.
  auto e = score("AV:N/AC:M/Au:S/C:C/I:N/A:P/CDP:N/TD:M/IR:H");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->environmental, 5.3);
  EXPECT_EQ(e->overall, 5.3);
  EXPECT_EQ(e->severity, "MEDIUM");
}

TEST(CvssScore, V3KnownScores) {
  auto s = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->base, 9.8);
  EXPECT_EQ(s->temporal, 8.5);
  EXPECT_FALSE(s->environmental);
  EXPECT_EQ(s->overall, 8.5);
  EXPECT_EQ(s->severity, "HIGH");
  auto c = score("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->base, 10.0);
  EXPECT_EQ(c->severity, "CRITICAL");
  auto none = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N/E:X/MAV:X");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->base, 0.0);
  EXPECT_EQ(none->severity, "NONE");
  EXPECT_FALSE(none->temporal);  // X is Not Defined
  EXPECT_FALSE(none->environmental);
  EXPECT_EQ(none->normalized_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N");
  // v3.0 and v3.1 differ in the Scope-changed modified impact (exponent 15 vs 0.9731/13).
  auto all = score_all_groups("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->temporal, 9.8);
  EXPECT_EQ(all->environmental, 9.8);
  EXPECT_EQ(all->overall, 9.8);
}

TEST(CvssScore, V4KnownScoresAndNomenclature) {
  const std::string b = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  auto s = score(b);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->base, 9.3);
  EXPECT_EQ(s->overall, 9.3);
  EXPECT_EQ(s->nomenclature, "CVSS-B");
  EXPECT_EQ(s->severity, "CRITICAL");
  EXPECT_FALSE(s->threat);
  EXPECT_FALSE(s->temporal);
  auto t = score(b + "/E:U");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->base, 9.3);
  EXPECT_EQ(t->threat, 8.1);
  EXPECT_EQ(t->overall, 8.1);
  EXPECT_EQ(t->nomenclature, "CVSS-BT");
  auto bte = score(b + "/E:U/CR:L");
  ASSERT_TRUE(bte);
  EXPECT_EQ(bte->nomenclature, "CVSS-BTE");
  EXPECT_EQ(bte->threat, 8.1);
  EXPECT_EQ(bte->environmental, 9.3);  // CVSS-BE: base + environmental metrics only
  EXPECT_EQ(bte->overall, 8.0);
  auto x = score(b + "/E:X/CR:X/S:P/U:Amber");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->nomenclature, "CVSS-B");  // X and supplemental metrics do not change the score
  EXPECT_EQ(x->overall, 9.3);
  EXPECT_EQ(x->normalized_vector, b + "/S:P/U:Amber");
  auto zero = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N");
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->overall, 0.0);
  EXPECT_EQ(zero->severity, "NONE");
}

}  // namespace
}  // namespace bulwark::cvss
