#include "bulwark/match/severity.hpp"

#include <cmath>
#include <map>

#include "bulwark/core/text.hpp"
#include "bulwark/match/matcher.hpp"

namespace bulwark::match {
namespace {

double roundup31(double x) {
  long long i = std::llround(x * 100000.0);
  if (i % 10000 == 0) return static_cast<double>(i) / 100000.0;
  return (std::floor(static_cast<double>(i) / 10000.0) + 1.0) / 10.0;
}

double roundup30(double x) { return std::ceil(x * 10.0 - 1e-9) / 10.0; }

std::string normalize_word(std::string_view s) {
  std::string u(s);
  for (char& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (u == "MODERATE") return "MEDIUM";
  if (u == "IMPORTANT") return "HIGH";
  if (u == "NEGLIGIBLE" || u == "MINOR") return "LOW";
  if (u == "CRITICAL" || u == "HIGH" || u == "MEDIUM" || u == "LOW") return u;
  return {};
}

}  // namespace

std::optional<double> cvss3_base_score(std::string_view vector) {
  bool v31 = vector.starts_with("CVSS:3.1/");
  bool v30 = vector.starts_with("CVSS:3.0/");
  if (!v31 && !v30) return std::nullopt;
  std::map<std::string, std::string, std::less<>> m;
  for (auto part : split(vector.substr(9), '/')) {
    auto colon = part.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    m.emplace(std::string(part.substr(0, colon)), std::string(part.substr(colon + 1)));
  }
  auto get = [&](const char* k) -> std::string {
    auto it = m.find(k);
    return it == m.end() ? std::string() : it->second;
  };
  const std::string av = get("AV"), ac = get("AC"), pr = get("PR"), ui = get("UI"), s = get("S"),
                    c = get("C"), i = get("I"), a = get("A");
  auto cia = [](const std::string& x) -> double {
    return x == "H" ? 0.56 : x == "L" ? 0.22 : x == "N" ? 0.0 : -1.0;
  };
  double AV = av == "N" ? 0.85 : av == "A" ? 0.62 : av == "L" ? 0.55 : av == "P" ? 0.2 : -1;
  double AC = ac == "L" ? 0.77 : ac == "H" ? 0.44 : -1;
  bool changed = s == "C";
  if (s != "C" && s != "U") return std::nullopt;
  double PR = pr == "N" ? 0.85 : pr == "L" ? (changed ? 0.68 : 0.62) : pr == "H" ? (changed ? 0.5 : 0.27) : -1;
  double UI = ui == "N" ? 0.85 : ui == "R" ? 0.62 : -1;
  double C = cia(c), I = cia(i), A = cia(a);
  if (AV < 0 || AC < 0 || PR < 0 || UI < 0 || C < 0 || I < 0 || A < 0) return std::nullopt;
  double iss = 1 - (1 - C) * (1 - I) * (1 - A);
  double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  double expl = 8.22 * AV * AC * PR * UI;
  if (impact <= 0) return 0.0;
  double raw = changed ? std::min(1.08 * (impact + expl), 10.0) : std::min(impact + expl, 10.0);
  return v31 ? roundup31(raw) : roundup30(raw);
}

std::string cvss3_rating(double score) {
  if (score <= 0) return "NONE";
  if (score < 4.0) return "LOW";
  if (score < 7.0) return "MEDIUM";
  if (score < 9.0) return "HIGH";
  return "CRITICAL";
}

SeverityInfo severity_of(const OsvRecord& record, const OsvAffected& affected) {
  SeverityInfo out;
  for (const auto& s : record.severity) {
    if (s.type != "CVSS_V3") continue;
    if (auto score = cvss3_base_score(s.score); score && *score > out.score) {
      out.score = *score;
      out.vector = s.score;
      out.severity = cvss3_rating(*score);
    }
  }
  if (out.score >= 0) return out;
  for (const auto& s : record.severity) {
    if (s.type == "CVSS_V4" || s.type == "CVSS_V2") {
      out.vector = s.score;  // scored exactly once the CVSS module lands
      break;
    }
  }
  if (auto w = normalize_word(affected.severity); !w.empty()) {
    out.severity = w;
  } else if (auto w2 = normalize_word(record.database_severity); !w2.empty()) {
    out.severity = w2;
  }
  return out;
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
