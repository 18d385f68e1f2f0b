// Runs the built `bulwark purl` command: one JSON object per input line, errors as
// {"input","error"}, exit code 2 after all inputs when any is invalid.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "shared.hpp"

namespace {

using nlohmann::json;

std::vector<json> json_lines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

bulwark::test::RunResult run_purl(const std::string& args) {
  EXPECT_TRUE(std::filesystem::exists(bulwark::test::cli_path()))
      << bulwark::test::cli_path() << " is missing: build the 'bulwark' target";
  return bulwark::test::run(bulwark::test::cli_path() + " purl " + args);
}

TEST(PurlCli, PrintsCanonicalComponentsForValidPurls) {
  auto r = run_purl(
      "'pkg:NPM/@Angular/Animation@12.3.1?b=2&a=1#sub/path/' 'pkg:maven/org.apache.commons/io'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_EQ(lines[0], json::parse(R"({"input":"pkg:NPM/@Angular/Animation@12.3.1?b=2&a=1#sub/path/",
    "purl":"pkg:npm/%40Angular/Animation@12.3.1?a=1&b=2#sub/path","type":"npm","namespace":"@Angular",
    "name":"Animation","version":"12.3.1","qualifiers":{"a":"1","b":"2"},"subpath":"sub/path"})"));
  EXPECT_EQ(lines[1]["purl"], "pkg:maven/org.apache.commons/io");
  EXPECT_TRUE(lines[1]["version"].is_null());
  EXPECT_TRUE(lines[1]["qualifiers"].is_null());
  EXPECT_TRUE(lines[1]["subpath"].is_null());
}

TEST(PurlCli, InvalidPurlGivesErrorObjectAndExitTwoAfterAllInputs) {
  auto r = run_purl("'pkg:swift/Alamofire@5.4.3' 'not-a-purl' 'pkg:pypi/Django_Allauth@1.0'");
  EXPECT_EQ(r.exit_code, 2);
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0]["input"], "pkg:swift/Alamofire@5.4.3");
  EXPECT_NE(lines[0]["error"].get<std::string>().find("namespace is required"), std::string::npos)
      << lines[0];
  EXPECT_FALSE(lines[0].contains("purl"));
  EXPECT_NE(lines[1]["error"].get<std::string>().find("'pkg:' scheme"), std::string::npos)
      << lines[1];
  EXPECT_EQ(lines[2]["purl"], "pkg:pypi/django-allauth@1.0");
}

TEST(PurlCli, StrictAndPermissiveModes) {
  auto strict = run_purl("--strict 'pkg:gem/jruby-launcher@1.1.2?Platform=java'");
  EXPECT_EQ(strict.exit_code, 2);
  auto lenient = run_purl("'pkg:gem/jruby-launcher@1.1.2?Platform=java'");
  EXPECT_EQ(lenient.exit_code, 0);
  EXPECT_EQ(json_lines(lenient.out).at(0)["purl"], "pkg:gem/jruby-launcher@1.1.2?platform=java");
  auto permissive = run_purl("--permissive 'pkg:golang/stdlib@1.21.0'");
  EXPECT_EQ(permissive.exit_code, 0) << permissive.out;
  EXPECT_EQ(json_lines(permissive.out).at(0)["purl"], "pkg:golang/stdlib@1.21.0");
}

TEST(PurlCli, ReadsPurlsFromAFile) {
  bulwark::test::TempDir tmp;
  auto file = tmp.path() / "purls.txt";
  std::ofstream(file) << "pkg:deb/Debian/Curl@7.50.3-1?arch=i386\r\n\npkg:cargo/rand@0.7.2\n";
  auto r = run_purl("--file '" + file.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["purl"], "pkg:deb/debian/curl@7.50.3-1?arch=i386");
  EXPECT_EQ(lines[1]["purl"], "pkg:cargo/rand@0.7.2");
  EXPECT_EQ(run_purl("--file '" + (tmp.path() / "absent.txt").string() + "'").exit_code, 2);
}

TEST(PurlCli, NoInputIsAUsageError) {
  auto r = run_purl("");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("at least one"), std::string::npos) << r.err;
}

}  // namespace
