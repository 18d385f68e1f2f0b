// Hostile OSV input: YAML nesting bounded in the fast path and before yaml-cpp (which recurses
// per level), alias amplification bounded, JSON nesting bounded before simdjson.
#include <gtest/gtest.h>

#include <string>

#include "bulwark/osv/osv.hpp"
#include "bulwark/osv/yaml_fast.hpp"

namespace {

using bulwark::osv::yaml_to_json;
namespace detail = bulwark::osv::detail;

std::string repeat(std::string_view piece, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += piece;
  return s;
}

TEST(HostileOsv, DashStormOnOneLineIsRefusedByTheFastPath) {
  const std::string y = "id: PYSEC-2099-1\naffected:\n  " + repeat("- ", 200000) + "x\n";
  bulwark::Error deep;
  EXPECT_FALSE(detail::fast_yaml_to_json(y, &deep));
  EXPECT_EQ(deep.message, "invalid YAML: nesting deeper than 100 at line 3");
  auto r = yaml_to_json(y);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, bulwark::ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().message, "invalid YAML: nesting deeper than 100 at line 3");
  // yaml-cpp is not reached: the pre-scan refuses the same text.
  auto slow = detail::yaml_cpp_to_json(y);
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().message, "invalid YAML: nesting deeper than 100 at line 3");
}

TEST(HostileOsv, NestingUpToTheLimitConvertsTheSameInBothPaths) {
  // The document mapping is one level; 99 "- " more make 100.
  const std::string y = "a:\n" + repeat("- ", 99) + "x\n";
  auto quick = detail::fast_yaml_to_json(y);
  ASSERT_TRUE(quick);
  auto slow = detail::yaml_cpp_to_json(y);
  ASSERT_TRUE(slow) << slow.error().message;
  EXPECT_EQ(*quick, *slow);
  const std::string over = "a:\n" + repeat("- ", 100) + "x\n";
  EXPECT_FALSE(yaml_to_json(over));
  EXPECT_FALSE(detail::yaml_cpp_to_json(over));
}

TEST(HostileOsv, DeepFlowCollectionsNeverReachYamlCpp) {
  auto r = yaml_to_json("id: X\naffected: " + repeat("[", 200000) + repeat("]", 200000) + "\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "invalid YAML: nesting deeper than 100 at line 2");
  // Brackets inside quoted scalars and comments are text.
  auto q = yaml_to_json("id: '" + repeat("[", 300) + "' # " + repeat("{", 300) + "\n");
  ASSERT_TRUE(q) << q.error().message;
}

TEST(HostileOsv, AliasAmplificationIsBounded) {
  std::string y = "id: X\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    y += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) y += (k ? ", *a" : "*a") + std::to_string(i - 1);
    y += "]\n";
  }
  auto r = yaml_to_json(y);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("more than 200000 nodes"), std::string::npos)
      << r.error().message;
}

TEST(HostileOsv, JsonNestingIsBoundedBeforeParsing) {
  auto r = bulwark::osv::parse_json(R"({"id":"X","database_specific":)" + repeat("[", 300000) +
                                    repeat("]", 300000) + "}");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "invalid JSON: nesting deeper than 100 at line 1, column 130");
}

}  // namespace
