// The core helpers behind the hostile-input fixes: the JSON nesting pre-scan and the
// RFC 3339 shape check that replaced std::regex.
#include "bulwark/core/nesting.hpp"

#include <gtest/gtest.h>

#include <string>

#include "bulwark/core/shape.hpp"

namespace bulwark {
namespace {

std::string repeat(std::string_view piece, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += piece;
  return s;
}

TEST(JsonDepth, CountsArraysAndObjectsUpToTheLimit) {
  EXPECT_TRUE(check_json_depth(repeat("[", 100) + repeat("]", 100), "a.json"));
  auto r = check_json_depth(repeat("[", 101) + repeat("]", 101), "a.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().message, "a.json: nesting deeper than 100 at line 1, column 101");
  auto lines = check_json_depth("{\n\"a\":\n" + repeat("{\"b\":", 3), "b.json", 3);
  ASSERT_FALSE(lines);
  EXPECT_EQ(lines.error().message, "b.json: nesting deeper than 3 at line 3, column 11");
  // Depth, not count: many shallow siblings pass.
  EXPECT_TRUE(check_json_depth("[" + repeat("[],", 100000) + "[]]", "c.json"));
  // Unnamed documents: the message starts with the finding.
  EXPECT_EQ(check_json_depth(repeat("[", 5), "", 4).error().message,
            "nesting deeper than 4 at line 1, column 5");
}

TEST(JsonDepth, StringsAndEscapesAreSkipped) {
  EXPECT_TRUE(check_json_depth("[\"" + repeat("[{", 1000) + "\"]", "s.json"));
  EXPECT_TRUE(check_json_depth("[\"\\\"" + repeat("[", 1000) + "\"]",
                               "s.json"));  // \" does not end the string
  EXPECT_FALSE(check_json_depth("[\"\\\\\"" + repeat("[", 1000), "s.json"));  // \\ does
  EXPECT_TRUE(check_json_depth(repeat("]", 1000) + "[[]]",
                               "s.json"));  // stray closers: the parser's business
}

TEST(Rfc3339Shape, HandWritten) {
  EXPECT_TRUE(is_rfc3339_shape("2026-01-05T00:00:00Z", false));
  EXPECT_TRUE(is_rfc3339_shape("2026-01-05T00:00:00.5-01:00", false));
  EXPECT_FALSE(is_rfc3339_shape("2026-01-05t00:00:00z", false));
  EXPECT_TRUE(is_rfc3339_shape("2026-01-05t00:00:00z", true));
  for (const char* bad :
       {"", "2026-01-05", "2026-01-05T00:00:00", "2026-01-05T00:00:00.Z", "2026-1-05T00:00:00Z",
        "2026-01-05T00:00:00+0100", "2026-01-05T00:00:00+01:00 ", "x026-01-05T00:00:00Z"})
    EXPECT_FALSE(is_rfc3339_shape(bad, true)) << bad;
  EXPECT_TRUE(is_rfc3339_shape("2026-01-05T00:00:00." + std::string(300000, '9') + "Z", true));
  EXPECT_TRUE(all_digits("0123"));
  EXPECT_FALSE(all_digits(""));
  EXPECT_FALSE(all_digits("12a"));
}

}  // namespace
}  // namespace bulwark
