// CPE name matching (NIST IR 7696): the attribute relation table and the spec's examples,
// written here from the spec's facts.
#include <gtest/gtest.h>

#include <string>

#include "bulwark/cpe/cpe.hpp"

namespace cpe = bulwark::cpe;
using cpe::Attr;
using cpe::AttrKind;
using cpe::Relation;

namespace {

Attr val(const char* v) { return Attr::literal(v); }
Attr wild(std::string prefix, std::string value, std::string suffix) {
  return Attr{AttrKind::kValue, std::move(value), std::move(prefix), std::move(suffix)};
}
cpe::Cpe must(std::string_view text) {
  auto r = cpe::parse(text);
  EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error().message);
  return r ? *r : cpe::Cpe{};
}

}  // namespace

// IR 7696 Table 6-2: enumeration of attribute comparison set relations.
TEST(CpeRelation, SpecTable) {
  const Attr any = Attr::any(), na = Attr::na();
  const Attr i = val("i"), k = val("k");
  const Attr m_wild = wild("", "m", "*"), j = val("mj");
  struct Row {
    int no;
    Attr source, target;
    Relation expected;
  };
  const Row rows[] = {
      {1, any, any, Relation::kEqual},       {2, any, na, Relation::kSuperset},
      {3, any, i, Relation::kSuperset},      {4, any, m_wild, Relation::kUndefined},
      {5, na, any, Relation::kSubset},       {6, na, na, Relation::kEqual},
      {7, na, i, Relation::kDisjoint},       {8, na, m_wild, Relation::kUndefined},
      {9, i, na, Relation::kDisjoint},       {10, i, any, Relation::kSubset},
      {11, i, i, Relation::kEqual},          {12, i, k, Relation::kDisjoint},
      {13, i, m_wild, Relation::kUndefined}, {14, m_wild, any, Relation::kSubset},
      {15, m_wild, na, Relation::kDisjoint}, {16, m_wild, j, Relation::kSuperset},
      {16, m_wild, k, Relation::kDisjoint},  {17, m_wild, m_wild, Relation::kUndefined},
  };
  int n = 0;
  for (const auto& r : rows) {
    EXPECT_EQ(cpe::compare(r.source, r.target), r.expected)
        << "row " << r.no << ": got " << cpe::to_string(cpe::compare(r.source, r.target));
    ++n;
  }
  EXPECT_EQ(n, 18);
}

TEST(CpeRelation, CaseInsensitiveBecauseValuesAreLowered) {
  EXPECT_EQ(cpe::compare(val("Microsoft"), val("microsoft")), Relation::kEqual);
}

TEST(CpeRelation, WildcardSemantics) {
  // '*' stands for any run of characters (including none), at either end.
  EXPECT_EQ(cpe::compare(wild("", "8.", "*"), val("8.0.6001")), Relation::kSuperset);
  EXPECT_EQ(cpe::compare(wild("", "8.", "*"), val("8.")), Relation::kSuperset);
  EXPECT_EQ(cpe::compare(wild("", "8.", "*"), val("9.0")), Relation::kDisjoint);
  EXPECT_EQ(cpe::compare(wild("*", "soft", ""), val("microsoft")), Relation::kSuperset);
  EXPECT_EQ(cpe::compare(wild("*", "soft", ""), val("softer")), Relation::kDisjoint);
  EXPECT_EQ(cpe::compare(wild("*", "x", "*"), val("abxcd")), Relation::kSuperset);
  // Each '?' stands for at most one character (IR 7696 compareStrings).
  EXPECT_EQ(cpe::compare(wild("", "sp", "?"), val("sp2")), Relation::kSuperset);
  EXPECT_EQ(cpe::compare(wild("", "sp", "?"), val("sp")), Relation::kSuperset);
  EXPECT_EQ(cpe::compare(wild("", "sp", "?"), val("sp12")), Relation::kDisjoint);
  EXPECT_EQ(cpe::compare(wild("", "sp", "??"), val("sp12")), Relation::kSuperset);
  EXPECT_EQ(cpe::compare(wild("??", "1", ""), val("xx1")), Relation::kSuperset);
  EXPECT_EQ(cpe::compare(wild("??", "1", ""), val("xxx1")), Relation::kDisjoint);
  // A later occurrence of the body can satisfy the trailing constraint.
  EXPECT_EQ(cpe::compare(wild("*", "ab", "?"), val("abxxab")), Relation::kSuperset);
  // Quoted wildcards are literal characters.
  EXPECT_EQ(cpe::compare(val("8.*"), val("8.0")), Relation::kDisjoint);
  EXPECT_EQ(cpe::compare(val("8.*"), val("8.*")), Relation::kEqual);
}

