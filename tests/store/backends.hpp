// The storage backends every store contract test runs on (issue 10: one contract suite per store,
// parameterised by backend). Each contract test file declares
//   class XContract : public bulwark::test::BackendTest {};
//   TEST_P(XContract, ...) { auto loc = fresh_location(); ... open the store on loc ... }
//   INSTANTIATE_TEST_SUITE_P(Backends, XContract,
//   ::testing::ValuesIn(bulwark::test::store_backends()),
//                            bulwark::test::backend_name);
// "sqlite": a database file in a temporary directory. "postgresql": a database of a throwaway
// cluster started once per test process (tests/support/pg_cluster.hpp); its tests skip with a
// message where the PostgreSQL server is not installed. A fixture that overrides SetUp() calls
// BackendTest::SetUp() first and returns when IsSkipped().
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pg_cluster.hpp"
#include "shared.hpp"

namespace bulwark::test {

inline std::vector<std::string> store_backends() { return {"sqlite", "postgresql"}; }

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (backend() == "postgresql") {
      if (auto why = pg_unavailable()) GTEST_SKIP() << "postgresql backend: " << *why;
    }
  }
  // A fresh, empty database of the backend under test: a file path for SQLite, a URL of a new
  // database for PostgreSQL.
  std::string fresh_location() {
    if (backend() == "postgresql") return pg_fresh_database();
    return (dir_.path() / ("store-" + std::to_string(++n_) + ".db")).string();
  }
  const std::string& backend() const { return GetParam(); }
  // A directory for the test's input files (removed after the test), whatever the backend.
  const std::filesystem::path& scratch_dir() const { return dir_.path(); }
  bool postgresql() const { return backend() == "postgresql"; }

 private:
  TempDir dir_;
  int n_ = 0;
};

}  // namespace bulwark::test
