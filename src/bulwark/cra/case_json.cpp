#include "bulwark/cra/case_json.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace bulwark::cra {

namespace {
using Json = nlohmann::ordered_json;

Json time_json(const std::optional<TimePoint>& t) {
  return t ? Json(format_rfc3339(*t)) : Json(nullptr);
}

Json stage_json(const StageRecord& s) {
  return Json{{"status", std::string(to_string(s.status))},
              {"submitted_at", time_json(s.submitted_at)},
              {"reference", s.reference},
              {"submitted_by", s.submitted_by}};
}

// Reads JSON into a Case. The first problem is kept in `error` (naming the JSON pointer at
// fault); after a problem, readers return defaults, so the caller checks `error` once at the end.
class Reader {
 public:
  std::string error;

  const Json& member(const Json& obj, const std::string& ptr, const char* key) {
    static const Json kNull;
    if (obj.is_object() && obj.contains(key)) return obj.at(key);
    fail(ptr + "/" + key + ": missing");
    return kNull;
  }

  std::string str(const Json& obj, const std::string& ptr, const char* key) {
    const Json& v = member(obj, ptr, key);
    if (v.is_string()) return v.get<std::string>();
    fail(ptr + "/" + key + ": expected a string");
    return {};
  }

  std::vector<std::string> strs(const Json& obj, const std::string& ptr, const char* key) {
    const Json& v = member(obj, ptr, key);
    std::vector<std::string> out;
    bool ok = v.is_array();
    for (std::size_t i = 0; ok && i < v.size(); ++i) {
      ok = v[i].is_string();
      if (ok) out.push_back(v[i].get<std::string>());
    }
    if (ok) return out;
    fail(ptr + "/" + key + ": expected an array of strings");
    return {};
  }

  std::optional<TimePoint> opt_time(const Json& obj, const std::string& ptr, const char* key) {
    const Json& v = member(obj, ptr, key);
    if (v.is_null()) return std::nullopt;
    auto t = v.is_string()
                 ? parse_rfc3339(v.get<std::string>())
                 : Result<TimePoint>(invalid_input("expected an RFC 3339 string or null"));
    if (t) return *t;
    fail(ptr + "/" + key + ": " + t.error().message);
    return std::nullopt;
  }

  TimePoint time(const Json& obj, const std::string& ptr, const char* key) {
    if (auto t = opt_time(obj, ptr, key)) return *t;
    fail(ptr + "/" + key + ": must not be null");
    return {};
  }

  bool boolean(const Json& obj, const std::string& ptr, const char* key) {
    const Json& v = member(obj, ptr, key);
    if (v.is_boolean()) return v.get<bool>();
    fail(ptr + "/" + key + ": expected a boolean");
    return false;
  }

  template <class E, class F>
  E enum_of(const Json& obj, const std::string& ptr, const char* key, F from_string) {
    const std::string s = str(obj, ptr, key);
    if (auto e = from_string(s)) return *e;
    fail(fmt::format("{}/{}: unknown value \"{}\"", ptr, key, s));
    return E{};
  }

  StageRecord stage(const Json& obj, const char* key) {
    const std::string ptr = std::string("/") + key;
    const Json& s = member(obj, "", key);
    StageRecord r;
    r.status = enum_of<StageStatus>(s, ptr, "status", stage_status_from_string);
    r.submitted_at = opt_time(s, ptr, "submitted_at");
    r.reference = str(s, ptr, "reference");
    r.submitted_by = str(s, ptr, "submitted_by");
    return r;
  }

  std::vector<AuditEvent> audit(const Json& obj) {
    const Json& a = member(obj, "", "audit");
    if (!a.is_array()) {
      fail("/audit: expected an array");
      return {};
    }
    std::vector<AuditEvent> out;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string ptr = fmt::format("/audit/{}", i);
      out.push_back(AuditEvent{time(a[i], ptr, "time"), str(a[i], ptr, "actor"),
                               str(a[i], ptr, "action"), str(a[i], ptr, "detail")});
    }
    return out;
  }

  Case read_case(const Json& j) {
    Case c;
    c.id = str(j, "", "id");
    c.product = str(j, "", "product");
    c.releases = strs(j, "", "releases");
    c.vulnerability_ids = strs(j, "", "vulnerability_ids");
    c.incident_description = str(j, "", "incident_description");
    c.kind = enum_of<CaseKind>(j, "", "kind", case_kind_from_string);
    c.aware_at = time(j, "", "aware_at");
    c.exploited_source = str(j, "", "exploited_source");
    c.status = enum_of<CaseStatus>(j, "", "status", case_status_from_string);
    c.confirmed_by = str(j, "", "confirmed_by");
    c.confirmed_at = opt_time(j, "", "confirmed_at");
    c.dismissed_by = str(j, "", "dismissed_by");
    c.dismissed_at = opt_time(j, "", "dismissed_at");
    c.dismiss_reason = str(j, "", "dismiss_reason");
    c.dismissed_not_exploitable = boolean(j, "", "dismissed_not_exploitable");
    c.closed_by = str(j, "", "closed_by");
    c.closed_at = opt_time(j, "", "closed_at");
    c.early_warning = stage(j, "early_warning");
    c.notification = stage(j, "notification");
    c.final_report = stage(j, "final_report");
    c.corrective_measure_at = opt_time(j, "", "corrective_measure_at");
    c.corrective_measure = str(j, "", "corrective_measure");
    c.audit = audit(j);
    return c;
  }

 private:
  void fail(std::string message) {
    if (error.empty()) error = std::move(message);
  }
};
}  // namespace

std::string case_to_json(const Case& c) {
  Json audit = Json::array();
  for (const auto& e : c.audit)
    audit.push_back({{"time", format_rfc3339(e.time)},
                     {"actor", e.actor},
                     {"action", e.action},
                     {"detail", e.detail}});
  Json j{{"id", c.id},
         {"product", c.product},
         {"releases", c.releases},
         {"vulnerability_ids", c.vulnerability_ids},
         {"incident_description", c.incident_description},
         {"kind", std::string(to_string(c.kind))},
         {"aware_at", format_rfc3339(c.aware_at)},
         {"exploited_source", c.exploited_source},
         {"status", std::string(to_string(c.status))},
         {"confirmed_by", c.confirmed_by},
         {"confirmed_at", time_json(c.confirmed_at)},
         {"dismissed_by", c.dismissed_by},
         {"dismissed_at", time_json(c.dismissed_at)},
         {"dismiss_reason", c.dismiss_reason},
         {"dismissed_not_exploitable", c.dismissed_not_exploitable},
         {"closed_by", c.closed_by},
         {"closed_at", time_json(c.closed_at)},
         {"early_warning", stage_json(c.early_warning)},
         {"notification", stage_json(c.notification)},
         {"final_report", stage_json(c.final_report)},
         {"corrective_measure_at", time_json(c.corrective_measure_at)},
         {"corrective_measure", c.corrective_measure},
         {"audit", std::move(audit)}};
  return j.dump(2) + "\n";
}

Result<Case> case_from_json(std::string_view text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) return invalid_input("case JSON: not valid JSON");
  if (!j.is_object()) return invalid_input("case JSON: expected an object");
  Reader r;
  Case c = r.read_case(j);
  if (!r.error.empty()) return invalid_input("case JSON: " + r.error);
  return c;
}

}  // namespace bulwark::cra
