// COPY text format (pg::copy_field, pg::CopyIn) against a real PostgreSQL server (the throwaway
// cluster of tests/support/pg_cluster.hpp): adversarial strings go through COPY FROM STDIN into a
// table and come back byte for byte, in their own column; a NUL byte is refused before it
// reaches the server; invalid UTF-8 is refused by the server with an error, never stored.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "bulwark/pg/pg.hpp"
#include "pg_cluster.hpp"

namespace bulwark::test {
namespace {

using namespace std::string_literals;

TEST(PgCopyField, EscapesBackslashTabNewlineAndCarriageReturnOnly) {
  std::string out;
  ASSERT_TRUE(pg::copy_field(out, "a\\b\tc\nd\re\x01\x7f\\N\\."));
  EXPECT_EQ(out, "a\\\\b\\tc\\nd\\re\x01\x7f\\\\N\\\\.");
  out.clear();
  ASSERT_TRUE(pg::copy_field(out, ""));
  EXPECT_EQ(out, "");
}

TEST(PgCopyField, RefusesANulByteAndAppendsNothing) {
  std::string out = "1\t";
  EXPECT_FALSE(pg::copy_field(out, "a\0b"s));
  EXPECT_FALSE(pg::copy_field(out, "\0"s));
  EXPECT_FALSE(pg::copy_field(out, "tail\\\0"s));
  EXPECT_EQ(out, "1\t");
}

class PgCopyRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = pg_unavailable()) GTEST_SKIP() << "postgresql: " << *why;
    auto c = pg::Connection::open(pg_fresh_database(), std::chrono::seconds(60));
    ASSERT_TRUE(c) << c.error().message;
    c_ = std::move(*c);
    ASSERT_TRUE(c_.exec("CREATE TABLE t (n INTEGER PRIMARY KEY, v TEXT, after TEXT NOT NULL)"));
  }
  pg::Connection c_;
};

// Every value in its own row, between an integer column and a sentinel column: a tab or newline
// that escaped the escaper would shift the sentinel or split the row.
TEST_F(PgCopyRoundTrip, AdversarialStringsComeBackByteForByte) {
  std::string every_byte;  // 0x01..0x7f
  for (int b = 1; b < 0x80; ++b) every_byte += static_cast<char>(b);
  std::string big;  // ~3 MiB, across the 1 MiB chunks of CopyIn
  while (big.size() < (std::size_t{3} << 20)) big += "\\\t\n\r\\.\\N ab\xc3\xa9";
  const std::vector<std::optional<std::string>> values = {
      "",
      std::nullopt,
      "\\N",
      "\\n",
      "\\.",
      "\n\\.\n",
      "\\",
      "\\\\",
      "ends with a backslash\\",
      "\\t\\r\\b\\f\\v",
      "\\x41\\101\\0",
      "\t",
      "\n",
      "\r",
      "\r\n",
      "\t\t\n\n\r\r",
      "tab\there, newline\nthere, cr\rthere",
      "\b\f\v\x1b\x7f",
      every_byte,
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e \xe2\x80\xa8 \xef\xbb\xbf",
      "'; DROP TABLE t; --",
      "{\"a\":\"\\u0000\\\\\\t\"}",
      big,
  };
  auto copy = pg::CopyIn::start(c_, "COPY t (n, v, after) FROM STDIN");
  ASSERT_TRUE(copy) << copy.error().message;
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string& out = copy->buffer();
    out += std::to_string(i) + '\t';
    if (values[i])
      ASSERT_TRUE(pg::copy_field(out, *values[i])) << i;
    else
      pg::copy_null(out);
    out += "\tend\n";
    ASSERT_TRUE(copy->flush_if_full());
  }
  auto n = copy->finish();
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, values.size());

  auto rows = c_.query("SELECT n, v, after, v IS NULL FROM t ORDER BY n");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(static_cast<std::size_t>(rows->size()), values.size());
  for (int i = 0; i < rows->size(); ++i) {
    const auto& want = values[static_cast<std::size_t>(i)];
    EXPECT_EQ(rows->integer(i, 0), i);
    EXPECT_EQ(rows->text(i, 2), "end") << "row " << i << ": a field boundary moved";
    EXPECT_EQ(rows->boolean(i, 3), !want.has_value()) << "row " << i;
    if (want) {
      EXPECT_TRUE(rows->text(i, 1) == *want) << "row " << i << " differs";
    }
  }
  // The server agrees on lengths (in bytes) too, e.g. of the 127 single bytes.
  auto len = c_.scalar("SELECT octet_length(v) FROM t WHERE n = 18");
  ASSERT_TRUE(len) << len.error().message;
  EXPECT_EQ(*len, 127);
}

TEST_F(PgCopyRoundTrip, InvalidUtf8IsRefusedByTheServerAndNothingIsStored) {
  ASSERT_TRUE(c_.exec("BEGIN"));
  auto copy = pg::CopyIn::start(c_, "COPY t (n, v, after) FROM STDIN");
  ASSERT_TRUE(copy) << copy.error().message;
  copy->buffer() += "1\t";
  ASSERT_TRUE(pg::copy_field(copy->buffer(), "\xff\xfe not UTF-8"));
  copy->buffer() += "\tend\n";
  auto n = copy->finish();
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, ErrorCode::kDatabase);
  EXPECT_NE(n.error().message.find("COPY"), std::string::npos) << n.error().message;
  ASSERT_TRUE(c_.exec("ROLLBACK"));
  EXPECT_EQ(c_.scalar("SELECT count(*) FROM t").value(), 0);
}

}  // namespace
}  // namespace bulwark::test
