#include <gtest/gtest.h>

#include "bulwark/service/gate.hpp"

using bulwark::service::parse_gate;

TEST(ServiceGate, PriorityReachedAtOrAboveUrgency) {
  auto g = parse_gate("p1");
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->active());
  EXPECT_TRUE(g->reached("P0", "low"));
  EXPECT_TRUE(g->reached("P1", "low"));
  EXPECT_FALSE(g->reached("P2", "critical"));
}

TEST(ServiceGate, SeverityReachedAtOrAbove) {
  auto g = parse_gate("high");
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->reached("P4", "critical"));
  EXPECT_TRUE(g->reached("P4", "HIGH"));
  EXPECT_FALSE(g->reached("P0", "medium"));
}

TEST(ServiceGate, EmptyIsInactiveAndJunkIsNamed) {
  auto g = parse_gate("");
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->active());
  EXPECT_FALSE(g->reached("P0", "critical"));
  auto bad = parse_gate("urgent");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, bulwark::ErrorCode::kInvalidInput);
  EXPECT_NE(bad.error().message.find("'urgent'"), std::string::npos);
  EXPECT_EQ(bad.error().message.find("--"), std::string::npos);  // no CLI flag named
}
