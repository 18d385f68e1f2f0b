// Annex I evidence from stored exposure results (exposure_evidence.hpp).
#include "bulwark/cra/exposure_evidence.hpp"

#include <fmt/format.h>

#include <array>

namespace bulwark::cra {
namespace {

constexpr std::array<std::string_view, 6> kPoints = {"AI.P1.2b", "AI.P1.2d", "AI.P1.2e",
                                                     "AI.P1.2j", "AI.P1.2k", "AI.P1.2l"};
constexpr int kHigh = 3;
constexpr int kMedium = 2;
constexpr std::size_t kProblemsListed = 25;
constexpr std::string_view kSeverityNames[] = {"info", "low", "medium", "high", "critical"};

bool names_point(std::string_view annex, std::string_view point) {
  std::size_t i = 0;
  while (i < annex.size()) {
    auto j = annex.find(' ', i);
    if (j == std::string_view::npos) j = annex.size();
    if (annex.substr(i, j - i) == point) return true;
    i = j + 1;
  }
  return false;
}

std::string_view severity_name(int s) {
  return s >= 0 && s <= 4 ? kSeverityNames[s] : std::string_view("unknown");
}

HookResult judge_point(std::string_view point, const std::vector<ReleaseExposureFact>& releases) {
  HookResult r;
  r.id = std::string(point);
  if (releases.empty()) {
    r.summary =
        "no exposure result stored (bulwark exposure TARGET --release PRODUCT@VERSION, or release "
        "add --exposure)";
    r.evidence = EvidenceLink{"hook", "", r.summary, true};
    return r;
  }
  std::size_t pass = 0, high = 0, medium = 0, waived = 0, more = 0;
  std::vector<std::string> names;
  for (const auto& rel : releases) {
    names.push_back(rel.release);
    for (const auto& o : rel.observations) {
      if (!names_point(o.annex, point)) continue;
      if (o.status == "pass") ++pass;
      if (o.status != "fail") continue;
      if (o.waived) {
        ++waived;
        continue;
      }
      if (o.severity >= kHigh) {
        ++high;
        if (r.problems.size() < kProblemsListed)
          r.problems.push_back(fmt::format("{}: {} {} failed{}", rel.release,
                                           severity_name(o.severity), o.check,
                                           o.path.empty() ? "" : " (" + o.path + ")"));
        else
          ++more;
      } else if (o.severity >= kMedium) {
        ++medium;
      }
    }
  }
  if (more) r.problems.push_back(fmt::format("... {} more", more));
  std::string counts = fmt::format("{} pass, {} high/critical fail, {} medium fail{}", pass, high,
                                   medium, waived ? fmt::format(", {} waived", waived) : "");
  std::string scope = releases.size() == 1 ? "release " + releases.front().release
                                           : fmt::format("{} releases", releases.size());
  if (high) {
    r.status = ItemStatus::kNotMet;
    r.summary =
        fmt::format("exposure checks of {}: {}; first: {}", scope, counts, r.problems.front());
  } else if (medium == 0 && pass > 0) {
    r.status = ItemStatus::kMet;
    r.summary = fmt::format("exposure checks of {}: {}", scope, counts);
  } else {
    r.summary = fmt::format("exposure checks of {}: {} (a person decides)", scope, counts);
  }
  r.evidence = EvidenceLink{"test_report", releases.size() == 1 ? releases.front().report_ref : "",
                            r.summary, true};
  return r;
}

}  // namespace

std::span<const std::string_view> exposure_points() { return kPoints; }

std::vector<HookResult> check_exposure(const std::vector<ReleaseExposureFact>& releases) {
  std::vector<HookResult> out;
  for (auto p : kPoints) out.push_back(judge_point(p, releases));
  return out;
}

}  // namespace bulwark::cra
