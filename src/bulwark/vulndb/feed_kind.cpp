// Recognising feeds by content, and the small helpers the feed parsers share.
#include <algorithm>
#include <cctype>

#include "bulwark/core/text.hpp"
#include "bulwark/vulndb/feeds.hpp"
#include "bulwark/vulndb/inputs.hpp"

namespace bulwark::vulndb::detail {
namespace {

constexpr std::size_t kSniffBytes = 1 << 16;

std::string_view skip_bom(std::string_view s) {
  return s.substr(0, 3) == "\xEF\xBB\xBF" ? s.substr(3) : s;
}

std::string_view first_line(std::string_view s) {
  auto line = s.substr(0, s.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool has_cve_object(std::string_view s) {
  for (std::size_t at = s.find("\"cve\""); at != std::string_view::npos;
       at = s.find("\"cve\"", at + 5)) {
    auto next = s.find_first_not_of(" \t\r\n", at + 5);
    if (next == std::string_view::npos || s[next] != ':') continue;
    next = s.find_first_not_of(" \t\r\n", next + 1);
    if (next != std::string_view::npos && s[next] == '{') return true;
  }
  return false;
}

// KEV and NVD documents are objects with a "vulnerabilities" array; OSV records have no such key.
FeedKind json_kind(std::string_view text) {
  if (text.find("\"vulnerabilities\"") == std::string_view::npos) return FeedKind::kOsv;
  const auto head = text.substr(0, kSniffBytes);
  if (head.find("\"NVD_CVE\"") != std::string_view::npos || has_cve_object(head))
    return FeedKind::kNvdJson;
  if (head.find("\"catalogVersion\"") != std::string_view::npos ||
      head.find("\"cveID\"") != std::string_view::npos)
    return FeedKind::kKevJson;
  return FeedKind::kOsv;
}

bool is_epss_header(std::string_view line) {
  return equals_icase(trim(line), "cve,epss,percentile");
}

FeedKind csv_kind(std::string_view text) {
  const auto line = first_line(text);
  if (starts_with_icase(line, "#model_version") || is_epss_header(line)) return FeedKind::kEpssCsv;
  if (!line.empty() && line[0] == '#' && line.size() < text.size() &&
      is_epss_header(first_line(text.substr(line.size() + 1))))
    return FeedKind::kEpssCsv;
  if (line.starts_with("cveID,") && line.find("vendorProject") != std::string_view::npos)
    return FeedKind::kKevCsv;
  if (line.starts_with("CVE,CVSS3,EPSS")) return FeedKind::kKevEpssJoin;
  return FeedKind::kUnknown;
}

}  // namespace

std::string_view kind_name(FeedKind kind) {
  switch (kind) {
    case FeedKind::kOsv:
      return "OSV";
    case FeedKind::kKevJson:
      return "CISA KEV JSON";
    case FeedKind::kKevCsv:
      return "CISA KEV CSV";
    case FeedKind::kEpssCsv:
      return "FIRST EPSS CSV";
    case FeedKind::kNvdJson:
      return "NVD CVE API 2.0 JSON";
    case FeedKind::kKevEpssJoin:
      return "KEV_EPSS join CSV";
    case FeedKind::kUnknown:
      break;
  }
  return "unrecognised";
}

FeedKind classify(std::string_view text, std::string_view name) {
  if (is_yaml_name(name)) return FeedKind::kOsv;
  const auto body = skip_bom(text);
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (body[first] == '{' || body[first] == '['))
    return json_kind(body);
  if (is_document_name(name))
    return FeedKind::kOsv;  // a broken .json file: reported as an invalid record
  return csv_kind(body);
}

bool is_cve_id(std::string_view s) {
  if (s.size() < 13 || !s.starts_with("CVE-") || s[8] != '-') return false;
  auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return digits(s.substr(4, 4)) && digits(s.substr(9));
}

std::string normalize_cve(std::string_view cve) {
  std::string out(trim(cve));
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::optional<VendorProduct> cpe_vendor_product(std::string_view criteria) {
  if (!starts_with_icase(criteria, "cpe:2.3:")) return std::nullopt;
  std::string fields[3];
  std::size_t n = 0;
  for (std::size_t i = 8; i < criteria.size() && n < 3; ++i) {
    const char c = criteria[i];
    if (c == '\\' && i + 1 < criteria.size()) {
      fields[n].push_back(criteria[++i]);
    } else if (c == ':') {
      ++n;
    } else {
      fields[n].push_back(c);
    }
  }
  if (n < 2 || fields[1].empty() || fields[2].empty()) return std::nullopt;
  return VendorProduct{to_lower(fields[1]), to_lower(fields[2])};
}

}  // namespace bulwark::vulndb::detail
