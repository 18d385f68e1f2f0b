// --progress: piped output carries no progress text (auto), `plain` prints one line per stage on
// stderr (never on stdout), and an unknown mode is a usage error.
#include <gtest/gtest.h>

#include "shared.hpp"

namespace bulwark::test {
namespace {

class ProgressCli : public ::testing::Test {
 protected:
  // `env -u CI`: auto must be silent because stderr is a pipe, not because CI happens to be set.
  std::string bulwark(const std::string& args) const {
    return "env -u CI BULWARK_NOW=2026-11-29T12:00:00Z '" + cli_path() + "' --db '" +
           (tmp_.path() / "vuln.db").string() + "' " + args;
  }
  std::string import_args() const {
    auto feeds = source_dir() / "data/sample/feeds";
    return "db import " + shell_quote(source_dir() / "data/sample/osv") + " " +
           shell_quote(feeds / "nvd-sample.json");
  }
  TempDir tmp_;
};

TEST_F(ProgressCli, PipedImportPrintsNoProgress) {
  auto r = run(bulwark(import_args()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("import:"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find('\r'), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("imported"), std::string::npos) << r.out;
}

TEST_F(ProgressCli, PlainPrintsOneLinePerStageOnStderr) {
  auto r = run(bulwark("--progress plain " + import_args()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("import: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" records in "), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("import: "), std::string::npos) << r.out;
}

TEST_F(ProgressCli, BarIsForcedEvenWhenPipedAndNoneIsSilent) {
  auto bar = run(bulwark("--progress bar " + import_args()));
  ASSERT_EQ(bar.exit_code, 0) << bar.err;
  EXPECT_NE(bar.err.find("\rimport "), std::string::npos) << bar.err;
  auto none = run(bulwark("--progress none " + import_args()));
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.err, "");
}

TEST_F(ProgressCli, UnknownModeIsAUsageError) {
  auto r = run(bulwark("--progress fancy db status"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("fancy"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace bulwark::test
