// `bulwark cvss VECTOR...`: one JSON line per vector; invalid vectors print {"vector","error"}
// naming the offending metric and make the command exit 2 after all vectors.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "shared.hpp"

namespace bulwark::test {
namespace {

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> v;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) v.push_back(nlohmann::json::parse(line));
  return v;
}

TEST(CliCvss, ScoresEveryVersion) {
  auto r = run(cli_path() +
               " cvss 'AV:N/AC:L/Au:N/C:P/I:P/A:P' "
               "'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C'"
               " 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0]["version"], "2.0");
  EXPECT_EQ(lines[0]["base"], 7.5);
  EXPECT_EQ(lines[0]["score"], 7.5);
  EXPECT_EQ(lines[0]["severity"], "HIGH");
  EXPECT_FALSE(lines[0].contains("temporal"));
  EXPECT_EQ(lines[1]["version"], "3.1");
  EXPECT_EQ(lines[1]["base"], 9.8);
  EXPECT_EQ(lines[1]["temporal"], 8.5);
  EXPECT_EQ(lines[1]["score"], 8.5);
  EXPECT_EQ(lines[1]["normalized"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C");
  EXPECT_FALSE(lines[1].contains("nomenclature"));
  EXPECT_EQ(lines[2]["version"], "4.0");
  EXPECT_EQ(lines[2]["base"], 9.3);
  EXPECT_EQ(lines[2]["threat"], 8.1);
  EXPECT_EQ(lines[2]["score"], 8.1);
  EXPECT_EQ(lines[2]["nomenclature"], "CVSS-BT");
  EXPECT_EQ(lines[2]["vector"],
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U");
}

TEST(CliCvss, InvalidVectorExits2AfterAllInputs) {
  auto r = run(cli_path() +
               " cvss 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' "
               "'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'");
  EXPECT_EQ(r.exit_code, 2);
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_EQ(lines[0]["vector"], "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  EXPECT_EQ(lines[0].size(), 2u);
  EXPECT_NE(lines[0]["error"].get<std::string>().find("AV:Q: unknown value 'Q' for metric AV"),
            std::string::npos);
  EXPECT_EQ(lines[1]["base"], 9.8);
  EXPECT_EQ(lines[1]["severity"], "CRITICAL");
}

}  // namespace
}  // namespace bulwark::test
