// Progress of long work (db import/update, monitor, release add, sbom of a large image): the
// use cases report stages and counts to a `Progress`; the front end decides how (or whether) to
// show them. `ProgressReporter` is the terminal one: a bar redrawn in place on stderr with counts,
// rate and time left, one line per stage in plain mode, or nothing at all. Not thread-safe: a use
// case reports from the thread that runs it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"

namespace bulwark {

// What use cases report to. Every method may be called any number of times; update() outside a
// stage is ignored. The base class does nothing (use it when nobody watches).
class Progress {
 public:
  virtual ~Progress() = default;
  // A new stage ("import", "fetch NVD", "match"...): `total` units expected, 0 when unknown;
  // `unit` names what is counted ("records", "bytes", "releases"...).
  virtual void begin(std::string_view stage, std::uint64_t total, std::string_view unit) {
    (void)stage, (void)total, (void)unit;
  }
  // `done` units of the current stage so far; `total` replaces the stage's total when non-zero.
  virtual void update(std::uint64_t done, std::uint64_t total = 0) { (void)done, (void)total; }
  // The current stage is over (its final count is the last update).
  virtual void end() {}
};

// The progress nobody watches.
Progress& no_progress();

enum class ProgressMode {
  kNone,   // nothing
  kAuto,   // a bar when the stream is a terminal and $CI is not set, else nothing
  kBar,    // a bar redrawn in place with '\r'
  kPlain,  // one line per stage when it ends
};

// "none", "auto", "bar", "plain".
Result<ProgressMode> parse_progress_mode(std::string_view text);

// The mode `kAuto` stands for, given what the stream is.
ProgressMode resolve_progress_mode(ProgressMode mode, bool is_terminal, bool ci);

class ProgressReporter final : public Progress {
 public:
  using SecondsFn = std::function<double()>;  // a monotonic clock, in seconds
  // Writes to `out` in `mode`; kAuto must have been resolved (resolve_progress_mode). `now`
  // defaults to the steady clock (only used for rates and time left, never stored).
  ProgressReporter(std::FILE* out, ProgressMode mode, SecondsFn now = {});
  // For `out` (usually stderr): kAuto resolved from isatty(out) and $CI.
  static ProgressReporter for_stream(std::FILE* out, ProgressMode mode);
  ~ProgressReporter() override;

  void begin(std::string_view stage, std::uint64_t total, std::string_view unit) override;
  void update(std::uint64_t done, std::uint64_t total = 0) override;
  void end() override;
  // Clears a bar that is showing (before other output on the same terminal); the next update
  // draws it again.
  void clear();

  ProgressMode mode() const { return mode_; }

 private:
  void draw(bool force);
  std::string line() const;

  std::FILE* out_;
  ProgressMode mode_;
  SecondsFn now_;
  bool active_ = false;  // inside a stage
  bool shown_ = false;   // a bar is on the screen
  std::string stage_, unit_;
  std::uint64_t done_ = 0, total_ = 0;
  double start_ = 0, last_draw_ = -1;
  std::size_t last_width_ = 0;
};

// "1,234,567"
std::string group_thousands(std::uint64_t n);
// "12 s", "3:07", "1:02:03"
std::string format_duration(double seconds);

}  // namespace bulwark
