#include "bulwark/core/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <utility>

namespace bulwark {
namespace {

constexpr double kRedrawEvery = 0.1;  // seconds between two bars
constexpr std::size_t kBarWidth = 24;

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string rate_text(double per_second) {
  if (per_second >= 1e6) return fmt::format("{:.1f}M/s", per_second / 1e6);
  if (per_second >= 1e4) return fmt::format("{:.0f}k/s", per_second / 1e3);
  if (per_second >= 1e3) return fmt::format("{:.1f}k/s", per_second / 1e3);
  return fmt::format("{:.0f}/s", per_second);
}

}  // namespace

Progress& no_progress() {
  static Progress none;
  return none;
}

Result<ProgressMode> parse_progress_mode(std::string_view text) {
  if (text == "none") return ProgressMode::kNone;
  if (text == "auto") return ProgressMode::kAuto;
  if (text == "bar") return ProgressMode::kBar;
  if (text == "plain") return ProgressMode::kPlain;
  return invalid_input("progress: '" + std::string(text) +
                       "' is not one of none, auto, bar, plain");
}

ProgressMode resolve_progress_mode(ProgressMode mode, bool is_terminal, bool ci) {
  if (mode != ProgressMode::kAuto) return mode;
  return is_terminal && !ci ? ProgressMode::kBar : ProgressMode::kNone;
}

std::string group_thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string format_duration(double seconds) {
  if (seconds < 0) seconds = 0;
  const auto s = static_cast<std::uint64_t>(seconds + 0.5);
  if (s < 60) return fmt::format("{} s", s);
  if (s < 3600) return fmt::format("{}:{:02}", s / 60, s % 60);
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

ProgressReporter::ProgressReporter(std::FILE* out, ProgressMode mode, SecondsFn now)
    : out_(out),
      mode_(mode == ProgressMode::kAuto ? ProgressMode::kNone : mode),
      now_(now ? std::move(now) : SecondsFn(steady_seconds)) {
  if (out_ == nullptr) mode_ = ProgressMode::kNone;
}

ProgressReporter ProgressReporter::for_stream(std::FILE* out, ProgressMode mode) {
  const bool tty = out != nullptr && isatty(fileno(out)) != 0;
  const char* ci = std::getenv("CI");
  return ProgressReporter(out, resolve_progress_mode(mode, tty, ci != nullptr && *ci != '\0'));
}

ProgressReporter::~ProgressReporter() {
  if (active_) end();
  clear();
}

void ProgressReporter::begin(std::string_view stage, std::uint64_t total, std::string_view unit) {
  if (active_) end();
  active_ = true;
  stage_ = stage;
  unit_ = unit;
  done_ = 0;
  total_ = total;
  start_ = now_();
  last_draw_ = -1;
  if (mode_ == ProgressMode::kBar) draw(true);
}

void ProgressReporter::update(std::uint64_t done, std::uint64_t total) {
  if (!active_) return;
  done_ = done;
  if (total != 0) total_ = total;
  if (mode_ == ProgressMode::kBar) draw(false);
}

void ProgressReporter::end() {
  if (!active_) return;
  active_ = false;
  if (mode_ == ProgressMode::kBar) {
    clear();
  } else if (mode_ == ProgressMode::kPlain) {
    const double secs = now_() - start_;
    std::string text = fmt::format("{}: {} {}", stage_, group_thousands(done_), unit_);
    if (total_ != 0 && done_ < total_) text += " of " + group_thousands(total_);
    text += fmt::format(" in {:.1f} s", secs);
    if (secs > 0 && done_ > 0) text += " (" + rate_text(static_cast<double>(done_) / secs) + ")";
    fmt::print(out_, "{}\n", text);
    std::fflush(out_);
  }
}

void ProgressReporter::clear() {
  if (!shown_) return;
  fmt::print(out_, "\r{}\r", std::string(last_width_, ' '));
  std::fflush(out_);
  shown_ = false;
  last_width_ = 0;
  last_draw_ = -1;
}

std::string ProgressReporter::line() const {
  const double secs = now_() - start_;
  const double rate = secs > 0 ? static_cast<double>(done_) / secs : 0.0;
  std::string text = stage_ + " ";
  if (total_ != 0 && done_ <= total_) {  // a total that was only a hint is not shown
    const std::uint64_t shown = done_;
    const auto fill = static_cast<std::size_t>(shown * kBarWidth / total_);
    text += "[" + std::string(fill, '#') + std::string(kBarWidth - fill, '.') + "] ";
    text += fmt::format("{:3}% ", shown * 100 / total_);
    text += group_thousands(done_) + "/" + group_thousands(total_) + " " + unit_;
  } else {
    text += group_thousands(done_) + " " + unit_;
  }
  if (done_ > 0 && secs >= 0.5) {
    text += " " + rate_text(rate);
    if (total_ > done_ && rate > 0)
      text += " " + format_duration(static_cast<double>(total_ - done_) / rate) + " left";
  }
  return text;
}

void ProgressReporter::draw(bool force) {
  const double t = now_();
  if (!force && last_draw_ >= 0 && t - last_draw_ < kRedrawEvery) return;
  last_draw_ = t;
  std::string text = line();
  const std::size_t width = text.size();
  if (width < last_width_) text.append(last_width_ - width, ' ');  // wipe a longer old line
  fmt::print(out_, "\r{}", text);
  std::fflush(out_);
  shown_ = true;
  last_width_ = width;
}

}  // namespace bulwark
