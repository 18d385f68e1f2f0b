// The SQLite wrapper: a failed bind is not dropped; the next step()/run() fails with it.
#include <gtest/gtest.h>

#include "bulwark/vulndb/sqlite.hpp"
#include "shared.hpp"

namespace bulwark::vulndb::detail {
namespace {

TEST(SqliteBind, OutOfRangeBindFailsTheNextStepAndRun) {
  bulwark::test::TempDir tmp;
  auto db = Database::open((tmp.path() / "b.db").string());
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(db->exec("CREATE TABLE t(a TEXT, b INTEGER)"));
  auto st = db->prepare("INSERT INTO t(a, b) VALUES (?1, ?2)");
  ASSERT_TRUE(st) << st.error().message;
  st->bind(1, std::string_view("x")).bind(7, std::int64_t{3}).bind(2, std::int64_t{4});
  auto r = st->run();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kDatabase);
  EXPECT_NE(r.error().message.find("cannot bind parameter 7"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("INSERT INTO t"), std::string::npos) << r.error().message;
  auto again = st->step();  // still failing: the error stays until reset()
  ASSERT_FALSE(again);

  auto count = db->prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count);
  ASSERT_TRUE(*count->step());
  EXPECT_EQ(count->integer(0), 0);  // nothing was inserted

  st->reset().bind(1, std::string_view("y")).bind(2, std::int64_t{5});
  ASSERT_TRUE(st->run()) << "reset() clears the recorded bind error";
  count->reset();
  ASSERT_TRUE(*count->step());
  EXPECT_EQ(count->integer(0), 1);
}

}  // namespace
}  // namespace bulwark::vulndb::detail
