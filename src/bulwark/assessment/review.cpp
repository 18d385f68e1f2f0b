#include "bulwark/assessment/review.hpp"

#include <fmt/format.h>

#include <array>

#include "bulwark/core/text.hpp"

namespace bulwark::assessment {
namespace {

constexpr std::array<std::string_view, 4> kStates = {"draft", "reviewed", "approved", "superseded"};

Result<void> check_actor(const std::string& actor) {
  if (trim(actor).empty()) return invalid_input("actor: empty (who performs the step)");
  return {};
}

std::string label(const Revision& r) {
  return fmt::format("{}@{} revision {}", r.product, r.release, r.number);
}

}  // namespace

std::string_view to_string(ReviewState s) { return kStates[static_cast<std::size_t>(s)]; }
std::optional<ReviewState> review_state_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kStates.size(); ++i)
    if (s == kStates[i]) return static_cast<ReviewState>(i);
  return std::nullopt;
}

Result<Revision> create_revision(std::string product, std::string release, int number,
                                 std::string content, std::string source, const std::string& author,
                                 TimePoint now) {
  if (auto a = check_actor(author); !a) return std::unexpected(a.error());
  if (number < 1) return invalid_input("revision: number must be 1 or more");
  Revision r;
  r.product = std::move(product);
  r.release = std::move(release);
  r.number = number;
  r.author = author;
  r.created_at = now;
  r.source = std::move(source);
  r.content = std::move(content);
  r.history.push_back({now, author, "create", r.source});
  return r;
}

Result<Revision> review(Revision r, const std::string& actor, const std::string& comment,
                        TimePoint now) {
  if (auto a = check_actor(actor); !a) return std::unexpected(a.error());
  if (r.state != ReviewState::kDraft)
    return conflict(
        fmt::format("{} is {}: only a draft can be reviewed", label(r), to_string(r.state)));
  if (equals_icase(actor, r.author))
    return conflict(
        fmt::format("{}: the author ({}) cannot review their own assessment", label(r), r.author));
  r.state = ReviewState::kReviewed;
  r.reviewer = actor;
  r.reviewed_at = now;
  r.history.push_back({now, actor, "review", comment});
  return r;
}

Result<Revision> approve(Revision r, const std::string& actor, const std::string& comment,
                         TimePoint now) {
  if (auto a = check_actor(actor); !a) return std::unexpected(a.error());
  if (r.state != ReviewState::kReviewed)
    return conflict(fmt::format("{} is {}: only a reviewed revision can be approved", label(r),
                                to_string(r.state)));
  if (equals_icase(actor, r.author))
    return conflict(
        fmt::format("{}: the author ({}) cannot approve their own assessment", label(r), r.author));
  r.state = ReviewState::kApproved;
  r.approver = actor;
  r.approved_at = now;
  r.history.push_back({now, actor, "approve", comment});
  return r;
}

Result<Revision> return_to_draft(Revision r, const std::string& actor, const std::string& reason,
                                 TimePoint now) {
  if (auto a = check_actor(actor); !a) return std::unexpected(a.error());
  if (r.state != ReviewState::kReviewed)
    return conflict(fmt::format("{} is {}: only a reviewed revision can be returned", label(r),
                                to_string(r.state)));
  if (trim(reason).empty()) return invalid_input("reason: required to return a revision");
  r.state = ReviewState::kDraft;
  r.reviewer.clear();
  r.reviewed_at.reset();
  r.history.push_back({now, actor, "return", reason});
  return r;
}

Result<Revision> supersede(Revision r, int by_revision, TimePoint now) {
  if (r.state != ReviewState::kApproved)
    return conflict(fmt::format("{} is {}: only an approved revision is superseded", label(r),
                                to_string(r.state)));
  r.state = ReviewState::kSuperseded;
  r.history.push_back({now, "bulwark", "supersede", fmt::format("by revision {}", by_revision)});
  return r;
}

std::string describe(const Revision& r) {
  std::string s = fmt::format("revision {} ({}", r.number, to_string(r.state));
  if (!r.approver.empty() && r.approved_at)
    s += fmt::format(", approved by {} on {}", r.approver, format_date(*r.approved_at));
  if (!r.reviewer.empty()) s += ", reviewed by " + r.reviewer;
  s += ", author " + r.author + ")";
  return s;
}

}  // namespace bulwark::assessment
