// The CISA Known Exploited Vulnerabilities catalogue: JSON and CSV forms into KevEntry.
#include <simdjson.h>

#include <array>
#include <optional>

#include "bulwark/core/text.hpp"
#include "bulwark/vulndb/csv.hpp"
#include "bulwark/vulndb/feeds.hpp"

namespace bulwark::vulndb::detail {
namespace {

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// Why an entry cannot be stored, or nullopt when it is fine.
std::optional<std::string> check(const KevEntry& e) {
  if (!is_cve_id(e.cve)) return "cveID: '" + e.cve + "' is not a CVE id";
  if (!is_date(e.date_added)) return "dateAdded: '" + e.date_added + "' is not a YYYY-MM-DD date";
  if (!e.due_date.empty() && !is_date(e.due_date))
    return "dueDate: '" + e.due_date + "' is not a YYYY-MM-DD date";
  if (!e.ransomware.empty() && e.ransomware != "Known" && e.ransomware != "Unknown")
    return "knownRansomwareCampaignUse: '" + e.ransomware + "' is neither Known nor Unknown";
  return std::nullopt;
}

// "CWE-59, CWE-436" (the CSV form) -> {"CWE-59", "CWE-436"}.
std::vector<std::string> split_cwes(std::string_view s) {
  std::vector<std::string> out;
  for (auto part : split(s, ','))
    if (auto t = trim(part); !t.empty()) out.emplace_back(t);
  return out;
}

// ---- JSON ----

struct JsonEntry {
  simdjson::dom::object obj;
  std::string bad_field;

  std::string get(const char* key) {
    auto v = obj[key];
    if (v.error()) return {};
    std::string_view s;
    if (v.get_string().get(s)) {
      if (bad_field.empty() && !v.is_null()) bad_field = key;
      return {};
    }
    return std::string(s);
  }

  std::vector<std::string> cwes() {
    std::vector<std::string> out;
    auto v = obj["cwes"];
    if (v.error() || v.is_null()) return out;
    simdjson::dom::array arr;
    if (v.get_array().get(arr)) {
      std::string_view s;
      if (!v.get_string().get(s)) return split_cwes(s);
      if (bad_field.empty()) bad_field = "cwes";
      return out;
    }
    for (auto item : arr) {
      std::string_view s;
      if (item.get_string().get(s) && bad_field.empty()) bad_field = "cwes";
      if (!s.empty()) out.emplace_back(s);
    }
    return out;
  }
};

KevEntry entry_of(JsonEntry& j) {
  KevEntry e;
  e.cve = j.get("cveID");
  e.vendor = j.get("vendorProject");
  e.product = j.get("product");
  e.name = j.get("vulnerabilityName");
  e.date_added = j.get("dateAdded");
  e.description = j.get("shortDescription");
  e.required_action = j.get("requiredAction");
  e.due_date = j.get("dueDate");
  e.ransomware = j.get("knownRansomwareCampaignUse");
  e.notes = j.get("notes");
  e.cwes = j.cwes();
  return e;
}

std::string string_field(simdjson::dom::element root, const char* key) {
  std::string_view s;
  if (root[key].get_string().get(s)) return {};
  return std::string(s);
}

// ---- CSV ----

constexpr std::array<std::string_view, 11> kColumns{"cveID",
                                                    "vendorProject",
                                                    "product",
                                                    "vulnerabilityName",
                                                    "dateAdded",
                                                    "shortDescription",
                                                    "requiredAction",
                                                    "dueDate",
                                                    "knownRansomwareCampaignUse",
                                                    "notes",
                                                    "cwes"};
constexpr std::size_t kRequiredColumns = 8;  // the first eight; the others are newer additions

using ColumnMap = std::array<std::optional<std::size_t>, kColumns.size()>;

Result<ColumnMap> map_columns(const std::vector<std::string>& header) {
  ColumnMap map{};
  for (std::size_t i = 0; i < header.size(); ++i)
    for (std::size_t c = 0; c < kColumns.size(); ++c)
      if (trim(header[i]) == kColumns[c]) map[c] = i;
  for (std::size_t c = 0; c < kRequiredColumns; ++c)
    if (!map[c])
      return invalid_input("line 1: header has no column '" + std::string(kColumns[c]) + "'");
  return map;
}

KevEntry entry_of(const std::vector<std::string>& row, const ColumnMap& map) {
  auto col = [&](std::size_t c) -> std::string { return map[c] ? row[*map[c]] : std::string(); };
  KevEntry e{col(0), col(1), col(2), col(3), col(4),
             col(7), col(6), col(8), col(9), split_cwes(col(10)),
             col(5)};
  return e;
}

}  // namespace

Result<KevCatalog> parse_kev_json(std::string_view text, const KevSink& sink,
                                  const ProblemSink& problem) {
  simdjson::dom::parser parser;
  auto doc = parser.parse(text.data(), text.size(), true);
  if (doc.error())
    return invalid_input(std::string("invalid JSON: ") + simdjson::error_message(doc.error()));
  simdjson::dom::element root = doc.value_unsafe();
  simdjson::dom::array list;
  if (root["vulnerabilities"].get_array().get(list))
    return invalid_input("/vulnerabilities: missing or not an array");
  KevCatalog cat{string_field(root, "catalogVersion"), string_field(root, "dateReleased")};
  std::size_t i = 0;
  for (auto item : list) {
    const std::string pointer = "/vulnerabilities/" + std::to_string(i++);
    JsonEntry j;
    if (item.get_object().get(j.obj)) {
      problem(Problem{0, pointer, "not an object"});
      continue;
    }
    KevEntry e = entry_of(j);
    auto bad = !j.bad_field.empty() ? std::optional<std::string>(j.bad_field + ": not a string")
                                    : check(e);
    if (bad) {
      problem(Problem{0, pointer, *bad});
      continue;
    }
    if (auto r = sink(std::move(e)); !r) return std::unexpected(std::move(r).error());
  }
  return cat;
}

Result<KevCatalog> parse_kev_csv(std::string_view text, const KevSink& sink,
                                 const ProblemSink& problem) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  CsvReader csv(text);
  std::vector<std::string> row;
  auto has_header = csv.next(row);
  if (!has_header) return std::unexpected(std::move(has_header).error());
  auto map = map_columns(row);
  if (!map) return std::unexpected(std::move(map).error());
  const std::size_t width = row.size();
  for (;;) {
    auto more = csv.next(row);
    if (!more) return std::unexpected(std::move(more).error());
    if (!*more) break;
    if (row.size() == 1 && row[0].empty()) continue;  // a blank line
    if (row.size() != width) {
      problem(Problem{
          csv.line(),
          {},
          "expected " + std::to_string(width) + " fields, found " + std::to_string(row.size())});
      continue;
    }
    KevEntry e = entry_of(row, *map);
    if (auto bad = check(e)) {
      problem(Problem{csv.line(), {}, *bad});
      continue;
    }
    if (auto r = sink(std::move(e)); !r) return std::unexpected(std::move(r).error());
  }
  return KevCatalog{};
}

}  // namespace bulwark::vulndb::detail
