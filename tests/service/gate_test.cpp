#include <gtest/gtest.h>

#include "bulwark/service/gate.hpp"

using bulwark::service::parse_gate;

TEST(ServiceGate, PriorityReachedAtOrAboveUrgency) {
  auto g = parse_gate("p1");
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->active());
  EXPECT_TRUE(g->reached("P0", "LOW"));
  EXPECT_TRUE(g->reached("P1", "LOW"));
  EXPECT_FALSE(g->reached("P2", "CRITICAL"));
}

TEST(ServiceGate, SeverityReachedAtOrAbove) {
  auto g = parse_gate("high");
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->reached("P4", "CRITICAL"));  // finding severities are upper case
  EXPECT_TRUE(g->reached("P4", "HIGH"));
  EXPECT_FALSE(g->reached("P0", "MEDIUM"));
}

TEST(ServiceGate, EmptyIsInactiveAndJunkIsNamed) {
  auto g = parse_gate("");
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->active());
  EXPECT_FALSE(g->reached("P0", "CRITICAL"));
  auto bad = parse_gate("urgent");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, bulwark::ErrorCode::kInvalidInput);
  EXPECT_NE(bad.error().message.find("'urgent'"), std::string::npos);
  EXPECT_EQ(bad.error().message.find("--"), std::string::npos);  // no CLI flag named
}
