// core/text: the JSON string writer used by hot server paths (escapes, and invalid UTF-8 replaced
// so the output is always valid JSON).
#include "bulwark/core/text.hpp"
#include "bulwark/core/digest.hpp"

#include <gtest/gtest.h>

namespace bulwark {
namespace {

std::string js(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonString, EscapesQuotesBackslashAndControlCharacters) {
  EXPECT_EQ(js(""), R"("")");
  EXPECT_EQ(js("plain"), R"("plain")");
  EXPECT_EQ(js("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(js("l1\nl2\r\t\b\f"), R"("l1\nl2\r\t\b\f")");
  EXPECT_EQ(js(std::string_view("\0\x1f", 2)), R"("\u0000\u001f")");
  EXPECT_EQ(js("/<>&"), R"("/<>&")");  // nothing else is escaped
}

TEST(JsonString, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(js("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92"),
            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92\"");
  EXPECT_EQ(js("\xff"), R"("\ufffd")");
  EXPECT_EQ(js("a\xc3"), R"("a\ufffd")");                    // truncated sequence at the end
  EXPECT_EQ(js("\xc0\xaf"), R"("\ufffd\ufffd")");            // overlong "/"
  EXPECT_EQ(js("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");  // UTF-16 surrogate
  EXPECT_EQ(js("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // above U+10FFFF
  EXPECT_EQ(js("\xe2\x82x"), R"("\ufffd\ufffdx")");                    // continuation missing
}

TEST(DerivedUuid, StableVersionFiveLayoutFromTheSeed) {
  const std::string a = derived_uuid("vuln|CVE-2021-44228");
  EXPECT_EQ(a, derived_uuid("vuln|CVE-2021-44228"));
  EXPECT_NE(a, derived_uuid("vuln|CVE-2021-45046"));
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[8], '-');
  EXPECT_EQ(a[14], '5');                                          // version 5 layout
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);  // RFC 4122 variant
  EXPECT_EQ(a.substr(0, 8), sha256_hex("vuln|CVE-2021-44228").substr(0, 8));
}

}  // namespace
}  // namespace bulwark
