#include "bulwark/service/cra_product.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/advisory.hpp"
#include "bulwark/service/cra_common.hpp"
#include "bulwark/service/exposure.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/findings_sync.hpp"
#include "bulwark/service/monitor.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/releases.hpp"
#include "bulwark/service/triage.hpp"
#include "bulwark/service/vex.hpp"

namespace bulwark::service {
namespace {

constexpr std::array<std::string_view, 27> kMemberStates = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};

Result<std::vector<SupportRow>> support_rows(portfolio::Store& store, const portfolio::Product& p,
                                             TimePoint now) {
  auto rels = store.releases(p.id);
  if (!rels) return std::unexpected(rels.error());
  std::vector<SupportRow> rows;
  for (const auto& r : *rels) {
    auto period = support_period(p, r);
    if (!period) return std::unexpected(period.error());
    if (!*period) continue;
    SupportRow row{p.name,
                   r,
                   **period,
                   cra::support_status(**period, now),
                   cra::retain_until((*period)->start, (*period)->end),
                   {}};
    if (auto v = cra::validate(row.period); !v) row.warnings.push_back(v.error().message);
    if (row.status == cra::SupportStatus::kEndingSoon)
      row.warnings.push_back(fmt::format(
          "support ends {} (within 180 days): publish the end-of-support notice (A13.19)",
          format_rfc3339(row.period.end).substr(0, 10)));
    if (row.status == cra::SupportStatus::kEnded)
      row.warnings.push_back("out of support: no further security updates (A13.19.notify)");
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<void> apply_classify(const ClassifyRequest& in, portfolio::CraProduct& cp) {
  if (in.item) {
    if (to_lower(*in.item) == "default")
      cp.category_item.clear();
    else if (!cra::find_category_item(*in.item))
      return invalid_input(fmt::format(
          "category item '{}': not an Annex III/IV item (bulwark cra classify --list)", *in.item));
    else
      cp.category_item = *in.item;
  }
  if (in.harmonised) cp.harmonised_standard_applied = *in.harmonised;
  if (!in.member_states.empty()) {
    std::set<std::string> ms;
    for (const auto& m : in.member_states) {
      const std::string u = to_upper(m) == "GR" ? "EL" : to_upper(m);
      if (std::find(kMemberStates.begin(), kMemberStates.end(), u) == kMemberStates.end())
        return invalid_input(fmt::format(
            "member state '{}': not an EU Member State code (AT, BE, ..., EL for Greece)", m));
      ms.insert(u);
    }
    cp.member_states.assign(ms.begin(), ms.end());
  }
  if (!in.cvd_policy_url.empty()) {
    if (!in.cvd_policy_url.starts_with("https://"))
      return invalid_input(
          fmt::format("cvd policy '{}': must be an https:// URL", in.cvd_policy_url));
    cp.cvd_policy_url = in.cvd_policy_url;
  }
  if (!in.manufacturer_address.empty()) cp.manufacturer_address = in.manufacturer_address;
  return {};
}

// The analysis recorded for a finding on or before a date (latest first wins), if any.
std::optional<AnalysisState> state_at(const std::vector<portfolio::AnalysisRecord>& analyses,
                                      const portfolio::StoredFinding& f, const std::string& date) {
  const portfolio::AnalysisRecord* best = nullptr;
  for (const auto& a : analyses) {
    if (a.identity != f.identity || !shares_id(a.vulnerability_ids, ids_of(f))) continue;
    if (a.analysis.timestamp.substr(0, 10) > date.substr(0, 10)) continue;
    if (!best || a.analysis.timestamp > best->analysis.timestamp) best = &a;
  }
  return best ? std::optional(best->analysis.state) : std::nullopt;
}

// Vulnerabilities a user marked exploited (a live case with a source other than CISA KEV).
Result<std::vector<std::vector<std::string>>> user_exploited(portfolio::CraStore& cra,
                                                             std::int64_t product_id) {
  auto cases = cra.cases(product_id);
  if (!cases) return std::unexpected(cases.error());
  std::vector<std::vector<std::string>> out;
  for (const auto& c : *cases)
    if (c.value.kind == cra::CaseKind::kVulnerability &&
        c.value.status != cra::CaseStatus::kDismissed && c.value.exploited_source != "CISA KEV")
      out.push_back(c.value.vulnerability_ids);
  return out;
}

// Fix-by deadlines: due = first seen + the policy's fix-by window; fixed = triaged fixed.
Result<void> fix_facts(portfolio::Store& store, vulndb::Store& vulns, const portfolio::Product& p,
                       const portfolio::Release& r, const std::string& today,
                       std::vector<cra::FixDeadlineFact>& out, portfolio::RiskStore* risk) {
  service::ViewOptions vo;
  vo.risk = risk;
  vo.show_suppressed = true;
  vo.today = today;
  auto view = service::release_view(store, vulns, p, r, vo);
  if (!view) return std::unexpected(view.error());
  auto today_t = parse_time_or_date(today);
  for (std::size_t i = 0; i < view->result.findings.size(); ++i) {
    const auto& f = view->result.findings[i];
    const auto& st = view->statuses[i];
    if (f->fix_by.empty() || st.first_seen.empty()) continue;
    if (st.analysis && (st.analysis->state == AnalysisState::kNotAffected ||
                        st.analysis->state == AnalysisState::kFalsePositive))
      continue;
    auto fix_by = parse_time_or_date(f->fix_by);
    auto seen = parse_time_or_date(st.first_seen);
    if (!fix_by || !seen || !today_t) continue;
    cra::FixDeadlineFact fact{f->id, r.version, *seen + (*fix_by - *today_t), std::nullopt};
    if (st.analysis && st.analysis->state == AnalysisState::kFixed) {
      auto at = parse_time_or_date(st.analysis->timestamp);
      if (at) fact.fixed_at = *at;
    }
    out.push_back(std::move(fact));
  }
  return {};
}

// The hooks over the product's releases, or only over `only` when it names one (a release's
// documents judge that release alone); per_release gets AI.P1.2a judged for each release alone.
Result<std::vector<cra::HookResult>> checklist_hooks(portfolio::Store& store,
                                                     portfolio::CraStore& cra, vulndb::Store& vulns,
                                                     const portfolio::Product& p,
                                                     const portfolio::CraProduct& cp, TimePoint now,
                                                     const std::string& only,
                                                     std::vector<ReleaseJudgement>& per_release,
                                                     portfolio::RiskStore* risk) {
  auto rels = store.releases(p.id);
  if (!rels) return std::unexpected(rels.error());
  auto analyses = store.analyses(p.id);
  if (!analyses) return std::unexpected(analyses.error());
  auto exploited = user_exploited(cra, p.id);
  if (!exploited) return std::unexpected(exploited.error());
  const std::string today = format_rfc3339(now).substr(0, 10);
  std::vector<cra::ReleaseSbomFact> sboms;
  std::vector<cra::ReleaseFindingFact> kev;
  std::vector<cra::FixDeadlineFact> fixes;
  for (const auto& r : *rels) {
    if (!only.empty() && r.version != only) continue;
    sboms.push_back({r.version, !r.sbom_sha256.empty(), r.sbom_name});
    if (r.released_at.empty()) {
      per_release.push_back({r.version, r.released_at, cra::ItemStatus::kOpen, "not released"});
      continue;
    }
    auto f = store.findings(r.id, false);
    if (!f) return std::unexpected(f.error());
    std::vector<cra::ReleaseFindingFact> mine;
    for (const auto& x : *f) {
      const bool user = std::any_of(exploited->begin(), exploited->end(),
                                    [&](const auto& ids) { return shares_id(ids, ids_of(x)); });
      if (x.kev || user)
        mine.push_back(
            {r.version, x.vuln_id, x.purl, x.kev, user, state_at(*analyses, x, r.released_at)});
    }
    auto judged = cra::check_no_known_exploitable(mine);
    per_release.push_back({r.version, r.released_at, judged.status, judged.summary});
    kev.insert(kev.end(), mine.begin(), mine.end());
    if (auto s = fix_facts(store, vulns, p, r, today, fixes, risk); !s)
      return std::unexpected(s.error());
  }
  cra::CvdFacts cvd;
  cvd.cvd_policy_published = !cp.cvd_policy_url.empty();
  cvd.cvd_policy_url = cp.cvd_policy_url;
  cvd.security_txt_present = !p.security_contact.empty();
  std::string base = p.website;
  while (base.ends_with("/")) base.pop_back();
  if (!base.empty()) cvd.security_txt_url = base + "/.well-known/security.txt";
  cvd.contact = p.security_contact;
  return std::vector<cra::HookResult>{
      cra::check_sbom_per_release(sboms), cra::check_no_known_exploitable(kev),
      cra::check_cvd_policy(cvd), cra::check_vulnerability_contact(cvd),
      cra::check_fix_deadlines(fixes, now)};
}

}  // namespace

Result<SupportReport> support_report(portfolio::Store& store, const std::string& product,
                                     const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto products = products_for(store, product);
  if (!products) return std::unexpected(products.error());
  SupportReport out;
  out.now = *now;
  for (const auto& p : *products) {
    auto rows = support_rows(store, p, *now);
    if (!rows) return std::unexpected(rows.error());
    for (auto& r : *rows) {
      out.warnings += r.warnings.size();
      out.rows.push_back(std::move(r));
    }
  }
  return out;
}

Result<std::string> end_of_support_notice(portfolio::Store& store, const std::string& target,
                                          const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto t = service::resolve_target(store, target, true);
  if (!t) return std::unexpected(t.error());
  auto period = support_period(t->product, *t->release);
  if (!period) return std::unexpected(period.error());
  if (!*period)
    return conflict(
        fmt::format("{}: the release has no release date (no support period yet)", target));
  auto rows = support_rows(store, t->product, *now);
  if (!rows) return std::unexpected(rows.error());
  cra::EndOfSupportNoticeFacts facts;
  facts.manufacturer = t->product.vendor.empty() ? t->product.name : t->product.vendor;
  facts.contact = t->product.security_contact;
  facts.upgrade_url = t->product.website;
  for (const auto& r : *rows)
    if (r.period.start > (*period)->start && r.status != cra::SupportStatus::kEnded)
      facts.successor_release = r.release.version;
  return cra::end_of_support_notice(**period, facts);
}

Result<Classification> classify(portfolio::Store& store, portfolio::CraStore& cra,
                                const ClassifyRequest& request, const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto t = service::resolve_target(store, request.product, false);
  if (!t) return std::unexpected(t.error());
  auto cp = cra_product(cra, t->product.id);
  if (!cp) return std::unexpected(cp.error());
  if (auto a = apply_classify(request, *cp); !a) return std::unexpected(a.error());
  cp->updated_at = format_rfc3339(*now);
  if (auto s = cra.save_product(*cp); !s) return std::unexpected(s.error());
  Classification out;
  out.product = t->product;
  out.facts = *cp;
  out.category = category_of(t->product, *cp);
  out.item = cra::find_category_item(cp->category_item);
  out.routes = cra::conformity_routes(out.category, cp->harmonised_standard_applied);
  out.class_differs = out.item && category_of(t->product, portfolio::CraProduct{}) != out.category;
  return out;
}

Result<Checklist> checklist(portfolio::Store& store, portfolio::CraStore& cra, vulndb::Store& vulns,
                            const std::string& product, const Clock& clock,
                            portfolio::RiskStore* risk, portfolio::ExposureStore* exposure) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto t = service::resolve_target(store, product, false);
  if (!t) return std::unexpected(t.error());
  auto stored = cra.checklist(t->product.id);
  if (!stored) return std::unexpected(stored.error());
  auto cp = cra_product(cra, t->product.id);
  if (!cp) return std::unexpected(cp.error());
  Checklist out;
  out.product = t->product;
  if (t->release) out.release = t->release->version;
  out.items = portfolio::merged_checklist(*stored);
  if (risk) {
    auto approved = approved_assessment(store, *risk, t->product, out.release);
    if (!approved) return std::unexpected(approved.error());
    if (*approved) {
      apply_assessment(out.items, **approved);
      out.assessment = (*approved)->label();
    }
  }
  if (auto v = cra::validate(out.items); !v) return std::unexpected(v.error());
  auto hooks =
      checklist_hooks(store, cra, vulns, t->product, *cp, *now, out.release, out.releases, risk);
  if (!hooks) return std::unexpected(hooks.error());
  if (exposure) {
    auto x = exposure_hooks(store, *exposure, t->product, out.release);
    if (!x) return std::unexpected(x.error());
    hooks->insert(hooks->end(), x->begin(), x->end());
  }
  for (const auto& h : *hooks) cra::apply_hook(out.items, h);
  out.hooks = std::move(*hooks);
  return out;
}

void apply_assessment(std::vector<cra::ChecklistItem>& items, const ApprovedAssessment& a) {
  for (const auto& d : a.applicability) {
    auto it = std::find_if(items.begin(), items.end(),
                           [&](const cra::ChecklistItem& x) { return x.id == d.requirement; });
    if (it == items.end()) continue;
    it->applicable = d.applicable;
    it->justification =
        fmt::format("{} (risk assessment revision {})", d.justification, a.revision.number);
    for (const auto& e : d.evidence) it->evidence.push_back({e.kind, e.uri, e.description, false});
  }
}

Result<cra::EvidenceLink> parse_evidence_link(std::string_view text) {
  const std::string s(text);
  const auto first = s.find(':');
  const auto last = s.rfind(':');
  if (first == std::string::npos || first == last || first == 0)
    return invalid_input(fmt::format("evidence link '{}': expected KIND:URI:DESCRIPTION", s));
  return cra::EvidenceLink{s.substr(0, first), s.substr(first + 1, last - first - 1),
                           s.substr(last + 1), false};
}

Result<ChecklistItemSaved> set_checklist_item(portfolio::Store& store, portfolio::CraStore& cra,
                                              const ChecklistUpdate& update, const Clock& clock) {
  if (!cra::find_catalogue_item(update.item))
    return not_found(
        fmt::format("checklist item '{}': not an Annex I item (AI.P1.1, AI.P1.2a..m, AI.P2.1..8)",
                    update.item));
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto t = service::resolve_target(store, update.product, false);
  if (!t) return std::unexpected(t.error());
  ChecklistItemSaved out;
  out.product = t->product;
  auto r = cra.transaction([&]() -> Result<void> {
    auto stored = cra.checklist(t->product.id);
    if (!stored) return std::unexpected(stored.error());
    auto items = portfolio::merged_checklist(*stored);
    auto it = std::find_if(items.begin(), items.end(),
                           [&](const auto& x) { return x.id == update.item; });
    if (update.status) {
      auto s = cra::item_status_from_string(*update.status);
      if (!s)
        return invalid_input(
            fmt::format("{}: status '{}': expected open, in_progress, met or not_met", update.item,
                        *update.status));
      it->status = *s;
    }
    if (!update.owner.empty()) it->owner = update.owner;
    if (update.applicable) it->applicable = *update.applicable;
    if (!update.justification.empty()) it->justification = update.justification;
    it->evidence.insert(it->evidence.end(), update.evidence.begin(), update.evidence.end());
    if (auto s = cra.save_checklist(t->product.id, items, format_rfc3339(*now)); !s) return s;
    out.item = *it;
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

}  // namespace bulwark::service
