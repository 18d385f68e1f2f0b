// Terminal table: one row per finding, then the summary and what was not covered.
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <algorithm>
#include <map>

#include "bulwark/report/report.hpp"

namespace bulwark::report {
namespace {

const char* color_of(const std::string& sev) {
  if (sev == "CRITICAL") return "\033[1;31m";
  if (sev == "HIGH") return "\033[31m";
  if (sev == "MEDIUM") return "\033[33m";
  if (sev == "LOW") return "\033[36m";
  return "";
}

std::string join(const std::vector<std::string>& v, std::string_view sep, std::size_t max = 99) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < max; ++i) {
    if (i) s += sep;
    s += v[i];
  }
  if (v.size() > max) s += fmt::format("{}+{}", sep, v.size() - max);
  return s;
}

std::string clip(std::string s, std::size_t n) {
  if (s.size() > n) s = s.substr(0, n - 1) + "~";
  return s;
}

std::string analysis_cell(const FindingStatus* st) {
  if (!st || !st->analysis) return "-";
  std::string s(to_string(st->analysis->state));
  if (st->analysis->justification != Justification::kNone)
    s += fmt::format(" ({})", to_string(st->analysis->justification));
  if (st->inherited) s += fmt::format(" [inherited from {}]", st->origin);
  if (st->suppressed) s += " [suppressed]";
  return s;
}

}  // namespace

void write_table(const ScanReport& r, std::ostream& out, bool color) {
  const auto& findings = r.result.findings;
  const auto& comps = r.sbom.components;
  if (!findings.empty()) {
    fmt::print(out, "{:<4} {:<10} {:<36} {:<20} {:<9} {:<5} {:<6} {:<3} {:<20} {}\n", "PRIO",
               "FIX BY", "COMPONENT", "VULNERABILITY", "SEVERITY", "CVSS", "EPSS", "KEV",
               "FIXED IN", r.statuses ? "ANALYSIS" : "ALIASES");
    for (std::size_t i = 0; i < findings.size(); ++i) {
      const auto& f = findings[i];
      std::string sev = f->severity;
      std::string sev_cell = fmt::format("{:<9}", sev);
      if (color && *color_of(sev)) sev_cell = std::string(color_of(sev)) + sev_cell + "\033[0m";
      fmt::print(out, "{:<4} {:<10} {:<36} {:<20} {} {:<5} {:<6} {:<3} {:<20} {}\n", f->priority,
                 f->fix_by, clip(component_label(comps[f.component]), 36), f->id, sev_cell,
                 f->cvss_score >= 0 ? fmt::format("{:.1f}", f->cvss_score) : "-",
                 f->epss ? fmt::format("{:.3f}", *f->epss) : "-", f->kev ? "yes" : "-",
                 clip(f->fixed_versions.empty() ? "-" : join(f->fixed_versions, ", ", 3), 20),
                 r.statuses ? analysis_cell(r.status(i)) : join(f->aliases, ", ", 3));
    }
    out << "\n";
  }
  const auto& s = r.result.summary;
  fmt::print(out,
             "{} components: {} matched against the database, {} with vulnerabilities; {} "
             "findings; {} not covered\n",
             s.components, s.resolved, s.matched_components, s.findings, s.uncovered.size());
  if (r.suppressed_hidden)
    fmt::print(out,
               "{} finding(s) suppressed by analyses (not_affected, fixed, false_positive); "
               "--show-suppressed lists them\n",
               r.suppressed_hidden);
  std::map<std::string, std::size_t> by_sev, by_prio;
  std::size_t article14 = 0;
  for (const auto& f : findings) {
    ++by_sev[f->severity];
    ++by_prio[f->priority];
    if (f->article14_candidate) ++article14;
  }
  if (!by_prio.empty()) {
    std::string line;
    for (const auto& [p, n] : by_prio)
      line += fmt::format("{}{} {}", line.empty() ? "" : ", ", n, p);
    fmt::print(out, "priority: {}\n", line);
  }
  if (article14)
    fmt::print(out,
               "{} finding(s) are known exploited (CISA KEV): candidates for a CRA Article 14 "
               "report (early warning within 24 h)\n",
               article14);
  if (!by_sev.empty()) {
    std::string line;
    for (const char* sev : {"CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE", "UNKNOWN"})
      if (by_sev.count(sev))
        line += fmt::format("{}{} {}", line.empty() ? "" : ", ", by_sev[sev], sev);
    fmt::print(out, "severity: {}\n", line);
  }
  if (!s.uncovered.empty()) {
    // Group the reasons so that a 10,000-component SBOM does not print 10,000 lines.
    std::map<std::string, std::vector<std::string>> reasons;
    for (const auto& u : s.uncovered)
      reasons[u.reason].push_back(component_label(comps[u.component]));
    out << "not covered (no vulnerability data could be applied):\n";
    for (const auto& [reason, labels] : reasons)
      fmt::print(out, "  {} ({}): {}\n", reason, labels.size(), join(labels, ", ", 5));
  }
  constexpr std::size_t kMaxNotes = 10;
  for (std::size_t i = 0; i < s.notes.size() && i < kMaxNotes; ++i)
    fmt::print(out, "note: {}\n", s.notes[i]);
  if (s.notes.size() > kMaxNotes)
    fmt::print(out, "note: ... and {} more (see --format json)\n", s.notes.size() - kMaxNotes);
}

}  // namespace bulwark::report
