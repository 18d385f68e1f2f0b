#include "bulwark/service/cra_cases.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/advisory.hpp"
#include "bulwark/service/cra_common.hpp"
#include "bulwark/service/cra_json.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/findings_sync.hpp"
#include "bulwark/service/monitor.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/releases.hpp"
#include "bulwark/service/triage.hpp"
#include "bulwark/service/vex.hpp"

namespace bulwark::service {
namespace {

// The existing case of the product about the same vulnerability group, if any.
Result<std::optional<std::string>> existing_case(portfolio::CraStore& cra, std::int64_t product_id,
                                                 const std::vector<std::string>& ids) {
  auto cases = cra.cases(product_id);
  if (!cases) return std::unexpected(cases.error());
  for (const auto& c : *cases)
    if (c.value.kind == cra::CaseKind::kVulnerability && shares_id(c.value.vulnerability_ids, ids))
      return std::optional<std::string>(c.value.id);
  return std::optional<std::string>{};
}

// Releases of a product that carry an open finding of the group.
Result<std::vector<std::string>> releases_with(portfolio::Store& store, std::int64_t product_id,
                                               const std::vector<std::string>& ids) {
  auto rels = store.releases(product_id);
  if (!rels) return std::unexpected(rels.error());
  std::vector<std::string> out;
  for (const auto& r : *rels) {
    auto f = store.findings(r.id, false);
    if (!f) return std::unexpected(f.error());
    if (std::any_of(f->begin(), f->end(), [&](const auto& x) { return shares_id(ids_of(x), ids); }))
      out.push_back(r.version);
  }
  return out;
}

struct Proposal {
  std::vector<std::string> ids;
  std::vector<std::string> releases;
};

// KEV-listed open findings of the product's released releases, grouped by vulnerability.
Result<std::vector<Proposal>> kev_groups(portfolio::Store& store, const portfolio::Product& p) {
  auto rels = store.releases(p.id);
  if (!rels) return std::unexpected(rels.error());
  std::vector<Proposal> groups;
  for (const auto& r : *rels) {
    if (r.released_at.empty()) continue;
    auto f = store.findings(r.id, false);
    if (!f) return std::unexpected(f.error());
    for (const auto& x : *f) {
      if (!x.kev) continue;
      const auto ids = ids_of(x);
      auto g = std::find_if(groups.begin(), groups.end(),
                            [&](const Proposal& q) { return shares_id(q.ids, ids); });
      if (g == groups.end()) g = groups.insert(groups.end(), Proposal{});
      for (const auto& id : ids)
        if (std::none_of(g->ids.begin(), g->ids.end(),
                         [&](const auto& y) { return equals_icase(y, id); }))
          g->ids.push_back(id);
      if (std::find(g->releases.begin(), g->releases.end(), r.version) == g->releases.end())
        g->releases.push_back(r.version);
    }
  }
  return groups;
}

// Fills the case's subject (vulnerability or incident) and its releases.
Result<void> open_subject(portfolio::Store& store, portfolio::CraStore& cra,
                          const OpenCaseRequest& in, const service::Target& t, cra::Case& c,
                          OpenedCase& out) {
  if (!in.vulnerabilities.empty()) {
    c.kind = cra::CaseKind::kVulnerability;
    c.vulnerability_ids = in.vulnerabilities;
    auto existing = existing_case(cra, t.product.id, c.vulnerability_ids);
    if (!existing) return std::unexpected(existing.error());
    if (*existing)
      return conflict(fmt::format("{} in {}: case {} already exists", join(c.vulnerability_ids),
                                  t.product.name, **existing));
    if (t.release) {
      c.releases = {t.release->version};
    } else {
      auto rels = releases_with(store, t.product.id, c.vulnerability_ids);
      if (!rels) return std::unexpected(rels.error());
      c.releases = *rels;
    }
    return {};
  }
  c.kind = cra::CaseKind::kSevereIncident;
  c.incident_description = in.incident;
  const auto a = cra::assess(in.questionnaire);
  if (a.decision == cra::SevereDecision::kNotSevere)
    return invalid_input(fmt::format(
        "incident: assessed not severe ({}); not reportable under Article 14(3), nothing recorded",
        join(a.reasons, "; ")));
  out.stored.detail = severe_detail_json(in.questionnaire, a);
  out.assessment = a;
  if (t.release) {
    c.releases = {t.release->version};
  } else {
    auto rels = store.releases(t.product.id);
    if (!rels) return std::unexpected(rels.error());
    for (const auto& r : *rels)
      if (!r.released_at.empty()) c.releases.push_back(r.version);
  }
  return {};
}

// What the "open" audit event names: the ids, or "incident: " and the description.
std::string case_subject_for_audit(const cra::Case& c) {
  return c.kind == cra::CaseKind::kVulnerability ? join(c.vulnerability_ids)
                                                 : "incident: " + c.incident_description;
}

using TransitionFn = std::function<Result<cra::Case>(cra::Case, TimePoint now)>;

// Loads a case, applies a transition and stores the result (with its new audit event), in one
// transaction.
Result<portfolio::StoredCase> transition(portfolio::CraStore& cra, const std::string& id,
                                         const Clock& clock, const TransitionFn& fn) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  portfolio::StoredCase out;
  auto r = cra.transaction([&]() -> Result<void> {
    auto sc = load_case(cra, id);
    if (!sc) return std::unexpected(sc.error());
    auto next = fn(sc->value, *now);
    if (!next) return std::unexpected(std::move(next.error()).with_context("case " + id));
    sc->value = std::move(*next);
    sc->updated_at = format_rfc3339(*now);
    if (auto s = cra.save_case(*sc); !s) return s;
    out = std::move(*sc);
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

// The cases of one product, or of every product when empty.
Result<std::vector<portfolio::StoredCase>> cases_of(portfolio::Store& store,
                                                    portfolio::CraStore& cra,
                                                    const std::string& product) {
  std::int64_t pid = 0;
  if (!product.empty()) {
    auto t = service::resolve_target(store, product, false);
    if (!t) return std::unexpected(t.error());
    pid = t->product.id;
  }
  return cra.cases(pid);
}

}  // namespace

Result<std::vector<cra::Case>> propose_cases(portfolio::Store& store, portfolio::CraStore& cra,
                                             const ProposeRequest& request, const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  const std::string now_text = format_rfc3339(*now);
  auto products = products_for(store, request.product);
  if (!products) return std::unexpected(products.error());
  std::vector<cra::Case> proposed;
  auto r = cra.transaction([&]() -> Result<void> {
    for (const auto& p : *products) {
      auto groups = kev_groups(store, p);
      if (!groups) return std::unexpected(groups.error());
      for (const auto& g : *groups) {
        auto existing = existing_case(cra, p.id, g.ids);
        if (!existing) return std::unexpected(existing.error());
        if (*existing) continue;
        auto id = cra.next_case_id(now_text.substr(0, 4));
        if (!id) return std::unexpected(id.error());
        cra::Case c;
        c.id = *id;
        c.product = p.name;
        c.releases = g.releases;
        c.vulnerability_ids = g.ids;
        c.kind = cra::CaseKind::kVulnerability;
        c.aware_at = *now;
        c.exploited_source = "CISA KEV";
        c.audit.push_back({*now, "bulwark", "propose",
                           fmt::format("{} is listed in CISA KEV; found in released {}",
                                       g.ids.front(), join(g.releases))});
        if (auto s = cra.save_case({c, p.id, "{}", now_text}); !s) return s;
        proposed.push_back(std::move(c));
      }
    }
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return proposed;
}

Result<std::optional<bool>> parse_answer(std::string_view text) {
  const std::string l = to_lower(trim(text));
  if (l == "yes" || l == "y" || l == "true") return true;
  if (l == "no" || l == "n" || l == "false") return false;
  if (l.empty() || l == "unknown") return std::optional<bool>{};
  return invalid_input(fmt::format("questionnaire answer '{}': expected yes, no or unknown", text));
}

Result<cra::SevereIncidentQuestionnaire> questionnaire_from_answers(
    const std::array<std::string, 4>& answers) {
  std::array<std::optional<bool>, 4> a;
  for (std::size_t i = 0; i < 4; ++i) {
    auto v = parse_answer(answers[i]);
    if (!v) return std::unexpected(v.error());
    a[i] = *v;
  }
  return cra::SevereIncidentQuestionnaire{a[0], a[1], a[2], a[3]};
}

Result<OpenedCase> open_case(portfolio::Store& store, portfolio::CraStore& cra,
                             const OpenCaseRequest& request, const Clock& clock) {
  if (request.vulnerabilities.empty() == request.incident.empty())
    return invalid_input(
        "a case is about exactly one of: vulnerability ids, or a severe incident description");
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  const std::string now_text = format_rfc3339(*now);
  auto t = service::resolve_target(store, request.target, false);
  if (!t) return std::unexpected(t.error());
  OpenedCase out;
  out.stored.detail = "{}";
  out.stored.product_id = t->product.id;
  out.stored.updated_at = now_text;
  cra::Case& c = out.stored.value;
  c.product = t->product.name;
  c.aware_at = request.aware_at.value_or(*now);
  if (c.aware_at > *now)
    return invalid_input(
        fmt::format("aware_at {} lies after now ({})", format_rfc3339(c.aware_at), now_text));
  c.exploited_source = request.source;
  auto r = cra.transaction([&]() -> Result<void> {
    if (auto s = open_subject(store, cra, request, *t, c, out); !s) return s;
    auto id = cra.next_case_id(now_text.substr(0, 4));
    if (!id) return std::unexpected(id.error());
    c.id = *id;
    c.audit.push_back({*now, request.actor, "open",
                       fmt::format("{} (source: {})", case_subject_for_audit(c), request.source)});
    return cra.save_case(out.stored);
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Result<portfolio::StoredCase> confirm_case(portfolio::CraStore& cra, const std::string& id,
                                           const std::string& actor, const Clock& clock) {
  return transition(cra, id, clock, [&](cra::Case c, TimePoint now) {
    return cra::confirm(std::move(c), actor, now);
  });
}

Result<portfolio::StoredCase> dismiss_case(portfolio::CraStore& cra, const std::string& id,
                                           const std::string& actor, const std::string& reason,
                                           const Clock& clock) {
  return transition(cra, id, clock, [&](cra::Case c, TimePoint now) {
    return cra::dismiss(std::move(c), actor, reason, now);
  });
}

Result<portfolio::StoredCase> fix_case(portfolio::CraStore& cra, const FixRequest& request,
                                       const Clock& clock) {
  return transition(cra, request.id, clock, [&](cra::Case c, TimePoint now) {
    return cra::record_corrective_measure(std::move(c), request.actor, request.at.value_or(now),
                                          request.description, now);
  });
}

Result<portfolio::StoredCase> submit_case(portfolio::CraStore& cra, const SubmitRequest& request,
                                          const Clock& clock) {
  return transition(cra, request.id, clock, [&](cra::Case c, TimePoint now) {
    return cra::submit_stage(std::move(c), request.stage, request.actor, request.at.value_or(now),
                             request.reference, now);
  });
}

Result<portfolio::StoredCase> close_case(portfolio::CraStore& cra, const std::string& id,
                                         const std::string& actor, const Clock& clock) {
  return transition(cra, id, clock, [&](cra::Case c, TimePoint now) {
    return cra::close(std::move(c), actor, now);
  });
}

Result<CaseDetail> show_case(portfolio::CraStore& cra, const std::string& id, const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto sc = load_case(cra, id);
  if (!sc) return std::unexpected(sc.error());
  auto events = cra.events(id);
  if (!events) return std::unexpected(events.error());
  return CaseDetail{std::move(*sc), std::move(*events), *now};
}

Result<CaseList> list_cases(portfolio::Store& store, portfolio::CraStore& cra,
                            const std::string& product, const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto cases = cases_of(store, cra, product);
  if (!cases) return std::unexpected(cases.error());
  return CaseList{std::move(*cases), *now};
}

Result<Deadlines> deadlines(portfolio::Store& store, portfolio::CraStore& cra,
                            const std::string& product, const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto cases = cases_of(store, cra, product);
  if (!cases) return std::unexpected(cases.error());
  Deadlines d;
  d.now = *now;
  d.cases = std::move(*cases);
  for (std::size_t i = 0; i < d.cases.size(); ++i) {
    const auto& c = d.cases[i].value;
    if (c.status != cra::CaseStatus::kConfirmed && c.status != cra::CaseStatus::kProposed) continue;
    for (const auto& k : cra::stage_clocks(c, *now)) d.rows.push_back({i, k});
  }
  std::stable_sort(d.rows.begin(), d.rows.end(), [&](const DeadlineRow& a, const DeadlineRow& b) {
    if (a.clock.due.has_value() != b.clock.due.has_value()) return a.clock.due.has_value();
    if (a.clock.due && *a.clock.due != *b.clock.due) return *a.clock.due < *b.clock.due;
    return d.case_of(a).id < d.case_of(b).id;
  });
  d.overdue =
      static_cast<std::size_t>(std::count_if(d.rows.begin(), d.rows.end(), [](const auto& r) {
        return r.clock.state == cra::StageState::kOverdue;
      }));
  return d;
}

std::string case_subject(const cra::Case& c) {
  return c.kind == cra::CaseKind::kVulnerability ? join(c.vulnerability_ids)
                                                 : c.incident_description;
}

}  // namespace bulwark::service
