#include "bulwark/match/severity.hpp"

#include "bulwark/cvss/cvss.hpp"

namespace bulwark::match {
namespace {

int version_rank(std::string_view v) {
  if (v == "3.1") return 0;
  if (v == "3.0") return 1;
  if (v == "4.0") return 2;
  return 3;
}

int source_rank(const CvssEntry& e) {
  if (e.source.starts_with("NVD") && e.source.ends_with("(Primary)")) return 0;
  if (e.source.starts_with("OSV")) return 1;
  return 2;
}

void add_scored(std::string_view vector, std::string source, std::vector<CvssEntry>& out) {
  auto s = cvss::score(vector);
  if (!s) return;
  out.push_back({std::string(cvss::to_string(s->version)), s->base, s->normalized_vector,
                 s->severity, std::move(source)});
}

}  // namespace

void add_osv_cvss(const OsvRecord& record, std::vector<CvssEntry>& out) {
  for (const auto& sev : record.severity) {
    if (sev.type == "CVSS_V2" || sev.type == "CVSS_V3" || sev.type == "CVSS_V4")
      add_scored(sev.score, "OSV " + record.id, out);
  }
}

void add_nvd_cvss(const vulndb::NvdRecord& record, std::vector<CvssEntry>& out) {
  for (const auto& m : record.metrics) {
    std::string vector = m.vector;
    if (m.version == "2.0" && !vector.starts_with("CVSS:")) vector = "CVSS:2.0/" + vector;
    add_scored(vector, "NVD " + m.source + " (" + m.type + ")", out);
  }
}

const CvssEntry* best_cvss(const std::vector<CvssEntry>& all) {
  const CvssEntry* best = nullptr;
  for (const auto& e : all) {
    if (!best) {
      best = &e;
      continue;
    }
    int v = version_rank(e.version), bv = version_rank(best->version);
    if (v < bv || (v == bv && source_rank(e) < source_rank(*best))) best = &e;
  }
  return best;
}

std::string normalize_severity_word(std::string_view s) {
  std::string u(s);
  for (char& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (u == "MODERATE") return "MEDIUM";
  if (u == "IMPORTANT") return "HIGH";
  if (u == "NEGLIGIBLE" || u == "MINOR") return "LOW";
  if (u == "CRITICAL" || u == "HIGH" || u == "MEDIUM" || u == "LOW") return u;
  return {};
}

int severity_rank(std::string_view s) {
  if (s == "UNKNOWN" || s == "NONE") return 0;
  if (s == "LOW") return 1;
  if (s == "MEDIUM") return 2;
  if (s == "HIGH") return 3;
  if (s == "CRITICAL") return 4;
  return -1;
}

}  // namespace bulwark::match
