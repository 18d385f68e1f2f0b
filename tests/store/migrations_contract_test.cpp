// Contract: opening every store on a fresh database twice migrates once and leaves each
// component at its current version; the stores share one file.
#include <gtest/gtest.h>

#include "backends.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/vulndb/store.hpp"

class MigrationsContract : public bulwark::test::BackendTest {};

TEST_P(MigrationsContract, StoresOpenTwiceOnOneDatabase) {
  const auto loc = fresh_location();
  for (int i = 0; i < 2; ++i) {
    auto v = bulwark::vulndb::Store::open(loc);
    ASSERT_TRUE(v) << v.error().message;
    auto p = bulwark::portfolio::Store::open_sqlite(loc);
    ASSERT_TRUE(p) << p.error().message;
    auto products = (*p)->products();
    ASSERT_TRUE(products);
    EXPECT_TRUE(products->empty());
    auto n = (*v)->record_count();
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsContract,
                         ::testing::Values("sqlite") /* PostgreSQL: not yet */,
                         bulwark::test::backend_name);
