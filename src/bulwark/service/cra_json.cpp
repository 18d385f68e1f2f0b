#include "bulwark/service/cra_json.hpp"

#include <nlohmann/json.hpp>

#include "bulwark/cra/case_json.hpp"

namespace bulwark::service {
namespace {

using json = nlohmann::ordered_json;

json time_or_null(const std::optional<TimePoint>& t) {
  return t ? json(format_rfc3339(*t)) : json(nullptr);
}

json clocks_json(const cra::Case& c, TimePoint now) {
  auto arr = json::array();
  for (const auto& k : cra::stage_clocks(c, now)) {
    const auto& rec = cra::stage_record(c, k.stage);
    arr.push_back({{"stage", cra::to_string(k.stage)},
                   {"stage_id", k.id},
                   {"due", time_or_null(k.due)},
                   {"state", cra::to_string(k.state)},
                   {"submitted_at", time_or_null(k.submitted_at)},
                   {"reference", rec.reference}});
  }
  return arr;
}

}  // namespace

std::string severe_detail_json(const cra::SevereIncidentQuestionnaire& q,
                               const cra::SevereIncidentAssessment& a) {
  auto b = [](const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); };
  json j = {{"questionnaire",
             {{"affects_product_security", b(q.affects_product_security)},
              {"affects_sensitive_or_important_data_or_functions",
               b(q.affects_sensitive_or_important_data_or_functions)},
              {"malicious_code_introduced_or_executed", b(q.malicious_code_introduced_or_executed)},
              {"suspected_unlawful_or_malicious", b(q.suspected_unlawful_or_malicious)}}},
            {"assessment", {{"decision", cra::to_string(a.decision)}, {"reasons", a.reasons}}}};
  return j.dump();
}

std::string case_show_json(const CaseDetail& d) {
  const auto& c = d.stored.value;
  json j;
  j["case"] = json::parse(cra::case_to_json(c));
  auto detail = json::parse(d.stored.detail, nullptr, false);
  j["detail"] = detail.is_discarded() ? json::object() : std::move(detail);
  j["clocks"] = clocks_json(c, d.now);
  j["updated_at"] = d.stored.updated_at;
  return j.dump(2);
}

std::string case_list_json(const CaseList& l) {
  auto arr = json::array();
  for (const auto& sc : l.cases) {
    const auto& c = sc.value;
    arr.push_back({{"id", c.id},
                   {"product", c.product},
                   {"releases", c.releases},
                   {"kind", cra::to_string(c.kind)},
                   {"status", cra::to_string(c.status)},
                   {"vulnerabilities", c.vulnerability_ids},
                   {"incident", c.incident_description},
                   {"source", c.exploited_source},
                   {"aware_at", format_rfc3339(c.aware_at)},
                   {"clocks", clocks_json(c, l.now)}});
  }
  return arr.dump(2);
}

std::string deadlines_json(const Deadlines& d) {
  json j;
  j["schema"] = "bulwark-cra-deadlines/1";
  j["now"] = format_rfc3339(d.now);
  j["overdue"] = d.overdue;
  auto arr = json::array();
  for (const auto& r : d.rows) {
    const auto& c = d.case_of(r);
    arr.push_back({{"case", c.id},
                   {"product", c.product},
                   {"releases", c.releases},
                   {"kind", cra::to_string(c.kind)},
                   {"case_status", cra::to_string(c.status)},
                   {"awaiting_confirmation", c.status == cra::CaseStatus::kProposed},
                   {"subject", case_subject(c)},
                   {"aware_at", format_rfc3339(c.aware_at)},
                   {"stage", cra::to_string(r.clock.stage)},
                   {"stage_id", r.clock.id},
                   {"due", time_or_null(r.clock.due)},
                   {"state", cra::to_string(r.clock.state)},
                   {"submitted_at", time_or_null(r.clock.submitted_at)},
                   {"reference", cra::stage_record(c, r.clock.stage).reference}});
  }
  j["deadlines"] = std::move(arr);
  return j.dump(2);
}

std::string support_json(const SupportReport& s) {
  auto arr = json::array();
  for (const auto& r : s.rows)
    arr.push_back({{"product", r.product},
                   {"release", r.release.version},
                   {"start", format_rfc3339(r.period.start)},
                   {"end", format_rfc3339(r.period.end)},
                   {"end_month", cra::support_end_month(r.period.end)},
                   {"status", cra::to_string(r.status)},
                   {"shorter_than_five_years", cra::shorter_than_five_years(r.period)},
                   {"rationale", r.period.rationale},
                   {"retain_until", format_rfc3339(r.retain)},
                   {"warnings", r.warnings}});
  return json({{"now", format_rfc3339(s.now)}, {"releases", arr}}).dump(2);
}

std::string checklist_json(const Checklist& c) {
  auto arr = json::array();
  for (const auto& it : c.items) {
    auto cat = cra::find_catalogue_item(it.id);
    auto ev = json::array();
    for (const auto& e : it.evidence)
      ev.push_back({{"kind", e.kind},
                    {"uri", e.uri},
                    {"description", e.description},
                    {"automatic", e.automatic}});
    arr.push_back({{"id", it.id},
                   {"part", cat ? cat->part : ""},
                   {"title", cat ? cat->title : ""},
                   {"applicable", it.applicable},
                   {"justification", it.justification},
                   {"status", cra::to_string(it.status)},
                   {"owner", it.owner},
                   {"evidence", std::move(ev)}});
  }
  auto h = json::array();
  for (const auto& r : c.hooks)
    h.push_back({{"id", r.id},
                 {"status", cra::to_string(r.status)},
                 {"summary", r.summary},
                 {"problems", r.problems}});
  auto rel = json::array();
  for (const auto& r : c.releases)
    rel.push_back({{"release", r.release},
                   {"released_at", r.released_at},
                   {"AI.P1.2a", cra::to_string(r.status)},
                   {"summary", r.summary}});
  return json({{"product", c.product.name},
               {"release", c.release},
               {"risk_assessment", c.assessment},
               {"items", std::move(arr)},
               {"hooks", std::move(h)},
               {"releases", std::move(rel)}})
      .dump(2);
}

}  // namespace bulwark::service
