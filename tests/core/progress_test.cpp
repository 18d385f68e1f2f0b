// core/progress: what the reporter writes in each mode (a fake clock makes rates exact), and
// that it writes nothing when its stream is not a terminal in auto mode.
#include "bulwark/core/progress.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace bulwark {
namespace {

// A FILE* over a temporary file, read back as a string.
class Captured {
 public:
  Captured() : file_(std::tmpfile()) {}
  ~Captured() {
    if (file_) std::fclose(file_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    std::string out;
    std::rewind(file_);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, file_)) > 0) out.append(buf, n);
    return out;
  }

 private:
  std::FILE* file_;
};

TEST(ProgressMode, ParsesTheFourModesAndRejectsOthers) {
  EXPECT_EQ(parse_progress_mode("none").value(), ProgressMode::kNone);
  EXPECT_EQ(parse_progress_mode("auto").value(), ProgressMode::kAuto);
  EXPECT_EQ(parse_progress_mode("bar").value(), ProgressMode::kBar);
  EXPECT_EQ(parse_progress_mode("plain").value(), ProgressMode::kPlain);
  auto bad = parse_progress_mode("fancy");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("'fancy'"), std::string::npos);
}

TEST(ProgressMode, AutoIsABarOnlyOnATerminalOutsideCi) {
  EXPECT_EQ(resolve_progress_mode(ProgressMode::kAuto, true, false), ProgressMode::kBar);
  EXPECT_EQ(resolve_progress_mode(ProgressMode::kAuto, false, false), ProgressMode::kNone);
  EXPECT_EQ(resolve_progress_mode(ProgressMode::kAuto, true, true), ProgressMode::kNone);
  EXPECT_EQ(resolve_progress_mode(ProgressMode::kPlain, false, true), ProgressMode::kPlain);
  EXPECT_EQ(resolve_progress_mode(ProgressMode::kBar, false, false), ProgressMode::kBar);
}

TEST(ProgressReporter, PlainPrintsOneLinePerStageWithCountAndRate) {
  Captured out;
  double now = 100.0;
  {
    ProgressReporter p(out.file(), ProgressMode::kPlain, [&] { return now; });
    p.begin("import", 0, "records");
    for (std::uint64_t i = 1; i <= 5000; ++i) p.update(i);
    now += 2.0;
    p.end();
    p.begin("fetch NVD", 1000, "bytes");
    p.update(400);
    now += 4.0;
    // the destructor ends the open stage
  }
  EXPECT_EQ(out.text(),
            "import: 5,000 records in 2.0 s (2.5k/s)\n"
            "fetch NVD: 400 bytes of 1,000 in 4.0 s (100/s)\n");
}

TEST(ProgressReporter, BarRedrawsInPlaceWithRateAndTimeLeftThenClears) {
  Captured out;
  double now = 0.0;
  ProgressReporter p(out.file(), ProgressMode::kBar, [&] { return now; });
  p.begin("import", 1000, "records");
  now = 1.0;
  p.update(250);
  now = 1.05;  // within the redraw interval: not drawn
  p.update(260);
  p.end();
  const std::string text = out.text();
  EXPECT_EQ(text.find('\n'), std::string::npos) << text;
  EXPECT_NE(text.find("\rimport [......................"), std::string::npos) << text;
  EXPECT_NE(text.find("\rimport [######..................]  25% 250/1,000 records 250/s 3 s left"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("260/1,000"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\r') << "the bar is wiped at the end";
}

TEST(ProgressReporter, AutoOnAStreamThatIsNotATerminalWritesNothing) {
  Captured out;
  ASSERT_EQ(isatty(fileno(out.file())), 0);
  {
    auto p = ProgressReporter::for_stream(out.file(), ProgressMode::kAuto);
    EXPECT_EQ(p.mode(), ProgressMode::kNone);
    p.begin("import", 10, "records");
    for (std::uint64_t i = 1; i <= 10; ++i) p.update(i);
    p.end();
  }
  EXPECT_EQ(out.text(), "");
}

TEST(ProgressReporter, NoneWritesNothingAndUpdatesOutsideAStageAreIgnored) {
  Captured out;
  {
    ProgressReporter p(out.file(), ProgressMode::kNone);
    p.begin("import", 10, "records");
    p.update(5);
    p.end();
  }
  {
    ProgressReporter p(out.file(), ProgressMode::kPlain, [] { return 0.0; });
    p.update(5);  // no stage: ignored
    p.end();
  }
  EXPECT_EQ(out.text(), "");
}

TEST(ProgressText, ThousandsAndDurations) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1000), "1,000");
  EXPECT_EQ(group_thousands(1234567), "1,234,567");
  EXPECT_EQ(format_duration(12.4), "12 s");
  EXPECT_EQ(format_duration(187), "3:07");
  EXPECT_EQ(format_duration(3723), "1:02:03");
}

}  // namespace
}  // namespace bulwark
