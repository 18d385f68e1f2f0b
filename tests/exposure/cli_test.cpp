// bulwark exposure: formats, the --fail-on gate and exit codes (needs BULWARK_BIN).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"

namespace bulwark::exposure::test {
namespace {

using bulwark::test::run;
using bulwark::test::shell_quote;

std::string cli() {
  const char* bin = std::getenv("BULWARK_BIN");
  return bin ? bin : "";
}

TEST(ExposureCli, GateJsonSarifAndExitCodes) {
  if (cli().empty() || !std::filesystem::exists(cli())) GTEST_SKIP() << "BULWARK_BIN not set";
  bulwark::test::TempDir dir;
  make_faulty_rootfs(dir.path() / "root");
  make_clean_rootfs(dir.path() / "clean");
  const std::string env = "BULWARK_NOW=2026-12-01T00:00:00Z ";
  const std::string bin = shell_quote(cli());

  auto table = run(env + bin + " exposure " + shell_quote(dir.path() / "root"));
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("EXP.SVC.TELNET"), std::string::npos);

  auto gate = run(env + bin + " exposure --fail-on high " + shell_quote(dir.path() / "root"));
  EXPECT_EQ(gate.exit_code, 1) << gate.err;
  auto clean_gate =
      run(env + bin + " exposure --fail-on info " + shell_quote(dir.path() / "clean"));
  EXPECT_EQ(clean_gate.exit_code, 0) << clean_gate.out << clean_gate.err;

  auto json = run(env + bin + " exposure -f json " + shell_quote(dir.path() / "root"));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["catalogue"]["sha256"].get<std::string>().size(), 64u);
  EXPECT_GT(j["summary"]["fail"].get<int>(), 0);
  EXPECT_EQ(j["generated_at"], "2026-12-01T00:00:00Z");

  fs::path sarif = dir.path() / "out.sarif";
  auto s = run(env + bin + " exposure -f sarif -o " + shell_quote(sarif) + " " +
               shell_quote(dir.path() / "root"));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  std::ifstream in(sarif);
  auto doc = nlohmann::json::parse(in);
  EXPECT_EQ(doc["version"], "2.1.0");
  EXPECT_FALSE(doc["runs"][0]["results"].empty());

  EXPECT_EQ(run(bin + " exposure --fail-on severe " + shell_quote(dir.path() / "root")).exit_code,
            2);
  EXPECT_EQ(run(bin + " exposure " + shell_quote(dir.path() / "missing")).exit_code, 2);
  auto not_supported = run(bin + " exposure " + shell_quote(dir.path() / "root/etc/passwd"));
  EXPECT_EQ(not_supported.exit_code, 2) << not_supported.err;
  auto checks = run(bin + " exposure checks");
  EXPECT_EQ(checks.exit_code, 0);
  EXPECT_NE(checks.out.find("EXP.LOG.DAEMON"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::exposure::test
