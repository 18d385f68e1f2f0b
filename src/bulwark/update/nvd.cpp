#include "bulwark/update/nvd.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

namespace bulwark::update::detail {

std::optional<std::time_t> parse_utc(std::string_view text) {
  if (text.size() < 19) return std::nullopt;
  const std::string head(text.substr(0, 19));
  std::tm tm{};
  char t = 0, d1 = 0, d2 = 0, c1 = 0, c2 = 0;
  int n = std::sscanf(head.c_str(), "%4d%c%2d%c%2d%c%2d%c%2d%c%2d", &tm.tm_year, &d1, &tm.tm_mon,
                      &d2, &tm.tm_mday, &t, &tm.tm_hour, &c1, &tm.tm_min, &c2, &tm.tm_sec);
  if (n != 11 || d1 != '-' || d2 != '-' || (t != 'T' && t != ' ') || c1 != ':' || c2 != ':')
    return std::nullopt;
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return timegm(&tm);
}

std::string format_nvd_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000+00:00", &tm);
  return buf;
}

std::vector<std::pair<std::string, std::string>> nvd_windows(std::string_view newest,
                                                             std::time_t now) {
  std::vector<std::pair<std::string, std::string>> out;
  auto start = parse_utc(newest);
  if (!start) {
    out.emplace_back();  // no dates: everything
    return out;
  }
  std::time_t from = *start;
  do {
    const std::time_t to = std::min<std::time_t>(std::max(now, from), from + kNvdWindowSeconds);
    out.emplace_back(format_nvd_date(from), format_nvd_date(to));
    from = to;
  } while (from < now);
  return out;
}

namespace {

std::string encode_date(const std::string& d) {
  std::string out;
  for (char c : d) out += c == '+' ? std::string("%2B") : std::string(1, c);
  return out;
}

}  // namespace

std::string nvd_page_url(const std::string& base_and_path,
                         const std::pair<std::string, std::string>& window, std::size_t start_index,
                         int per_page) {
  std::string url = base_and_path + (base_and_path.find('?') == std::string::npos ? "?" : "&");
  if (!window.first.empty())
    url += "lastModStartDate=" + encode_date(window.first) +
           "&lastModEndDate=" + encode_date(window.second) + "&";
  url +=
      "startIndex=" + std::to_string(start_index) + "&resultsPerPage=" + std::to_string(per_page);
  return url;
}

Result<NvdPage> read_nvd_page(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error(path + ": cannot open");
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return invalid_input(what + ": not an NVD CVE API 2.0 response (not a JSON object)");
  const auto total = doc.find("totalResults");
  if (total == doc.end() || !total->is_number_unsigned())
    return invalid_input(
        what + ": not an NVD CVE API 2.0 response (/totalResults missing or not a number)");
  const auto list = doc.find("vulnerabilities");
  if (list == doc.end() || !list->is_array())
    return invalid_input(
        what + ": not an NVD CVE API 2.0 response (/vulnerabilities missing or not an array)");
  NvdPage page;
  page.total = total->get<std::size_t>();
  auto text = [](const nlohmann::json& obj, const char* key) {
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  for (const auto& item : *list) {
    const auto cve = item.is_object() ? item.find("cve") : item.end();
    if (!item.is_object() || cve == item.end() || !cve->is_object()) {
      page.records.emplace_back();  // malformed: the import reports it
      continue;
    }
    page.records.emplace_back(text(*cve, "id"), text(*cve, "lastModified"));
  }
  return page;
}

}  // namespace bulwark::update::detail
