// Table-test helpers for one version scheme: checks cmp(a, b) and its antisymmetry.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "bulwark/version/schemes.hpp"

namespace bulwark::test::vera {

namespace scheme = ::bulwark::version::scheme;
using SchemeFn = Result<int> (*)(std::string_view, std::string_view);

struct Cmp {
  const char* a;
  const char* b;
  int expected;
};

inline void expect_order(SchemeFn fn, const Cmp& c) {
  auto r = fn(c.a, c.b);
  ASSERT_TRUE(r.has_value()) << "'" << c.a << "' vs '" << c.b << "': " << r.error().message;
  EXPECT_EQ(*r, c.expected) << "'" << c.a << "' vs '" << c.b << "'";
  auto back = fn(c.b, c.a);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, -c.expected) << "'" << c.b << "' vs '" << c.a << "'";
}

// The version is rejected, with an invalid-input error that quotes it.
inline void expect_invalid(SchemeFn fn, std::string_view v, std::string_view valid_other) {
  auto r = fn(v, valid_other);
  ASSERT_FALSE(r.has_value()) << "'" << v << "' was accepted";
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(r.error().message.find("'" + std::string(v) + "'"), std::string::npos)
      << r.error().message;
  auto r2 = fn(valid_other, v);
  EXPECT_FALSE(r2.has_value()) << "'" << v << "' accepted as second argument";
}

}  // namespace bulwark::test::vera
