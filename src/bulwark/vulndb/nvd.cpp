// NVD CVE API 2.0 JSON (an API response page or a feed file of the same shape) into NvdRecord.
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <utility>

#include "bulwark/vulndb/feeds.hpp"

namespace bulwark::vulndb::detail {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// A field of an object as text; empty when absent, null or not a string.
std::string str(object obj, const char* key) {
  std::string_view s;
  if (obj[key].get_string().get(s)) return {};
  return std::string(s);
}

bool boolean(object obj, const char* key) {
  bool b = false;
  if (obj[key].get_bool().get(b)) return false;
  return b;
}

// The elements of an array field that are objects; none when absent or not an array.
std::vector<object> objects(object obj, const char* key) {
  std::vector<object> out;
  array arr;
  if (obj[key].get_array().get(arr)) return out;
  for (auto item : arr) {
    object o;
    if (!item.get_object().get(o)) out.push_back(o);
  }
  return out;
}

void push_unique(std::vector<std::string>& v, std::string s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

std::string english(object cve) {
  auto list = objects(cve, "descriptions");
  for (auto d : list)
    if (str(d, "lang") == "en") return str(d, "value");
  return list.empty() ? std::string() : str(list.front(), "value");
}

void read_metrics(object cve, NvdRecord& rec) {
  object metrics;
  if (cve["metrics"].get_object().get(metrics)) return;
  constexpr std::array<std::pair<const char*, const char*>, 4> kKinds{{{"cvssMetricV40", "4.0"},
                                                                       {"cvssMetricV31", "3.1"},
                                                                       {"cvssMetricV30", "3.0"},
                                                                       {"cvssMetricV2", "2.0"}}};
  for (const auto& [key, version] : kKinds) {
    for (auto m : objects(metrics, key)) {
      object data;
      if (m["cvssData"].get_object().get(data)) continue;
      CvssMetric out{str(data, "version"), str(data, "vectorString"), str(m, "source"),
                     str(m, "type"), 0.0};
      if (out.version.empty()) out.version = version;
      if (data["baseScore"].get_double().get(out.nvd_base_score)) out.nvd_base_score = 0.0;
      if (!out.vector.empty()) rec.metrics.push_back(std::move(out));
    }
  }
}

void read_weaknesses(object cve, NvdRecord& rec) {
  for (auto w : objects(cve, "weaknesses"))
    for (auto d : objects(w, "description")) push_unique(rec.cwes, str(d, "value"));
}

void read_node(object node, std::size_t config, std::size_t index, NvdRecord& rec) {
  const std::string op = str(node, "operator");
  const bool negate = boolean(node, "negate");
  for (auto m : objects(node, "cpeMatch")) {
    NvdCpeMatch out{config,
                    index,
                    op,
                    negate,
                    str(m, "criteria"),
                    boolean(m, "vulnerable"),
                    str(m, "versionStartIncluding"),
                    str(m, "versionStartExcluding"),
                    str(m, "versionEndIncluding"),
                    str(m, "versionEndExcluding")};
    if (!out.criteria.empty()) rec.matches.push_back(std::move(out));
  }
}

void read_configurations(object cve, NvdRecord& rec) {
  auto configs = objects(cve, "configurations");
  for (std::size_t c = 0; c < configs.size(); ++c) {
    rec.config_operators.push_back(str(configs[c], "operator"));
    auto nodes = objects(configs[c], "nodes");
    for (std::size_t n = 0; n < nodes.size(); ++n) read_node(nodes[n], c, n, rec);
  }
}

// The record, or the reason (with a pointer below the item) it cannot be stored.
std::expected<NvdRecord, std::string> read_record(element item) {
  object cve;
  if (item["cve"].get_object().get(cve)) return std::unexpected("/cve: missing or not an object");
  NvdRecord rec;
  rec.cve = str(cve, "id");
  if (!is_cve_id(rec.cve)) return std::unexpected("/cve/id: '" + rec.cve + "' is not a CVE id");
  rec.last_modified = str(cve, "lastModified");
  if (rec.last_modified.empty()) return std::unexpected("/cve/lastModified: missing");
  rec.published = str(cve, "published");
  rec.status = str(cve, "vulnStatus");
  rec.description = english(cve);
  read_metrics(cve, rec);
  read_weaknesses(cve, rec);
  for (auto r : objects(cve, "references")) push_unique(rec.references, str(r, "url"));
  read_configurations(cve, rec);
  return rec;
}

}  // namespace

VoidResult parse_nvd_json(std::string_view text, const NvdSink& sink, const ProblemSink& problem) {
  simdjson::dom::parser parser;
  auto doc = parser.parse(text.data(), text.size(), true);
  if (doc.error())
    return invalid_input(std::string("invalid JSON: ") + simdjson::error_message(doc.error()));
  element root = doc.value_unsafe();
  std::string_view format;
  if (!root["format"].get_string().get(format) && format != "NVD_CVE")
    return unsupported("/format: '" + std::string(format) + "' is not NVD_CVE");
  array list;
  if (root["vulnerabilities"].get_array().get(list))
    return invalid_input("/vulnerabilities: missing or not an array");
  std::size_t i = 0;
  for (auto item : list) {
    const std::string pointer = "/vulnerabilities/" + std::to_string(i++);
    auto rec = read_record(item);
    if (!rec) {
      problem(Problem{0, pointer, rec.error()});
      continue;
    }
    if (auto r = sink(std::move(*rec)); !r) return std::unexpected(std::move(r).error());
  }
  return {};
}

}  // namespace bulwark::vulndb::detail
