#include "bulwark/cra/checklist.hpp"

#include <fmt/format.h>

#include <array>
#include <set>

#include "bulwark/core/text.hpp"

namespace bulwark::cra {

namespace {
constexpr std::array<std::string_view, 4> kStatusNames = {"open", "in_progress", "met", "not_met"};

HookResult judged(std::string id, std::vector<std::string> problems, std::string ok_summary,
                  std::string kind, std::string uri = "") {
  HookResult r;
  r.id = std::move(id);
  r.status = problems.empty() ? ItemStatus::kMet : ItemStatus::kNotMet;
  r.summary = problems.empty()
                  ? std::move(ok_summary)
                  : fmt::format("{} problem(s): {}", problems.size(), problems.front());
  r.problems = std::move(problems);
  r.evidence = EvidenceLink{std::move(kind), std::move(uri), r.summary, true};
  return r;
}

HookResult nothing_to_judge(std::string id, std::string summary) {
  HookResult r;
  r.id = std::move(id);
  r.summary = std::move(summary);
  r.evidence = EvidenceLink{"hook", "", r.summary, true};
  return r;
}

bool handled(const std::optional<AnalysisState>& s) {
  return s && (*s == AnalysisState::kNotAffected || *s == AnalysisState::kFixed ||
               *s == AnalysisState::kFalsePositive);
}
}  // namespace

std::optional<CatalogueItem> find_catalogue_item(std::string_view id) {
  for (const auto& it : annex_i_catalogue())
    if (it.id == id) return it;
  return std::nullopt;
}

std::string_view to_string(ItemStatus s) { return kStatusNames[static_cast<std::size_t>(s)]; }

std::optional<ItemStatus> item_status_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == s) return static_cast<ItemStatus>(i);
  return std::nullopt;
}

std::vector<ChecklistItem> default_checklist() {
  std::vector<ChecklistItem> out;
  for (const auto& it : annex_i_catalogue()) out.push_back(ChecklistItem{std::string(it.id)});
  return out;
}

Result<void> validate(const std::vector<ChecklistItem>& items) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    const std::string where = fmt::format("checklist item {} ({})", i, item.id);
    const auto cat = find_catalogue_item(item.id);
    if (!cat) return invalid_input(where + ": id: not an Annex I item of the digest");
    if (!seen.insert(item.id).second) return invalid_input(where + ": id: listed twice");
    if (item.applicable) continue;
    if (!cat->may_be_not_applicable)
      return invalid_input(where +
                           ": applicable: this requirement always applies (only Annex I "
                           "Part I point (2) items may be not applicable)");
    if (trim(item.justification).empty())
      return invalid_input(where +
                           ": justification: required when the item is not applicable (A13.4)");
  }
  return {};
}

bool apply_hook(std::vector<ChecklistItem>& items, const HookResult& r) {
  for (auto& item : items) {
    if (item.id != r.id) continue;
    if (item.applicable && r.status != ItemStatus::kOpen) item.status = r.status;
    item.evidence.push_back(r.evidence);
    return true;
  }
  return false;
}

HookResult check_sbom_per_release(const std::vector<ReleaseSbomFact>& releases) {
  if (releases.empty()) return nothing_to_judge("AI.P2.1", "no releases recorded");
  std::vector<std::string> problems;
  std::vector<std::string> refs;
  for (const auto& r : releases) {
    if (!r.has_sbom)
      problems.push_back(fmt::format("release {} has no SBOM", r.release));
    else if (!r.sbom_ref.empty())
      refs.push_back(r.sbom_ref);
  }
  return judged("AI.P2.1", std::move(problems),
                fmt::format("all {} release(s) have an SBOM", releases.size()), "sbom",
                refs.empty() ? "" : refs.front());
}

HookResult check_no_known_exploitable(const std::vector<ReleaseFindingFact>& findings) {
  std::vector<std::string> problems;
  std::size_t exploitable = 0;
  for (const auto& f : findings) {
    if (!f.kev && !f.exploited) continue;
    ++exploitable;
    if (handled(f.state_at_release)) continue;
    problems.push_back(fmt::format(
        "release {} shipped with {} in {} ({}) in state {}", f.release, f.vulnerability,
        f.component, f.kev ? "CISA KEV" : "exploited",
        f.state_at_release ? std::string(to_string(*f.state_at_release)) : "unanalysed"));
  }
  return judged("AI.P1.2a", std::move(problems),
                fmt::format("{} finding(s) checked, {} known exploited, all handled at release",
                            findings.size(), exploitable),
                "finding");
}

HookResult check_cvd_policy(const CvdFacts& f) {
  std::vector<std::string> problems;
  if (!f.cvd_policy_published && f.cvd_policy_url.empty())
    problems.push_back("no coordinated vulnerability disclosure policy is published");
  return judged("AI.P2.5", std::move(problems), "CVD policy published", "url", f.cvd_policy_url);
}

HookResult check_vulnerability_contact(const CvdFacts& f) {
  std::vector<std::string> problems;
  if (trim(f.contact).empty()) problems.push_back("no contact address for vulnerability reports");
  if (!f.security_txt_present && f.security_txt_url.empty())
    problems.push_back("no security.txt (RFC 9116)");
  return judged("AI.P2.6", std::move(problems), "reporting contact and security.txt present", "url",
                f.security_txt_url);
}

HookResult check_fix_deadlines(const std::vector<FixDeadlineFact>& findings, TimePoint now) {
  if (findings.empty()) return nothing_to_judge("AI.P2.2", "no findings with a fix-by date");
  std::vector<std::string> problems;
  for (const auto& f : findings) {
    if (f.fixed_at && *f.fixed_at > f.due)
      problems.push_back(fmt::format("{} in {} fixed {} after its due date {}", f.vulnerability,
                                     f.release, format_rfc3339(*f.fixed_at),
                                     format_rfc3339(f.due)));
    else if (!f.fixed_at && now > f.due)
      problems.push_back(fmt::format("{} in {} unfixed past its due date {}", f.vulnerability,
                                     f.release, format_rfc3339(f.due)));
  }
  return judged("AI.P2.2", std::move(problems),
                fmt::format("{} finding(s) fixed or within their due date", findings.size()),
                "finding");
}

}  // namespace bulwark::cra