TEST(CpeRelation, Part) {
  EXPECT_EQ(cpe::compare_part('a', 'a'), Relation::kEqual);
  EXPECT_EQ(cpe::compare_part('*', 'o'), Relation::kSuperset);
  EXPECT_EQ(cpe::compare_part('h', '*'), Relation::kSubset);
  EXPECT_EQ(cpe::compare_part('a', 'o'), Relation::kDisjoint);
  EXPECT_EQ(cpe::compare_part('-', 'a'), Relation::kDisjoint);
}

// IR 7696 section 7 examples.
TEST(CpeNameMatch, SpecExampleSubset) {
  // wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",
  //      update="beta",edition=ANY,language="sp2"]  vs  the same with version/update ANY.
  cpe::Cpe source;
  source.part = 'a';
  source.vendor = val("microsoft");
  source.product = val("internet_explorer");
  source.version = val("8.0.6001");
  source.update = val("beta");
  source.language = val("sp2");
  cpe::Cpe target;
  target.part = 'a';
  target.vendor = val("microsoft");
  target.product = val("internet_explorer");
  auto rel = cpe::compare_names(source, target);
  ASSERT_EQ(rel.size(), 11u);
  EXPECT_EQ(rel[3].attribute, "version");
  EXPECT_EQ(rel[3].relation, Relation::kSubset);
  EXPECT_EQ(rel[4].relation, Relation::kSubset);
  EXPECT_EQ(rel[6].attribute, "language");
  EXPECT_EQ(rel[6].relation, Relation::kSubset);
  EXPECT_EQ(rel[1].relation, Relation::kEqual);
  EXPECT_FALSE(cpe::matches(source, target));  // not a superset
  EXPECT_TRUE(cpe::matches(target, source));   // the ANY name covers the specific one
}

TEST(CpeNameMatch, SpecExampleDisjoint) {
  auto source = must("cpe:2.3:a:adobe:*:9.*:*:PalmOS:*:*:*:*:*");
  auto target = must("cpe:/a::Reader:9.3.2:-:-");
  auto rel = cpe::compare_names(source, target);
  EXPECT_EQ(rel[1].relation, Relation::kSubset);    // vendor adobe vs ANY
  EXPECT_EQ(rel[2].relation, Relation::kSuperset);  // product ANY vs reader
  EXPECT_EQ(rel[3].relation, Relation::kSuperset);  // version 9.* vs 9.3.2
  EXPECT_EQ(rel[4].relation, Relation::kSuperset);  // update ANY vs NA
  EXPECT_EQ(rel[5].relation, Relation::kDisjoint);  // edition palmos vs NA
  EXPECT_FALSE(cpe::matches(source, target));
  EXPECT_FALSE(cpe::matches(target, source));
}

TEST(CpeNameMatch, NvdCriteriaAgainstComponents) {
  auto crit = must("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*");
  EXPECT_TRUE(cpe::matches(crit, must("cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*")));
  EXPECT_TRUE(cpe::matches(crit, must("cpe:/a:openssl:openssl:3.0.0")));
  EXPECT_FALSE(cpe::matches(crit, must("cpe:2.3:a:openbsd:libressl:3.7.0:*:*:*:*:*:*:*")));
  EXPECT_FALSE(cpe::matches(crit, must("cpe:2.3:o:openssl:openssl:1.1.1n:*:*:*:*:*:*:*")));
  // Target with wildcards is UNDEFINED, so no match.
  EXPECT_FALSE(cpe::matches(crit, must("cpe:2.3:a:openssl:openssl:1.1.*:*:*:*:*:*:*:*")));
  auto exact = must("cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*");
  EXPECT_TRUE(cpe::matches(exact, exact));
  EXPECT_FALSE(cpe::matches(exact, must("cpe:2.3:a:busybox:busybox:1.36.0:*:*:*:*:*:*:*")));
  EXPECT_FALSE(cpe::matches(exact, must("cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*")));
}
