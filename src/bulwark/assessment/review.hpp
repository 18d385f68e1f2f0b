// Four-eyes review of an assessment revision: draft -> reviewed -> approved. A revision's content
// never changes once recorded (a change is a new revision, a new draft); its review state moves
// forward by these pure transitions, each appending one ReviewEvent (the event a store persists
// in its append-only history). The reviewer and the approver must differ from the author
// (kConflict); a transition the state does not allow is kConflict; an empty actor kInvalidInput.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"

namespace bulwark::assessment {

enum class ReviewState { kDraft, kReviewed, kApproved, kSuperseded };
// "draft", "reviewed", "approved", "superseded"
std::string_view to_string(ReviewState s);
std::optional<ReviewState> review_state_from_string(std::string_view s);

struct ReviewEvent {
  TimePoint time;
  std::string actor;
  std::string action;  // "create", "review", "approve", "return", "supersede", "propose_accept",
                       // "propose_reject"
  std::string detail;
};

struct Revision {
  std::string product;
  std::string release;
  int number = 0;  // 1, 2, ... per product release
  ReviewState state = ReviewState::kDraft;
  std::string author, reviewer, approver;
  std::optional<TimePoint> created_at, reviewed_at, approved_at;
  std::string source;   // where the content came from: "file.json (threat-dragon)", "proposal ..."
  std::string content;  // canonical JSON of the Assessment (to_json)
  std::vector<ReviewEvent> history;  // oldest first
};

// A new draft revision (history: one "create" event). Fails on an empty author.
Result<Revision> create_revision(std::string product, std::string release, int number,
                                 std::string content, std::string source, const std::string& author,
                                 TimePoint now);

// draft -> reviewed, by someone other than the author.
Result<Revision> review(Revision r, const std::string& actor, const std::string& comment,
                        TimePoint now);
// reviewed -> approved, by someone other than the author.
Result<Revision> approve(Revision r, const std::string& actor, const std::string& comment,
                         TimePoint now);
// reviewed -> draft with a reason (changes requested); clears the reviewer.
Result<Revision> return_to_draft(Revision r, const std::string& actor, const std::string& reason,
                                 TimePoint now);
// approved -> superseded (a newer revision of the same release was approved).
Result<Revision> supersede(Revision r, int by_revision, TimePoint now);

// "revision 3 (approved by cto@acme.example on 2026-12-02, reviewed by ..., author ...)"
std::string describe(const Revision& r);

}  // namespace bulwark::assessment
