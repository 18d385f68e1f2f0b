#include "bulwark/jobs/store.hpp"

namespace bulwark::jobs {

std::string_view state_name(JobState s) {
  switch (s) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kFailed:
      return "failed";
  }
  return "queued";
}

}  // namespace bulwark::jobs
