// Triage: an analysis of one open finding, recorded with its scope and appended to the audit trail.
#include "bulwark/service/triage.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/purl/purl.hpp"

namespace bulwark::service {

using portfolio::AnalysisRecord;
using portfolio::purl_identity;
using portfolio::StoredFinding;
using portfolio::validate_scope;
using portfolio::version_in_scope;

namespace {

bool has_id(const StoredFinding& f, std::string_view id) {
  return shares_id(portfolio::finding_ids(f), {std::string(id)});
}

// A component argument matches a finding by purl (with or without version), by identity, or by
// name.
bool component_matches(const StoredFinding& f, std::string_view component) {
  if (component.empty()) return true;
  if (component.starts_with("pkg:")) {
    const std::string id = purl_identity(component);
    if (id.empty() || id != f.identity) return false;
    auto p = purl::parse(component, purl::Mode::kPermissive);
    if (p && !p->version.empty()) {
      auto q = purl::parse(f.purl, purl::Mode::kPermissive);
      return q && q->version == p->version;
    }
    return true;
  }
  const auto at = f.component_label.rfind('@');
  const std::string name = to_lower(f.component_label.substr(0, at));
  return name == to_lower(component) || f.component_label == component || f.identity == component;
}

Result<void> validate_analysis(const Analysis& a) {
  if (a.state == AnalysisState::kNotAffected && a.justification == Justification::kNone &&
      a.detail.empty())
    return invalid_input(
        "analysis: not_affected needs a justification or an impact statement (detail)");
  if (a.state != AnalysisState::kNotAffected && a.justification != Justification::kNone)
    return invalid_input(fmt::format(
        "analysis: a justification only goes with not_affected, not with {}", to_string(a.state)));
  static const std::set<std::string> kResponses{"can_not_fix", "will_not_fix", "update", "rollback",
                                                "workaround_available"};
  for (const auto& r : a.responses)
    if (!kResponses.count(r))
      return invalid_input(
          fmt::format("analysis: unknown response '{}' (can_not_fix, will_not_fix, update, "
                      "rollback, workaround_available)",
                      r));
  return {};
}

}  // namespace

// Records the analysis of finding f (its scope checked against f's version).
static Result<TriageResult> record_for(portfolio::Store& store, const Target& target,
                                       const TriageRequest& req, const StoredFinding& f);

Result<TriageResult> triage(portfolio::Store& store, const Target& target,
                            const TriageRequest& req) {
  if (!target.release) return invalid_input("triage needs a release: PRODUCT@VERSION");
  if (auto v = validate_analysis(req.analysis); !v) return std::unexpected(v.error());
  if (req.finding) {
    if (req.finding->release_id != target.release->id || !req.finding->resolved_at.empty())
      return invalid_input(fmt::format("finding {} is not open in {}@{}", req.finding->id,
                                       target.product.name, target.release->version));
    return record_for(store, target, req, *req.finding);
  }
  auto findings = store.findings(target.release->id, false);
  if (!findings) return std::unexpected(findings.error());
  std::vector<const StoredFinding*> hits;
  for (const auto& f : *findings)
    if (has_id(f, req.vulnerability) && component_matches(f, req.component)) hits.push_back(&f);
  const std::string where = fmt::format("{}@{}", target.product.name, target.release->version);
  if (hits.empty())
    return not_found(fmt::format(
        "no open finding {}{} in {} ({} open findings; `bulwark findings {}` lists them)",
        req.vulnerability, req.component.empty() ? "" : " on " + req.component, where,
        findings->size(), where));
  if (hits.size() > 1) {
    std::string list;
    for (const auto* h : hits) list += "\n  " + (h->purl.empty() ? h->component_label : h->purl);
    return invalid_input(fmt::format("{} is in {} components of {}: name the component:{}",
                                     req.vulnerability, hits.size(), where, list));
  }
  return record_for(store, target, req, *hits.front());
}

static Result<TriageResult> record_for(portfolio::Store& store, const Target& target,
                                       const TriageRequest& req, const StoredFinding& f) {
  AnalysisRecord rec;
  rec.product_id = target.product.id;
  rec.identity = f.identity;
  rec.vulnerability_ids = portfolio::finding_ids(f);
  if (req.scope == "all" || req.scope.empty()) {
    rec.versions.clear();
  } else if (req.scope == "release") {
    rec.versions = "=" + portfolio::finding_component(f).version;
  } else {
    if (auto v = validate_scope(req.scope); !v) return std::unexpected(v.error());
    rec.versions = req.scope;
    auto in = version_in_scope(rec.versions, portfolio::finding_component(f));
    if (!in) return std::unexpected(in.error());
    if (!*in)
      return invalid_input(fmt::format("scope '{}' does not include the finding's version {}",
                                       req.scope, portfolio::finding_component(f).version));
  }
  rec.analysis = req.analysis;
  rec.origin = target.release->version;
  rec.source = "triage";
  auto saved = store.record_analysis(rec);
  if (!saved) return std::unexpected(saved.error());
  return TriageResult{*saved, f};
}

Result<TriageResult> triage(portfolio::Store& store, std::string_view target, TriageRequest request,
                            const Clock& clock) {
  if (request.analysis.timestamp.empty()) {
    auto now = clock.now_rfc3339();
    if (!now) return std::unexpected(now.error());
    request.analysis.timestamp = *now;
  }
  auto t = resolve_target(store, target, true);
  if (!t) return std::unexpected(t.error());
  return triage(store, *t, request);
}

Result<std::vector<portfolio::HistoryEntry>> triage_history(portfolio::Store& store,
                                                            std::string_view product) {
  auto t = resolve_target(store, product, false);
  if (!t) return std::unexpected(t.error());
  return store.history(t->product.id);
}

std::string triage_history_json(const std::vector<portfolio::HistoryEntry>& history) {
  using json = nlohmann::ordered_json;
  auto arr = json::array();
  for (const auto& e : history)
    arr.push_back({{"analysis", e.analysis_id},
                   {"recorded_at", e.recorded_at},
                   {"component", e.identity},
                   {"vulnerabilities", e.vulnerability_ids},
                   {"versions", e.versions},
                   {"state", to_string(e.analysis.state)},
                   {"justification", to_string(e.analysis.justification)},
                   {"responses", e.analysis.responses},
                   {"detail", e.analysis.detail},
                   {"author", e.analysis.author},
                   {"origin", e.origin},
                   {"source", e.source}});
  return arr.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace bulwark::service
