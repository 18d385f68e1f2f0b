// The storage backends every store contract test runs on (issue 10: one contract suite per store,
// parameterised by backend). Each contract test file declares
//   class XContract : public bulwark::test::BackendTest {};
//   TEST_P(XContract, ...) { auto loc = fresh_location(); ... open the store on loc ... }
//   INSTANTIATE_TEST_SUITE_P(Backends, XContract,
//   ::testing::ValuesIn(bulwark::test::store_backends()),
//                            bulwark::test::backend_name);
// The PostgreSQL backend adds "postgresql" here (a throwaway cluster per test binary).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shared.hpp"

namespace bulwark::test {

inline std::vector<std::string> store_backends() { return {"sqlite"}; }

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  // A fresh, empty database of the backend under test: a file path for SQLite.
  std::string fresh_location() {
    return (dir_.path() / ("store-" + std::to_string(++n_) + ".db")).string();
  }
  const std::string& backend() const { return GetParam(); }

 private:
  TempDir dir_;
  int n_ = 0;
};

}  // namespace bulwark::test
